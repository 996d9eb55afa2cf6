/* test_attach.c - the clauses of JetAttachDatabase and JetAttachDatabase2 (the same clauses
 * under both names, so each test runs both). */
#include "ring2.h"
#include "groups.h"

typedef struct {
    const char *function;
    JET_ERR (*attach)(JET_SESID s, const char *path, JET_GRBIT grbit);
} attacher;

static JET_ERR attach1(JET_SESID s, const char *path, JET_GRBIT grbit)
{
    return JetAttachDatabase(s, path, grbit);
}

static JET_ERR attach2(JET_SESID s, const char *path, JET_GRBIT grbit)
{
    return JetAttachDatabase2(s, path, 0, grbit);
}

static const attacher attachers[] = {
    {"JetAttachDatabase", attach1},
    {"JetAttachDatabase2", attach2},
};
#define FOR_EACH_ATTACHER(a) \
    for (const attacher *a = attachers; a < attachers + 2; a++, reset_library())

static JET_ERR attach_checked(const attacher *a, JET_SESID s, const char *name, JET_GRBIT grbit,
                              const char *leaf)
{
    JET_ERR err = a->attach(s, name ? db_path(name) : NULL, grbit);
    CHECK_CLAUSE(clause_of(a->function, leaf), err);
    return err;
}

/* S with a.edb a detached file. */
static r2_fixture detached_a(void)
{
    r2_fixture f = r2_session();
    db_make_detached(f.s, "a.edb");
    return f;
}

static void assert_not_attached(const r2_fixture *f, const char *name)
{
    JET_DBID dbid = SENTINEL_DBID;
    EXPECT_CODE(JET_errDatabaseNotFound, JetOpenDatabase(f->s, db_path(name), NULL, &dbid, 0));
}

static void test_attach_database_success(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        attach_checked(a, f.s, "a.edb", 0, "Success");
        assert_int_equal(attached_databases(f.instance), 1);
        JET_DBID dbid = db_open(f.s, "a.edb", 0);
        EXPECT_OK(JetCloseDatabase(f.s, dbid, 0));
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
    }
}

static void test_attach_database_opens_nothing(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        attach_checked(a, f.s, "a.edb", 0, "OpensNothing");
        assert_int_equal(open_databases(f.s), 0);
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
    }
}

static void test_attach_database_unknown_bits_ignored(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        attach_checked(a, f.s, "a.edb", 0x00010000, "UnknownBitsIgnored");
        db_open(f.s, "a.edb", 0);
    }
}

/* Attached already by the caller: a warning and nothing changes (one close, one detach). */
static void test_attach_database_already_attached(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_database();
        attach_checked(a, f.s, "a.edb", 0, "DatabaseAttached");
        assert_int_equal(attached_databases(f.instance), 1);
        EXPECT_OK(JetCloseDatabase(f.s, f.db, 0));
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_attached_by_other_session(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_database();
        attach_checked(a, f.s2, "a.edb", 0, "AttachedByOtherSession");
        assert_int_equal(attached_databases(f.instance), 1);
    }
}

static void test_attach_database_attached_by_other_instance(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_database();
        JET_INSTANCE other = fixture_instance("r2-other", -1);
        JET_SESID s = fixture_session(other);
        attach_checked(a, s, "a.edb", 0, "AttachedByOtherInstance");
        assert_int_equal(attached_databases(other), 0);
    }
}

