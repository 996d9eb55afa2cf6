/* test_open_table.c - the clauses of JetOpenTable beyond the entry checks
 * (test_ring2_entry.c): grbits, names, sharing between sessions, quotas. */
#include <string.h>
#include "ring2.h"
#include "groups.h"

/* T closed, and a.edb open in s2 too (db2). */
typedef struct {
    r2_fixture f;
    JET_DBID db2;
} shared_table;

static shared_table shared_table_new(void)
{
    shared_table w;
    w.f = r2_table_closed();
    w.db2 = db_open(w.f.s2, "a.edb", 0);
    return w;
}

static JET_ERR open_t(JET_SESID s, JET_DBID dbid, const char *name, JET_GRBIT grbit,
                      JET_TABLEID *ptableid)
{
    *ptableid = SENTINEL_TABLEID;
    return JetOpenTable(s, dbid, name, NULL, 0, grbit, ptableid);
}

/* Opens t in s with grbit and checks `id`. */
static void open_checked(JET_SESID s, JET_DBID dbid, JET_GRBIT grbit, const char *id)
{
    JET_TABLEID c;
    CHECK_CLAUSE(id, open_t(s, dbid, "t", grbit, &c));
}

static void test_open_table_success(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.Success", open_t(f.s, f.db, "t", 0, &c));
    assert_true(c != SENTINEL_TABLEID && c != JET_tableidNil && c != 0);
    assert_int_equal(open_cursors(f.s), 1);
    EXPECT_OK(JetCloseTable(f.s, c));
}

static void test_open_table_name_ignores_case(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.NameIgnoresCase", open_t(w.f.s, w.f.db, "T", JET_bitTableDenyRead, &c));
    /* the same table: the deny-read cursor on "T" locks "t" */
    EXPECT_CODE(JET_errTableLocked, open_t(w.f.s2, w.db2, "t", 0, &c));
}

static void test_open_table_several_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_DBID db2 = db_open(f.s2, "a.edb", 0);
    JET_TABLEID c1, c2, c3;
    CHECK_CLAUSE("JetOpenTable.SeveralCursors", open_t(f.s, f.db, "t", 0, &c1));
    CHECK_CLAUSE("JetOpenTable.SeveralCursors", open_t(f.s, f.db, "t", 0, &c2));
    EXPECT_OK(JetCloseTable(f.s, f.t)); /* the create's cursor denies read to s2 */
    CHECK_CLAUSE("JetOpenTable.SeveralCursors", open_t(f.s2, db2, "t", 0, &c3));
    assert_true(c1 != c2 && c1 != c3 && c2 != c3 && c1 != f.t && c2 != f.t);
    assert_int_equal(open_cursors(f.s), 2);
    assert_int_equal(open_cursors(f.s2), 1);
}

static void test_open_table_hint_bits(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    open_checked(f.s, f.db, JET_bitTableNoCache | JET_bitTablePreread | JET_bitTableSequential,
                 "JetOpenTable.HintBits");
    open_checked(f.s, f.db, JET_bitTableReadOnly, "JetOpenTable.HintBits");
}

static void test_open_table_parameters_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID c = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetOpenTable.ParametersIgnored",
                 JetOpenTable(f.s, f.db, "t", "x", 1, 0, &c));
}

static void test_open_table_system_table(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.SystemTable",
                 open_t(f.s, f.db, "MSysObjects", JET_bitTableReadOnly, &c));
}

static void test_open_table_invalid_database_id(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_DBID bad[N_BAD_DBIDS];
    bad_dbids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_DBIDS; i++) {
        JET_TABLEID c;
        CHECK_CLAUSE("JetOpenTable.InvalidDatabaseId", open_t(f.s, bad[i], "t", 0, &c));
        assert_true(c == SENTINEL_TABLEID);
    }
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_open_table_permit_ddl_without_deny_read(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    open_checked(f.s, f.db, JET_bitTablePermitDDL, "JetOpenTable.PermitDDLWithoutDenyRead");
    assert_int_equal(open_cursors(f.s), 0);
    JET_TABLEID c;
    EXPECT_OK(open_t(f.s, f.db, "t", JET_bitTablePermitDDL | JET_bitTableDenyRead, &c));
}

