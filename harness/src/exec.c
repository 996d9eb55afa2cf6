/* exec.c - running a plan against a target: the session, the step loop, the verdict of a step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "concurrent.h"
#include "exec_internal.h"
#include "history.h"
#include "linearize.h"
#include "replay.h"

exec_session *exec_begin(const esc_exec *x, char *msg, size_t msize)
{
    const esc_hooks *hooks = x->target->hooks;
    JET_ERR rc = 0;
    const char *what = "esehook_reset";
    msg[0] = '\0';
    if (hooks != NULL && hooks->esehook_reset != NULL)
        rc = hooks->esehook_reset();
    if (hooks != NULL && rc == 0 && hooks->esehook_set_profile != NULL) {
        what = "esehook_set_profile";
        rc = hooks->esehook_set_profile(x->profile == ESPEC_PROFILE_ESENT ? 1u : 0u);
    }
    if (rc != 0) {
        snprintf(msg, msize, "%s returned %s (%d)", what, espec_code_name(rc), (int)rc);
        return NULL;
    }
    exec_session *s = calloc(1, sizeof *s);
    if (s == NULL)
        abort();
    s->x = x;
    s->threads = threads_new();
    s->vars = &s->own_vars;
    return s;
}

void exec_end(exec_session *s)
{
    if (s == NULL)
        return;
    threads_free(s->threads);
    pvars_free(s->vars);
    linearize_free(s->lin);
    free(s);
}

/* Returns the status given, after writing "label[i=3] " + text into the run's message. */
esc_status exec_diverge(exec_session *s, const plan_step *step, esc_status status, const char *text)
{
    char where[160] = "";
    size_t n = 0;
    for (size_t k = 0; k < s->depth && n < sizeof where; k++)
        n += (size_t)snprintf(where + n, sizeof where - n, "%s%s=%lld", k ? "," : "[",
                              s->index_names[k], s->iters[k]);
    if (n > 0 && n < sizeof where)
        snprintf(where + n, sizeof where - n, "] ");
    snprintf(s->pointer, s->psize, "%s", step->pointer);
    snprintf(s->msg, s->msize, "%s%s%s", s->label, where, text);
    return status;
}

void exec_bind_outputs(exec_session *s, const xframe *f)
{
    for (int i = 0; i < f->step->call->arity; i++) {
        if (f->step->args[i].type != PLAN_ARG_VAR || !args_is_output(f->step->call->args[i].kind) ||
            !f->storage[i] || pvars_get(s->vars, &f->key[i]) != NULL)
            continue;
        if (f->buf[i] != NULL) {
            size_t len = strnlen(f->buf[i], f->buflen[i]);
            char *text = strndup(f->buf[i], len);
            pvars_bind(s->vars, &f->key[i], 0, text);
            free(text);
        } else
            pvars_bind(s->vars, &f->key[i], xframe_output(f, i), NULL);
    }
}

esc_status exec_judge(exec_session *s, const xframe *f, JET_ERR rc)
{
    const plan_step *step = f->step;
    char call[1024], text[2048], want[256], err[512];
    int bad;
    /* The call is described only for a divergence: formatting it for every step that passes
     * was most of the cost of a long replay. */
    esc_steplog *log = s->x->log;
    const char *clause = step->clause ? step->clause->id : NULL;
    if (!espec_codeset_has(&step->expect, rc)) {
        replay_codes(&step->expect, want, sizeof want);
        snprintf(text, sizeof text, "%s returned %s (%d), expected %s%s%s%s",
                 exec_describe(s, f, call, sizeof call), espec_code_name(rc), (int)rc, want,
                 clause ? " [clause " : "", clause ? clause : "", clause ? "]" : "");
        if (log != NULL)
            steplog_diverge(log, call, rc, want, NULL, clause);
        return exec_diverge(s, step, ESC_FAIL, text);
    }
    if (!xframe_guards_ok(f, &bad)) {
        snprintf(err, sizeof err, "wrote past the %zu-byte buffer of %s", f->buflen[bad],
                 step->call->args[bad].name);
        snprintf(text, sizeof text, "%s %s", exec_describe(s, f, call, sizeof call), err);
        if (log != NULL)
            steplog_diverge(log, call, rc, replay_codes(&step->expect, want, sizeof want), err, clause);
        return exec_diverge(s, step, ESC_FAIL, text);
    }
    if (!exec_check(s, f, rc, err, sizeof err)) {
        snprintf(text, sizeof text, "%s returned %s (%d): %s", exec_describe(s, f, call, sizeof call),
                 espec_code_name(rc), (int)rc, err);
        if (log != NULL)
            steplog_diverge(log, call, rc, replay_codes(&step->expect, want, sizeof want), err, clause);
        return exec_diverge(s, step, ESC_FAIL, text);
    }
    return ESC_PASS;
}

