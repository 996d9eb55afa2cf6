/*
 * threads.h - named threads for "thread" steps: each name gets a thread the first time it is
 * used; a step still runs alone, in file order, on its thread, and the caller waits for it.
 * A parallel block hands each thread a whole list (threads_start) and waits for all.
 */
#ifndef ESC_THREADS_H
#define ESC_THREADS_H

#include "target.h"

typedef struct esc_threads esc_threads;

/* A fresh, empty set of threads; returns it (never NULL: exits when memory runs out). */
esc_threads *threads_new(void);

/* Runs the call on the thread called name (created on first use) and waits for its code.
 * Returns 1 with *rc, or 0 when the thread cannot be created. */
int threads_call(esc_threads *set, const char *name, const esc_target *target,
                 const esc_call *call, const uint64_t *slots, JET_ERR *rc);

/* Hands fn(arg) to the thread called name (created on first use) and returns at once: a
 * parallel block's list runs so. Returns 1, or 0 when the thread cannot be created. */
int threads_start(esc_threads *set, const char *name, void (*fn)(void *arg), void *arg);

/* Waits until every thread of the set has finished its job; returns nothing. */
void threads_wait(esc_threads *set);

/* Ends and joins every thread, frees the set; returns nothing. */
void threads_free(esc_threads *set);

#endif /* ESC_THREADS_H */
