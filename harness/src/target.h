/*
 * target.h - an ESE-compatible library loaded with dlopen: one typed pointer per api.def row,
 * and ref's hooks when the library has them. The only place the harness meets dlsym.
 */
#ifndef ESC_TARGET_H
#define ESC_TARGET_H

#include "calls.h"

typedef struct {
    char *path;                  /* what was loaded */
    void *handle;                /* from dlopen */
    esc_api api;                 /* NULL members where a function is missing */
    esc_hooks *hooks;            /* NULL when the library has no esehook_reset */
} esc_target;

/* Loads path (RTLD_NOW | RTLD_LOCAL) and resolves every function by its plain name, then its
 * A alias. Returns 1, or 0 with dlerror's text in err, or with "not an ESE library: none of
 * the N functions found" when it has none of api.def's N functions (then still loaded: close
 * it with target_close). */
int target_open(esc_target *target, const char *path, char *err, size_t errsize);

/* Calls the per-process init function `name` (int f(void) when returns_int, else void f(void)).
 * Returns 1 on success; 0 with a message when the symbol is missing or it returns non-zero. */
int target_init(esc_target *target, const char *name, int returns_int, char *err, size_t errsize);

/* Calls esehook_reset when the target has it (frees what the last in-process scenario left);
 * returns its code, or JET_errSuccess without hooks. */
JET_ERR target_reset(const esc_target *target);

/* Unloads the library; returns nothing. */
void target_close(esc_target *target);

/* 1 when the target has the call (hooks included), else 0. */
int target_has(const esc_target *target, const esc_call *call);

/* Calls a present function with its slots; returns its code. */
JET_ERR target_call(const esc_target *target, const esc_call *call, const uint64_t *slots);

#endif /* ESC_TARGET_H */
