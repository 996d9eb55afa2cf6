/*
 * main.c - runs every group of ref's unit tests once per profile ref implements, then checks
 * that every clause of the catalogue was checked in every profile it applies to.
 */
#include <stdio.h>
#include "support.h"
#include "groups.h"

void support_set_profile(espec_profile profile);
void support_load_catalogue(void);
const espec_catalogue *support_catalogue(void);
unsigned support_checked_mask(size_t clause_index);

static const char *const group_names[] = {
#define REF_TEST_GROUP(name) #name,
#include "groups.def"
#undef REF_TEST_GROUP
};

/* The table of group i (groups.def order). */
static const struct CMUnitTest *group_tests(size_t i, size_t *count)
{
    size_t k = 0;
#define REF_TEST_GROUP(name) \
    if (k++ == i) return tests_##name(count);
#include "groups.def"
#undef REF_TEST_GROUP
    *count = 0;
    return NULL;
}

/* Fails, listing them, when clauses were never checked in a profile they apply to. */
static void test_every_clause_checked_in_every_profile(void **state)
{
    (void)state;
    const espec_catalogue *catalogue = support_catalogue();
    int missing = 0;
    static const espec_profile implemented[] = {ESPEC_PROFILE_DOCUMENTED, ESPEC_PROFILE_ESENT};
    for (size_t i = 0; i < espec_catalogue_count(catalogue); i++) {
        const espec_clause *clause = espec_catalogue_at(catalogue, i);
        for (size_t p = 0; p < 2; p++) {
            if (!espec_clause_expect(clause, implemented[p], NULL))
                continue;
            if (!(support_checked_mask(i) & (1u << implemented[p]))) {
                fprintf(stderr, "clause never checked: %s (%s profile)\n", clause->id,
                        espec_profile_name(implemented[p]));
                missing++;
            }
        }
    }
    assert_int_equal(missing, 0);
}

int main(void)
{
    support_load_catalogue();
    int failures = 0;
    static const espec_profile profiles[] = {ESPEC_PROFILE_DOCUMENTED, ESPEC_PROFILE_ESENT};
    for (size_t p = 0; p < 2; p++) {
        support_set_profile(profiles[p]);
        for (size_t g = 0; g < sizeof group_names / sizeof group_names[0]; g++) {
            size_t count;
            const struct CMUnitTest *tests = group_tests(g, &count);
            char name[96];
            snprintf(name, sizeof name, "%s [%s]", group_names[g], espec_profile_name(profiles[p]));
            failures += _cmocka_run_group_tests(name, tests, count, NULL, NULL);
        }
    }
    const struct CMUnitTest coverage[] = {
        cmocka_unit_test(test_every_clause_checked_in_every_profile),
    };
    failures += cmocka_run_group_tests_name("clause coverage", coverage, NULL, NULL);
    return failures != 0;
}
