/* test_ring2_entry.c - the entry checks of the 13 ring-2 functions, one table: a session that
 * is not live, a stopped instance, an unavailable or terminating instance, a busy session.
 * Each function is called with otherwise valid arguments, so only the entry check can fail;
 * a refused call writes nothing, and once the state is gone the same call works. */
#include <string.h>
#include "ring2.h"
#include "groups.h"

/* T (a.edb open in s as db, table t open as t) + table t2 closed, b.edb attached and closed,
 * d.edb a detached file. Out cells start as sentinels. */
typedef struct {
    r2_fixture f;
    JET_DBID out_dbid;
    JET_TABLEID out_tableid;
} world;

static world world_new(void)
{
    world w;
    w.f = r2_table();
    table_make_closed(w.f.s, w.f.db, "t2");
    EXPECT_OK(JetCloseDatabase(w.f.s, db_create(w.f.s, "b.edb"), 0));
    db_make_detached(w.f.s, "d.edb");
    w.out_dbid = SENTINEL_DBID;
    w.out_tableid = SENTINEL_TABLEID;
    return w;
}

static JET_ERR call_create_database(world *w, JET_SESID s)
{
    return JetCreateDatabase(s, db_path("n.edb"), NULL, &w->out_dbid, 0);
}
static JET_ERR call_create_database2(world *w, JET_SESID s)
{
    return JetCreateDatabase2(s, db_path("n.edb"), 0, &w->out_dbid, 0);
}
static JET_ERR call_attach_database(world *w, JET_SESID s)
{
    (void)w;
    return JetAttachDatabase(s, db_path("d.edb"), 0);
}
static JET_ERR call_attach_database2(world *w, JET_SESID s)
{
    (void)w;
    return JetAttachDatabase2(s, db_path("d.edb"), 0, 0);
}
static JET_ERR call_open_database(world *w, JET_SESID s)
{
    return JetOpenDatabase(s, db_path("a.edb"), NULL, &w->out_dbid, 0);
}
static JET_ERR call_close_database(world *w, JET_SESID s)
{
    return JetCloseDatabase(s, w->f.db, 0);
}
static JET_ERR call_detach_database(world *w, JET_SESID s)
{
    (void)w;
    return JetDetachDatabase(s, db_path("b.edb"));
}
static JET_ERR call_detach_database2(world *w, JET_SESID s)
{
    (void)w;
    return JetDetachDatabase2(s, db_path("b.edb"), 0);
}
static JET_ERR call_create_table(world *w, JET_SESID s)
{
    return JetCreateTable(s, w->f.db, "n", 0, 0, &w->out_tableid);
}
static JET_ERR call_open_table(world *w, JET_SESID s)
{
    return JetOpenTable(s, w->f.db, "t2", NULL, 0, 0, &w->out_tableid);
}
static JET_ERR call_close_table(world *w, JET_SESID s)
{
    return JetCloseTable(s, w->f.t);
}
static JET_ERR call_delete_table(world *w, JET_SESID s)
{
    return JetDeleteTable(s, w->f.db, "t2");
}
static JET_ERR call_dup_cursor(world *w, JET_SESID s)
{
    return JetDupCursor(s, w->f.t, &w->out_tableid, 0);
}

/* One function: how to call it, and the clause a stopped instance answers with. */
typedef struct {
    const char *function;
    JET_ERR (*call)(world *w, JET_SESID s);
    const char *after_stop;   /* leaf of the clause about a call after JetStopServiceInstance */
} entry_row;

static const entry_row rows[] = {
    {"JetCreateDatabase", call_create_database, "ClientRequestToStopJetService"},
    {"JetCreateDatabase2", call_create_database2, "ClientRequestToStopJetService"},
    {"JetAttachDatabase", call_attach_database, "ClientRequestToStopJetService"},
    {"JetAttachDatabase2", call_attach_database2, "ClientRequestToStopJetService"},
    {"JetOpenDatabase", call_open_database, "ClientRequestToStopJetService"},
    {"JetCloseDatabase", call_close_database, "AllowedAfterStop"},
    {"JetDetachDatabase", call_detach_database, "AllowedAfterStop"},
    {"JetDetachDatabase2", call_detach_database2, "AfterStopService"},
    {"JetCreateTable", call_create_table, "ClientRequestToStopJetService"},
    {"JetOpenTable", call_open_table, "ClientRequestToStopJetService"},
    {"JetCloseTable", call_close_table, "AllowedAfterStop"},
    {"JetDeleteTable", call_delete_table, "ClientRequestToStopJetService"},
    {"JetDupCursor", call_dup_cursor, "ClientRequestToStopJetService"},
};
#define N_ROWS (sizeof rows / sizeof rows[0])

/* What a refused call must leave as it was. */
typedef struct {
    uint32_t attached, databases, cursors;
    uint64_t blocks;
} snapshot;

