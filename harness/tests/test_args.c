/* test_args.c - argument kinds: reading values (args.c) and building, checking and binding a
 * call's storage (frame.c), on descriptors of the database and cursor kinds. */
#include <jansson.h>
#include "test_support.h"
#include "args.h"
#include "frame.h"

/* JetOpenTable's argument kinds, and one output of each 32-bit and 64-bit handle kind. */
static const esc_call open_like = {
    "OpenLike", 0, 0, 7,
    {{ESPEC_ARG_SESID, "sesid"}, {ESPEC_ARG_DBID, "dbid"}, {ESPEC_ARG_TABLE_NAME, "szTableName"},
     {ESPEC_ARG_RESERVED_PTR, "pvParameters"}, {ESPEC_ARG_PAGES, "cbParameters"},
     {ESPEC_ARG_GRBIT, "grbit"}, {ESPEC_ARG_OUT_TABLEID, "ptableid"}},
    0, NULL};
static const esc_call create_like = {
    "CreateLike", 0, 0, 5,
    {{ESPEC_ARG_SESID, "sesid"}, {ESPEC_ARG_DB_PATH, "szFilename"},
     {ESPEC_ARG_RESERVED_STR, "szConnect"}, {ESPEC_ARG_OUT_DBID, "pdbid"},
     {ESPEC_ARG_DENSITY, "lDensity"}},
    0, NULL};

/* Returns 1 when args_read accepts text (JSON) for the kind; the message goes to err. */
static int reads(espec_argkind kind, const char *text, esc_value *v, char *err, size_t n)
{
    json_error_t jerr;
    json_t *json = json_loads(text, JSON_DECODE_ANY, &jerr);
    assert_non_null(json);
    esc_index_env env = {0};
    int ok = args_read(kind, json, &env, v, err, n);
    json_decref(json);
    return ok;
}

/* Builds a frame from args (JSON text) with $s, $db and $t bound. Returns frame_build's answer. */
static int build(esc_frame *f, const esc_call *call, const char *args, esc_vars *vars,
                 const char *tmpdir, char *err, size_t n)
{
    json_error_t jerr;
    json_t *json = json_loads(args, 0, &jerr);
    assert_non_null(json);
    esc_index_env env = {0};
    vars_bind(vars, "$s", 0x2222, NULL);
    vars_bind(vars, "$db", 7, NULL);
    vars_bind(vars, "$t", 0x3333, NULL);
    int ok = frame_build(f, call, json, &env, vars, tmpdir, err, n);
    json_decref(json);
    return ok;
}

static void test_args_roles_follow_the_shape(void **state)
{
    (void)state;
    assert_int_equal(args_role(ESPEC_ARG_OUT_DBID), ESC_ROLE_OUT);
    assert_int_equal(args_role(ESPEC_ARG_OUT_TABLEID), ESC_ROLE_OUT);
    assert_int_equal(args_role(ESPEC_ARG_DBID), ESC_ROLE_IN);
    assert_int_equal(args_role(ESPEC_ARG_TABLEID), ESC_ROLE_IN);
    assert_int_equal(args_role(ESPEC_ARG_DB_PATH), ESC_ROLE_IN);
    assert_true(args_is_output(ESPEC_ARG_OUT_DBID));
    assert_false(args_is_output(ESPEC_ARG_TABLE_NAME));
    assert_int_equal(espec_argkind_shape(ESPEC_ARG_DBID), ESPEC_SHAPE_HANDLE32);
    assert_string_equal(espec_argkind_json(ESPEC_ARG_OUT_TABLEID), "out-tableid");
}

static void test_args_dbid_takes_handle_values_of_32_bits(void **state)
{
    (void)state;
    esc_value v;
    char err[256];
    assert_true(reads(ESPEC_ARG_DBID, "\"nil\"", &v, err, sizeof err));
    assert_int_equal(v.type, ESC_VAL_NIL);
    assert_true(reads(ESPEC_ARG_DBID, "\"garbage\"", &v, err, sizeof err));
    assert_int_equal(v.type, ESC_VAL_GARBAGE);
    assert_true(reads(ESPEC_ARG_DBID, "\"$db\"", &v, err, sizeof err));
    assert_int_equal(v.type, ESC_VAL_VAR);
    assert_true(reads(ESPEC_ARG_DBID, "4294967295", &v, err, sizeof err));
    assert_false(reads(ESPEC_ARG_DBID, "4294967296", &v, err, sizeof err));
    assert_non_null(strstr(err, "does not fit a 32-bit handle"));
    assert_false(reads(ESPEC_ARG_DBID, "-1", &v, err, sizeof err));
    assert_false(reads(ESPEC_ARG_DBID, "null", &v, err, sizeof err)); /* by value: no NULL */
    assert_true(reads(ESPEC_ARG_TABLEID, "4294967296", &v, err, sizeof err)); /* 64-bit */
    assert_false(reads(ESPEC_ARG_OUT_DBID, "\"nil\"", &v, err, sizeof err));
    assert_non_null(strstr(err, "out-dbid takes a variable or null"));
    assert_true(reads(ESPEC_ARG_OUT_TABLEID, "null", &v, err, sizeof err));
    assert_int_equal(v.type, ESC_VAL_NULLPTR);
}

