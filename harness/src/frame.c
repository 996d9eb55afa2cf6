/* frame.c - argument storage of one call, and the checks on what the call wrote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "frame.h"

/* Returns a copy of s (owned by the frame) with every $TMPDIR replaced by tmpdir. The
 * directory is made here, the first time a value names it: a scenario that never does costs
 * no mkdir (its remover finds nothing). */
static char *own_text(esc_frame *f, const char *s, const char *tmpdir)
{
    const char *key = "$TMPDIR";
    size_t klen = strlen(key), tlen = tmpdir ? strlen(tmpdir) : 0, n = 0;
    for (const char *p = s; (p = strstr(p, key)) != NULL; p += klen)
        n++;
    if (n > 0 && tmpdir != NULL)
        mkdir(tmpdir, 0700); /* EEXIST after the first */
    char *out = malloc(strlen(s) + n * tlen + 1), *w = out;
    for (const char *p = s; *p != '\0';) {
        if (tmpdir != NULL && strncmp(p, key, klen) == 0) {
            memcpy(w, tmpdir, tlen);
            w += tlen;
            p += klen;
        } else
            *w++ = *p++;
    }
    *w = '\0';
    f->owned = realloc(f->owned, (f->nowned + 1) * sizeof *f->owned);
    f->owned[f->nowned++] = out;
    return out;
}

/* Returns 1 with the value of a handle or in-pointer argument, 0 when its variable is unbound.
 * A 32-bit handle's nil and garbage are 32-bit values. */
static int input_value(const esc_value *v, int wide, const esc_vars *vars, uint64_t *out,
                       char *err, size_t n)
{
    const esc_var *var;
    switch (v->type) {
    case ESC_VAL_VAR:
        var = vars_find(vars, v->var);
        if (var == NULL || !var->bound) {
            snprintf(err, n, "variable %s is unbound at run time (the step that binds it did not succeed)",
                     v->var);
            return 0;
        }
        *out = var->value;
        return 1;
    case ESC_VAL_NIL: *out = wide ? ~(uint64_t)0 : UINT32_MAX; return 1;
    case ESC_VAL_GARBAGE: *out = wide ? ESC_GARBAGE_HANDLE : ESC_GARBAGE_HANDLE32; return 1;
    case ESC_VAL_NUMBER: *out = v->number; return 1;
    default: *out = 0; return 1;
    }
}

/* Returns 1 when the setsysparams array of argument i is built. */
static int build_params(esc_frame *f, int i, json_t *json, const esc_index_env *env,
                        const char *tmpdir, char *err, size_t n)
{
    size_t count = json_array_size(json);
    f->params[i] = calloc(count + 16, sizeof *f->params[i]);
    for (size_t k = 0; k < count; k++) {
        uint32_t paramid;
        uint64_t lparam;
        const char *sz;
        if (!args_param_entry(json_array_get(json, k), env, &paramid, &lparam, &sz, err, n))
            return 0;
        f->params[i][k].paramid = paramid;
        f->params[i][k].lParam = lparam;
        f->params[i][k].sz = sz ? own_text(f, sz, tmpdir) : NULL;
    }
    f->buflen[i] = count;
    f->slots[i] = (uint64_t)(uintptr_t)f->params[i];
    return 1;
}

