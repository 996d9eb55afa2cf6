/*
 * forward.c - every api.def function and esehook.def hook of a planted target, forwarded to its
 * private copy of ref. Generated from the X-macro tables: nothing is listed by hand. Each
 * forwarder is weak: the bug's file replaces the ones its bug changes. esehook_reset also
 * forgets the bug's state (planted_reset).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "planted.h"

pthread_mutex_t planted_lock = PTHREAD_MUTEX_INITIALIZER;

static planted_ref_api ref_api;
static pthread_once_t ref_once = PTHREAD_ONCE_INIT;

/* Returns nothing; loads the copy of ref and resolves every function (aborts when one lacks). */
static void load_ref(void)
{
    void *lib = dlopen(PLANTED_REF_PATH, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "planted target: cannot load ref: %s\n", dlerror());
        abort();
    }
#define RESOLVE_(fn)                                                                            \
    if ((*(void **)&ref_api.fn = dlsym(lib, #fn)) == NULL) {                                    \
        fprintf(stderr, "planted target: ref (%s) has no %s\n", PLANTED_REF_PATH, #fn);        \
        abort();                                                                                \
    }
#define ESE_API(fn, exports, arity, ...) RESOLVE_(fn)
#include <ese/api.def>
#undef ESE_API
#define ESEHOOK(fn, arity, ...) RESOLVE_(fn)
#include <esehook.def>
#undef ESEHOOK
#undef RESOLVE_
}

const planted_ref_api *planted_ref(void)
{
    pthread_once(&ref_once, load_ref);
    return &ref_api;
}

/* The forwarders: fn (and fnA where api.def says ESE_ANSI, calling fn, so that a bug planted in
 * fn shows through both names). */
#define ESE_API(fn, exports, arity, ...)                                                        \
    __attribute__((weak)) JET_ERR fn(PLANTED_PARAMS(arity, __VA_ARGS__))                       \
    {                                                                                           \
        return PLANTED_REF(fn)(PLANTED_ARGS(arity, __VA_ARGS__));                              \
    }
#include <ese/api.def>
#undef ESE_API
#define ANSI_ALIAS_0(fn, arity, ...)
#define ANSI_ALIAS_1(fn, arity, ...)                                                            \
    JET_ERR fn##A(PLANTED_PARAMS(arity, __VA_ARGS__))                                           \
    {                                                                                           \
        return fn(PLANTED_ARGS(arity, __VA_ARGS__));                                            \
    }
#define ANSI_ALIAS_(exports, fn, arity, ...) ANSI_ALIAS_##exports(fn, arity, __VA_ARGS__)
#define ANSI_ALIAS(exports, fn, arity, ...) ANSI_ALIAS_(exports, fn, arity, __VA_ARGS__)
#define ESE_API(fn, exports, arity, ...) ANSI_ALIAS(exports, fn, arity, __VA_ARGS__)
#include <ese/api.def>
#undef ESE_API

/* The hooks; esehook_reset first forgets the bug's state. */
#define ESEHOOK(fn, arity, ...)                                                                 \
    __attribute__((weak)) JET_ERR fn(PLANTED_PARAMS(arity, __VA_ARGS__))                       \
    {                                                                                           \
        if (strcmp(#fn, "esehook_reset") == 0)                                                  \
            planted_reset();                                                                    \
        return PLANTED_REF(fn)(PLANTED_ARGS(arity, __VA_ARGS__));                              \
    }
#include <esehook.def>
#undef ESEHOOK
