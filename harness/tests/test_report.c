/* test_report.c - each output writer: console, JSON, JUnit XML, TAP. */
#include "test_support.h"
#include "report.h"

static esc_result results[3];
static esc_run_info run;

/* Returns 0: three results (PASS, FAIL with XML-hostile text, SKIP). */
static int group_setup(void **state)
{
    (void)state;
    const char *ids[3] = {"F.pass", "F.fail", "G.skip"};
    const esc_status st[3] = {ESC_PASS, ESC_FAIL, ESC_SKIP};
    const char *msgs[3] = {"", "JetDupSession(sesid=<&\"'>) returned X\nline two \x01",
                            "clause C.x does not apply in profile documented"};
    for (int i = 0; i < 3; i++) {
        results[i].id = ids[i];
        results[i].path = i == 2 ? "cases/G/it's.json" : "cases/F/x.json";
        results[i].folder = i == 2 ? "G" : "F";
        result_set(&results[i], st[i], i == 1 ? "/steps/3" : "", msgs[i]);
        results[i].seconds = 0.25;
    }
    run = (esc_run_info){results, 3, "esecheck", "./lib x.so", NULL, NULL, "documented", 1.5, NULL, NULL, 0, NULL,
                         NULL, NULL, NULL};
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        result_free(&results[i]);
    return 0;
}

/* Returns the malloc'd text a stream writer produced. */
static char *capture(int (*writer)(FILE *, const esc_run_info *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(writer(f, &run), 0);
    fclose(f);
    return buf;
}

static int console_writer(FILE *f, const esc_run_info *r)
{
    return report_console(f, r, 0, 0);
}

static void test_report_console_lists_non_passing_with_rerun(void **state)
{
    (void)state;
    char *text = capture(console_writer);
    assert_null(strstr(text, "F.pass"));
    assert_non_null(strstr(text, "FAIL        F.fail (cases/F/x.json)"));
    assert_non_null(strstr(text, "    /steps/3: JetDupSession"));
    assert_non_null(strstr(text, "rerun: esecheck --target './lib x.so' --profile documented --id F.fail cases/F/x.json"));
    assert_non_null(strstr(text, "3 scenarios in 1.50 s (profile documented): 1 PASS 1 FAIL 1 SKIP"));
    assert_null(strstr(text, "clauses:")); /* no coverage table in this run */
    free(text);
}

static void test_report_console_counts_skips_by_clause(void **state)
{
    (void)state;
    char *text = capture(console_writer);
    assert_non_null(strstr(text, "\nSKIP        1 scenario: 1 clause that does not apply in profile documented, "
                                 "by function (-v lists each):\n    C 1\n3 scenarios"));
    assert_null(strstr(text, "G.skip"));
    free(text);
}

static int verbose_writer(FILE *f, const esc_run_info *r)
{
    return report_console(f, r, 1, 0);
}

static void test_report_console_verbose_lists_skip_on_one_line(void **state)
{
    (void)state;
    char *text = capture(verbose_writer);
    assert_non_null(strstr(text, "\nSKIP        G.skip: clause C.x does not apply in profile documented\n3 scenarios"));
    assert_null(strstr(text, "--id G.skip"));
    free(text);
}

static void test_report_console_prints_rerun_for_divergences_only(void **state)
{
    (void)state;
    esc_result r;
    memset(&r, 0, sizeof r);
    r.id = "H.x";
    r.path = "cases/H/x.json";
    r.folder = "H";
    for (int s = 0; s < ESC_STATUS_COUNT; s++) {
        result_set(&r, (esc_status)s, "", "why");
        esc_run_info one = run;
        one.results = &r;
        one.count = 1;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(report_console(f, &one, 1, 0), 0);
        fclose(f);
        int want = s == ESC_FAIL || s == ESC_DIFFER || s == ESC_CRASH || s == ESC_TIMEOUT || s == ESC_MISSING ||
                   s == ESC_FLAKY || s == ESC_XPASS ||
                   s == ESC_ERROR;
        assert_int_equal(strstr(buf, "rerun: ") != NULL, want);
        free(buf);
    }
    result_free(&r);
}

static void test_report_console_prints_coverage_line(void **state)
{
    (void)state;
    esc_coverage cov;
    memset(&cov, 0, sizeof cov);
    cov.profile = ESPEC_PROFILE_ESENT;
    esc_run_info with = run;
    with.coverage = &cov;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(report_console(f, &with, 0, 1), 0);
    fclose(f);
    assert_non_null(strstr(buf, "1 SKIP\nclauses: 0/0 verified in profile esent (0 not applicable, 0 without a case)\n"));
    free(buf);
}

static void test_report_rerun_command_repeats_unimplemented(void **state)
{
    (void)state;
    char buf[1024];
    esc_run_info declared = run;
    declared.unimplemented = "JetDupSession,JetRollback";
    report_rerun_command(&declared, &results[0], buf, sizeof buf);
    assert_non_null(strstr(buf, " --unimplemented JetDupSession,JetRollback --profile documented "));
}

static void test_report_rerun_command_quotes_quotes(void **state)
{
    (void)state;
    char buf[512];
    report_rerun_command(&run, &results[2], buf, sizeof buf);
    assert_string_equal(buf, "esecheck --target './lib x.so' --profile documented --id G.skip 'cases/G/it'\\''s.json'");
}

static void test_report_json_writes_summary_and_results(void **state)
{
    (void)state;
    char path[] = "/tmp/esecheck-json-XXXXXX";
    close(mkstemp(path));
    assert_int_equal(report_json(path, &run), 0);
    json_t *root = json_load_file(path, 0, NULL);
    unlink(path);
    assert_non_null(root);
    json_t *summary = json_object_get(root, "summary");
    assert_int_equal(json_integer_value(json_object_get(summary, "fail")), 1);
    assert_int_equal(json_integer_value(json_object_get(summary, "crash")), 0);
    json_t *fail = json_array_get(json_object_get(root, "results"), 1);
    assert_string_equal(json_string_value(json_object_get(fail, "result")), "fail");
    assert_string_equal(json_string_value(json_object_get(fail, "pointer")), "/steps/3");
    assert_string_equal(json_string_value(json_object_get(fail, "function")), "F");
    assert_non_null(json_object_get(fail, "rerun"));
    assert_null(json_object_get(json_array_get(json_object_get(root, "results"), 0), "rerun"));
    assert_null(json_object_get(root, "coverage"));
    json_decref(root);
}

static void test_report_json_writes_coverage(void **state)
{
    (void)state;
    esc_coverage cov;
    memset(&cov, 0, sizeof cov);
    esc_run_info with = run;
    with.coverage = &cov;
    char path[] = "/tmp/esecheck-json-XXXXXX";
    close(mkstemp(path));
    assert_int_equal(report_json(path, &with), 0);
    json_t *root = json_load_file(path, 0, NULL);
    unlink(path);
    json_t *coverage = json_object_get(root, "coverage");
    assert_string_equal(json_string_value(json_object_get(coverage, "profile")), "documented");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(coverage, "summary"), "clauses")), 0);
    assert_true(json_is_array(json_object_get(coverage, "functions")));
    json_decref(root);
}

