/* calls.c - call descriptors and typed thunks, generated from api.def and esehook.def. */
#include <string.h>
#include <esehook.h>
#include "calls.h"

/* Each built function type must be the prototype's: _Generic compares without evaluating, so
 * nothing here links against an engine. */
#define ESE_API(fn, exports, arity, ...)                                                          \
    _Static_assert(_Generic(&fn, esc_fn_##fn: 1, default: 0),                                    \
                   "api.def row " #fn " differs from the prototype in <ese/jet.h>");
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...)                                                                   \
    _Static_assert(_Generic(&fn, esc_fn_##fn: 1, default: 0),                                    \
                   "esehook.def row " #fn " differs from the prototype in <esehook.h>");
#include <esehook.def>
#undef ESEHOOK

/* One slot, converted to the kind's C type (an integer, or a pointer the harness owns). */
#define ESC_SLOT_(i, kind, name) ((esc_ctype_##kind)(uintptr_t)slots[i])
#define ESC_ARGS_0(...)
#define ESC_ARGS_N_(n, ...) ESPEC_FOR_ARGS(n, ESC_SLOT_, __VA_ARGS__)
#define ESC_ARGS_1(...) ESC_ARGS_N_(1, __VA_ARGS__)
#define ESC_ARGS_2(...) ESC_ARGS_N_(2, __VA_ARGS__)
#define ESC_ARGS_3(...) ESC_ARGS_N_(3, __VA_ARGS__)
#define ESC_ARGS_4(...) ESC_ARGS_N_(4, __VA_ARGS__)
#define ESC_ARGS_5(...) ESC_ARGS_N_(5, __VA_ARGS__)
#define ESC_ARGS_6(...) ESC_ARGS_N_(6, __VA_ARGS__)
#define ESC_ARGS_7(...) ESC_ARGS_N_(7, __VA_ARGS__)
#define ESC_ARGS(arity, ...) ESC_ARGS_##arity(__VA_ARGS__)

/* thunk_<name>: returns what the target's function returns. */
#define ESE_API(fn, exports, arity, ...)                                                          \
    static JET_ERR thunk_##fn(const esc_api *api, const esc_hooks *hooks, const uint64_t *slots)  \
    {                                                                                             \
        (void)hooks;                                                                              \
        (void)slots;                                                                              \
        return api->fn(ESC_ARGS(arity, __VA_ARGS__));                                            \
    }
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...)                                                                   \
    static JET_ERR thunk_##fn(const esc_api *api, const esc_hooks *hooks, const uint64_t *slots)  \
    {                                                                                             \
        (void)api;                                                                                \
        (void)slots;                                                                              \
        return hooks->fn(ESC_ARGS(arity, __VA_ARGS__));                                          \
    }
#include <esehook.def>
#undef ESEHOOK

#define ESC_ARG_ENTRY_(i, kind, name) {ESPEC_ARG_##kind, #name}
#define ESC_ENTRIES_0(...) {{0, NULL}}
#define ESC_ENTRIES_N_(n, ...) {ESPEC_FOR_ARGS(n, ESC_ARG_ENTRY_, __VA_ARGS__)}
#define ESC_ENTRIES_1(...) ESC_ENTRIES_N_(1, __VA_ARGS__)
#define ESC_ENTRIES_2(...) ESC_ENTRIES_N_(2, __VA_ARGS__)
#define ESC_ENTRIES_3(...) ESC_ENTRIES_N_(3, __VA_ARGS__)
#define ESC_ENTRIES_4(...) ESC_ENTRIES_N_(4, __VA_ARGS__)
#define ESC_ENTRIES_5(...) ESC_ENTRIES_N_(5, __VA_ARGS__)
#define ESC_ENTRIES_6(...) ESC_ENTRIES_N_(6, __VA_ARGS__)
#define ESC_ENTRIES_7(...) ESC_ENTRIES_N_(7, __VA_ARGS__)
#define ESC_ENTRIES(arity, ...) ESC_ENTRIES_##arity(__VA_ARGS__)

static const esc_call call_table[] = {
#define ESE_API(fn, exports, arity, ...)                                                          \
    {#fn, 0, (exports) == ESE_ANSI, arity, ESC_ENTRIES(arity, __VA_ARGS__),                       \
     offsetof(esc_api, fn), thunk_##fn},
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...)                                                                   \
    {#fn, 1, 0, arity, ESC_ENTRIES(arity, __VA_ARGS__), offsetof(esc_hooks, fn), thunk_##fn},
#include <esehook.def>
#undef ESEHOOK
};

static const struct {
    const char *name;            /* "ESEHOOK_STATE_NORMAL" */
    uint32_t value;              /* its value */
} hook_consts[] = {
#define ESEHOOK_CONST(name, value) {#name, (value)},
#include <esehook.def>
#undef ESEHOOK_CONST
};

/* Returns the number of descriptors. */
size_t calls_count(void)
{
    return sizeof call_table / sizeof call_table[0];
}

/* Returns the i-th descriptor, or NULL past the end. */
const esc_call *calls_at(size_t i)
{
    return i < calls_count() ? &call_table[i] : NULL;
}

/* Returns the descriptor named name, or NULL. */
const esc_call *calls_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < calls_count(); i++)
        if (strcmp(call_table[i].name, name) == 0)
            return &call_table[i];
    return NULL;
}

/* Returns the api.def index of name, or -1. */
int calls_api_index(const char *name)
{
    const esc_call *call = calls_find(name);
    return call != NULL && !call->is_hook ? (int)(call - call_table) : -1;
}

/* Returns 1 when the function's pointer is set in the target's tables. */
int calls_present(const esc_call *call, const esc_api *api, const esc_hooks *hooks)
{
    const void *base = call->is_hook ? (const void *)hooks : (const void *)api;
    if (base == NULL)
        return 0;
    void (*fn)(void) = NULL;
    memcpy(&fn, (const char *)base + call->offset, sizeof fn);
    return fn != NULL;
}

/* Returns 1 and the value when name is an ESEHOOK_CONST, else 0. */
int calls_hook_const(const char *name, uint32_t *value)
{
    for (size_t i = 0; name != NULL && i < sizeof hook_consts / sizeof hook_consts[0]; i++)
        if (strcmp(hook_consts[i].name, name) == 0) {
            *value = hook_consts[i].value;
            return 1;
        }
    return 0;
}

/* Returns the index of the argument called name, or -1. */
int calls_arg_index(const esc_call *call, const char *name)
{
    for (int i = 0; name != NULL && i < call->arity; i++)
        if (strcmp(call->args[i].name, name) == 0)
            return i;
    return -1;
}
