/*
 * differ.h - differential mode (esecheck --reference LIB): one scenario replayed on the target
 * and on a reference library, each in a child process of its own, in the executor's record
 * mode (each step's code and what it wrote, symbolically: explore's runner and comparison),
 * then every step where the two differ. No expectation is consulted: the reference's word is
 * the only one.
 */
#ifndef ESC_DIFFER_H
#define ESC_DIFFER_H

#include <stdio.h>
#include <esespec/catalogue.h>
#include "results.h"
#include "scenario.h"
#include "target.h"

#define DIFFER_MAX_LISTED 10     /* differing steps a result's message lists */

typedef struct {
    const esc_target *target;    /* under test: side 0 */
    const esc_target *reference; /* compared with: side 1 */
    espec_profile profile;       /* told to a side with hooks; compiles the plans */
    const esc_step *setup[2];    /* [side]: its target profile's setup steps (check mode) */
    size_t nsetup[2];            /* how many */
    double timeout;              /* per side, seconds: a side still running is killed (a hang) */
} esc_differ;

/* Runs the scenario on both sides and compares them step by step: the code, then the outputs
 * the reference's observation implies (explore's comparison), then a side that crashed, hung
 * or whose setup diverged. Returns PASS (no difference), DIFFER (the first differing step's
 * pointer; msg lists each differing step, at most DIFFER_MAX_LISTED, one per line:
 * "POINTER [i=N] Function: target CODE (n), reference CODE (n)[; arg: target X, reference Y]
 * [clause ID]"), or ERROR (the plan cannot be compiled or traced). */
esc_status differ_run(const esc_differ *d, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize);

/* The differing steps of a run, by function and by the clause each step cites. */
typedef struct {
    char function[64];           /* the called function */
    char clause[128];            /* the clause the step cites, "" for none */
    size_t steps;                /* listed differing steps */
    size_t scenarios;            /* DIFFER results with such a step */
} differ_count;

/* Tallies the steps listed in the messages of the DIFFER results (raw status) into a malloc'd
 * array sorted by function then clause; returns its length (*out NULL when 0). */
size_t differ_tally(const esc_result *results, size_t n, differ_count **out);

/* Writes the tally as "differences by function and clause:" and one line per function;
 * nothing when there is none. Returns nothing. */
void differ_print_summary(FILE *out, const esc_result *results, size_t n);

#endif /* ESC_DIFFER_H */
