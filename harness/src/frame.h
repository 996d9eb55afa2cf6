/*
 * frame.h - the arguments of one call: uint64_t slots (integers, or pointers to storage the
 * harness owns), that storage with what the harness put in it, reading back what the call
 * wrote, binding variables and running the step's checks.
 */
#ifndef ESC_FRAME_H
#define ESC_FRAME_H

#include <jansson.h>
#include "args.h"
#include "calls.h"
#include "vars.h"

#define ESC_SENTINEL64 0x5EB7CAFE5EB7CAFEull  /* put in out-cells before a call */
#define ESC_SENTINEL32 0x5EB7CAFEu
#define ESC_FILL_BYTE 0xA5                     /* put in out-string buffers */
#define ESC_GUARD_BYTE 0x5A                    /* after an out-string buffer */
#define ESC_GUARD_SIZE 16
#define ESC_MAX_BUFFER (1u << 20)              /* largest out-string buffer */

typedef struct {
    const esc_call *call;                      /* what is called */
    uint64_t slots[ESPEC_MAX_ARGS];            /* what the thunk passes */
    esc_value val[ESPEC_MAX_ARGS];             /* each argument as written */
    int storage[ESPEC_MAX_ARGS];               /* 1 when the slot points at a cell or buffer */
    uint64_t cell[ESPEC_MAX_ARGS];             /* 64-bit out and in-pointer cells */
    uint32_t cell32[ESPEC_MAX_ARGS];           /* 32-bit out cells */
    uint64_t initial[ESPEC_MAX_ARGS];          /* what the harness put in each cell */
    char *buf[ESPEC_MAX_ARGS];                 /* out-string buffers (size + guard) */
    size_t buflen[ESPEC_MAX_ARGS];             /* their size without the guard */
    JET_SETSYSPARAM_A *params[ESPEC_MAX_ARGS]; /* setsysparams arrays */
    char **owned;                              /* strings after $TMPDIR expansion */
    size_t nowned;                             /* how many */
} esc_frame;

/* Fills a frame from a step's args. Returns 1, or 0 with a message when a variable read as
 * input is not bound at run time or a value does not read. */
int frame_build(esc_frame *f, const esc_call *call, json_t *args, const esc_index_env *env,
                const esc_vars *vars, const char *tmpdir, char *err, size_t errsize);

/* 1 and the value now in argument i's cell (an out-string gives its first 8 bytes), 0 when
 * the argument has no storage. */
int frame_output(const esc_frame *f, int i, uint64_t *value);

/* 1 when every out-string guard is intact; else 0 and the argument's index in *bad. */
int frame_guards_ok(const esc_frame *f, int *bad);

/* Binds the unbound variables of out and inout arguments to what the call wrote; returns
 * nothing. */
void frame_bind(const esc_frame *f, esc_vars *vars);

/* Runs a step's checks on the outputs of a call that returned rc: bound, distinct and equals
 * when it succeeded (rc >= 0), unchanged when it failed (rc < 0); the others are skipped.
 * Returns 1 when all that apply hold, 0 with what failed in msg. */
int frame_check(const esc_frame *f, json_t *check, JET_ERR rc, const esc_index_env *env,
                const esc_vars *vars, char *msg, size_t size);

/* Writes "JetDupSession(sesid=$s1=0x2, psesid=&$s2->0x3)" into out; returns out. */
char *frame_describe(const esc_frame *f, char *out, size_t size);

/* Frees the frame's buffers; returns nothing. */
void frame_free(esc_frame *f);

#endif /* ESC_FRAME_H */
