/* test_vars.c - variable syntax, index expansion and binding. */
#include "test_support.h"
#include "vars.h"

static void test_vars_is_variable_accepts_forms(void **state)
{
    (void)state;
    assert_true(vars_is_variable("$s1"));
    assert_true(vars_is_variable("$s[$i]"));
    assert_true(vars_is_variable("$s[3]"));
    assert_true(vars_is_variable("$m[$i][$j]"));
    assert_false(vars_is_variable("s1"));
    assert_false(vars_is_variable("$"));
    assert_false(vars_is_variable("$1s"));
    assert_false(vars_is_variable("$s[]"));
    assert_false(vars_is_variable("$s[$i"));
    assert_false(vars_is_variable("$s x"));
}

static void test_vars_expand_substitutes_indexes(void **state)
{
    (void)state;
    esc_index_env env = {.count = 2};
    env.items[0].name = "i";
    env.items[0].value = 4;
    env.items[1].name = "j";
    env.items[1].value = 7;
    char out[64], err[128];
    assert_true(vars_expand("$m[$i][$j]", &env, out, sizeof out, err, sizeof err));
    assert_string_equal(out, "$m[4][7]");
    assert_true(vars_expand("$s1", &env, out, sizeof out, err, sizeof err));
    assert_string_equal(out, "$s1");
}

static void test_vars_expand_rejects_index_not_in_force(void **state)
{
    (void)state;
    char out[64], err[128];
    assert_false(vars_expand("$s[$k]", NULL, out, sizeof out, err, sizeof err));
    assert_non_null(strstr(err, "$k"));
    assert_false(vars_expand("nope", NULL, out, sizeof out, err, sizeof err));
}

static void test_vars_index_value_reads_plain_index(void **state)
{
    (void)state;
    esc_index_env env = {.count = 1};
    env.items[0].name = "i";
    env.items[0].value = 2;
    long long v = 0;
    assert_true(vars_index_value("$i", &env, &v));
    assert_int_equal(v, 2);
    assert_false(vars_index_value("$s", &env, &v));
    assert_false(vars_index_value("$i[0]", &env, &v));
}

static void test_vars_bind_binds_once(void **state)
{
    (void)state;
    esc_vars vars = {0};
    assert_false(vars_is_bound(&vars, "$s1"));
    assert_true(vars_bind(&vars, "$s1", 42, NULL));
    assert_true(vars_is_bound(&vars, "$s1"));
    assert_false(vars_bind(&vars, "$s1", 43, NULL));
    assert_int_equal(vars_find(&vars, "$s1")->value, 42);
    assert_true(vars_bind(&vars, "$txt", 0, "hello"));
    assert_true(vars_find(&vars, "$txt")->is_string);
    assert_string_equal(vars_find(&vars, "$txt")->text, "hello");
    for (int i = 0; i < 100; i++) {
        char name[16];
        snprintf(name, sizeof name, "$d[%d]", i);
        assert_true(vars_bind(&vars, name, (uint64_t)i, NULL));
    }
    assert_int_equal(vars_find(&vars, "$d[99]")->value, 99);
    vars_free(&vars);
    assert_int_equal(vars.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vars_is_variable_accepts_forms),
        cmocka_unit_test(test_vars_expand_substitutes_indexes),
        cmocka_unit_test(test_vars_expand_rejects_index_not_in_force),
        cmocka_unit_test(test_vars_index_value_reads_plain_index),
        cmocka_unit_test(test_vars_bind_binds_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
