/* fault_sweep.c - a scenario run once per allocation it makes, that allocation failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <esespec/codes.h>
#include "exec.h"
#include "fault_sweep.h"
#include "plan.h"

/* One allocation point: the nth allocation failed in this step's call, which returned rc. */
typedef struct {
    uint32_t nth;
    const char *pointer;         /* the step (borrowed from the plan) */
    const esc_call *call;        /* its function */
    JET_ERR rc;                  /* what it answered */
    const espec_clause *clause;  /* the function's allocation-failure clause, or NULL */
} fault_point;

/* The sweep of one scenario. */
typedef struct {
    const esc_replay *r;
    const esc_hooks *hooks;
    JET_ERR *codes;              /* the run without a failure: each call's code, in order */
    size_t ncodes, capcodes;
    int recording;               /* 1 during that run */
    size_t calls;                /* calls made so far in the current run */
    uint32_t nth;                /* the allocation made to fail in the current run */
    int met;                     /* 1 once a call of the current run met the failure */
    int wrong_code;              /* 1 when that call's code was not a failure code */
    fault_point *points;         /* every point met, nth order */
    size_t npoints, cappoints;
} fault_sweep;

int fault_sweep_supported(const esc_target *target)
{
    return target->hooks != NULL && target->hooks->esehook_fail_allocation != NULL &&
           target->hooks->esehook_live_allocations != NULL;
}

/* Returns the clause FUNCTION.OutOfMemory of the call's function, or NULL (none in the
 * catalogue); *codes gets what the failed call may answer in the profile: the clause's codes
 * (in portable, where the profiles differ, both), else JET_errOutOfMemory. */
static const espec_clause *failure_codes(const espec_catalogue *catalogue, const esc_call *call,
                                         espec_profile profile, espec_codeset *codes)
{
    char id[128];
    snprintf(id, sizeof id, "%s.OutOfMemory", call->name);
    const espec_clause *clause = espec_catalogue_find(catalogue, id);
    memset(codes, 0, sizeof *codes);
    if (clause != NULL && espec_clause_expect(clause, profile, codes))
        return clause;
    espec_codeset each;
    for (int p = ESPEC_PROFILE_DOCUMENTED; clause != NULL && p <= ESPEC_PROFILE_ESENT; p++)
        if (espec_clause_expect(clause, (espec_profile)p, &each))
            for (size_t i = 0; i < each.count && codes->count < ESPEC_MAX_CODES; i++)
                if (!espec_codeset_has(codes, each.codes[i]))
                    codes->codes[codes->count++] = each.codes[i];
    if (codes->count == 0)
        codes->codes[codes->count++] = JET_errOutOfMemory;
    return clause;
}

/* Returns array, reallocated to hold at least need elements of size `size` (aborts without
 * memory: the harness's own, not the target's). */
static void *grow(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return array;
    *cap = *cap ? *cap * 2 : 64;
    array = realloc(array, *cap * size);
    if (array == NULL)
        abort();
    return array;
}

/* The executor's after_call: records the codes of the run without a failure; in a run with
 * one, finds the call that met it, judges its code, and has it made again. */
static int after_call(void *ctx, const plan_step *step, JET_ERR rc, char *text)
{
    fault_sweep *w = ctx;
    size_t k = w->calls++;
    if (w->recording) {
        w->codes = grow(w->codes, &w->capcodes, w->ncodes + 1, sizeof *w->codes);
        w->codes[w->ncodes++] = rc;
        return EXEC_JUDGE;
    }
    if (w->met || (k < w->ncodes && rc == w->codes[k]))
        return EXEC_JUDGE;
    w->met = 1;
    w->hooks->esehook_fail_allocation(0); /* spent already; nothing else may fail */
    espec_codeset allowed;
    const espec_clause *clause = failure_codes(w->r->catalogue, step->call, w->r->profile, &allowed);
    w->points = grow(w->points, &w->cappoints, w->npoints + 1, sizeof *w->points);
    w->points[w->npoints++] = (fault_point){w->nth, step->pointer, step->call, rc, clause};
    if (espec_codeset_has(&allowed, rc))
        return EXEC_RETRY;
    w->wrong_code = 1;
    char want[256];
    snprintf(text, 2048, "with allocation #%u failing, %s returned %s (%d), expected %s%s%s%s",
             w->nth, step->call->name, espec_code_name(rc), (int)rc,
             replay_codes(&allowed, want, sizeof want), clause ? " [clause " : " (",
             clause ? clause->id : "no allocation-failure clause in the catalogue",
             clause ? "]" : ")");
    return EXEC_STOP;
}

