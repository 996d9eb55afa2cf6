/* test_create_database.c - the clauses of JetCreateDatabase and JetCreateDatabase2 (the same
 * clauses under both names, so each test runs both), and the allocation failures of both. */
#include "ring2.h"
#include "groups.h"

typedef struct {
    const char *function;
    JET_ERR (*create)(JET_SESID s, const char *path, JET_DBID *pdbid, JET_GRBIT grbit);
} creator;

static JET_ERR create1(JET_SESID s, const char *path, JET_DBID *pdbid, JET_GRBIT grbit)
{
    return JetCreateDatabase(s, path, NULL, pdbid, grbit);
}

static JET_ERR create2(JET_SESID s, const char *path, JET_DBID *pdbid, JET_GRBIT grbit)
{
    return JetCreateDatabase2(s, path, 0, pdbid, grbit);
}

static const creator creators[] = {
    {"JetCreateDatabase", create1},
    {"JetCreateDatabase2", create2},
};
#define FOR_EACH_CREATOR(c) \
    for (const creator *c = creators; c < creators + 2; c++, reset_library())

/* Creates `name` with c and checks `leaf`; returns the dbid (sentinel on failure). */
static JET_DBID create_checked(const creator *c, JET_SESID s, const char *name, JET_GRBIT grbit,
                               const char *leaf)
{
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE(clause_of(c->function, leaf), c->create(s, db_path(name), &dbid, grbit));
    return dbid;
}

/* Nothing of a refused create is left: no file, no attachment, no open. */
static void assert_not_created(const r2_fixture *f, const char *name)
{
    EXPECT_CODE(JET_errFileNotFound, JetAttachDatabase(f->s, db_path(name), 0));
}

static void test_create_database_success(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbid = create_checked(c, f.s, "a.edb", 0, "Success");
        assert_true(dbid != SENTINEL_DBID && dbid != JET_dbidNil && dbid != 0);
        assert_int_equal(open_databases(f.s), 1);
        assert_int_equal(attached_databases(f.instance), 1);
        JET_TABLEID t;
        EXPECT_OK(JetCreateTable(f.s, dbid, "t", 0, 0, &t));
        EXPECT_OK(JetCloseDatabase(f.s, dbid, 0));
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
    }
}

static void test_create_database_documented_bits(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        create_checked(c, f.s, "a.edb", JET_bitDbRecoveryOff, "DocumentedBits");
        create_checked(c, f.s, "b.edb", JET_bitDbShadowingOff, "DocumentedBits");
        create_checked(c, f.s, "c.edb", JET_bitDbRecoveryOff | JET_bitDbShadowingOff,
                       "DocumentedBits");
        assert_int_equal(attached_databases(f.instance), 3);
    }
}

static void test_create_database_unknown_bits_ignored(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbid = create_checked(c, f.s, "a.edb", 0x00010000, "UnknownBitsIgnored");
        JET_TABLEID t;
        EXPECT_OK(JetCreateTable(f.s, dbid, "t", 0, 0, &t));
    }
}

static void test_create_database_connect_ignored(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetCreateDatabase.ConnectIgnored",
                 JetCreateDatabase(f.s, db_path("a.edb"), "x", &dbid, 0));
    assert_true(dbid != SENTINEL_DBID);
}

static void test_create_database_in_transaction(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        JET_DBID dbid = create_checked(c, f.s, "a.edb", 0, "InTransaction");
        assert_int_equal(dbid, SENTINEL_DBID);
        EXPECT_OK(JetRollback(f.s, 0));
        assert_not_created(&f, "a.edb");
    }
}

static void test_create_database_cannot_disable_versioning(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        assert_int_equal(create_checked(c, f.s, "a.edb", 0x40, "CannotDisableVersioning"),
                         SENTINEL_DBID);
        assert_not_created(&f, "a.edb");
        JET_DBID dbid;
        EXPECT_OK(c->create(f.s, db_path("b.edb"), &dbid, 0x40 | JET_bitDbRecoveryOff));
    }
}

