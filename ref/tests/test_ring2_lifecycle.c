/* test_ring2_lifecycle.c - what the first ring's calls do to databases and cursors: a
 * duplicated session starts empty, ending a session or the instance closes what it holds,
 * stopping closes nothing, a commit keeps cursors, a rollback closes its level's cursors. */
#include "ring2.h"
#include "groups.h"

static void test_dup_session_no_databases_of_source(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_SESID copy;
    EXPECT_OK(JetDupSession(f.s, &copy));
    JET_TABLEID t = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetDupSession.NoDatabasesOfSource", JetCreateTable(copy, f.db, "t", 0, 0, &t));
    JET_DBID dbid = db_open(copy, "a.edb", 0);
    EXPECT_OK(JetCreateTable(copy, dbid, "t", 0, 0, &t));
}

static void test_dup_session_no_cursors_of_source(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_SESID copy;
    EXPECT_OK(JetDupSession(f.s, &copy));
    CHECK_CLAUSE("JetDupSession.NoCursorsOfSource", JetCloseTable(copy, f.t));
    JET_TABLEID d = SENTINEL_TABLEID;
    CHECK_CLAUSE("JetDupSession.NoCursorsOfSource", JetDupCursor(copy, f.t, &d, 0));
    assert_int_equal(open_cursors(f.s), 1);
}

static void test_end_session_closes_cursors_and_databases(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetEndSession.ClosesCursorsAndDatabases", JetEndSession(f.s, 0));
    JET_DBID dbid = db_open(f.s2, "a.edb", 0);
    JET_TABLEID c = table_open(f.s2, dbid, "t", JET_bitTableDenyRead);
    EXPECT_OK(JetCloseTable(f.s2, c));
    EXPECT_OK(JetCloseDatabase(f.s2, dbid, 0));
    EXPECT_OK(JetDetachDatabase(f.s2, db_path("a.edb")));
}

static void test_end_session_attachments_stay(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    EXPECT_OK(JetEndSession(f.s, 0));
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetEndSession.AttachmentsStay",
                 JetOpenDatabase(f.s2, db_path("a.edb"), NULL, &dbid, 0));
    assert_int_equal(attached_databases(f.instance), 1);
}

static void test_end_session_rolls_back_ddl(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    table_make_closed(f.s, f.db, "t1");
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID t2;
    EXPECT_OK(JetCreateTable(f.s, f.db, "t2", 0, 0, &t2));
    EXPECT_OK(JetDeleteTable(f.s, f.db, "t1"));
    CHECK_CLAUSE("JetEndSession.RollsBackDDL", JetEndSession(f.s, 0));
    JET_DBID dbid = db_open(f.s2, "a.edb", 0);
    table_open(f.s2, dbid, "t1", 0);
    JET_TABLEID c = SENTINEL_TABLEID;
    EXPECT_CODE(JET_errObjectNotFound, JetOpenTable(f.s2, dbid, "t2", NULL, 0, 0, &c));
}

/* Terminates with JetTerm or JetTerm2(Complete), checking `leaf` of that function. */
static void check_term(int use_term2, JET_INSTANCE instance, const char *leaf)
{
    if (use_term2)
        CHECK_CLAUSE(clause_of("JetTerm2", leaf), JetTerm2(instance, JET_bitTermComplete));
    else
        CHECK_CLAUSE(clause_of("JetTerm", leaf), JetTerm(instance));
}

/* The file stays: a new instance finds it detached and may attach it. */
static void test_term_detaches_databases(void **state)
{
    (void)state;
    for (int use_term2 = 0; use_term2 < 2; use_term2++, reset_library()) {
        r2_fixture f = r2_database();
        check_term(use_term2, f.instance, "DetachesDatabases");
        JET_INSTANCE next = fixture_instance("r2-next", -1);
        JET_SESID s = fixture_session(next);
        JET_DBID dbid = SENTINEL_DBID;
        EXPECT_CODE(JET_errDatabaseNotFound,
                    JetOpenDatabase(s, db_path("a.edb"), NULL, &dbid, 0));
        EXPECT_OK(JetAttachDatabase(s, db_path("a.edb"), 0));
    }
}