/* Returns PASS, FAIL or ERROR: one run of the setup and the plan, allocation nth failing (0:
 * none); *live gets the target's live allocations at its end. */
static esc_status run_once(fault_sweep *w, const esc_plan *setup, const esc_plan *plan,
                           uint32_t nth, const char *tmpdir, uint64_t *live, char *pointer,
                           size_t psize, char *msg, size_t msize)
{
    esc_exec x = {.target = w->r->target, .profile = w->r->profile, .tmpdir = tmpdir,
                  .progress = w->r->progress, .progress_ctx = w->r->progress_ctx};
    exec_session *s = exec_begin(&x, msg, msize);
    if (s == NULL)
        return ESC_FAIL;
    esc_status status = exec_plan(s, setup, "target profile setup: ", pointer, psize, msg, msize);
    w->calls = 0;
    w->met = w->wrong_code = 0;
    w->nth = nth;
    w->recording = nth == 0;
    x.after_call = after_call;
    x.after_call_ctx = w;
    if (status == ESC_PASS && nth > 0)
        w->hooks->esehook_fail_allocation(nth);
    if (status == ESC_PASS)
        status = exec_plan(s, plan, "", pointer, psize, msg, msize);
    w->hooks->esehook_fail_allocation(0);
    exec_end(s); /* its threads joined: every call is over */
    JET_API_PTR count = 0;
    w->hooks->esehook_live_allocations(&count);
    *live = count;
    return status;
}

/* Returns out: "#3" or "#3-5". */
static char *nth_range(uint32_t first, uint32_t last, char *out, size_t size)
{
    if (first == last)
        snprintf(out, size, "#%u", first);
    else
        snprintf(out, size, "#%u-%u", first, last);
    return out;
}

/* Returns nothing; writes the points into msg, one line per run of points with the same step,
 * function and code; a line that does not fit is counted, never dropped silently. */
static void describe_points(const fault_sweep *w, int at_limit, char *msg, size_t msize)
{
    size_t n = (size_t)snprintf(msg, msize, "%zu allocation point%s%s", w->npoints,
                                w->npoints == 1 ? "" : "s",
                                at_limit ? " (the sweep stopped at its limit; there are more)" : "");
    size_t left = 0;
    for (size_t i = 0; i < w->npoints;) {
        size_t j = i;
        while (j + 1 < w->npoints && w->points[j + 1].call == w->points[i].call &&
               w->points[j + 1].rc == w->points[i].rc &&
               strcmp(w->points[j + 1].pointer, w->points[i].pointer) == 0)
            j++;
        const fault_point *p = &w->points[i];
        char range[32], line[512];
        int len = snprintf(line, sizeof line, "\n%s %s %s: %s (%d) %s%s%s",
                           nth_range(p->nth, w->points[j].nth, range, sizeof range), p->pointer,
                           p->call->name, espec_code_name(p->rc), (int)p->rc,
                           p->clause ? "[clause " : "(no allocation-failure clause",
                           p->clause ? p->clause->id : "", p->clause ? "]" : ")");
        if (left == 0 && n + (size_t)len + 40 < msize) {
            memcpy(msg + n, line, (size_t)len + 1);
            n += (size_t)len;
        } else
            left++;
        i = j + 1;
    }
    if (left > 0)
        snprintf(msg + n, msize - n, "\n(%zu more lines)", left);
}

/* Returns the status of the sweep of a compiled scenario (fault_sweep_run). */
static esc_status sweep(fault_sweep *w, const esc_plan *setup, const esc_plan *plan,
                        uint32_t limit, char *pointer, size_t psize, char *msg, size_t msize)
{
    uint64_t base_live, live;
    char dir[4096], text[4096];
    const char *tmpdir = w->r->tmpdir;
    esc_status status = run_once(w, setup, plan, 0, tmpdir, &base_live, pointer, psize, msg, msize);
    if (status != ESC_PASS)
        return status; /* the scenario fails without a fault: that is its result */
    if (tmpdir != NULL)
        mkdir(tmpdir, 0700);
    uint32_t nth = 1;
    for (; nth <= limit; nth++) {
        /* a fresh $TMPDIR per run: a file the last run made must not change this one */
        if (tmpdir != NULL)
            snprintf(dir, sizeof dir, "%s/%u", tmpdir, nth);
        status = run_once(w, setup, plan, nth, tmpdir ? dir : NULL, &live, pointer, psize, text,
                          sizeof text);
        if (!w->met && status == ESC_PASS)
            break; /* allocation nth was never reached: every point is swept */
        const fault_point *p = w->met ? &w->points[w->npoints - 1] : NULL;
        if (w->wrong_code) {
            snprintf(msg, msize, "%s", text); /* the failed call's own code was wrong */
            return status;
        }
        if (status != ESC_PASS) {
            snprintf(msg, msize, "after allocation #%u failed%s%s%s%s: %s", nth,
                     p ? " in " : " (no call answered it differently)", p ? p->call->name : "",
                     p ? " at " : "", p ? p->pointer : "", text);
            return status;
        }
        if (live != base_live) {
            snprintf(pointer, psize, "%s", p->pointer);
            snprintf(msg, msize, "allocation #%u failed in %s, which answered %s (%d); made again, "
                     "it and the rest of the scenario ran as scripted, but %llu blocks are live at "
                     "the end against %llu without the failure: the failed call left %lld behind",
                     nth, p->call->name, espec_code_name(p->rc), (int)p->rc,
                     (unsigned long long)live, (unsigned long long)base_live,
                     (long long)(live - base_live));
            return ESC_FAIL;
        }
    }
    describe_points(w, nth > limit, msg, msize);
    return ESC_PASS;
}

