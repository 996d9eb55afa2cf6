/* args.c - argument values by kind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include <esespec/names.h>
#include "args.h"
#include "calls.h"

/* Returns the role a variable plays for the kind. */
esc_role args_role(espec_argkind kind)
{
    switch (espec_argkind_shape(kind)) {
    case ESPEC_SHAPE_OUT_HANDLE: case ESPEC_SHAPE_OUT_HANDLE32: case ESPEC_SHAPE_OUT_NUMBER32:
    case ESPEC_SHAPE_OUT_NUMBER64: case ESPEC_SHAPE_OUT_STRING:
        return ESC_ROLE_OUT;
    case ESPEC_SHAPE_INOUT_HANDLE:
        return ESC_ROLE_INOUT;
    default:
        return ESC_ROLE_IN;
    }
}

/* Returns 1 for the shapes passed by value: a JSON null is no NULL pointer for them. */
static int is_by_value(espec_argshape shape)
{
    return shape == ESPEC_SHAPE_HANDLE || shape == ESPEC_SHAPE_HANDLE32 ||
           shape == ESPEC_SHAPE_NUMBER32 || shape == ESPEC_SHAPE_NUMBER64;
}

/* Returns 1 for kinds whose argument points at storage the call may write. */
int args_is_output(espec_argkind kind)
{
    return args_role(kind) != ESC_ROLE_IN;
}

/* Returns 1 and the value of one name from codes, params, grbits or hook constants. */
static int name_value(const char *name, uint64_t *out)
{
    uint32_t v;
    const espec_code *code = espec_code_by_name(name);
    if (code != NULL) {
        *out = (uint64_t)(int64_t)code->value;
        return 1;
    }
    if (espec_param_by_name(name, &v) || espec_grbit_by_name(name, &v) || calls_hook_const(name, &v)) {
        *out = v;
        return 1;
    }
    return 0;
}

/* Returns 1 with the OR of names joined by |, 0 with a message. */
static int names_value(const char *text, uint64_t *out, char *err, size_t errsize)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    *out = 0;
    char *save = NULL;
    int any = 0;
    for (char *tok = strtok_r(buf, "|", &save); tok != NULL; tok = strtok_r(NULL, "|", &save)) {
        tok += strspn(tok, " ");
        for (size_t n = strlen(tok); n > 0 && tok[n - 1] == ' '; n--)
            tok[n - 1] = '\0';
        uint64_t v;
        if (!name_value(tok, &v)) {
            snprintf(err, errsize, "unknown name \"%s\" (not a code, param, grbit or hook constant)", tok);
            return 0;
        }
        *out |= v;
        any = 1;
    }
    if (!any)
        snprintf(err, errsize, "empty name");
    return any;
}

/* Returns 1 with the number, 0 with a message. */
int args_number(json_t *json, int wide, const esc_index_env *env, uint64_t *out, char *err,
                size_t errsize)
{
    long long index;
    if (json_is_integer(json)) {
        json_int_t v = json_integer_value(json);
        if (!wide && (v < INT32_MIN || v > (json_int_t)UINT32_MAX)) {
            snprintf(err, errsize, "%lld does not fit in 32 bits", (long long)v);
            return 0;
        }
        *out = wide ? (uint64_t)v : (uint32_t)v;
        return 1;
    }
    const char *text = json_string_value(json);
    if (text != NULL && (strncmp(text, "0x", 2) == 0 || strncmp(text, "0X", 2) == 0)) {
        /* A hex string: the way to write 64-bit values above what a JSON integer holds here. */
        char *end;
        errno = 0;
        unsigned long long v = strtoull(text + 2, &end, 16);
        if (end == text + 2 || *end != '\0' || errno == ERANGE || (!wide && v > UINT32_MAX)) {
            snprintf(err, errsize, "\"%s\" is not a %d-bit hex number", text, wide ? 64 : 32);
            return 0;
        }
        *out = v;
        return 1;
    }
    if (json_is_string(json) && vars_index_value(json_string_value(json), env, &index)) {
        *out = (uint64_t)index;
        return 1;
    }
    if (json_is_string(json))
        return names_value(json_string_value(json), out, err, errsize);
    snprintf(err, errsize, "expected a number or a name, not %s",
             json_is_null(json) ? "null" : json_is_real(json) ? "a fraction" : "this JSON type");
    return 0;
}

/* Returns 1 with a variable read into out, 0 with a message. */
static int read_var(json_t *json, const esc_index_env *env, esc_value *out, char *err, size_t n)
{
    long long index;
    if (vars_index_value(json_string_value(json), env, &index)) {
        snprintf(err, n, "repeat index %s cannot be bound", json_string_value(json));
        return 0;
    }
    out->type = ESC_VAL_VAR;
    return vars_expand(json_string_value(json), env, out->var, sizeof out->var, err, n);
}

/* Returns 1 for a handle input: variable, nil, null, 0, garbage, number, repeat index; a
 * number must fit a 32-bit handle when wide is 0. */
