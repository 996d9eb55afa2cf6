/*
 * isolate.h - runs each scenario in a forked child so that a crash, an exit or a hang inside
 * the target becomes a typed result (CRASH, TIMEOUT) and the run always completes. The child
 * notes each step it starts and its result in memory shared with the worker only.
 *
 * The children are not forked from esecheck's main process, whose memory grows with the suite
 * (entries, results), but from a worker forked once by isolate_start, before the suite is
 * loaded: the target is loaded and initialised, nothing else. The main process sends the
 * worker jobs over a socket (an index and a string, the scenario's path); the worker forks a
 * child per job, watches it (pidfd, timeout), and sends back the outcome.
 */
#ifndef ESC_ISOLATE_H
#define ESC_ISOLATE_H

#include <stddef.h>
#include "results.h"

/* One job's outcome: a temporary (the stack of whoever runs or reaps the job), never an
 * array; the run keeps what it needs in its esc_result. */
typedef struct {
    esc_status status;           /* PASS, FAIL, ERROR from the child; CRASH, TIMEOUT */
    char pointer[256];           /* the step it ended at */
    char message[4096];          /* what happened */
    char observed[4096];         /* steplog_json of the replay (codes returned, diverging
                                    step), or "" (a crash, a timeout, an ERROR) */
    double seconds;              /* wall time */
} esc_outcome;

/* A job: runs job `index` on arg (the scenario's path) and fills *out (cleared); in_child is 1
 * in a forked child, where isolate_progress reports each step, 0 when running in-process. */
typedef void (*isolate_job)(void *ctx, size_t index, const char *arg, int in_child,
                            esc_outcome *out);

/* Returns the string job `index` runs on (the scenario's path). */
typedef const char *(*isolate_arg)(void *ctx, size_t index);

/* Called in the main process as each job finishes, in the order they finish. Returns 1 to
 * start no further job (the running ones finish), else 0. */
typedef int (*isolate_done)(void *ctx, size_t index, const esc_outcome *out);

typedef struct esc_isolate esc_isolate;

/* Forks the worker that will run job (with its ctx, as it is now) in up to `jobs` children at
 * once, each killed after timeout seconds. Returns it, or NULL with a message in err. */
esc_isolate *isolate_start(int jobs, double timeout, isolate_job job, void *ctx, char *err,
                           size_t errsize);

/* Runs every index with todo[index] != 0, in index order, through the worker; done gets each
 * outcome. A job that never started (done asked to stop) gets no call. ahead: jobs sent to the
 * worker beyond those it runs, so that it starts the next one as a child ends instead of
 * waiting for this process to wake (a job sent is run: 0 when done may ask to stop). Returns
 * nothing. */
void isolate_run(esc_isolate *iso, size_t n, const int *todo, isolate_arg arg, isolate_done done,
                 void *ctx, int ahead);

/* Ends the worker and waits for it; returns nothing. */
void isolate_stop(esc_isolate *iso);

/* Runs the same jobs in this process, one after the other (ctx is job's, arg's and done's);
 * returns nothing. */
void isolate_run_inline(size_t n, const int *todo, isolate_job job, isolate_arg arg,
                        isolate_done done, void *ctx);

/* A replay progress callback (in a child; ctx unused): notes the step it starts where the
 * worker finds it if the child dies. */
void isolate_progress(void *ctx, const char *pointer, const char *call);

/* The monotonic clock in seconds. */
double isolate_now(void);

#endif /* ESC_ISOLATE_H */
