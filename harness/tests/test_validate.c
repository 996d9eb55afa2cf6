/* test_validate.c - semantic validation against spec/ and the catalogue. */
#include "test_support.h"

static espec_catalogue *catalogue;

static int group_setup(void **state)
{
    (void)state;
    catalogue = test_catalogue();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    espec_catalogue_free(catalogue);
    return 0;
}

/* Returns the scenario loaded from text and validated (its problems in sc->errors). */
static void load_and_validate(const char *text, esc_scenario *sc)
{
    test_load_text(text, sc);
    validate_scenario(sc, catalogue);
}

static void test_validate_scenario_accepts_test_scenarios(void **state)
{
    (void)state;
    const char *files[] = {"scenarios/dup-basic.json", "scenarios/dup-invalid.json", "scenarios/dup-repeat.json"};
    for (size_t i = 0; i < 3; i++) {
        esc_scenario sc;
        assert_true(scenario_load(test_path(files[i]), &sc));
        assert_true(validate_scenario(&sc, catalogue));
        scenario_free(&sc);
    }
}

static void test_validate_scenario_resolves_names(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_true(scenario_load(test_path("scenarios/dup-basic.json"), &sc));
    assert_true(validate_scenario(&sc, catalogue));
    assert_non_null(sc.steps[3].call);
    assert_string_equal(sc.steps[3].call->name, "JetDupSession");
    assert_non_null(sc.steps[3].clause);
    assert_string_equal(sc.steps[3].clause->id, "JetDupSession.DistinctHandle");
    scenario_free(&sc);
}

static void test_validate_scenario_reports_every_problem(void **state)
{
    (void)state;
    esc_scenario sc;
    assert_true(scenario_load(test_path("bad/many-problems.json"), &sc) == 0);
    validate_scenario(&sc, catalogue);
    assert_true(test_has_error(&sc.errors, "/requires/0", "unknown capability"));
    assert_true(test_has_error(&sc.errors, "/steps/3/call", "unknown call"));
    assert_true(test_has_error(&sc.errors, "/steps/4/expect", "unknown code"));
    assert_true(test_has_error(&sc.errors, "/steps/4/args/sesid", "unbound variable $nobody"));
    assert_true(test_has_error(&sc.errors, "/steps/4/args/psesid", "bound twice"));
    assert_true(test_has_error(&sc.errors, "/steps/5/call", "ref-hooks"));
    assert_true(test_has_error(&sc.errors, "/steps/5/thread", "threads"));
    scenario_free(&sc);
}

static void test_validate_scenario_checks_argument_kinds(void **state)
{
    (void)state;
    esc_scenario sc;
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetSetSystemParameter\", \"args\": {\"pinstance\": \"nil\", \"sesid\": null,"
             " \"paramid\": \"JET_paramMaxSessions|JET_bitNil\", \"lParam\": 1.5, \"szParam\": 3}},"
             "{\"call\": \"JetGetSystemParameter\", \"args\": {\"instance\": \"$inst\", \"sesid\": 0,"
             " \"paramid\": 5, \"plParam\": \"$v\", \"szParam\": null, \"cbMax\": 4294967296}}]}", "");
    load_and_validate(text, &sc);
    assert_false(test_has_error(&sc.errors, "/steps/3/args/pinstance", ""));
    assert_false(test_has_error(&sc.errors, "/steps/3/args/paramid", ""));
    assert_true(test_has_error(&sc.errors, "/steps/3/args/sesid", "a handle is"));
    assert_true(test_has_error(&sc.errors, "/steps/3/args/lParam", "fraction"));
    assert_true(test_has_error(&sc.errors, "/steps/3/args/szParam", "string or null"));
    assert_true(test_has_error(&sc.errors, "/steps/4/args/cbMax", "32 bits"));
    assert_int_equal(sc.errors.count, 4);
    scenario_free(&sc);
}

/* The ring-2 kinds in real rows: a pdbid binds $db, a dbid takes no JSON null, a table name
 * no number, an unbound tableid is refused, a pdbid bound twice too. */
static void test_validate_scenario_checks_database_and_cursor_kinds(void **state)
{
    (void)state;
    esc_scenario sc;
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetCreateDatabase\", \"args\": {\"sesid\": \"$s1\", \"szFilename\": \"$TMPDIR/a.edb\","
             " \"szConnect\": null, \"pdbid\": \"$db\", \"grbit\": \"JET_bitDbOverwriteExisting\"}},"
             "{\"call\": \"JetOpenTable\", \"args\": {\"sesid\": \"$s1\", \"dbid\": \"$db\", \"szTableName\": 7,"
             " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t\"}},"
             "{\"call\": \"JetCloseDatabase\", \"args\": {\"sesid\": \"$s1\", \"dbid\": null, \"grbit\": 0}},"
             "{\"call\": \"JetCloseTable\", \"args\": {\"sesid\": \"$s1\", \"tableid\": \"$never\"}},"
             "{\"call\": \"JetOpenDatabase\", \"args\": {\"sesid\": \"$s1\", \"szFilename\": \"$TMPDIR/a.edb\","
             " \"szConnect\": null, \"pdbid\": \"$db\", \"grbit\": 0}},"
             "{\"call\": \"JetCloseDatabase\", \"args\": {\"sesid\": \"$s1\", \"dbid\": \"$db\", \"grbit\": 0}}]}", "");
    load_and_validate(text, &sc);
    assert_false(test_has_error(&sc.errors, "/steps/3/args/pdbid", ""));
    assert_true(test_has_error(&sc.errors, "/steps/4/args/szTableName", "table-name"));
    assert_true(test_has_error(&sc.errors, "/steps/5/args/dbid", "a handle is"));
    assert_true(test_has_error(&sc.errors, "/steps/6/args/tableid", "unbound variable $never"));
    assert_true(test_has_error(&sc.errors, "/steps/7/args/pdbid", "bound twice"));
    assert_false(test_has_error(&sc.errors, "/steps/8/args/dbid", ""));
    assert_int_equal(sc.errors.count, 4);
    scenario_free(&sc);
}

