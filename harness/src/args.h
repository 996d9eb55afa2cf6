/*
 * args.h - what an argument value in a scenario means, by the kind api.def gives the argument
 * (cases/FORMAT.md, "Argument values"). Validation and replay read values through here alone.
 */
#ifndef ESC_ARGS_H
#define ESC_ARGS_H

#include <jansson.h>
#include <esespec/api.h>
#include "vars.h"

/* The fixed handles no engine hands out: 64-bit, and 32-bit for JET_DBID (far above any
 * engine's database range, and not all ones). */
#define ESC_GARBAGE_HANDLE 0x00DEADBEEF0BAD00ull
#define ESC_GARBAGE_HANDLE32 0x0BADDB00u

typedef enum {
    ESC_VAL_VAR,                 /* a variable: var holds its expanded name */
    ESC_VAL_NIL,                 /* "nil": all bits set */
    ESC_VAL_ZERO,                /* "null" or 0 for a handle */
    ESC_VAL_GARBAGE,             /* "garbage" */
    ESC_VAL_NUMBER,              /* a number, names, or a repeat index: number holds it */
    ESC_VAL_STRING,              /* a string: string points into the JSON */
    ESC_VAL_NULLPTR,             /* JSON null: a NULL pointer */
    ESC_VAL_PARAMS               /* a setsysparams array */
} esc_val_type;

typedef enum {
    ESC_ROLE_IN,                 /* a variable must be bound already */
    ESC_ROLE_OUT,                /* a variable must be unbound; the call binds it */
    ESC_ROLE_INOUT               /* either */
} esc_role;

typedef struct {
    esc_val_type type;           /* what the value is */
    char var[ESC_VAR_NAME_MAX];  /* with ESC_VAL_VAR: the expanded name */
    uint64_t number;             /* with ESC_VAL_NUMBER */
    const char *string;          /* with ESC_VAL_STRING */
} esc_value;

/* How a variable given for this kind is used. */
esc_role args_role(espec_argkind kind);

/* 1 for the kinds whose argument is storage the call writes (out-*, inout-instance). */
int args_is_output(espec_argkind kind);

/* Reads a value for an argument of this kind. Returns 1, or 0 with what is wrong in err
 * (a value the kind does not accept, an unknown name, a bad variable). */
int args_read(espec_argkind kind, json_t *json, const esc_index_env *env, esc_value *out,
              char *err, size_t errsize);

/* Reads a number written as an integer, a name or names joined with |, or a repeat index;
 * wide is 0 for 32-bit kinds. Returns 1, or 0 with a message. */
int args_number(json_t *json, int wide, const esc_index_env *env, uint64_t *out, char *err,
                size_t errsize);

/* Reads one setsysparams entry {paramid, lParam, sz}. Returns 1, or 0 with a message. */
int args_param_entry(json_t *json, const esc_index_env *env, uint32_t *paramid, uint64_t *lparam,
                     const char **sz, char *err, size_t errsize);

#endif /* ESC_ARGS_H */
