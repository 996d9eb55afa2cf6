/*
 * exec.h - runs a plan against a target. Two modes:
 *   check   each code is compared with the step's expected codes and its checks run; the
 *           first divergence ends the run (the scripted suite);
 *   record  nothing is expected: each step's code and what it wrote are recorded into a trace,
 *           symbolically (a handle is "new", "the same as $s1", "unchanged"), so that two
 *           targets' traces can be compared (explore).
 */
#ifndef ESC_EXEC_H
#define ESC_EXEC_H

#include <esespec/catalogue.h>
#include "plan.h"
#include "steplog.h"
#include "results.h"
#include "target.h"

#define ESC_OBS_TEXT_MAX 56         /* bytes of an out-string a trace keeps */

/* What one output argument held after a call, symbolically. */
typedef enum {
    ESC_OBS_NONE,                /* not an output, or a NULL pointer */
    ESC_OBS_UNCHANGED,           /* still what the harness put there */
    ESC_OBS_ZERO,                /* 0 */
    ESC_OBS_NIL,                 /* all bits set */
    ESC_OBS_NEW,                 /* a handle no bound variable holds */
    ESC_OBS_SAME,                /* the value of the variable family `same` (first bound) */
    ESC_OBS_VALUE,               /* a number (not a handle): value */
    ESC_OBS_TEXT,                /* an out-string: text (terminated within the buffer) */
    ESC_OBS_UNTERMINATED,        /* an out-string written without a terminator */
    ESC_OBS_GUARD                /* an out-string written past its buffer */
} esc_obs_kind;

typedef struct {
    uint8_t kind;                /* esc_obs_kind */
    uint32_t same;               /* with SAME: the family index */
    uint64_t value;              /* with VALUE */
    char text[ESC_OBS_TEXT_MAX];     /* with TEXT (cut, NUL-terminated) */
} esc_obs;

typedef struct {
    int32_t rc;                  /* the code */
    uint32_t unbound;            /* bit i: argument i named a variable unbound at run time (0 passed) */
    esc_obs out[ESPEC_MAX_ARGS]; /* per argument */
} esc_trace_step;

/* A trace: fixed capacity (it may live in memory shared with a forked child). */
typedef struct {
    size_t cap;                  /* entries in steps */
    volatile size_t count;       /* steps recorded (a crash leaves the ones before it) */
    esc_trace_step *steps;       /* storage of cap entries */
    char failed[640];            /* why no step was recorded: the hooks refused, or the setup
                                    diverged ("" when the plan ran) */
} esc_trace;

typedef struct {
    const esc_target *target;    /* what is called */
    espec_profile profile;       /* told to a target with hooks (esehook_set_profile) */
    const char *tmpdir;          /* what $TMPDIR expands to, or NULL */
    esc_trace *trace;            /* NULL: check mode; else record mode (flat plans only) */
    esc_steplog *log;            /* check mode: the codes returned and the divergence; may be NULL */
    /* Told before each step starts (the fork child reports it to the parent); may be NULL. */
    void (*progress)(void *ctx, const char *pointer, const char *call);
    void *progress_ctx;          /* passed to progress */
    /* --linearizable: each parallel block's history is explained by model (linearize.h) */
    int linearizable;            /* 1: check each block's history */
    const esc_target *model;     /* ref, loaded from a private copy: the sequential model */
    const espec_catalogue *catalogue; /* for the codes a busy session may answer */
    /* Told after each call returns, before its code is judged (the fault sweep: fault_sweep.h);
     * may be NULL. Returns EXEC_JUDGE (judge the code as usual), EXEC_RETRY (make the call
     * once more with a fresh frame, then judge that), or EXEC_STOP (a FAIL: the message is
     * in `text`, up to 2048 bytes). */
    int (*after_call)(void *ctx, const plan_step *step, JET_ERR rc, char *text);
    void *after_call_ctx;        /* passed to after_call */
} esc_exec;

enum { EXEC_JUDGE, EXEC_RETRY, EXEC_STOP };

typedef struct exec_session exec_session;

/* Starts a run: resets a target with hooks and switches its profile. Returns the session, or
 * NULL with a FAIL message in msg when the hooks refuse. */
exec_session *exec_begin(const esc_exec *x, char *msg, size_t msize);

/* Runs a plan in the session, in a fresh variable space; label prefixes messages ("target
 * profile setup: "). Returns PASS, FAIL or ERROR (a variable unbound at run time, in check
 * mode), with the diverging step's pointer and a message. */
esc_status exec_plan(exec_session *s, const esc_plan *plan, const char *label, char *pointer,
                     size_t psize, char *msg, size_t msize);

/* Ends the session: joins its threads; returns nothing. */
void exec_end(exec_session *s);

#endif /* ESC_EXEC_H */
