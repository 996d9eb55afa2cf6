/*
 * isolate.h - runs each scenario in a forked child so that a crash, an exit or a hang inside
 * the target becomes a typed result (CRASH, TIMEOUT) and the run always completes. The child
 * reports each step it starts and its result over a pipe.
 */
#ifndef ESC_ISOLATE_H
#define ESC_ISOLATE_H

#include <stddef.h>
#include "results.h"

typedef struct {
    esc_status status;           /* PASS, FAIL, ERROR from the child; CRASH, TIMEOUT */
    char pointer[256];           /* the step it ended at */
    char message[4096];          /* what happened */
    double seconds;              /* wall time */
    int ran;                     /* 1 once the job finished (0: never started) */
} esc_outcome;

/* A job: runs scenario `index` and fills *out; progress_fd receives step reports through
 * isolate_progress (-1 when running in-process). */
typedef void (*isolate_job)(void *ctx, size_t index, int progress_fd, esc_outcome *out);

/* Called in the parent as each job finishes (for a progress line); may be NULL. Returns 1 to
 * start no further job (the running ones finish), else 0. */
typedef int (*isolate_done)(void *ctx, size_t index, const esc_outcome *out);

/* Runs job for every index with todo[index] != 0, up to `jobs` children at once, each killed
 * after timeout seconds; outcomes[index] receives each result. Returns nothing. */
void isolate_run(size_t n, const int *todo, int jobs, double timeout, isolate_job job,
                 isolate_done done, void *ctx, esc_outcome *outcomes);

/* Runs the same jobs in this process, one after the other; returns nothing. */
void isolate_run_inline(size_t n, const int *todo, isolate_job job, isolate_done done, void *ctx,
                        esc_outcome *outcomes);

/* A replay progress callback: ctx points to the int fd; writes one step report. */
void isolate_progress(void *ctx, const char *pointer, const char *call);

/* The monotonic clock in seconds. */
double isolate_now(void);

#endif /* ESC_ISOLATE_H */
