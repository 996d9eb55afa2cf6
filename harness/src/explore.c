/* explore.c - `esecheck explore`: the loop (generate, run both sides, compare, shrink, write)
 * and its summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <esespec/catalogue.h>
#include <esespec/codes.h>
#include "emit_c.h"
#include "emit_json.h"
#include "explore.h"
#include "explore_shrink.h"
#include "defaults.h"
#include "isolate.h"

#define EXPLORE_MAX_CODES 64     /* distinct codes remembered per function */

/* A divergence written out. */
typedef struct {
    char signature[192];         /* its file name stem */
    char text[512];              /* the difference, on the shrunk sequence */
    unsigned long long sequence; /* the generated sequence it came from */
    size_t steps;                /* steps of the shrunk sequence */
} explore_found;

/* The codes the reference returned for one function. */
typedef struct {
    JET_ERR codes[EXPLORE_MAX_CODES];
    size_t count;
} code_seen;

typedef struct {
    explore_options o;
    const char *program;
    espec_profile profile;
    esc_target target, reference;
    unsigned char *usable;       /* per call: both libraries have it */
    explore_runner runners[EXPLORE_MAX_JOBS];
    explore_gen_options gen;
    unsigned long long sequences, steps, shrink_runs, reference_failures;
    double started;
    explore_found *found;
    size_t nfound;
    code_seen *seen;             /* per call */
    int progress;                /* 1: a progress line on stderr */
} explorer;

/* Returns the last path component. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Returns 1 when both libraries load (and the hooks needed are there), 0 after printing why. */
static int load_libraries(explorer *x)
{
    char err[512];
    if (!target_open(&x->target, x->o.target, err, sizeof err) ||
        !target_open(&x->reference, x->o.reference, err, sizeof err)) {
        fprintf(stderr, "esecheck explore: %s\n", err);
        return 0;
    }
    if (x->o.no_fork && (x->target.hooks == NULL || x->reference.hooks == NULL)) {
        fprintf(stderr, "esecheck explore: --no-fork needs ref's hooks (esehook_reset) in both libraries; %s has none\n",
                x->target.hooks == NULL ? x->o.target : x->o.reference);
        return 0;
    }
    size_t usable = 0;
    x->usable = calloc(calls_count(), 1);
    x->seen = calloc(calls_count(), sizeof *x->seen);
    if (x->usable == NULL || x->seen == NULL)
        abort();
    for (size_t k = 0; k < calls_count(); k++) {
        const esc_call *c = calls_at(k);
        if (c->is_hook)
            continue;
        x->usable[k] = target_has(&x->target, c) && target_has(&x->reference, c);
        usable += x->usable[k];
        if (!x->usable[k] && !x->o.quiet)
            printf("note: %s lacks %s: no sequence calls it\n",
                   target_has(&x->target, c) ? x->o.reference : x->o.target, c->name);
    }
    if (usable == 0) {
        fprintf(stderr, "esecheck explore: the two libraries share none of the %zu ESE functions\n",
                espec_api_count());
        return 0;
    }
    return 1;
}

/* Returns 1 when dir exists or was made (with its parents), 0 after printing why not. */
static int make_dir(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 1;
    fprintf(stderr, "esecheck explore: cannot make %s: %s\n", dir, strerror(errno));
    return 0;
}

/* Returns nothing; remembers the codes the reference returned in a run. */
static void note_codes(explorer *x, const esc_plan *plan, const esc_trace *t)
{
    for (size_t k = 0; k < t->count && k < plan->nsteps; k++) {
        size_t c = 0;
        while (calls_at(c) != plan->steps[k].call)
            c++;
        code_seen *s = &x->seen[c];
        size_t i = 0;
        while (i < s->count && s->codes[i] != t->steps[k].rc)
            i++;
        if (i == s->count && s->count < EXPLORE_MAX_CODES)
            s->codes[s->count++] = t->steps[k].rc;
    }
}

/* Returns 1 when the signature was found before. */
static int known(const explorer *x, const char *signature)
{
    for (size_t k = 0; k < x->nfound; k++)
        if (strcmp(x->found[k].signature, signature) == 0)
            return 1;
    return 0;
}