static void test_create_database_invalid_path(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        const char *const paths[] = {NULL, ""};
        for (size_t i = 0; i < 2; i++) {
            JET_DBID dbid = SENTINEL_DBID;
            CHECK_CLAUSE(clause_of(c->function, "DatabaseInvalidPath"),
                         c->create(f.s, paths[i], &dbid, 0));
            assert_int_equal(dbid, SENTINEL_DBID);
        }
        assert_int_equal(attached_databases(f.instance), 0);
    }
}

static void test_create_database_missing_directory(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        assert_int_equal(create_checked(c, f.s, "no/such/dir/a.edb", 0, "MissingDirectory"),
                         SENTINEL_DBID);
        assert_not_created(&f, "no/such/dir/a.edb");
    }
}

static void test_create_database_duplicate_file(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        db_make_detached(f.s, "a.edb");
        create_checked(c, f.s, "a.edb", 0, "DatabaseDuplicate");
        JET_DBID dbid = SENTINEL_DBID;
        EXPECT_CODE(JET_errDatabaseNotFound,
                    JetOpenDatabase(f.s, db_path("a.edb"), NULL, &dbid, 0));
    }
}

/* a.edb made by s with a table t, then closed and detached (a file to overwrite); returns the
 * blocks live once t was made. */
static uint64_t detached_with_table(JET_SESID s)
{
    JET_DBID dbid = db_create(s, "a.edb");
    table_make_closed(s, dbid, "t");
    uint64_t blocks = live_blocks();
    EXPECT_OK(JetCloseDatabase(s, dbid, 0));
    EXPECT_OK(JetDetachDatabase(s, db_path("a.edb")));
    return blocks;
}

static void test_create_database_overwrite_existing(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        detached_with_table(f.s);
        create_checked(c, f.s, "a.edb", JET_bitDbOverwriteExisting, "OverwriteExisting");
    }
}

/* The old database is gone, not hidden: its table is not found, the name is free, and once
 * that table is made again ref holds as many blocks as before the overwrite. */
static void test_create_database_overwrite_starts_empty(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        uint64_t blocks = detached_with_table(f.s);
        JET_DBID dbid = create_checked(c, f.s, "a.edb", JET_bitDbOverwriteExisting,
                                       "OverwriteExisting");
        JET_TABLEID t = SENTINEL_TABLEID;
        CHECK_CLAUSE(clause_of(c->function, "OverwriteStartsEmpty"),
                     JetOpenTable(f.s, dbid, "t", NULL, 0, 0, &t));
        table_make_closed(f.s, dbid, "t");
        assert_int_equal(live_blocks(), blocks);
    }
}

static void test_create_database_attached_by_same_session(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_database();
        create_checked(c, f.s, "a.edb", 0, "AttachedBySameSession");
        assert_int_equal(open_databases(f.s), 1);
        assert_int_equal(attached_databases(f.instance), 1);
    }
}

static void test_create_database_attached_by_other_session(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_database();
        assert_int_equal(create_checked(c, f.s2, "a.edb", 0, "AttachedByOtherSession"),
                         SENTINEL_DBID);
        assert_int_equal(open_databases(f.s2), 0);
    }
}

static void test_create_database_attached_by_other_instance(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_database();
        JET_INSTANCE other = fixture_instance("r2-other", -1);
        JET_SESID s = fixture_session(other);
        create_checked(c, s, "a.edb", 0, "AttachedByOtherInstance");
        assert_int_equal(attached_databases(other), 0);
    }
}

static void test_create_database_open_exclusively_by_other(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_database();
        EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
        db_open(f.s, "a.edb", JET_bitDbExclusive);
        create_checked(c, f.s2, "a.edb", 0, "OpenExclusivelyByOther");
        assert_int_equal(open_databases(f.s2), 0);
    }
}

static const char *const six[] = {"a1.edb", "a2.edb", "a3.edb", "a4.edb", "a5.edb", "a6.edb"};

