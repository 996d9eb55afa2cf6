/*
 * fuzz_catalogue.c - libFuzzer target: the clause catalogue loader (spec/src/catalogue.c),
 * then, for a catalogue that loads, every clause's expectation in every profile.
 */
#include <unistd.h>
#include <esespec/catalogue.h>
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[32];
    int fd = fuzz_input_file(data, size, path, sizeof path);
    espec_error err;
    espec_catalogue *cat = espec_catalogue_load(path, &err);
    if (cat != NULL) {
        static const espec_profile profiles[] = {ESPEC_PROFILE_DOCUMENTED, ESPEC_PROFILE_ESENT,
                                                 ESPEC_PROFILE_PORTABLE};
        for (size_t i = 0; i < espec_catalogue_count(cat); i++) {
            const espec_clause *clause = espec_catalogue_at(cat, i);
            if (espec_catalogue_find(cat, clause->id) == NULL)
                __builtin_trap();
            for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++) {
                espec_codeset codes;
                espec_clause_expect(clause, profiles[p], &codes);
            }
        }
        espec_catalogue_free(cat);
    }
    close(fd);
    return 0;
}
