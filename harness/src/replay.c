/* replay.c - running a scenario's steps against a target. */
#include <stdio.h>
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

/* Returns 1 when the target has the call; else 0 with an UNSUPPORTED reason in msg. */
static int call_present(const esc_replay *r, const esc_call *call, char *msg, size_t size)
{
    if (target_has(r->target, call))
        return 1;
    snprintf(msg, size, "target lacks %s%s", call->name,
             call->is_hook && r->target->hooks == NULL ? " (no ref-hooks)" : "");
    return 0;
}

/* Returns 0 with an UNSUPPORTED reason in msg when the capabilities need hooks the target
 * lacks, else 1. */
static int caps_present(const esc_replay *r, unsigned caps, char *msg, size_t size)
{
    if (!(caps & ESC_CAP_HOOKS) || r->target->hooks != NULL)
        return 1;
    snprintf(msg, size, "target lacks ref-hooks (no esehook_reset)");
    return 0;
}

/* Returns 1 when every step's clause applies and function is present; else 0 with msg and
 * *status (SKIP or UNSUPPORTED). */
static int steps_runnable(const esc_replay *r, const esc_step *steps, size_t n, esc_status *status,
                          char *msg, size_t size)
{
    for (size_t i = 0; i < n; i++) {
        const esc_step *step = &steps[i];
        if (step->is_repeat) {
            if (!steps_runnable(r, step->steps, step->nsteps, status, msg, size))
                return 0;
            continue;
        }
        if (!clause_applies(step->clause, r->profile, msg, size)) {
            *status = ESC_SKIP;
            return 0;
        }
        if (step->call != NULL && !call_present(r, step->call, msg, size)) {
            *status = ESC_UNSUPPORTED;
            return 0;
        }
    }
    return 1;
}

/* Returns SKIP, UNSUPPORTED (with the reason) or PASS when the entry's scenario can run:
 * the checks of replay_preflight in the same order (the needs keep the steps' order). */
esc_status replay_preflight_entry(const esc_replay *r, const esc_entry *e, char *msg, size_t size)
{
    msg[0] = '\0';
    for (size_t i = 0; i < e->ntop; i++)
        if (!clause_applies(espec_catalogue_at(r->catalogue, e->needs[i]), r->profile, msg, size))
            return ESC_SKIP;
    if (!caps_present(r, e->caps, msg, size))
        return ESC_UNSUPPORTED;
    for (size_t i = e->ntop; i < (size_t)e->ntop + e->nneeds; i++) {
        unsigned need = e->needs[i];
        if (!(need & ESC_NEED_CALL)) {
            if (!clause_applies(espec_catalogue_at(r->catalogue, need), r->profile, msg, size))
                return ESC_SKIP;
        } else if (!call_present(r, calls_at(need & ~ESC_NEED_CALL), msg, size))
            return ESC_UNSUPPORTED;
    }
    return ESC_PASS;
}

/* Returns SKIP, UNSUPPORTED (with the reason) or PASS when the scenario can run. */
esc_status replay_preflight(const esc_replay *r, const esc_scenario *sc, char *msg, size_t size)
{
    esc_status status = ESC_PASS;
    msg[0] = '\0';
    for (size_t i = 0; i < sc->nclauses; i++)
        if (!clause_applies(espec_catalogue_find(r->catalogue, sc->clauses[i]), r->profile, msg, size))
            return ESC_SKIP;
    if (!caps_present(r, sc->caps, msg, size))
        return ESC_UNSUPPORTED;
    if (!steps_runnable(r, sc->steps, sc->nsteps, &status, msg, size))
        return status;
    return ESC_PASS;
}

/* Returns PASS, FAIL or ERROR, with the diverging step's pointer and message: the setup and
 * the scenario are compiled into plans once, then run, each in its own variable space. */
esc_status replay_run(const esc_replay *r, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize)
{
    esc_exec x = {.target = r->target, .profile = r->profile, .tmpdir = r->tmpdir,
                  .progress = r->progress, .progress_ctx = r->progress_ctx};
    esc_plan setup, plan;
    char err[512];
    pointer[0] = msg[0] = '\0';
    if (!plan_compile(&setup, r->setup, r->nsetup, r->profile, err, sizeof err) ||
        !plan_compile(&plan, sc->steps, sc->nsteps, r->profile, err, sizeof err)) {
        snprintf(msg, msize, "cannot compile: %s", err);
        plan_free(&setup);
        plan_free(&plan);
        return ESC_ERROR;
    }
    exec_session *s = exec_begin(&x, msg, msize);
    esc_status status = s != NULL ? ESC_PASS : ESC_FAIL;
    if (s != NULL)
        status = exec_plan(s, &setup, "target profile setup: ", pointer, psize, msg, msize);
    if (status == ESC_PASS)
        status = exec_plan(s, &plan, "", pointer, psize, msg, msize);
    exec_end(s);
    plan_free(&setup);
    plan_free(&plan);
    return status;
}