/* Returns 1 when the scenario and the C program of a shrunk divergence are written. */
static int write_divergence(explorer *x, const esc_plan *shrunk, const explore_diff *d,
                            const explore_found *f)
{
    char path[4096], id[256], title[1024];
    const esc_trace *ref = x->runners[0].sides[1].trace;
    snprintf(id, sizeof id, "explore.%s", f->signature);
    snprintf(title, sizeof title,
             "Found by esecheck explore (seed %llu, sequence %llu): the expected codes are what the reference %s "
             "returned, not the contract. %s", x->o.seed, f->sequence, base_name(x->o.reference), d->text);
    json_t *scenario = emit_json(shrunk, ref, id, title);
    snprintf(path, sizeof path, "%s/%s.json", x->o.out, f->signature);
    FILE *j = fopen(path, "w");
    int ok = j != NULL && emit_json_write(j, scenario);
    if (j != NULL)
        ok = fclose(j) == 0 && ok;
    json_decref(scenario);
    snprintf(path, sizeof path, "%s/%s.c", x->o.out, f->signature);
    FILE *c = fopen(path, "w");
    /* the program switches a library with hooks to the run's profile, names the target's codes
     * too, and gives its own file name in its build command */
    emit_c_options copts = {.profile = x->profile, .target = x->runners[0].sides[0].trace,
                            .file_name = strrchr(path, '/') + 1};
    ok = ok && c != NULL && emit_c_with(c, shrunk, ref, &copts, title, base_name(x->o.reference));
    if (c != NULL)
        ok = fclose(c) == 0 && ok;
    if (!ok)
        fprintf(stderr, "esecheck explore: cannot write %s/%s.*: %s\n", x->o.out, f->signature, strerror(errno));
    return ok;
}

/* Returns 1 after shrinking and writing a new divergence of sequence `seq`, 0 when the
 * shrunk sequence no longer diverges the same way (not written). */
static int handle_divergence(explorer *x, const esc_plan *plan, const explore_diff *first,
                             unsigned long long seq)
{
    explore_shrinker sh = {.runner = &x->runners[0]};
    esc_plan shrunk;
    explore_diff d;
    explore_found f;
    explore_shrink(&sh, plan, first, &shrunk);
    x->shrink_runs += sh.runs;
    explore_run_pair(&x->runners[0], &shrunk); /* the final run: its reference trace is emitted */
    explore_compare(&x->runners[0], &shrunk, &d);
    int ok = strcmp(d.signature, first->signature) == 0;
    if (ok) {
        memset(&f, 0, sizeof f);
        snprintf(f.signature, sizeof f.signature, "%s", first->signature);
        snprintf(f.text, sizeof f.text, "%s", d.text);
        f.sequence = seq;
        f.steps = shrunk.nsteps;
        ok = write_divergence(x, &shrunk, &d, &f);
        x->found = realloc(x->found, (x->nfound + 1) * sizeof *x->found);
        if (x->found == NULL)
            abort();
        x->found[x->nfound++] = f;
        if (!x->o.quiet)
            printf("%sDIVERGENCE  %s (sequence %llu, shrunk to %zu steps in %zu runs)\n    %s\n    %s/%s.json, %s/%s.c\n",
                   x->progress ? "\r\033[K" : "", f.signature, seq, f.steps, sh.runs, f.text,
                   x->o.out, f.signature, x->o.out, f.signature);
    }
    explore_shrunk_free(&shrunk);
    return ok;
}

/* Returns 1 while the budget lasts. */
static int budget_left(const explorer *x)
{
    if (!x->o.keep_going && x->nfound > 0)
        return 0;
    if (x->o.sequences && x->sequences >= x->o.sequences)
        return 0;
    return x->o.seconds == 0 || isolate_now() - x->started < x->o.seconds;
}

/* Returns nothing; compares the sequences of one batch in order and handles new divergences. */
static void judge_batch(explorer *x, esc_plan *plans, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        explore_runner *r = &x->runners[j];
        explore_diff d;
        unsigned long long seq = x->sequences + j;
        note_codes(x, &plans[j], r->sides[1].trace);
        x->steps += plans[j].nsteps;
        explore_compare(r, &plans[j], &d);
        if (d.kind == EXPLORE_REFERENCE_FAILED)
            x->reference_failures++;
        else if (d.kind != EXPLORE_SAME && !known(x, d.signature) && (x->o.keep_going || x->nfound == 0))
            handle_divergence(x, &plans[j], &d, seq);
    }
}

