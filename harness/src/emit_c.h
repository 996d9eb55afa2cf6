/*
 * emit_c.h - a standalone C program that reproduces a divergence found by explore.
 *
 * The program dlopens the library named on its command line (argv[1]), resolves each function
 * the plan calls (plain name, then its A alias), makes the plan's calls in order with the same
 * arguments, storage and threads as the harness, prints each step's code by name beside the
 * reference's, and exits 1 at the first step whose code, or whose outputs as the trace records
 * them (a handle written or not, new or the same as a variable; a number; a text), differ from
 * the reference's trace; 0 when none does (not reproduced); 2 when the library does not load.
 *
 * It needs only <ese/jet.h>: `cc -I spec/include repro.c -ldl -lpthread`.
 */
#ifndef ESC_EMIT_C_H
#define ESC_EMIT_C_H

#include <stdio.h>
#include <esespec/catalogue.h>
#include "exec.h"
#include "plan.h"

/* Writes the program for a flat plan and the reference's trace of it (record mode). title goes
 * into the top comment and the output (it should say that the expectations are the reference
 * library's, not the contract's); reference_name names the reference library. The program tells
 * a library with ref's hooks the documented profile; it names the codes the reference returned
 * (a code no entry names is printed by number). Returns 1, or 0 when the plan is not flat
 * (a repeat, an index argument) or writing failed. */
int emit_c(FILE *out, const esc_plan *plan, const esc_trace *reference, const char *title,
           const char *reference_name);

/* What else a reproducer may be told. */
typedef struct {
    espec_profile profile;       /* a library with ref's hooks is switched to it
                                    (esehook_set_profile: 1 for esent, else 0, as the executor does) */
    const esc_trace *target;     /* the target's trace of the plan, or NULL: its codes are named too */
    const char *file_name;       /* the program's file name, for the build command in its top
                                    comment, or NULL ("THIS_FILE.c") */
} emit_c_options;

/* The same with options (NULL: as emit_c). Returns as emit_c. */
int emit_c_with(FILE *out, const esc_plan *plan, const esc_trace *reference,
                const emit_c_options *options, const char *title, const char *reference_name);

#endif /* ESC_EMIT_C_H */