/* Returns 1 when argument i (not an out-string) is in its slot, 0 with a message. */
static int build_arg(esc_frame *f, int i, json_t *json, const esc_vars *vars, const char *tmpdir,
                     const esc_index_env *env, char *err, size_t n)
{
    const esc_value *v = &f->val[i];
    espec_argshape shape = espec_argkind_shape(f->call->args[i].kind);
    if (v->type == ESC_VAL_NULLPTR)
        return 1;
    switch (shape) {
    case ESPEC_SHAPE_STRING:
        f->slots[i] = (uint64_t)(uintptr_t)own_text(f, v->string, tmpdir);
        return 1;
    case ESPEC_SHAPE_SETSYSPARAMS:
        return build_params(f, i, json, env, tmpdir, err, n);
    case ESPEC_SHAPE_OUT_STRING:
        return 1;
    case ESPEC_SHAPE_OUT_NUMBER32: case ESPEC_SHAPE_OUT_HANDLE32:
        f->cell32[i] = ESC_SENTINEL32;
        f->initial[i] = ESC_SENTINEL32;
        f->storage[i] = 1;
        f->slots[i] = (uint64_t)(uintptr_t)&f->cell32[i];
        return 1;
    case ESPEC_SHAPE_OUT_HANDLE: case ESPEC_SHAPE_OUT_NUMBER64: case ESPEC_SHAPE_INOUT_HANDLE:
    case ESPEC_SHAPE_IN_PHANDLE: {
        uint64_t value = ESC_SENTINEL64;
        if (shape == ESPEC_SHAPE_INOUT_HANDLE && v->type == ESC_VAL_VAR)
            value = vars_is_bound(vars, v->var) ? vars_find(vars, v->var)->value : ~(uint64_t)0;
        else if ((shape == ESPEC_SHAPE_IN_PHANDLE || shape == ESPEC_SHAPE_INOUT_HANDLE) &&
                 !input_value(v, 1, vars, &value, err, n))
            return 0;
        f->cell[i] = f->initial[i] = value;
        f->storage[i] = 1;
        f->slots[i] = (uint64_t)(uintptr_t)&f->cell[i];
        return 1;
    }
    default:
        return input_value(v, shape != ESPEC_SHAPE_HANDLE32, vars, &f->slots[i], err, n);
    }
}

/* Returns 1 when the frame is built, 0 with a message. */
int frame_build(esc_frame *f, const esc_call *call, json_t *args, const esc_index_env *env,
                const esc_vars *vars, const char *tmpdir, char *err, size_t errsize)
{
    memset(f, 0, sizeof *f);
    f->call = call;
    for (int i = 0; i < call->arity; i++) {
        json_t *json = json_object_get(args, call->args[i].name);
        if (!args_read(call->args[i].kind, json, env, &f->val[i], err, errsize) ||
            !build_arg(f, i, json, vars, tmpdir, env, err, errsize))
            return 0;
    }
    for (int i = 0; i < call->arity; i++) {
        if (espec_argkind_shape(call->args[i].kind) != ESPEC_SHAPE_OUT_STRING ||
            f->val[i].type == ESC_VAL_NULLPTR)
            continue;
        size_t size = i + 1 < call->arity ? (size_t)f->slots[i + 1] : 0;
        if (size > ESC_MAX_BUFFER)
            size = ESC_MAX_BUFFER;
        f->buf[i] = malloc(size + ESC_GUARD_SIZE);
        memset(f->buf[i], ESC_FILL_BYTE, size);
        memset(f->buf[i] + size, ESC_GUARD_BYTE, ESC_GUARD_SIZE);
        f->buflen[i] = size;
        f->storage[i] = 1;
        f->slots[i] = (uint64_t)(uintptr_t)f->buf[i];
    }
    return 1;
}

/* Returns 1 with argument i's current cell value, 0 when it has no storage. */
int frame_output(const esc_frame *f, int i, uint64_t *value)
{
    if (!f->storage[i])
        return 0;
    espec_argshape shape = espec_argkind_shape(f->call->args[i].kind);
    if (shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_HANDLE32)
        *value = f->cell32[i];
    else if (shape == ESPEC_SHAPE_OUT_STRING) {
        *value = 0;
        memcpy(value, f->buf[i], f->buflen[i] < 8 ? f->buflen[i] : 8);
    } else
        *value = f->cell[i];
    return 1;
}

/* Returns 1 when no out-string guard was overwritten, else 0 with the argument in *bad. */
int frame_guards_ok(const esc_frame *f, int *bad)
{
    for (int i = 0; i < f->call->arity; i++)
        for (size_t k = 0; f->buf[i] != NULL && k < ESC_GUARD_SIZE; k++)
            if ((unsigned char)f->buf[i][f->buflen[i] + k] != ESC_GUARD_BYTE) {
                *bad = i;
                return 0;
            }
    return 1;
}

/* Returns 1 when an out-string buffer is still all fill bytes. */
static int buffer_untouched(const esc_frame *f, int i)
{
    for (size_t k = 0; k < f->buflen[i]; k++)
        if ((unsigned char)f->buf[i][k] != ESC_FILL_BYTE)
            return 0;
    return 1;
}

