/* differ.c - differential mode: a scenario's two traces (target, reference) compared step by
 * step, every difference listed; and the run's tally of them by function and clause. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "differ.h"
#include "explore_run.h"
#include "plan.h"

/* The most calls a differential scenario may make, repeats expanded: each side's trace holds
 * about 512 bytes a call, in memory shared with its child. */
#define DIFFER_MAX_STEPS ((size_t)1 << 20)

/* Returns the calls the steps make, repeats expanded; more than limit when over it. */
static size_t count_calls(const plan_step *steps, size_t n, size_t limit)
{
    size_t total = 0;
    for (size_t i = 0; i < n && total <= limit; i++) {
        if (!steps[i].is_repeat) {
            total++;
            continue;
        }
        size_t inner = count_calls(steps[i].steps, steps[i].nsteps, limit);
        size_t times = steps[i].count > 0 ? (size_t)steps[i].count : 0;
        if (inner > 0 && times > (limit + 1 - total) / inner)
            return limit + 1;
        total += times * inner;
    }
    return total;
}

/* The comparison of two traces, walking the plan in the executor's order. */
typedef struct {
    const esc_plan *plan;        /* what both sides ran */
    const explore_side *tgt;     /* the target's side */
    const explore_side *ref;     /* the reference's side */
    size_t k;                    /* the trace index of the call being visited */
    long long iters[ESC_MAX_DEPTH]; /* the current iteration of each enclosing repeat */
    const char *index_names[ESC_MAX_DEPTH]; /* their index names */
    size_t differing;            /* steps that differ so far */
    int stopped;                 /* a side ended: nothing further to compare */
    char *pointer;               /* out: the first differing step */
    size_t psize;
    char *list;                  /* out: one line per listed step */
    size_t lsize, llen;
} walk;

/* Returns out: how a side ended at call k ("crashed (signal SIGSEGV)", "hung"), or its code. */
static char *side_at(const explore_side *side, size_t k, char *out, size_t size)
{
    if (k < side->trace->count)
        snprintf(out, size, "%s (%d)", espec_code_name(side->trace->steps[k].rc), side->trace->steps[k].rc);
    else if (side->status == ESC_TIMEOUT)
        snprintf(out, size, "hung (killed after the timeout)");
    else if (side->status == ESC_CRASH)
        snprintf(out, size, "crashed (%s)", side->message);
    else
        snprintf(out, size, "ended normally");
    return out;
}

/* Returns nothing; counts a differing step and lists it (text: what differs) while there is
 * room: "POINTER [i=N] Function: text [clause ID]". */
static void note(walk *w, const plan_step *s, size_t depth, const char *text)
{
    char where[160] = "";
    size_t n = 0;
    if (w->differing++ == 0)
        snprintf(w->pointer, w->psize, "%s", s != NULL ? s->pointer : "");
    if (w->differing > DIFFER_MAX_LISTED)
        return;
    for (size_t d = 0; d < depth && n < sizeof where; d++)
        n += (size_t)snprintf(where + n, sizeof where - n, "%s%s=%lld", d ? "," : " [", w->index_names[d],
                              w->iters[d]);
    if (n > 0 && n < sizeof where)
        snprintf(where + n, sizeof where - n, "]");
    if (w->llen < w->lsize)
        w->llen += (size_t)snprintf(w->list + w->llen, w->lsize - w->llen, "\n%s%s %s: %s%s%s%s",
                                    s != NULL ? s->pointer : "(end)", where,
                                    s != NULL ? s->call->name : "after the last step", text,
                                    s != NULL && s->clause ? " [clause " : "",
                                    s != NULL && s->clause ? s->clause->id : "",
                                    s != NULL && s->clause ? "]" : "");
}

