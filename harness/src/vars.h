/*
 * vars.h - scenario variables: "$s1" names a handle or a value that a step binds once and later
 * steps read; "$s[$i]" inside a repeat names one variable per index value.
 */
#ifndef ESC_VARS_H
#define ESC_VARS_H

#include <stddef.h>
#include <stdint.h>

#define ESC_MAX_DEPTH 8          /* nested repeats */
#define ESC_VAR_NAME_MAX 128     /* longest expanded name */

/* The repeat indexes in force at a step: innermost last. */
typedef struct {
    struct {
        const char *name;        /* "i" (without the $) */
        long long value;         /* the current iteration */
    } items[ESC_MAX_DEPTH];
    size_t count;                /* how many */
} esc_index_env;

typedef struct {
    char *name;                  /* expanded: "$s[3]" */
    int bound;                   /* 1 once written */
    int is_string;               /* 1 when text holds the value */
    uint64_t value;              /* a handle or a number */
    char *text;                  /* an out-string's value */
} esc_var;

typedef struct {
    esc_var *items;              /* in the order first seen */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
    uint32_t *slots;             /* name -> position + 1 in items (open addressing, 0: empty), so
                                    a long repeat does not look names up one by one; a few bytes
                                    a variable, as a repeat of 33000 makes 33000 of them */
    size_t nslots;               /* a power of two, at least twice count */
} esc_vars;

/* 1 when text is written like a variable ("$name", "$name[$i]", "$name[3]"), else 0. */
int vars_is_variable(const char *text);

/* Expands a written variable's indexes with env into out ("$s[$i]" -> "$s[3]"). Returns 1, or
 * 0 with a message in err (bad syntax, index not in force). */
int vars_expand(const char *written, const esc_index_env *env, char *out, size_t size, char *err,
                size_t errsize);

/* 1 and the value when written is exactly a repeat index in force ("$i"), else 0. */
int vars_index_value(const char *written, const esc_index_env *env, long long *value);

/* The variable of that expanded name, or NULL when never seen. */
esc_var *vars_find(const esc_vars *vars, const char *name);

/* 1 when the variable exists and is bound. */
int vars_is_bound(const esc_vars *vars, const char *name);

/* Binds a number (or, with text != NULL, a string). Returns 1, or 0 when already bound. */
int vars_bind(esc_vars *vars, const char *name, uint64_t value, const char *text);

/* Frees every variable; returns nothing. */
void vars_free(esc_vars *vars);

#endif /* ESC_VARS_H */
