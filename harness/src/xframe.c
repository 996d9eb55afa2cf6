/* xframe.c - the frame of one call: argument slots from a plan step, the cells and buffers
 * they point to, and what the call wrote there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "exec_internal.h"

/* Returns a copy of s with every $TMPDIR replaced by tmpdir. The directory is made here, the
 * first time a value names it: a scenario that never does costs no mkdir. */
static char *expand_tmpdir(const char *s, const char *tmpdir)
{
    const char *key = "$TMPDIR";
    size_t klen = strlen(key), tlen = tmpdir ? strlen(tmpdir) : 0, n = 0;
    for (const char *p = s; (p = strstr(p, key)) != NULL; p += klen)
        n++;
    if (n > 0 && tmpdir != NULL)
        mkdir(tmpdir, 0700); /* EEXIST after the first */
    char *out = malloc(strlen(s) + n * tlen + 1), *w = out;
    if (out == NULL)
        abort();
    for (const char *p = s; *p != '\0';) {
        if (tmpdir != NULL && strncmp(p, key, klen) == 0) {
            memcpy(w, tmpdir, tlen);
            w += tlen;
            p += klen;
        } else
            *w++ = *p++;
    }
    *w = '\0';
    return out;
}

/* Returns 1 with the value of a VAR input, 0 when unbound (check mode: message set). */
static int var_input(exec_session *s, xframe *f, int i, uint64_t *out)
{
    const pvar *v = pvars_get(s->vars, pvars_key(&f->step->args[i].var, s->iters, &f->key[i]));
    if (v != NULL) {
        *out = v->value;
        return 1;
    }
    *out = 0;
    if (s->x->trace != NULL) { /* record mode: both targets get 0, and the trace says so */
        f->unbound |= 1u << i;
        return 1;
    }
    char name[ESC_VAR_NAME_MAX];
    snprintf(s->msg, s->msize, "variable %s is unbound at run time (the step that binds it did not succeed)",
             pvars_name(s->plan, &f->key[i], name, sizeof name));
    return 0;
}

/* Returns 1 with a copy of the setsysparams of argument i whose sz name $TMPDIR expanded. */
static void expand_params(exec_session *s, xframe *f, int i)
{
    const plan_arg *a = &f->step->args[i];
    f->params[i] = calloc(a->nparams + 16, sizeof *f->params[i]);
    f->ptext[i] = calloc(a->nparams + 1, sizeof *f->ptext[i]);
    if (f->params[i] == NULL || f->ptext[i] == NULL)
        abort();
    f->owns = 1;
    memcpy(f->params[i], a->params, a->nparams * sizeof *a->params);
    for (size_t k = 0; k < a->nparams; k++)
        if (a->params[k].sz != NULL)
            f->params[i][k].sz = f->ptext[i][k] = expand_tmpdir(a->params[k].sz, s->x->tmpdir);
}

/* Returns 1 when argument i's slot (and storage) is set, 0 with a message. */
static int build_arg(exec_session *s, xframe *f, int i)
{
    const plan_arg *a = &f->step->args[i];
    espec_argshape shape = espec_argkind_shape(f->step->call->args[i].kind);
    uint64_t value = ESC_SENTINEL64;
    switch (a->type) {
    case PLAN_ARG_NULLPTR: return 1;
    case PLAN_ARG_STRING:
        f->owns |= a->tmpdir;
        f->slots[i] = (uint64_t)(uintptr_t)(a->tmpdir ? (f->text[i] = expand_tmpdir(a->text, s->x->tmpdir))
                                                      : a->text);
        return 1;
    case PLAN_ARG_PARAMS:
        if (a->tmpdir)
            expand_params(s, f, i);
        f->slots[i] = (uint64_t)(uintptr_t)(f->params[i] ? f->params[i] : a->params);
        return 1;
    case PLAN_ARG_INDEX:
        f->slots[i] = (uint64_t)s->iters[a->index];
        return 1;
    default: break;
    }
    if (a->type == PLAN_ARG_VAR)
        pvars_key(&a->var, s->iters, &f->key[i]);
    if (shape == ESPEC_SHAPE_OUT_STRING)
        return 1; /* its buffer is made once its size (the next argument) is known */
    if (shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_HANDLE32) {
        f->cell32[i] = ESC_SENTINEL32;
        f->initial[i] = ESC_SENTINEL32;
        f->storage[i] = 1;
        f->slots[i] = (uint64_t)(uintptr_t)&f->cell32[i];
        return 1;
    }
    int is_cell = shape == ESPEC_SHAPE_OUT_HANDLE || shape == ESPEC_SHAPE_OUT_NUMBER64 ||
                  shape == ESPEC_SHAPE_INOUT_HANDLE || shape == ESPEC_SHAPE_IN_PHANDLE;
    if (a->type == PLAN_ARG_CONST)
        value = a->value;
    else if (shape == ESPEC_SHAPE_INOUT_HANDLE) {
        const pvar *v = pvars_get(s->vars, &f->key[i]);
        value = v != NULL ? v->value : ~(uint64_t)0;
    } else if (args_is_output(f->step->call->args[i].kind))
        ; /* an out-cell starts as the sentinel */
    else if (!var_input(s, f, i, &value))
        return 0;
    if (!is_cell) {
        f->slots[i] = value;
        return 1;
    }
    f->cell[i] = f->initial[i] = value;
    f->storage[i] = 1;
    f->slots[i] = (uint64_t)(uintptr_t)&f->cell[i];
    return 1;
}

