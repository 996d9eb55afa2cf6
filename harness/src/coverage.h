/*
 * coverage.h - the clause coverage table of a run: for each clause of the catalogue (grouped
 * by function, in catalogue order), the profiles it belongs to, the scenarios whose steps
 * check it ("clause" on a step; the top-level "clauses" list is descriptive) and each one's
 * result in this run. A clause is verified when at least one of them passed (PASS, or XPASS:
 * its raw result is PASS; XFAIL does not verify). An unverified clause one of whose cases
 * could not run because the target lacks a function it calls (raw MISSING, declared
 * unimplemented or not) is counted apart: "unverified: functions missing".
 */
#ifndef ESC_COVERAGE_H
#define ESC_COVERAGE_H

#include <stdio.h>
#include <jansson.h>
#include <esespec/catalogue.h>
#include "results.h"
#include "suite.h"

/* One scenario whose steps check a clause. */
typedef struct {
    const char *id;              /* the scenario id (its path when it has none) */
    const char *path;            /* the file */
    const esc_result *result;    /* its result in this run, or NULL: not run (not selected) */
} esc_coverage_case;

/* One clause of the catalogue. */
typedef struct {
    const espec_clause *clause;  /* the catalogue's entry */
    unsigned profiles;           /* bit 1u << p for each espec_profile p it applies in */
    int applies;                 /* 1 when it applies in the run's profile */
    int verified;                /* 1 when a case passed in this run */
    int functions_missing;       /* 1 when a case's raw result is MISSING */
    esc_coverage_case *cases;    /* the scenarios whose steps check it, in suite order */
    size_t ncases;               /* how many (0: a clause without a case) */
} esc_coverage_row;

typedef struct {
    esc_coverage_row *rows;      /* one per clause, in catalogue order */
    size_t count;                /* how many (the catalogue's size) */
    espec_profile profile;       /* the run's profile */
    size_t verified;             /* clauses verified */
    size_t not_applicable;       /* clauses that do not apply in the profile */
    size_t without_case;         /* applicable clauses no step checks */
    size_t unverified;           /* applicable, checked, but no case passed (or none ran), and
                                    none was MISSING */
    size_t functions_missing;    /* applicable, checked, no case passed, and one was MISSING
                                    (the five counts above partition the catalogue) */
    size_t uncited;              /* clauses no step checks, in any profile (the gate) */
} esc_coverage;

/* Builds the table from the catalogue and the suite's entries; results[i] is entry i's result
 * in this run, or NULL when it did not run (results itself may be NULL: nothing ran). Step
 * clauses that are not in the catalogue are left out (validation reports them). Returns 1,
 * or 0 when memory ran out (cov is then empty). Free with coverage_free. */
int coverage_build(esc_coverage *cov, const espec_catalogue *catalogue,
                   const esc_entry *entries, size_t nentries,
                   const esc_result *const *results, espec_profile profile);

/* Frees the table; returns nothing. */
void coverage_free(esc_coverage *cov);

/* Writes "clauses: V/T verified in profile P (N not applicable, W without a case[, U
 * unverified][, M unverified: functions missing])" and a newline. Returns 0, or -1 on an I/O
 * error. */
int coverage_summary(FILE *out, const esc_coverage *cov);

/* Returns a new JSON object: {"profile", "summary": {"clauses", "verified", "not_applicable",
 * "without_case", "unverified", "functions_missing", "uncited"}, "functions": [{"function",
 * "clauses": [{"id", "text", "profiles", "applies", "verified", "functions_missing", "cases":
 * [{"id", "path", "result"}]}]}]}; a case that did not run has "result": "not run". */
json_t *coverage_json(const esc_coverage *cov);

/* Writes the JSON table alone (coverage_json with "format": "esecheck-clauses/1") to path.
 * Returns 0, or -1 when the file cannot be written. */
int coverage_write_json(const char *path, const esc_coverage *cov);

/* Writes the human table: per function, each clause with its profiles and state, then its
 * cases with their results. Returns 0, or -1 on an I/O error. */
int coverage_write_text(FILE *out, const esc_coverage *cov);

/* Prints "clause without a case: ID" for every clause no step checks; returns how many. */
size_t coverage_print_uncited(FILE *out, const esc_coverage *cov);

#endif /* ESC_COVERAGE_H */
