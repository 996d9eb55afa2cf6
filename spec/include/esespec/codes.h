/*
 * <esespec/codes.h> - names, numbers and categories of ESE's codes, expanded from codes.def.
 */
#ifndef ESESPEC_CODES_H
#define ESESPEC_CODES_H

#include <stddef.h>
#include <ese/jet.h>

typedef struct {
    const char *name;       /* "JET_errInvalidSesid" */
    JET_ERR value;          /* -1104 */
    const char *category;   /* "Usage": the JET_ERRCAT leaf, without its prefix */
} espec_code;

/* The number of codes in the table, and the i-th of them (NULL past the end). */
size_t espec_code_count(void);
const espec_code *espec_code_at(size_t i);

/* The entry for a number or a name; NULL when the table does not know it. */
const espec_code *espec_code_by_value(JET_ERR value);
const espec_code *espec_code_by_name(const char *name);

/* A printable name for any number: the table's name, or "unknown code" (never NULL). */
const char *espec_code_name(JET_ERR value);

#endif /* ESESPEC_CODES_H */
