/* test_args.c - argument kinds: reading values (args.c) and building, checking and binding a
 * call's storage (plan.c, xframe.c, exec_check.c), on descriptors of the database and cursor
 * kinds. */
#include <jansson.h>
#include "test_support.h"
#include "args.h"
#include "exec_internal.h"
#include "plan.h"

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

/* One call of a descriptor compiled into a plan and its frame built in an executor session,
 * with $s, $db and $t bound (to 0x2222, 7 and 0x3333). */
typedef struct {
    esc_plan plan;
    esc_target target;           /* no library: nothing is called */
    esc_exec x;
    exec_session *s;
    xframe f;
    json_t *args, *check;        /* the plan borrows their strings */
} rig;

/* Returns xframe_build's answer for args and check (JSON text; check may be NULL). */
static int build(rig *r, const esc_call *call, const char *args, const char *check, const char *tmpdir)
{
    char err[256], msg[256];
    esc_step step = {.pointer = "/steps/0", .call_name = call->name, .call = call};
    memset(r, 0, sizeof *r);
    step.args = r->args = json_loads(args, 0, NULL);
    step.check = r->check = check ? json_loads(check, 0, NULL) : NULL;
    assert_non_null(step.args);
    assert_true(plan_compile(&r->plan, &step, 1, ESPEC_PROFILE_DOCUMENTED, err, sizeof err));
    r->x = (esc_exec){.target = &r->target, .tmpdir = tmpdir};
    r->s = exec_begin(&r->x, msg, sizeof msg);
    assert_non_null(r->s);
    r->s->plan = &r->plan;
    r->s->msg = msg;
    r->s->msize = sizeof msg;
    static const struct { const char *name; uint64_t value; } bound[] = {{"s", 0x2222}, {"db", 7}, {"t", 0x3333}};
    for (size_t k = 0; k < 3; k++) {
        pvar_key key = {.family = plan_family(&r->plan, bound[k].name)};
        pvars_bind(r->s->vars, &key, bound[k].value, NULL);
    }
    return xframe_build(r->s, &r->f, &r->plan.steps[0]);
}

/* Returns 1 when the compiled check holds for a call that returned rc. */
static int check(rig *r, JET_ERR rc)
{
    char msg[512];
    return exec_check(r->s, &r->f, rc, msg, sizeof msg);
}

/* Returns the value of variable name, bound or not (0). */
static uint64_t value_of(rig *r, const char *name)
{
    pvar_key key = {.family = plan_family(&r->plan, name)};
    const pvar *v = pvars_get(r->s->vars, &key);
    return v ? v->value : 0;
}

/* Returns nothing; frees what build made. */
static void unbuild(rig *r)
{
    xframe_free(&r->f);
    exec_end(r->s);
    plan_free(&r->plan);
    json_decref(r->args);
    json_decref(r->check);
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
    rig r;
    assert_true(build(&r, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"nil\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      NULL, NULL));
    assert_true(r.f.slots[1] == 0xFFFFFFFFu);
    assert_true(r.f.slots[0] == 0x2222);
    assert_true(r.f.slots[3] == 0);             /* the NULL pvParameters */
    assert_string_equal((const char *)(uintptr_t)r.f.slots[2], "t");
    unbuild(&r);
    assert_true(build(&r, &open_like, "{\"sesid\": \"nil\", \"dbid\": \"garbage\", \"szTableName\": \"t\","
                      " \"pvParameters\": \"x\", \"cbParameters\": 1, \"grbit\": 0, \"ptableid\": null}",
                      NULL, NULL));
    assert_true(r.f.slots[1] == ESC_GARBAGE_HANDLE32);
    assert_true(r.f.slots[0] == ~(uint64_t)0);
    assert_true(r.f.slots[6] == 0);             /* a NULL ptableid */
    unbuild(&r);
    assert_true(build(&r, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"$db\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      NULL, NULL));
    assert_true(r.f.slots[1] == 7);
    unbuild(&r);
}

/* The out-tableid cell: 64 bits, bound unless 0, nil or untouched; bound on success. */
static void test_frame_checks_and_binds_an_out_tableid(void **state)
{
    (void)state;
    rig r;
    assert_true(build(&r, &open_like, "{\"sesid\": \"$s\", \"dbid\": \"$db\", \"szTableName\": \"t\","
                      " \"pvParameters\": null, \"cbParameters\": 0, \"grbit\": 0, \"ptableid\": \"$t2\"}",
                      "{\"bound\": [\"ptableid\"], \"unchanged\": [\"ptableid\"]}", NULL));
    assert_true(r.f.cell[6] == ESC_SENTINEL64);
    assert_true(check(&r, JET_errInvalidDatabaseId));  /* unchanged, on failure */
    assert_false(check(&r, JET_errSuccess));           /* bound, on success */
    r.f.cell[6] = 0;
    assert_false(check(&r, JET_errSuccess));
    r.f.cell[6] = 0x4444;
    assert_true(check(&r, JET_errSuccess));
    assert_false(check(&r, JET_errInvalidDatabaseId));
    exec_bind_outputs(r.s, &r.f);
    assert_true(value_of(&r, "t2") == 0x4444);
    unbuild(&r);
}

/* The out-dbid cell: 32 bits, sentinel first; 0 counts as bound, nil does not. */
static void test_frame_checks_and_binds_an_out_dbid(void **state)
{
    (void)state;
    rig r;
    char dir[] = "/tmp/esecheck-args-XXXXXX";
    const char *args = "{\"sesid\": \"$s\", \"szFilename\": \"$TMPDIR/a.edb\","
                       " \"szConnect\": null, \"pdbid\": \"$d2\", \"lDensity\": 80}";
    assert_non_null(mkdtemp(dir));
    assert_true(build(&r, &create_like, args, "{\"bound\": [\"pdbid\"]}", dir));
    char want[64];
    snprintf(want, sizeof want, "%s/a.edb", dir);
    assert_string_equal((const char *)(uintptr_t)r.f.slots[1], want);
    assert_true(r.f.slots[2] == 0);
    assert_true(r.f.cell32[3] == ESC_SENTINEL32);
    assert_false(check(&r, JET_errSuccess));
    r.f.cell32[3] = 0xFFFFFFFFu;
    assert_false(check(&r, JET_errSuccess));
    r.f.cell32[3] = 0;
    assert_true(check(&r, JET_errSuccess));
    unbuild(&r);
    assert_true(build(&r, &create_like, args, "{\"equals\": {\"pdbid\": \"$db\"}}", dir));
    r.f.cell32[3] = 7;
    assert_true(check(&r, JET_errSuccess));
    exec_bind_outputs(r.s, &r.f);
    assert_true(value_of(&r, "d2") == 7);
    char described[512];
    exec_describe(r.s, &r.f, described, sizeof described);
    assert_non_null(strstr(described, "pdbid=&$d2->0x7"));
    unbuild(&r);
    rmdir(dir);
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