/* Returns nothing; the loop: batches of -j sequences until the budget runs out. */
static void explore_loop(explorer *x)
{
    esc_plan plans[EXPLORE_MAX_JOBS];
    const esc_plan *ptrs[EXPLORE_MAX_JOBS];
    explore_runner *runners[EXPLORE_MAX_JOBS];
    while (budget_left(x)) {
        size_t n = (size_t)x->o.jobs;
        if (x->o.sequences && x->o.sequences - x->sequences < n)
            n = (size_t)(x->o.sequences - x->sequences);
        for (size_t j = 0; j < n; j++) {
            explore_generate(&x->gen, x->sequences + j, &plans[j]);
            ptrs[j] = &plans[j];
            runners[j] = &x->runners[j];
        }
        explore_run_batch(runners, ptrs, n);
        judge_batch(x, plans, n);
        x->sequences += n;
        for (size_t j = 0; j < n; j++)
            plan_free(&plans[j]);
        if (x->progress) {
            double t = isolate_now() - x->started;
            fprintf(stderr, "\r\033[K%llu sequences, %.0f steps/s, %zu divergences", x->sequences,
                    t > 0 ? (double)x->steps / t : 0.0, x->nfound);
        }
    }
    if (x->progress)
        fprintf(stderr, "\r\033[K");
}

/* Returns nothing; the catalogue's codes for a function (every clause's docs and engine
 * codes) into *out. */
static void catalogue_codes(const espec_catalogue *cat, const char *function, code_seen *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; cat != NULL && i < espec_catalogue_count(cat); i++) {
        const espec_clause *c = espec_catalogue_at(cat, i);
        const espec_outcome *both[2] = {&c->docs, &c->engine};
        if (strcmp(c->function, function) != 0)
            continue;
        for (int w = 0; w < 2; w++)
            for (size_t k = 0; both[w]->kind == ESPEC_OUTCOME_CODES && k < both[w]->allowed.count; k++) {
                JET_ERR code = both[w]->allowed.codes[k];
                size_t j = 0;
                while (j < out->count && out->codes[j] != code)
                    j++;
                if (j == out->count && out->count < EXPLORE_MAX_CODES)
                    out->codes[out->count++] = code;
            }
    }
}

/* Returns 1 when set holds code. */
static int seen_has(const code_seen *set, JET_ERR code)
{
    for (size_t k = 0; k < set->count; k++)
        if (set->codes[k] == code)
            return 1;
    return 0;
}

/* Returns a JSON array of the names of the codes of a that b lacks (all of a when b is NULL). */
static json_t *code_names(const code_seen *a, const code_seen *b)
{
    json_t *list = json_array();
    for (size_t k = 0; k < a->count; k++)
        if (b == NULL || !seen_has(b, a->codes[k]))
            json_array_append_new(list, json_string(espec_code_name(a->codes[k])));
    return list;
}

/* Returns the summary's "functions": per function, the codes the reference returned, the
 * codes the catalogue lists, and the catalogue's codes never returned. */
static json_t *behaviour_json(const explorer *x, const espec_catalogue *cat)
{
    json_t *functions = json_array();
    for (size_t k = 0; k < calls_count(); k++) {
        const esc_call *c = calls_at(k);
        code_seen listed;
        if (c->is_hook)
            continue;
        catalogue_codes(cat, c->name, &listed);
        json_array_append_new(functions, json_pack("{s:s, s:o, s:o, s:o, s:o}", "function", c->name,
            "returned", code_names(&x->seen[k], NULL), "catalogue", code_names(&listed, NULL),
            "never_returned", code_names(&listed, &x->seen[k]),
            "not_in_catalogue", code_names(&x->seen[k], &listed)));
    }
    return functions;
}

/* Returns nothing; prints, per function, the catalogue's codes the reference never returned. */
static void print_unreached(json_t *functions)
{
    size_t k;
    json_t *f;
    json_array_foreach(functions, k, f) {
        json_t *never = json_object_get(f, "never_returned");
        if (json_array_size(never) == 0)
            continue;
        printf("  %s:", json_string_value(json_object_get(f, "function")));
        size_t i;
        json_t *name;
        json_array_foreach(never, i, name)
            printf(" %s", json_string_value(name));
        printf("\n");
    }
}

/* Returns 1 after printing the summary and writing summary.json (and --json), 0 when a file
 * cannot be written. */
