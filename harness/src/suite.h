/*
 * suite.h - the scenarios of a run: finding the files (sorted), loading and validating each,
 * ids unique over the suite, and selection (function, clause, id glob, shard).
 */
#ifndef ESC_SUITE_H
#define ESC_SUITE_H

#include <esespec/catalogue.h>
#include "scenario.h"

typedef struct {
    esc_scenario *items;         /* in sorted path order */
    size_t count;                /* how many */
} esc_suite;

typedef struct {
    const char *function;        /* calls it or cites one of its clauses; NULL: any */
    const char *clause;          /* cites it; NULL: any */
    const char *id_glob;         /* fnmatch on the id; NULL: any */
    int shard_k;                 /* 1-based shard, 0: all */
    int shard_n;                 /* shards */
} esc_filter;

/* Finds every *.json under the paths (a file is taken as given; a directory is searched
 * recursively, schema.json left out), sorted. Returns 1, or 0 with a message (a path that
 * does not exist). *files is a NULL-terminated array to free with suite_free_files. */
int suite_find(const char *const *paths, size_t npaths, char ***files, size_t *nfiles, char *err,
               size_t errsize);
void suite_free_files(char **files);

/* Loads and validates every file into the suite (scenarios with problems keep them in
 * their errors), then flags ids used twice. Returns the number of scenarios with problems. */
size_t suite_load(esc_suite *suite, char *const *files, size_t nfiles,
                  const espec_catalogue *catalogue);

/* Marks selected[i] = 1 for each scenario the filter selects (shards split the selection in
 * order: the i-th selected goes to shard i % N + 1). Returns the number selected. */
size_t suite_select(const esc_suite *suite, const esc_filter *filter,
                    const espec_catalogue *catalogue, int *selected);

/* Frees the suite; returns nothing. */
void suite_free(esc_suite *suite);

#endif /* ESC_SUITE_H */
