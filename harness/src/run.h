/*
 * run.h - the two things esecheck does: validate scenario files, or run a suite against a
 * target and report. main.c parses the options and calls one of these.
 */
#ifndef ESC_RUN_H
#define ESC_RUN_H

#include "options.h"

/* --validate: prints every problem of every file. Returns the exit status: 0 or 2. */
int run_validate(const esc_options *o);

/* Runs the selected scenarios and writes the reports. Returns the exit status: 0, 1 or 2. */
int run_suite(const esc_options *o, const char *program);

#endif /* ESC_RUN_H */