static int read_handle(json_t *json, int wide, const esc_index_env *env, esc_value *out,
                       char *err, size_t n)
{
    const char *s = json_string_value(json);
    long long index;
    if (json_is_integer(json)) {
        json_int_t v = json_integer_value(json);
        if (!wide && (v < 0 || v > (json_int_t)UINT32_MAX)) {
            snprintf(err, n, "%lld does not fit a 32-bit handle", (long long)v);
            return 0;
        }
        out->type = v == 0 ? ESC_VAL_ZERO : ESC_VAL_NUMBER;
        out->number = (uint64_t)v;
        return 1;
    }
    if (s != NULL && strcmp(s, "nil") == 0)
        out->type = ESC_VAL_NIL;
    else if (s != NULL && strcmp(s, "null") == 0)
        out->type = ESC_VAL_ZERO;
    else if (s != NULL && strcmp(s, "garbage") == 0)
        out->type = ESC_VAL_GARBAGE;
    else if (s != NULL && vars_index_value(s, env, &index)) {
        out->type = ESC_VAL_NUMBER;
        out->number = (uint64_t)index;
    } else if (s != NULL && vars_is_variable(s))
        return read_var(json, env, out, err, n);
    else {
        snprintf(err, n, "a handle is a variable, \"nil\", \"null\", 0, \"garbage\" or a number");
        return 0;
    }
    return 1;
}

/* Returns 1 for a setsysparams array whose entries read, 0 with a message. */
static int read_params(json_t *json, const esc_index_env *env, char *err, size_t n)
{
    size_t i;
    json_t *entry;
    json_array_foreach(json, i, entry) {
        uint32_t paramid;
        uint64_t lparam;
        const char *sz;
        char sub[256];
        if (!args_param_entry(entry, env, &paramid, &lparam, &sz, sub, sizeof sub)) {
            snprintf(err, n, "entry %zu: %s", i, sub);
            return 0;
        }
    }
    return 1;
}

/* Returns 1 with the value read for the kind, 0 with what is wrong. */
int args_read(espec_argkind kind, json_t *json, const esc_index_env *env, esc_value *out,
              char *err, size_t errsize)
{
    espec_argshape shape = espec_argkind_shape(kind);
    memset(out, 0, sizeof *out);
    if (json_is_null(json) && !is_by_value(shape)) {
        out->type = ESC_VAL_NULLPTR;
        return 1;
    }
    const char *s = json_string_value(json);
    switch (shape) {
    case ESPEC_SHAPE_HANDLE: case ESPEC_SHAPE_HANDLE32:
        return read_handle(json, shape == ESPEC_SHAPE_HANDLE, env, out, err, errsize);
    case ESPEC_SHAPE_IN_PHANDLE: case ESPEC_SHAPE_INOUT_HANDLE:
        /* A pointer to a handle: a variable's, or a cell holding any handle value. */
        return read_handle(json, 1, env, out, err, errsize);
    case ESPEC_SHAPE_NUMBER32: case ESPEC_SHAPE_NUMBER64:
        out->type = ESC_VAL_NUMBER;
        return args_number(json, shape == ESPEC_SHAPE_NUMBER64, env, &out->number, err, errsize);
    case ESPEC_SHAPE_STRING:
        out->type = ESC_VAL_STRING;
        out->string = s;
        if (s == NULL)
            snprintf(err, errsize, "a %s argument takes a string or null", espec_argkind_json(kind));
        return s != NULL;
    case ESPEC_SHAPE_SETSYSPARAMS:
        out->type = ESC_VAL_PARAMS;
        if (!json_is_array(json)) {
            snprintf(err, errsize, "setsysparams takes an array of {paramid, lParam, sz} or null");
            return 0;
        }
        return read_params(json, env, err, errsize);
    default: /* out-* outputs: a variable or null */
        if (s != NULL && vars_is_variable(s))
            return read_var(json, env, out, err, errsize);
        snprintf(err, errsize, "%s takes a variable or null", espec_argkind_json(kind));
        return 0;
    }
}

/* Returns 1 with the entry's fields, 0 with a message. */
int args_param_entry(json_t *json, const esc_index_env *env, uint32_t *paramid, uint64_t *lparam,
                     const char **sz, char *err, size_t errsize)
{
    const char *key;
    json_t *value;
    if (!json_is_object(json) || json_object_get(json, "paramid") == NULL) {
        snprintf(err, errsize, "an entry is an object with paramid (and lParam, sz)");
        return 0;
    }
    json_object_foreach(json, key, value)
        if (strcmp(key, "paramid") != 0 && strcmp(key, "lParam") != 0 && strcmp(key, "sz") != 0) {
            snprintf(err, errsize, "unknown key \"%s\" (paramid, lParam, sz)", key);
            return 0;
        }
    uint64_t id = 0;
    *lparam = 0;
    *sz = NULL;
    if (!args_number(json_object_get(json, "paramid"), 0, env, &id, err, errsize))
        return 0;
    *paramid = (uint32_t)id;
    value = json_object_get(json, "lParam");
    if (value != NULL && !args_number(value, 1, env, lparam, err, errsize))
        return 0;
    value = json_object_get(json, "sz");
    if (value != NULL && !json_is_null(value) && !json_is_string(value)) {
        snprintf(err, errsize, "sz is a string or null");
        return 0;
    }
    *sz = json_string_value(value);
    return 1;
}
