/* options.c - parsing esecheck's command line with getopt_long. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "defaults.h"
#include "options.h"
#include "results.h"

enum {
    OPT_VALIDATE = 256, OPT_TARGET, OPT_TARGET_PROFILE, OPT_CATALOGUE, OPT_PROFILE, OPT_FUNCTION,
    OPT_CLAUSE, OPT_ID, OPT_SHARD, OPT_TIMEOUT, OPT_NO_FORK, OPT_FAIL_FAST, OPT_EXPECTATIONS, OPT_UPDATE,
    OPT_JSON, OPT_JUNIT, OPT_TAP, OPT_REPORTS, OPT_HELP, OPT_VERSION, OPT_CHECK_COVERAGE,
    OPT_COVERAGE, OPT_UNIMPLEMENTED, OPT_HTML,
    OPT_REPEAT, OPT_LINEARIZABLE, OPT_MODEL, /* concurrent scenarios (concurrent.h, linearize.h) */
    OPT_REFERENCE, OPT_REFERENCE_PROFILE, OPT_RERUN_FAILURES, OPT_STRICT, /* differ.h, reruns */
    OPT_FAULT_SWEEP, OPT_FAULT_LIMIT /* the fault sweep (fault_sweep.h) */
};

static const struct option long_options[] = {
    {"validate", no_argument, NULL, OPT_VALIDATE},
    {"check-coverage", no_argument, NULL, OPT_CHECK_COVERAGE},
    {"target", required_argument, NULL, OPT_TARGET},
    {"target-profile", required_argument, NULL, OPT_TARGET_PROFILE},
    {"catalogue", required_argument, NULL, OPT_CATALOGUE},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"function", required_argument, NULL, OPT_FUNCTION},
    {"clause", required_argument, NULL, OPT_CLAUSE},
    {"id", required_argument, NULL, OPT_ID},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"jobs", required_argument, NULL, 'j'},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"no-fork", no_argument, NULL, OPT_NO_FORK},
    {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
    {"unimplemented", required_argument, NULL, OPT_UNIMPLEMENTED},
    {"expectations", required_argument, NULL, OPT_EXPECTATIONS},
    {"update-expectations", required_argument, NULL, OPT_UPDATE},
    {"json", required_argument, NULL, OPT_JSON},
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"tap", required_argument, NULL, OPT_TAP},
    {"html", required_argument, NULL, OPT_HTML},
    {"reports", required_argument, NULL, OPT_REPORTS},
    {"coverage", required_argument, NULL, OPT_COVERAGE},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"linearizable", no_argument, NULL, OPT_LINEARIZABLE},
    {"model", required_argument, NULL, OPT_MODEL},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"reference-profile", required_argument, NULL, OPT_REFERENCE_PROFILE},
    {"rerun-failures", required_argument, NULL, OPT_RERUN_FAILURES},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"fault-sweep", no_argument, NULL, OPT_FAULT_SWEEP},
    {"fault-limit", required_argument, NULL, OPT_FAULT_LIMIT},
    {NULL, 0, NULL, 0},
};

