/*
 * report.h - the writers of a run's results: console, JSON, JUnit XML, TAP.
 */
#ifndef ESC_REPORT_H
#define ESC_REPORT_H

#include <stdio.h>
#include "coverage.h"
#include "results.h"

/* What a run selected: its filters, its shard, and where each result stands in the whole
 * (unsharded) selection, so that merge can tell shards that overlap or leave scenarios out. */
typedef struct {
    const char *function;        /* --function, or NULL */
    const char *clause;          /* --clause, or NULL */
    const char *id_glob;         /* --id, or NULL */
    const char *const *paths;    /* the PATHs searched */
    size_t npaths;               /* how many */
    int shard_k, shard_n;        /* --shard K/N (0/0: none) */
    size_t total;                /* scenarios the filters select before sharding */
    const size_t *position;      /* [k]: results[k]'s place (0-based) in that whole selection */
    const char *const *ids;      /* [p]: the id of its scenario p (its path when it has none) */
} esc_selection;

typedef struct {
    const esc_result *results;   /* one per selected scenario, in suite order */
    size_t count;                /* how many */
    const char *program;         /* argv[0], for rerun commands */
    const char *target;          /* the library as given */
    const char *target_profile;  /* --target-profile, or NULL */
    const char *catalogue;       /* --catalogue when not the default, or NULL */
    const char *profile;         /* "documented" */
    double seconds;              /* wall time of the run */
    const esc_coverage *coverage; /* the clause coverage table, or NULL */
    const char *unimplemented;   /* --unimplemented's names, comma-separated, or NULL */
    int linearizable;            /* --linearizable was given */
    const char *repeat;          /* --repeat's N when above 1, or NULL */
    const char *reference;       /* differential mode: --reference, or NULL */
    const char *reference_profile; /* --reference-profile, or NULL */
    const esc_selection *selection; /* what was selected, or NULL (not recorded) */
} esc_run_info;

/* Writes the summary: each non-passing scenario with its message, the command that reruns it
 * alone for a divergence, a FLAKY or an ERROR (status_rerun), then the counts by result, the
 * differences by function and clause (differential mode) and, with a coverage table, its
 * summary line. SKIPs are counted, not listed: those whose clause does not apply by the
 * function of the clause, on a few lines, any other reason on a line of its own;
 * verbose lists each SKIP on a line of its own (id and reason) and passing scenarios too;
 * quiet prints the summary lines only.
 * Returns 0, or -1 on an I/O error. */
int report_console(FILE *out, const esc_run_info *run, int verbose, int quiet);

/* Writes "esecheck --target X [--target-profile F] [--reference R [--reference-profile G]]
 * [--catalogue C] [--unimplemented L] --profile P --id ID path" (shell-quoted) into buf;
 * returns buf. */
char *report_rerun_command(const esc_run_info *run, const esc_result *r, char *buf, size_t size);

/* Counts the results with each status into counts[ESC_STATUS_COUNT]; returns nothing. */
void report_count(const esc_run_info *run, size_t *counts);

/* The run as a JSON object (results.json, format "esecheck-results/1"; the fields are in
 * harness/README.md), with its coverage table when it has one. Returns a new reference. */
struct json_t;
struct json_t *report_json_build(const esc_run_info *run);

/* The differential-mode object of results.json: the reference, its profile, and the steps the
 * DIFFER results list, by function and clause: {"reference", "reference_profile",
 * "differences": [{"function", "clause", "steps", "scenarios"}]} (merge counts it again from
 * the merged results). Returns a new reference. */
struct json_t *report_differential_json(const esc_result *results, size_t n, const char *reference,
                                        const char *reference_profile);

/* Write the run to a file as JSON (with a "coverage" object when the run has a coverage
 * table), JUnit XML or TAP 13. Return 0, or -1 (errno) on failure. */
int report_json(const char *path, const esc_run_info *run);
int report_junit(const char *path, const esc_run_info *run);
int report_tap(const char *path, const esc_run_info *run);

/* The same writers onto an open stream; return 0 or -1. */
int report_junit_stream(FILE *out, const esc_run_info *run);
int report_tap_stream(FILE *out, const esc_run_info *run);

#endif /* ESC_REPORT_H */
