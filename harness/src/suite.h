/*
 * suite.h - the scenarios of a run: finding the files (sorted), loading and validating each,
 * ids unique over the suite, and selection (function, clause, id glob, shard).
 *
 * The suite keeps no parsed JSON: each file is loaded, validated, summarized into an
 * esc_entry and freed; whoever runs a scenario loads its file again (suite_open). An entry's
 * strings and arrays live in the suite's arena, so the suite costs a couple of hundred bytes a
 * scenario and nothing else.
 */
#ifndef ESC_SUITE_H
#define ESC_SUITE_H

#include <stdint.h>
#include <esespec/catalogue.h>
#include "scenario.h"

#define ESC_NEED_CALL 0x8000u    /* in esc_entry.needs: a call (calls_at index), else a clause */

/* What the run needs to know of one scenario file without its JSON. */
typedef struct {
    const char *path;            /* the file */
    const char *folder;          /* the name of its directory ("JetDupSession"), or "" */
    const char *id;              /* NULL when missing */
    char *problems;              /* every problem, one per line (malloc'd), NULL when valid */
    const uint16_t *needs;       /* first the clauses cited at the top that the catalogue has
                                    (catalogue indexes, ntop of them, in file order); then, in
                                    step order, each once: a clause a step checks (its catalogue
                                    index) or a function a step calls (ESC_NEED_CALL | its
                                    calls_at index), a step's clause before its call */
    uint16_t ntop;               /* how many top clauses lead needs */
    uint16_t nneeds;             /* how many step needs follow them */
    uint32_t nproblems;          /* how many problems */
    uint8_t caps;                /* ESC_CAP_* required */
} esc_entry;

typedef struct esc_arena esc_arena;

typedef struct {
    esc_entry *items;            /* in sorted path order */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
    esc_arena *arena;            /* the entries' strings and arrays */
} esc_suite;

typedef struct {
    const char *function;        /* calls it or cites one of its clauses; NULL: any */
    const char *clause;          /* cites it; NULL: any */
    const char *id_glob;         /* fnmatch on the id; NULL: any */
    int shard_k;                 /* 1-based shard, 0: all */
    int shard_n;                 /* shards */
} esc_filter;

/* Checks that every path exists. Returns 1, or 0 with "PATH: no such file or directory". */
int suite_check_paths(const char *const *paths, size_t npaths, char *err, size_t errsize);

/* Finds every *.json under the paths (a file is taken as given; a directory is searched
 * recursively, schema.json left out) and adds one entry per file (only its path), sorted.
 * Returns 1, or 0 with a message (a path that does not exist). */
int suite_find(esc_suite *suite, const char *const *paths, size_t npaths, char *err,
               size_t errsize);

/* Loads, validates and summarizes every file of the suite, one at a time (problems kept as
 * text), then flags ids used twice. Returns the number of scenarios with problems. */
size_t suite_load(esc_suite *suite, const espec_catalogue *catalogue);

/* Fills e (strings in the suite's arena) from a loaded and validated scenario; returns
 * nothing. The unit tests summarize scenarios with it too. */
void suite_summarize(esc_suite *suite, const esc_scenario *sc, const espec_catalogue *catalogue,
                     esc_entry *e);

/* Loads a scenario file again to run it, resolving its names (the suite validated it in full
 * when it was loaded). Returns 1, or 0 when it has a problem
 * now (the file changed since suite_load), with them in sc->errors. Free with scenario_free. */
int suite_open(const char *path, const espec_catalogue *catalogue, esc_scenario *sc);

/* 1 when a step of the entry checks the clause (catalogue index), else 0. */
int suite_checks(const esc_entry *e, size_t clause);

/* Marks selected[i] = 1 for each scenario the filter selects (shards split the selection in
 * order: the i-th selected goes to shard i % N + 1). Returns the number selected. */
size_t suite_select(const esc_suite *suite, const esc_filter *filter,
                    const espec_catalogue *catalogue, int *selected);

/* Frees the suite; returns nothing. */
void suite_free(esc_suite *suite);

#endif /* ESC_SUITE_H */