esc_status fault_sweep_run(const esc_replay *r, const esc_scenario *sc, unsigned limit,
                           char *pointer, size_t psize, char *msg, size_t msize)
{
    pointer[0] = msg[0] = '\0';
    if (scenario_calls(sc, "esehook_fail_allocation")) {
        snprintf(msg, msize, "it makes allocations fail itself (esehook_fail_allocation)");
        return ESC_SKIP;
    }
    if (!fault_sweep_supported(r->target)) {
        snprintf(msg, msize, "target lacks esehook_fail_allocation or esehook_live_allocations");
        return ESC_UNSUPPORTED;
    }
    esc_plan setup, plan;
    if (!replay_compile(r, sc, &setup, &plan, msg, msize))
        return ESC_ERROR;
    fault_sweep w = {.r = r, .hooks = r->target->hooks};
    esc_status status = sweep(&w, &setup, &plan, limit, pointer, psize, msg, msize);
    free(w.codes);
    free(w.points);
    plan_free(&setup);
    plan_free(&plan);
    return status;
}

/* Returns 1 with one line of describe_points read into its parts, else 0. */
static int parse_point(const char *line, unsigned *first, unsigned *last, char *step,
                       char *function, char *code, int *number, char *clause)
{
    int used = 0;
    clause[0] = '\0';
    if (sscanf(line, "#%u-%u %255s %127[^:]: %63s (%d)%n", first, last, step, function, code,
               number, &used) == 6 ||
        (sscanf(line, "#%u %255s %127[^:]: %63s (%d)%n", first, step, function, code, number,
                &used) == 5 && (*last = *first, 1))) {
        sscanf(line + used, " [clause %127[^]]]", clause);
        return 1;
    }
    return 0;
}

json_t *fault_sweep_points_json(const char *message)
{
    json_t *points = json_array();
    for (const char *line = message; line != NULL && *line != '\0';) {
        unsigned first, last;
        int number;
        char step[256], function[128], code[64], clause[128];
        if (parse_point(line, &first, &last, step, function, code, &number, clause))
            json_array_append_new(points, json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:o}",
                "first", (json_int_t)first, "last", (json_int_t)last, "step", step,
                "function", function, "code", code, "number", number,
                "clause", clause[0] ? json_string(clause) : json_null()));
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    return points;
}

void fault_sweep_summary(FILE *out, const esc_result *results, size_t n)
{
    json_t *by_function = json_object();
    size_t total = 0, scenarios = 0;
    for (size_t i = 0; i < n; i++) {
        if (results[i].raw != ESC_PASS || results[i].message == NULL)
            continue;
        json_t *points = fault_sweep_points_json(results[i].message);
        size_t k;
        json_t *p;
        scenarios += json_array_size(points) > 0;
        json_array_foreach(points, k, p) {
            const char *function = json_string_value(json_object_get(p, "function"));
            json_int_t count = json_integer_value(json_object_get(p, "last")) -
                               json_integer_value(json_object_get(p, "first")) + 1;
            json_int_t sum = json_integer_value(json_object_get(by_function, function)) + count;
            json_object_set_new(by_function, function, json_integer(sum));
            total += (size_t)count;
        }
        json_decref(points);
    }
    fprintf(out, "fault sweep: %zu allocation point%s in %zu scenario%s", total,
            total == 1 ? "" : "s", scenarios, scenarios == 1 ? "" : "s");
    const char *function;
    json_t *count;
    int first = 1;
    json_object_foreach(by_function, function, count) {
        fprintf(out, "%s %s %lld", first ? ":" : ",", function, (long long)json_integer_value(count));
        first = 0;
    }
    fprintf(out, "\n");
    json_decref(by_function);
}
