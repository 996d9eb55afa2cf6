/* merge.c - shard results put back together: checks, then the whole run's results. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "merge.h"
#include "report_cmd.h"
#include "runfile.h"

/* Returns member key of a run without its member drop (what every shard of one run shares
 * of it), new, or null when the run has no such member. */
static json_t *shared_part(const json_t *run, const char *key, const char *drop)
{
    json_t *part = json_deep_copy(json_object_get(run, key));
    json_object_del(part, drop);
    return part ? part : json_null();
}

/* Returns 1 when the member key of a and of b is the same (absent counts as null). */
static int same_member(const json_t *a, const json_t *b, const char *key)
{
    json_t *x = json_object_get(a, key), *y = json_object_get(b, key);
    return json_equal(x ? x : json_null(), y ? y : json_null());
}

/* Returns 1 when run i comes from the same run as run 0 (target, profile, ledger, catalogue,
 * --repeat, --linearizable, selection, reference library), else 0 after printing how it
 * differs. */
static int same_run(json_t *const *runs, const char *const *files, size_t i, FILE *errs)
{
    static const char *const keys[] = {"target", "profile", "target_profile", "catalogue", "unimplemented",
                                       "repeat", "linearizable"};
    static const struct {
        const char *key, *drop, *what; /* a member, its part that is each shard's own, what it holds */
    } parts[] = {
        {"selection", "shard", "filters, paths, number of scenarios"},
        {"differential", "differences", "differential mode, reference library and profile"},
    };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        if (!same_member(runs[0], runs[i], keys[k])) {
            fprintf(errs, "esecheck: merge: %s and %s are not shards of one run: their /%s differ\n",
                    files[0], files[i], keys[k]);
            return 0;
        }
    int same = 1;
    for (size_t k = 0; k < sizeof parts / sizeof *parts && same; k++) {
        json_t *a = shared_part(runs[0], parts[k].key, parts[k].drop);
        json_t *b = shared_part(runs[i], parts[k].key, parts[k].drop);
        same = json_equal(a, b);
        if (!same)
            fprintf(errs, "esecheck: merge: %s and %s are not shards of one run: their /%s (%s) differ\n",
                    files[0], files[i], parts[k].key, parts[k].what);
        json_decref(a);
        json_decref(b);
    }
    return same;
}

/* Returns the shard "K/N" of a run in buf ("the whole selection" when unsharded). */
static const char *shard_name(const json_t *run, char *buf, size_t size)
{
    const json_t *shard = json_object_get(json_object_get(run, "selection"), "shard");
    if (!json_is_object(shard))
        return "the whole selection";
    snprintf(buf, size, "shard %lld/%lld", (long long)json_integer_value(json_object_get(shard, "k")),
             (long long)json_integer_value(json_object_get(shard, "n")));
    return buf;
}

/* Returns 1 when every run records its selection and all come from one run, else 0. */
static int check_runs(json_t *const *runs, const char *const *files, size_t n, size_t *total, FILE *errs)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        if (!json_is_integer(json_object_get(json_object_get(runs[i], "selection"), "total"))) {
            fprintf(errs, "esecheck: merge: %s: no /selection/total (written by an esecheck that "
                          "did not record its selection)\n", files[i]);
            ok = 0;
        }
    for (size_t i = 1; ok && i < n; i++)
        ok &= same_run(runs, files, i, errs);
    *total = ok ? (size_t)json_integer_value(json_object_get(json_object_get(runs[0], "selection"), "total")) : 0;
    return ok;
}

/* Returns nothing; prints the name of position p of the whole selection: its id, which the
 * files record (selection/ids), or "number N" (1-based) in a file that does not. */
static void print_scenario(const json_t *ids, size_t p, FILE *errs)
{
    const char *id = json_string_value(json_array_get(ids, p));
    if (id != NULL)
        fputs(id, errs);
    else
        fprintf(errs, "number %zu", p + 1);
}

/* Returns 1 when every position has an owner, else 0 after printing how many are left out,
 * the first ten by id, and the shards of N that hold them. */
static int report_gaps(const size_t *owner, size_t total, const json_t *first, FILE *errs)
{
    enum { NAMED = 10 };
    const json_t *sel = json_object_get(first, "selection"), *shard = json_object_get(sel, "shard");
    size_t nshards = json_is_object(shard) ? (size_t)json_integer_value(json_object_get(shard, "n")) : 1;
    size_t missing = 0;
    unsigned char *lacks = calloc(nshards ? nshards : 1, 1);
    for (size_t p = 0; p < total; p++)
        if (owner[p] == 0) {
            missing++;
            lacks[p % (nshards ? nshards : 1)] = 1;
        }
    if (missing > 0) {
        fprintf(errs, "esecheck: merge: the shards leave out %zu of the %zu scenarios: ", missing, total);
        for (size_t p = 0, named = 0; p < total && named < NAMED; p++)
            if (owner[p] == 0) {
                fputs(named++ ? ", " : "", errs);
                print_scenario(json_object_get(sel, "ids"), p, errs);
            }
        if (missing > NAMED)
            fprintf(errs, " and %zu more", missing - NAMED);
        fputs("; they belong to shard ", errs);
        for (size_t k = 0, named = 0; k < nshards; k++)
            if (lacks[k])
                fprintf(errs, "%s%zu/%zu", named++ ? ", " : "", k + 1, nshards);
        fputs(", not given or incomplete\n", errs);
    }
    free(lacks);
    return missing == 0;
}

