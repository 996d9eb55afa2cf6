/* replay.c - running a scenario's steps against a target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "exec.h"
#include "plan.h"
#include "replay.h"

/* Returns out, holding the set's codes by name and number. */
char *replay_codes(const espec_codeset *set, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "%s", set->count > 1 ? "one of " : "");
    for (size_t i = 0; i < set->count && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%s (%d)", i ? ", " : "",
                              espec_code_name(set->codes[i]), (int)set->codes[i]);
    return out;
}

/* Returns 1 when the clause applies in the profile; else 0 with a SKIP reason in msg. */
static int clause_applies(const espec_clause *clause, espec_profile profile, char *msg, size_t size)
{
    espec_codeset set;
    if (clause == NULL || espec_clause_expect(clause, profile, &set))
        return 1;
    snprintf(msg, size, "clause %s does not apply in profile %s", clause->id,
             espec_profile_name(profile));
    return 0;
}

/* Returns the call a need of a suite entry names, or NULL when it names a clause. */
static const esc_call *need_call(unsigned need)
{
    return need & ESC_NEED_CALL ? calls_at(need & ~ESC_NEED_CALL) : NULL;
}

/* Returns 0 with an UNSUPPORTED reason in msg when the scenario needs ref's hooks (its
 * capabilities, or a hook function it calls) and the target lacks them, else 1. Hooks are a
 * test instrument, not ESE behaviour: a target without them is never a divergence. */
static int hooks_present(const esc_replay *r, const esc_entry *e, char *msg, size_t size)
{
    if ((e->caps & ESC_CAP_HOOKS) && r->target->hooks == NULL) {
        snprintf(msg, size, "target lacks ref-hooks (no esehook_reset)");
        return 0;
    }
    for (size_t i = e->ntop; i < (size_t)e->ntop + e->nneeds; i++) {
        const esc_call *call = need_call(e->needs[i]);
        if (call != NULL && call->is_hook && !target_has(r->target, call)) {
            snprintf(msg, size, "target lacks %s%s", call->name,
                     r->target->hooks == NULL ? " (no ref-hooks)" : "");
            return 0;
        }
    }
    return 1;
}

/* Returns 1 when the user declared the call unimplemented (--unimplemented, target profile). */
static int declared_unimplemented(const esc_replay *r, const esc_call *call)
{
    return r->unimplemented != NULL && r->unimplemented[call - calls_at(0)];
}

/* Returns the number of ESE functions the entry calls that the target lacks and whose
 * declaration (unimplemented or not) is `declared`; their names, comma-separated, go to out. */
