/*
 * pvars.h - the variables of a running plan. A plan names a variable by family and indexes
 * (plan_var); at run time the indexes take the current iterations of their repeats. A
 * variable without indexes lives in its family's own cell (one array access); an indexed one
 * in a hash table keyed by family and index values.
 */
#ifndef ESC_PVARS_H
#define ESC_PVARS_H

#include <stddef.h>
#include <stdint.h>
#include "plan.h"

#define PVARS_BLOCK 256          /* indexed variables allocated at once (a repeat makes many) */
#define PVARS_FIRST_BLOCK 16     /* ... in the first block; each next one twice that, up to
                                    PVARS_BLOCK (16 << 4 = 256) */

typedef struct {
    uint32_t family;             /* the plan's family */
    uint32_t nidx;               /* how many indexes */
    long long idx[ESC_MAX_DEPTH]; /* their values */
} pvar_key;

typedef struct {
    pvar_key key;                /* which variable */
    int bound;                   /* 1 once written */
    int is_string;               /* 1 when text holds the value */
    uint64_t value;              /* a handle or a number */
    char *text;                  /* an out-string's value */
    uint64_t order;              /* when it was bound (1, 2, ...) */
} pvar;

/* A number some variable holds, and the family of the first variable bound to it: what the
 * recorder looks up to say "the value of $s1" without visiting every variable. */
typedef struct {
    uint64_t value;              /* the number */
    uint32_t family;             /* the family of the first variable bound to it */
    uint32_t used;               /* 1: the slot is taken */
} pvar_value;

typedef struct {
    pvar *scalars;               /* one per family, for variables without indexes */
    size_t nscalars;
    pvar **table;                /* indexed variables: open addressing, NULL = empty */
    size_t nslots;               /* a power of two, at least twice count */
    size_t count;                /* indexed variables */
    pvar **blocks;               /* where indexed variables live: blocks of block_cells() */
    size_t nblocks;
    size_t used;                 /* cells taken in the last block */
    uint64_t next_order;         /* the next binding's order */
    pvar_value *by_value;        /* the first-bound family of each number: open addressing */
    size_t nvslots;              /* a power of two, at least twice nvalues */
    size_t nvalues;              /* distinct numbers bound */
} pvars;

/* Resolves var with the current iterations (iters[depth]) into key; returns key. */
pvar_key *pvars_key(const plan_var *var, const long long *iters, pvar_key *key);

/* The variable of key, or NULL when it was never bound. */
pvar *pvars_get(const pvars *vars, const pvar_key *key);

/* Binds key to a number (or, with text != NULL, a string). Returns 1, or 0 when already bound. */
int pvars_bind(pvars *vars, const pvar_key *key, uint64_t value, const char *text);

/* Returns 1 with the family of the first variable bound to value (not a string) in *family,
 * or 0 when no variable holds it. */
int pvars_first_with(const pvars *vars, uint64_t value, uint32_t *family);

/* Calls fn for each bound variable, in no particular order, until it returns non-zero;
 * returns that value, or 0. */
int pvars_each(const pvars *vars, int (*fn)(void *ctx, const pvar *v), void *ctx);

/* Writes the variable's name with its index values ("$s[3]"); returns out. */
char *pvars_name(const esc_plan *plan, const pvar_key *key, char *out, size_t size);

/* Frees every variable; returns nothing. */
void pvars_free(pvars *vars);

#endif /* ESC_PVARS_H */
