/* run.c - validation runs and suite runs: loading, selecting, running, judging, reporting. */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "isolate.h"
#include "replay.h"
#include "report.h"
#include "run.h"
#include "suite.h"
#include "target_profile.h"

typedef struct {
    esc_suite suite;             /* every scenario found */
    espec_catalogue *catalogue;  /* the clauses */
    esc_target_profile tp;       /* the target profile (empty without one) */
    esc_target target;           /* the loaded library */
    esc_replay replay;           /* how each scenario is replayed */
    char tmpbase[64];            /* this run's temporary directory */
    size_t total;                /* scenarios to run, for the progress line */
    size_t finished;             /* run so far */
    int progress;                /* 1: print a progress line */
    int fail_fast;               /* --fail-fast: start nothing after the first divergence */
} run_state;

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

/* Returns 1 with the suite loaded (problems kept per scenario), 0 after printing why not. */
static int load_suite(const esc_options *o, run_state *st)
{
    static const char *const fallback[] = {ESECHECK_CASES_DIR};
    char **files = NULL, err[512];
    size_t nfiles = 0;
    const char *const *paths = o->npaths ? o->paths : fallback;
    if (!suite_find(paths, o->npaths ? o->npaths : 1, &files, &nfiles, err, sizeof err)) {
        fprintf(stderr, "esecheck: %s\n", err);
        return 0;
    }
    suite_load(&st->suite, files, nfiles, st->catalogue);
    suite_free_files(files);
    return 1;
}

