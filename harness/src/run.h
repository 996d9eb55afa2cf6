/*
 * run.h - the things esecheck does: validate scenario files, check that every clause has a
 * case, or run a suite against a target and report. main.c parses the options and calls one of these.
 */
#ifndef ESC_RUN_H
#define ESC_RUN_H

#include "options.h"

/* --validate: prints every problem of every file. Returns the exit status: 0 or 2. */
int run_validate(const esc_options *o);

/* --check-coverage: validates every scenario, then prints each clause no step checks.
 * Returns the exit status: 0, 1 (a clause without a case) or 2 (a bad scenario). */
int run_check_coverage(const esc_options *o);

/* Runs the selected scenarios and writes the reports. Returns the exit status: 0, 1 or 2. */
int run_suite(const esc_options *o, const char *program);

#endif /* ESC_RUN_H */
