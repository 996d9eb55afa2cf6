/* test_detach.c - the clauses of JetDetachDatabase and JetDetachDatabase2 (the shared clauses
 * run under both names), beyond the entry checks (test_ring2_entry.c). */
#include "ring2.h"
#include "groups.h"

typedef struct {
    const char *function;
    JET_ERR (*detach)(JET_SESID s, const char *path);
} detacher;

static JET_ERR detach1(JET_SESID s, const char *path)
{
    return JetDetachDatabase(s, path);
}

static JET_ERR detach2(JET_SESID s, const char *path)
{
    return JetDetachDatabase2(s, path, 0);
}

static const detacher detachers[] = {
    {"JetDetachDatabase", detach1},
    {"JetDetachDatabase2", detach2},
};
#define FOR_EACH_DETACHER(d) \
    for (const detacher *d = detachers; d < detachers + 2; d++, reset_library())

static void detach_checked(const detacher *d, JET_SESID s, const char *name, const char *leaf)
{
    CHECK_CLAUSE(clause_of(d->function, leaf), d->detach(s, name ? db_path(name) : NULL));
}

static JET_ERR open_status(JET_SESID s, const char *name)
{
    JET_DBID dbid = SENTINEL_DBID;
    return JetOpenDatabase(s, db_path(name), NULL, &dbid, 0);
}

/* DB with a.edb closed: attached by s, open nowhere. */
static r2_fixture closed_a(void)
{
    r2_fixture f = r2_database();
    EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
    return f;
}

static void test_detach_database_success(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = closed_a();
        detach_checked(d, f.s, "a.edb", "Success");
        assert_int_equal(attached_databases(f.instance), 0);
        EXPECT_CODE(JET_errDatabaseNotFound, open_status(f.s, "a.edb"));
        EXPECT_OK(JetAttachDatabase(f.s, db_path("a.edb"), 0));
    }
}

static void test_detach_database_detach_all(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = closed_a();
        EXPECT_OK(JetCloseDatabase(f.s, db_create(f.s, "b.edb"), 0));
        detach_checked(d, f.s, NULL, "DetachAll");
        EXPECT_CODE(JET_errDatabaseNotFound, open_status(f.s, "a.edb"));
        EXPECT_CODE(JET_errDatabaseNotFound, open_status(f.s, "b.edb"));
        CHECK_CLAUSE(clause_of(d->function, "DetachAll"), d->detach(f.s, ""));
        assert_int_equal(attached_databases(f.instance), 0);
    }
}

/* Documented: detach-all takes the caller's attachments only; the engine: the instance's. */
static void test_detach_database_detach_all_instance_wide(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetCloseDatabase(f.s2, db_create(f.s2, "b.edb"), 0));
        EXPECT_OK(d->detach(f.s, NULL));
        CHECK_CLAUSE(clause_of(d->function, "DetachAllInstanceWide"), open_status(f.s, "b.edb"));
    }
}

static void test_detach_database_detach_all_stops_at_in_use(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_database();
        EXPECT_OK(JetCloseDatabase(f.s, db_create(f.s, "b.edb"), 0));
        detach_checked(d, f.s, NULL, "DetachAllStopsAtInUse");
        EXPECT_OK(open_status(f.s, "a.edb")); /* a stays attached */
    }
}

static void test_detach_database_in_use(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = closed_a();
        JET_DBID dbid = db_open(f.s2, "a.edb", 0);
        detach_checked(d, f.s, "a.edb", "DatabaseInUse");
        assert_int_equal(attached_databases(f.instance), 1);
        EXPECT_OK(JetCloseDatabase(f.s2, dbid, 0));
        EXPECT_OK(d->detach(f.s, db_path("a.edb")));
    }
}

static void test_detach_database_in_use_after_create(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_database();
        detach_checked(d, f.s, "a.edb", "InUseAfterCreate");
        EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
        EXPECT_OK(d->detach(f.s, db_path("a.edb")));
    }
}

