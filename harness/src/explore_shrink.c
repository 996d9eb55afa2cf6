/* explore_shrink.c - reducing a diverging sequence to a minimal one with the same signature:
 * delta debugging over the steps before the divergence, then simpler arguments, until
 * nothing more can go. Every candidate is run on both sides; the search is deterministic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explore_shrink.h"

/* Returns nothing; dst becomes the steps of src whose keep[] is set (generated plans only:
 * their steps own nothing but what the copy shares), renumbered /steps/0... */
static void subset(const esc_plan *src, const unsigned char *keep, esc_plan *dst)
{
    memset(dst, 0, sizeof *dst);
    for (size_t f = 0; f < src->nfamilies; f++)
        plan_family(dst, src->families[f]);
    for (size_t k = 0; k < src->nsteps; k++) {
        if (!keep[k])
            continue;
        plan_step *s = explore_add_step(dst, src->steps[k].call);
        const char *pointer = s->pointer;
        *s = src->steps[k];
        s->pointer = pointer;
    }
}

/* Returns nothing; frees a plan made by subset (its steps share their storage). */
static void free_subset(esc_plan *p)
{
    for (size_t k = 0; k < p->nsteps; k++)
        memset(&p->steps[k], 0, sizeof p->steps[k]);
    plan_free(p);
}

/* Returns 1 when candidate diverges with the signature wanted (and then *d holds where). */
static int still_diverges(explore_shrinker *sh, const esc_plan *candidate, explore_diff *d)
{
    sh->runs++;
    explore_run_pair(sh->runner, candidate);
    explore_compare(sh->runner, candidate, d);
    return d->kind != EXPLORE_SAME && d->kind != EXPLORE_REFERENCE_FAILED &&
           strcmp(d->signature, sh->signature) == 0;
}

/* Returns 1 when dropping the steps in [from, to) keeps the divergence; then *best is that
 * shorter plan, cut after its diverging step. */
static int try_drop(explore_shrinker *sh, esc_plan *best, size_t from, size_t to)
{
    unsigned char *keep = malloc(best->nsteps + 1);
    esc_plan candidate, cut;
    explore_diff d;
    if (keep == NULL)
        abort();
    for (size_t k = 0; k < best->nsteps; k++)
        keep[k] = k < from || k >= to;
    subset(best, keep, &candidate);
    int ok = still_diverges(sh, &candidate, &d);
    if (ok) {
        for (size_t k = 0; k < candidate.nsteps; k++)
            keep[k] = k <= d.step;
        subset(&candidate, keep, &cut);
        free_subset(best);
        *best = cut;
    }
    free_subset(&candidate);
    free(keep);
    return ok;
}

/* Returns 1 when some chunk of steps could go (ddmin: halves, quarters, ... single steps). */
static int drop_steps(explore_shrinker *sh, esc_plan *best)
{
    int changed = 0;
    for (size_t chunk = best->nsteps / 2; chunk >= 1; chunk /= 2) {
        for (size_t from = 0; from + 1 < best->nsteps;) {
            size_t to = from + chunk < best->nsteps - 1 ? from + chunk : best->nsteps - 1;
            if (to > from && try_drop(sh, best, from, to))
                changed = 1; /* the same place now holds the next steps */
            else
                from += chunk;
        }
    }
    return changed;
}

/* Returns 1 when replacing one argument or thread of step k with something simpler keeps the
 * divergence (the change stays), else 0 (undone). */
static int try_simpler(explore_shrinker *sh, esc_plan *best, size_t k, int i)
{
    plan_step *s = &best->steps[k];
    plan_step saved = *s;
    explore_diff d;
    if (i < 0) {
        if (s->thread == NULL)
            return 0;
        s->thread = NULL;
    } else {
        plan_arg *a = &s->args[i];
        if (a->type != PLAN_ARG_CONST || a->value == 0 || a->written == ESC_VAL_ZERO)
            return 0;
        a->written = a->written == ESC_VAL_NUMBER ? ESC_VAL_NUMBER : ESC_VAL_ZERO;
        a->value = 0;
    }
    if (still_diverges(sh, best, &d) && d.step + 1 == best->nsteps)
        return 1;
    *s = saved;
    return 0;
}

