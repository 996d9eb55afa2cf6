/* test_ring2_robustness.c - ring 2 under bad conditions no clause names: the A aliases are the
 * same functions; a failed allocation in any ring-2 call returns an error and leaves no block
 * and no handle behind; real database ids that a session has not open are refused by
 * JetCloseDatabase. */
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

/* Fails the 1st, 2nd, ... allocation of `call` until it succeeds: each failure is an error
 * and leaves the block count, the open cursors and databases as they were. */
typedef JET_ERR (*ring2_call)(r2_fixture *f);

static void sweep_allocations(r2_fixture *f, ring2_call call)
{
    for (uint32_t nth = 1; nth < 1000; nth++) {
        uint64_t blocks = live_blocks();
        uint32_t cursors = open_cursors(f->s), databases = open_databases(f->s);
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_ERR err = call(f);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err >= 0)
            return;
        assert_true(err < 0); /* no clause names the code */
        assert_int_equal(live_blocks(), blocks);
        assert_int_equal(open_cursors(f->s), cursors);
        assert_int_equal(open_databases(f->s), databases);
    }
    fail_msg("the call never succeeded");
}

static JET_ERR attach_d(r2_fixture *f)
{
    return JetAttachDatabase(f->s, db_path("d.edb"), 0);
}
static JET_ERR open_a(r2_fixture *f)
{
    JET_DBID dbid;
    return JetOpenDatabase(f->s, db_path("a.edb"), NULL, &dbid, 0);
}
static JET_ERR create_u(r2_fixture *f)
{
    JET_TABLEID t;
    return JetCreateTable(f->s, f->db, "u", 0, 0, &t);
}
static JET_ERR open_t(r2_fixture *f)
{
    JET_TABLEID c;
    return JetOpenTable(f->s, f->db, "t", NULL, 0, 0, &c);
}
static JET_ERR dup_t(r2_fixture *f)
{
    JET_TABLEID d;
    return JetDupCursor(f->s, f->t, &d, 0);
}
static JET_ERR delete_t2(r2_fixture *f)
{
    return JetDeleteTable(f->s, f->db, "t2");
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
    REF_TEST(test_close_database_bad_ids),
};
REF_GROUP_TABLE(ring2_robustness, tests)
