/*
 * explore_gen.h - generated call sequences for `esecheck explore`.
 *
 * A sequence is a flat plan (no repeats, no expectations): calls drawn from the harness's call
 * table (api.def, so new functions come in without a second list), each argument drawn by its
 * kind from a symbolic pool (handles bound earlier, 0, nil, garbage, a handle of the other
 * kind), with weighted bursts that reach deep states: many begin/end reuses of one slot, dup
 * chains, nesting past the transaction limit, contexts set and reset, stop and resume,
 * term and re-create cycles, small session limits, steps on named threads. The same seed and
 * index give the same plan, byte for byte.
 */
#ifndef ESC_EXPLORE_GEN_H
#define ESC_EXPLORE_GEN_H

#include <stdint.h>
#include "plan.h"

typedef struct {
    uint64_t seed;               /* --seed */
    size_t max_steps;            /* --max-steps: calls per sequence */
    int threads;                 /* 1: some steps run on named threads */
    const unsigned char *usable; /* per calls_at() index: 1 when both libraries have it (NULL: all) */
} explore_gen_options;

/* Generates sequence number `index` of the run into plan (freed with plan_free); returns
 * nothing. */
void explore_generate(const explore_gen_options *o, uint64_t index, esc_plan *plan);

/* The handle type an argument kind names: its scenario name without "out-", "inout-" or
 * "in-p" ("out-dbid" -> "dbid"), so that outputs and inputs of one type are found together. */
const char *explore_handle_type(espec_argkind kind);

/* Appends a call step to a flat plan (pointer "/steps/N"); returns it with its arguments
 * zeroed (the caller fills them). */
plan_step *explore_add_step(esc_plan *plan, const esc_call *call);

#endif /* ESC_EXPLORE_GEN_H */
