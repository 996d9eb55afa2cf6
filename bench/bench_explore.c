/*
 * bench_explore.c - explore's differential throughput against the floor of the same calls.
 *
 *   direct      the generated sequences' calls made straight through the call table, each
 *               variable a cell of a flat array (what a hand-written loop does), ref reset
 *               between sequences: one library
 *   inprocess   explore's pair in this process: the sequence recorded on the target and on the
 *               reference (both have ref's reset hook), then compared
 *   fork        explore's pairs forked, -j 2: each sequence on both libraries in children of
 *               their own, two sequences at once
 *
 * usage: bench_explore TARGET.so REFERENCE.so SEQUENCES STEPS
 * Prints one JSON object: steps per second for each way (a differential step is one step run
 * on both libraries and compared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "explore_gen.h"
#include "explore_run.h"
#include "target.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns nothing; makes plan's calls directly: constants as they are, variables in cells. */
static void run_direct(const esc_target *t, const esc_plan *plan, uint64_t *cells)
{
    memset(cells, 0, plan->nfamilies * sizeof *cells);
    for (size_t k = 0; k < plan->nsteps; k++) {
        const plan_step *s = &plan->steps[k];
        uint64_t slots[ESPEC_MAX_ARGS], out[ESPEC_MAX_ARGS];
        char buf[ESPEC_MAX_ARGS][72];
        for (int i = 0; i < s->call->arity; i++) {
            const plan_arg *a = &s->args[i];
            espec_argkind kind = s->call->args[i].kind;
            if (a->type == PLAN_ARG_NULLPTR)
                slots[i] = 0;
            else if (a->type == PLAN_ARG_STRING)
                slots[i] = (uint64_t)(uintptr_t)a->text;
            else if (kind == ESPEC_ARG_OUT_STR)
                slots[i] = (uint64_t)(uintptr_t)buf[i];
            else if (args_is_output(kind) || kind == ESPEC_ARG_IN_PINSTANCE) { /* a pointer to a cell */
                out[i] = a->type == PLAN_ARG_CONST ? a->value
                         : cells[a->var.family] ? cells[a->var.family] : ~(uint64_t)0;
                slots[i] = (uint64_t)(uintptr_t)&out[i];
            } else if (a->type == PLAN_ARG_VAR)
                slots[i] = cells[a->var.family];
            else
                slots[i] = a->value;
        }
        JET_ERR rc = target_call(t, s->call, slots);
        for (int i = 0; rc >= 0 && i < s->call->arity; i++)
            if (s->args[i].type == PLAN_ARG_VAR && args_is_output(s->call->args[i].kind) &&
                s->call->args[i].kind != ESPEC_ARG_OUT_STR && cells[s->args[i].var.family] == 0)
                cells[s->args[i].var.family] = out[i];
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_explore TARGET.so REFERENCE.so SEQUENCES STEPS\n");
        return 2;
    }
    esc_target target, reference;
    char err[512];
    if (!target_open(&target, argv[1], err, sizeof err) || !target_open(&reference, argv[2], err, sizeof err) ||
        target.hooks == NULL) {
        fprintf(stderr, "bench_explore: %s\n", target.hooks == NULL ? "the target needs ref's hooks" : err);
        return 2;
    }
    size_t n = strtoul(argv[3], NULL, 10), steps = strtoul(argv[4], NULL, 10), total = 0;
    unsigned char *usable = calloc(calls_count(), 1);
    for (size_t k = 0; k < calls_count(); k++)
        usable[k] = !calls_at(k)->is_hook && target_has(&target, calls_at(k)) && target_has(&reference, calls_at(k));
    explore_gen_options o = {.seed = 1, .max_steps = steps, .threads = 0, .usable = usable};
    esc_plan *plans = calloc(n, sizeof *plans);
    for (size_t q = 0; q < n; q++) {
        explore_generate(&o, q, &plans[q]);
        total += plans[q].nsteps;
    }
    size_t families = 1;
    for (size_t q = 0; q < n; q++)
        families = plans[q].nfamilies > families ? plans[q].nfamilies : families;
    uint64_t *cells = calloc(families, sizeof *cells);
    double t0 = now();
    for (size_t q = 0; q < n; q++) {
        target.hooks->esehook_reset();
        run_direct(&target, &plans[q], cells);
    }
    double direct = now() - t0;

    explore_runner r = {.target = &target, .reference = &reference, .timeout = 10, .in_process = 1,
                        .max_steps = steps};
    explore_runner_init(&r, err, sizeof err);
    explore_diff d;
    t0 = now();
    for (size_t q = 0; q < n; q++) {
        explore_run_pair(&r, &plans[q]);
        explore_compare(&r, &plans[q], &d);
    }
    double inprocess = now() - t0;
    explore_runner_free(&r);

    explore_runner forked[2];
    for (int j = 0; j < 2; j++) {
        forked[j] = (explore_runner){.target = &target, .reference = &reference, .timeout = 10,
                                     .max_steps = steps};
        explore_runner_init(&forked[j], err, sizeof err);
    }
    t0 = now();
    for (size_t q = 0; q < n; q += 2) {
        explore_runner *rs[2] = {&forked[0], &forked[1]};
        const esc_plan *ps[2] = {&plans[q], q + 1 < n ? &plans[q + 1] : &plans[q]};
        explore_run_batch(rs, ps, q + 1 < n ? 2 : 1);
        for (size_t j = 0; j < 2 && q + j < n; j++)
            explore_compare(&forked[j], &plans[q + j], &d);
    }
    double fork = now() - t0;
    printf("{\"steps\": %zu, \"direct_steps_per_s\": %.1f, \"inprocess_steps_per_s\": %.1f, "
           "\"fork_steps_per_s\": %.1f}\n", total, total / direct, total / inprocess, total / fork);
    for (size_t q = 0; q < n; q++)
        plan_free(&plans[q]);
    free(plans);
    free(cells);
    free(usable);
    return 0;
}
