/* test_cursor.c - the clauses of JetCloseTable and JetDupCursor beyond the entry checks
 * (test_ring2_entry.c): stale and foreign cursor ids, locks, quotas, transactions. */
#include "ring2.h"
#include "groups.h"

static JET_ERR dup(JET_SESID s, JET_TABLEID source, JET_TABLEID *pdup)
{
    *pdup = SENTINEL_TABLEID;
    return JetDupCursor(s, source, pdup, 0);
}

static void test_close_table_success(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetCloseTable.Success", JetCloseTable(f.s, f.t));
    assert_int_equal(open_cursors(f.s), 0);
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.InvalidTableId", dup(f.s, f.t, &d));
}

static void test_close_table_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetBeginTransaction(f.s));
    CHECK_CLAUSE("JetCloseTable.InsideTransaction", JetCloseTable(f.s, f.t));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_close_table_invalid_table_id(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID bad[N_BAD_TABLEIDS];
    bad_tableids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_TABLEIDS; i++)
        CHECK_CLAUSE("JetCloseTable.InvalidTableId", JetCloseTable(f.s, bad[i]));
    assert_int_equal(open_cursors(f.s), 1);
}

static void test_close_table_sesid_table_id_mismatch(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetCloseTable.SesidTableIdMismatch", JetCloseTable(f.s2, f.t));
    assert_int_equal(open_cursors(f.s), 1);
    EXPECT_OK(JetCloseTable(f.s, f.t));
}

/* A closed id after a new cursor: the engine may alias it to the new cursor. */
static void test_close_table_stale_after_reuse(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetCloseTable(f.s, f.t));
    JET_TABLEID u = table_open(f.s, f.db, "t", 0);
    CHECK_CLAUSE("JetCloseTable.StaleAfterReuse", JetCloseTable(f.s, f.t));
    JET_ERR err = JetCloseTable(f.s, u);
    assert_true(err == JET_errSuccess || err == JET_errInvalidTableId);
}

static void test_close_table_closed_by_rollback(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID c = table_open(f.s, f.db, "t", 0), d, e;
    EXPECT_OK(dup(f.s, c, &d));
    EXPECT_OK(JetCreateTable(f.s, f.db, "t2", 0, 0, &e));
    EXPECT_OK(JetRollback(f.s, 0));
    const JET_TABLEID closed[] = {c, d, e};
    for (size_t i = 0; i < 3; i++)
        CHECK_CLAUSE("JetCloseTable.ClosedByRollback", JetCloseTable(f.s, closed[i]));
}

static void test_close_table_order_sesid_before_tableid(void **state)
{
    (void)state;
    r2_session();
    CHECK_CLAUSE("JetCloseTable.Order.SesidBeforeTableid",
                 JetCloseTable(GARBAGE_HANDLE, JET_tableidNil));
}

static void test_close_table_order_tableid_before_state(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetCloseTable.Order.TableidBeforeState", JetCloseTable(f.s, GARBAGE_TABLEID));
}

static void test_dup_cursor_success(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID d, e;
    CHECK_CLAUSE("JetDupCursor.Success", dup(f.s, f.t, &d));
    assert_true(d != SENTINEL_TABLEID && d != f.t && d != JET_tableidNil && d != 0);
    assert_int_equal(open_cursors(f.s), 2);
    EXPECT_OK(JetCloseTable(f.s, f.t));
    EXPECT_OK(dup(f.s, d, &e));
    EXPECT_OK(JetCloseTable(f.s, d));
}

static void test_dup_cursor_grbit_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID d = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetDupCursor.GrbitIgnored", JetDupCursor(f.s, f.t, &d, 0xFFFFFFFF));
    assert_int_equal(open_cursors(f.s), 2);
}

/* The copy holds no lock: once the deny-read original is closed, others may open. */
static void test_dup_cursor_locks_not_copied(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID c = table_open(f.s, f.db, "t", JET_bitTableDenyRead), d;
    EXPECT_OK(dup(f.s, c, &d));
    EXPECT_OK(JetCloseTable(f.s, c));
    JET_DBID db2 = db_open(f.s2, "a.edb", 0);
    JET_TABLEID other = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetDupCursor.LocksNotCopied", JetOpenTable(f.s2, db2, "t", NULL, 0, 0, &other));
}

static void test_dup_cursor_invalid_table_id(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID bad[N_BAD_TABLEIDS];
    bad_tableids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_TABLEIDS; i++) {
        JET_TABLEID d;
        CHECK_CLAUSE("JetDupCursor.InvalidTableId", dup(f.s, bad[i], &d));
        assert_true(d == SENTINEL_TABLEID);
    }
    assert_int_equal(open_cursors(f.s), 1);
}

