/* run.c - validation runs and suite runs: loading, selecting, running, judging, reporting. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "defaults.h"
#include "differ.h"
#include "fault_sweep.h"
#include "isolate.h"
#include "linearize.h"
#include "replay.h"
#include "report.h"
#include "report_cmd.h"
#include "run.h"
#include "suite.h"
#include "target_profile.h"
#include "tmpdir.h"

typedef struct {
    esc_suite suite;             /* every scenario found (summaries, no JSON) */
    espec_catalogue *catalogue;  /* the clauses */
    esc_target_profile tp;       /* the target profile (empty without one) */
    esc_target target;           /* the loaded library */
    esc_replay replay;           /* how each scenario is replayed */
    unsigned char unimplemented[ESC_API_COUNT]; /* declared on the command line or in the
                                                   target profile (DECLARED_BY_* bits) */
    char tmpbase[64];            /* this run's temporary directory */
    esc_result *results;         /* one per selected scenario, in suite order */
    char *ran;                   /* ran[k]: results[k] came from a job that ran */
    size_t total;                /* scenarios to run, for the progress line */
    size_t finished;             /* run so far */
    int progress;                /* 1: print a progress line */
    int fail_fast;               /* --fail-fast: start nothing after the first divergence */
    esc_target model;            /* --linearizable: the sequential model (a copy of ref) */
    /* differential mode (--reference) and reruns (--rerun-failures) */
    esc_target reference;        /* the library compared with; loaded in differential mode */
    esc_target_profile rtp;      /* --reference-profile (empty without one) */
    esc_replay ref_replay;       /* the reference's preflight: what it lacks */
    unsigned char ref_unimplemented[ESC_API_COUNT]; /* the reference profile's "unimplemented" */
    esc_differ differ;           /* how a scenario runs on both (NULL target: not differential) */
    int round, rounds;           /* the rerun being run, of how many (--rerun-failures) */
    int fault_limit;             /* --fault-sweep: points per scenario; 0: a plain run */
} run_state;

enum { DECLARED_BY_OPTION = 1, DECLARED_BY_PROFILE = 2 };

/* Returns nothing; st->unimplemented holds what --unimplemented and the target profile
 * declare, and the replay sees it. */
static void declare_unimplemented(const esc_options *o, run_state *st)
{
    for (size_t i = 0; i < ESC_API_COUNT; i++)
        st->unimplemented[i] = (unsigned char)((o->unimplemented[i] ? DECLARED_BY_OPTION : 0) |
                                               (st->tp.unimplemented[i] ? DECLARED_BY_PROFILE : 0));
    st->replay.unimplemented = st->unimplemented;
}

/* Returns nothing; prints a warning for each function declared unimplemented that the target
 * has. Not an error: the declaration only matters when the function is missing, and the
 * scenarios calling a present function run as usual. */
static void warn_declared_but_present(const esc_options *o, const run_state *st)
{
    for (size_t i = 0; i < ESC_API_COUNT; i++)
        if (st->unimplemented[i] && target_has(&st->target, calls_at(i)))
            fprintf(stderr, "esecheck: warning: %s: the target has %s, declared unimplemented by %s%s; "
                            "its scenarios run as usual\n",
                    o->target, calls_at(i)->name,
                    st->unimplemented[i] & DECLARED_BY_OPTION ? "--unimplemented" : "the target profile ",
                    st->unimplemented[i] & DECLARED_BY_OPTION ? "" : o->target_profile);
}

/* Returns 1 with the catalogue loaded into st, 0 after printing why not. */
static int load_catalogue(const esc_options *o, run_state *st)
{
    espec_error err;
    memset(&err, 0, sizeof err);
    st->catalogue = espec_catalogue_load(o->catalogue, &err);
    if (st->catalogue == NULL)
        fprintf(stderr, "esecheck: %s:%d:%d: %s: %s\n", err.source, err.line, err.column,
                err.pointer, err.text);
    return st->catalogue != NULL;
}

/* Returns the paths to search: the positional ones, or the default cases directory. */
static const char *const *search_paths(const esc_options *o, size_t *n)
{
    static const char *default_paths[1];
    default_paths[0] = default_cases_dir();
    *n = o->npaths ? o->npaths : 1;
    return o->npaths ? o->paths : default_paths;
}