/* Returns the number of problems printed (every scenario's); *bad counts the files with one. */
static size_t print_problems(const esc_suite *suite, size_t *bad)
{
    size_t problems = 0;
    *bad = 0;
    for (size_t i = 0; i < suite->count; i++) {
        size_t n = error_print_all(&suite->items[i].errors, stdout);
        problems += n;
        *bad += n > 0;
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

/* Returns 0 to go on: removes one entry of a directory tree. */
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    remove(path);
    return 0;
}

/* Returns nothing; removes a directory tree (no-op for ""). */
static void remove_tree(const char *path)
{
    if (path[0] != '\0')
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The isolate job: replays scenario index with a fresh $TMPDIR; fills out. */
static void run_job(void *ctx, size_t index, int progress_fd, esc_outcome *out)
{
    run_state *st = ctx;
    esc_replay r = st->replay;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%zu", st->tmpbase, index);
    mkdir(dir, 0700);
    r.tmpdir = dir;
    r.progress = progress_fd >= 0 ? isolate_progress : NULL;
    r.progress_ctx = &progress_fd;
    out->status = replay_run(&r, &st->suite.items[index], out->pointer, sizeof out->pointer,
                             out->message, sizeof out->message);
}

/* The isolate done callback: removes the scenario's $TMPDIR, updates the progress line. */
static int job_done(void *ctx, size_t index, const esc_outcome *out)
{
    run_state *st = ctx;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%zu", st->tmpbase, index);
    remove_tree(dir);
    st->finished++;
    if (st->progress) {
        printf("\r\033[K[%zu/%zu] %-8s %s", st->finished, st->total, status_word(out->status),
               st->suite.items[index].id);
        fflush(stdout);
    }
    return st->fail_fast &&
           (out->status == ESC_FAIL || out->status == ESC_CRASH || out->status == ESC_TIMEOUT);
}

/* Returns 1 with the target loaded, initialised and able to run the setup; 0 after printing. */
static int open_target(const esc_options *o, run_state *st)
{
    char err[1024];
    if (!target_open(&st->target, o->target, err, sizeof err) ||
        (st->tp.init != NULL && !target_init(&st->target, st->tp.init, st->tp.init_returns_int, err, sizeof err))) {
        fprintf(stderr, "esecheck: %s: %s\n", o->target, err);
        return 0;
    }
    esc_scenario setup;
    memset(&setup, 0, sizeof setup);
    setup.steps = st->tp.setup;
    setup.nsteps = st->tp.nsetup;
    setup.caps = st->tp.caps;
    esc_replay probe = {.target = &st->target, .catalogue = st->catalogue, .profile = st->replay.profile};
    if (replay_preflight(&probe, &setup, err, sizeof err) == ESC_UNSUPPORTED) {
        fprintf(stderr, "esecheck: %s: the target profile's setup cannot run: %s\n", o->target, err);
        return 0;
    }
    return 1;
}

/* Returns the malloc'd text of every problem of a scenario, one per line. */
static char *problems_text(const esc_errors *errors)
{
    size_t size = errors->count * 1300 + 1, n = 0;
    char *text = calloc(1, size), line[1300];
    for (size_t i = 0; i < errors->count; i++)
        n += (size_t)snprintf(text + n, size - n, "%s%s", i ? "\n" : "",
                              error_format(&errors->items[i], line, sizeof line));
    return text;
}

/* Returns the number of results: one per selected scenario, ERROR, SKIP and UNSUPPORTED ones
 * decided here; todo[i] is set for the scenarios to run. */
static size_t plan(run_state *st, const int *selected, int *todo, esc_result *results, size_t *map)
{
    size_t n = 0;
    for (size_t i = 0; i < st->suite.count; i++) {
        const esc_scenario *sc = &st->suite.items[i];
        if (!selected[i])
            continue;
        esc_result *r = &results[n];
        map[n++] = i;
        r->id = strdup(sc->id ? sc->id : sc->path);
        r->path = strdup(sc->path);
        r->folder = strdup(sc->folder);
        char msg[1024];
        if (sc->errors.count > 0) {
            char *text = problems_text(&sc->errors);
            result_set(r, ESC_ERROR, "", text);
            free(text);
            continue;
        }
        esc_status s = replay_preflight(&st->replay, sc, msg, sizeof msg);
        result_set(r, s, "", msg);
        todo[i] = s == ESC_PASS;
        st->total += todo[i];
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
    if (!ok)
        fprintf(stderr, "esecheck: a report could not be written\n");
    return ok;
}

/* Returns 1 when the run's inputs loaded (catalogue, target profile, profile, suite). */
static int prepare(const esc_options *o, run_state *st)
{
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
    return load_suite(o, st) && open_target(o, st);
}

/* Returns nothing; fills results from the outcomes of the scenarios that ran. */
static void collect(run_state *st, const int *todo, const esc_outcome *outcomes,
                    esc_result *results, const size_t *map, size_t n)
{
    (void)st;
    for (size_t k = 0; k < n; k++) {
        size_t i = map[k];
        if (!todo[i])
            continue;
        if (!outcomes[i].ran) {
            result_set(&results[k], ESC_SKIP, "", "not run: --fail-fast stopped the run");
            continue;
        }
        result_set(&results[k], outcomes[i].status, outcomes[i].pointer, outcomes[i].message);
        results[k].seconds = outcomes[i].seconds;
    }
}

/* Returns the exit status of the run: 0, 1 or 2. */
int run_suite(const esc_options *o, const char *program)
{
    run_state st;
    memset(&st, 0, sizeof st);
    int code = 2;
    double start = isolate_now();
    if (!prepare(o, &st))
        goto out;
    size_t count = st.suite.count ? st.suite.count : 1;
    int *selected = calloc(count, sizeof *selected), *todo = calloc(count, sizeof *todo);
    size_t *map = calloc(count, sizeof *map);
    esc_result *results = calloc(count, sizeof *results);
    esc_outcome *outcomes = calloc(count, sizeof *outcomes);
    esc_filter filter = {o->function, o->clause, o->id_glob, o->shard_k, o->shard_n};
    suite_select(&st.suite, &filter, st.catalogue, selected);
    size_t n = plan(&st, selected, todo, results, map);
    snprintf(st.tmpbase, sizeof st.tmpbase, "%s", "/tmp/esecheck.XXXXXX");
    if (mkdtemp(st.tmpbase) == NULL)
        st.tmpbase[0] = '\0';
    st.progress = isatty(STDOUT_FILENO) && !o->quiet;
    st.fail_fast = o->fail_fast;
    if (o->no_fork) {
        isolate_run_inline(st.suite.count, todo, run_job, job_done, &st, outcomes);
        target_reset(&st.target); /* leave nothing behind in this process */
    } else
        isolate_run(st.suite.count, todo, o->jobs, o->timeout, run_job, job_done, &st, outcomes);
    if (st.progress)
        printf("\r\033[K");
    remove_tree(st.tmpbase);
    collect(&st, todo, outcomes, results, map, n);
    esc_run_info info = {results, n, program, o->target, o->target_profile, NULL,
                         espec_profile_name(st.replay.profile), isolate_now() - start, NULL};
    if (strcmp(o->catalogue, ESECHECK_CATALOGUE) != 0)
        info.catalogue = o->catalogue;
    const esc_result **by_scenario = calloc(count, sizeof *by_scenario);
    for (size_t k = 0; k < n; k++)
        by_scenario[map[k]] = &results[k];
    esc_coverage cov;
    if (judge(o, &st, results, n) &&
        coverage_build(&cov, st.catalogue, st.suite.items, st.suite.count, by_scenario,
                       st.replay.profile)) {
        info.coverage = &cov;
        report_console(stdout, &info, o->verbose, o->quiet);
        code = write_reports(o, &info) ? results_exit_code(results, n) : 2;
        coverage_free(&cov);
    }
    free(by_scenario);
    for (size_t k = 0; k < n; k++)
        result_free(&results[k]);
    free(results);
    free(outcomes);
    free(map);
    free(todo);
    free(selected);
out:
    target_close(&st.target);
    target_profile_free(&st.tp);
    suite_free(&st.suite);
    espec_catalogue_free(st.catalogue);
    return code;
}
