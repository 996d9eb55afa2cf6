/*
 * fuzz_target_profile.c - libFuzzer target: the target-profile loader (target_profile.c),
 * with its setup steps validated against the real catalogue and, when it loads, compiled
 * into a plan as a run does.
 */
#include <stdlib.h>
#include <unistd.h>
#include "fuzz_input.h"
#include "plan.h"
#include "target_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const espec_catalogue *cat = fuzz_catalogue();
    char path[32];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    esc_target_profile tp;
    if (target_profile_load(path, cat, &tp)) {
        esc_plan plan = {0};
        char err[256];
        if (!plan_compile(&plan, tp.setup, tp.nsetup, ESPEC_PROFILE_DOCUMENTED, err, sizeof err))
            abort();
        plan_free(&plan);
    }
    target_profile_free(&tp);
    close(fd);
    return 0;
}