/* Returns 1 with the suite loaded (problems kept per scenario), 0 after printing why not. */
static int load_suite(const esc_options *o, run_state *st)
{
    char err[512];
    size_t npaths;
    const char *const *paths = search_paths(o, &npaths);
    if (!suite_find(&st->suite, paths, npaths, err, sizeof err)) {
        fprintf(stderr, "esecheck: %s\n", err);
        return 0;
    }
    suite_load(&st->suite, st->catalogue);
    return 1;
}

/* Returns the number of problems printed (every scenario's); *bad counts the files with one. */
static size_t print_problems(const esc_suite *suite, size_t *bad)
{
    size_t problems = 0;
    *bad = 0;
    for (size_t i = 0; i < suite->count; i++) {
        const esc_entry *e = &suite->items[i];
        if (e->nproblems > 0)
            printf("%s\n", e->problems);
        problems += e->nproblems;
        *bad += e->nproblems > 0;
    }
    return problems;
}

/* Returns 0 or 2: the exit status of a validation run. */
int run_validate(const esc_options *o)
{
    run_state st;
    memset(&st, 0, sizeof st);
    if (!load_catalogue(o, &st))
        return 2;
    if (!load_suite(o, &st)) {
        espec_catalogue_free(st.catalogue);
        return 2;
    }
    size_t bad, problems = print_problems(&st.suite, &bad);
    if (o->target_profile != NULL) {
        target_profile_load(o->target_profile, st.catalogue, &st.tp);
        problems += error_print_all(&st.tp.errors, stdout);
        target_profile_free(&st.tp);
    }
    fprintf(stderr, "esecheck: %zu problem%s in %zu of %zu scenario files\n", problems,
            problems == 1 ? "" : "s", bad, st.suite.count);
    suite_free(&st.suite);
    espec_catalogue_free(st.catalogue);
    return problems ? 2 : 0;
}

/* Returns 0, 1 or 2: the exit status of the coverage gate. */
int run_check_coverage(const esc_options *o)
{
    run_state st;
    esc_coverage cov;
    espec_profile profile;
    memset(&st, 0, sizeof st);
    if (!espec_profile_parse(o->profile ? o->profile : "documented", &profile)) {
        fprintf(stderr, "esecheck: unknown profile \"%s\" (documented, esent, portable)\n", o->profile);
        return 2;
    }
    if (!load_catalogue(o, &st))
        return 2;
    if (!load_suite(o, &st) ||
        !coverage_build(&cov, st.catalogue, st.suite.items, st.suite.count, NULL, profile)) {
        suite_free(&st.suite);
        espec_catalogue_free(st.catalogue);
        return 2;
    }
    size_t bad, problems = print_problems(&st.suite, &bad);
    size_t uncited = coverage_print_uncited(stdout, &cov);
    int written = o->coverage == NULL || coverage_write_json(o->coverage, &cov) == 0;
    if (!written)
        fprintf(stderr, "esecheck: cannot write %s\n", o->coverage);
    fflush(stdout); /* the list first, then the count */
    fprintf(stderr, "esecheck: %zu of %zu clauses without a case; %zu problem%s in %zu of %zu "
                    "scenario files\n", uncited, cov.count, problems, problems == 1 ? "" : "s", bad,
            st.suite.count);
    coverage_free(&cov);
    suite_free(&st.suite);
    espec_catalogue_free(st.catalogue);
    return problems || !written ? 2 : uncited ? 1 : 0;
}

/* The isolate job (in a child, or in-process with --no-fork): loads the scenario at path
 * again and replays it with a fresh $TMPDIR; fills out. */
