/* test_results.c - the status table, classification against the ledger, exit codes. */
#include "test_support.h"
#include "results.h"

/* Returns a result with id, raw status and message set. */
static esc_result make(const char *id, esc_status raw, const char *message)
{
    esc_result r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.path = "cases/F/x.json";
    r.folder = "F";
    result_set(&r, raw, "/steps/1", message);
    return r;
}

static void test_status_table_maps_every_status(void **state)
{
    (void)state;
    assert_string_equal(status_word(ESC_FAIL), "FAIL");
    assert_string_equal(status_json(ESC_XPASS), "xpass");
    assert_string_equal(status_junit(ESC_PASS), "");
    assert_string_equal(status_junit(ESC_FAIL), "failure");
    assert_string_equal(status_junit(ESC_CRASH), "error");
    assert_string_equal(status_junit(ESC_SKIP), "skipped");
    assert_string_equal(status_tap(ESC_UNSUPPORTED), "ok # SKIP");
    assert_string_equal(status_tap(ESC_XFAIL), "not ok # TODO");
    assert_string_equal(status_word(ESC_MISSING), "MISSING");
    assert_string_equal(status_json(ESC_MISSING), "missing");
    assert_string_equal(status_junit(ESC_MISSING), "failure");
    assert_string_equal(status_tap(ESC_MISSING), "not ok");
    assert_true(status_rerun(ESC_MISSING));
    int diverging = 0;
    for (int s = 0; s < ESC_STATUS_COUNT; s++) {
        esc_status back;
        assert_true(status_parse(status_json((esc_status)s), &back));
        assert_int_equal(back, s);
        diverging += status_diverges((esc_status)s);
    }
    assert_int_equal(diverging, 6); /* FAIL DIFFER CRASH TIMEOUT MISSING XPASS */
    assert_false(status_diverges(ESC_FLAKY)); /* unless --strict */
    assert_true(status_rerun(ESC_FLAKY));
    assert_true(status_rerun(ESC_ERROR));
    assert_false(status_rerun(ESC_SKIP));
    assert_false(status_rerun(ESC_XFAIL));
    esc_status s;
    assert_false(status_parse("MAYBE", &s));
}

/* Returns a ledger written from one listed result. */
static esc_ledger *ledger_of(const char *id, esc_status listed)
{
    char path[] = "/tmp/esecheck-ledger-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    esc_result r = make(id, listed, "known");
    assert_true(ledger_write(path, &r, 1));
    result_free(&r);
    char err[256];
    esc_ledger *ledger = ledger_load(path, err, sizeof err);
    unlink(path);
    assert_non_null(ledger);
    return ledger;
}

static void test_status_against_expectation_listed_failure_is_xfail(void **state)
{
    (void)state;
    esc_ledger *ledger = ledger_of("a", ESC_FAIL);
    esc_result r = make("a", ESC_FAIL, "boom");
    status_against_expectation(&r, ledger);
    assert_int_equal(r.status, ESC_XFAIL);
    assert_int_equal(r.raw, ESC_FAIL);
    assert_non_null(strstr(r.note, "known"));
    assert_int_equal(results_exit_code(&r, 1), 0);
    result_free(&r);
    ledger_free(ledger);
}

static void test_status_against_expectation_listed_pass_is_xpass(void **state)
{
    (void)state;
    esc_ledger *ledger = ledger_of("a", ESC_CRASH);
    esc_result r = make("a", ESC_PASS, "");
    status_against_expectation(&r, ledger);
    assert_int_equal(r.status, ESC_XPASS);
    assert_int_equal(results_exit_code(&r, 1), 1);
    result_free(&r);
    ledger_free(ledger);
}

static void test_status_against_expectation_other_divergence_stays(void **state)
{
    (void)state;
    esc_ledger *ledger = ledger_of("a", ESC_FAIL);
    esc_result r = make("a", ESC_CRASH, "signal");
    status_against_expectation(&r, ledger);
    assert_int_equal(r.status, ESC_CRASH);
    esc_result u = make("b", ESC_FAIL, "new");
    status_against_expectation(&u, ledger);
    assert_int_equal(u.status, ESC_FAIL);
    assert_null(u.note);
    esc_result s = make("a", ESC_SKIP, "");
    status_against_expectation(&s, ledger);
    assert_int_equal(s.status, ESC_SKIP);
    result_free(&r);
    result_free(&u);
    result_free(&s);
    ledger_free(ledger);
}