void exec_log_code(const exec_session *s, const plan_step *step, JET_ERR rc)
{
    if (s->x->log != NULL && !step->call->is_hook)
        steplog_code(s->x->log, step->call->name, rc);
}

int exec_skip_unbound(const exec_session *s, const plan_step *step)
{
    pvar_key key;
    return step->has_if_bound && pvars_get(s->vars, pvars_key(&step->if_bound, s->iters, &key)) == NULL;
}

esc_status exec_make_call(exec_session *s, xframe *f, const plan_step *step, JET_ERR *rc,
                          exec_call_site *site)
{
    if (site != NULL)
        pthread_mutex_lock(site->lock);
    int built = xframe_build(s, f, step);
    if (site != NULL)
        pthread_mutex_unlock(site->lock);
    if (!built) {
        char err[512];
        snprintf(err, sizeof err, "%s", s->msg);
        xframe_free(f);
        return exec_diverge(s, step, ESC_ERROR, err);
    }
    if (site != NULL)
        site->invoke_ns = history_now_ns();
    if (step->thread == NULL || site != NULL) /* a list's steps carry the thread they run on */
        *rc = target_call(s->x->target, step->call, f->slots);
    else if (!threads_call(s->threads, step->thread, s->x->target, step->call, f->slots, rc)) {
        xframe_free(f);
        return exec_diverge(s, step, ESC_ERROR, "cannot start a thread");
    }
    if (site != NULL)
        site->return_ns = history_now_ns();
    return ESC_PASS;
}

/* Returns PASS, or FAIL/ERROR with the divergence recorded, after running one call step. */
static esc_status run_call(exec_session *s, const plan_step *step)
{
    xframe f;
    const esc_exec *x = s->x;
    if (exec_skip_unbound(s, step))
        return ESC_PASS;
    if (x->progress != NULL)
        x->progress(x->progress_ctx, step->pointer, step->call->name);
    JET_ERR rc;
    if (exec_make_call(s, &f, step, &rc, NULL) != ESC_PASS)
        return ESC_ERROR;
    if (x->after_call != NULL) { /* the fault sweep: judge, make the call again, or stop */
        char text[2048];
        int verdict = x->after_call(x->after_call_ctx, step, rc, text);
        if (verdict != EXEC_JUDGE)
            xframe_free(&f);
        if (verdict == EXEC_STOP)
            return exec_diverge(s, step, ESC_FAIL, text);
        if (verdict == EXEC_RETRY && exec_make_call(s, &f, step, &rc, NULL) != ESC_PASS)
            return ESC_ERROR;
    }
    esc_status status = ESC_PASS;
    exec_log_code(s, step, rc);
    if (x->trace == NULL)
        status = exec_judge(s, &f, rc);
    else if (x->trace->count < x->trace->cap) {
        esc_trace_step *t = &x->trace->steps[x->trace->count];
        t->rc = rc;
        t->unbound = f.unbound;
        exec_observe(s, &f, t);
        x->trace->count++;
    }
    if (status == ESC_PASS && rc >= 0)
        exec_bind_outputs(s, &f);
    xframe_free(&f);
    return status;
}

/* Returns PASS when every step ran as expected, else the first divergence's status. */
static esc_status run_steps(exec_session *s, const plan_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const plan_step *step = &steps[i];
        esc_status st = ESC_PASS;
        if (step->is_parallel)
            st = concurrent_run(s, step);
        else if (!step->is_repeat)
            st = run_call(s, step);
        else {
            s->index_names[s->depth] = step->index_name;
            s->depth++;
            for (long long k = 0; k < step->count && st == ESC_PASS; k++) {
                s->iters[s->depth - 1] = k;
                st = run_steps(s, step->steps, step->nsteps);
            }
            if (st == ESC_PASS)
                s->depth--;
        }
        if (st != ESC_PASS)
            return st;
    }
    return ESC_PASS;
}

esc_status exec_plan(exec_session *s, const esc_plan *plan, const char *label, char *pointer,
                     size_t psize, char *msg, size_t msize)
{
    pvars_free(s->vars);
    s->plan = plan;
    s->depth = 0;
    s->label = label;
    s->pointer = pointer;
    s->psize = psize;
    s->msg = msg;
    s->msize = msize;
    pointer[0] = msg[0] = '\0';
    return run_steps(s, plan->steps, plan->nsteps);
}