static void run_job(void *ctx, size_t index, const char *path, int in_child, esc_outcome *out)
{
    run_state *st = ctx;
    esc_replay r = st->replay;
    esc_scenario sc;
    char dir[PATH_MAX], line[1300];
    if (!suite_open(path, st->catalogue, &sc)) {
        out->status = ESC_ERROR;
        snprintf(out->message, sizeof out->message, "the file changed since it was loaded: %s",
                 sc.errors.count ? error_format(&sc.errors.items[0], line, sizeof line) : path);
        scenario_free(&sc);
        return;
    }
    snprintf(dir, sizeof dir, "%s/%zu", st->tmpbase, index);
    r.tmpdir = dir; /* made when a value first names it (frame.c) */
    r.progress = in_child ? isolate_progress : NULL;
    r.progress_ctx = NULL;
    if ((sc.caps & ESC_CAP_PARALLEL) && (st->differ.target != NULL || st->fault_limit > 0)) {
        /* which call of a parallel block comes first, meets the nth allocation or sees a busy
           session is the scheduler's choice: two runs of it are not comparable step by step */
        out->status = ESC_SKIP;
        snprintf(out->message, sizeof out->message, "a parallel block (its results are a race): "
                 "not run by %s", st->differ.target != NULL ? "--reference" : "--fault-sweep");
    } else if (st->differ.target != NULL)
        out->status = differ_run(&st->differ, &sc, out->pointer, sizeof out->pointer, out->message,
                                 sizeof out->message);
    else if (st->fault_limit > 0) /* --fault-sweep */
        out->status = fault_sweep_run(&r, &sc, (unsigned)st->fault_limit, out->pointer,
                                      sizeof out->pointer, out->message, sizeof out->message);
    else {
        static esc_steplog log;  /* static: a few kB the target's stack need not give */
        memset(&log, 0, sizeof log);
        r.log = &log;
        out->status = replay_run(&r, &sc, out->pointer, sizeof out->pointer, out->message,
                                 sizeof out->message);
        steplog_json(&log, out->observed, sizeof out->observed);
    }
    scenario_free(&sc);
}

/* The isolate arg callback: returns the path of result index's scenario. */
static const char *job_path(void *ctx, size_t index)
{
    const run_state *st = ctx;
    return st->results[index].path;
}

/* The isolate done callback: keeps the outcome in the result, removes the scenario's $TMPDIR,
 * updates the progress line. Returns 1 to stop starting scenarios (--fail-fast). */
static int job_done(void *ctx, size_t index, const esc_outcome *out)
{
    run_state *st = ctx;
    esc_result *r = &st->results[index];
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%zu", st->tmpbase, index);
    tmpdir_remove(dir);
    result_set(r, out->status, out->pointer, out->message);
    free(r->observed);
    r->observed = out->observed[0] != '\0' ? strdup(out->observed) : NULL;
    r->seconds = out->seconds;
    st->ran[index] = 1;
    st->finished++;
    if (st->progress) {
        printf("\r\033[K[%zu/%zu] %-8s %s", st->finished, st->total, status_word(out->status), r->id);
        fflush(stdout);
    }
    return st->fail_fast && status_diverges(out->status); /* FAIL, CRASH or TIMEOUT: MISSING is
                                                             decided before anything runs */
}

/* Returns 1 when a scenario with this raw status is rerun by --rerun-failures. */
static int rerunnable(esc_status raw)
{
    return raw == ESC_FAIL || raw == ESC_DIFFER || raw == ESC_CRASH || raw == ESC_TIMEOUT;
}

/* The isolate done callback of a rerun: a pass makes the result FLAKY, its first divergence
 * kept (pointer and message); another divergence leaves the result as it was. Returns 0. */
static int rerun_done(void *ctx, size_t index, const esc_outcome *out)
{
    run_state *st = ctx;
    esc_result *r = &st->results[index];
    char dir[PATH_MAX], *pointer = r->pointer ? strdup(r->pointer) : NULL, msg[5000];
    snprintf(dir, sizeof dir, "%s/%zu", st->tmpbase, index);
    tmpdir_remove(dir);
    if (out->status == ESC_PASS) {
        snprintf(msg, sizeof msg, "%s, then PASS on rerun %d of at most %d; the %s: %s", status_word(r->raw),
                 st->round, st->rounds, status_word(r->raw), r->message ? r->message : "");
        result_set(r, ESC_FLAKY, pointer, msg);
    }
    free(pointer);
    return 0;
}

/* Returns nothing; reruns each FAIL, DIFFER, CRASH and TIMEOUT (raw) up to --rerun-failures
 * times, each in a fresh child as before (in this process with --no-fork), until it passes. */
static void rerun_failures(const esc_options *o, run_state *st, esc_isolate *iso, size_t n)
{
    int *again = calloc(n ? n : 1, sizeof *again);
    st->rounds = o->rerun_failures;
    for (st->round = 1; st->round <= st->rounds; st->round++) {
        size_t count = 0;
        for (size_t k = 0; k < n; k++)
            count += (size_t)(again[k] = st->ran[k] && rerunnable(st->results[k].raw));
        if (count == 0)
            break;
        if (o->no_fork)
            isolate_run_inline(n, again, run_job, job_path, rerun_done, st);
        else
            isolate_run(iso, n, again, job_path, rerun_done, st, 1); /* rerun_done never stops */
    }
    free(again);
}