static void test_term_with_open_cursors(void **state)
{
    (void)state;
    for (int use_term2 = 0; use_term2 < 2; use_term2++, reset_library()) {
        r2_fixture f = r2_table();
        table_open(f.s, f.db, "t", 0);
        uint64_t before = live_blocks();
        check_term(use_term2, f.instance, "WithOpenCursors");
        assert_true(live_blocks() < before); /* the cursors went with the instance */
    }
}

static void test_stop_service_keeps_databases_and_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetStopServiceInstance.KeepsDatabasesAndCursors",
                 JetStopServiceInstance(f.instance));
    assert_int_equal(open_cursors(f.s), 1);
    assert_int_equal(open_databases(f.s), 1);
    EXPECT_OK(JetCloseTable(f.s, f.t));
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
}

static void test_commit_transaction_keeps_cursors(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID c = table_open(f.s, f.db, "t", 0);
    CHECK_CLAUSE("JetCommitTransaction.KeepsCursors", JetCommitTransaction(f.s, 0));
    JET_TABLEID d;
    EXPECT_OK(JetDupCursor(f.s, c, &d, 0));
    /* c now predates any transaction: a later rollback keeps it */
    EXPECT_OK(JetBeginTransaction(f.s));
    EXPECT_OK(JetRollback(f.s, 0));
    EXPECT_OK(JetCloseTable(f.s, c));
}

/* A nested commit hands its cursors to the outer level: rolling that back closes them. */
static void test_commit_transaction_nested_cursors_follow_outer_level(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    EXPECT_OK(JetBeginTransaction(f.s));
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID c = table_open(f.s, f.db, "t", 0);
    CHECK_CLAUSE("JetCommitTransaction.KeepsCursors", JetCommitTransaction(f.s, 0));
    EXPECT_OK(JetRollback(f.s, 0));
    CHECK_CLAUSE("JetCloseTable.ClosedByRollback", JetCloseTable(f.s, c));
}

/* Cursors opened before the transaction survive its rollback; those opened inside do not. */
static void test_rollback_closes_cursors_of_level(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    JET_TABLEID c = table_open(f.s, f.db, "t", 0);
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID d = table_open(f.s, f.db, "t", 0);
    CHECK_CLAUSE("JetRollback.ClosesCursorsOfLevel", JetRollback(f.s, 0));
    assert_int_equal(open_cursors(f.s), 2);
    EXPECT_OK(JetCloseTable(f.s, c));
    CHECK_CLAUSE("JetCloseTable.ClosedByRollback", JetCloseTable(f.s, d));
}

static void test_rollback_databases_stay_open(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_DBID dbid = db_open(f.s, "a.edb", 0);
    CHECK_CLAUSE("JetRollback.DatabasesStayOpen", JetRollback(f.s, 0));
    assert_int_equal(open_databases(f.s), 1);
    JET_TABLEID t;
    EXPECT_OK(JetCreateTable(f.s, dbid, "t", 0, 0, &t));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_dup_session_no_databases_of_source),
    REF_TEST(test_dup_session_no_cursors_of_source),
    REF_TEST(test_end_session_closes_cursors_and_databases),
    REF_TEST(test_end_session_attachments_stay),
    REF_TEST(test_end_session_rolls_back_ddl),
    REF_TEST(test_term_detaches_databases),
    REF_TEST(test_term_with_open_cursors),
    REF_TEST(test_stop_service_keeps_databases_and_cursors),
    REF_TEST(test_commit_transaction_keeps_cursors),
    REF_TEST(test_commit_transaction_nested_cursors_follow_outer_level),
    REF_TEST(test_rollback_closes_cursors_of_level),
    REF_TEST(test_rollback_databases_stay_open),
};
REF_GROUP_TABLE(ring2_lifecycle, tests)
