/*
 * history.h - what the calls of a parallel block did, as a history: for each call, its thread,
 * the step, the repeat iterations in force, the arguments passed, its invoke and return times
 * (CLOCK_MONOTONIC), its code and what its outputs held. Invariants (invariant.h) count it;
 * the linearizability check (linearize.h) explains it with a sequential model.
 */
#ifndef ESC_HISTORY_H
#define ESC_HISTORY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "plan.h"

typedef struct {
    int list;                    /* the block's list (thread) that made the call */
    const plan_step *step;       /* the call step */
    long long iters[ESC_MAX_DEPTH]; /* the iterations of the repeats enclosing it in its list */
    size_t depth;                /* how many */
    uint64_t invoke_ns;          /* CLOCK_MONOTONIC just before the call */
    uint64_t return_ns;          /* and just after it returned */
    int32_t rc;                  /* its code */
    uint64_t in[ESPEC_MAX_ARGS]; /* each argument as passed (an output: its cell's start value) */
    uint64_t out[ESPEC_MAX_ARGS]; /* each 64- or 32-bit output cell after the call; else in[i] */
} hist_op;

typedef struct {
    pthread_mutex_t lock;        /* appends come from every thread of the block */
    hist_op *ops;                /* in order of return (under the lock) */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
    uint64_t start_ns;           /* when the block started: times print relative to it */
} esc_history;

/* Starts an empty history; returns nothing. */
void history_init(esc_history *h);

/* Appends a copy of op (thread-safe); returns nothing. */
void history_add(esc_history *h, const hist_op *op);

/* Frees the history; returns nothing. */
void history_free(esc_history *h);

/* The monotonic clock in nanoseconds. */
uint64_t history_now_ns(void);

/* Writes one operation as a line of the history format (harness/README.md):
 * "t1 JetBeginSession(instance=0x..., psesid=&->0x...) [1200, 1950] -> JET_errSuccess (0)";
 * names is the block's thread names by list; returns out. */
char *history_format(const esc_history *h, const hist_op *op, const char *const *names, char *out,
                     size_t size);

#endif /* ESC_HISTORY_H */
