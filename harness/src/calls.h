/*
 * calls.h - the calls a scenario can make: every row of <ese/api.def> and of ref's
 * <esehook.def>, as typed function pointers and as data (a descriptor table with a typed thunk).
 *
 * The C type of each function is built from its argument kinds (argkinds.def gives each
 * kind's C type); calls.c proves at compile time that each built type equals the prototype in
 * <ese/jet.h> or <esehook.h>. Arguments travel as uint64_t slots: integers, or pointers to
 * storage the harness owns; a thunk converts each slot to its kind's C type and calls.
 */
#ifndef ESC_CALLS_H
#define ESC_CALLS_H

#include <stddef.h>
#include <stdint.h>
#include <ese/jet.h>
#include <esespec/api.h>

/* esc_ctype_<KIND>: the C type of an argument kind. */
#define ESE_ARGKIND(kind, ctype, json, shape) typedef ctype esc_ctype_##kind;
#include <ese/argkinds.def>
#undef ESE_ARGKIND

/* The parameter list of a row: "void" for arity 0, else the kinds' C types. */
#define ESC_PARAM_TYPE_(i, kind, name) esc_ctype_##kind
#define ESC_PARAMS_0(...) void
#define ESC_PARAMS_N_(n, ...) ESPEC_FOR_ARGS(n, ESC_PARAM_TYPE_, __VA_ARGS__)
#define ESC_PARAMS_1(...) ESC_PARAMS_N_(1, __VA_ARGS__)
#define ESC_PARAMS_2(...) ESC_PARAMS_N_(2, __VA_ARGS__)
#define ESC_PARAMS_3(...) ESC_PARAMS_N_(3, __VA_ARGS__)
#define ESC_PARAMS_4(...) ESC_PARAMS_N_(4, __VA_ARGS__)
#define ESC_PARAMS_5(...) ESC_PARAMS_N_(5, __VA_ARGS__)
#define ESC_PARAMS_6(...) ESC_PARAMS_N_(6, __VA_ARGS__)
#define ESC_PARAMS_7(...) ESC_PARAMS_N_(7, __VA_ARGS__)
#define ESC_PARAMS(arity, ...) ESC_PARAMS_##arity(__VA_ARGS__)

/* esc_fn_<name>: the pointer type of each function, built from its row. */
#define ESE_API(fn, exports, arity, ...) typedef JET_ERR (*esc_fn_##fn)(ESC_PARAMS(arity, __VA_ARGS__));
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...) typedef JET_ERR (*esc_fn_##fn)(ESC_PARAMS(arity, __VA_ARGS__));
#include <esehook.def>
#undef ESEHOOK

/* ESC_API_COUNT: the number of api.def rows, which come first in the descriptor table (so
 * calls_at(i) for i < ESC_API_COUNT is an ESE function, never a hook). */
enum {
#define ESE_API(fn, exports, arity, ...) ESC_API_INDEX_##fn,
#include <ese/api.def>
#undef ESE_API
    ESC_API_COUNT
};

/* The ESE functions of a target; NULL where the target lacks one. */
typedef struct {
#define ESE_API(fn, exports, arity, ...) esc_fn_##fn fn; /* api.def row */
#include <ese/api.def>
#undef ESE_API
} esc_api;

/* ref's test hooks; a target without esehook_reset has none (the struct pointer is NULL). */
typedef struct {
#define ESEHOOK(fn, arity, ...) esc_fn_##fn fn; /* esehook.def row */
#include <esehook.def>
#undef ESEHOOK
} esc_hooks;

/* Calls the function with the arguments in slots; the pointer must be present. */
typedef JET_ERR (*esc_thunk)(const esc_api *api, const esc_hooks *hooks, const uint64_t *slots);

typedef struct {
    const char *name;                /* "JetDupSession" or "esehook_reset" */
    int is_hook;                     /* 1 for an esehook.def row */
    int has_ansi_alias;              /* also exported as nameA */
    int arity;                       /* number of arguments */
    espec_arg args[ESPEC_MAX_ARGS];  /* kind and name of the first `arity` */
    size_t offset;                   /* of its pointer in esc_api or esc_hooks */
    esc_thunk thunk;                 /* the typed call */
} esc_call;

/* The number of descriptors (api.def rows, then esehook.def rows) and the i-th (NULL past). */
size_t calls_count(void);
const esc_call *calls_at(size_t i);

/* The descriptor of a name, or NULL when neither table has it. */
const esc_call *calls_find(const char *name);

/* The api.def index (0 .. ESC_API_COUNT - 1) of an ESE function's name, or -1 for anything
 * else (a hook included). */
int calls_api_index(const char *name);

/* 1 when the target has the function (hooks may be NULL), else 0. */
int calls_present(const esc_call *call, const esc_api *api, const esc_hooks *hooks);

/* The value of an ESEHOOK_CONST name: 1 when found, 0 when unknown. */
int calls_hook_const(const char *name, uint32_t *value);

/* The index of an argument by name in a call, or -1. */
int calls_arg_index(const esc_call *call, const char *name);

#endif /* ESC_CALLS_H */
