/* test_create_table.c - the clauses of JetCreateTable beyond the entry checks
 * (test_ring2_entry.c). The clauses about columns and indexes (a JET_TABLECREATE this call
 * cannot pass) apply in no profile. */
#include <string.h>
#include "ring2.h"
#include "groups.h"

static JET_ERR create(const r2_fixture *f, JET_DBID dbid, const char *name, uint32_t pages,
                      uint32_t density, JET_TABLEID *ptableid)
{
    *ptableid = SENTINEL_TABLEID;
    return JetCreateTable(f->s, dbid, name, pages, density, ptableid);
}

/* Opening `name` from s2 (which opens a.edb for it). */
static JET_ERR open_from_s2(const r2_fixture *f, const char *name)
{
    JET_DBID dbid = db_open(f->s2, "a.edb", 0);
    JET_TABLEID t = SENTINEL_TABLEID;
    JET_ERR err = JetOpenTable(f->s2, dbid, name, NULL, 0, 0, &t);
    EXPECT_OK(JetCloseDatabase(f->s2, dbid, 0));
    return err;
}

static JET_ERR open_status(const r2_fixture *f, const char *name)
{
    JET_TABLEID t = SENTINEL_TABLEID;
    return JetOpenTable(f->s, f->db, name, NULL, 0, 0, &t);
}

static void test_create_table_success(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.Success", create(&f, f.db, "t", 0, 0, &t));
    assert_true(t != SENTINEL_TABLEID && t != JET_tableidNil && t != 0);
    assert_int_equal(open_cursors(f.s), 1);
    EXPECT_OK(JetCloseTable(f.s, t));
}

/* The cursor the create opens denies reading to other sessions while it is open. */
static void test_create_table_cursor_denies_read(void **state)
{
    (void)state;
    r2_fixture f = r2_table();
    CHECK_CLAUSE("JetCreateTable.CursorDeniesRead", open_from_s2(&f, "t"));
    EXPECT_OK(JetCloseTable(f.s, f.t));
    EXPECT_OK(open_from_s2(&f, "t"));
}

static void test_create_table_density_bounds(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    static const struct {
        const char *name;
        uint32_t pages, density;
    } cases[] = {{"d0", 0, 0}, {"d20", 1, 20}, {"d100", 1000, 100}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JET_TABLEID t;
        CHECK_CLAUSE("JetCreateTable.DensityBounds",
                     create(&f, f.db, cases[i].name, cases[i].pages, cases[i].density, &t));
    }
}

static void test_create_table_density_invalid(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    static const uint32_t densities[] = {1, 19, 101};
    for (size_t i = 0; i < sizeof densities / sizeof densities[0]; i++) {
        JET_TABLEID t;
        CHECK_CLAUSE("JetCreateTable.DensityInvalid", create(&f, f.db, "t", 0, densities[i], &t));
    }
    assert_int_equal(open_cursors(f.s), 0);
    EXPECT_CODE(JET_errObjectNotFound, open_status(&f, "t"));
}