static void test_detach_database_not_found(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_session();
        detach_checked(d, f.s, "never.edb", "DatabaseNotFound");
        db_make_detached(f.s, "b.edb");
        detach_checked(d, f.s, "b.edb", "DatabaseNotFound");
        EXPECT_OK(JetCloseDatabase(f.s, db_create(f.s, "a.edb"), 0));
        JET_INSTANCE other = fixture_instance("r2-other", -1);
        detach_checked(d, fixture_session(other), "a.edb", "DatabaseNotFound");
        assert_int_equal(attached_databases(f.instance), 1);
    }
}

static void test_detach_database_in_transaction(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = closed_a();
        EXPECT_OK(JetBeginTransaction(f.s));
        detach_checked(d, f.s, "a.edb", "InTransaction");
        EXPECT_OK(JetRollback(f.s, 0));
        EXPECT_OK(d->detach(f.s, db_path("a.edb")));
    }
}

static void test_detach_database_backup_in_progress(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = closed_a();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        detach_checked(d, f.s, "a.edb", "BackupInProgress");
        assert_int_equal(attached_databases(f.instance), 1);
    }
}

static void test_detach_database_order_in_transaction_before_not_found(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        detach_checked(d, f.s, "never.edb", "Order.InTransactionBeforeNotFound");
    }
}

static void test_detach_database_order_not_found_before_backup(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_session();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        detach_checked(d, f.s, "never.edb", "Order.NotFoundBeforeBackup");
    }
}

static void test_detach_database_order_backup_before_in_use(void **state)
{
    (void)state;
    FOR_EACH_DETACHER(d) {
        r2_fixture f = r2_database();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        detach_checked(d, f.s, "a.edb", "Order.BackupBeforeInUse");
    }
}

static void test_detach_database2_force_detach(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    CHECK_CLAUSE("JetDetachDatabase2.ForceDetach",
                 JetDetachDatabase2(f.s, db_path("a.edb"), JET_bitForceDetach));
    EXPECT_OK(open_status(f.s, "a.edb")); /* still attached */
}

static void test_detach_database2_force_close_and_detach(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    CHECK_CLAUSE("JetDetachDatabase2.ForceCloseAndDetach",
                 JetDetachDatabase2(f.s, db_path("a.edb"), JET_bitForceCloseAndDetach));
    JET_TABLEID t;
    EXPECT_OK(JetCreateTable(f.s, f.db, "t", 0, 0, &t)); /* still open */
}

static void test_detach_database2_order_force_before_in_transaction(void **state)
{
    (void)state;
    r2_fixture f = closed_a();
    EXPECT_OK(JetBeginTransaction(f.s));
    CHECK_CLAUSE("JetDetachDatabase2.Order.ForceBeforeInTransaction",
                 JetDetachDatabase2(f.s, db_path("a.edb"), JET_bitForceDetach));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_detach_database_success),
    REF_TEST(test_detach_database_detach_all),
    REF_TEST(test_detach_database_detach_all_instance_wide),
    REF_TEST(test_detach_database_detach_all_stops_at_in_use),
    REF_TEST(test_detach_database_in_use),
    REF_TEST(test_detach_database_in_use_after_create),
    REF_TEST(test_detach_database_not_found),
    REF_TEST(test_detach_database_in_transaction),
    REF_TEST(test_detach_database_backup_in_progress),
    REF_TEST(test_detach_database_order_in_transaction_before_not_found),
    REF_TEST(test_detach_database_order_not_found_before_backup),
    REF_TEST(test_detach_database_order_backup_before_in_use),
    REF_TEST(test_detach_database2_force_detach),
    REF_TEST(test_detach_database2_force_close_and_detach),
    REF_TEST(test_detach_database2_order_force_before_in_transaction),
};
REF_GROUP_TABLE(detach, tests)