static snapshot snapshot_take(const world *w)
{
    snapshot shot = {attached_databases(w->f.instance), open_databases(w->f.s),
                     open_cursors(w->f.s), live_blocks()};
    return shot;
}

static void assert_unchanged(const world *w, const snapshot *before)
{
    assert_int_equal(w->out_dbid, SENTINEL_DBID);
    assert_true(w->out_tableid == SENTINEL_TABLEID);
    snapshot now = snapshot_take(w);
    assert_int_equal(now.attached, before->attached);
    assert_int_equal(now.databases, before->databases);
    assert_int_equal(now.cursors, before->cursors);
    assert_int_equal(now.blocks, before->blocks);
}

static void test_ring2_entry_invalid_sesid(void **state)
{
    (void)state;
    for (size_t r = 0; r < N_ROWS; r++) {
        world w = world_new();
        JET_SESID bad[N_BAD_SESIDS];
        bad_sesids_new(w.f.instance, bad);
        snapshot before = snapshot_take(&w);
        for (size_t i = 0; i < N_BAD_SESIDS; i++) {
            CHECK_CLAUSE(clause_of(rows[r].function, "InvalidSesid"), rows[r].call(&w, bad[i]));
            assert_unchanged(&w, &before);
        }
        reset_library();
    }
}

/* Refused after stop, except the calls that release things; a refused call changes nothing
 * and what is open can still be closed. */
static void test_ring2_entry_after_stop(void **state)
{
    (void)state;
    for (size_t r = 0; r < N_ROWS; r++) {
        world w = world_new();
        EXPECT_OK(JetStopServiceInstance(w.f.instance));
        snapshot before = snapshot_take(&w);
        JET_ERR err = rows[r].call(&w, w.f.s);
        CHECK_CLAUSE(clause_of(rows[r].function, rows[r].after_stop), err);
        if (err < 0) {
            assert_unchanged(&w, &before);
            EXPECT_OK(JetCloseTable(w.f.s, w.f.t));
            EXPECT_OK(JetCloseDatabase(w.f.s, w.f.db, 0));
        }
        reset_library();
    }
}

/* A hook state refuses the call; once cleared, the same call works. */
static void check_state_then_works(uint32_t hook_state, const char *leaf)
{
    for (size_t r = 0; r < N_ROWS; r++) {
        world w = world_new();
        snapshot before = snapshot_take(&w);
        fixture_state(w.f.instance, hook_state);
        CHECK_CLAUSE(clause_of(rows[r].function, leaf), rows[r].call(&w, w.f.s));
        fixture_state(w.f.instance, ESEHOOK_STATE_NORMAL);
        assert_unchanged(&w, &before);
        assert_true(rows[r].call(&w, w.f.s) >= 0);
        reset_library();
    }
}

static void test_ring2_entry_instance_unavailable(void **state)
{
    (void)state;
    check_state_then_works(ESEHOOK_STATE_UNAVAILABLE, "InstanceUnavailable");
}

static void test_ring2_entry_term_in_progress(void **state)
{
    (void)state;
    check_state_then_works(ESEHOOK_STATE_TERM_IN_PROGRESS, "TermInProgress");
}

static void test_ring2_entry_session_sharing_violation(void **state)
{
    (void)state;
    for (size_t r = 0; r < N_ROWS; r++) {
        world w = world_new();
        snapshot before = snapshot_take(&w);
        EXPECT_OK(esehook_set_session_busy(w.f.s, 1));
        CHECK_CLAUSE(clause_of(rows[r].function, "SessionSharingViolation"),
                     rows[r].call(&w, w.f.s));
        EXPECT_OK(esehook_set_session_busy(w.f.s, 0));
        assert_unchanged(&w, &before);
        assert_true(rows[r].call(&w, w.f.s) >= 0);
        reset_library();
    }
}

/* Only JetDupCursor names these states (documented; the engine never checks them). */
static void test_dup_cursor_restore_and_not_initialized(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *clause;
    } cases[] = {
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "JetDupCursor.RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "JetDupCursor.NotInitialized"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r2_fixture f = r2_table();
        fixture_state(f.instance, cases[i].state);
        JET_TABLEID out = SENTINEL_TABLEID;
        JET_ERR err = JetDupCursor(f.s, f.t, &out, 0);
        if (CHECK_CLAUSE(cases[i].clause, err))
            assert_true(out == SENTINEL_TABLEID);
        else
            assert_int_equal(err, JET_errSuccess); /* not a state the engine checks */
        reset_library();
    }
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_ring2_entry_invalid_sesid),
    REF_TEST(test_ring2_entry_after_stop),
    REF_TEST(test_ring2_entry_instance_unavailable),
    REF_TEST(test_ring2_entry_term_in_progress),
    REF_TEST(test_ring2_entry_session_sharing_violation),
    REF_TEST(test_dup_cursor_restore_and_not_initialized),
};
REF_GROUP_TABLE(ring2_entry, tests)
