/* test_open_database.c - the clauses of JetOpenDatabase and JetCloseDatabase beyond the entry
 * checks (test_ring2_entry.c). */
#include "ring2.h"
#include "groups.h"

static JET_ERR open_a(JET_SESID s, const char *name, JET_GRBIT grbit, JET_DBID *pdbid)
{
    *pdbid = SENTINEL_DBID;
    return JetOpenDatabase(s, name ? db_path(name) : NULL, NULL, pdbid, grbit);
}

/* DB with a.edb closed again: attached, open nowhere. */
static r2_fixture closed_a(void)
{
    r2_fixture f = r2_database();
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    return f;
}

static r2_fixture one_database_per_session(void)
{
    const r2_param one = {JET_paramOneDatabasePerSession, 1, NULL};
    return r2_session_with(&one, 1);
}

static void test_open_database_success(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.Success", open_a(f.s, "a.edb", 0, &dbid));
    assert_true(dbid != SENTINEL_DBID && dbid != JET_dbidNil && dbid != 0);
    assert_int_equal(open_databases(f.s), 1);
    JET_TABLEID t;
    EXPECT_OK(JetCreateTable(f.s, dbid, "t", 0, 0, &t));
}

static void test_open_database_other_session_may_open(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.OtherSessionMayOpen", open_a(f.s2, "a.edb", 0, &dbid));
    assert_int_equal(open_databases(f.s2), 1);
}

static void test_open_database_same_id_every_session(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.SameIdEverySession", open_a(f.s2, "a.edb", 0, &dbid));
    assert_int_equal(dbid, f.db);
}

static void test_open_database_name_ignores_case(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.NameIgnoresCase", open_a(f.s2, "A.EDB", 0, &dbid));
    assert_int_equal(dbid, f.db);
}

static void test_open_database_repeat_open_counted(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.RepeatOpenCounted", open_a(f.s, "a.edb", 0, &dbid));
    assert_int_equal(dbid, f.db);
    assert_int_equal(open_databases(f.s), 2);
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    CHECK_CLAUSE("JetCloseDatabase.NotOpenedBySession", JetCloseDatabase(f.s, f.db, 0));
}

static void test_open_database_connect_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetOpenDatabase.ConnectIgnored",
                 JetOpenDatabase(f.s, db_path("a.edb"), "x", &dbid, 0));
}

static void test_open_database_unknown_bits_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.UnknownBitsIgnored", open_a(f.s, "a.edb", 0x00010000, &dbid));
}

/* A rollback does not close what the transaction opened. */
static void test_open_database_not_transactional(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.NotTransactional", open_a(f.s, "a.edb", 0, &dbid));
    EXPECT_OK(JetRollback(f.s, 0));
    JET_TABLEID t;
    EXPECT_OK(JetCreateTable(f.s, dbid, "t", 0, 0, &t));
}

static void test_open_database_invalid_path(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.DatabaseInvalidPath", open_a(f.s, NULL, 0, &dbid));
    dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetOpenDatabase.DatabaseInvalidPath",
                 JetOpenDatabase(f.s, "", NULL, &dbid, 0));
    assert_int_equal(open_databases(f.s), 1);
}

static void test_open_database_not_found(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.DatabaseNotFound", open_a(f.s, "never.edb", 0, &dbid));
    db_make_detached(f.s, "b.edb");
    CHECK_CLAUSE("JetOpenDatabase.DatabaseNotFound", open_a(f.s, "b.edb", 0, &dbid));
    /* attached in another instance only */
    db_create(f.s, "a.edb");
    JET_INSTANCE other = fixture_instance("r2-other", -1);
    CHECK_CLAUSE("JetOpenDatabase.DatabaseNotFound",
                 open_a(fixture_session(other), "a.edb", 0, &dbid));
}

static void test_open_database_one_database_per_session(void **state)
{
    (void)state;
    r2_fixture f = one_database_per_session();
    db_create(f.s, "a.edb");
    EXPECT_OK(JetCloseDatabase(f.s2, db_create(f.s2, "b.edb"), 0));
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.OneDatabasePerSession", open_a(f.s, "b.edb", 0, &dbid));
    assert_int_equal(open_databases(f.s), 1);
}

