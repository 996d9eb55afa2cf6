/*
 * plan.h - a scenario compiled once: every call resolved to its descriptor, every argument to
 * a typed slot (a constant, a variable reference, a string, a NULL pointer), every
 * expectation to a code set for the profile in force, every check to a small record.
 *
 * Loader (plan_compile, from a validated esc_scenario), generator (explore) and shrinker
 * produce plans; the executor (exec.h) and the emitters (emit.h) consume them. Nothing reads
 * JSON while a step runs.
 */
#ifndef ESC_PLAN_H
#define ESC_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <esespec/catalogue.h>
#include "args.h"
#include "calls.h"
#include "scenario.h"

/* One index of a variable reference: a repeat's current iteration, or a literal. */
typedef struct {
    int depth;                   /* >= 0: the iteration of the repeat at this nesting depth */
    long long literal;           /* with depth < 0 */
} plan_index;

/* A variable as a step names it: "$s" (no index) or "$s[$i]", "$s[3]". */
typedef struct {
    uint32_t family;             /* index into plan.families ("s") */
    uint32_t nidx;               /* how many indexes */
    plan_index idx[ESC_MAX_DEPTH]; /* outermost first */
} plan_var;

typedef enum {
    PLAN_ARG_CONST,              /* value holds it: numbers, names, nil, garbage, 0 */
    PLAN_ARG_INDEX,              /* the current iteration of the repeat at depth `index` */
    PLAN_ARG_VAR,                /* a variable: input value, or the out-cell it binds */
    PLAN_ARG_NULLPTR,            /* a NULL pointer */
    PLAN_ARG_STRING,             /* text (may name $TMPDIR) */
    PLAN_ARG_PARAMS              /* a setsysparams array */
} plan_arg_type;

typedef struct {
    plan_arg_type type;          /* how the slot is filled */
    esc_val_type written;        /* how the scenario wrote it (for messages and emitters) */
    uint64_t value;              /* with CONST */
    int index;                   /* with INDEX: the repeat depth */
    plan_var var;                /* with VAR */
    const char *text;            /* with STRING: borrowed (the plan's JSON or the generator's) */
    int tmpdir;                  /* with STRING or PARAMS: it names $TMPDIR */
    JET_SETSYSPARAM_A *params;   /* with PARAMS: entries (sz borrowed), owned by the plan */
    size_t nparams;              /* with PARAMS */
} plan_arg;

/* What an equals check compares with. */
typedef enum {
    PLAN_EQ_NUMBER,              /* number */
    PLAN_EQ_VAR,                 /* var's value */
    PLAN_EQ_STRING,              /* text, for an out-string */
    PLAN_EQ_INDEX                /* the iteration of the repeat at depth `number` */
} plan_eq_kind;

typedef struct {
    int arg;                     /* the argument */
    plan_eq_kind kind;           /* what it compares with */
    uint64_t number;             /* NUMBER, or INDEX's depth */
    plan_var var;                /* VAR */
    const char *text;            /* STRING (borrowed) */
} plan_equals;

/* A distinct check: the argument differs from each variable. */
typedef struct {
    int arg;                     /* the argument */
    plan_var *vars;              /* owned */
    size_t nvars;                /* how many */
} plan_distinct;

typedef struct {
    uint32_t bound;              /* bit i: argument i must hold a usable value (on success) */
    uint32_t unchanged;          /* bit i: argument i must hold what the harness put (on failure) */
    plan_distinct *distinct;     /* owned */
    size_t ndistinct;
    plan_equals *equals;         /* owned */
    size_t nequals;
} plan_check;

typedef struct plan_step {
    const char *pointer;         /* JSON pointer of the step (borrowed or owned by the plan) */
    /* a call step */
    const esc_call *call;        /* what is called */
    plan_arg args[ESPEC_MAX_ARGS]; /* one per argument */
    espec_codeset expect;        /* the codes expected under the plan's profile */
    const espec_clause *clause;  /* the clause the step checks, or NULL */
    const char *thread;          /* NULL for main */
    plan_check check;            /* what is checked after the code matched */
    const char *tally;           /* in a parallel block: its label for the invariants, or NULL */
    int has_if_bound;            /* 1: run only when if_bound is bound */
    plan_var if_bound;           /* with has_if_bound */
    /* a repeat step */
    int is_repeat;               /* 1 for a repeat */
    long long count;             /* iterations */
    int depth;                   /* its nesting depth (0 outermost) */
    const char *index_name;      /* its index, without $ ("i") */
    struct plan_step *steps;     /* owned; a parallel block: its list steps */
    size_t nsteps;
    /* a parallel block (concurrent.h), and the list steps under it */
    int is_parallel;             /* 1 for a parallel block */
    int is_list;                 /* 1 for one thread's list of a block (thread: its name, NULL
                                    for main; steps: its steps) */
    struct esc_invariant *invariants; /* a block's, owned */
    size_t ninvariants;
} plan_step;

typedef struct {
    char **families;             /* variable names without $ and indexes, owned */
    size_t nfamilies;
    size_t cap_families;
    plan_step *steps;            /* owned */
    size_t nsteps;
    char **owned;                /* strings the plan owns (pointers, generated text) */
    size_t nowned;
} esc_plan;

/* Compiles a validated scenario's steps (or a target profile's setup) for a profile.
 * Returns 1, or 0 with what cannot be compiled in err (validation should have caught it). */
int plan_compile(esc_plan *plan, const esc_step *steps, size_t nsteps, espec_profile profile,
                 char *err, size_t errsize);

/* The family index of a variable name ("s"), added when new. */
uint32_t plan_family(esc_plan *plan, const char *name);

/* Keeps a copy of text for the plan's lifetime; returns the copy. */
const char *plan_own(esc_plan *plan, const char *text);

/* Writes a variable reference as a scenario writes it ("$s[$i]"): index names come from the
 * repeats (index_names[depth]); returns out. */
char *plan_var_text(const esc_plan *plan, const plan_var *var, const char *const *index_names,
                    char *out, size_t size);

/* Frees what the plan owns; returns nothing. */
void plan_free(esc_plan *plan);

/* Frees one step's own storage (checks, params, sub-steps); returns nothing. */
void plan_step_free(plan_step *step);

#endif /* ESC_PLAN_H */
