/* test_ring2_robustness.c - ring 2 under bad conditions no clause names: the A aliases are the
 * same functions; a failed allocation in any ring-2 call returns an error and leaves no block
 * and no handle behind, and the success that follows is a real one; real database ids that a
 * session has not open are refused by JetCloseDatabase; the ring-2 hooks refuse what
 * <esehook.h> says they refuse. */
#include "ring2.h"
#include "groups.h"

/* Each A name answers as its plain name does, on the same arguments. */
static void test_ring2_a_aliases_are_the_plain_functions(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_DBID dbid = SENTINEL_DBID, dbid2 = SENTINEL_DBID;
    EXPECT_OK(JetCreateDatabaseA(f.s, db_path("a.edb"), NULL, &dbid, 0));
    EXPECT_OK(JetCreateDatabase2A(f.s, db_path("b.edb"), 0, &dbid2, 0));
    EXPECT_CODE(JET_errDatabaseInvalidPath, JetCreateDatabaseA(f.s, NULL, NULL, &dbid, 0));
    EXPECT_OK(JetCloseDatabase(f.s, dbid2, 0));
    EXPECT_OK(JetDetachDatabaseA(f.s, db_path("b.edb")));
    EXPECT_OK(JetAttachDatabaseA(f.s, db_path("b.edb"), 0));
    EXPECT_OK(JetDetachDatabase2A(f.s, db_path("b.edb"), 0));
    EXPECT_OK(JetAttachDatabase2A(f.s, db_path("b.edb"), 0, 0));
    EXPECT_OK(JetOpenDatabaseA(f.s, db_path("b.edb"), NULL, &dbid2, 0));
    JET_TABLEID t, c;
    EXPECT_OK(JetCreateTableA(f.s, dbid, "t", 0, 0, &t));
    EXPECT_OK(JetCloseTable(f.s, t));
    EXPECT_OK(JetOpenTableA(f.s, dbid, "t", NULL, 0, 0, &c));
    EXPECT_CODE(JET_errTableInUse, JetDeleteTableA(f.s, dbid, "t"));
    EXPECT_OK(JetCloseTable(f.s, c));
    EXPECT_OK(JetDeleteTableA(f.s, dbid, "t"));
}

/* One ring-2 call on the fixture; on success it checks that the effect is real. */
typedef JET_ERR (*ring2_call)(r2_fixture *f);

/* Fails the 1st, 2nd, ... allocation of `call` until it succeeds: each failure is an error
 * and leaves the block count, the open cursors and databases as they were. Returns how many
 * allocations failed. */
static int sweep_allocations(r2_fixture *f, ring2_call call)
{
    for (uint32_t nth = 1; nth < 1000; nth++) {
        uint64_t blocks = live_blocks();
        uint32_t cursors = open_cursors(f->s), databases = open_databases(f->s);
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_ERR err = call(f);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err >= 0)
            return (int)nth - 1;
        assert_true(err < 0); /* create, open and dup: their OutOfMemory tests check the code */
        assert_int_equal(live_blocks(), blocks);
        assert_int_equal(open_cursors(f->s), cursors);
        assert_int_equal(open_databases(f->s), databases);
    }
    fail_msg("the call never succeeded");
    return 0;
}

static JET_ERR attach_d(r2_fixture *f)
{
    JET_ERR err = JetAttachDatabase(f->s, db_path("d.edb"), 0);
    if (err >= 0)
        EXPECT_OK(JetCloseDatabase(f->s, db_open(f->s, "d.edb", 0), 0));
    return err;
}
static JET_ERR open_a(r2_fixture *f)
{
    JET_DBID dbid = SENTINEL_DBID;
    JET_ERR err = JetOpenDatabase(f->s, db_path("a.edb"), NULL, &dbid, 0);
    if (err >= 0)
        assert_int_equal(dbid, f->db);
    return err;
}
static JET_ERR create_u(r2_fixture *f)
{
    JET_TABLEID t = SENTINEL_TABLEID;
    JET_ERR err = JetCreateTable(f->s, f->db, "u", 0, 0, &t);
    if (err >= 0) {
        EXPECT_OK(JetCloseTable(f->s, t));
        EXPECT_OK(JetCloseTable(f->s, table_open(f->s, f->db, "u", 0)));
    }
    return err;
}
static JET_ERR open_t(r2_fixture *f)
{
    JET_TABLEID c = SENTINEL_TABLEID;
    JET_ERR err = JetOpenTable(f->s, f->db, "t", NULL, 0, 0, &c);
    if (err >= 0)
        EXPECT_OK(JetCloseTable(f->s, c));
    return err;
}
static JET_ERR dup_t(r2_fixture *f)
{
    JET_TABLEID d = SENTINEL_TABLEID;
    JET_ERR err = JetDupCursor(f->s, f->t, &d, 0);
    if (err >= 0)
        EXPECT_OK(JetCloseTable(f->s, d));
    return err;
}
static JET_ERR delete_t2(r2_fixture *f)
{
    JET_ERR err = JetDeleteTable(f->s, f->db, "t2");
    if (err >= 0)
        EXPECT_CODE(JET_errObjectNotFound, JetOpenTable(f->s, f->db, "t2", NULL, 0, 0,
                                                        &(JET_TABLEID){0}));
    return err;
}

