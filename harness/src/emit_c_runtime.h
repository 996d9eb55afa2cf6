/*
 * emit_c_runtime.h - the fixed text of the reproducer emit_c writes: three NULL-terminated
 * arrays of lines, written before the plan's tables, between the tables and the steps, and
 * after the steps (emit_c_runtime.c holds them; emit_c.c writes the rest).
 *
 * What the fixed text expects the emitted parts to define:
 *   before emit_c_helpers: TITLE, REFERENCE, PROFILE, NVARS, vars[], NCODES, codes[],
 *                          NWORKERS, workers[];
 *   before emit_c_main:    NSTEPS, steps[], resolve_all(lib) and the step functions.
 */
#ifndef ESC_EMIT_C_RUNTIME_H
#define ESC_EMIT_C_RUNTIME_H

extern const char *const emit_c_prelude[];   /* headers, constants, types */
extern const char *const emit_c_helpers[];   /* storage, observation, threads, loading */
extern const char *const emit_c_main[];      /* running and comparing each step, main */

#endif /* ESC_EMIT_C_RUNTIME_H */