static void test_status_against_expectation_missing(void **state)
{
    (void)state;
    esc_ledger *ledger = ledger_of("a", ESC_MISSING);
    esc_result listed = make("a", ESC_MISSING, "target lacks JetDupSession");
    status_against_expectation(&listed, ledger);
    assert_int_equal(listed.status, ESC_XFAIL);
    esc_result other = make("b", ESC_MISSING, "target lacks JetDupSession");
    status_against_expectation(&other, ledger);
    assert_int_equal(other.status, ESC_MISSING);
    assert_int_equal(results_exit_code(&other, 1), 1);
    esc_result declared = make("b", ESC_MISSING, "target lacks JetDupSession (declared unimplemented)");
    declared.unimplemented = 1;
    status_against_expectation(&declared, NULL);
    assert_int_equal(declared.status, ESC_UNSUPPORTED);
    assert_int_equal(declared.raw, ESC_MISSING);
    assert_int_equal(results_exit_code(&declared, 1), 0);
    esc_result both = make("a", ESC_MISSING, "target lacks JetDupSession (declared unimplemented)");
    both.unimplemented = 1; /* the declaration wins over the ledger's entry */
    status_against_expectation(&both, ledger);
    assert_int_equal(both.status, ESC_UNSUPPORTED);
    result_free(&listed);
    result_free(&other);
    result_free(&declared);
    result_free(&both);
    ledger_free(ledger);
}

static void test_ledger_write_lists_divergences_only(void **state)
{
    (void)state;
    esc_result rs[5] = {make("p", ESC_PASS, ""), make("f", ESC_TIMEOUT, "slow"), make("s", ESC_SKIP, ""),
                        make("m", ESC_MISSING, "target lacks JetDupSession"),
                        make("d", ESC_MISSING, "target lacks JetDupSession (declared unimplemented)")};
    rs[4].unimplemented = 1;
    char path[] = "/tmp/esecheck-ledger-XXXXXX";
    close(mkstemp(path));
    assert_true(ledger_write(path, rs, 5));
    json_t *root = json_load_file(path, 0, NULL);
    unlink(path);
    assert_int_equal(json_object_size(root), 2);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "f"), "result")), "TIMEOUT");
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "f"), "reason")), "slow");
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "m"), "result")), "MISSING");
    json_decref(root);
    for (int i = 0; i < 5; i++)
        result_free(&rs[i]);
}

static void test_ledger_load_rejects_bad_entries(void **state)
{
    (void)state;
    char path[] = "/tmp/esecheck-ledger-XXXXXX";
    int fd = mkstemp(path);
    const char *text = "{\"a\": {\"result\": \"SOMETIMES\"}}";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char err[256];
    assert_null(ledger_load(path, err, sizeof err));
    assert_non_null(strstr(err, "/a"));
    unlink(path);
}

static void test_results_exit_code_orders_error_over_divergence(void **state)
{
    (void)state;
    esc_result rs[3] = {make("a", ESC_PASS, ""), make("b", ESC_FAIL, ""), make("c", ESC_UNSUPPORTED, "")};
    assert_int_equal(results_exit_code(rs, 1), 0);
    assert_int_equal(results_exit_code(rs, 3), 1);
    result_set(&rs[2], ESC_ERROR, "", "bad file");
    assert_int_equal(results_exit_code(rs, 3), 2);
    for (int i = 0; i < 3; i++)
        result_free(&rs[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table_maps_every_status),
        cmocka_unit_test(test_status_against_expectation_listed_failure_is_xfail),
        cmocka_unit_test(test_status_against_expectation_listed_pass_is_xpass),
        cmocka_unit_test(test_status_against_expectation_other_divergence_stays),
        cmocka_unit_test(test_status_against_expectation_missing),
        cmocka_unit_test(test_ledger_write_lists_divergences_only),
        cmocka_unit_test(test_ledger_load_rejects_bad_entries),
        cmocka_unit_test(test_results_exit_code_orders_error_over_divergence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