/* Returns nothing; compares call k of both traces (step s at the given repeat depth). */
static void visit(walk *w, const plan_step *s, size_t depth)
{
    size_t k = w->k++;
    const esc_trace *a = w->tgt->trace, *b = w->ref->trace;
    char text[1024], ta[400], tb[400], oa[96], ob[96];
    if (w->stopped)
        return;
    if (k >= a->count || k >= b->count) { /* a side crashed or hung at this call */
        w->stopped = 1;
        if (k >= a->count && k >= b->count && w->tgt->status == w->ref->status &&
            strcmp(w->tgt->message, w->ref->message) == 0)
            return; /* both ended alike */
        snprintf(text, sizeof text, "target %s, reference %s", side_at(w->tgt, k, ta, sizeof ta),
                 side_at(w->ref, k, tb, sizeof tb));
        note(w, s, depth, text);
        return;
    }
    const esc_trace_step *x = &a->steps[k], *y = &b->steps[k];
    int arg = x->rc == y->rc ? explore_step_output_differs(s, y, x) : -1;
    if (x->rc == y->rc && arg < 0)
        return;
    int n = snprintf(text, sizeof text, "target %s (%d), reference %s (%d)", espec_code_name(x->rc),
                     x->rc, espec_code_name(y->rc), y->rc);
    if (arg >= 0 && n > 0 && (size_t)n < sizeof text)
        snprintf(text + n, sizeof text - (size_t)n, "; %s: target %s, reference %s", s->call->args[arg].name,
                 explore_obs_text(w->plan, &x->out[arg], oa, sizeof oa),
                 explore_obs_text(w->plan, &y->out[arg], ob, sizeof ob));
    note(w, s, depth, text);
}

/* Returns nothing; visits the steps' calls in the executor's order, repeats expanded. */
static void walk_steps(walk *w, const plan_step *steps, size_t n, size_t depth)
{
    for (size_t i = 0; i < n && !w->stopped; i++) {
        if (!steps[i].is_repeat) {
            visit(w, &steps[i], depth);
            continue;
        }
        w->index_names[depth] = steps[i].index_name;
        for (long long it = 0; it < steps[i].count && !w->stopped; it++) {
            w->iters[depth] = it;
            walk_steps(w, steps[i].steps, steps[i].nsteps, depth + 1);
        }
    }
}

/* Returns PASS or DIFFER after comparing the two sides' traces of plan (see differ_run). */
static esc_status compare(const explore_runner *r, const esc_plan *plan, char *pointer, size_t psize,
                          char *msg, size_t msize)
{
    char list[3600], ta[400], tb[400];
    walk w = {.plan = plan, .tgt = &r->sides[0], .ref = &r->sides[1], .pointer = pointer,
              .psize = psize, .list = list, .lsize = sizeof list};
    list[0] = '\0';
    walk_steps(&w, plan->steps, plan->nsteps, 0);
    if (!w.stopped && w.tgt->status != w.ref->status) { /* after the last call: at exit */
        snprintf(msg, msize, "target %s, reference %s", side_at(w.tgt, w.k, ta, sizeof ta),
                 side_at(w.ref, w.k, tb, sizeof tb));
        note(&w, NULL, 0, msg);
    }
    if (w.differing == 0)
        return ESC_PASS;
    snprintf(msg, msize, "%zu step%s differ%s from the reference%s", w.differing, w.differing == 1 ? "" : "s",
             w.differing == 1 ? "s" : "", list);
    if (w.differing > DIFFER_MAX_LISTED) {
        size_t len = strlen(msg);
        snprintf(msg + len, msize - len, "\n(%zu more differing steps not listed)", w.differing - DIFFER_MAX_LISTED);
    }
    return ESC_DIFFER;
}

/* Returns 1 when both sides' setups ran; else 0 with FAIL's pointer and message. */
static int setups_ran(const explore_runner *r, char *pointer, size_t psize, char *msg, size_t msize)
{
    for (int k = 0; k < 2; k++) {
        const char *failed = r->sides[k].trace->failed;
        if (failed[0] == '\0')
            continue;
        const char *colon = strstr(failed, ": ");
        snprintf(pointer, psize, "%.*s", colon ? (int)(colon - failed) : 0, failed);
        snprintf(msg, msize, "%s: %s", k == 0 ? "target" : "reference", colon ? colon + 2 : failed);
        return 0;
    }
    return 1;
}

esc_status differ_run(const esc_differ *d, const esc_scenario *sc, char *pointer, size_t psize,
                      char *msg, size_t msize)
{
    esc_plan plan, setup[2];
    char err[512];
    esc_status status = ESC_ERROR;
    memset(setup, 0, sizeof setup);
    pointer[0] = msg[0] = '\0';
    int compiled = plan_compile(&plan, sc->steps, sc->nsteps, d->profile, err, sizeof err);
    for (int k = 0; k < 2 && compiled; k++)
        compiled = plan_compile(&setup[k], d->setup[k], d->nsetup[k], d->profile, err, sizeof err);
    size_t calls = compiled ? count_calls(plan.steps, plan.nsteps, DIFFER_MAX_STEPS) : 0;
    explore_runner r = {.target = d->target, .reference = d->reference, .profile = d->profile,
                        .timeout = d->timeout, .max_steps = calls ? calls : 1,
                        .setup = {&setup[0], &setup[1]}};
    if (!compiled)
        snprintf(msg, msize, "cannot compile: %s", err);
    else if (calls > DIFFER_MAX_STEPS)
        snprintf(msg, msize, "more than %zu calls, repeats expanded: too many to trace", DIFFER_MAX_STEPS);
    else if (explore_runner_init(&r, err, sizeof err)) {
        explore_run_pair(&r, &plan);
        status = setups_ran(&r, pointer, psize, msg, msize) ? compare(&r, &plan, pointer, psize, msg, msize)
                                                            : ESC_FAIL;
    } else
        snprintf(msg, msize, "%s", err);
    explore_runner_free(&r);
    for (int k = 0; k < 2; k++)
        plan_free(&setup[k]);
    plan_free(&plan);
    return status;
}

