/* exec_check.c - a step's checks on what its call wrote, and the call described for a message. */
#include <stdio.h>
#include <string.h>
#include "exec_internal.h"

/* Writes len bytes of a target's buffer as printable ASCII, any other byte as \xNN: what a
 * target wrote need not be text, and a message must stay valid UTF-8 for the reports. */
static void quote_bytes(char *out, size_t size, const char *buf, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 5 < size; i++) {
        unsigned char b = (unsigned char)buf[i];
        if (b >= 0x20 && b < 0x7F && b != '\\')
            out[n++] = (char)b;
        else
            n += (size_t)snprintf(out + n, size - n, "\\x%02X", b);
    }
    out[n] = '\0';
}

/* Returns 1 when bound and unchanged checks (the mask that applies to rc) hold. */
static int mask_holds(const xframe *f, uint32_t mask, int is_bound, char *msg, size_t size)
{
    for (int i = 0; i < f->step->call->arity; i++) {
        if (!(mask & (1u << i)) || !f->storage[i])
            continue;
        const char *name = f->step->call->args[i].name;
        unsigned long long now = xframe_output(f, i);
        if (is_bound && !xframe_is_bound_value(f, i)) {
            snprintf(msg, size, "check bound: %s holds 0x%llx (nothing usable was written)", name, now);
            return 0;
        }
        if (!is_bound && !xframe_is_unchanged(f, i)) {
            snprintf(msg, size, "check unchanged: %s was written: it holds 0x%llx, the harness put 0x%llx there",
                     name, now, (unsigned long long)f->initial[i]);
            return 0;
        }
    }
    return 1;
}

/* Returns 1 when argument d->arg differs from each variable of the list. */
static int distinct_holds(const exec_session *s, const xframe *f, const plan_distinct *d, char *msg,
                          size_t size)
{
    uint64_t value = xframe_output(f, d->arg);
    for (size_t k = 0; k < d->nvars; k++) {
        pvar_key key;
        const pvar *v = pvars_get(s->vars, pvars_key(&d->vars[k], s->iters, &key));
        if (v != NULL && !v->is_string && v->value == value) {
            char name[ESC_VAR_NAME_MAX];
            snprintf(msg, size, "check distinct: %s = 0x%llx, the same handle as %s",
                     f->step->call->args[d->arg].name, (unsigned long long)value,
                     pvars_name(s->plan, &key, name, sizeof name));
            return 0;
        }
    }
    return 1;
}

/* Returns 1 when an out-string holds the expected text, NUL-terminated within its buffer. */
static int text_equals(const xframe *f, const plan_equals *e, char *msg, size_t size)
{
    int i = e->arg;
    size_t len = strnlen(f->buf[i], f->buflen[i]);
    if (len < f->buflen[i] && strcmp(f->buf[i], e->text) == 0)
        return 1;
    char held[256];
    quote_bytes(held, sizeof held, f->buf[i], len);
    snprintf(msg, size, "check equals: %s holds \"%s\"%s, expected \"%s\"", f->step->call->args[i].name,
             held, len == f->buflen[i] ? " (not NUL-terminated)" : "", e->text);
    return 0;
}

/* Returns 1 when argument e->arg holds the expected number, text or variable's value. */
static int equals_holds(const exec_session *s, const xframe *f, const plan_equals *e, char *msg,
                        size_t size)
{
    if (f->buf[e->arg] != NULL)
        return text_equals(f, e, msg, size);
    uint64_t expected = e->number;
    if (e->kind == PLAN_EQ_INDEX)
        expected = (uint64_t)s->iters[e->number];
    else if (e->kind == PLAN_EQ_VAR) {
        pvar_key key;
        const pvar *v = pvars_get(s->vars, pvars_key(&e->var, s->iters, &key));
        char name[ESC_VAR_NAME_MAX];
        if (v == NULL) {
            snprintf(msg, size, "check equals: variable %s is unbound",
                     pvars_name(s->plan, &key, name, sizeof name));
            return 0;
        }
        expected = v->value;
    }
    unsigned long long value = xframe_output(f, e->arg);
    if (value == expected)
        return 1;
    snprintf(msg, size, "check equals: %s holds %llu (0x%llx), expected %llu (0x%llx)",
             f->step->call->args[e->arg].name, value, value, (unsigned long long)expected,
             (unsigned long long)expected);
    return 0;
}

int exec_check(const exec_session *s, const xframe *f, JET_ERR rc, char *msg, size_t size)
{
    const plan_check *c = &f->step->check;
    if (rc < 0)
        return mask_holds(f, c->unchanged, 0, msg, size);
    if (!mask_holds(f, c->bound, 1, msg, size))
        return 0;
    for (size_t k = 0; k < c->ndistinct; k++)
        if (f->storage[c->distinct[k].arg] && !distinct_holds(s, f, &c->distinct[k], msg, size))
            return 0;
    for (size_t k = 0; k < c->nequals; k++)
        if (f->storage[c->equals[k].arg] && !equals_holds(s, f, &c->equals[k], msg, size))
            return 0;
    return 1;
}

/* Returns the number of characters written: one argument as "name=value". */
static int describe_arg(const exec_session *s, const xframe *f, int i, char *out, size_t size)
{
    const plan_arg *a = &f->step->args[i];
    const char *name = f->step->call->args[i].name;
    espec_argshape shape = espec_argkind_shape(f->step->call->args[i].kind);
    char var[ESC_VAR_NAME_MAX] = "";
    if (a->type == PLAN_ARG_VAR)
        pvars_name(s->plan, &f->key[i], var, sizeof var);
    if (a->type == PLAN_ARG_NULLPTR)
        return snprintf(out, size, "%s=NULL", name);
    if (shape == ESPEC_SHAPE_STRING)
        return snprintf(out, size, "%s=\"%s\"", name, (const char *)(uintptr_t)f->slots[i]);
    if (shape == ESPEC_SHAPE_SETSYSPARAMS)
        return snprintf(out, size, "%s=[%zu entries]", name, a->nparams);
    if (f->buf[i] != NULL)
        return snprintf(out, size, "%s=&%s[%zu]%s", name, var, f->buflen[i],
                        xframe_untouched(f, i) ? " (untouched)" : " (written)");
    if (f->storage[i]) {
        uint64_t now = xframe_output(f, i);
        return snprintf(out, size, "%s=&%s->0x%llx%s", name, var, (unsigned long long)now,
                        now == f->initial[i] ? " (unchanged)" : "");
    }
    if (a->type == PLAN_ARG_VAR)
        return snprintf(out, size, "%s=%s=0x%llx", name, var, (unsigned long long)f->slots[i]);
    if (a->written == ESC_VAL_NIL || a->written == ESC_VAL_GARBAGE)
        return snprintf(out, size, "%s=%s", name, a->written == ESC_VAL_NIL ? "nil" : "garbage");
    return snprintf(out, size, "%s=%llu", name, (unsigned long long)f->slots[i]);
}

char *exec_describe(const exec_session *s, const xframe *f, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "%s(", f->step->call->name);
    for (int i = 0; i < f->step->call->arity && n < size; i++) {
        if (i > 0)
            n += (size_t)snprintf(out + n, size - n, ", ");
        if (n < size)
            n += (size_t)describe_arg(s, f, i, out + n, size - n);
    }
    if (n < size)
        snprintf(out + n, size - n, ")");
    return out;
}