static void test_attach_database_in_transaction(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(JetBeginTransaction(f.s));
        attach_checked(a, f.s, "a.edb", 0, "InTransaction");
        EXPECT_OK(JetRollback(f.s, 0));
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_cannot_disable_versioning(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        attach_checked(a, f.s, "a.edb", 0x40, "CannotDisableVersioning");
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_invalid_path(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        CHECK_CLAUSE(clause_of(a->function, "DatabaseInvalidPath"), a->attach(f.s, NULL, 0));
        CHECK_CLAUSE(clause_of(a->function, "DatabaseInvalidPath"), a->attach(f.s, "", 0));
        assert_int_equal(attached_databases(f.instance), 0);
    }
}

static void test_attach_database_invalid_grbit(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        attach_checked(a, f.s, "a.edb", JET_bitDbDeleteUnicodeIndexes | JET_bitDbReadOnly,
                       "InvalidGrbit");
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_file_not_found(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        attach_checked(a, f.s, "never.edb", 0, "FileNotFound");
        assert_not_attached(&f, "never.edb");
    }
}

static void test_attach_database_file_read_only(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_READ_ONLY));
        attach_checked(a, f.s, "a.edb", 0, "DatabaseFileReadOnly");
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_read_only_attach(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_READ_ONLY));
        attach_checked(a, f.s, "a.edb", JET_bitDbReadOnly, "ReadOnlyAttach");
        assert_int_equal(attached_databases(f.instance), 1);
    }
}

static void test_attach_database_backup_in_progress(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        attach_checked(a, f.s, "a.edb", 0, "BackupInProgress");
        assert_int_equal(attached_databases(f.instance), 0);
    }
}

static void test_attach_database_locked_by_other_process(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_LOCKED));
        attach_checked(a, f.s, "a.edb", 0, "LockedByOtherProcess");
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_primary_index_corrupted(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_PRIMARY_INDEX_STALE));
        attach_checked(a, f.s, "a.edb", 0, "PrimaryIndexCorrupted");
        attach_checked(a, f.s, "a.edb", JET_bitDbDeleteCorruptIndexes, "PrimaryIndexCorrupted");
        assert_not_attached(&f, "a.edb");
    }
}

static void test_attach_database_secondary_index_corrupted(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_SECONDARY_INDEX_STALE));
        attach_checked(a, f.s, "a.edb", 0, "SecondaryIndexCorrupted");
        assert_not_attached(&f, "a.edb");
    }
}

/* DeleteCorruptIndexes attaches with a warning and repairs the file for good. */
static void test_attach_database_corrupt_index_deleted(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_SECONDARY_INDEX_STALE));
        attach_checked(a, f.s, "a.edb", JET_bitDbDeleteCorruptIndexes, "CorruptIndexDeleted");
        EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
        EXPECT_OK(a->attach(f.s, db_path("a.edb"), 0));
    }
}

static const char *const names[] = {"a1.edb", "a2.edb", "a3.edb", "a4.edb",
                                    "a5.edb", "a6.edb", "a7.edb", "a8.edb"};

/* Files a1..a_n, detached. */
static r2_fixture detached_files(size_t n)
{
    r2_fixture f = r2_session();
    for (size_t i = 0; i < n; i++)
        db_make_detached(f.s, names[i]);
    return f;
}

static void test_attach_database_six_databases(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_files(6);
        for (size_t i = 0; i < 6; i++)
            attach_checked(a, f.s, names[i], 0, "SixDatabases");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

static void test_attach_database_seventh_database(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_files(7);
        for (size_t i = 0; i < 6; i++)
            EXPECT_OK(a->attach(f.s, db_path(names[i]), 0));
        attach_checked(a, f.s, names[6], 0, "SeventhDatabase");
    }
}

static void test_attach_database_too_many_attached(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_files(8);
        for (size_t i = 0; i < 6; i++)
            EXPECT_OK(a->attach(f.s, db_path(names[i]), 0));
        attach_checked(a, f.s, names[6], 0, "SeventhDatabase");
        attach_checked(a, f.s, names[7], 0, "TooManyAttachedDatabases");
        assert_not_attached(&f, names[7]);
    }
}

static void test_attach_database_order_in_transaction_before_path(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        EXPECT_OK(JetBeginTransaction(f.s));
        attach_checked(a, f.s, NULL, 0, "Order.InTransactionBeforePath");
    }
}

static void test_attach_database_order_versioning_before_path(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        attach_checked(a, f.s, NULL, 0x40, "Order.VersioningBeforePath");
    }
}

static void test_attach_database_order_grbit_before_file_not_found(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        attach_checked(a, f.s, "never.edb", JET_bitDbDeleteUnicodeIndexes | JET_bitDbReadOnly,
                       "Order.GrbitBeforeFileNotFound");
    }
}

