/*
 * explore.h - `esecheck explore`: generated call sequences run on a target and a reference
 * library, every difference shrunk to a minimal scenario and a standalone C program.
 */
#ifndef ESC_EXPLORE_H
#define ESC_EXPLORE_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    const char *target;          /* --target LIB */
    const char *reference;       /* --reference LIB (default: the built libeseref.so) */
    const char *profile;         /* --profile NAME */
    unsigned long long seed;     /* --seed N */
    unsigned long long sequences; /* --sequences N (0 with --seconds alone) */
    double seconds;              /* --seconds S, or 0 */
    size_t max_steps;            /* --max-steps K */
    int keep_going;              /* --keep-going */
    int jobs;                    /* -j N */
    const char *out;             /* --out DIR */
    double timeout;              /* --timeout SECONDS */
    int no_fork;                 /* --no-fork */
    int threads;                 /* 0 with --no-threads */
    const char *json;            /* --json FILE, or NULL */
    int quiet;                   /* -q */
    int help;                    /* --help */
} explore_options;

/* Parses the arguments after "explore" (argv[0] is "explore"). Returns 1, or 0 with a usage
 * message in err. */
int explore_options_parse(int argc, char **argv, explore_options *o, char *err, size_t errsize);

/* Prints explore's help; returns nothing. */
void explore_usage(const char *program, FILE *out);

/* Runs explore. Returns the exit status: 0 no divergence, 1 divergences written, 2 usage or
 * a library that does not load. */
int explore_main(int argc, char **argv, const char *program);

#endif /* ESC_EXPLORE_H */
