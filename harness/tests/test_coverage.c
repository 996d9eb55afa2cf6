/* test_coverage.c - the clause coverage table: cases, verification, profiles, writers. */
#include "test_support.h"
#include "coverage.h"

static espec_catalogue *catalogue;
static esc_suite suite;          /* holds the summaries' strings until the group ends */

static int group_setup(void **state)
{
    (void)state;
    catalogue = test_catalogue();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    suite_free(&suite);
    espec_catalogue_free(catalogue);
    return 0;
}

/* A scenario that checks clause (a format argument) on a JetDupSession step; top-level
 * "clauses" is the second argument. */
#define DUP_SCENARIO(id, top, clause)                                                            \
    "{\"id\": \"" id "\", \"title\": \"t\", \"clauses\": [" top "], \"requires\": [], \"steps\": [" \
    "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": 0, \"psesid\": \"$x\"}, \"clause\": \"" clause "\"}]}"

/* Returns nothing; loads text into sc (fails the test when its structure is unsound). */
static void load(const char *text, esc_scenario *sc)
{
    assert_true(test_load_text(text, sc));
}

/* Returns nothing; r is a result with raw status raw judged as status. */
static void set_result(esc_result *r, esc_status raw, esc_status status)
{
    memset(r, 0, sizeof *r);
    r->raw = raw;
    r->status = status;
}

/* Returns the row of clause id (fails the test when absent). */
static const esc_coverage_row *row_of(const esc_coverage *cov, const char *id)
{
    for (size_t k = 0; k < cov->count; k++)
        if (strcmp(cov->rows[k].clause->id, id) == 0)
            return &cov->rows[k];
    fail_msg("no row %s", id);
    return NULL;
}

/* Returns coverage_build's answer over one scenario, summarized as the suite does. */
static int build(esc_coverage *cov, const esc_scenario *sc, const esc_result *const *results,
                 espec_profile profile)
{
    esc_entry e;
    memset(&e, 0, sizeof e);
    suite_summarize(&suite, sc, catalogue, &e);
    int ok = coverage_build(cov, catalogue, &e, 1, results, profile);
    free(e.problems);
    return ok;
}

/* Returns nothing; builds the table over one scenario with one result (NULL: not run). */
static void build_one(esc_coverage *cov, const esc_scenario *sc, const esc_result *r,
                      espec_profile profile)
{
    const esc_result *results[1] = {r};
    assert_true(build(cov, sc, results, profile));
}