/* Returns 1 with each position of the whole selection given its result (owner[p] = the run,
 * slot[p] = the result), 0 after printing the overlaps (each pair of files once, with the
 * first scenario both hold) and the scenarios no file holds. */
static int place_results(json_t *const *runs, const char *const *files, size_t n, size_t total,
                         json_t **slot, FILE *errs)
{
    size_t *owner = calloc(total ? total : 1, sizeof *owner); /* run index + 1; 0: none */
    unsigned char *told = calloc(n * n, 1);
    int ok = 1;
    char a[64], b[64];
    for (size_t i = 0; i < n; i++) {
        size_t k;
        json_t *item;
        json_array_foreach(json_object_get(runs[i], "results"), k, item) {
            json_int_t p = json_integer_value(json_object_get(item, "position"));
            if (!json_is_integer(json_object_get(item, "position")) || p < 0 || (size_t)p >= total) {
                fprintf(errs, "esecheck: merge: %s: /results/%zu/position: not a place in the "
                              "selection of %zu scenarios\n", files[i], k, total);
                ok = 0;
            } else if (owner[p] != 0) {
                size_t j = owner[p] - 1;
                if (!told[j * n + i])
                    fprintf(errs, "esecheck: merge: %s (%s) and %s (%s) overlap: both ran %s\n", files[j],
                            shard_name(runs[j], a, sizeof a), files[i], shard_name(runs[i], b, sizeof b),
                            json_string_value(json_object_get(item, "id")));
                told[j * n + i] = 1;
                ok = 0;
            } else {
                owner[p] = i + 1;
                slot[p] = item;
            }
        }
    }
    ok &= report_gaps(owner, total, runs[0], errs);
    free(told);
    free(owner);
    return ok;
}

/* Returns nothing; one clause row of the coverage table takes its cases' results from the
 * merged results ("not run" for a scenario outside the selection) and is judged again as
 * coverage.c judges it: verified when a case passed (raw), functions missing when one is raw
 * MISSING. counts[] gets the row's state. */
static void join_row(json_t *row, const json_t *by_path, size_t *counts)
{
    enum { VERIFIED, FUNCTIONS_MISSING, UNVERIFIED };
    size_t i;
    json_t *c;
    int verified = 0, missing = 0, applies = json_is_true(json_object_get(row, "applies"));
    json_array_foreach(json_object_get(row, "cases"), i, c) {
        const json_t *r = json_object_get(by_path, json_string_value(json_object_get(c, "path")));
        const char *raw = r ? json_string_value(json_object_get(r, "raw")) : "";
        json_object_set_new(c, "result", json_string(r ? json_string_value(json_object_get(r, "result")) : "not run"));
        verified |= strcmp(raw, "pass") == 0;
        missing |= strcmp(raw, "missing") == 0;
    }
    json_object_set_new(row, "verified", json_boolean(verified));
    json_object_set_new(row, "functions_missing", json_boolean(applies && !verified && missing));
    if (applies && json_array_size(json_object_get(row, "cases")) > 0)
        counts[verified ? VERIFIED : missing ? FUNCTIONS_MISSING : UNVERIFIED]++;
}

/* Returns the coverage table of the first run with every case's result from the merged
 * results and its summary counted again (new), or NULL when the runs have none. */
static json_t *join_coverage(const json_t *first, json_t *const *slot, size_t total)
{
    const json_t *coverage = json_object_get(first, "coverage");
    if (coverage == NULL)
        return NULL;
    json_t *joined = json_deep_copy(coverage), *group, *row, *by_path = json_object();
    size_t counts[3] = {0, 0, 0}, i, k;
    for (size_t p = 0; p < total; p++) /* the results by path: what a case names */
        json_object_set(by_path, json_string_value(json_object_get(slot[p], "path")), slot[p]);
    json_array_foreach(json_object_get(joined, "functions"), i, group)
        json_array_foreach(json_object_get(group, "clauses"), k, row)
            join_row(row, by_path, counts);
    json_decref(by_path);
    json_t *summary = json_object_get(joined, "summary");
    json_object_set_new(summary, "verified", json_integer((json_int_t)counts[0]));
    json_object_set_new(summary, "functions_missing", json_integer((json_int_t)counts[1]));
    json_object_set_new(summary, "unverified", json_integer((json_int_t)counts[2]));
    return joined;
}

