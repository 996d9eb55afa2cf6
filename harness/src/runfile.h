/*
 * runfile.h - results.json files read back: loaded and checked (format, members the other
 * commands rely on), and turned into the records the report writers take (so that merge
 * writes JUnit and TAP with the writers of a run).
 */
#ifndef ESC_RUNFILE_H
#define ESC_RUNFILE_H

#include <jansson.h>
#include "report.h"

/* Loads a results file written by --json (format "esecheck-results/1"). Returns it, or NULL
 * with "FILE[:line:column]: message" in err. */
json_t *runfile_load(const char *path, char *err, size_t errsize);

/* A run rebuilt from a results object; its strings are borrowed from the object. */
typedef struct {
    esc_run_info info;           /* results, count, program, target, ... (coverage NULL) */
    esc_result *results;         /* the records info points to */
} esc_runfile_run;

/* Fills run from root (which must outlive it); returns nothing. */
void runfile_to_run(const json_t *root, esc_runfile_run *run);

/* Frees what runfile_to_run allocated (not the strings); returns nothing. */
void runfile_free_run(esc_runfile_run *run);

#endif /* ESC_RUNFILE_H */