static void test_open_database_locked(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    JET_DBID mine = db_open(f.s, "a.edb", JET_bitDbExclusive);
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.DatabaseLocked", open_a(f.s2, "a.edb", 0, &dbid));
    assert_int_equal(open_databases(f.s2), 0);
    EXPECT_OK(JetCloseDatabase(f.s, mine, 0));
    EXPECT_OK(open_a(f.s2, "a.edb", 0, &dbid));
}

/* Exclusive needs the database open nowhere, not even by the caller. */
static void test_open_database_in_use(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.DatabaseInUse", open_a(f.s, "a.edb", JET_bitDbExclusive, &dbid));
    assert_int_equal(open_databases(f.s), 1);
    db_open(f.s2, "a.edb", 0);
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    CHECK_CLAUSE("JetOpenDatabase.DatabaseInUse", open_a(f.s, "a.edb", JET_bitDbExclusive, &dbid));
    assert_int_equal(open_databases(f.s), 0);
}

static void test_open_database_exclusive_released_by_close(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    JET_DBID mine = db_open(f.s, "a.edb", JET_bitDbExclusive);
    JET_DBID dbid;
    EXPECT_CODE(JET_errDatabaseLocked, open_a(f.s2, "a.edb", 0, &dbid));
    EXPECT_OK(JetCloseDatabase(f.s, mine, 0));
    CHECK_CLAUSE("JetOpenDatabase.ExclusiveReleasedByClose", open_a(f.s2, "a.edb", 0, &dbid));
}

static void test_open_database_file_open_read_only(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    db_make_detached(f.s, "a.edb");
    EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_READ_ONLY));
    EXPECT_OK(JetAttachDatabase(f.s, db_path("a.edb"), JET_bitDbReadOnly));
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.FileOpenReadOnly", open_a(f.s, "a.edb", 0, &dbid));
    assert_int_equal(open_databases(f.s), 1);
}

static void test_open_database_invalid_database(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_NOT_DATABASE));
    JET_DBID dbid;
    JET_ERR err = open_a(f.s, "a.edb", 0, &dbid);
    if (CHECK_CLAUSE("JetOpenDatabase.InvalidDatabase", err))
        assert_int_equal(open_databases(f.s), 0);
    else
        assert_int_equal(err, JET_errSuccess); /* the engine never looks */
}

/* The instance's temporary database is attached, yet no session may open it. */
static void test_open_database_temp_database(void **state)
{
    (void)state;
    const r2_param temp = {JET_paramTempPath, 0, db_path("tmp.edb")};
    r2_fixture f = r2_session_with(&temp, 1);
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.TempDatabase", open_a(f.s, "tmp.edb", 0, &dbid));
    assert_int_equal(open_databases(f.s), 0);
}

static void test_open_database_order_stop_before_path(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    EXPECT_OK(JetStopServiceInstance(f.instance));
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.Order.StopBeforePath", open_a(f.s, NULL, 0, &dbid));
    assert_int_equal(dbid, SENTINEL_DBID);
}

static void test_open_database_order_not_found_before_one_per_session(void **state)
{
    (void)state;
    r2_fixture f = one_database_per_session();
    db_create(f.s, "a.edb");
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.Order.NotFoundBeforeOneDatabasePerSession",
                 open_a(f.s, "never.edb", 0, &dbid));
}

/* s2 holds b.edb exclusively. */
static void hold_b_exclusively(const r2_fixture *f)
{
    EXPECT_OK(JetCloseDatabase(f->s2, db_create(f->s2, "b.edb"), 0));
    db_open(f->s2, "b.edb", JET_bitDbExclusive);
}

static void test_open_database_order_one_per_session_before_locked(void **state)
{
    (void)state;
    r2_fixture f = one_database_per_session();
    db_create(f.s, "a.edb");
    hold_b_exclusively(&f);
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.Order.OneDatabasePerSessionBeforeLocked",
                 open_a(f.s, "b.edb", 0, &dbid));
}

static void test_open_database_order_locked_before_in_use(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    hold_b_exclusively(&f);
    JET_DBID dbid;
    CHECK_CLAUSE("JetOpenDatabase.Order.LockedBeforeInUse",
                 open_a(f.s, "b.edb", JET_bitDbExclusive, &dbid));
}

