/*
 * validate.h - checks a parsed scenario against spec/: calls, code names, clauses,
 * capabilities, variables (bound once, bound before use), argument values by kind, checks.
 * Records every problem, and resolves each step's call, clause and codes for replay.
 */
#ifndef ESC_VALIDATE_H
#define ESC_VALIDATE_H

#include <esespec/catalogue.h>
#include "scenario.h"

/* Validates a scenario (after scenario_load). Returns 1 when sc->errors is empty afterwards. */
int validate_scenario(esc_scenario *sc, const espec_catalogue *catalogue);

/* Validates steps on their own (a target profile's setup) with the capabilities caps.
 * Returns 1 when no problem was added to errors. */
int validate_steps(esc_step *steps, size_t nsteps, unsigned caps, const char *source,
                   const espec_catalogue *catalogue, esc_errors *errors);

/* Resolves each step's call, clause and codes once, repeats not expanded, for a scenario
 * validated in full before (the process that runs a scenario the main process validated).
 * Returns 1 when every name resolved. */
int validate_resolve(esc_scenario *sc, const espec_catalogue *catalogue);

/* 1 when the step's expected codes can include success under some profile (so its
 * out-arguments bind). */
int validate_may_succeed(const esc_step *step);

#endif /* ESC_VALIDATE_H */