static void test_dup_cursor_sesid_table_id_mismatch(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.SesidTableIdMismatch", dup(f.s2, f.t, &d));
    assert_true(d == SENTINEL_TABLEID);
    assert_int_equal(open_cursors(f.s2), 0);
    EXPECT_OK(dup(f.s, f.t, &d));
}

static void test_dup_cursor_stale_after_reuse(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID d, e;
    EXPECT_OK(dup(f.s, f.t, &d));
    EXPECT_OK(JetCloseTable(f.s, d));
    table_open(f.s, f.db, "t", 0);
    CHECK_CLAUSE("JetDupCursor.StaleAfterReuse", dup(f.s, d, &e));
}

static void test_dup_cursor_out_of_cursors(void **state)
{
    (void)state;
    const r2_param two = {JET_paramMaxCursors, 2, NULL};
    r2_fixture f = r2_session_with(&two, 1);
    f.db = db_create(f.s, "a.edb");
    EXPECT_OK(JetCreateTable(f.s, f.db, "t", 0, 0, &f.t));
    JET_TABLEID d, e;
    CHECK_CLAUSE("JetOpenTable.CursorsUpToMax", dup(f.s, f.t, &d));
    JET_ERR err = dup(f.s, f.t, &e);
    CHECK_CLAUSE("JetDupCursor.OutOfCursors", err);
    if (err < 0) {
        assert_true(e == SENTINEL_TABLEID);
        EXPECT_OK(JetCloseTable(f.s, d));
        EXPECT_OK(dup(f.s, f.t, &e));
    }
}

static JET_ERR dup_t(const r2_fixture *f, JET_TABLEID *ptableid)
{
    return JetDupCursor(f->s, f->t, ptableid, 0);
}

/* With create's cursor open, a duplicate must make room for a cursor: that allocation failing
 * is OutOfCursors (databases-source 3.10), writes nothing and leaves no cursor and no block. */
static void test_dup_cursor_out_of_memory(void **state)
{
    (void)state;
    static const JET_ERR codes[] = {JET_errOutOfCursors};
    r2_fixture f = r2_table();
    r2_out_of_memory_sweep(&f, dup_t, "JetDupCursor.OutOfMemory", codes, 1, SENTINEL_TABLEID);
    EXPECT_OK(JetCloseTable(f.s, f.t)); /* the source still works */
}

static void test_dup_cursor_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.InsideTransaction", dup(f.s, f.t, &d));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    EXPECT_OK(JetCloseTable(f.s, d));
}

static void test_dup_cursor_order_tableid_before_stop(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetCloseTable(f.s, f.t));
    EXPECT_OK(JetStopServiceInstance(f.instance));
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.Order.TableidBeforeStop", dup(f.s, f.t, &d));
}

static void test_dup_cursor_order_mismatch_before_stop(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetStopServiceInstance(f.instance));
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.Order.MismatchBeforeStop", dup(f.s2, f.t, &d));
}

static void test_dup_cursor_order_stop_before_unavailable(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    EXPECT_OK(JetStopServiceInstance(f.instance));
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    JET_TABLEID d;
    CHECK_CLAUSE("JetDupCursor.Order.StopBeforeUnavailable", dup(f.s, f.t, &d));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_close_table_success),
    REF_TEST(test_close_table_inside_transaction),
    REF_TEST(test_close_table_invalid_table_id),
    REF_TEST(test_close_table_sesid_table_id_mismatch),
    REF_TEST(test_close_table_stale_after_reuse),
    REF_TEST(test_close_table_closed_by_rollback),
    REF_TEST(test_close_table_order_sesid_before_tableid),
    REF_TEST(test_close_table_order_tableid_before_state),
    REF_TEST(test_dup_cursor_success),
    REF_TEST(test_dup_cursor_grbit_ignored),
    REF_TEST(test_dup_cursor_locks_not_copied),
    REF_TEST(test_dup_cursor_invalid_table_id),
    REF_TEST(test_dup_cursor_sesid_table_id_mismatch),
    REF_TEST(test_dup_cursor_stale_after_reuse),
    REF_TEST(test_dup_cursor_out_of_cursors),
    REF_TEST(test_dup_cursor_out_of_memory),
    REF_TEST(test_dup_cursor_inside_transaction),
    REF_TEST(test_dup_cursor_order_tableid_before_stop),
    REF_TEST(test_dup_cursor_order_mismatch_before_stop),
    REF_TEST(test_dup_cursor_order_stop_before_unavailable),
};
REF_GROUP_TABLE(cursor, tests)
