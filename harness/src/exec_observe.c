/* exec_observe.c - what a call wrote, recorded symbolically for comparing two targets: a
 * handle is compared by role (new, the same as a variable, unchanged), never by value. */
#include <string.h>
#include "exec_internal.h"

/* Returns the observation of a handle cell. */
static void observe_handle(const exec_session *s, const xframe *f, int i, esc_obs *o)
{
    uint64_t value = xframe_output(f, i);
    if (value == f->initial[i])
        o->kind = ESC_OBS_UNCHANGED;
    else if (value == 0)
        o->kind = ESC_OBS_ZERO;
    else if (value == (xframe_is_narrow(f, i) ? 0xFFFFFFFFu : ~(uint64_t)0))
        o->kind = ESC_OBS_NIL;
    else {
        uint32_t family = 0; /* the earliest-bound variable holding it */
        o->kind = pvars_first_with(s->vars, value, &family) ? ESC_OBS_SAME : ESC_OBS_NEW;
        o->same = family;
    }
}

/* Returns nothing; the observation of an out-string buffer. */
static void observe_text(const xframe *f, int i, esc_obs *o)
{
    int bad;
    size_t len = strnlen(f->buf[i], f->buflen[i]);
    if (!xframe_guards_ok(f, &bad) && bad == i)
        o->kind = ESC_OBS_GUARD;
    else if (xframe_untouched(f, i))
        o->kind = ESC_OBS_UNCHANGED;
    else if (len == f->buflen[i])
        o->kind = ESC_OBS_UNTERMINATED;
    else {
        o->kind = ESC_OBS_TEXT;
        memcpy(o->text, f->buf[i], len < ESC_OBS_TEXT_MAX - 1 ? len : ESC_OBS_TEXT_MAX - 1);
    }
}

void exec_observe(const exec_session *s, const xframe *f, esc_trace_step *t)
{
    for (int i = 0; i < f->step->call->arity; i++) {
        esc_obs *o = &t->out[i];
        memset(o, 0, sizeof *o);
        espec_argkind kind = f->step->call->args[i].kind;
        espec_argshape shape = espec_argkind_shape(kind);
        if (!f->storage[i] || !args_is_output(kind))
            continue;
        if (shape == ESPEC_SHAPE_OUT_STRING)
            observe_text(f, i, o);
        else if (shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_NUMBER64) {
            o->kind = xframe_is_unchanged(f, i) ? ESC_OBS_UNCHANGED : ESC_OBS_VALUE;
            o->value = xframe_output(f, i);
        } else
            observe_handle(s, f, i, o);
    }
}