static void test_coverage_build_pass_verifies(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    const esc_coverage_row *row = row_of(&cov, "JetDupSession.InvalidSesid");
    assert_int_equal(row->ncases, 1);
    assert_string_equal(row->cases[0].id, "a");
    assert_ptr_equal(row->cases[0].result, &r);
    assert_true(row->verified);
    assert_int_equal(cov.verified, 1);
    assert_int_equal(row_of(&cov, "JetDupSession.Success")->ncases, 0);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_fail_not_verified(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_FAIL, ESC_FAIL);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    assert_false(row_of(&cov, "JetDupSession.InvalidSesid")->verified);
    assert_int_equal(cov.verified, 0);
    assert_int_equal(cov.unverified, 1);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_xfail_does_not_verify(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_FAIL, ESC_XFAIL);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    assert_false(row_of(&cov, "JetDupSession.InvalidSesid")->verified);
    assert_int_equal(cov.verified, 0);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_xpass_verifies(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_PASS, ESC_XPASS); /* passed, though the ledger expected a failure */
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    assert_true(row_of(&cov, "JetDupSession.InvalidSesid")->verified);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_not_run_is_a_case_not_verified(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    assert_true(build(&cov, &sc, NULL, ESPEC_PROFILE_DOCUMENTED));
    const esc_coverage_row *row = row_of(&cov, "JetDupSession.InvalidSesid");
    assert_int_equal(row->ncases, 1);
    assert_null(row->cases[0].result);
    assert_false(row->verified);
    assert_int_equal(cov.uncited, cov.count - 1);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_top_level_clause_is_not_a_case(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "\"JetDupSession.Success\"", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    const esc_coverage_row *row = row_of(&cov, "JetDupSession.Success");
    assert_int_equal(row->ncases, 0);
    assert_false(row->verified);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_step_in_repeat_counts_once(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load("{\"id\": \"r\", \"title\": \"t\", \"clauses\": [], \"requires\": [], \"steps\": ["
         "{\"repeat\": 2, \"index\": \"i\", \"steps\": ["
         "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": 0, \"psesid\": \"$x[$i]\"},"
         " \"clause\": \"JetDupSession.InvalidSesid\"}]},"
         "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": 0, \"psesid\": \"$y\"},"
         " \"clause\": \"JetDupSession.InvalidSesid\"}]}", &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    const esc_coverage_row *row = row_of(&cov, "JetDupSession.InvalidSesid");
    assert_int_equal(row->ncases, 1);
    assert_true(row->verified);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_not_applicable_per_profile(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    /* NullOutPointer: the docs say JET_errInvalidParameter, the engine crashes */
    load(DUP_SCENARIO("a", "", "JetDupSession.NullOutPointer"), &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    const esc_coverage_row *row = row_of(&cov, "JetDupSession.NullOutPointer");
    assert_int_equal(row->profiles, 1u << ESPEC_PROFILE_DOCUMENTED);
    assert_true(row->applies);
    assert_true(row->verified);
    coverage_free(&cov);
    set_result(&r, ESC_SKIP, ESC_SKIP);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_ESENT);
    row = row_of(&cov, "JetDupSession.NullOutPointer");
    assert_false(row->applies);
    assert_false(row->verified);
    assert_int_equal(row->ncases, 1);
    assert_true(cov.not_applicable >= 1);
    assert_int_equal(row_of(&cov, "JetDupSession.Success")->profiles, 7u); /* all three */
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_build_counts_partition_the_catalogue(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    for (int p = 0; p < ESPEC_PROFILE_COUNT; p++) {
        build_one(&cov, &sc, &r, (espec_profile)p);
        assert_int_equal(cov.count, espec_catalogue_count(catalogue));
        assert_int_equal(cov.verified + cov.not_applicable + cov.without_case + cov.unverified +
                         cov.functions_missing, cov.count);
        coverage_free(&cov);
    }
    scenario_free(&sc);
}

static void test_coverage_build_counts_missing_functions_apart(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    char *buf = NULL;
    size_t len = 0;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    /* MISSING, declared unimplemented (UNSUPPORTED), or listed in the ledger (XFAIL) */
    const esc_status judged[] = {ESC_MISSING, ESC_UNSUPPORTED, ESC_XFAIL};
    for (size_t i = 0; i < sizeof judged / sizeof judged[0]; i++) {
        set_result(&r, ESC_MISSING, judged[i]);
        build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
        assert_true(row_of(&cov, "JetDupSession.InvalidSesid")->functions_missing);
        assert_int_equal(cov.functions_missing, 1);
        assert_int_equal(cov.unverified, 0);
        assert_int_equal(cov.verified + cov.not_applicable + cov.without_case + cov.unverified +
                         cov.functions_missing, cov.count);
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(coverage_summary(f, &cov), 0);
        fclose(f);
        assert_non_null(strstr(buf, " without a case, 1 unverified: functions missing)\n"));
        free(buf);
        json_t *root = coverage_json(&cov), *summary = json_object_get(root, "summary");
        assert_int_equal(json_integer_value(json_object_get(summary, "functions_missing")), 1);
        assert_int_equal(json_integer_value(json_object_get(summary, "unverified")), 0);
        json_decref(root);
        coverage_free(&cov);
    }
    set_result(&r, ESC_UNSUPPORTED, ESC_UNSUPPORTED); /* no ref-hooks: not a missing function */
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    assert_int_equal(cov.functions_missing, 0);
    assert_int_equal(cov.unverified, 1);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_summary_prints_one_line(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    char *buf = NULL, want[256];
    size_t len = 0;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_PASS, ESC_PASS);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_DOCUMENTED);
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(coverage_summary(f, &cov), 0);
    fclose(f);
    snprintf(want, sizeof want,
             "clauses: 1/%zu verified in profile documented (%zu not applicable, %zu without a case)\n",
             cov.count, cov.not_applicable, cov.count - 1 - cov.not_applicable);
    assert_string_equal(buf, want);
    free(buf);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_json_groups_by_function(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_result r;
    esc_coverage cov;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    set_result(&r, ESC_FAIL, ESC_XFAIL);
    build_one(&cov, &sc, &r, ESPEC_PROFILE_ESENT);
    json_t *root = coverage_json(&cov);
    assert_string_equal(json_string_value(json_object_get(root, "profile")), "esent");
    json_t *functions = json_object_get(root, "functions");
    size_t i, total = 0;
    json_t *fn, *dup = NULL;
    json_array_foreach(functions, i, fn) {
        total += json_array_size(json_object_get(fn, "clauses"));
        if (strcmp(json_string_value(json_object_get(fn, "function")), "JetDupSession") == 0) {
            assert_null(dup); /* one group per function */
            dup = fn;
        }
    }
    assert_int_equal(total, cov.count);
    assert_non_null(dup);
    json_t *clause, *found = NULL;
    json_array_foreach(json_object_get(dup, "clauses"), i, clause)
        if (strcmp(json_string_value(json_object_get(clause, "id")), "JetDupSession.InvalidSesid") == 0)
            found = clause;
    assert_non_null(found);
    assert_false(json_is_true(json_object_get(found, "verified")));
    json_t *c = json_array_get(json_object_get(found, "cases"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "result")), "xfail");
    json_decref(root);
    coverage_free(&cov);
    scenario_free(&sc);
}

static void test_coverage_print_uncited_names_each_clause(void **state)
{
    (void)state;
    esc_scenario sc;
    esc_coverage cov;
    char *buf = NULL;
    size_t len = 0;
    load(DUP_SCENARIO("a", "", "JetDupSession.InvalidSesid"), &sc);
    assert_true(build(&cov, &sc, NULL, ESPEC_PROFILE_DOCUMENTED));
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(coverage_print_uncited(f, &cov), cov.count - 1);
    fclose(f);
    assert_non_null(strstr(buf, "clause without a case: JetDupSession.Success\n"));
    assert_null(strstr(buf, "JetDupSession.InvalidSesid\n"));
    free(buf);
    coverage_free(&cov);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage_build_pass_verifies),
        cmocka_unit_test(test_coverage_build_fail_not_verified),
        cmocka_unit_test(test_coverage_build_xfail_does_not_verify),
        cmocka_unit_test(test_coverage_build_xpass_verifies),
        cmocka_unit_test(test_coverage_build_not_run_is_a_case_not_verified),
        cmocka_unit_test(test_coverage_build_top_level_clause_is_not_a_case),
        cmocka_unit_test(test_coverage_build_step_in_repeat_counts_once),
        cmocka_unit_test(test_coverage_build_not_applicable_per_profile),
        cmocka_unit_test(test_coverage_build_counts_partition_the_catalogue),
        cmocka_unit_test(test_coverage_build_counts_missing_functions_apart),
        cmocka_unit_test(test_coverage_summary_prints_one_line),
        cmocka_unit_test(test_coverage_json_groups_by_function),
        cmocka_unit_test(test_coverage_print_uncited_names_each_clause),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
