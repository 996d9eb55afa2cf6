/*
 * report_cmd.h - the commands that read results files (esecheck report, esecheck merge):
 * their options, loading the files, and the HTML report of results objects with the catalogue.
 */
#ifndef ESC_REPORT_CMD_H
#define ESC_REPORT_CMD_H

#include <stddef.h>
#include <jansson.h>
#include "report.h"

typedef struct {
    const char *json, *junit, *tap, *html; /* output files, or NULL */
    const char *catalogue;       /* --catalogue (default: spec/clauses.json) */
    int help;                    /* --help */
    char *const *files;          /* the results files */
    size_t nfiles;               /* how many */
} esc_report_options;

/* Parses argv (argv[0] is the command's name). Returns 1, or 0 with a message in err. */
int report_cmd_parse(int argc, char **argv, esc_report_options *o, char *err, size_t errsize);

/* Loads every results file into runs[]. Returns 1, or 0 after printing each bad one (runs
 * then holds NULLs for them). */
int report_cmd_load(const esc_report_options *o, json_t **runs);

/* Writes the HTML report of the n results objects, with the clauses of the catalogue file.
 * Returns 1, or 0 after printing why not. */
int report_cmd_html(const char *path, json_t *const *runs, size_t n, const char *catalogue);

/* Writes a run's HTML report (the object of report_json_build). Returns 0 or -1. */
int report_html_run(const char *path, const esc_run_info *run, const char *catalogue);

/* `esecheck report RESULTS.json... --html FILE [--catalogue FILE]`: argv[0] is "report".
 * Returns 0, or 2 on a usage error or a file that cannot be read or written. */
int report_main(int argc, char **argv, const char *program);

#endif /* ESC_REPORT_CMD_H */
