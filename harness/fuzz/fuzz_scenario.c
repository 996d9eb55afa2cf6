/*
 * fuzz_scenario.c - libFuzzer target: a scenario file through everything the main process and
 * a child do to it before a call is made: the structural parse (scenario.c), validation
 * against spec/ and the catalogue (validate.c), and, when it validates, its compilation into
 * a plan (plan.c) in every profile. Findings: crashes, sanitizer reports, leaks.
 */
#include <stdlib.h>
#include <unistd.h>
#include "fuzz_input.h"
#include "plan.h"
#include "scenario.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const espec_catalogue *cat = fuzz_catalogue();
    char path[32];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    esc_scenario sc;
    if (scenario_load(path, &sc) && validate_scenario(&sc, cat)) {
        static const espec_profile profiles[] = {ESPEC_PROFILE_DOCUMENTED, ESPEC_PROFILE_ESENT,
                                                 ESPEC_PROFILE_PORTABLE};
        for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
            esc_plan plan = {0};
            char err[256];
            /* validation passed, so compilation must too: anything else is a bug */
            if (!plan_compile(&plan, sc.steps, sc.nsteps, profiles[i], err, sizeof err))
                abort();
            plan_free(&plan);
        }
    }
    scenario_free(&sc);
    close(fd);
    return 0;
}
