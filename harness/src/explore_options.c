/* explore_options.c - the command line of `esecheck explore`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "defaults.h"
#include "explore.h"

enum {
    OPT_TARGET = 256, OPT_REFERENCE, OPT_PROFILE, OPT_SEED, OPT_SECONDS, OPT_SEQUENCES, OPT_MAX_STEPS,
    OPT_KEEP_GOING, OPT_OUT, OPT_TIMEOUT, OPT_NO_FORK, OPT_NO_THREADS, OPT_JSON, OPT_HELP
};

static const struct option long_options[] = {
    {"target", required_argument, NULL, OPT_TARGET},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"seconds", required_argument, NULL, OPT_SECONDS},
    {"sequences", required_argument, NULL, OPT_SEQUENCES},
    {"max-steps", required_argument, NULL, OPT_MAX_STEPS},
    {"keep-going", no_argument, NULL, OPT_KEEP_GOING},
    {"out", required_argument, NULL, OPT_OUT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"no-fork", no_argument, NULL, OPT_NO_FORK},
    {"no-threads", no_argument, NULL, OPT_NO_THREADS},
    {"json", required_argument, NULL, OPT_JSON},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

void explore_usage(const char *program, FILE *out)
{
    fprintf(out,
        "usage: %s explore --target LIB [options]\n"
        "Generates call sequences, runs each on the target and on a reference library (each in a\n"
        "child of its own), and shrinks every difference to a minimal scenario and C program.\n"
        "The expected codes of what it writes are the reference's: a difference, not the contract.\n\n"
        "  --target LIB               the library under test (required)\n"
        "  --reference LIB            whose behaviour is expected; default: %s\n"
        "                             (a library with ref's hooks is reset and switched to the profile)\n"
        "  --profile NAME             documented | esent | portable, told to libraries with hooks\n"
        "                             (portable runs them as documented); default documented\n"
        "  --seed N                   the random seed (default 1): the same seed and budget give\n"
        "                             the same sequences, divergences and files, byte for byte\n"
        "  --sequences N              generate N sequences (default 200 without --seconds)\n"
        "  --seconds S                generate until S seconds have passed\n"
        "  --max-steps K              calls per sequence (default 40)\n"
        "  --keep-going               go on after the first divergence (distinct signatures only)\n"
        "  -j, --jobs N               run N sequences at once, each on both libraries (default 1)\n"
        "  --out DIR                  where divergences go (default reports/explore): per signature\n"
        "                             SIGNATURE.json (a scenario) and SIGNATURE.c, and summary.json\n"
        "  --timeout SECONDS          a run still going then is killed: a hang (default 10)\n"
        "  --no-fork                  run both libraries in this process (both need ref's hooks)\n"
        "  --no-threads               generate no steps on named threads\n"
        "  --json FILE                also write the summary there\n"
        "  -q, --quiet                no progress line, summary only\n"
        "  --help                     this text\n\n"
        "Exit status: 0 no divergence within the budget; 1 divergences found and written;\n"
        "2 a usage error or a library that does not load.\n",
        program, default_target());
}

/* Returns 1 with an unsigned number from text in [low, high], else 0. */
static int parse_number(const char *text, unsigned long long low, unsigned long long high,
                        unsigned long long *out)
{
    char *end;
    if (*text == '\0' || *text == '-')
        return 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (*end != '\0' || v < low || v > high)
        return 0;
    *out = v;
    return 1;
}

/* Returns 1 when the option was taken, 0 with a message. */
static int take(int opt, const char *arg, explore_options *o, char *err, size_t errsize)
{
    unsigned long long v = 0;
    char *end;
    switch (opt) {
    case OPT_TARGET: o->target = arg; return 1;
    case OPT_REFERENCE: o->reference = arg; return 1;
    case OPT_PROFILE: o->profile = arg; return 1;
    case OPT_OUT: o->out = arg; return 1;
    case OPT_JSON: o->json = arg; return 1;
    case OPT_KEEP_GOING: o->keep_going = 1; return 1;
    case OPT_NO_FORK: o->no_fork = 1; return 1;
    case OPT_NO_THREADS: o->threads = 0; return 1;
    case 'q': o->quiet = 1; return 1;
    case OPT_HELP: o->help = 1; return 1;
    case OPT_SEED:
        if (parse_number(arg, 0, ~0ull, &o->seed))
            return 1;
        snprintf(err, errsize, "--seed takes a number, not \"%s\"", arg);
        return 0;
    case OPT_SEQUENCES:
        if (parse_number(arg, 1, 100000000ull, &v)) {
            o->sequences = v;
            return 1;
        }
        snprintf(err, errsize, "--sequences takes a number from 1 to 100000000, not \"%s\"", arg);
        return 0;
    case OPT_MAX_STEPS:
        if (parse_number(arg, 1, 100000ull, &v)) {
            o->max_steps = (size_t)v;
            return 1;
        }
        snprintf(err, errsize, "--max-steps takes a number from 1 to 100000, not \"%s\"", arg);
        return 0;
    case 'j':
        if (parse_number(arg, 1, 64, &v)) {
            o->jobs = (int)v;
            return 1;
        }
        snprintf(err, errsize, "-j takes a number from 1 to 64, not \"%s\"", arg);
        return 0;
    case OPT_SECONDS: case OPT_TIMEOUT: {
        double d = strtod(arg, &end);
        if (*arg == '\0' || *end != '\0' || !(d > 0) || d > 86400) {
            snprintf(err, errsize, "%s takes seconds (more than 0, at most 86400), not \"%s\"",
                     opt == OPT_SECONDS ? "--seconds" : "--timeout", arg);
            return 0;
        }
        *(opt == OPT_SECONDS ? &o->seconds : &o->timeout) = d;
        return 1;
    }
    default:
        snprintf(err, errsize, "unknown option");
        return 0;
    }
}

int explore_options_parse(int argc, char **argv, explore_options *o, char *err, size_t errsize)
{
    memset(o, 0, sizeof *o);
    o->reference = default_target();
    o->profile = "documented";
    o->seed = 1;
    o->max_steps = 40;
    o->jobs = 1;
    o->out = "reports/explore";
    o->timeout = 10;
    o->threads = 1;
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":j:q", long_options, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            snprintf(err, errsize, "%s option %s", opt == '?' ? "unknown" : "missing argument for",
                     argv[optind - 1]);
            return 0;
        }
        if (!take(opt, optarg, o, err, errsize))
            return 0;
    }
    if (optind < argc) {
        snprintf(err, errsize, "explore takes no paths (\"%s\")", argv[optind]);
        return 0;
    }
    if (!o->help && o->target == NULL) {
        snprintf(err, errsize, "explore needs --target LIB");
        return 0;
    }
    if (o->sequences == 0 && o->seconds == 0)
        o->sequences = 200;
    return 1;
}
