/*
 * replay.h - runs a validated scenario against a target: resets it (hooks), runs the target
 * profile's setup, then each step (repeats expanded), comparing each code with the step's
 * expectation under the profile and running its checks. The first divergence ends it.
 */
#ifndef ESC_REPLAY_H
#define ESC_REPLAY_H

#include <esespec/catalogue.h>
#include "plan.h"
#include "results.h"
#include "scenario.h"
#include "steplog.h"
#include "suite.h"
#include "target.h"

typedef struct {
    const esc_target *target;    /* what is called */
    const espec_catalogue *catalogue; /* the clauses scenarios cite */
    espec_profile profile;       /* whose word the expectations follow */
    const char *tmpdir;          /* what $TMPDIR expands to, or NULL */
    const unsigned char *unimplemented; /* [i]: calls_at(i) is declared unimplemented; NULL: none */
    const esc_step *setup;       /* the target profile's setup steps */
    size_t nsetup;               /* how many */
    /* Told before each step starts (the fork child reports it to the parent); may be NULL. */
    void (*progress)(void *ctx, const char *pointer, const char *call);
    void *progress_ctx;          /* passed to progress */
    int repeat;                  /* runs of each scenario (0 or 1: once) */
    int linearizable;            /* 1: check each parallel block's history against model */
    const esc_target *model;     /* with linearizable: the sequential model (a copy of ref) */
    esc_steplog *log;            /* the codes returned and the divergence; may be NULL */
} esc_replay;

/* What a scenario needs that the run cannot give, checked in this order (only a scenario that
 * would otherwise run can diverge): SKIP (a cited clause does not apply in the profile),
 * UNSUPPORTED (it needs ref's hooks and the target lacks them), MISSING (it calls ESE functions
 * the target lacks, every one named in msg; *unimplemented = 1 when the user declared each of
 * them unimplemented, which makes the result UNSUPPORTED: status_against_expectation), or PASS
 * when it can run. The reason goes to msg. */
esc_status replay_preflight(const esc_replay *r, const esc_scenario *sc, int *unimplemented,
                            char *msg, size_t size);

/* The same from a suite entry's summary (replay_preflight summarizes its scenario and asks
 * this: the decision exists once). */
esc_status replay_preflight_entry(const esc_replay *r, const esc_entry *e, int *unimplemented,
                                  char *msg, size_t size);

/* Compiles the target profile's setup (r->setup) and the scenario's steps into plans for
 * r->profile, as replay_run and fault_sweep_run run them. Returns 1 (the caller frees both
 * with plan_free), or 0 with both freed and "cannot compile: ..." in msg. */
int replay_compile(const esc_replay *r, const esc_scenario *sc, esc_plan *setup, esc_plan *plan,
                   char *msg, size_t msize);

/* Runs the scenario. Returns PASS, FAIL (first divergence) or ERROR (a variable unbound at
 * run time), with the step's pointer and a message. */
esc_status replay_run(const esc_replay *r, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize);

/* Formats a code set as "JET_errX (-1)" or "one of A (0), B (-1)" into out; returns out. */
char *replay_codes(const espec_codeset *set, char *out, size_t size);

#endif /* ESC_REPLAY_H */
