/*
 * steplog.h - what a replay saw besides its verdict, for the reports: the codes each ESE
 * function returned (a behaviour coverage: what a target actually answers, beside what the
 * catalogue lists) and the parts of the diverging step (call with its arguments, expected,
 * actual, clause). Filled in the child that runs the scenario, carried to the main process
 * as one line of JSON (steplog_json), kept in the result (esc_result.observed).
 */
#ifndef ESC_STEPLOG_H
#define ESC_STEPLOG_H

#include <stddef.h>
#include <stdint.h>

#define ESC_STEPLOG_CODES 96        /* distinct (function, code) pairs kept per scenario */

typedef struct {
    const char *function[ESC_STEPLOG_CODES]; /* api.def names (static strings) */
    int32_t code[ESC_STEPLOG_CODES];         /* the code that function returned */
    size_t count;                            /* pairs kept */
    int overflow;                            /* 1 when a pair did not fit */
    int diverged;                            /* 1 when the fields below describe a step */
    char call[1024];                         /* "JetDupSession(sesid=$s, ...)" */
    char expected[256];                      /* "JET_errInvalidSesid (-1104)" or "one of ..." */
    int32_t actual;                          /* the code returned */
    char check[512];                         /* the check that failed, or "" */
    char clause[128];                        /* the clause the step cites, or "" */
} esc_steplog;

/* Notes that function returned code (once per pair); returns nothing. */
void steplog_code(esc_steplog *log, const char *function, int32_t code);

/* Notes the diverging step's parts (expected, check and clause may be NULL); returns nothing. */
void steplog_diverge(esc_steplog *log, const char *call, int32_t actual, const char *expected,
                     const char *check, const char *clause);

/* Writes {"codes": {"JetX": [0, -1104]}, "codes_overflow": true?, "step": {"call", "expected",
 * "actual", "actual_name", "check", "clause"}?} (compact, one line) into out. Returns 1, or 0
 * when it did not fit (out then holds "{}"). */
int steplog_json(const esc_steplog *log, char *out, size_t size);

#endif /* ESC_STEPLOG_H */
