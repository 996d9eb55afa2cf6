/* main.c - esecheck: parses the command line and dispatches. */
#include <stdio.h>
#include <string.h>
#include "explore.h"
#include "merge.h"
#include "options.h"
#include "report_cmd.h"
#include "run.h"

#ifndef ESECHECK_VERSION
#define ESECHECK_VERSION "0.0.0"
#endif

/* Returns the exit status: 0, 1 (a divergence) or 2 (usage, bad scenarios). */
int main(int argc, char **argv)
{
    esc_options o;
    char err[512];
    if (argc > 1 && strcmp(argv[1], "explore") == 0)
        return explore_main(argc - 1, argv + 1, argv[0]);
    if (argc > 1 && strcmp(argv[1], "report") == 0) /* results files -> one HTML page */
        return report_main(argc - 1, argv + 1, argv[0]);
    if (argc > 1 && strcmp(argv[1], "merge") == 0) /* shard results -> the whole run's */
        return merge_main(argc - 1, argv + 1, argv[0]);
    if (!options_parse(argc, argv, &o, err, sizeof err)) {
        fprintf(stderr, "esecheck: %s (see --help)\n", err);
        return 2;
    }
    if (o.help) {
        options_usage(argv[0], stdout);
        return 0;
    }
    if (o.version) {
        printf("esecheck %s\n", ESECHECK_VERSION);
        return 0;
    }
    if (o.check_coverage)
        return run_check_coverage(&o);
    return o.validate ? run_validate(&o) : run_suite(&o, argv[0]);
}
