/* api.c - the function table of api.def as data. */
#include <string.h>
#include <esespec/api.h>

#define ARG_ENTRY(i, kind, name) {ESPEC_ARG_##kind, #name}
#define ESE_API(fn, exports, arity, ...) \
    {#fn, (exports) == ESE_ANSI, arity, {ESPEC_FOR_ARGS(arity, ARG_ENTRY, __VA_ARGS__)}},

static const espec_api api_table[] = {
#include <ese/api.def>
};
#undef ESE_API

static const char *const argkind_json[] = {
#define ESE_ARGKIND(kind, ctype, json, shape) json,
#include <ese/argkinds.def>
#undef ESE_ARGKIND
};

static const espec_argshape argkind_shape[] = {
#define ESE_ARGKIND(kind, ctype, json, shape) ESPEC_SHAPE_##shape,
#include <ese/argkinds.def>
#undef ESE_ARGKIND
};

size_t espec_api_count(void)
{
    return sizeof api_table / sizeof api_table[0];
}

const espec_api *espec_api_at(size_t i)
{
    return i < espec_api_count() ? &api_table[i] : NULL;
}

const espec_api *espec_api_by_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < espec_api_count(); i++)
        if (strcmp(api_table[i].name, name) == 0)
            return &api_table[i];
    return NULL;
}

const char *espec_argkind_json(espec_argkind kind)
{
    return (unsigned)kind < ESPEC_ARG_COUNT ? argkind_json[kind] : "?";
}

espec_argshape espec_argkind_shape(espec_argkind kind)
{
    return (unsigned)kind < ESPEC_ARG_COUNT ? argkind_shape[kind] : ESPEC_SHAPE_NUMBER32;
}
