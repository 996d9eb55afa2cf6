/* test_spec.c - the spec tables and the catalogue loader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <esespec/api.h>
#include <esespec/catalogue.h>
#include <esespec/codes.h>

static void test_codes_lookup_both_ways(void **state)
{
    (void)state;
    assert_int_equal(espec_code_by_name("JET_errOutOfSessions")->value, -1101);
    assert_string_equal(espec_code_by_value(-1104)->name, "JET_errInvalidSesid");
    assert_string_equal(espec_code_by_value(-1329)->category, "Operation");
    assert_null(espec_code_by_name("JET_errInstanceInUse")); /* does not exist in ESE */
    assert_string_equal(espec_code_name(12345), "unknown code");
}

static void test_codes_unique(void **state)
{
    (void)state;
    for (size_t i = 0; i < espec_code_count(); i++)
        for (size_t j = 0; j < i; j++) {
            assert_int_not_equal(espec_code_at(i)->value, espec_code_at(j)->value);
            assert_string_not_equal(espec_code_at(i)->name, espec_code_at(j)->name);
        }
}

static void test_header_constants_match_table(void **state)
{
    (void)state;
    assert_int_equal(JET_errOutOfSessions, espec_code_by_name("JET_errOutOfSessions")->value);
    assert_int_equal(JET_paramMaxSessions, 5);
    assert_int_equal(JET_paramMaxInstances, 104);
    assert_true(JET_sesidNil == UINT64_MAX);
    assert_int_equal(sizeof(JET_ERR), 4);
    assert_int_equal(sizeof(JET_SESID), 8);
    assert_int_equal(sizeof(JET_SETSYSPARAM_A), 32);
    /* Ring 2: a JET_DBID is 32 bits with an all-ones nil, a JET_TABLEID a 64-bit handle. */
    assert_int_equal(sizeof(JET_DBID), 4);
    assert_true(JET_dbidNil == UINT32_MAX);
    assert_int_equal(sizeof(JET_TABLEID), 8);
    assert_true(JET_tableidNil == UINT64_MAX);
    assert_int_equal(JET_paramOneDatabasePerSession, 102);
    assert_int_equal(JET_errTableDuplicate, -1303);
    assert_string_equal(espec_code_by_value(JET_errInvalidTableId)->category, "Usage");
    assert_string_equal(espec_code_by_value(JET_wrnDatabaseAttached)->name, "JET_wrnDatabaseAttached");
    assert_int_equal(JET_bitForceCloseAndDetach, 0x3);
}

static void test_api_table(void **state)
{
    (void)state;
    const espec_api *dup = espec_api_by_name("JetDupSession");
    assert_non_null(dup);
    assert_int_equal(dup->arity, 2);
    assert_int_equal(dup->args[1].kind, ESPEC_ARG_OUT_SESID);
    assert_string_equal(dup->args[1].name, "psesid");
    assert_false(dup->has_ansi_alias);
    assert_true(espec_api_by_name("JetBeginSession")->has_ansi_alias);
    assert_int_equal(espec_api_by_name("JetStopService")->arity, 0);
    assert_string_equal(espec_argkind_json(ESPEC_ARG_OUT_SESID), "out-sesid");
}

static void test_catalogue_loads(void **state)
{
    (void)state;
    espec_error err;
    espec_catalogue *c = espec_catalogue_load(ESECHECK_CATALOGUE, &err);
    if (c == NULL)
        fail_msg("%s:%d:%d: %s: %s", err.source, err.line, err.column, err.pointer, err.text);
    assert_true(espec_catalogue_count(c) > 0);
    assert_non_null(espec_catalogue_find(c, "JetDupSession.OutOfSessions"));
    espec_catalogue_free(c);
}

/* The profile rules of ESE_FACTS section 1, on clauses of each shape. */
static void test_profiles_resolve(void **state)
{
    (void)state;
    espec_catalogue *c = espec_catalogue_load(ESECHECK_CATALOGUE, NULL);
    assert_non_null(c);
    espec_codeset set;
    const espec_clause *oom = espec_catalogue_find(c, "JetDupSession.OutOfMemory");
    assert_true(espec_clause_expect(oom, ESPEC_PROFILE_DOCUMENTED, &set));
    assert_true(espec_codeset_has(&set, JET_errOutOfMemory) && set.count == 1);
    assert_true(espec_clause_expect(oom, ESPEC_PROFILE_ESENT, &set));
    assert_true(espec_codeset_has(&set, JET_errOutOfSessions) && set.count == 1);
    assert_false(espec_clause_expect(oom, ESPEC_PROFILE_PORTABLE, &set));
    const espec_clause *bad = espec_catalogue_find(c, "JetDupSession.InvalidSesid");
    assert_true(espec_clause_expect(bad, ESPEC_PROFILE_DOCUMENTED, &set)); /* docs silent */
    assert_true(espec_codeset_has(&set, JET_errInvalidSesid));
    assert_true(espec_clause_expect(bad, ESPEC_PROFILE_PORTABLE, &set));
    const espec_clause *null = espec_catalogue_find(c, "JetDupSession.NullOutPointer");
    assert_false(espec_clause_expect(null, ESPEC_PROFILE_ESENT, &set)); /* the engine crashes */
    assert_true(espec_clause_expect(null, ESPEC_PROFILE_DOCUMENTED, &set));
    espec_catalogue_free(c);
}

static void test_catalogue_rejects_bad_files(void **state)
{
    (void)state;
    static const struct { const char *file; const char *text; } bad[] = {
        {"bad_unknown_code.json", "unknown code"},
        {"bad_function.json", "not in api.def"},
        {"bad_duplicate.json", "duplicate id"},
        {"bad_syntax.json", ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", ESECHECK_SPEC_TESTS, bad[i].file);
        espec_error err;
        assert_null(espec_catalogue_load(path, &err));
        assert_non_null(strstr(err.text, bad[i].text));
        assert_string_equal(err.source, path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_lookup_both_ways),
        cmocka_unit_test(test_codes_unique),
        cmocka_unit_test(test_header_constants_match_table),
        cmocka_unit_test(test_api_table),
        cmocka_unit_test(test_catalogue_loads),
        cmocka_unit_test(test_profiles_resolve),
        cmocka_unit_test(test_catalogue_rejects_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
