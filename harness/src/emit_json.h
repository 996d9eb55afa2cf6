/*
 * emit_json.h - a generated sequence written as a scenario of cases/FORMAT.md, whose expected
 * codes and checks are what the reference library returned and wrote (its title says so: it
 * records a difference, not the contract). `esecheck --validate` accepts it, the reference
 * passes it, and a target that diverged fails it at the step where it diverged.
 */
#ifndef ESC_EMIT_JSON_H
#define ESC_EMIT_JSON_H

#include <jansson.h>
#include "exec.h"
#include "plan.h"

/* Returns the scenario (a new reference) for a flat plan and the reference's trace of it. */
json_t *emit_json(const esc_plan *plan, const esc_trace *reference, const char *id, const char *title);

/* Writes a scenario as the cases are written: the top-level members one a line, each step on
 * a line of its own. Returns 1, or 0 when writing failed. */
int emit_json_write(FILE *out, json_t *scenario);

#endif /* ESC_EMIT_JSON_H */
