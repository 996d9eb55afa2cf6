/* explore_diff.c - the first difference between the target's trace and the reference's.
 *
 * It flags exactly what the emitted scenario checks (emit_json.c): the code, then the outputs
 * the reference's outcome implies, so that the scenario fails on the target where this said
 * it differs, and nowhere earlier. */
#include <stdio.h>
#include <string.h>
#include <esespec/codes.h>
#include "explore_run.h"

static const char *const obs_names[] = {
    "none", "unchanged", "zero", "nil", "new", "same", "value", "text", "unterminated", "guard"};

/* Returns 1 when a text observation was cut to the trace's size (then it is not compared). */
static int text_cut(const esc_obs *o)
{
    return strlen(o->text) >= ESC_OBS_TEXT_MAX - 1;
}

/* Returns 1 when the reference's observation implies a check the target's fails. */
static int obs_differ(const esc_obs *ref, const esc_obs *tgt, int rc)
{
    if (rc < 0)
        return ref->kind == ESC_OBS_UNCHANGED && tgt->kind != ESC_OBS_UNCHANGED;
    switch (ref->kind) {
    case ESC_OBS_NEW: return tgt->kind != ESC_OBS_NEW;
    case ESC_OBS_SAME: return tgt->kind != ESC_OBS_SAME || tgt->same != ref->same;
    case ESC_OBS_ZERO: case ESC_OBS_NIL: return tgt->kind != ref->kind;
    case ESC_OBS_VALUE: return tgt->kind != ESC_OBS_VALUE || tgt->value != ref->value;
    case ESC_OBS_TEXT:
        return !text_cut(ref) && (tgt->kind != ESC_OBS_TEXT || strcmp(tgt->text, ref->text) != 0);
    default: return 0; /* nothing a check can say */
    }
}

int explore_step_output_differs(const plan_step *s, const esc_trace_step *ref, const esc_trace_step *tgt)
{
    for (int i = 0; i < s->call->arity; i++) {
        const esc_obs *r = &ref->out[i], *t = &tgt->out[i];
        int guard = t->kind == ESC_OBS_GUARD && r->kind != ESC_OBS_GUARD;
        if (guard || obs_differ(r, t, ref->rc))
            return i;
    }
    return -1;
}

int explore_outputs_differ(const esc_plan *plan, size_t k, const esc_trace_step *ref,
                           const esc_trace_step *tgt, char *why, size_t size)
{
    const plan_step *s = &plan->steps[k];
    int i = explore_step_output_differs(s, ref, tgt);
    if (i >= 0)
        snprintf(why, size, "%s.%s.%s.vs.%s", s->call->name, s->call->args[i].name,
                 obs_names[ref->out[i].kind], obs_names[tgt->out[i].kind]);
    return i >= 0;
}

char *explore_obs_text(const esc_plan *plan, const esc_obs *o, char *out, size_t size)
{
    switch (o->kind) {
    case ESC_OBS_NEW: snprintf(out, size, "a new handle"); break;
    case ESC_OBS_SAME:
        snprintf(out, size, "the value of $%s", o->same < plan->nfamilies ? plan->families[o->same] : "?");
        break;
    case ESC_OBS_VALUE: snprintf(out, size, "%llu", (unsigned long long)o->value); break;
    case ESC_OBS_TEXT: snprintf(out, size, "\"%s\"", o->text); break;
    case ESC_OBS_GUARD: snprintf(out, size, "bytes past the buffer"); break;
    default: snprintf(out, size, "%s", obs_names[o->kind < ESC_OBS_GUARD ? o->kind : 0]);
    }
    return out;
}

/* Returns nothing; fills d for a difference at step k. */
static void found(explore_diff *d, explore_diff_kind kind, size_t k, const char *signature,
                  const char *text)
{
    d->kind = kind;
    d->step = k;
    snprintf(d->signature, sizeof d->signature, "%s", signature);
    for (char *p = d->signature; *p; p++) /* a file name: letters, digits, . - _ */
        if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') &&
            *p != '.' && *p != '-' && *p != '_')
            *p = '_';
    snprintf(d->text, sizeof d->text, "%s", text);
}

void explore_compare(const explore_runner *r, const esc_plan *plan, explore_diff *d)
{
    const explore_side *tgt = &r->sides[0], *ref = &r->sides[1];
    char sig[192], text[512];
    memset(d, 0, sizeof *d);
    if (ref->status != ESC_PASS || ref->trace->count < plan->nsteps) {
        snprintf(text, sizeof text, "the reference %s", ref->status == ESC_TIMEOUT ? "hung" : "crashed");
        found(d, EXPLORE_REFERENCE_FAILED, ref->trace->count, "reference-failed", text);
        return;
    }
    for (size_t k = 0; k < plan->nsteps; k++) {
        const char *fn = plan->steps[k].call->name;
        if (k >= tgt->trace->count) { /* the target died during step k */
            snprintf(sig, sizeof sig, "%.60s.%s.%.100s", fn, status_word(tgt->status),
                     tgt->status == ESC_CRASH ? tgt->message + (strncmp(tgt->message, "signal ", 7) ? 0 : 7) : "hang");
            snprintf(text, sizeof text, "step %zu %s: the target %s (%s); the reference returned %s (%d)",
                     k, fn, tgt->status == ESC_TIMEOUT ? "hung" : "crashed", tgt->message,
                     espec_code_name(ref->trace->steps[k].rc), ref->trace->steps[k].rc);
            found(d, EXPLORE_CRASH, k, sig, text);
            return;
        }
        const esc_trace_step *a = &tgt->trace->steps[k], *b = &ref->trace->steps[k];
        if (a->rc != b->rc) {
            snprintf(sig, sizeof sig, "%s.%s.vs.%s", fn, espec_code_name(b->rc), espec_code_name(a->rc));
            snprintf(text, sizeof text, "step %zu %s: the target returned %s (%d), the reference %s (%d)",
                     k, fn, espec_code_name(a->rc), a->rc, espec_code_name(b->rc), b->rc);
            found(d, EXPLORE_CODE, k, sig, text);
            return;
        }
        if (explore_outputs_differ(plan, k, b, a, sig, sizeof sig)) {
            snprintf(text, sizeof text, "step %zu %s: both returned %s (%d), but the outputs differ (%s)",
                     k, fn, espec_code_name(a->rc), a->rc, sig);
            found(d, EXPLORE_OUTPUT, k, sig, text);
            return;
        }
    }
}
