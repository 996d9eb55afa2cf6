/*
 * exec_internal.h - what the executor's files share: a running session and the frame of one
 * call (its argument slots and the storage they point to). Not for the rest of the harness.
 */
#ifndef ESC_EXEC_INTERNAL_H
#define ESC_EXEC_INTERNAL_H

#include <stddef.h>
#include "exec.h"
#include "frame.h"
#include "pvars.h"
#include <pthread.h>
#include "threads.h"

struct exec_session {
    const esc_exec *x;           /* the run */
    esc_threads *threads;        /* named threads, created on use */
    const esc_plan *plan;        /* what runs now */
    pvars *vars;                 /* its variables: own_vars, or a parallel block's thread's
                                    view of its session's (concurrent.c) */
    pvars own_vars;              /* the storage of a session's variables */
    pthread_mutex_t *vars_lock;  /* in a parallel block: held around every use of vars */
    struct lin_state *lin;       /* the linearizability check's state (linearize.c), or NULL */
    long long iters[ESC_MAX_DEPTH]; /* the current iteration of each enclosing repeat */
    const char *index_names[ESC_MAX_DEPTH]; /* their index names */
    size_t depth;                /* repeats entered */
    const char *label;           /* message prefix */
    char *pointer, *msg;         /* out: the divergence */
    size_t psize, msize;
};

/* One call's arguments: slots, the storage they point to, what the harness put there. */
typedef struct {
    const plan_step *step;
    uint64_t slots[ESPEC_MAX_ARGS];
    int storage[ESPEC_MAX_ARGS];         /* 1 when the slot points at a cell or buffer */
    uint64_t cell[ESPEC_MAX_ARGS];       /* 64-bit cells */
    uint32_t cell32[ESPEC_MAX_ARGS];     /* 32-bit out cells */
    uint64_t initial[ESPEC_MAX_ARGS];    /* what the harness put in each cell */
    char *buf[ESPEC_MAX_ARGS];           /* out-string buffers (size + guard) */
    size_t buflen[ESPEC_MAX_ARGS];       /* their size without the guard */
    char *text[ESPEC_MAX_ARGS];          /* strings after $TMPDIR expansion (owned) */
    JET_SETSYSPARAM_A *params[ESPEC_MAX_ARGS]; /* setsysparams copies with $TMPDIR expanded */
    char **ptext[ESPEC_MAX_ARGS];        /* their expanded sz strings */
    pvar_key key[ESPEC_MAX_ARGS];        /* the variable of a VAR argument */
    uint32_t unbound;                    /* record mode: VAR inputs that were unbound */
    int owns;                            /* 1 once a buffer, string or array was allocated */
} xframe;


/* Where exec_make_call makes a call from: a list of a parallel block, already on the list's
 * thread (which its steps name), whose variables are shared under a lock and whose history
 * wants the call's times. NULL: a step of its own, made on the thread it names. */
typedef struct {
    pthread_mutex_t *lock;           /* held while the frame is built (the variables are read) */
    uint64_t invoke_ns, return_ns;   /* out: just before and just after the call */
} exec_call_site;

/* Builds the step's frame and makes the call (alone: on the step's named thread if it has one).
 * Returns PASS with the call made (its code in *rc, its frame in f), or ERROR with the
 * divergence recorded and f freed: a variable unbound at run time, a thread that cannot start. */
esc_status exec_make_call(exec_session *s, xframe *f, const plan_step *step, JET_ERR *rc,
                          exec_call_site *site);

/* Returns PASS or FAIL (with the divergence written): the code and the checks of a call in
 * check mode. */
esc_status exec_judge(exec_session *s, const xframe *f, JET_ERR rc);

/* Notes the code a call returned in the run's log of codes (the reports' behaviour coverage),
 * when there is a log and the call is not a hook; in a parallel block, under the variables
 * lock (the log is the session's). Returns nothing. */
void exec_log_code(const exec_session *s, const plan_step *step, JET_ERR rc);

/* Returns 1 when the step names an "if_bound" variable that is not bound now (skip it). */
int exec_skip_unbound(const exec_session *s, const plan_step *step);

/* Returns the status given, after writing "label[i=3] " + text into the run's message. */
esc_status exec_diverge(exec_session *s, const plan_step *step, esc_status status, const char *text);

/* Builds the frame of a call step. Returns 1, or 0 with a message in s->msg (check mode: a
 * variable unbound at run time). Free with xframe_free in both cases. */
int xframe_build(exec_session *s, xframe *f, const plan_step *step);

/* Frees what the frame owns; returns nothing. */
void xframe_free(xframe *f);

/* Argument i's current cell value (an out-string gives its first 8 bytes). */
uint64_t xframe_output(const xframe *f, int i);

/* 1 when the out-string buffer of argument i is still all fill bytes. */
int xframe_untouched(const xframe *f, int i);

/* 1 when every out-string guard is intact, else 0 with the argument in *bad. */
int xframe_guards_ok(const xframe *f, int *bad);

/* 1 when argument i's cell is 32 bits wide (a 32-bit number or handle). */
int xframe_is_narrow(const xframe *f, int i);

/* 1 when argument i was written with a usable value (not nil or the sentinel; not 0 but for a
 * 32-bit handle). */
int xframe_is_bound_value(const xframe *f, int i);

/* 1 when argument i holds what the harness put there. */
int xframe_is_unchanged(const xframe *f, int i);

/* Runs the step's checks on a call that returned rc (bound, distinct, equals on success;
 * unchanged on failure). Returns 1 when all hold, 0 with the first failure in msg. */
int exec_check(const exec_session *s, const xframe *f, JET_ERR rc, char *msg, size_t size);

/* Binds the unbound out and inout variables of a call that succeeded to what it wrote;
 * returns nothing. */
void exec_bind_outputs(exec_session *s, const xframe *f);

/* Records what each output argument of a call holds, symbolically, into t; returns nothing. */
void exec_observe(const exec_session *s, const xframe *f, esc_trace_step *t);

/* Writes "JetDupSession(sesid=$s1=0x2, psesid=&$s2->0x3)" into out; returns out. */
char *exec_describe(const exec_session *s, const xframe *f, char *out, size_t size);

#endif /* ESC_EXEC_INTERNAL_H */