/* Returns nothing; unbound out and inout variables take what the call wrote. */
void frame_bind(const esc_frame *f, esc_vars *vars)
{
    for (int i = 0; i < f->call->arity; i++) {
        uint64_t value;
        if (f->val[i].type != ESC_VAL_VAR || !args_is_output(f->call->args[i].kind) ||
            vars_is_bound(vars, f->val[i].var) || !frame_output(f, i, &value))
            continue;
        if (f->buf[i] != NULL) {
            size_t len = strnlen(f->buf[i], f->buflen[i]);
            char *text = strndup(f->buf[i], len);
            vars_bind(vars, f->val[i].var, 0, text);
            free(text);
        } else
            vars_bind(vars, f->val[i].var, value, NULL);
    }
}

/* Returns nothing; frees what the frame owns. */
void frame_free(esc_frame *f)
{
    for (int i = 0; i < ESPEC_MAX_ARGS; i++) {
        free(f->buf[i]);
        free(f->params[i]);
    }
    for (size_t k = 0; k < f->nowned; k++)
        free(f->owned[k]);
    free(f->owned);
    memset(f, 0, sizeof *f);
}

/* Returns 1 when argument i was written with a usable value: not nil, not the sentinel, and
 * not 0, except for a 32-bit handle (the docs do not call JET_DBID 0 invalid). */
static int is_bound_value(const esc_frame *f, int i)
{
    uint64_t value;
    frame_output(f, i, &value);
    if (f->buf[i] != NULL)
        return !buffer_untouched(f, i);
    espec_argshape shape = espec_argkind_shape(f->call->args[i].kind);
    int narrow = shape == ESPEC_SHAPE_OUT_NUMBER32 || shape == ESPEC_SHAPE_OUT_HANDLE32;
    uint64_t nil = narrow ? 0xFFFFFFFFu : ~(uint64_t)0;
    int was_sentinel = f->initial[i] == ESC_SENTINEL64 || f->initial[i] == ESC_SENTINEL32;
    return (value != 0 || shape == ESPEC_SHAPE_OUT_HANDLE32) && value != nil &&
           !(was_sentinel && value == f->initial[i]);
}

/* Returns 1 when argument i holds what the harness put there. */
static int is_unchanged(const esc_frame *f, int i)
{
    uint64_t value;
    if (f->buf[i] != NULL)
        return buffer_untouched(f, i);
    frame_output(f, i, &value);
    return value == f->initial[i];
}

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

/* Returns 1 when the number or string expected by an equals check matches argument i. */
static int equals_holds(const esc_frame *f, int i, json_t *want, const esc_index_env *env,
                        const esc_vars *vars, char *msg, size_t size)
{
    const char *name = f->call->args[i].name;
    uint64_t value, expected = 0;
    char err[256], var[ESC_VAR_NAME_MAX];
    if (f->buf[i] != NULL) {
        size_t len = strnlen(f->buf[i], f->buflen[i]);
        if (len < f->buflen[i] && strcmp(f->buf[i], json_string_value(want)) == 0)
            return 1;
        char held[256];
        quote_bytes(held, sizeof held, f->buf[i], len);
        snprintf(msg, size, "check equals: %s holds \"%s\"%s, expected \"%s\"", name, held,
                 len == f->buflen[i] ? " (not NUL-terminated)" : "", json_string_value(want));
        return 0;
    }
    const char *s = json_string_value(want);
    if (s != NULL && vars_is_variable(s) && vars_expand(s, env, var, sizeof var, err, sizeof err) &&
        vars_find(vars, var) != NULL && !vars_index_value(s, env, &(long long){0}))
        expected = vars_find(vars, var)->value;
    else if (!args_number(want, 1, env, &expected, err, sizeof err)) {
        snprintf(msg, size, "check equals: %s", err);
        return 0;
    }
    frame_output(f, i, &value);
    if (value == expected)
        return 1;
    snprintf(msg, size, "check equals: %s holds %llu (0x%llx), expected %llu (0x%llx)", name,
             (unsigned long long)value, (unsigned long long)value, (unsigned long long)expected,
             (unsigned long long)expected);
    return 0;
}

/* Returns 1 when the value of argument i differs from every variable in list. */
static int distinct_holds(const esc_frame *f, int i, json_t *list, const esc_index_env *env,
                          const esc_vars *vars, char *msg, size_t size)
{
    size_t k;
    json_t *item;
    uint64_t value;
    frame_output(f, i, &value);
    json_array_foreach(list, k, item) {
        char var[ESC_VAR_NAME_MAX], err[256];
        if (!vars_expand(json_string_value(item), env, var, sizeof var, err, sizeof err))
            continue;
        const esc_var *v = vars_find(vars, var);
        if (v != NULL && v->bound && !v->is_string && v->value == value) {
            snprintf(msg, size, "check distinct: %s = 0x%llx, the same handle as %s",
                     f->call->args[i].name, (unsigned long long)value, var);
            return 0;
        }
    }
    return 1;
}