/* Returns nothing; prints the help text. */
void options_usage(const char *program, FILE *out)
{
    fprintf(out,
        "usage: %s [options] [PATH...]\n"
        "Replays ESE conformance scenarios (cases/*.json) against an ESE-compatible library.\n"
        "PATHs are scenario files or directories (searched recursively for *.json, schema.json\n"
        "excluded, in sorted order); default: %s\n\n"
        "  --validate                 check the scenarios against spec/ only; print every problem\n"
        "                             as file[:line:column]: /json/pointer: message; exit 0 or 2\n"
        "  --check-coverage           the coverage gate: validate the scenarios (no target, nothing\n"
        "                             runs) and list every clause no step checks; exit 0, 1 (a\n"
        "                             clause without a case) or 2 (a bad scenario)\n"
        "  --target PATH              the library to test (dlopen'ed); default:\n"
        "                             %s\n"
        "  --target-profile FILE      JSON: init function, setup steps, default profile,\n"
        "                             expectations file, functions declared unimplemented\n"
        "                             (see harness/README.md)\n"
        "  --catalogue FILE           the clause catalogue; default: %s\n"
        "  --profile NAME             documented | esent | portable: whose word the expected codes\n"
        "                             follow; default: the target profile's, else documented\n"
        "  --function NAME            only scenarios that call NAME or cite its clauses\n"
        "  --clause ID                only scenarios that cite clause ID\n"
        "  --id GLOB                  only scenarios whose id matches GLOB (fnmatch)\n"
        "  --shard K/N                only the K-th (1..N) of N deterministic shards of the selection\n"
        "  -j, --jobs N               run N scenarios at once (default 1)\n"
        "  --timeout SECONDS          kill a scenario after this long: TIMEOUT (default 10)\n"
        "  --no-fork                  run in this process (no CRASH/TIMEOUT protection); targets\n"
        "                             with ref-hooks are reset between scenarios\n"
        "  --fail-fast                start no scenario after the first FAIL, CRASH or TIMEOUT;\n"
        "                             the rest are reported as SKIP (not run); MISSING results\n"
        "                             are known before anything runs and do not stop it\n"
        "  --unimplemented NAME[,...] declare ESE functions (api.def names) the target does not\n"
        "                             implement: a scenario calling them is UNSUPPORTED, not\n"
        "                             MISSING; repeatable; adds to the target profile's list\n"
        "  --expectations FILE        ledger of known divergences: listed ones become XFAIL, listed\n"
        "                             ones that pass are XPASS (default: the target profile's)\n"
        "  --update-expectations FILE write the ledger of this run's FAIL/CRASH/TIMEOUT/MISSING\n"
        "                             results; the run is then judged against that ledger\n"
        "  --json FILE                write results as JSON\n"
        "  --junit FILE               write results as JUnit XML (one testcase per scenario)\n"
        "  --tap FILE                 write results as TAP version 13\n"
        "  --html FILE                write the HTML report of this run (one self-contained page)\n"
        "  --reports DIR              write console.txt, results.json, junit.xml, clauses.json,\n"
        "                             clauses.txt (the clause coverage table) and report.html into DIR\n"
        "  --coverage FILE            write the clause coverage table as JSON\n"
        "  --repeat N                 run each scenario N times in its child; the first\n"
        "                             repetition that diverges is its result (for races)\n"
        "  --linearizable             run only the scenarios with parallel blocks and check each\n"
        "                             block's history against ref used sequentially (the model):\n"
        "                             a history no order explains is a FAIL showing the smallest\n"
        "                             unexplained part\n"
        "  --model PATH               the model's library (a copy is loaded); default: ref's\n"
        "  --reference LIB            differential mode: run every scenario on the target and on\n"
        "                             LIB, each in a child of its own, and report each step where\n"
        "                             their codes or outputs differ (DIFFER); no expectations\n"
        "  --reference-profile FILE   a target profile for LIB (its init, setup, unimplemented)\n"
        "  --rerun-failures N         rerun a FAIL, DIFFER, CRASH or TIMEOUT up to N times; one\n"
        "                             that then passes is FLAKY (not a divergence)\n"
        "  --strict                   FLAKY is a divergence too (exit 1)\n"
        "  --fault-sweep              run each scenario again once per allocation it makes, that\n"
        "                             allocation failing (a target with ref's hooks): the failed\n"
        "                             call answers its profile's code, made again it gives the\n"
        "                             scripted outcome, nothing is left behind; -v lists the\n"
        "                             allocation points of each scenario\n"
        "  --fault-limit N            sweep at most N allocation points per scenario (default 200)\n"
        "  -v, --verbose              list every scenario with its result; without -v, SKIPs are\n"
        "                             counted by the function of their clause, on a few lines\n"
        "  -q, --quiet                print the summary lines only\n"
        "  --help                     this text\n"
        "  --version                  the version\n"
        "\nSubcommands (each with --help):\n"
        "  explore ...                generate call sequences, compare them with a reference\n"
        "  report --html FILE RESULTS.json...\n"
        "                             one HTML page over the --json results of several runs\n"
        "  merge [--json F] [--junit F] [--tap F] [--html F] RESULTS.json...\n"
        "                             the --json results of --shard K/N runs back into one run\n",
        program, default_cases_dir(), default_target(), default_catalogue());
    fprintf(out, "\nResults (MISSING: a step calls an ESE function the target lacks; UNSUPPORTED:\n"
                 "it needs ref-hooks, or only functions declared unimplemented; DIFFER: with\n"
                 "--reference, a step whose code or outputs differ; FLAKY: a divergence that\n"
                 "passed when rerun):\n ");
    for (int s = 0; s < ESC_STATUS_COUNT; s++)
        fprintf(out, " %s", status_word((esc_status)s));
    fprintf(out, ".\nExit status: 0 all passed or failed as expected;\n1 a divergence (");
    for (int s = 0, n = 0; s < ESC_STATUS_COUNT; s++)
        if (status_diverges((esc_status)s))
            fprintf(out, "%s%s", n++ ? ", " : "", status_word((esc_status)s));
    fprintf(out, "; FLAKY with --strict);\n2 a usage error, a target that does not load or has none of api.def's\n"
                 "functions (\"not an ESE library\"), or a bad scenario (ERROR).\n");
}

/* Returns 1 with a positive integer from text, else 0. */
static int parse_int(const char *text, int *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < 1 || v > 100000)
        return 0;
    *out = (int)v;
    return 1;
}

/* Returns 1 with each name of a comma-separated list of api.def functions marked in
 * o->unimplemented, else 0 with a message naming the first bad one. */
static int take_unimplemented(const char *list, esc_options *o, char *err, size_t errsize)
{
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        int index = n < sizeof name ? calls_api_index(name) : -1;
        if (index < 0) {
            snprintf(err, errsize, "--unimplemented: \"%.*s\" is not a function of api.def", (int)n, p);
            return 0;
        }
        o->unimplemented[index] = 1;
        if (p[n] == '\0')
            return 1;
        p += n + 1;
    }
}

