/*
 * <esespec/names.h> - the symbolic numbers a scenario may write: parameter ids (params.def)
 * and option bits (grbits.def).
 */
#ifndef ESESPEC_NAMES_H
#define ESESPEC_NAMES_H

#include <stdint.h>

/* The value of a JET_param..., JET_bit... or JET_config... name: 1 when found, 0 when unknown. */
int espec_param_by_name(const char *name, uint32_t *id);
int espec_grbit_by_name(const char *name, uint32_t *value);

/* The JET_param* name of an id, or NULL. */
const char *espec_param_name(uint32_t id);

#endif /* ESESPEC_NAMES_H */
