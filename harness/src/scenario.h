/*
 * scenario.h - one scenario file of cases/ (cases/FORMAT.md) as data, and its structural
 * parse. Names (calls, codes, clauses) are resolved by validate.c; replay needs both passes.
 */
#ifndef ESC_SCENARIO_H
#define ESC_SCENARIO_H

#include <jansson.h>
#include <esespec/catalogue.h>
#include "calls.h"
#include "error.h"

/* Capabilities a scenario may require. */
#define ESC_CAP_HOOKS   1u       /* "ref-hooks" */
#define ESC_CAP_THREADS 2u       /* "threads" */
#define ESC_MAX_LISTS 16         /* threads in one parallel block */
#define ESC_CAP_PARALLEL 4u      /* not a requirement: the scenario has a parallel block */

typedef enum {
    ESC_EXPECT_DEFAULT,          /* neither clause nor expect: JET_errSuccess */
    ESC_EXPECT_CODES,            /* "expect": codes */
    ESC_EXPECT_CLAUSE            /* "clause": the clause's codes under the profile */
} esc_expect_kind;

typedef struct esc_step {
    char *pointer;               /* JSON pointer of the step ("/steps/3/steps/0") */
    int is_repeat;               /* 1 for a repeat step */
    /* a call step */
    const char *call_name;       /* "JetDupSession" */
    const esc_call *call;        /* resolved by validation; NULL when unknown */
    json_t *args;                /* the args object, or NULL */
    esc_expect_kind expect_kind; /* where the expected codes come from */
    const char *clause_id;       /* with ESC_EXPECT_CLAUSE */
    const espec_clause *clause;  /* resolved by validation */
    json_t *expect;              /* with ESC_EXPECT_CODES: the raw value */
    espec_codeset codes;         /* with ESC_EXPECT_CODES, resolved by validation */
    json_t *check;               /* the check object, or NULL */
    const char *thread;          /* NULL for main; in a parallel block, its list's thread */
    const char *tally;           /* in a parallel block: the label invariants count it by */
    const char *if_bound;        /* run only when this variable is bound ("$s[$i]"), or NULL */
    int in_parallel;             /* 1 inside a parallel block ("clause" and "expect" may join) */
    struct esc_varref *varrefs;  /* validation's cache: the variables the step names */
    size_t nvarrefs;             /* how many */
    int varrefs_ready;           /* 1 once the cache holds them */
    /* a repeat step */
    long long count;             /* how many times */
    const char *index;           /* the index name, without $ */
    struct esc_step *steps;      /* its steps */
    size_t nsteps;               /* how many */
    /* a parallel block (cases/FORMAT.md): steps holds one list step per thread */
    int is_parallel;             /* 1 for a parallel block */
    int is_list;                 /* 1 for one thread's list in a parallel block: thread names
                                    it, steps are its steps (calls and repeats) */
    json_t *invariants;          /* a parallel block's "invariants" array, or NULL */
} esc_step;

typedef struct {
    char *path;                  /* the file */
    char *folder;                /* the name of its directory ("JetDupSession") */
    json_t *root;                /* owns every string below */
    const char *id;              /* NULL when missing */
    const char *title;           /* NULL when missing */
    const char **clauses;        /* clause ids cited at the top */
    size_t nclauses;             /* how many */
    unsigned caps;               /* ESC_CAP_* required */
    esc_step *steps;             /* the steps */
    size_t nsteps;               /* how many */
    esc_errors errors;           /* every problem found, parse and validation */
} esc_scenario;

/* Reads and parses a file. Returns 1 when the scenario's structure is sound, 0 when problems
 * were recorded in sc->errors (the scenario holds what could be read). Free with
 * scenario_free in both cases. */
int scenario_load(const char *path, esc_scenario *sc);

/* Parses an array of steps (also a target profile's setup). Returns 1, or 0 with problems
 * recorded in errors against source and pointers under base. */
int scenario_parse_steps(json_t *array, const char *source, const char *base, esc_step **steps,
                         size_t *nsteps, esc_errors *errors);

/* Frees steps parsed by scenario_parse_steps; returns nothing. */
void scenario_free_steps(esc_step *steps, size_t nsteps);

/* Frees a scenario; returns nothing. */
void scenario_free(esc_scenario *sc);

/* 1 when some call step (at any depth) calls name. */
int scenario_calls(const esc_scenario *sc, const char *name);

/* 1 when a step (at any depth) checks clause id: its "clause". The coverage table and the
 * rule that a top-level clause has a step checking it both rest on this. */
int scenario_checks(const esc_scenario *sc, const char *clause_id);

/* 1 when the scenario cites clause id at the top or on a step. */
int scenario_cites(const esc_scenario *sc, const char *clause_id);

/* Appends "/key" to a JSON pointer, escaping ~ and / (RFC 6901); returns out. */
char *scenario_pointer(char *out, size_t size, const char *base, const char *key);

#endif /* ESC_SCENARIO_H */