static int explore_summary(const explorer *x)
{
    double t = isolate_now() - x->started;
    espec_error cerr;
    espec_catalogue *cat = espec_catalogue_load(default_catalogue(), &cerr);
    json_t *functions = behaviour_json(x, cat), *found = json_array();
    for (size_t k = 0; k < x->nfound; k++)
        json_array_append_new(found, json_pack("{s:s, s:s, s:I, s:I}", "signature", x->found[k].signature,
            "text", x->found[k].text, "sequence", (json_int_t)x->found[k].sequence,
            "steps", (json_int_t)x->found[k].steps));
    printf("explore: %llu sequences, %llu steps in %.2f s (%.0f steps/s; %llu more runs to shrink), seed %llu, profile %s\n",
           x->sequences, x->steps, t, t > 0 ? (double)x->steps / t : 0.0, x->shrink_runs, x->o.seed,
           espec_profile_name(x->profile));
    if (x->reference_failures)
        printf("the reference crashed or hung in %llu sequences (not compared)\n", x->reference_failures);
    printf("divergences: %zu%s%s\n", x->nfound, x->nfound ? ", written to " : "", x->nfound ? x->o.out : "");
    if (!x->o.quiet) {
        printf("codes the catalogue lists that the reference never returned:\n");
        print_unreached(functions);
    }
    json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:f, s:f, s:I, s:I, s:o, s:o}",
        "format", "esecheck-explore/1", "target", x->o.target, "reference", x->o.reference,
        "profile", espec_profile_name(x->profile), "seed", (json_int_t)x->o.seed,
        "sequences", (json_int_t)x->sequences, "steps", (json_int_t)x->steps, "seconds", t,
        "steps_per_second", t > 0 ? (double)x->steps / t : 0.0,
        "shrink_runs", (json_int_t)x->shrink_runs, "reference_failures", (json_int_t)x->reference_failures,
        "divergences", found, "functions", functions);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", x->o.out);
    int ok = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0;
    if (x->o.json != NULL)
        ok = json_dump_file(root, x->o.json, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 && ok;
    if (!ok)
        fprintf(stderr, "esecheck explore: cannot write the summary: %s\n", strerror(errno));
    json_decref(root);
    espec_catalogue_free(cat);
    return ok;
}

/* Returns 1 with the runners ready, 0 after printing why not. */
static int start_runners(explorer *x)
{
    char err[256];
    for (int j = 0; j < x->o.jobs; j++) {
        explore_runner *r = &x->runners[j];
        *r = (explore_runner){.target = &x->target, .reference = &x->reference, .profile = x->profile,
                              .timeout = x->o.timeout, .in_process = x->o.no_fork,
                              .max_steps = x->o.max_steps};
        if (!explore_runner_init(r, err, sizeof err)) {
            fprintf(stderr, "esecheck explore: %s\n", err);
            return 0;
        }
    }
    return 1;
}

int explore_main(int argc, char **argv, const char *program)
{
    explorer x;
    char err[512];
    memset(&x, 0, sizeof x);
    x.program = program;
    if (!explore_options_parse(argc, argv, &x.o, err, sizeof err)) {
        fprintf(stderr, "esecheck explore: %s (see esecheck explore --help)\n", err);
        return 2;
    }
    if (x.o.help) {
        explore_usage(program, stdout);
        return 0;
    }
    if (!espec_profile_parse(x.o.profile, &x.profile)) {
        fprintf(stderr, "esecheck explore: unknown profile \"%s\" (documented, esent, portable)\n", x.o.profile);
        return 2;
    }
    if (x.o.no_fork)
        x.o.jobs = 1;
    int status = 2;
    if (load_libraries(&x) && make_dir(x.o.out) && start_runners(&x)) {
        x.gen = (explore_gen_options){.seed = x.o.seed, .max_steps = x.o.max_steps,
                                      .threads = x.o.threads, .usable = x.usable};
        x.progress = !x.o.quiet && isatty(STDERR_FILENO);
        x.started = isolate_now();
        explore_loop(&x);
        status = explore_summary(&x) ? (x.nfound > 0) : 2;
    }
    for (int j = 0; j < x.o.jobs; j++)
        explore_runner_free(&x.runners[j]);
    target_close(&x.target);
    target_close(&x.reference);
    free(x.found);
    free(x.usable);
    free(x.seen);
    return status;
}