static void test_create_table_duplicate(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.TableDuplicate", create(&f, f.db, "t", 0, 0, &t));
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_create_table_duplicate_ignores_case(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.DuplicateIgnoresCase", create(&f, f.db, "T", 0, 0, &t));
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_create_table_invalid_database_id(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_DBID bad[N_BAD_DBIDS];
    bad_dbids_new(&f, bad);
    for (size_t i = 0; i < N_BAD_DBIDS; i++) {
        JET_TABLEID t;
        CHECK_CLAUSE("JetCreateTable.InvalidDatabaseId", create(&f, bad[i], "t", 0, 0, &t));
        assert_true(t == SENTINEL_TABLEID);
    }
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_create_table_invalid_name(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    char long_name[66];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    const char *const names[] = {NULL, "", "   ", " a", "a!b", "a[b", "a]b", "a\001b", long_name};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        JET_TABLEID t;
        CHECK_CLAUSE("JetCreateTable.InvalidName", create(&f, f.db, names[i], 0, 0, &t));
    }
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_create_table_name_with_comma(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.NameWithComma", create(&f, f.db, "a,b", 0, 0, &t));
}

static void test_create_table_name_with_dot(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.NameWithDot", create(&f, f.db, "a.b", 0, 0, &t));
}

static void test_create_table_name_of_64_bytes(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    char name[65];
    memset(name, 'a', 64);
    name[64] = '\0';
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.NameOf64Bytes", create(&f, f.db, name, 0, 0, &t));
}

static void test_create_table_trailing_spaces_trimmed(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.TrailingSpacesTrimmed", create(&f, f.db, "abc  ", 0, 0, &t));
    EXPECT_OK(JetCloseTable(f.s, t));
    EXPECT_CODE(JET_errTableDuplicate, create(&f, f.db, "abc", 0, 0, &t));
}

static void test_create_table_permission_denied(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    db_make_detached(f.s, "a.edb");
    EXPECT_OK(esehook_set_file_state(db_path("a.edb"), ESEHOOK_FILE_READ_ONLY));
    EXPECT_OK(JetAttachDatabase(f.s, db_path("a.edb"), JET_bitDbReadOnly));
    JET_DBID dbid = db_open(f.s, "a.edb", JET_bitDbReadOnly);
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.PermissionDenied", create(&f, dbid, "t", 0, 0, &t));
    assert_int_equal(open_cursors(f.s), 0);
}

static void test_create_table_inside_transaction(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.InsideTransaction", create(&f, f.db, "t", 0, 0, &t));
    EXPECT_OK(JetCloseTable(f.s, t));
    EXPECT_OK(JetCommitTransaction(f.s, 0));
    EXPECT_OK(open_status(&f, "t"));
}

static void test_create_table_undone_by_rollback(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    EXPECT_OK(JetBeginTransaction(f.s));
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.UndoneByRollback", create(&f, f.db, "t", 0, 0, &t));
    EXPECT_OK(JetRollback(f.s, 0));
    CHECK_CLAUSE("JetCloseTable.ClosedByRollback", JetCloseTable(f.s, t));
    EXPECT_CODE(JET_errObjectNotFound, open_status(&f, "t"));
}

static void test_create_table_out_of_cursors(void **state)
{
    (void)state;
    const r2_param two = {JET_paramMaxCursors, 2, NULL};
    r2_fixture f = r2_session_with(&two, 1);
    f.db = db_create(f.s, "a.edb");
    table_make_closed(f.s, f.db, "t");
    for (int i = 0; i < 2; i++) {
        JET_TABLEID c = SENTINEL_TABLEID;
        CHECK_CLAUSE("JetOpenTable.CursorsUpToMax",
                     JetOpenTable(f.s, f.db, "t", NULL, 0, 0, &c));
    }
    JET_TABLEID t;
    JET_ERR err = create(&f, f.db, "u", 0, 0, &t);
    CHECK_CLAUSE("JetCreateTable.OutOfCursors", err);
    if (err < 0)
        EXPECT_CODE(JET_errObjectNotFound, open_status(&f, "u")); /* nothing made */
    else
        EXPECT_OK(JetCloseTable(f.s, t)); /* a success made a real cursor */
}

/* The quota is the instance's: cursors of another session count. */
static void test_create_table_out_of_cursors_of_other_session(void **state)
{
    (void)state;
    const r2_param one = {JET_paramMaxCursors, 1, NULL};
    r2_fixture f = r2_session_with(&one, 1);
    f.db = db_create(f.s, "a.edb");
    table_make_closed(f.s, f.db, "t");
    JET_DBID db2 = db_open(f.s2, "a.edb", 0);
    JET_TABLEID c = table_open(f.s2, db2, "t", 0);
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.OutOfCursors", create(&f, f.db, "u", 0, 0, &t));
    EXPECT_OK(JetCloseTable(f.s2, c));
    EXPECT_OK(create(&f, f.db, "u", 0, 0, &t));
}

static JET_ERR create_u(const r2_fixture *f, JET_TABLEID *ptableid)
{
    return JetCreateTable(f->s, f->db, "u", 0, 0, ptableid);
}

/* The first create of an instance allocates the table, then room for its cursor: a table
 * that cannot be allocated is TooManyOpenTables, a cursor OutOfCursors (databases-source 3.7
 * step 4e), and neither leaves a table (the retry would be a duplicate), a cursor or a block. */
static void test_create_table_out_of_memory(void **state)
{
    (void)state;
    static const JET_ERR codes[] = {JET_errTooManyOpenTables, JET_errOutOfCursors};
    r2_fixture f = r2_database();
    r2_out_of_memory_sweep(&f, create_u, "JetCreateTable.OutOfMemory", codes, 2, JET_tableidNil);
}

static void test_create_table_order_dbid_before_name(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.Order.DbidBeforeName", create(&f, JET_dbidNil, NULL, 0, 0, &t));
}

static void test_create_table_order_name_before_density(void **state)
{
    (void)state;
    r2_fixture f = r2_database();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.Order.NameBeforeDensity", create(&f, f.db, "a!", 0, 101, &t));
}

static void test_create_table_order_density_before_duplicate(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.Order.DensityBeforeDuplicate",
                 create(&f, f.db, "t", 0, 101, &t));
}

static void test_create_table_order_stop_before_dbid(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    EXPECT_OK(JetStopServiceInstance(f.instance));
    JET_TABLEID t;
    CHECK_CLAUSE("JetCreateTable.Order.StopBeforeDbid", create(&f, JET_dbidNil, "t", 0, 0, &t));
    assert_true(t == SENTINEL_TABLEID);
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_create_table_success),
    REF_TEST(test_create_table_cursor_denies_read),
    REF_TEST(test_create_table_density_bounds),
    REF_TEST(test_create_table_density_invalid),
    REF_TEST(test_create_table_duplicate),
    REF_TEST(test_create_table_duplicate_ignores_case),
    REF_TEST(test_create_table_invalid_database_id),
    REF_TEST(test_create_table_invalid_name),
    REF_TEST(test_create_table_name_with_comma),
    REF_TEST(test_create_table_name_with_dot),
    REF_TEST(test_create_table_name_of_64_bytes),
    REF_TEST(test_create_table_trailing_spaces_trimmed),
    REF_TEST(test_create_table_permission_denied),
    REF_TEST(test_create_table_inside_transaction),
    REF_TEST(test_create_table_undone_by_rollback),
    REF_TEST(test_create_table_out_of_cursors),
    REF_TEST(test_create_table_out_of_cursors_of_other_session),
    REF_TEST(test_create_table_out_of_memory),
    REF_TEST(test_create_table_order_dbid_before_name),
    REF_TEST(test_create_table_order_name_before_density),
    REF_TEST(test_create_table_order_density_before_duplicate),
    REF_TEST(test_create_table_order_stop_before_dbid),
};
REF_GROUP_TABLE(create_table, tests)