/* Returns 1 when the frame is built, 0 with a message (check mode: an unbound variable). */
int xframe_build(exec_session *s, xframe *f, const plan_step *step)
{
    memset(f, 0, offsetof(xframe, key));
    f->unbound = 0;
    f->owns = 0;
    f->step = step;
    for (int i = 0; i < step->call->arity; i++)
        if (!build_arg(s, f, i))
            return 0;
    for (int i = 0; i < step->call->arity; i++) {
        if (espec_argkind_shape(step->call->args[i].kind) != ESPEC_SHAPE_OUT_STRING ||
            step->args[i].type == PLAN_ARG_NULLPTR)
            continue;
        size_t size = i + 1 < step->call->arity ? (size_t)f->slots[i + 1] : 0;
        if (size > ESC_MAX_BUFFER)
            size = ESC_MAX_BUFFER;
        f->buf[i] = malloc(size + ESC_GUARD_SIZE);
        f->owns = 1;
        if (f->buf[i] == NULL)
            abort();
        memset(f->buf[i], ESC_FILL_BYTE, size);
        memset(f->buf[i] + size, ESC_GUARD_BYTE, ESC_GUARD_SIZE);
        f->buflen[i] = size;
        f->storage[i] = 1;
        f->slots[i] = (uint64_t)(uintptr_t)f->buf[i];
    }
    return 1;
}

/* Returns nothing; frees what the frame owns. */
void xframe_free(xframe *f)
{
    for (int i = 0; f->owns && i < ESPEC_MAX_ARGS; i++) {
        free(f->buf[i]);
        free(f->text[i]);
        if (f->ptext[i] != NULL)
            for (size_t k = 0; k < f->step->args[i].nparams; k++)
                free(f->ptext[i][k]);
        free(f->ptext[i]);
        free(f->params[i]);
    }
}

/* Returns argument i's current cell value (an out-string gives its first 8 bytes). */
uint64_t xframe_output(const xframe *f, int i)
{
    uint64_t value = 0;
    espec_argshape shape = espec_argkind_shape(f->step->call->args[i].kind);
    if (shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_HANDLE32)
        return f->cell32[i];
    if (shape == ESPEC_SHAPE_OUT_STRING) {
        memcpy(&value, f->buf[i], f->buflen[i] < 8 ? f->buflen[i] : 8);
        return value;
    }
    return f->cell[i];
}

/* Returns 1 when an out-string buffer is still all fill bytes. */
int xframe_untouched(const xframe *f, int i)
{
    for (size_t k = 0; k < f->buflen[i]; k++)
        if ((unsigned char)f->buf[i][k] != ESC_FILL_BYTE)
            return 0;
    return 1;
}

/* Returns 1 when every out-string guard is intact, else 0 with the argument in *bad. */
int xframe_guards_ok(const xframe *f, int *bad)
{
    for (int i = 0; i < f->step->call->arity; i++)
        for (size_t k = 0; f->buf[i] != NULL && k < ESC_GUARD_SIZE; k++)
            if ((unsigned char)f->buf[i][f->buflen[i] + k] != ESC_GUARD_BYTE) {
                *bad = i;
                return 0;
            }
    return 1;
}

int xframe_is_narrow(const xframe *f, int i)
{
    espec_argshape shape = espec_argkind_shape(f->step->call->args[i].kind);
    return shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_HANDLE32;
}

/* Returns 1 when argument i was written with a usable value (not 0, nil or the sentinel). */
int xframe_is_bound_value(const xframe *f, int i)
{
    if (f->buf[i] != NULL)
        return !xframe_untouched(f, i);
    uint64_t value = xframe_output(f, i);
    espec_argshape shape = espec_argkind_shape(f->step->call->args[i].kind);
    uint64_t nil = xframe_is_narrow(f, i) ? 0xFFFFFFFFu : ~(uint64_t)0;
    int was_sentinel = f->initial[i] == ESC_SENTINEL64 || f->initial[i] == ESC_SENTINEL32;
    /* 0 is no usable value, except for a 32-bit handle: the docs do not call JET_DBID 0 invalid */
    return (value != 0 || shape == ESPEC_SHAPE_OUT_HANDLE32) && value != nil &&
           !(was_sentinel && value == f->initial[i]);
}

/* Returns 1 when argument i holds what the harness put there. */
int xframe_is_unchanged(const xframe *f, int i)
{
    return f->buf[i] != NULL ? xframe_untouched(f, i) : xframe_output(f, i) == f->initial[i];
}