/* Returns nothing; a differential run's "differential" object counted again from the merged
 * results (each shard's counts only its own DIFFER results), as report_json writes it. */
static void join_differential(json_t *merged, const json_t *first)
{
    const json_t *differential = json_object_get(first, "differential");
    if (!json_is_object(differential))
        return;
    esc_runfile_run run;
    runfile_to_run(merged, &run);
    json_object_set_new(merged, "differential",
                        report_differential_json(run.results, run.info.count,
                                                 json_string_value(json_object_get(differential, "reference")),
                                                 json_string_value(json_object_get(differential, "reference_profile"))));
    runfile_free_run(&run);
}

json_t *merge_runs(json_t *const *runs, const char *const *files, size_t n, FILE *errs)
{
    size_t total;
    if (n == 0 || !check_runs(runs, files, n, &total, errs))
        return NULL;
    json_t **slot = calloc(total ? total : 1, sizeof *slot);
    if (!place_results(runs, files, n, total, slot, errs)) {
        free(slot);
        return NULL;
    }
    json_t *merged = json_deep_copy(runs[0]), *list = json_array(), *summary = json_object();
    size_t counts[ESC_STATUS_COUNT] = {0};
    double seconds = 0;
    for (size_t p = 0; p < total; p++) {
        esc_status s = ESC_ERROR;
        status_parse(json_string_value(json_object_get(slot[p], "result")), &s);
        counts[s]++;
        json_array_append(list, slot[p]);
    }
    for (int s = 0; s < ESC_STATUS_COUNT; s++)
        json_object_set_new(summary, status_json((esc_status)s), json_integer((json_int_t)counts[s]));
    for (size_t i = 0; i < n; i++)
        seconds += json_number_value(json_object_get(runs[i], "seconds"));
    json_object_set_new(merged, "seconds", json_real(seconds));
    json_object_set_new(merged, "summary", summary);
    json_object_set_new(merged, "results", list);
    json_object_set_new(json_object_get(merged, "selection"), "shard", json_null());
    json_t *coverage = join_coverage(runs[0], slot, total);
    if (coverage != NULL)
        json_object_set_new(merged, "coverage", coverage);
    join_differential(merged, runs[0]);
    free(slot);
    return merged;
}

/* Returns nothing; prints merge's help. */
static void merge_usage(const char *program)
{
    printf("usage: %s merge [--json FILE] [--junit FILE] [--tap FILE] [--html FILE]\n"
           "       [--catalogue FILE] RESULTS.json...\n"
           "Puts the results of the shards of one run (esecheck --shard K/N --json FILE) back\n"
           "together: the results of the whole selection in path order, counted again, with the\n"
           "clause coverage joined (and, for a --reference run, the differences by function and\n"
           "clause counted again), written as JSON, JUnit XML, TAP or the HTML report. Refused\n"
           "(exit 2, naming them) when two files ran the same scenario, when the files leave\n"
           "scenarios of the selection out, or when they come from different runs (target,\n"
           "profile, target profile, catalogue, filters, paths, reference library).\n"
           "Exit status: that of the whole run (0, 1 a divergence, 2 an ERROR), or 2 when\n"
           "refused or on a usage error.\n", program);
}

/* Returns the exit status: the merged run's (results_exit_code) when every asked output was
 * written, else 2 after printing. */
static int write_outputs(const esc_report_options *o, json_t *merged)
{
    esc_runfile_run run;
    int ok = 1;
    runfile_to_run(merged, &run);
    if (o->json != NULL && json_dump_file(merged, o->json, JSON_INDENT(2)) != 0)
        ok = 0;
    ok &= o->junit == NULL || report_junit(o->junit, &run.info) == 0;
    ok &= o->tap == NULL || report_tap(o->tap, &run.info) == 0;
    if (!ok)
        fprintf(stderr, "esecheck: merge: a report could not be written\n");
    ok &= o->html == NULL || report_cmd_html(o->html, &merged, 1, o->catalogue);
    int code = ok ? results_exit_code(run.results, run.info.count) : 2;
    runfile_free_run(&run);
    return code;
}

int merge_main(int argc, char **argv, const char *program)
{
    esc_report_options o;
    char err[512];
    if (!report_cmd_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "esecheck merge: %s (see --help)\n", err);
        return 2;
    }
    if (o.help) {
        merge_usage(program);
        return 0;
    }
    if (o.nfiles == 0) {
        fprintf(stderr, "esecheck merge: give the results files of the shards (see --help)\n");
        return 2;
    }
    json_t **runs = calloc(o.nfiles, sizeof *runs), *merged = NULL;
    int code = 2;
    if (report_cmd_load(&o, runs) &&
        (merged = merge_runs(runs, (const char *const *)o.files, o.nfiles, stderr)) != NULL)
        code = write_outputs(&o, merged);
    json_decref(merged);
    for (size_t i = 0; i < o.nfiles; i++)
        json_decref(runs[i]);
    free(runs);
    return code;
}