/* Returns 1 when family f is bound, before step k, by an output of the same handle type as
 * input kind `kind`. */
static int bound_before(const esc_plan *p, size_t k, uint32_t f, espec_argkind kind)
{
    const char *type = explore_handle_type(kind);
    for (size_t j = 0; j < k; j++)
        for (int i = 0; i < p->steps[j].call->arity; i++) {
            const plan_arg *a = &p->steps[j].args[i];
            espec_argkind out = p->steps[j].call->args[i].kind;
            if (a->type == PLAN_ARG_VAR && a->var.family == f && args_is_output(out) &&
                strcmp(explore_handle_type(out), type) == 0)
                return 1;
        }
    return 0;
}

/* Returns how many input arguments from step k on named family `from`; each now names `to`,
 * and renamed[] (room for every argument from k on) points at them, for an undo. */
static size_t rename_inputs(esc_plan *p, size_t k, uint32_t from, uint32_t to, plan_arg **renamed)
{
    size_t n = 0;
    for (size_t j = k; j < p->nsteps; j++)
        for (int i = 0; i < p->steps[j].call->arity; i++) {
            plan_arg *a = &p->steps[j].args[i];
            if (a->type == PLAN_ARG_VAR && a->var.family == from && !args_is_output(p->steps[j].call->args[i].kind)) {
                a->var.family = to;
                renamed[n++] = a;
            }
        }
    return n;
}

/* Returns 1 when the variable input argument i of step k names, from there on, an earlier
 * variable of its handle type and the divergence holds (a handle made only to be used from
 * step k on can then go), else 0 (undone). */
static int try_earlier_var(explore_shrinker *sh, esc_plan *best, size_t k, int i)
{
    plan_arg *a = &best->steps[k].args[i];
    espec_argkind kind = best->steps[k].call->args[i].kind;
    explore_diff d;
    if (a->type != PLAN_ARG_VAR || args_is_output(kind))
        return 0;
    uint32_t was = a->var.family;
    plan_arg **renamed = malloc((best->nsteps - k) * ESPEC_MAX_ARGS * sizeof *renamed);
    if (renamed == NULL)
        abort();
    for (uint32_t f = 0; f < was; f++) {
        if (!bound_before(best, k, f, kind))
            continue;
        size_t n = rename_inputs(best, k, was, f, renamed);
        if (still_diverges(sh, best, &d) && d.step + 1 == best->nsteps) {
            free(renamed);
            return 1;
        }
        for (size_t r = 0; r < n; r++)
            renamed[r]->var.family = was;
    }
    free(renamed);
    return 0;
}

/* Returns 1 when some argument or thread became simpler. */
static int simplify(explore_shrinker *sh, esc_plan *best)
{
    int changed = 0;
    for (size_t k = 0; k < best->nsteps; k++)
        for (int i = -1; i < best->steps[k].call->arity; i++)
            changed |= try_simpler(sh, best, k, i) || (i >= 0 && try_earlier_var(sh, best, k, i));
    return changed;
}

void explore_shrink(explore_shrinker *sh, const esc_plan *plan, const explore_diff *first,
                    esc_plan *out)
{
    unsigned char *keep = malloc(plan->nsteps + 1);
    if (keep == NULL)
        abort();
    for (size_t k = 0; k < plan->nsteps; k++)
        keep[k] = k <= first->step;
    subset(plan, keep, out);
    free(keep);
    snprintf(sh->signature, sizeof sh->signature, "%s", first->signature);
    for (int round = 0; round < 8; round++) {
        int dropped = drop_steps(sh, out);
        int simpler = simplify(sh, out);
        if (!dropped && !simpler)
            break;
    }
}

void explore_shrunk_free(esc_plan *p)
{
    free_subset(p);
}
