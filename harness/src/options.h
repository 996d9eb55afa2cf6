/*
 * options.h - the command line of esecheck.
 */
#ifndef ESC_OPTIONS_H
#define ESC_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include "calls.h"

typedef struct {
    int help;                    /* --help */
    int version;                 /* --version */
    int validate;                /* --validate: check the scenarios only */
    int check_coverage;          /* --check-coverage: every clause has a case (the gate) */
    const char *target;          /* --target PATH (default: the built libeseref.so) */
    const char *target_profile;  /* --target-profile FILE, or NULL */
    const char *catalogue;       /* --catalogue FILE (default: spec/clauses.json) */
    const char *profile;         /* --profile NAME, or NULL for the target profile's */
    const char *function;        /* --function NAME, or NULL */
    const char *clause;          /* --clause ID, or NULL */
    const char *id_glob;         /* --id GLOB, or NULL */
    int shard_k;                 /* --shard K/N: this shard, 1-based (0: no sharding) */
    int shard_n;                 /* the number of shards */
    int jobs;                    /* -j N */
    double timeout;              /* --timeout SECONDS per scenario */
    int no_fork;                 /* --no-fork */
    int fail_fast;               /* --fail-fast */
    unsigned char unimplemented[ESC_API_COUNT]; /* --unimplemented: [api.def index] 1 when declared */
    const char *expectations;    /* --expectations FILE, or NULL */
    const char *update;          /* --update-expectations FILE, or NULL */
    const char *json;            /* --json FILE, or NULL */
    const char *junit;           /* --junit FILE, or NULL */
    const char *tap;             /* --tap FILE, or NULL */
    const char *html;            /* --html FILE: the HTML report of this run, or NULL */
    const char *reports;         /* --reports DIR, or NULL */
    const char *coverage;        /* --coverage FILE: the clause table as JSON, or NULL */
    int verbose;                 /* -v: list every scenario */
    int quiet;                   /* -q: summary only */
    int repeat;                  /* --repeat N: run each scenario N times (default 1) */
    int linearizable;            /* --linearizable: only scenarios with parallel blocks, each
                                    block's history checked against the model */
    const char *model;           /* --model PATH: the model's libeseref.so (default: ref's) */
    /* differential mode and reruns */
    const char *reference;       /* --reference LIB: compare the target with it, or NULL */
    const char *reference_profile; /* --reference-profile FILE: how to drive it, or NULL */
    int rerun_failures;          /* --rerun-failures N: reruns of a divergence (0: none) */
    int strict;                  /* --strict: FLAKY fails the run */
    int fault_sweep;             /* --fault-sweep: each allocation of each scenario fails once */
    int fault_limit;             /* --fault-limit N: allocation points per scenario */
    const char *const *paths;    /* positional files and directories */
    size_t npaths;               /* how many (0: the default cases directory) */
} esc_options;

/* Parses argv. Returns 1, or 0 with a message in err (a usage error). */
int options_parse(int argc, char **argv, esc_options *o, char *err, size_t errsize);

/* Prints the help text, every option; returns nothing. */
void options_usage(const char *program, FILE *out);

#endif /* ESC_OPTIONS_H */