static void test_attach_database_order_file_not_found_before_backup(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_session();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        attach_checked(a, f.s, "never.edb", 0, "Order.FileNotFoundBeforeBackup");
    }
}

static void test_attach_database_order_backup_before_attached(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = r2_database();
        fixture_state(f.instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        attach_checked(a, f.s, "a.edb", 0, "Order.BackupBeforeAttached");
    }
}

static void test_attach_database_order_in_transaction_before_versioning(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_a();
        EXPECT_OK(JetBeginTransaction(f.s));
        attach_checked(a, f.s, "a.edb", 0x40, "Order.InTransactionBeforeVersioning");
    }
}

static void test_attach_database_order_attached_before_limit(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_files(6);
        for (size_t i = 0; i < 6; i++)
            EXPECT_OK(a->attach(f.s, db_path(names[i]), 0));
        attach_checked(a, f.s, names[0], 0, "Order.AttachedBeforeLimit");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

static void test_attach_database_order_other_instance_before_limit(void **state)
{
    (void)state;
    FOR_EACH_ATTACHER(a) {
        r2_fixture f = detached_files(7);
        for (size_t i = 0; i < 6; i++)
            EXPECT_OK(a->attach(f.s, db_path(names[i]), 0));
        JET_INSTANCE other = fixture_instance("r2-other", -1);
        JET_SESID s = fixture_session(other);
        EXPECT_OK(JetAttachDatabase(s, db_path(names[6]), 0));
        attach_checked(a, f.s, names[6], 0, "Order.OtherInstanceBeforeLimit");
        assert_int_equal(attached_databases(f.instance), 6);
    }
}

static void test_attach_database2_size_limit(void **state)
{
    (void)state;
    r2_fixture f = detached_a();
    CHECK_CLAUSE("JetAttachDatabase2.SizeLimit", JetAttachDatabase2(f.s, db_path("a.edb"), 0, 0));
    EXPECT_OK(JetDetachDatabase(f.s, db_path("a.edb")));
    CHECK_CLAUSE("JetAttachDatabase2.SizeLimit",
                 JetAttachDatabase2(f.s, db_path("a.edb"), 1000, 0));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_attach_database_success),
    REF_TEST(test_attach_database_opens_nothing),
    REF_TEST(test_attach_database_unknown_bits_ignored),
    REF_TEST(test_attach_database_already_attached),
    REF_TEST(test_attach_database_attached_by_other_session),
    REF_TEST(test_attach_database_attached_by_other_instance),
    REF_TEST(test_attach_database_in_transaction),
    REF_TEST(test_attach_database_cannot_disable_versioning),
    REF_TEST(test_attach_database_invalid_path),
    REF_TEST(test_attach_database_invalid_grbit),
    REF_TEST(test_attach_database_file_not_found),
    REF_TEST(test_attach_database_file_read_only),
    REF_TEST(test_attach_database_read_only_attach),
    REF_TEST(test_attach_database_backup_in_progress),
    REF_TEST(test_attach_database_locked_by_other_process),
    REF_TEST(test_attach_database_primary_index_corrupted),
    REF_TEST(test_attach_database_secondary_index_corrupted),
    REF_TEST(test_attach_database_corrupt_index_deleted),
    REF_TEST(test_attach_database_six_databases),
    REF_TEST(test_attach_database_seventh_database),
    REF_TEST(test_attach_database_too_many_attached),
    REF_TEST(test_attach_database_order_in_transaction_before_path),
    REF_TEST(test_attach_database_order_versioning_before_path),
    REF_TEST(test_attach_database_order_grbit_before_file_not_found),
    REF_TEST(test_attach_database_order_file_not_found_before_backup),
    REF_TEST(test_attach_database_order_backup_before_attached),
    REF_TEST(test_attach_database_order_in_transaction_before_versioning),
    REF_TEST(test_attach_database_order_attached_before_limit),
    REF_TEST(test_attach_database_order_other_instance_before_limit),
    REF_TEST(test_attach_database2_size_limit),
};
REF_GROUP_TABLE(attach, tests)