static void test_open_table_deny_read_with_read_only(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    open_checked(f.s, f.db, JET_bitTableDenyRead | JET_bitTableReadOnly,
                 "JetOpenTable.DenyReadWithReadOnly");
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_open_table_read_only_with_updatable(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    open_checked(f.s, f.db, JET_bitTableReadOnly | JET_bitTableUpdatable,
                 "JetOpenTable.ReadOnlyWithUpdatable");
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_open_table_internal_bits(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    static const JET_GRBIT internal[] = {0x10000000, 0x20000000, 0x40000000};
    for (size_t i = 0; i < 3; i++)
        open_checked(f.s, f.db, internal[i], "JetOpenTable.InternalBits");
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_open_table_permit_ddl_skips_later_checks(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID c;
    const JET_GRBIT permit = JET_bitTablePermitDDL | JET_bitTableDenyRead;
    CHECK_CLAUSE("JetOpenTable.PermitDDLSkipsLaterChecks",
                 open_t(f.s, f.db, "t", permit | JET_bitTableReadOnly, &c));
    EXPECT_OK(JetCloseTable(f.s, c));
    CHECK_CLAUSE("JetOpenTable.PermitDDLSkipsLaterChecks", open_t(f.s, f.db, "t", permit | 0x40000000u, &c));
    EXPECT_OK(JetCloseTable(f.s, c));
    CHECK_CLAUSE("JetOpenTable.InternalBits", open_t(f.s, f.db, "t", permit | 0x10000000u, &c));
}

static void test_open_table_invalid_name(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    char long_name[66];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    const char *const names[] = {NULL, "", "   ", " a", "a!b", "a[b", "a]b", "a\001b", long_name};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        JET_TABLEID c;
        CHECK_CLAUSE("JetOpenTable.InvalidName", open_t(f.s, f.db, names[i], 0, &c));
    }
}

static void test_open_table_object_not_found(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.ObjectNotFound", open_t(f.s, f.db, "never", 0, &c));
    EXPECT_OK(JetDeleteTable(f.s, f.db, "t"));
    CHECK_CLAUSE("JetOpenTable.ObjectNotFound", open_t(f.s, f.db, "t", 0, &c));
}

static void test_open_table_locked_by_deny_read(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s, w.f.db, "t", JET_bitTableDenyRead);
    open_checked(w.f.s2, w.db2, 0, "JetOpenTable.TableLocked");
    assert_int_equal(open_cursors(w.f.s2), 0);
}

static void test_open_table_updatable_against_deny_write(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s, w.f.db, "t", JET_bitTableDenyWrite);
    open_checked(w.f.s2, w.db2, JET_bitTableUpdatable, "JetOpenTable.UpdatableAgainstDenyWrite");
}

static void test_open_table_delete_pending(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    EXPECT_OK(JetBeginTransaction(w.f.s));
    EXPECT_OK(JetDeleteTable(w.f.s, w.f.db, "t"));
    open_checked(w.f.s2, w.db2, 0, "JetOpenTable.DeletePending");
    EXPECT_OK(JetRollback(w.f.s, 0));
    JET_TABLEID c;
    EXPECT_OK(open_t(w.f.s2, w.db2, "t", 0, &c));
}

static void test_open_table_deny_read_while_open(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s2, w.db2, "t", 0);
    open_checked(w.f.s, w.f.db, JET_bitTableDenyRead, "JetOpenTable.DenyReadWhileOpen");
    assert_int_equal(open_cursors(w.f.s), 0);
}

static void test_open_table_deny_write_while_open(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s2, w.db2, "t", 0);
    open_checked(w.f.s, w.f.db, JET_bitTableDenyWrite, "JetOpenTable.DenyWriteWhileOpen");
}

static void test_open_table_deny_write_twice(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    table_open(f.s, f.db, "t", JET_bitTableDenyWrite);
    open_checked(f.s, f.db, JET_bitTableDenyWrite, "JetOpenTable.DenyWriteTwice");
    assert_int_equal(open_cursors(f.s), 1);
}

static void test_open_table_deny_write_beside_read_only(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s2, w.db2, "t", JET_bitTableReadOnly);
    open_checked(w.f.s, w.f.db, JET_bitTableDenyWrite, "JetOpenTable.DenyWriteBesideReadOnly");
    assert_int_equal(open_cursors(w.f.s), 1);
}

static void test_open_table_own_deny_read_allows_own_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    table_open(f.s, f.db, "t", JET_bitTableDenyRead);
    open_checked(f.s, f.db, 0, "JetOpenTable.OwnDenyReadAllowsOwnCursors");
}

static void test_open_table_in_use_by_system(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(esehook_set_table_state(f.s, f.db, "t", ESEHOOK_TABLE_SYSTEM_CURSOR));
    open_checked(f.s, f.db, JET_bitTableDenyRead, "JetOpenTable.TableInUseBySystem");
    assert_int_equal(open_cursors(f.s), 1); /* a warning: the cursor is open */
}

static void test_open_table_out_of_cursors(void **state)
{
    (void)state;
    const r2_param three = {JET_paramMaxCursors, 3, NULL};
    r2_fixture f = r2_session_with(&three, 1);
    f.db = db_create(f.s, "a.edb");
    EXPECT_OK(JetCreateTable(f.s, f.db, "t", 0, 0, &f.t));
    JET_TABLEID c[2];
    for (int i = 0; i < 2; i++)
        CHECK_CLAUSE("JetOpenTable.CursorsUpToMax", open_t(f.s, f.db, "t", 0, &c[i]));
    JET_TABLEID extra;
    JET_ERR err = open_t(f.s, f.db, "t", 0, &extra);
    CHECK_CLAUSE("JetOpenTable.OutOfCursors", err);
    if (err < 0) {
        assert_int_equal(open_cursors(f.s), 3);
        EXPECT_OK(JetCloseTable(f.s, c[0]));
        EXPECT_OK(open_t(f.s, f.db, "t", 0, &extra));
    }
}

