/*
 * <esespec/api.h> - the functions of <ese/api.def> as data: names, exports, argument kinds.
 *
 * Also the small macro kit that walks an api.def row's argument list; the harness uses it to
 * generate typed call thunks, this library to fill the table below.
 */
#ifndef ESESPEC_API_H
#define ESESPEC_API_H

#include <stddef.h>

/* Values of api.def's `exports` column. */
#define ESE_PLAIN 0
#define ESE_ANSI  1

#define ESPEC_MAX_ARGS 7

typedef enum {
#define ESE_ARGKIND(kind, ctype, json, shape) ESPEC_ARG_##kind,
#include <ese/argkinds.def>
#undef ESE_ARGKIND
    ESPEC_ARG_COUNT
} espec_argkind;

/* How an argument is read, stored and checked (argkinds.def, shape column). */
typedef enum {
    ESPEC_SHAPE_HANDLE,          /* a 64-bit handle by value */
    ESPEC_SHAPE_HANDLE32,        /* a 32-bit handle by value (JET_DBID) */
    ESPEC_SHAPE_OUT_HANDLE,      /* a pointer to a 64-bit handle the call writes */
    ESPEC_SHAPE_OUT_HANDLE32,    /* a pointer to a 32-bit handle the call writes */
    ESPEC_SHAPE_INOUT_HANDLE,    /* a pointer to a 64-bit handle read and written */
    ESPEC_SHAPE_IN_PHANDLE,      /* a pointer to a 64-bit handle the call reads */
    ESPEC_SHAPE_NUMBER32,        /* a 32-bit number */
    ESPEC_SHAPE_NUMBER64,        /* a 64-bit number */
    ESPEC_SHAPE_OUT_NUMBER32,    /* a pointer to a 32-bit number the call writes */
    ESPEC_SHAPE_OUT_NUMBER64,    /* a pointer to a 64-bit number the call writes */
    ESPEC_SHAPE_STRING,          /* a NUL-terminated string, or NULL */
    ESPEC_SHAPE_OUT_STRING,      /* a buffer the call writes; its size is the next argument */
    ESPEC_SHAPE_SETSYSPARAMS     /* an array of JET_SETSYSPARAM_A */
} espec_argshape;

typedef struct {
    espec_argkind kind;     /* what the argument is */
    const char *name;       /* its name in the prototype ("psesid") */
} espec_arg;

typedef struct {
    const char *name;               /* "JetBeginSession" */
    int has_ansi_alias;             /* exported as nameA too */
    int arity;                      /* number of arguments */
    espec_arg args[ESPEC_MAX_ARGS]; /* the first `arity` are used */
} espec_api;

size_t espec_api_count(void);
const espec_api *espec_api_at(size_t i);             /* NULL past the end */
const espec_api *espec_api_by_name(const char *name); /* NULL when not in api.def */

/* The scenario-side name of an argument kind ("out-sesid"), from argkinds.def. */
const char *espec_argkind_json(espec_argkind kind);

/* The shape of an argument kind, from argkinds.def. */
espec_argshape espec_argkind_shape(espec_argkind kind);

/*
 * ESPEC_FOR_ARGS(arity, M, ...) applies M to each (KIND, name) pair of an api.def row,
 * separated by commas: ESPEC_FOR_ARGS(2, M, (SESID, s), (OUT_SESID, p)) gives
 * M(0, SESID, s), M(1, OUT_SESID, p). Arity 0 gives nothing.
 */
#define ESPEC_APPLY_(M, i, pair) ESPEC_APPLY2_(M, i, ESPEC_UNPAREN_ pair)
#define ESPEC_APPLY2_(M, i, ...) ESPEC_APPLY3_(M, i, __VA_ARGS__)
#define ESPEC_APPLY3_(M, i, kind, name) M(i, kind, name)
#define ESPEC_UNPAREN_(...) __VA_ARGS__
#define ESPEC_FOR_ARGS_0(M, ...)
#define ESPEC_FOR_ARGS_1(M, a) ESPEC_APPLY_(M, 0, a)
#define ESPEC_FOR_ARGS_2(M, a, b) ESPEC_FOR_ARGS_1(M, a), ESPEC_APPLY_(M, 1, b)
#define ESPEC_FOR_ARGS_3(M, a, b, c) ESPEC_FOR_ARGS_2(M, a, b), ESPEC_APPLY_(M, 2, c)
#define ESPEC_FOR_ARGS_4(M, a, b, c, d) ESPEC_FOR_ARGS_3(M, a, b, c), ESPEC_APPLY_(M, 3, d)
#define ESPEC_FOR_ARGS_5(M, a, b, c, d, e) ESPEC_FOR_ARGS_4(M, a, b, c, d), ESPEC_APPLY_(M, 4, e)
#define ESPEC_FOR_ARGS_6(M, a, b, c, d, e, f) ESPEC_FOR_ARGS_5(M, a, b, c, d, e), ESPEC_APPLY_(M, 5, f)
#define ESPEC_FOR_ARGS_7(M, a, b, c, d, e, f, g) ESPEC_FOR_ARGS_6(M, a, b, c, d, e, f), ESPEC_APPLY_(M, 6, g)
#define ESPEC_FOR_ARGS(arity, M, ...) ESPEC_FOR_ARGS_##arity(M, __VA_ARGS__)

#endif /* ESESPEC_API_H */