static void test_report_junit_escapes_and_maps(void **state)
{
    (void)state;
    char *text = capture(report_junit_stream);
    assert_non_null(strstr(text, "tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""));
    assert_non_null(strstr(text, "<testcase classname=\"F\" name=\"F.pass\" file=\"cases/F/x.json\" time=\"0.250\"/>"));
    assert_non_null(strstr(text, "<failure message=\"FAIL: JetDupSession(sesid=&lt;&amp;&quot;&apos;&gt;)"));
    assert_null(strstr(text, "\x01"));
    assert_non_null(strstr(text, "<skipped message=\"SKIP: clause C.x does not apply in profile documented\""));
    assert_non_null(strstr(text, "classname=\"G\""));
    free(text);
}

static void test_report_tap_prints_plan_and_directives(void **state)
{
    (void)state;
    char *text = capture(report_tap_stream);
    assert_non_null(strstr(text, "TAP version 13\n1..3\n"));
    assert_non_null(strstr(text, "ok 1 - F.pass\n"));
    assert_non_null(strstr(text, "not ok 2 - F.fail\n  ---\n  result: FAIL\n"));
    assert_non_null(strstr(text, "  message: 'JetDupSession(sesid=<&\"''>) returned X line two"));
    assert_non_null(strstr(text, "ok 3 - G.skip # SKIP SKIP: clause C.x does not apply in profile documented\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_console_lists_non_passing_with_rerun),
        cmocka_unit_test(test_report_console_counts_skips_by_clause),
        cmocka_unit_test(test_report_console_verbose_lists_skip_on_one_line),
        cmocka_unit_test(test_report_console_prints_rerun_for_divergences_only),
        cmocka_unit_test(test_report_console_prints_coverage_line),
        cmocka_unit_test(test_report_rerun_command_quotes_quotes),
        cmocka_unit_test(test_report_rerun_command_repeats_unimplemented),
        cmocka_unit_test(test_report_json_writes_summary_and_results),
        cmocka_unit_test(test_report_json_writes_coverage),
        cmocka_unit_test(test_report_junit_escapes_and_maps),
        cmocka_unit_test(test_report_tap_prints_plan_and_directives),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