/* Returns 1 with the library at path loaded into t, initialised as its target profile tp says
 * and able to run tp's setup; 0 after printing. */
static int open_library(const char *path, esc_target *t, const esc_target_profile *tp, const run_state *st)
{
    char err[1024];
    if (!target_open(t, path, err, sizeof err) ||
        (tp->init != NULL && !target_init(t, tp->init, tp->init_returns_int, err, sizeof err))) {
        fprintf(stderr, "esecheck: %s: %s\n", path, err);
        return 0;
    }
    esc_scenario setup;
    memset(&setup, 0, sizeof setup);
    setup.steps = tp->setup;
    setup.nsteps = tp->nsetup;
    setup.caps = tp->caps;
    esc_replay probe = {.target = t, .catalogue = st->catalogue, .profile = st->replay.profile};
    int unimplemented; /* the setup must run: a function declared unimplemented is no excuse */
    esc_status s = replay_preflight(&probe, &setup, &unimplemented, err, sizeof err);
    if (s == ESC_UNSUPPORTED || s == ESC_MISSING) {
        fprintf(stderr, "esecheck: %s: the target profile's setup cannot run: %s\n", path, err);
        return 0;
    }
    return 1;
}

/* Differential mode: returns PASS when the reference can run the entry's scenario too, else
 * UNSUPPORTED with "reference: " and why (what it lacks) in msg: the reference is not under
 * test. */
static esc_status reference_preflight(const run_state *st, const esc_entry *e, char *msg, size_t size)
{
    char why[900];
    int unimplemented;
    if (replay_preflight_entry(&st->ref_replay, e, &unimplemented, why, sizeof why) == ESC_PASS)
        return ESC_PASS;
    /* the preflight speaks of "the target": here it is the reference */
    if (strncmp(why, "target ", 7) == 0)
        snprintf(msg, size, "reference%s", why + 6);
    else
        snprintf(msg, size, "reference: %s", why);
    return ESC_UNSUPPORTED;
}

/* Returns the number of results: one per selected scenario (id, path and folder borrowed from
 * the suite), ERROR, SKIP, UNSUPPORTED and MISSING ones decided here; todo[k] is set for the results
 * whose scenario is to run; by_entry[i] is entry i's result (NULL: not selected). */
static size_t plan(run_state *st, const int *selected, int *todo, const esc_result **by_entry)
{
    size_t n = 0;
    for (size_t i = 0; i < st->suite.count; i++) {
        const esc_entry *e = &st->suite.items[i];
        if (!selected[i])
            continue;
        esc_result *r = &st->results[n];
        by_entry[i] = r;
        r->id = e->id ? e->id : e->path;
        r->path = e->path;
        r->folder = e->folder;
        char msg[1024];
        if (e->nproblems > 0) {
            result_set(r, ESC_ERROR, "", e->problems);
            n++;
            continue;
        }
        int unimplemented;
        esc_status s = replay_preflight_entry(&st->replay, e, &unimplemented, msg, sizeof msg);
        if (s == ESC_PASS && st->differ.target != NULL)
            s = reference_preflight(st, e, msg, sizeof msg);
        result_set(r, s, "", msg);
        r->unimplemented = unimplemented;
        todo[n] = s == ESC_PASS;
        st->total += (size_t)todo[n];
        n++;
    }
    return n;
}