static void test_create_database_six_databases(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        for (size_t i = 0; i < 6; i++)
            create_checked(c, f.s, six[i], 0, "SixDatabases");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

/* Creates a1..a6 by f's s; dbids[i] is a(i+1)'s (open once). */
static void create_six(const r2_fixture *f, JET_DBID dbids[6])
{
    for (size_t i = 0; i < 6; i++)
        dbids[i] = db_create(f->s, six[i]);
}

static void test_create_database_seventh_database(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbids[6];
        create_six(&f, dbids);
        create_checked(c, f.s, "a7.edb", 0, "SeventhDatabase");
    }
}

static void test_create_database_too_many_attached(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbids[6];
        create_six(&f, dbids);
        JET_DBID seventh = create_checked(c, f.s, "a7.edb", 0, "SeventhDatabase");
        assert_int_equal(create_checked(c, f.s, "a8.edb", 0, "TooManyAttachedDatabases"),
                         SENTINEL_DBID);
        EXPECT_OK(JetCloseDatabase(f.s, dbids[0], 0));
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a1.edb")));
        if (seventh != SENTINEL_DBID) { /* the docs allow a seventh: free one more slot */
            EXPECT_OK(JetCloseDatabase(f.s, seventh, 0));
            EXPECT_OK(JetDetachDatabase(f.s, db_path("a7.edb")));
        }
        JET_DBID dbid;
        EXPECT_OK(c->create(f.s, db_path("a8.edb"), &dbid, 0));
    }
}

static void test_create_database_one_database_per_session(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        const r2_param one = {JET_paramOneDatabasePerSession, 1, NULL};
        r2_fixture f = r2_session_with(&one, 1);
        create_checked(c, f.s, "a.edb", 0, "Success");
        JET_DBID dbid = create_checked(c, f.s, "b.edb", 0, "OneDatabasePerSession");
        if (dbid == SENTINEL_DBID)
            assert_not_created(&f, "b.edb");
    }
}

/* Fail the 1st, 2nd, ... allocation of a create until one succeeds: each failure is the
 * clause's, leaves no block, no file, no attachment and no open behind. */
static void test_create_database_out_of_memory(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        int failures = 0;
        for (uint32_t nth = 1;; nth++) {
            uint64_t before = live_blocks();
            EXPECT_OK(esehook_fail_allocation(nth));
            JET_DBID dbid = SENTINEL_DBID;
            JET_ERR err = c->create(f.s, db_path("a.edb"), &dbid, 0);
            EXPECT_OK(esehook_fail_allocation(0));
            if (err == JET_errSuccess)
                break;
            failures++;
            CHECK_CLAUSE(clause_of(c->function, "OutOfMemory"), err);
            assert_int_equal(dbid, SENTINEL_DBID);
            assert_int_equal(live_blocks(), before);
            assert_int_equal(attached_databases(f.instance), 0);
            assert_int_equal(open_databases(f.s), 0);
            assert_not_created(&f, "a.edb");
        }
        assert_true(failures >= 1);
    }
}

static void test_create_database_order_stop_before_in_transaction(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        EXPECT_OK(JetStopServiceInstance(f.instance));
        create_checked(c, f.s, "a.edb", 0, "Order.StopBeforeInTransaction");
    }
}

static void test_create_database_order_in_transaction_before_path(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        JET_DBID dbid = SENTINEL_DBID;
        CHECK_CLAUSE(clause_of(c->function, "Order.InTransactionBeforePath"),
                     c->create(f.s, NULL, &dbid, 0));
    }
}

static void test_create_database_order_versioning_before_path(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbid = SENTINEL_DBID;
        CHECK_CLAUSE(clause_of(c->function, "Order.VersioningBeforePath"),
                     c->create(f.s, NULL, &dbid, 0x40));
    }
}

static void test_create_database_order_attached_before_limit(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbids[6];
        create_six(&f, dbids);
        create_checked(c, f.s, "a1.edb", 0, "Order.AttachedBeforeLimit");
    }
}