static void test_close_database_success(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    CHECK_CLAUSE("JetCloseDatabase.Success", JetCloseDatabase(f.s, f.db, 0));
    assert_int_equal(open_databases(f.s), 0);
    JET_TABLEID t = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetCreateTable.InvalidDatabaseId", JetCreateTable(f.s, f.db, "t", 0, 0, &t));
}

static void test_close_database_grbit_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    CHECK_CLAUSE("JetCloseDatabase.GrbitIgnored", JetCloseDatabase(f.s, f.db, 0xFFFFFFFF));
    assert_int_equal(open_databases(f.s), 0);
}

static void test_close_database_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetBeginTransaction(f.s));
    CHECK_CLAUSE("JetCloseDatabase.InsideTransaction", JetCloseDatabase(f.s, f.db, 0));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    assert_int_equal(open_databases(f.s), 0);
}

static void test_close_database_invalid_database_id(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    const JET_DBID bad[] = {0, JET_dbidNil, GARBAGE_DBID, 12345};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_CLAUSE("JetCloseDatabase.InvalidDatabaseId", JetCloseDatabase(f.s, bad[i], 0));
    assert_int_equal(open_databases(f.s), 1);
}

static void test_close_database_not_opened_by_session(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    CHECK_CLAUSE("JetCloseDatabase.NotOpenedBySession", JetCloseDatabase(f.s2, f.db, 0));
    assert_int_equal(open_databases(f.s), 1);
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    CHECK_CLAUSE("JetCloseDatabase.NotOpenedBySession", JetCloseDatabase(f.s, f.db, 0));
}

/* Only the session's last close of a database closes its cursors there. */
static void test_close_database_last_close_closes_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    db_open(f.s, "a.edb", 0);
    CHECK_CLAUSE("JetCloseDatabase.LastCloseClosesCursors", JetCloseDatabase(f.s, f.db, 0));
    JET_TABLEID dup;
    EXPECT_OK(JetDupCursor(f.s, f.t, &dup, 0));
    CHECK_CLAUSE("JetCloseDatabase.LastCloseClosesCursors", JetCloseDatabase(f.s, f.db, 0));
    assert_int_equal(open_cursors(f.s), 0);
    CHECK_CLAUSE("JetCloseTable.InvalidTableId", JetCloseTable(f.s, f.t));
}

static void test_close_database_order_sesid_before_dbid(void **state)
{
    (void)state;
    r2_session();
    CHECK_CLAUSE("JetCloseDatabase.Order.SesidBeforeDbid",
                 JetCloseDatabase(GARBAGE_HANDLE, JET_dbidNil, 0));
}

static void test_close_database_order_state_before_dbid(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetCloseDatabase.Order.StateBeforeDbid", JetCloseDatabase(f.s, JET_dbidNil, 0));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_open_database_success),
    REF_TEST(test_open_database_other_session_may_open),
    REF_TEST(test_open_database_same_id_every_session),
    REF_TEST(test_open_database_name_ignores_case),
    REF_TEST(test_open_database_repeat_open_counted),
    REF_TEST(test_open_database_connect_ignored),
    REF_TEST(test_open_database_unknown_bits_ignored),
    REF_TEST(test_open_database_not_transactional),
    REF_TEST(test_open_database_invalid_path),
    REF_TEST(test_open_database_not_found),
    REF_TEST(test_open_database_one_database_per_session),
    REF_TEST(test_open_database_locked),
    REF_TEST(test_open_database_in_use),
    REF_TEST(test_open_database_exclusive_released_by_close),
    REF_TEST(test_open_database_file_open_read_only),
    REF_TEST(test_open_database_invalid_database),
    REF_TEST(test_open_database_temp_database),
    REF_TEST(test_open_database_order_stop_before_path),
    REF_TEST(test_open_database_order_not_found_before_one_per_session),
    REF_TEST(test_open_database_order_one_per_session_before_locked),
    REF_TEST(test_open_database_order_locked_before_in_use),
    REF_TEST(test_close_database_success),
    REF_TEST(test_close_database_grbit_ignored),
    REF_TEST(test_close_database_inside_transaction),
    REF_TEST(test_close_database_invalid_database_id),
    REF_TEST(test_close_database_not_opened_by_session),
    REF_TEST(test_close_database_last_close_closes_cursors),
    REF_TEST(test_close_database_order_sesid_before_dbid),
    REF_TEST(test_close_database_order_state_before_dbid),
};
REF_GROUP_TABLE(open_database, tests)