/* Returns 1 when the expectations were applied (or none given), 0 after printing why not. */
static int judge(const esc_options *o, run_state *st, esc_result *results, size_t n)
{
    const char *path = o->update ? o->update : o->expectations ? o->expectations : st->tp.expectations;
    char err[1024];
    if (o->update != NULL && !ledger_write(o->update, results, n)) {
        fprintf(stderr, "esecheck: cannot write %s\n", o->update);
        return 0;
    }
    esc_ledger *ledger = path ? ledger_load(path, err, sizeof err) : NULL;
    if (path != NULL && ledger == NULL) {
        fprintf(stderr, "esecheck: %s\n", err);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        status_against_expectation(&results[i], ledger);
    ledger_free(ledger);
    return 1;
}

/* Returns 1 when every requested report was written, 0 after printing which was not. */
static int write_reports(const esc_options *o, const esc_run_info *info)
{
    char path[PATH_MAX];
    int ok = 1;
    if (o->reports != NULL) {
        mkdir(o->reports, 0777);
        snprintf(path, sizeof path, "%s/console.txt", o->reports);
        FILE *f = fopen(path, "w");
        ok &= f != NULL && report_console(f, info, 1, 0) == 0;
        if (f != NULL)
            fclose(f);
        snprintf(path, sizeof path, "%s/results.json", o->reports);
        ok &= report_json(path, info) == 0;
        snprintf(path, sizeof path, "%s/junit.xml", o->reports);
        ok &= report_junit(path, info) == 0;
        snprintf(path, sizeof path, "%s/clauses.json", o->reports);
        ok &= coverage_write_json(path, info->coverage) == 0;
        snprintf(path, sizeof path, "%s/report.html", o->reports);
        ok &= report_html_run(path, info, o->catalogue) == 0;
        snprintf(path, sizeof path, "%s/clauses.txt", o->reports);
        f = fopen(path, "w");
        ok &= f != NULL && coverage_write_text(f, info->coverage) == 0;
        if (f != NULL)
            ok &= fclose(f) == 0;
    }
    ok &= o->coverage == NULL || coverage_write_json(o->coverage, info->coverage) == 0;
    ok &= o->json == NULL || report_json(o->json, info) == 0;
    ok &= o->junit == NULL || report_junit(o->junit, info) == 0;
    ok &= o->tap == NULL || report_tap(o->tap, info) == 0;
    ok &= o->html == NULL || report_html_run(o->html, info, o->catalogue) == 0;
    if (!ok)
        fprintf(stderr, "esecheck: a report could not be written\n");
    return ok;
}

/* Differential mode (--reference): returns 1 with the reference loaded, initialised and its
 * profile read, st->differ set up (each side with its own setup), or without --reference; 0
 * after printing why not. Only the reference profile's init, setup and unimplemented count:
 * the run has one clause profile and one ledger, the target's. */
static int open_reference(const esc_options *o, run_state *st)
{
    if (o->reference == NULL) {
        if (o->reference_profile != NULL)
            fprintf(stderr, "esecheck: --reference-profile needs --reference\n");
        return o->reference_profile == NULL;
    }
    if (o->no_fork) {
        fprintf(stderr, "esecheck: --reference runs each library in a child of its own: not with --no-fork\n");
        return 0;
    }
    if (o->fault_sweep || o->linearizable) { /* each is a way of running a scenario: one at a time */
        fprintf(stderr, "esecheck: --reference is a run of its own: not with %s\n",
                o->fault_sweep ? "--fault-sweep" : "--linearizable");
        return 0;
    }
    if (o->reference_profile != NULL && !target_profile_load(o->reference_profile, st->catalogue, &st->rtp)) {
        error_print_all(&st->rtp.errors, stderr);
        return 0;
    }
    if (!open_library(o->reference, &st->reference, &st->rtp, st))
        return 0;
    memcpy(st->ref_unimplemented, st->rtp.unimplemented, sizeof st->ref_unimplemented);
    st->ref_replay = st->replay;
    st->ref_replay.target = &st->reference;
    st->ref_replay.unimplemented = st->ref_unimplemented;
    st->differ = (esc_differ){.target = &st->target, .reference = &st->reference,
                              .profile = st->replay.profile, .setup = {st->tp.setup, st->rtp.setup},
                              .nsetup = {st->tp.nsetup, st->rtp.nsetup}, .timeout = o->timeout};
    return 1;
}

/* Returns 1 when the run's inputs loaded (catalogue, target profile, profile), the paths exist
 * and the target is open; then the worker is started (unless --no-fork), from this small
 * process, and only then the suite is loaded. 0 after printing why not. */
static int prepare(const esc_options *o, run_state *st, esc_isolate **iso)
{
    char err[512];
    size_t npaths;
    const char *const *paths = search_paths(o, &npaths);
    if (!load_catalogue(o, st))
        return 0;
    if (o->target_profile != NULL && !target_profile_load(o->target_profile, st->catalogue, &st->tp)) {
        error_print_all(&st->tp.errors, stderr);
        return 0;
    }
    const char *name = o->profile ? o->profile : st->tp.profile ? st->tp.profile : "documented";
    if (!espec_profile_parse(name, &st->replay.profile)) {
        fprintf(stderr, "esecheck: unknown profile \"%s\" (documented, esent, portable)\n", name);
        return 0;
    }
    st->replay.catalogue = st->catalogue;
    st->replay.target = &st->target;
    st->replay.setup = st->tp.setup;
    st->replay.nsetup = st->tp.nsetup;
    declare_unimplemented(o, st);
    if (!suite_check_paths(paths, npaths, err, sizeof err)) {
        fprintf(stderr, "esecheck: %s\n", err);
        return 0;
    }
    if (!open_library(o->target, &st->target, &st->tp, st) || !open_reference(o, st))
        return 0;
    if (o->fault_sweep && o->linearizable) {
        fprintf(stderr, "esecheck: --fault-sweep is a run of its own: not with --linearizable\n");
        return 0;
    }
    if (o->fault_sweep && !fault_sweep_supported(&st->target)) {
        fprintf(stderr, "esecheck: %s: --fault-sweep needs ref's hooks esehook_fail_allocation "
                        "and esehook_live_allocations\n", o->target);
        return 0;
    }
    st->fault_limit = o->fault_sweep ? o->fault_limit : 0;
    warn_declared_but_present(o, st);
    snprintf(st->tmpbase, sizeof st->tmpbase, "%s", "/tmp/esecheck.XXXXXX");
    if (mkdtemp(st->tmpbase) == NULL)
        st->tmpbase[0] = '\0';
    /* concurrent scenarios: --repeat, and --linearizable's model, loaded before the worker
       forks so that every child has it */
    st->replay.repeat = o->repeat;
    if (o->linearizable) {
        if (!linearize_open_model(o->model ? o->model : default_target(), st->tmpbase,
                                  &st->model, err, sizeof err)) {
            fprintf(stderr, "esecheck: %s\n", err);
            return 0;
        }
        st->replay.linearizable = 1;
        st->replay.model = &st->model;
    }
    /* In differential mode each side has the timeout (and is killed then, as a hang): the
     * child that runs both gets a little longer. */
    double timeout = st->differ.target != NULL ? o->timeout + 5 : o->timeout;
    if (!o->no_fork && (*iso = isolate_start(o->jobs, timeout, run_job, st, err, sizeof err)) == NULL) {
        fprintf(stderr, "esecheck: %s\n", err);
        return 0;
    }
    return load_suite(o, st);
}

/* Returns nothing; the results of scenarios that were to run but never started say so. */
static void collect(const run_state *st, const int *todo, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (todo[k] && !st->ran[k])
            result_set(&st->results[k], ESC_SKIP, "", "not run: --fail-fast stopped the run");
}

/* Returns the names declared with --unimplemented, comma-separated, in out (NULL: none). */
static const char *declared_by_option(const esc_options *o, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ESC_API_COUNT; i++)
        if (o->unimplemented[i] && n < size)
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "", calls_at(i)->name);
    return n ? out : NULL;
}