static void test_create_database_order_in_transaction_before_versioning(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        create_checked(c, f.s, "a.edb", 0x40, "Order.InTransactionBeforeVersioning");
    }
}

static void test_create_database_order_other_instance_before_limit(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        JET_DBID dbids[6];
        create_six(&f, dbids);
        JET_INSTANCE other = fixture_instance("r2-other", -1);
        db_create(fixture_session(other), "b.edb");
        create_checked(c, f.s, "b.edb", 0, "Order.OtherInstanceBeforeLimit");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

static void test_create_database_order_limit_before_existing_file(void **state)
{
    (void)state;
    FOR_EACH_CREATOR(c) {
        r2_fixture f = r2_session();
        db_make_detached(f.s, "b.edb");
        JET_DBID dbids[6];
        create_six(&f, dbids);
        create_checked(c, f.s, "b.edb", 0, "Order.LimitBeforeExistingFile");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

static void test_create_database2_invalid_pages(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetCreateDatabase2.DatabaseInvalidPages",
                 JetCreateDatabase2(f.s, db_path("a.edb"), 0x7FFFFFFF, &dbid, 0));
    EXPECT_OK(JetCreateDatabase2(f.s, db_path("b.edb"), 0x7FFFFFFE, &dbid, 0));
}

static void test_create_database2_size_limit(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetCreateDatabase2.SizeLimit",
                 JetCreateDatabase2(f.s, db_path("a.edb"), 0, &dbid, 0));
    CHECK_CLAUSE("JetCreateDatabase2.SizeLimit",
                 JetCreateDatabase2(f.s, db_path("b.edb"), 1000, &dbid, 0));
}

static void test_create_database2_order_pages_before_in_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_DBID dbid = SENTINEL_DBID;
    CHECK_CLAUSE("JetCreateDatabase2.Order.PagesBeforeInTransaction",
                 JetCreateDatabase2(f.s, db_path("a.edb"), 0x7FFFFFFF, &dbid, 0));
    assert_int_equal(dbid, SENTINEL_DBID);
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_create_database_success),
    REF_TEST(test_create_database_documented_bits),
    REF_TEST(test_create_database_unknown_bits_ignored),
    REF_TEST(test_create_database_connect_ignored),
    REF_TEST(test_create_database_in_transaction),
    REF_TEST(test_create_database_cannot_disable_versioning),
    REF_TEST(test_create_database_invalid_path),
    REF_TEST(test_create_database_missing_directory),
    REF_TEST(test_create_database_duplicate_file),
    REF_TEST(test_create_database_overwrite_existing),
    REF_TEST(test_create_database_overwrite_starts_empty),
    REF_TEST(test_create_database_attached_by_same_session),
    REF_TEST(test_create_database_attached_by_other_session),
    REF_TEST(test_create_database_attached_by_other_instance),
    REF_TEST(test_create_database_open_exclusively_by_other),
    REF_TEST(test_create_database_six_databases),
    REF_TEST(test_create_database_seventh_database),
    REF_TEST(test_create_database_too_many_attached),
    REF_TEST(test_create_database_one_database_per_session),
    REF_TEST(test_create_database_out_of_memory),
    REF_TEST(test_create_database_order_stop_before_in_transaction),
    REF_TEST(test_create_database_order_in_transaction_before_path),
    REF_TEST(test_create_database_order_versioning_before_path),
    REF_TEST(test_create_database_order_attached_before_limit),
    REF_TEST(test_create_database_order_in_transaction_before_versioning),
    REF_TEST(test_create_database_order_other_instance_before_limit),
    REF_TEST(test_create_database_order_limit_before_existing_file),
    REF_TEST(test_create_database2_invalid_pages),
    REF_TEST(test_create_database2_size_limit),
    REF_TEST(test_create_database2_order_pages_before_in_transaction),
};
REF_GROUP_TABLE(create_database, tests)