/* Returns 1 with the function and clause of a listed step's line, else 0. */
static int parse_line(const char *line, size_t len, differ_count *c)
{
    const char *end = line + len, *p = memchr(line, ' ', len);
    if (p == NULL || line[0] == '(')
        return 0;
    p++;
    if (p < end && *p == '[') {
        const char *close = memchr(p, ']', (size_t)(end - p));
        p = close != NULL ? close + 2 : end;
    }
    const char *colon = p < end ? memchr(p, ':', (size_t)(end - p)) : NULL;
    if (colon == NULL)
        return 0;
    memset(c, 0, sizeof *c);
    snprintf(c->function, sizeof c->function, "%.*s", (int)(colon - p), p);
    static const char tag[] = " [clause ";
    for (const char *q = colon; q + sizeof tag - 1 < end; q++)
        if (memcmp(q, tag, sizeof tag - 1) == 0 && end[-1] == ']')
            snprintf(c->clause, sizeof c->clause, "%.*s", (int)(end - q - (int)sizeof tag), q + sizeof tag - 1);
    return 1;
}

/* Returns the tally entry for c's function and clause, added when new (the array grows). */
static differ_count *entry(differ_count **all, size_t *n, const differ_count *c)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*all)[i].function, c->function) == 0 && strcmp((*all)[i].clause, c->clause) == 0)
            return &(*all)[i];
    differ_count *grown = realloc(*all, (*n + 1) * sizeof *grown);
    if (grown == NULL)
        abort();
    *all = grown;
    grown[*n] = *c;
    return &grown[(*n)++];
}

/* Returns the qsort order: by function, then clause. */
static int by_function(const void *a, const void *b)
{
    const differ_count *x = a, *y = b;
    int c = strcmp(x->function, y->function);
    return c ? c : strcmp(x->clause, y->clause);
}

size_t differ_tally(const esc_result *results, size_t n, differ_count **out)
{
    size_t count = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (results[i].raw != ESC_DIFFER || results[i].message == NULL)
            continue;
        differ_count seen[DIFFER_MAX_LISTED + 1]; /* this result's pairs: counted once each */
        size_t nseen = 0;
        const char *m = strchr(results[i].message, '\n');
        while (m != NULL) {
            const char *line = m + 1, *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            differ_count c;
            if (parse_line(line, len, &c)) {
                differ_count *e = entry(out, &count, &c);
                e->steps++;
                int again = 0;
                for (size_t k = 0; k < nseen; k++)
                    again |= strcmp(seen[k].function, c.function) == 0 && strcmp(seen[k].clause, c.clause) == 0;
                if (!again && nseen < DIFFER_MAX_LISTED + 1) {
                    seen[nseen++] = c;
                    e->scenarios++;
                }
            }
            m = nl;
        }
    }
    if (count > 1)
        qsort(*out, count, sizeof **out, by_function);
    return count;
}

void differ_print_summary(FILE *out, const esc_result *results, size_t n)
{
    differ_count *all;
    size_t count = differ_tally(results, n, &all);
    if (count > 0)
        fprintf(out, "differences by function and clause (the steps DIFFER results list):\n");
    for (size_t i = 0; i < count;) {
        size_t steps = 0, j = i;
        for (; j < count && strcmp(all[j].function, all[i].function) == 0; j++)
            steps += all[j].steps;
        fprintf(out, "  %s: %zu step%s:", all[i].function, steps, steps == 1 ? "" : "s");
        for (size_t k = i; k < j; k++)
            fprintf(out, "%s %s %zu in %zu scenario%s", k > i ? ";" : "",
                    all[k].clause[0] ? all[k].clause : "(no clause)", all[k].steps, all[k].scenarios,
                    all[k].scenarios == 1 ? "" : "s");
        fputc('\n', out);
        i = j;
    }
    free(all);
}
