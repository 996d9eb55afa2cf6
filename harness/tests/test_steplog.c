/* test_steplog.c - what a replay saw (codes, the diverging step) as JSON, and merge's rules
 * on results objects built here. */
#include <jansson.h>
#include "test_support.h"
#include "merge.h"
#include "steplog.h"

static void test_steplog_keeps_each_pair_once_in_order(void **state)
{
    (void)state;
    esc_steplog log;
    char out[4096];
    memset(&log, 0, sizeof log);
    steplog_code(&log, "JetInit", 0);
    steplog_code(&log, "JetDupSession", -1104);
    steplog_code(&log, "JetInit", 0);
    steplog_code(&log, "JetDupSession", 0);
    assert_true(steplog_json(&log, out, sizeof out));
    assert_string_equal(out, "{\"codes\":{\"JetInit\":[0],\"JetDupSession\":[-1104,0]}}");
}

static void test_steplog_says_when_pairs_overflow(void **state)
{
    (void)state;
    static esc_steplog log;
    char out[8192];
    memset(&log, 0, sizeof log);
    for (int i = 0; i < ESC_STEPLOG_CODES + 5; i++)
        steplog_code(&log, "JetInit", -i);
    assert_int_equal(log.count, ESC_STEPLOG_CODES);
    assert_true(steplog_json(&log, out, sizeof out));
    assert_non_null(strstr(out, "\"codes_overflow\":true"));
    assert_false(steplog_json(&log, out, 16)); /* too small: "{}", not a cut line */
    assert_string_equal(out, "{}");
}

static void test_steplog_step_leaves_out_text_that_is_not_utf8(void **state)
{
    (void)state;
    esc_steplog log;
    char out[4096];
    memset(&log, 0, sizeof log);
    steplog_diverge(&log, "JetGetSystemParameter(szParam=\"\xff\xff\")", -1003, "JET_errSuccess (0)", NULL,
                    "JetGetSystemParameter.Success");
    assert_true(steplog_json(&log, out, sizeof out));
    json_t *root = json_loads(out, 0, NULL);
    json_t *step = json_object_get(root, "step");
    assert_non_null(step);
    assert_true(json_is_null(json_object_get(step, "call")));
    assert_string_equal(json_string_value(json_object_get(step, "actual_name")), "JET_errInvalidParameter");
    assert_int_equal(json_integer_value(json_object_get(step, "actual")), -1003);
    assert_string_equal(json_string_value(json_object_get(step, "clause")), "JetGetSystemParameter.Success");
    json_decref(root);
}

/* Returns a shard's results object: n results at the given positions of a selection of total. */
static json_t *shard(int k, int n, size_t total, const size_t *positions, size_t count)
{
    json_t *results = json_array();
    for (size_t i = 0; i < count; i++) {
        char id[32];
        snprintf(id, sizeof id, "s%zu", positions[i]);
        json_array_append_new(results, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", id, "path", id,
                                                 "function", "F", "result", "pass", "raw", "pass",
                                                 "message", "", "position", (json_int_t)positions[i]));
    }
    json_t *ids = json_array(); /* the whole selection's ids: s0, s1, ... */
    for (size_t p = 0; p < total; p++) {
        char id[32];
        snprintf(id, sizeof id, "s%zu", p);
        json_array_append_new(ids, json_string(id));
    }
    return json_pack("{s:s, s:s, s:s, s:{s:n, s:n, s:n, s:[], s:{s:i, s:i}, s:I, s:o}, s:o}", "format",
                     "esecheck-results/1", "target", "t.so", "profile", "documented", "selection",
                     "function", "clause", "id", "paths", "shard", "k", k, "n", n, "total",
                     (json_int_t)total, "ids", ids, "results", results);
}

static void test_merge_orders_by_position_and_refuses_overlap_and_gaps(void **state)
{
    (void)state;
    static const size_t a[] = {0, 2}, b[] = {1, 3}, c[] = {1};
    json_t *runs[3] = {shard(2, 2, 4, b, 2), shard(1, 2, 4, a, 2), shard(2, 2, 4, c, 1)};
    const char *files[3] = {"b.json", "a.json", "c.json"};
    FILE *errs = tmpfile();
    json_t *merged = merge_runs(runs, files, 2, errs);
    assert_non_null(merged);
    json_t *list = json_object_get(merged, "results");
    assert_int_equal(json_array_size(list), 4);
    for (size_t p = 0; p < 4; p++)
        assert_int_equal(json_integer_value(json_object_get(json_array_get(list, p), "position")), p);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(merged, "summary"), "pass")), 4);
    assert_true(json_is_null(json_object_get(json_object_get(merged, "selection"), "shard")));
    json_decref(merged);
    assert_null(merge_runs(runs, files, 3, errs));     /* c overlaps b */
    assert_null(merge_runs(runs + 1, files + 1, 1, errs)); /* a alone leaves 2 out */
    json_object_del(json_object_get(runs[1], "selection"), "ids"); /* an older file: numbers */
    assert_null(merge_runs(runs + 1, files + 1, 1, errs));
    char text[1024] = "";
    rewind(errs);
    size_t n = fread(text, 1, sizeof text - 1, errs);
    text[n] = '\0';
    assert_non_null(strstr(text, "b.json (shard 2/2) and c.json (shard 2/2) overlap: both ran s1"));
    assert_non_null(strstr(text, "leave out 2 of the 4 scenarios: s1, s3; they belong to shard 2/2"));
    assert_non_null(strstr(text, "leave out 2 of the 4 scenarios: number 2, number 4; they belong to shard 2/2"));
    fclose(errs);
    for (int i = 0; i < 3; i++)
        json_decref(runs[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steplog_keeps_each_pair_once_in_order),
        cmocka_unit_test(test_steplog_says_when_pairs_overflow),
        cmocka_unit_test(test_steplog_step_leaves_out_text_that_is_not_utf8),
        cmocka_unit_test(test_merge_orders_by_position_and_refuses_overlap_and_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
