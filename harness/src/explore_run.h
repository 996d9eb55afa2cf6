/*
 * explore_run.h - runs a flat plan on two libraries, the target and the reference, each in a
 * forked child of its own (or in this process for libraries with ref's reset hook), recording
 * each side's trace, and compares the two traces step by step.
 */
#ifndef ESC_EXPLORE_RUN_H
#define ESC_EXPLORE_RUN_H

#include "exec.h"
#include "plan.h"

/* How one side's run ended. */
typedef struct {
    esc_status status;           /* PASS (ran to the end), CRASH, TIMEOUT */
    char message[256];           /* the signal or exit status, for CRASH and TIMEOUT */
    esc_trace *trace;            /* what each step returned and wrote (shared with the child) */
} explore_side;

typedef struct {
    const esc_target *target;    /* under test */
    const esc_target *reference; /* whose word the expectations take */
    espec_profile profile;       /* told to a side with hooks */
    double timeout;              /* per run, seconds */
    int in_process;              /* 1: no fork (both sides need ref's reset hook) */
    size_t max_steps;            /* the traces' capacity */
    const esc_plan *setup[2];    /* [side]: steps run first in check mode (a target profile's
                                    setup; differential mode), or NULL */
    explore_side sides[2];       /* [0] target, [1] reference: storage shared with the children */
} explore_runner;

/* Prepares the runner's trace storage (shared memory when forking). Returns 1, or 0 with a
 * message. */
int explore_runner_init(explore_runner *r, char *err, size_t errsize);

#define EXPLORE_MAX_JOBS 64      /* pairs run at once at most (-j) */

/* Runs plan on both sides at once; fills r->sides. Returns nothing. */
void explore_run_pair(explore_runner *r, const esc_plan *plan);

/* Runs plans[j] on runners[j] for j < n (n <= EXPLORE_MAX_JOBS), all at once, and waits for
 * all of them; returns nothing. */
void explore_run_batch(explore_runner *const *runners, const esc_plan *const *plans, size_t n);

/* Frees the trace storage (in-process: resets both libraries, as --no-fork does after its last
 * scenario); returns nothing. */
void explore_runner_free(explore_runner *r);

/* What the first difference between the sides is. */
typedef enum {
    EXPLORE_SAME,                /* no difference */
    EXPLORE_CODE,                /* the codes differ */
    EXPLORE_OUTPUT,              /* the codes agree, an output check the reference's outputs imply fails */
    EXPLORE_CRASH,               /* the target crashed or hung at the step */
    EXPLORE_REFERENCE_FAILED     /* the reference crashed or hung: nothing to compare */
} explore_diff_kind;

typedef struct {
    explore_diff_kind kind;      /* what differs */
    size_t step;                 /* where (index into the plan's steps) */
    char signature[192];         /* function, the reference's outcome, the target's: a file name */
    char text[512];              /* the difference for people */
} explore_diff;

/* Compares the two sides of the last run of plan; returns the first difference in *d. */
void explore_compare(const explore_runner *r, const esc_plan *plan, explore_diff *d);

/* 1 when the reference's outputs at step k imply a check the target's fail (the checks
 * emit_json writes: bound+distinct for a new handle, equals, unchanged on failure). */
int explore_outputs_differ(const esc_plan *plan, size_t k, const esc_trace_step *ref,
                           const esc_trace_step *tgt, char *why, size_t size);

/* The first output argument of step s whose check, as the reference's observation implies it,
 * the target's fails; -1 when none (explore_outputs_differ, for any step of a plan). */
int explore_step_output_differs(const plan_step *s, const esc_trace_step *ref, const esc_trace_step *tgt);

/* Writes an observation for people ("a new handle", "the value of $s1", "unchanged", "0",
 * "nil", a number, a quoted text) into out; returns out. */
char *explore_obs_text(const esc_plan *plan, const esc_obs *o, char *out, size_t size);

#endif /* ESC_EXPLORE_RUN_H */