static void test_ring2_allocation_failures_leave_nothing(void **state)
{
    (void)state;
    static const ring2_call calls[] = {attach_d, open_a, create_u, open_t, dup_t, delete_t2};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        r2_fixture f = r2_table();
        table_make_closed(f.s, f.db, "t2");
        db_make_detached(f.s, "d.edb");
        sweep_allocations(&f, calls[i]);
        reset_library();
    }
}

/* Many cursors at once: ref's cursor table must grow, and a failed growth refuses the open
 * and leaves the table of cursors as it was. */
static void test_ring2_allocation_failure_with_many_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    int failures = 0;
    for (int i = 0; i < 40; i++) {
        if (sweep_allocations(&f, open_t) > 0)
            failures++;
        table_open(f.s, f.db, "t", 0);
    }
    assert_true(failures >= 1); /* at least one open had to allocate */
    assert_int_equal(open_cursors(f.s), 41);
}

/* <esehook.h>: a handle that is not live, a NULL out-pointer, a state out of range, a file not
 * in the map (JET_errFileNotFound, contract §4) are refused. */
static void test_ring2_hooks_refuse_bad_arguments(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    uint32_t count;
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_file_state(NULL, ESEHOOK_FILE_NORMAL));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_file_state(db_path("a.edb"), 99));
    EXPECT_CODE(JET_errFileNotFound, esehook_set_file_state(db_path("never.edb"), 0));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_table_state(f.s, f.db, "t", 99));
    EXPECT_CODE(JET_errInvalidSesid, esehook_set_table_state(GARBAGE_HANDLE, f.db, "t", 0));
    assert_true(esehook_set_table_state(f.s, f.db, "never", 0) < 0); /* no table: the code is
                                                                         not documented */
    EXPECT_CODE(JET_errInvalidParameter, esehook_open_databases(f.s, NULL));
    EXPECT_CODE(JET_errInvalidParameter, esehook_open_cursors(f.s, NULL));
    EXPECT_CODE(JET_errInvalidSesid, esehook_open_cursors(GARBAGE_HANDLE, &count));
    EXPECT_CODE(JET_errInvalidSesid, esehook_open_databases(GARBAGE_HANDLE, &count));
    EXPECT_CODE(JET_errInvalidParameter, esehook_attached_databases(f.instance, NULL));
    EXPECT_CODE(JET_errInvalidInstance, esehook_attached_databases(GARBAGE_HANDLE, &count));
}

/* Every real database id s has not open is refused, as a never-issued one is. */
static void test_close_database_bad_ids(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID bad[N_BAD_DBIDS];
    bad_dbids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_DBIDS; i++) {
        const char *id = i < N_NEVER_DBIDS ? "JetCloseDatabase.InvalidDatabaseId"
                                           : "JetCloseDatabase.NotOpenedBySession";
        CHECK_CLAUSE(id, JetCloseDatabase(f.s, bad[i], 0));
    }
    assert_int_equal(open_databases(f.s), 1);
    assert_int_equal(open_databases(f.s2), 1); /* c.edb */
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_ring2_a_aliases_are_the_plain_functions),
    REF_TEST(test_ring2_allocation_failures_leave_nothing),
    REF_TEST(test_ring2_allocation_failure_with_many_cursors),
    REF_TEST(test_ring2_hooks_refuse_bad_arguments),
    REF_TEST(test_close_database_bad_ids),
};
REF_GROUP_TABLE(ring2_robustness, tests)