/* Returns nothing; with --linearizable, keeps only the concurrent scenarios in mask (the
 * run's selection and the whole one that merge checks shards against narrow alike). */
static void keep_concurrent_if_linearizable(const esc_options *o, const run_state *st, int *mask)
{
    for (size_t i = 0; o->linearizable && i < st->suite.count; i++)
        mask[i] &= (st->suite.items[i].caps & ESC_CAP_PARALLEL) != 0;
}

/* Returns nothing; fills sel from the options, and its total, ids and positions: the place of
 * each selected scenario in the selection the filters make without the shard (what merge
 * checks shards against), and the id of each scenario of that selection (what merge names a
 * scenario no shard ran by). position and ids have one slot per scenario of the suite. */
static void describe_selection(const esc_options *o, const run_state *st, const int *selected,
                               esc_selection *sel, size_t *position, const char **ids)
{
    size_t count = st->suite.count ? st->suite.count : 1, k = 0;
    int *whole = calloc(count, sizeof *whole);
    esc_filter filter = {o->function, o->clause, o->id_glob, 0, 0};
    size_t npaths;
    const char *const *paths = search_paths(o, &npaths);
    *sel = (esc_selection){o->function, o->clause, o->id_glob, paths, npaths, o->shard_k, o->shard_n, 0,
                           position, ids};
    suite_select(&st->suite, &filter, st->catalogue, whole);
    keep_concurrent_if_linearizable(o, st, whole);
    for (size_t i = 0; i < st->suite.count; i++) {
        const esc_entry *e = &st->suite.items[i];
        if (selected[i])
            position[k++] = sel->total;
        if (whole[i]) /* named as its result is: a file without an id by its path */
            ids[sel->total++] = e->id ? e->id : e->path;
    }
    free(whole);
}