/* Returns 1 when the option with an argument was taken, 0 with a message. */
static int take(int opt, const char *arg, esc_options *o, char *err, size_t errsize)
{
    char *end;
    switch (opt) {
    case OPT_TARGET: o->target = arg; return 1;
    case OPT_TARGET_PROFILE: o->target_profile = arg; return 1;
    case OPT_CATALOGUE: o->catalogue = arg; return 1;
    case OPT_PROFILE: o->profile = arg; return 1;
    case OPT_FUNCTION: o->function = arg; return 1;
    case OPT_CLAUSE: o->clause = arg; return 1;
    case OPT_ID: o->id_glob = arg; return 1;
    case OPT_EXPECTATIONS: o->expectations = arg; return 1;
    case OPT_UPDATE: o->update = arg; return 1;
    case OPT_JSON: o->json = arg; return 1;
    case OPT_JUNIT: o->junit = arg; return 1;
    case OPT_TAP: o->tap = arg; return 1;
    case OPT_HTML: o->html = arg; return 1;
    case OPT_REPORTS: o->reports = arg; return 1;
    case OPT_COVERAGE: o->coverage = arg; return 1;
    case OPT_UNIMPLEMENTED: return take_unimplemented(arg, o, err, errsize);
    case OPT_MODEL: o->model = arg; return 1;
    case OPT_REPEAT:
        if (parse_int(arg, &o->repeat))
            return 1;
        snprintf(err, errsize, "--repeat takes a positive number, not \"%s\"", arg);
        return 0;
    case OPT_REFERENCE: o->reference = arg; return 1;
    case OPT_REFERENCE_PROFILE: o->reference_profile = arg; return 1;
    case OPT_RERUN_FAILURES:
        if (parse_int(arg, &o->rerun_failures))
            return 1;
        snprintf(err, errsize, "--rerun-failures takes a positive number, not \"%s\"", arg);
        return 0;
    case OPT_FAULT_LIMIT:
        if (parse_int(arg, &o->fault_limit))
            return 1;
        snprintf(err, errsize, "--fault-limit takes a positive number, not \"%s\"", arg);
        return 0;
    case 'j':
        if (parse_int(arg, &o->jobs))
            return 1;
        snprintf(err, errsize, "-j takes a positive number, not \"%s\"", arg);
        return 0;
    case OPT_TIMEOUT:
        o->timeout = strtod(arg, &end);
        if (*arg != '\0' && *end == '\0' && o->timeout > 0)
            return 1;
        snprintf(err, errsize, "--timeout takes a positive number of seconds, not \"%s\"", arg);
        return 0;
    case OPT_SHARD:
        if (sscanf(arg, "%d/%d%n", &o->shard_k, &o->shard_n, &(int){0}) == 2 && o->shard_n >= 1 &&
            o->shard_k >= 1 && o->shard_k <= o->shard_n && strchr(arg, '/') != NULL)
            return 1;
        snprintf(err, errsize, "--shard takes K/N with 1 <= K <= N, not \"%s\"", arg);
        return 0;
    }
    snprintf(err, errsize, "unknown option");
    return 0;
}

/* Returns 1 when argv parsed, 0 with a usage error in err. */
int options_parse(int argc, char **argv, esc_options *o, char *err, size_t errsize)
{
    memset(o, 0, sizeof *o);
    o->target = default_target();
    o->catalogue = default_catalogue();
    o->jobs = 1;
    o->timeout = 10;
    o->repeat = 1;
    o->fault_limit = 200; /* ESC_FAULT_LIMIT_DEFAULT */
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":j:vq", long_options, NULL)) != -1) {
        switch (opt) {
        case OPT_VALIDATE: o->validate = 1; break;
        case OPT_CHECK_COVERAGE: o->check_coverage = 1; break;
        case OPT_NO_FORK: o->no_fork = 1; break;
        case OPT_FAIL_FAST: o->fail_fast = 1; break;
        case OPT_STRICT: o->strict = 1; break;
        case OPT_HELP: o->help = 1; break;
        case OPT_LINEARIZABLE: o->linearizable = 1; break;
        case OPT_VERSION: o->version = 1; break;
        case OPT_FAULT_SWEEP: o->fault_sweep = 1; break;
        case 'v': o->verbose = 1; break;
        case 'q': o->quiet = 1; break;
        case ':':
            snprintf(err, errsize, "option %s needs an argument", argv[optind - 1]);
            return 0;
        case '?':
            snprintf(err, errsize, "unknown option %s", argv[optind - 1]);
            return 0;
        default:
            if (!take(opt, optarg, o, err, errsize))
                return 0;
        }
    }
    o->paths = (const char *const *)argv + optind;
    o->npaths = (size_t)(argc - optind);
    return 1;
}
