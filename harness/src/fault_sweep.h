/*
 * fault_sweep.h - esecheck --fault-sweep: each scenario run again for every allocation it
 * makes, that allocation failing (ref's hooks esehook_fail_allocation and
 * esehook_live_allocations), in the manner of SQLite's malloc fault loops.
 *
 * For nth = 1, 2, ...: the scenario runs with its nth allocation (counted from its first
 * step, after the target profile's setup) made to fail. The first call whose code differs from
 * the run without a failure is the call that met it (the allocation point: nth, step,
 * function). Its code must be what the catalogue's allocation-failure clause of that
 * function (FUNCTION.OutOfMemory) gives in the profile (in portable, where the two profiles
 * differ, either one), or JET_errOutOfMemory for a function without such a clause. The call is
 * then made once more without a failure and must give the scenario's expected outcome, the
 * rest of the scenario must run as scripted, and at its end the target's live allocations must
 * be what the run without a failure ends with: the failed call left nothing behind. The sweep
 * ends at the first nth whose run meets no failure (every code as without one) or at the limit.
 *
 * A target that absorbs a failed allocation and answers as without it ends the sweep there:
 * the hooks cannot tell a failure that was met from one that was never reached.
 */
#ifndef ESC_FAULT_SWEEP_H
#define ESC_FAULT_SWEEP_H

#include <stdio.h>
#include <jansson.h>
#include "replay.h"
#include "results.h"

#define ESC_FAULT_LIMIT_DEFAULT 200  /* allocation points swept per scenario by default */

/* 1 when the target has the two hooks a sweep needs. */
int fault_sweep_supported(const esc_target *target);

/* Sweeps one validated scenario (replay_preflight said it can run). Returns PASS with the
 * allocation points in msg (one line per run of points with the same step, function and code:
 * "#3-4 /steps/2 JetBeginSession: JET_errOutOfMemory (-1011) [clause JetBeginSession.OutOfMemory]"),
 * SKIP for a scenario that injects allocation failures itself, or FAIL/ERROR with the step's
 * pointer and what went wrong. At most limit allocation points are swept. */
esc_status fault_sweep_run(const esc_replay *r, const esc_scenario *sc, unsigned limit,
                           char *pointer, size_t psize, char *msg, size_t msize);

/* The allocation points of a PASS result's message, as JSON: [{"first": 3, "last": 4,
 * "step": "/steps/2", "function": "JetBeginSession", "code": "JET_errOutOfMemory",
 * "number": -1011, "clause": "JetBeginSession.OutOfMemory" or null}, ...] (a new reference;
 * an empty array for any other message). */
json_t *fault_sweep_points_json(const char *message);

/* Prints the run's allocation points, counted by function ("fault sweep: 5120 allocation
 * points in 806 scenarios: JetBeginSession 2210, ..."); returns nothing. */
void fault_sweep_summary(FILE *out, const esc_result *results, size_t n);

#endif /* ESC_FAULT_SWEEP_H */