static void test_open_table_too_many_open_tables(void **state)
{
    (void)state;
    const r2_param two = {JET_paramMaxOpenTables, 2, NULL};
    r2_fixture f = r2_session_with(&two, 1);
    f.db = db_create(f.s, "a.edb");
    static const char *const tables[] = {"t1", "t2", "t3"};
    for (size_t i = 0; i < 3; i++)
        table_make_closed(f.s, f.db, tables[i]);
    table_open(f.s, f.db, "t1", 0);
    table_open(f.s, f.db, "t2", 0);
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.TooManyOpenTables", open_t(f.s, f.db, "t3", 0, &c));
    EXPECT_OK(open_t(f.s, f.db, "t1", 0, &c)); /* t1 is open already: no new table */
}

static JET_ERR open_t_of(const r2_fixture *f, JET_TABLEID *ptableid)
{
    return JetOpenTable(f->s, f->db, "t", NULL, 0, 0, ptableid);
}

/* With create's cursor open, the next open must make room for a cursor: that allocation
 * failing is OutOfCursors (databases-source 3.7 step 4e; the table is in memory already) and
 * leaves no cursor and no block. */
static void test_open_table_out_of_memory(void **state)
{
    (void)state;
    static const JET_ERR codes[] = {JET_errOutOfCursors};
    r2_fixture f = r2_table();
    r2_out_of_memory_sweep(&f, open_t_of, "JetOpenTable.OutOfMemory", codes, 1, JET_tableidNil);
}

static void test_open_table_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.InsideTransaction", open_t(f.s, f.db, "t", 0, &c));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    EXPECT_OK(JetCloseTable(f.s, c));
}

static void test_open_table_order_dbid_before_grbit(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    open_checked(f.s, JET_dbidNil, JET_bitTablePermitDDL, "JetOpenTable.Order.DbidBeforeGrbit");
}

static void test_open_table_order_grbit_before_name(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.Order.GrbitBeforeName",
                 open_t(f.s, f.db, "a!", JET_bitTablePermitDDL, &c));
}

static void test_open_table_order_name_before_not_found(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.Order.NameBeforeNotFound", open_t(f.s, f.db, "a!", 0, &c));
}

static void test_open_table_order_not_found_before_read_only_updatable(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID c;
    CHECK_CLAUSE("JetOpenTable.Order.NotFoundBeforeReadOnlyUpdatable",
                 open_t(f.s, f.db, "never", JET_bitTableReadOnly | JET_bitTableUpdatable, &c));
}

static void test_open_table_order_locked_before_in_use(void **state)
{
    (void)state;
    shared_table w = shared_table_new();
    table_open(w.f.s2, w.db2, "t", JET_bitTableDenyRead);
    open_checked(w.f.s, w.f.db, JET_bitTableDenyRead, "JetOpenTable.Order.LockedBeforeInUse");
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_open_table_success),
    REF_TEST(test_open_table_name_ignores_case),
    REF_TEST(test_open_table_several_cursors),
    REF_TEST(test_open_table_hint_bits),
    REF_TEST(test_open_table_parameters_ignored),
    REF_TEST(test_open_table_system_table),
    REF_TEST(test_open_table_invalid_database_id),
    REF_TEST(test_open_table_permit_ddl_without_deny_read),
    REF_TEST(test_open_table_deny_read_with_read_only),
    REF_TEST(test_open_table_read_only_with_updatable),
    REF_TEST(test_open_table_internal_bits),
    REF_TEST(test_open_table_permit_ddl_skips_later_checks),
    REF_TEST(test_open_table_invalid_name),
    REF_TEST(test_open_table_object_not_found),
    REF_TEST(test_open_table_locked_by_deny_read),
    REF_TEST(test_open_table_updatable_against_deny_write),
    REF_TEST(test_open_table_delete_pending),
    REF_TEST(test_open_table_deny_read_while_open),
    REF_TEST(test_open_table_deny_write_while_open),
    REF_TEST(test_open_table_deny_write_twice),
    REF_TEST(test_open_table_deny_write_beside_read_only),
    REF_TEST(test_open_table_own_deny_read_allows_own_cursors),
    REF_TEST(test_open_table_in_use_by_system),
    REF_TEST(test_open_table_out_of_cursors),
    REF_TEST(test_open_table_too_many_open_tables),
    REF_TEST(test_open_table_out_of_memory),
    REF_TEST(test_open_table_inside_transaction),
    REF_TEST(test_open_table_order_dbid_before_grbit),
    REF_TEST(test_open_table_order_grbit_before_name),
    REF_TEST(test_open_table_order_name_before_not_found),
    REF_TEST(test_open_table_order_not_found_before_read_only_updatable),
    REF_TEST(test_open_table_order_locked_before_in_use),
};
REF_GROUP_TABLE(open_table, tests)
