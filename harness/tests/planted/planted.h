/*
 * planted.h - what a planted-bug test target shares (forward.c): every function of api.def and
 * every hook of esehook.def forwarded to a private copy of ref, and a way to override one.
 *
 * A planted target is ref with ONE multi-step bug, for testing `esecheck explore`: the bug
 * needs several calls in a row to show, like the bugs of a real port (a slot reused with state
 * left over, a count that drifts, a generation that wraps, a rule that breaks with a context
 * set). Each target is forward.c plus one file that defines the functions its bug changes; the
 * forwarders are weak, so a strong definition in the bug's file takes their place, and calls
 * ref through PLANTED_REF(fn).
 *
 * ref is loaded with dlopen(RTLD_NOW | RTLD_LOCAL) from PLANTED_REF_PATH, a copy of
 * libeseref.so made for this target alone (CMake), so that a process that loads ref as the
 * reference and this target side by side gets two independent engines: the dynamic loader
 * shares one copy of a library between two dlopens of the same file.
 */
#ifndef PLANTED_H
#define PLANTED_H

#include <pthread.h>
#include <ese/jet.h>
#include <esehook.h>
#include <esespec/api.h>

/* planted_ctype_<KIND>: the C type of an argument kind (argkinds.def). */
#define ESE_ARGKIND(kind, ctype, json, shape) typedef ctype planted_ctype_##kind;
#include <ese/argkinds.def>
#undef ESE_ARGKIND

/* The parameter list and the argument list of an api.def or esehook.def row. */
#define PLANTED_PARAM_(i, kind, name) planted_ctype_##kind name
#define PLANTED_ARG_(i, kind, name) name
#define PLANTED_PARAMS_0(...) void
#define PLANTED_ARGS_0(...)
#define PLANTED_LIST_(M, n, ...) ESPEC_FOR_ARGS(n, M, __VA_ARGS__)
#define PLANTED_PARAMS_1(...) PLANTED_LIST_(PLANTED_PARAM_, 1, __VA_ARGS__)
#define PLANTED_PARAMS_2(...) PLANTED_LIST_(PLANTED_PARAM_, 2, __VA_ARGS__)
#define PLANTED_PARAMS_3(...) PLANTED_LIST_(PLANTED_PARAM_, 3, __VA_ARGS__)
#define PLANTED_PARAMS_4(...) PLANTED_LIST_(PLANTED_PARAM_, 4, __VA_ARGS__)
#define PLANTED_PARAMS_5(...) PLANTED_LIST_(PLANTED_PARAM_, 5, __VA_ARGS__)
#define PLANTED_PARAMS_6(...) PLANTED_LIST_(PLANTED_PARAM_, 6, __VA_ARGS__)
#define PLANTED_PARAMS_7(...) PLANTED_LIST_(PLANTED_PARAM_, 7, __VA_ARGS__)
#define PLANTED_ARGS_1(...) PLANTED_LIST_(PLANTED_ARG_, 1, __VA_ARGS__)
#define PLANTED_ARGS_2(...) PLANTED_LIST_(PLANTED_ARG_, 2, __VA_ARGS__)
#define PLANTED_ARGS_3(...) PLANTED_LIST_(PLANTED_ARG_, 3, __VA_ARGS__)
#define PLANTED_ARGS_4(...) PLANTED_LIST_(PLANTED_ARG_, 4, __VA_ARGS__)
#define PLANTED_ARGS_5(...) PLANTED_LIST_(PLANTED_ARG_, 5, __VA_ARGS__)
#define PLANTED_ARGS_6(...) PLANTED_LIST_(PLANTED_ARG_, 6, __VA_ARGS__)
#define PLANTED_ARGS_7(...) PLANTED_LIST_(PLANTED_ARG_, 7, __VA_ARGS__)
#define PLANTED_PARAMS(arity, ...) PLANTED_PARAMS_##arity(__VA_ARGS__)
#define PLANTED_ARGS(arity, ...) PLANTED_ARGS_##arity(__VA_ARGS__)

/* ref's functions, one typed pointer per row of api.def and esehook.def. */
typedef struct {
#define ESE_API(fn, exports, arity, ...) JET_ERR (*fn)(PLANTED_PARAMS(arity, __VA_ARGS__));
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...) JET_ERR (*fn)(PLANTED_PARAMS(arity, __VA_ARGS__));
#include <esehook.def>
#undef ESEHOOK
} planted_ref_api;

/* ref's copy, loaded on first use (a message and abort() when it cannot be). */
const planted_ref_api *planted_ref(void);
#define PLANTED_REF(fn) (planted_ref()->fn)

/* The bug's file defines it: forget every bit of the bug's state (esehook_reset calls it before
 * resetting ref, so that each explore sequence starts from a fresh library). */
void planted_reset(void);

/* Guards the bug's state: calls can come from several threads. */
extern pthread_mutex_t planted_lock;

#endif /* PLANTED_H */
