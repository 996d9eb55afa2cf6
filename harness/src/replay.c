/* replay.c - running a scenario's steps against a target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "frame.h"
#include "replay.h"
#include "threads.h"

typedef struct {
    const esc_replay *r;         /* the run */
    const char *label;           /* "" or "target profile setup: " */
    esc_vars vars;               /* variables bound so far */
    esc_index_env env;           /* repeat indexes in force */
    esc_threads *threads;        /* named threads, created on use */
    char *pointer;               /* out: the step that diverged */
    size_t psize;                /* its size */
    char *msg;                   /* out: what diverged */
    size_t msize;                /* its size */
} run_ctx;

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

/* Returns the codes the step expects under the profile in *set. */
static void expected_codes(const run_ctx *c, const esc_step *step, espec_codeset *set)
{
    memset(set, 0, sizeof *set);
    if (step->expect_kind == ESC_EXPECT_CODES)
        *set = step->codes;
    else if (step->expect_kind == ESC_EXPECT_CLAUSE && step->clause != NULL)
        espec_clause_expect(step->clause, c->r->profile, set);
    else
        set->count = 1; /* JET_errSuccess */
}

/* Returns the status given, after writing "label[i=3] " + text into the run's message. */
static esc_status diverge(run_ctx *c, const esc_step *step, esc_status status, const char *text)
{
    char where[128] = "";
    size_t n = 0;
    for (size_t k = 0; k < c->env.count; k++)
        n += (size_t)snprintf(where + n, sizeof where - n, "%s%s=%lld", k ? "," : "[",
                              c->env.items[k].name, c->env.items[k].value);
    if (n > 0)
        snprintf(where + n, sizeof where - n, "] ");
    snprintf(c->pointer, c->psize, "%s", step->pointer);
    snprintf(c->msg, c->msize, "%s%s%s", c->label, where, text);
    return status;
}

/* Returns PASS, or FAIL/ERROR with the divergence recorded, after running one call step. */
static esc_status run_call(run_ctx *c, const esc_step *step)
{
    esc_frame f;
    char err[512], call[1024], text[2048], want[256];
    if (c->r->progress != NULL)
        c->r->progress(c->r->progress_ctx, step->pointer, step->call_name);
    if (!frame_build(&f, step->call, step->args, &c->env, &c->vars, c->r->tmpdir, err, sizeof err)) {
        frame_free(&f);
        return diverge(c, step, ESC_ERROR, err);
    }
    JET_ERR rc;
    if (step->thread == NULL)
        rc = target_call(c->r->target, step->call, f.slots);
    else if (!threads_call(c->threads, step->thread, c->r->target, step->call, f.slots, &rc)) {
        frame_free(&f);
        return diverge(c, step, ESC_ERROR, "cannot start a thread");
    }
    espec_codeset set;
    expected_codes(c, step, &set);
    esc_status status = ESC_PASS;
    int bad;
    /* The call with its arguments is described only for a divergence: formatting it for
     * every step that passes was most of the cost of a long replay. */
    if (!espec_codeset_has(&set, rc)) {
        frame_describe(&f, call, sizeof call);
        snprintf(text, sizeof text, "%s returned %s (%d), expected %s%s%s%s", call,
                 espec_code_name(rc), (int)rc, replay_codes(&set, want, sizeof want),
                 step->clause ? " [clause " : "", step->clause ? step->clause->id : "",
                 step->clause ? "]" : "");
        status = diverge(c, step, ESC_FAIL, text);
    } else if (!frame_guards_ok(&f, &bad)) {
        frame_describe(&f, call, sizeof call);
        snprintf(text, sizeof text, "%s wrote past the %zu-byte buffer of %s", call, f.buflen[bad],
                 step->call->args[bad].name);
        status = diverge(c, step, ESC_FAIL, text);
    } else if (step->check != NULL && !frame_check(&f, step->check, rc, &c->env, &c->vars, err, sizeof err)) {
        frame_describe(&f, call, sizeof call);
        snprintf(text, sizeof text, "%s returned %s (%d): %s", call, espec_code_name(rc), (int)rc, err);
        status = diverge(c, step, ESC_FAIL, text);
    } else if (rc >= 0)
        frame_bind(&f, &c->vars);
    frame_free(&f);
    return status;
}

/* Returns PASS when every step ran as expected, else the first divergence's status. */
static esc_status run_steps(run_ctx *c, const esc_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const esc_step *step = &steps[i];
        esc_status s = ESC_PASS;
        if (!step->is_repeat)
            s = run_call(c, step);
        else {
            c->env.items[c->env.count].name = step->index;
            c->env.count++;
            for (long long k = 0; k < step->count && s == ESC_PASS; k++) {
                c->env.items[c->env.count - 1].value = k;
                s = run_steps(c, step->steps, step->nsteps);
            }
            if (s == ESC_PASS)
                c->env.count--;
        }
        if (s != ESC_PASS)
            return s;
    }
    return ESC_PASS;
}

/* Returns PASS, or FAIL with a message when the hooks cannot reset the target. */
static esc_status reset_target(run_ctx *c)
{
    const esc_hooks *hooks = c->r->target->hooks;
    JET_ERR rc = 0;
    const char *what = "esehook_reset";
    if (hooks == NULL)
        return ESC_PASS;
    if (hooks->esehook_reset != NULL)
        rc = hooks->esehook_reset();
    if (rc == 0 && hooks->esehook_set_profile != NULL) {
        what = "esehook_set_profile";
        rc = hooks->esehook_set_profile(c->r->profile == ESPEC_PROFILE_ESENT ? 1u : 0u);
    }
    if (rc == 0)
        return ESC_PASS;
    snprintf(c->pointer, c->psize, "%s", "");
    snprintf(c->msg, c->msize, "%s returned %s (%d)", what, espec_code_name(rc), (int)rc);
    return ESC_FAIL;
}

/* Returns PASS, FAIL or ERROR, with the diverging step's pointer and message. */
esc_status replay_run(const esc_replay *r, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize)
{
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.pointer = pointer;
    c.psize = psize;
    c.msg = msg;
    c.msize = msize;
    c.label = "target profile setup: ";
    pointer[0] = msg[0] = '\0';
    c.threads = threads_new();
    esc_status s = reset_target(&c);
    if (s == ESC_PASS)
        s = run_steps(&c, r->setup, r->nsetup);
    vars_free(&c.vars);
    c.env.count = 0;
    c.label = "";
    if (s == ESC_PASS)
        s = run_steps(&c, sc->steps, sc->nsteps);
    threads_free(c.threads);
    vars_free(&c.vars);
    return s;
}
