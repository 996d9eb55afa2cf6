/*
 * target_profile.h - how to drive a particular target (--target-profile FILE, JSON):
 *   {"init": "JetPlatformInitialize", "init-returns": "int" | "void",
 *    "setup": [steps, as in a scenario; "$TMPDIR" in strings is a fresh directory],
 *    "requires": ["ref-hooks"], "profile": "documented",
 *    "expectations": "ledger.json" (relative to the profile file), "description": "...",
 *    "unimplemented": ["JetDupSession", ...] (api.def functions the target does not implement)}
 * Every member is optional.
 */
#ifndef ESC_TARGET_PROFILE_H
#define ESC_TARGET_PROFILE_H

#include <esespec/catalogue.h>
#include "scenario.h"

typedef struct {
    char *path;                  /* the file */
    json_t *root;                /* owns the strings */
    const char *init;            /* per-process init function, or NULL */
    int init_returns_int;        /* 1: int f(void), non-zero is a failure; 0: void f(void) */
    esc_step *setup;             /* steps run before every scenario */
    size_t nsetup;               /* how many */
    unsigned caps;               /* capabilities the setup needs */
    const char *profile;         /* default clause profile, or NULL */
    char *expectations;          /* the ledger's path (resolved), or NULL */
    unsigned char unimplemented[ESC_API_COUNT]; /* [api.def index] 1 when declared unimplemented */
    esc_errors errors;           /* every problem */
} esc_target_profile;

/* Loads and validates a target profile. Returns 1, or 0 with problems in tp->errors. */
int target_profile_load(const char *path, const espec_catalogue *catalogue, esc_target_profile *tp);

/* Frees it; returns nothing. */
void target_profile_free(esc_target_profile *tp);

#endif /* ESC_TARGET_PROFILE_H */