static size_t lacking(const esc_replay *r, const esc_entry *e, int declared, char *out, size_t size)
{
    size_t count = 0, n = 0;
    out[0] = '\0';
    for (size_t i = e->ntop; i < (size_t)e->ntop + e->nneeds; i++) {
        const esc_call *call = need_call(e->needs[i]);
        if (call == NULL || call->is_hook || target_has(r->target, call) ||
            declared_unimplemented(r, call) != declared)
            continue;
        if (n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%s", count ? ", " : "", call->name);
        count++;
    }
    return count;
}

/* Returns MISSING when the entry calls ESE functions the target lacks, with every one named in
 * msg, and *unimplemented = 1 when the user declared each of them unimplemented; else PASS.
 * The one place a missing function is judged. */
static esc_status functions_present(const esc_replay *r, const esc_entry *e, int *unimplemented,
                                    char *msg, size_t size)
{
    char undeclared[512], declared[512]; /* all the names of api.def take under 400 bytes */
    size_t nundeclared = lacking(r, e, 0, undeclared, sizeof undeclared);
    size_t ndeclared = lacking(r, e, 1, declared, sizeof declared);
    *unimplemented = nundeclared == 0 && ndeclared > 0;
    if (nundeclared > 0 && ndeclared > 0)
        snprintf(msg, size, "target lacks %s (and %s, declared unimplemented)", undeclared, declared);
    else if (nundeclared > 0)
        snprintf(msg, size, "target lacks %s", undeclared);
    else if (ndeclared > 0)
        snprintf(msg, size, "target lacks %s (declared unimplemented)", declared);
    return nundeclared + ndeclared > 0 ? ESC_MISSING : ESC_PASS;
}

/* Returns SKIP, UNSUPPORTED or MISSING (with the reason in msg) or PASS when the entry's
 * scenario can run. Only a scenario that would otherwise run can diverge, so: SKIP first (a
 * clause it cites, at the top or on a step, does not apply in the profile: the first in file
 * order), then UNSUPPORTED (it needs ref's hooks), then MISSING (it calls ESE functions the
 * target lacks: all of them named; *unimplemented as functions_present says). */
esc_status replay_preflight_entry(const esc_replay *r, const esc_entry *e, int *unimplemented,
                                  char *msg, size_t size)
{
    msg[0] = '\0';
    *unimplemented = 0;
    for (size_t i = 0; i < (size_t)e->ntop + e->nneeds; i++)
        if (need_call(e->needs[i]) == NULL &&
            !clause_applies(espec_catalogue_at(r->catalogue, e->needs[i]), r->profile, msg, size))
            return ESC_SKIP;
    if (!hooks_present(r, e, msg, size))
        return ESC_UNSUPPORTED;
    return functions_present(r, e, unimplemented, msg, size);
}

/* Returns the entry's answer for the scenario, summarized on the spot (the same summary the
 * suite keeps), so that both answer alike. */
esc_status replay_preflight(const esc_replay *r, const esc_scenario *sc, int *unimplemented,
                            char *msg, size_t size)
{
    esc_suite scratch;
    esc_entry e;
    memset(&scratch, 0, sizeof scratch);
    memset(&e, 0, sizeof e);
    e.path = sc->path ? NULL : "";  /* a target profile's setup has no file of its own */
    suite_summarize(&scratch, sc, r->catalogue, &e);
    esc_status status = replay_preflight_entry(r, &e, unimplemented, msg, size);
    free(e.problems);
    suite_free(&scratch);
    return status;
}

/* Returns 1 with the setup and the scenario compiled, or 0 with both plans freed and the
 * reason in msg (validation should have caught it). The one place a run's plans are made. */
int replay_compile(const esc_replay *r, const esc_scenario *sc, esc_plan *setup, esc_plan *plan,
                   char *msg, size_t msize)
{
    char err[512];
    memset(plan, 0, sizeof *plan); /* plan_free must find it empty when the setup fails */
    if (plan_compile(setup, r->setup, r->nsetup, r->profile, err, sizeof err) &&
        plan_compile(plan, sc->steps, sc->nsteps, r->profile, err, sizeof err))
        return 1;
    snprintf(msg, msize, "cannot compile: %s", err);
    plan_free(setup);
    plan_free(plan);
    return 0;
}

/* Returns nothing; msg starts with "repetition K of N: " after. */
static void repeat_note(char *msg, size_t msize, int k, int runs)
{
    char *copy = strdup(msg);
    if (copy == NULL)
        abort();
    snprintf(msg, msize, "repetition %d of %d: %s", k, runs, copy);
    free(copy);
}

/* Returns PASS, FAIL or ERROR, with the diverging step's pointer and message: the setup and
 * the scenario are compiled into plans once, then run, each in its own variable space. */
esc_status replay_run(const esc_replay *r, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize)
{
    esc_exec x = {.target = r->target, .profile = r->profile, .tmpdir = r->tmpdir,
                  .progress = r->progress, .progress_ctx = r->progress_ctx,
                  .linearizable = r->linearizable, .model = r->model, .catalogue = r->catalogue,
                  .log = r->log};
    esc_plan setup, plan;
    pointer[0] = msg[0] = '\0';
    if (!replay_compile(r, sc, &setup, &plan, msg, msize))
        return ESC_ERROR;
    esc_status status = ESC_PASS;
    int runs = r->repeat > 1 ? r->repeat : 1;
    for (int k = 1; k <= runs && status == ESC_PASS; k++) {
        exec_session *s = exec_begin(&x, msg, msize);
        status = s != NULL ? ESC_PASS : ESC_FAIL;
        if (s != NULL)
            status = exec_plan(s, &setup, "target profile setup: ", pointer, psize, msg, msize);
        if (status == ESC_PASS)
            status = exec_plan(s, &plan, "", pointer, psize, msg, msize);
        exec_end(s);
        if (status != ESC_PASS && runs > 1) /* which repetition: a race shows in some runs only */
            repeat_note(msg, msize, k, runs);
    }
    plan_free(&setup);
    plan_free(&plan);
    return status;
}
