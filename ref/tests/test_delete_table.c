/* test_delete_table.c - the clauses of JetDeleteTable beyond the entry checks
 * (test_ring2_entry.c). Never a NULL name: no clause, the engine may crash. */
#include <string.h>
#include "ring2.h"
#include "groups.h"

static JET_ERR open_status(JET_SESID s, JET_DBID dbid, const char *name)
{
    JET_TABLEID c = SENTINEL_TABLEID;
    return JetOpenTable(s, dbid, name, NULL, 0, 0, &c);
}

/* T closed, a.edb open in s2 too (*db2). */
static r2_fixture shared_table(JET_DBID *db2)
{
    r2_fixture f = r2_table_closed();
    *db2 = db_open(f.s2, "a.edb", 0);
    return f;
}

static void test_delete_table_success(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    CHECK_CLAUSE("JetDeleteTable.Success", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_CODE(JET_errObjectNotFound, open_status(f.s, f.db, "t"));
    table_make_closed(f.s, f.db, "t");
}

static void test_delete_table_in_use(void **state)
{
    (void)state;
    JET_DBID db2;
    r2_fixture f = shared_table(&db2);
    JET_TABLEID c = table_open(f.s2, db2, "t", 0);
    CHECK_CLAUSE("JetDeleteTable.TableInUse", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(JetCloseTable(f.s2, c));
    EXPECT_OK(JetDeleteTable(f.s, f.db, "t"));
}

static void test_delete_table_own_cursor_open(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetDeleteTable.OwnCursorOpen", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(JetCloseTable(f.s, f.t)); /* the cursor survived */
}

static void test_delete_table_locked(void **state)
{
    (void)state;
    JET_DBID db2;
    r2_fixture f = shared_table(&db2);
    table_open(f.s2, db2, "t", JET_bitTableDenyRead);
    CHECK_CLAUSE("JetDeleteTable.TableLocked", JetDeleteTable(f.s, f.db, "t"));
}

static void test_delete_table_delete_pending(void **state)
{
    (void)state;
    JET_DBID db2;
    r2_fixture f = shared_table(&db2);
    EXPECT_OK(JetBeginTransaction(f.s));
    EXPECT_OK(JetDeleteTable(f.s, f.db, "t"));
    CHECK_CLAUSE("JetDeleteTable.DeletePending", JetDeleteTable(f.s2, db2, "t"));
    EXPECT_OK(JetRollback(f.s, 0));
    EXPECT_OK(JetDeleteTable(f.s2, db2, "t"));
}

static void test_delete_table_object_not_found(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    CHECK_CLAUSE("JetDeleteTable.ObjectNotFound", JetDeleteTable(f.s, f.db, "never"));
}

static void test_delete_table_invalid_name(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    char long_name[66];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    const char *const names[] = {"", " a", "a!", long_name};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_CLAUSE("JetDeleteTable.InvalidName", JetDeleteTable(f.s, f.db, names[i]));
}

static void test_delete_table_invalid_database_id(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_DBID bad[N_BAD_DBIDS];
    bad_dbids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_DBIDS; i++)
        CHECK_CLAUSE("JetDeleteTable.InvalidDatabaseId", JetDeleteTable(f.s, bad[i], "t"));
    EXPECT_OK(open_status(f.s, f.db, "t"));
}

static void test_delete_table_cannot_delete_system_table(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    static const char *const system[] = {"MSysObjects", "MSysObjectsShadow", "MSysObjids",
                                         "msysobjids", "MSYSEXTENTPAGECOUNTCACHE"};
    for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
        CHECK_CLAUSE("JetDeleteTable.CannotDeleteSystemTable",
                     JetDeleteTable(f.s, f.db, system[i]));
    EXPECT_OK(open_status(f.s, f.db, "MSysObjects"));
}

static void test_delete_table_trans_read_only(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction2(f.s, JET_bitTransactionReadOnly));
    CHECK_CLAUSE("JetDeleteTable.TransReadOnly", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(JetRollback(f.s, 0));
    EXPECT_OK(open_status(f.s, f.db, "t"));
}

static void test_delete_table_cannot_delete_template(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(esehook_set_table_state(f.s, f.db, "t", ESEHOOK_TABLE_TEMPLATE));
    CHECK_CLAUSE("JetDeleteTable.CannotDeleteTemplateTable", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(open_status(f.s, f.db, "t"));
}

static void test_delete_table_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    CHECK_CLAUSE("JetDeleteTable.InsideTransaction", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    EXPECT_CODE(JET_errObjectNotFound, open_status(f.s, f.db, "t"));
}

static void test_delete_table_undone_by_rollback(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    CHECK_CLAUSE("JetDeleteTable.UndoneByRollback", JetDeleteTable(f.s, f.db, "t"));
    EXPECT_OK(JetRollback(f.s, 0));
    EXPECT_OK(open_status(f.s, f.db, "t"));
}

static void test_delete_table_order_system_name_before_trans_read_only(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetBeginTransaction2(f.s, JET_bitTransactionReadOnly));
    CHECK_CLAUSE("JetDeleteTable.Order.SystemNameBeforeTransReadOnly",
                 JetDeleteTable(f.s, f.db, "MSysObjids"));
}

static void test_delete_table_order_trans_read_only_before_name(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetBeginTransaction2(f.s, JET_bitTransactionReadOnly));
    CHECK_CLAUSE("JetDeleteTable.Order.TransReadOnlyBeforeName", JetDeleteTable(f.s, f.db, "a!"));
}

static void test_delete_table_order_locked_before_in_use(void **state)
{
    (void)state;
    JET_DBID db2;
    r2_fixture f = shared_table(&db2);
    /* s2's cursor both locks the table and has it in use */
    table_open(f.s2, db2, "t", JET_bitTableDenyRead);
    CHECK_CLAUSE("JetDeleteTable.Order.LockedBeforeInUse", JetDeleteTable(f.s, f.db, "t"));
}

static void test_delete_table_order_in_use_before_template(void **state)
{
    (void)state;
    JET_DBID db2;
    r2_fixture f = shared_table(&db2);
    EXPECT_OK(esehook_set_table_state(f.s, f.db, "t", ESEHOOK_TABLE_TEMPLATE));
    table_open(f.s2, db2, "t", 0);
    CHECK_CLAUSE("JetDeleteTable.Order.InUseBeforeTemplate", JetDeleteTable(f.s, f.db, "t"));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_delete_table_success),
    REF_TEST(test_delete_table_in_use),
    REF_TEST(test_delete_table_own_cursor_open),
    REF_TEST(test_delete_table_locked),
    REF_TEST(test_delete_table_delete_pending),
    REF_TEST(test_delete_table_object_not_found),
    REF_TEST(test_delete_table_invalid_name),
    REF_TEST(test_delete_table_invalid_database_id),
    REF_TEST(test_delete_table_cannot_delete_system_table),
    REF_TEST(test_delete_table_trans_read_only),
    REF_TEST(test_delete_table_cannot_delete_template),
    REF_TEST(test_delete_table_inside_transaction),
    REF_TEST(test_delete_table_undone_by_rollback),
    REF_TEST(test_delete_table_order_system_name_before_trans_read_only),
    REF_TEST(test_delete_table_order_trans_read_only_before_name),
    REF_TEST(test_delete_table_order_locked_before_in_use),
    REF_TEST(test_delete_table_order_in_use_before_template),
};
REF_GROUP_TABLE(delete_table, tests)