static void test_args_strings_and_numbers_of_the_new_kinds(void **state)
{
    (void)state;
    esc_value v;
    char err[256];
    assert_false(reads(ESPEC_ARG_TABLE_NAME, "5", &v, err, sizeof err));
    assert_non_null(strstr(err, "a table-name argument takes a string or null"));
    assert_true(reads(ESPEC_ARG_RESERVED_PTR, "null", &v, err, sizeof err));
    assert_int_equal(v.type, ESC_VAL_NULLPTR);
    assert_true(reads(ESPEC_ARG_DENSITY, "100", &v, err, sizeof err));
    assert_true(reads(ESPEC_ARG_PAGES, "\"0xFFFFFFFF\"", &v, err, sizeof err));
    assert_false(reads(ESPEC_ARG_PAGES, "4294967296", &v, err, sizeof err));
    assert_true(reads(ESPEC_ARG_GRBIT, "\"JET_bitTableDenyRead|JET_bitTablePermitDDL\"", &v, err, sizeof err));
    assert_int_equal(v.number, 0x12);
}

static void test_frame_passes_32_bit_nil_and_garbage_for_a_dbid(void **state)
{
    (void)state;
    esc_frame f;
    esc_vars vars = {0};
    char err[256];
    assert_true(build(&f, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"nil\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      &vars, NULL, err, sizeof err));
    assert_true(f.slots[1] == 0xFFFFFFFFu);
    assert_true(f.slots[0] == 0x2222);
    assert_true(f.slots[3] == 0);             /* the NULL pvParameters */
    assert_string_equal((const char *)(uintptr_t)f.slots[2], "t");
    frame_free(&f);
    assert_true(build(&f, &open_like, "{\"sesid\": \"nil\", \"dbid\": \"garbage\", \"szTableName\": \"t\","
                      " \"pvParameters\": \"x\", \"cbParameters\": 1, \"grbit\": 0, \"ptableid\": null}",
                      &vars, NULL, err, sizeof err));
    assert_true(f.slots[1] == ESC_GARBAGE_HANDLE32);
    assert_true(f.slots[0] == ~(uint64_t)0);
    assert_true(f.slots[6] == 0);             /* a NULL ptableid */
    frame_free(&f);
    assert_true(build(&f, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"$db\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      &vars, NULL, err, sizeof err));
    assert_true(f.slots[1] == 7);
    frame_free(&f);
    vars_free(&vars);
}

/* The out-tableid cell: 64 bits, bound unless 0, nil or untouched; bound on success. */
static void test_frame_checks_and_binds_an_out_tableid(void **state)
{
    (void)state;
    esc_frame f;
    esc_vars vars = {0};
    char err[256], msg[512];
    esc_index_env env = {0};
    json_t *bound = json_loads("{\"bound\": [\"ptableid\"]}", 0, NULL);
    json_t *unchanged = json_loads("{\"unchanged\": [\"ptableid\"]}", 0, NULL);
    assert_true(build(&f, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"$db\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      &vars, NULL, err, sizeof err));
    assert_true(f.cell[6] == ESC_SENTINEL64);
    assert_true(frame_check(&f, unchanged, JET_errInvalidDatabaseId, &env, &vars, msg, sizeof msg));
    assert_false(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    f.cell[6] = 0;
    assert_false(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    f.cell[6] = 0x4444;
    assert_true(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    assert_false(frame_check(&f, unchanged, JET_errInvalidDatabaseId, &env, &vars, msg, sizeof msg));
    frame_bind(&f, &vars);
    assert_true(vars_find(&vars, "$t2")->value == 0x4444);
    frame_free(&f);
    json_decref(bound);
    json_decref(unchanged);
    vars_free(&vars);
}

/* The out-dbid cell: 32 bits, sentinel first; 0 counts as bound, nil does not. */
static void test_frame_checks_and_binds_an_out_dbid(void **state)
{
    (void)state;
    esc_frame f;
    esc_vars vars = {0};
    char err[256], msg[512], dir[] = "/tmp/esecheck-args-XXXXXX";
    esc_index_env env = {0};
    assert_non_null(mkdtemp(dir));
    json_t *bound = json_loads("{\"bound\": [\"pdbid\"]}", 0, NULL);
    json_t *equals = json_loads("{\"equals\": {\"pdbid\": \"$db\"}}", 0, NULL);
    assert_true(build(&f, &create_like, "{\"sesid\": \"$s\", \"szFilename\": \"$TMPDIR/a.edb\","
                      " \"szConnect\": null, \"pdbid\": \"$d2\", \"lDensity\": 80}",
                      &vars, dir, err, sizeof err));
    char want[64];
    snprintf(want, sizeof want, "%s/a.edb", dir);
    assert_string_equal((const char *)(uintptr_t)f.slots[1], want);
    assert_true(f.slots[2] == 0);
    assert_true(f.cell32[3] == ESC_SENTINEL32);
    assert_false(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    f.cell32[3] = 0xFFFFFFFFu;
    assert_false(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    f.cell32[3] = 0;
    assert_true(frame_check(&f, bound, JET_errSuccess, &env, &vars, msg, sizeof msg));
    f.cell32[3] = 7;
    assert_true(frame_check(&f, equals, JET_errSuccess, &env, &vars, msg, sizeof msg));
    frame_bind(&f, &vars);
    assert_true(vars_find(&vars, "$d2")->value == 7);
    char described[512];
    frame_describe(&f, described, sizeof described);
    assert_non_null(strstr(described, "pdbid=&$d2->0x7"));
    frame_free(&f);
    rmdir(dir);
    json_decref(bound);
    json_decref(equals);
    vars_free(&vars);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args_roles_follow_the_shape),
        cmocka_unit_test(test_args_dbid_takes_handle_values_of_32_bits),
        cmocka_unit_test(test_args_strings_and_numbers_of_the_new_kinds),
        cmocka_unit_test(test_frame_passes_32_bit_nil_and_garbage_for_a_dbid),
        cmocka_unit_test(test_frame_checks_and_binds_an_out_tableid),
        cmocka_unit_test(test_frame_checks_and_binds_an_out_dbid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