static void test_validate_scenario_binds_per_index_in_repeats(void **state)
{
    (void)state;
    esc_scenario sc;
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"repeat\": 2, \"index\": \"i\", \"steps\": [{\"call\": \"JetDupSession\","
             " \"args\": {\"sesid\": \"$s1\", \"psesid\": \"$d[$i]\"}}]},"
             "{\"call\": \"JetEndSession\", \"args\": {\"sesid\": \"$d[1]\", \"grbit\": 0}},"
             "{\"call\": \"JetEndSession\", \"args\": {\"sesid\": \"$d[2]\", \"grbit\": 0}}]}", "");
    load_and_validate(text, &sc);
    assert_int_equal(sc.errors.count, 1);
    assert_true(test_has_error(&sc.errors, "/steps/5/args/sesid", "unbound variable $d[2]"));
    scenario_free(&sc);
}

static void test_validate_scenario_failure_step_does_not_bind(void **state)
{
    (void)state;
    esc_scenario sc;
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"garbage\", \"psesid\": \"$x\"},"
             " \"expect\": \"JET_errInvalidSesid\", \"check\": {\"unchanged\": [\"psesid\"]}},"
             "{\"call\": \"JetEndSession\", \"args\": {\"sesid\": \"$x\", \"grbit\": 0}}]}", "");
    load_and_validate(text, &sc);
    assert_int_equal(sc.errors.count, 1);
    assert_true(test_has_error(&sc.errors, "/steps/4/args/sesid", "unbound variable $x"));
    scenario_free(&sc);
}

static void test_validate_scenario_checks_check_targets(void **state)
{
    (void)state;
    esc_scenario sc;
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": null},"
             " \"check\": {\"unchanged\": [\"psesid\"], \"distinct\": {\"sesid\": [\"$s1\"]}}},"
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": \"$s2\"},"
             " \"check\": {\"distinct\": {\"psesid\": [\"$zz\"]}, \"equals\": {\"psesid\": \"JET_bitNil\"}}}]}", "");
    load_and_validate(text, &sc);
    assert_true(test_has_error(&sc.errors, "/steps/3/check/unchanged", "passed as null"));
    assert_true(test_has_error(&sc.errors, "/steps/3/check/distinct/sesid", "not an out-argument"));
    assert_true(test_has_error(&sc.errors, "/steps/4/check/distinct/psesid", "unbound variable $zz"));
    assert_int_equal(sc.errors.count, 3);
    scenario_free(&sc);
}

static void test_validate_may_succeed_follows_expectation(void **state)
{
    (void)state;
    esc_step step;
    memset(&step, 0, sizeof step);
    assert_true(validate_may_succeed(&step));
    step.expect_kind = ESC_EXPECT_CODES;
    step.codes.count = 1;
    step.codes.codes[0] = JET_errOutOfSessions;
    assert_false(validate_may_succeed(&step));
    step.codes.codes[step.codes.count++] = JET_errSuccess;
    assert_true(validate_may_succeed(&step));
    step.expect_kind = ESC_EXPECT_CLAUSE;
    step.clause = espec_catalogue_find(catalogue, "JetDupSession.OutOfSessions");
    assert_true(validate_may_succeed(&step)); /* esent allows success there */
    step.clause = espec_catalogue_find(catalogue, "JetDupSession.InvalidSesid");
    assert_false(validate_may_succeed(&step));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_scenario_accepts_test_scenarios),
        cmocka_unit_test(test_validate_scenario_resolves_names),
        cmocka_unit_test(test_validate_scenario_reports_every_problem),
        cmocka_unit_test(test_validate_scenario_checks_argument_kinds),
        cmocka_unit_test(test_validate_scenario_checks_database_and_cursor_kinds),
        cmocka_unit_test(test_validate_scenario_binds_per_index_in_repeats),
        cmocka_unit_test(test_validate_scenario_failure_step_does_not_bind),
        cmocka_unit_test(test_validate_scenario_checks_check_targets),
        cmocka_unit_test(test_validate_may_succeed_follows_expectation),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
