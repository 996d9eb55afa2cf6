/* report_cmd.c - esecheck report, and what it shares with esecheck merge. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "defaults.h"
#include "report_cmd.h"
#include "report_html.h"
#include "runfile.h"

enum { OPT_JSON = 256, OPT_JUNIT, OPT_TAP, OPT_HTML, OPT_CATALOGUE, OPT_HELP };

static const struct option long_options[] = {
    {"json", required_argument, NULL, OPT_JSON},
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"tap", required_argument, NULL, OPT_TAP},
    {"html", required_argument, NULL, OPT_HTML},
    {"catalogue", required_argument, NULL, OPT_CATALOGUE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

int report_cmd_parse(int argc, char **argv, esc_report_options *o, char *err, size_t errsize)
{
    memset(o, 0, sizeof *o);
    o->catalogue = default_catalogue();
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
        switch (opt) {
        case OPT_JSON: o->json = optarg; break;
        case OPT_JUNIT: o->junit = optarg; break;
        case OPT_TAP: o->tap = optarg; break;
        case OPT_HTML: o->html = optarg; break;
        case OPT_CATALOGUE: o->catalogue = optarg; break;
        case OPT_HELP: o->help = 1; break;
        case ':':
            snprintf(err, errsize, "option %s needs an argument", argv[optind - 1]);
            return 0;
        default:
            snprintf(err, errsize, "unknown option %s", argv[optind - 1]);
            return 0;
        }
    }
    o->files = argv + optind;
    o->nfiles = (size_t)(argc - optind);
    return 1;
}

int report_cmd_load(const esc_report_options *o, json_t **runs)
{
    char err[1024];
    int ok = 1;
    for (size_t i = 0; i < o->nfiles; i++) {
        runs[i] = runfile_load(o->files[i], err, sizeof err);
        if (runs[i] == NULL) {
            fprintf(stderr, "esecheck: %s\n", err);
            ok = 0;
        }
    }
    return ok;
}

int report_cmd_html(const char *path, json_t *const *runs, size_t n, const char *catalogue)
{
    json_error_t jerr;
    json_t *clauses = json_load_file(catalogue, 0, &jerr);
    if (clauses == NULL) {
        fprintf(stderr, "esecheck: %s:%d:%d: %s\n", catalogue, jerr.line, jerr.column, jerr.text);
        return 0;
    }
    int written = report_html_write(path, runs, n, clauses) == 0;
    if (!written)
        fprintf(stderr, "esecheck: cannot write %s\n", path);
    json_decref(clauses);
    return written;
}

int report_html_run(const char *path, const esc_run_info *run, const char *catalogue)
{
    json_t *root = report_json_build(run);
    int ok = report_cmd_html(path, &root, 1, catalogue);
    json_decref(root);
    return ok ? 0 : -1;
}

/* Returns nothing; prints report's help. */
static void report_usage(const char *program)
{
    printf("usage: %s report [--catalogue FILE] --html FILE RESULTS.json...\n"
           "Writes one self-contained HTML page (no network, nothing beside it) over the results\n"
           "of one or more runs (esecheck --json FILE), one column per run (target and profile):\n"
           "the counts by result, a clauses x targets matrix whose cells open the diverging step,\n"
           "the clause's wording, outcomes and sources and the rerun command, and the codes each\n"
           "function returned beside the codes the catalogue lists. Filters by function, status\n"
           "and profile.\n"
           "  --html FILE        the page to write\n"
           "  --catalogue FILE   the clause catalogue (default: %s)\n"
           "Exit status: 0 written; 2 a usage error, a results file that cannot be read, or a\n"
           "page that cannot be written.\n", program, default_catalogue());
}

int report_main(int argc, char **argv, const char *program)
{
    esc_report_options o;
    char err[512];
    if (!report_cmd_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "esecheck report: %s (see --help)\n", err);
        return 2;
    }
    if (o.help) {
        report_usage(program);
        return 0;
    }
    if (o.html == NULL || o.nfiles == 0 || o.json || o.junit || o.tap) {
        fprintf(stderr, "esecheck report: give --html FILE and one or more results files "
                        "(only --html and --catalogue; see --help)\n");
        return 2;
    }
    json_t **runs = calloc(o.nfiles, sizeof *runs);
    int ok = report_cmd_load(&o, runs) && report_cmd_html(o.html, runs, o.nfiles, o.catalogue);
    for (size_t i = 0; i < o.nfiles; i++)
        json_decref(runs[i]);
    free(runs);
    return ok ? 0 : 2;
}
