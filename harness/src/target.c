/* target.c - dlopen, dlsym and the typed function tables of a target. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target.h"

/* Returns the symbol name, else its A alias when the row has one, else NULL. */
static void *resolve(void *handle, const char *name, int has_ansi_alias)
{
    void *sym = dlsym(handle, name);
    if (sym == NULL && has_ansi_alias) {
        char alias[128];
        snprintf(alias, sizeof alias, "%sA", name);
        sym = dlsym(handle, alias);
    }
    return sym;
}

/* Returns the number of api.def functions the target has. */
static size_t api_found(const esc_target *target)
{
    size_t n = 0;
    for (size_t i = 0; i < ESC_API_COUNT; i++)
        n += (size_t)target_has(target, calls_at(i));
    return n;
}

/* Returns 1 when loaded (missing functions are left NULL), 0 with a message. */
int target_open(esc_target *target, const char *path, char *err, size_t errsize)
{
    memset(target, 0, sizeof *target);
    target->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (target->handle == NULL) {
        snprintf(err, errsize, "cannot load target: %s", dlerror());
        return 0;
    }
    target->path = strdup(path);
#define ESE_API(fn, exports, arity, ...) \
    target->api.fn = (esc_fn_##fn)resolve(target->handle, #fn, (exports) == ESE_ANSI);
#include <ese/api.def>
#undef ESE_API
    if (api_found(target) == 0) { /* libc, say: every scenario would be MISSING for nothing */
        snprintf(err, errsize, "not an ESE library: none of the %d functions found", ESC_API_COUNT);
        return 0;
    }
    if (dlsym(target->handle, "esehook_reset") != NULL) {
        target->hooks = calloc(1, sizeof *target->hooks);
        if (target->hooks == NULL) {
            snprintf(err, errsize, "out of memory");
            return 0;
        }
#define ESEHOOK(fn, arity, ...) target->hooks->fn = (esc_fn_##fn)resolve(target->handle, #fn, 0);
#include <esehook.def>
#undef ESEHOOK
    }
    return 1;
}

/* Returns 1 when the init function ran and (if it returns int) returned 0. */
int target_init(esc_target *target, const char *name, int returns_int, char *err, size_t errsize)
{
    void *sym = dlsym(target->handle, name);
    if (sym == NULL) {
        snprintf(err, errsize, "target has no init function %s", name);
        return 0;
    }
    if (!returns_int) {
        ((void (*)(void))sym)();
        return 1;
    }
    int rc = ((int (*)(void))sym)();
    if (rc != 0) {
        snprintf(err, errsize, "init function %s returned %d", name, rc);
        return 0;
    }
    return 1;
}

/* Returns esehook_reset's code, or JET_errSuccess when the target has no hooks. */
JET_ERR target_reset(const esc_target *target)
{
    if (target->hooks == NULL || target->hooks->esehook_reset == NULL)
        return JET_errSuccess;
    return target->hooks->esehook_reset();
}

/* Returns nothing; the target is empty afterwards. */
void target_close(esc_target *target)
{
    if (target->handle != NULL)
        dlclose(target->handle);
    free(target->hooks);
    free(target->path);
    memset(target, 0, sizeof *target);
}

/* Returns 1 when the call's function was found. */
int target_has(const esc_target *target, const esc_call *call)
{
    return calls_present(call, &target->api, target->hooks);
}

/* Returns the code the target's function returned. */
JET_ERR target_call(const esc_target *target, const esc_call *call, const uint64_t *slots)
{
    return call->thunk(&target->api, target->hooks, slots);
}