/* Returns the exit status after judging and reporting the n results. */
static int report(const esc_options *o, run_state *st, size_t n, const esc_result *const *by_entry,
                  const char *program, double start, const esc_selection *selection)
{
    int code = 2;
    char declared[512]; /* all the names of api.def take under 400 bytes */
    esc_run_info info = {st->results, n, program, o->target, o->target_profile, NULL,
                         espec_profile_name(st->replay.profile), isolate_now() - start, NULL,
                         declared_by_option(o, declared, sizeof declared), 0, NULL,
                         o->reference, o->reference_profile, selection};
    if (strcmp(o->catalogue, default_catalogue()) != 0)
        info.catalogue = o->catalogue;
    char repeat[16]; /* concurrent scenarios: the rerun command keeps these */
    snprintf(repeat, sizeof repeat, "%d", o->repeat);
    info.repeat = o->repeat > 1 ? repeat : NULL;
    info.linearizable = o->linearizable;
    esc_coverage cov;
    if (judge(o, st, st->results, n) &&
        coverage_build(&cov, st->catalogue, st->suite.items, st->suite.count, by_entry,
                       st->replay.profile)) {
        info.coverage = &cov;
        report_console(stdout, &info, o->verbose, o->quiet);
        if (st->fault_limit > 0) /* --fault-sweep: the allocation points by function */
            fault_sweep_summary(stdout, st->results, n);
        code = write_reports(o, &info) ? results_exit_code(st->results, n) : 2;
        for (size_t k = 0; o->strict && code == 0 && k < n; k++)
            code = st->results[k].status == ESC_FLAKY; /* --strict: FLAKY fails the run */
        coverage_free(&cov);
    }
    return code;
}

/* Returns the exit status of the run: 0, 1 or 2. */
int run_suite(const esc_options *o, const char *program)
{
    run_state st;
    esc_isolate *iso = NULL;
    memset(&st, 0, sizeof st);
    int code = 2;
    double start = isolate_now();
    if (prepare(o, &st, &iso)) {
        size_t count = st.suite.count ? st.suite.count : 1;
        int *selected = calloc(count, sizeof *selected), *todo = calloc(count, sizeof *todo);
        const esc_result **by_entry = calloc(count, sizeof *by_entry);
        st.results = calloc(count, sizeof *st.results);
        st.ran = calloc(count, 1);
        esc_filter filter = {o->function, o->clause, o->id_glob, o->shard_k, o->shard_n};
        suite_select(&st.suite, &filter, st.catalogue, selected);
        keep_concurrent_if_linearizable(o, &st, selected);
        size_t n = plan(&st, selected, todo, by_entry);
        size_t *position = calloc(count, sizeof *position);
        const char **ids = calloc(count, sizeof *ids);
        esc_selection selection;
        describe_selection(o, &st, selected, &selection, position, ids);
        free(selected);
        st.progress = isatty(STDOUT_FILENO) && !o->quiet;
        st.fail_fast = o->fail_fast;
        if (o->no_fork) {
            isolate_run_inline(n, todo, run_job, job_path, job_done, &st);
            target_reset(&st.target); /* leave nothing behind in this process */
        } else
            isolate_run(iso, n, todo, job_path, job_done, &st, st.fail_fast ? 0 : 1);
        if (st.progress)
            printf("\r\033[K");
        rerun_failures(o, &st, iso, n);
        if (o->no_fork && o->rerun_failures > 0)
            target_reset(&st.target);
        collect(&st, todo, n);
        code = report(o, &st, n, by_entry, program, start, &selection);
        free(position);
        free(ids);
        for (size_t k = 0; k < n; k++)
            result_free(&st.results[k]);
        free(st.results);
        free(st.ran);
        free(by_entry);
        free(todo);
    }
    isolate_stop(iso);
    tmpdir_remove(st.tmpbase);
    target_close(&st.target);
    target_close(&st.model);
    target_profile_free(&st.tp);
    target_close(&st.reference);
    target_profile_free(&st.rtp);
    suite_free(&st.suite);
    espec_catalogue_free(st.catalogue);
    return code;
}
