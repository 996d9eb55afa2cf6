/* test_scenario.c - the structural parse of scenario files. */
#include "test_support.h"

static void test_scenario_load_parses_steps(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_true(scenario_load(test_path("scenarios/dup-basic.json"), &sc));
    assert_string_equal(sc.id, "harness.dup.basic");
    assert_string_equal(sc.folder, "scenarios");
    assert_int_equal(sc.nclauses, 2);
    assert_int_equal(sc.nsteps, 9);
    assert_string_equal(sc.steps[3].call_name, "JetDupSession");
    assert_string_equal(sc.steps[3].pointer, "/steps/3");
    assert_int_equal(sc.steps[3].expect_kind, ESC_EXPECT_CLAUSE);
    assert_string_equal(sc.steps[3].clause_id, "JetDupSession.DistinctHandle");
    assert_non_null(sc.steps[3].check);
    assert_int_equal(sc.steps[0].expect_kind, ESC_EXPECT_DEFAULT);
    assert_int_equal(sc.errors.count, 0);
    scenario_free(&sc);
}

static void test_scenario_load_reports_parse_position(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_false(scenario_load(test_path("bad/syntax.json"), &sc));
    assert_int_equal(sc.errors.count, 1);
    assert_int_equal(sc.errors.items[0].line, 5);
    assert_int_equal(sc.errors.items[0].column, 1);
    assert_string_equal(sc.errors.items[0].pointer, "");
    scenario_free(&sc);
}

static void test_scenario_load_reports_every_structural_problem(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_false(test_load_text("{\"title\": 3, \"clauses\": {}, \"requires\": [\"x\"], \"steps\": ["
                                "{\"call\": \"JetInit\", \"clause\": \"A.B\", \"expect\": \"JET_errSuccess\"},"
                                "{\"repeat\": -1, \"index\": \"i\", \"steps\": []}, 7, {},"
                                "{\"parallel\": [{\"thread\": \"a\", \"steps\": [{\"call\": \"JetInit\"}]},"
                                " {\"thread\": \"b\", \"steps\": []}, {\"thread\": \"c\"}]}], \"extra\": 1}", &sc));
    assert_true(test_has_error(&sc.errors, "", "missing \"id\""));
    assert_true(test_has_error(&sc.errors, "/title", "non-empty string"));
    assert_true(test_has_error(&sc.errors, "/clauses", "array of clause ids"));
    assert_true(test_has_error(&sc.errors, "/requires/0", "unknown capability"));
    assert_true(test_has_error(&sc.errors, "/extra", "unknown key"));
    assert_true(test_has_error(&sc.errors, "/steps/0", "not both"));
    assert_true(test_has_error(&sc.errors, "/steps/1/repeat", "integer from 0"));
    assert_true(test_has_error(&sc.errors, "/steps/1/steps", "non-empty array"));
    assert_true(test_has_error(&sc.errors, "/steps/2", "must be an object"));
    assert_true(test_has_error(&sc.errors, "/steps/3", "\"repeat\" or \"parallel\""));
    assert_true(test_has_error(&sc.errors, "/steps/4/parallel/1/steps", "non-empty array"));
    assert_true(test_has_error(&sc.errors, "/steps/4/parallel/2", "non-empty array")); /* no "steps" */
    scenario_free(&sc);
}

static void test_scenario_load_rejects_duplicate_keys(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_false(test_load_text("{\"id\": \"a\", \"id\": \"b\"}", &sc));
    assert_true(strstr(sc.errors.items[0].text, "duplicate") != NULL);
    assert_int_equal(sc.errors.items[0].line, 1);
    scenario_free(&sc);
}

static void test_scenario_pointer_escapes_tilde_and_slash(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(scenario_pointer(buf, sizeof buf, "/args", "a/b~c"), "/args/a~1b~0c");
}

static void test_scenario_calls_finds_nested_steps(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_true(scenario_load(test_path("scenarios/dup-repeat.json"), &sc));
    assert_true(sc.steps[3].is_repeat);
    assert_int_equal(sc.steps[3].count, 3);
    assert_string_equal(sc.steps[3].index, "i");
    assert_string_equal(sc.steps[3].steps[0].pointer, "/steps/3/steps/0");
    assert_true(scenario_calls(&sc, "JetDupSession"));
    assert_false(scenario_calls(&sc, "JetRollback"));
    assert_true(scenario_cites(&sc, "JetDupSession.Success"));
    assert_false(scenario_cites(&sc, "JetDupSession.OutOfSessions"));
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_load_parses_steps),
        cmocka_unit_test(test_scenario_load_reports_parse_position),
        cmocka_unit_test(test_scenario_load_reports_every_structural_problem),
        cmocka_unit_test(test_scenario_load_rejects_duplicate_keys),
        cmocka_unit_test(test_scenario_pointer_escapes_tilde_and_slash),
        cmocka_unit_test(test_scenario_calls_finds_nested_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