/* Returns 1 when every check that applies to rc holds, 0 with the first failure in msg. */
int frame_check(const esc_frame *f, json_t *check, JET_ERR rc, const esc_index_env *env,
                const esc_vars *vars, char *msg, size_t size)
{
    const char *key, *arg;
    json_t *value, *item;
    json_object_foreach(check, key, value) {
        size_t k;
        int is_bound = strcmp(key, "bound") == 0;
        if ((strcmp(key, "unchanged") == 0) != (rc < 0))
            continue; /* unchanged is about failures, the others about successes */
        if (is_bound || strcmp(key, "unchanged") == 0) {
            json_array_foreach(value, k, item) {
                int i = calls_arg_index(f->call, json_string_value(item));
                uint64_t now = 0;
                if (i < 0 || !f->storage[i])
                    continue;
                frame_output(f, i, &now);
                if (is_bound && !is_bound_value(f, i)) {
                    snprintf(msg, size, "check bound: %s holds 0x%llx (nothing usable was written)",
                             json_string_value(item), (unsigned long long)now);
                    return 0;
                }
                if (!is_bound && !is_unchanged(f, i)) {
                    snprintf(msg, size, "check unchanged: %s was written: it holds 0x%llx, the harness put 0x%llx there",
                             json_string_value(item), (unsigned long long)now,
                             (unsigned long long)f->initial[i]);
                    return 0;
                }
            }
            continue;
        }
        json_object_foreach(value, arg, item) {
            int i = calls_arg_index(f->call, arg);
            if (i < 0 || !f->storage[i])
                continue;
            if (strcmp(key, "distinct") == 0 ? !distinct_holds(f, i, item, env, vars, msg, size)
                                             : !equals_holds(f, i, item, env, vars, msg, size))
                return 0;
        }
    }
    return 1;
}

/* Returns the number of characters appended: one argument as "name=value". */
static int describe_arg(const esc_frame *f, int i, char *out, size_t size)
{
    const char *name = f->call->args[i].name;
    const esc_value *v = &f->val[i];
    espec_argshape shape = espec_argkind_shape(f->call->args[i].kind);
    uint64_t now = 0;
    if (v->type == ESC_VAL_NULLPTR)
        return snprintf(out, size, "%s=NULL", name);
    if (shape == ESPEC_SHAPE_STRING)
        return snprintf(out, size, "%s=\"%s\"", name, (const char *)(uintptr_t)f->slots[i]);
    if (shape == ESPEC_SHAPE_SETSYSPARAMS)
        return snprintf(out, size, "%s=[%zu entries]", name, f->buflen[i]);
    if (f->buf[i] != NULL)
        return snprintf(out, size, "%s=&%s[%zu]%s", name, v->var, f->buflen[i],
                        buffer_untouched(f, i) ? " (untouched)" : " (written)");
    if (f->storage[i]) {
        frame_output(f, i, &now);
        return snprintf(out, size, "%s=&%s->0x%llx%s", name,
                        v->type == ESC_VAL_VAR ? v->var : "", (unsigned long long)now,
                        now == f->initial[i] ? " (unchanged)" : "");
    }
    if (v->type == ESC_VAL_VAR)
        return snprintf(out, size, "%s=%s=0x%llx", name, v->var, (unsigned long long)f->slots[i]);
    if (v->type == ESC_VAL_NIL || v->type == ESC_VAL_GARBAGE)
        return snprintf(out, size, "%s=%s", name, v->type == ESC_VAL_NIL ? "nil" : "garbage");
    return snprintf(out, size, "%s=%llu", name, (unsigned long long)f->slots[i]);
}

/* Returns out, holding the call with its argument values. */
char *frame_describe(const esc_frame *f, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "%s(", f->call->name);
    for (int i = 0; i < f->call->arity && n < size; i++) {
        if (i > 0)
            n += (size_t)snprintf(out + n, size - n, ", ");
        if (n < size)
            n += (size_t)describe_arg(f, i, out + n, size - n);
    }
    if (n < size)
        snprintf(out + n, size - n, ")");
    return out;
}
