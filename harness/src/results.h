/*
 * results.h - the outcome of a scenario: one status table (enum, console word, JSON string,
 * JUnit and TAP mapping), the result records of a run, and the expectations ledger.
 */
#ifndef ESC_RESULTS_H
#define ESC_RESULTS_H

#include <stddef.h>

/* ESC_STATUS(NAME, word, json, junit, tap, diverges, rerun)
 *   junit     "" (passed), "failure", "error" or "skipped"
 *   tap       "ok", "not ok", "ok # SKIP" or "not ok # TODO"
 *   diverges  1 when the run fails because of it (exit 1)
 *   rerun     1 when the console prints the command that reruns it alone (the divergences
 *             and ERROR; SKIP, UNSUPPORTED and XFAIL are not someone's next task)
 * MISSING: the scenario calls an ESE function (api.def) the target lacks; UNSUPPORTED: it
 * needs a test instrument the target lacks (ref's hooks), or only functions the user declared
 * unimplemented. DIFFER: differential mode (--reference), a step where the target's code or
 * outputs differ from the reference library's. FLAKY: a divergence (FAIL, DIFFER, CRASH,
 * TIMEOUT) that passed when rerun (--rerun-failures); a divergence only with --strict. */
#define ESC_STATUS_TABLE(X)                                        \
    X(PASS,        "PASS",        "pass",        "",        "ok",            0, 0) \
    X(FAIL,        "FAIL",        "fail",        "failure", "not ok",        1, 1) \
    X(DIFFER,      "DIFFER",      "differ",      "failure", "not ok",        1, 1) \
    X(CRASH,       "CRASH",       "crash",       "error",   "not ok",        1, 1) \
    X(TIMEOUT,     "TIMEOUT",     "timeout",     "error",   "not ok",        1, 1) \
    X(MISSING,     "MISSING",     "missing",     "failure", "not ok",        1, 1) \
    X(FLAKY,       "FLAKY",       "flaky",       "",        "ok",            0, 1) \
    X(UNSUPPORTED, "UNSUPPORTED", "unsupported", "skipped", "ok # SKIP",     0, 0) \
    X(SKIP,        "SKIP",        "skip",        "skipped", "ok # SKIP",     0, 0) \
    X(XFAIL,       "XFAIL",       "xfail",       "skipped", "not ok # TODO", 0, 0) \
    X(XPASS,       "XPASS",       "xpass",       "failure", "not ok",        1, 1) \
    X(ERROR,       "ERROR",       "error",       "error",   "not ok",        0, 1)

typedef enum {
#define ESC_STATUS_ENUM_(name, word, json, junit, tap, diverges, rerun) ESC_##name,
    ESC_STATUS_TABLE(ESC_STATUS_ENUM_)
#undef ESC_STATUS_ENUM_
    ESC_STATUS_COUNT
} esc_status;

const char *status_word(esc_status s);   /* "FAIL" */
const char *status_json(esc_status s);   /* "fail" */
const char *status_junit(esc_status s);  /* "failure", "" when passed */
const char *status_tap(esc_status s);    /* "not ok" */
int status_diverges(esc_status s);       /* 1 when it makes the run fail */
int status_rerun(esc_status s);          /* 1 when the console prints a rerun command */

/* The status named by a word or JSON string (any case): 1 and *out, or 0 when unknown. */
int status_parse(const char *name, esc_status *out);

/* One scenario's result. id, path and folder are borrowed (the suite owns them); message,
 * pointer, note and observed are the result's own, and NULL when empty (a PASS holds only
 * observed: the codes its calls returned). */
typedef struct {
    const char *id;              /* the scenario id (the path when it has none) */
    const char *path;            /* the file */
    const char *folder;          /* its directory name: the JUnit classname */
    esc_status raw;              /* what the run gave */
    esc_status status;           /* raw against the expectations */
    char *message;               /* the divergence or the reason; NULL for none */
    char *pointer;               /* the step where it happened; NULL for none */
    char *note;                  /* what the ledger said, or NULL */
    char *observed;              /* steplog_json of the replay (codes returned, the diverging
                                    step), or NULL */
    int unimplemented;           /* raw is MISSING and the user declared every function it
                                    lacks unimplemented: UNSUPPORTED, not a divergence */
    double seconds;              /* wall time */
} esc_result;

/* Sets a result's status, message and pointer (copies; NULL or "" is kept as NULL); returns
 * nothing. */
void result_set(esc_result *r, esc_status raw, const char *pointer, const char *message);

/* Frees the result's own strings (not id, path, folder); returns nothing. */
void result_free(esc_result *r);

/* The expectations ledger: {"scenario-id": {"result": "FAIL", "reason": "..."}}. */
typedef struct esc_ledger esc_ledger;

/* Loads a ledger. Returns it, or NULL with a message in err. */
esc_ledger *ledger_load(const char *path, char *err, size_t errsize);

/* The status the ledger expects for id: 1 with *status and *reason, 0 when not listed. */
int ledger_lookup(const esc_ledger *ledger, const char *id, esc_status *status, const char **reason);

/* Writes the ledger of a run: its results whose raw status diverges (FAIL, CRASH, TIMEOUT,
 * MISSING), except the ones declared unimplemented. Returns 1, or 0 (errno). */
int ledger_write(const char *path, const esc_result *results, size_t n);

void ledger_free(esc_ledger *ledger);

/* The one place a raw result meets the user's expectations: the functions declared
 * unimplemented (r->unimplemented) and the ledger (may be NULL). Fills r->status and r->note:
 * a MISSING declared unimplemented is UNSUPPORTED; a listed divergence of the same kind is
 * XFAIL; a listed scenario that passes is XPASS; anything else stays raw. */
void status_against_expectation(esc_result *r, const esc_ledger *ledger);

/* The run's exit status from its results: 1 on a divergence, 2 on an ERROR, else 0. */
int results_exit_code(const esc_result *results, size_t n);

#endif /* ESC_RESULTS_H */
