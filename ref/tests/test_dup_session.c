/* test_dup_session.c - every clause of JetDupSession, called directly on ref. */
#include "support.h"
#include "groups.h"

/* An initialized instance with one session. */
typedef struct {
    JET_INSTANCE instance;
    JET_SESID source;
} dup_fixture;

static dup_fixture dup_fixture_new(int max_sessions)
{
    dup_fixture f;
    f.instance = fixture_instance("dup", max_sessions);
    f.source = fixture_session(f.instance);
    return f;
}

static void test_dup_session_success(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    JET_SESID dup = 0;
    CHECK_CLAUSE("JetDupSession.Success", JetDupSession(f.source, &dup));
    assert_true(dup != 0 && dup != JET_sesidNil);
    assert_int_equal(open_sessions(f.instance), 2);
    EXPECT_OK(JetBeginTransaction(dup)); /* the new handle works */
}

static void test_dup_session_distinct_handle(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    JET_SESID a = 0, b = 0;
    CHECK_CLAUSE("JetDupSession.DistinctHandle", JetDupSession(f.source, &a));
    CHECK_CLAUSE("JetDupSession.DistinctHandle", JetDupSession(f.source, &b));
    assert_true(a != f.source && b != f.source && a != b);
}

/* Nothing is copied: the source's transaction and context stay on the source. */
static void test_dup_session_independent(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    EXPECT_OK(JetSetSessionContext(f.source, 0x1234));
    EXPECT_OK(JetBeginTransaction(f.source));
    JET_SESID dup = 0;
    CHECK_CLAUSE("JetDupSession.Independent", JetDupSession(f.source, &dup));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(dup, 0));
    EXPECT_CODE(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(dup));
    EXPECT_OK(JetEndSession(dup, 0)); /* no context on the copy */
    EXPECT_OK(JetCommitTransaction(f.source, 0));
    EXPECT_OK(JetResetSessionContext(f.source));
    /* Ending the source leaves a duplicate usable. */
    EXPECT_OK(JetDupSession(f.source, &dup));
    EXPECT_OK(JetEndSession(f.source, 0));
    EXPECT_OK(JetBeginTransaction(dup));
    EXPECT_OK(JetRollback(dup, 0));
}

static void test_dup_session_invalid_sesid(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    JET_SESID ended = fixture_session(f.instance);
    EXPECT_OK(JetEndSession(ended, 0));
    JET_SESID reused = fixture_session(f.instance); /* takes the ended session's slot */
    assert_true(reused != ended);
    JET_INSTANCE other = fixture_instance("other", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    const JET_SESID bad[] = {0, JET_sesidNil, GARBAGE_HANDLE, ended, orphan, f.source + 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_SESID out = 42;
        CHECK_CLAUSE("JetDupSession.InvalidSesid", JetDupSession(bad[i], &out));
        assert_int_equal(out, 42); /* nothing written */
        CHECK_CLAUSE("JetDupSession.Order.InvalidSesidFirst", JetDupSession(bad[i], NULL));
    }
    assert_int_equal(open_sessions(f.instance), 2);
}

static void test_dup_session_stopped(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    EXPECT_OK(JetStopServiceInstance(f.instance));
    JET_SESID out = 42;
    CHECK_CLAUSE("JetDupSession.ClientRequestToStopJetService", JetDupSession(f.source, &out));
    assert_int_equal(out, 42);
    CHECK_CLAUSE("JetDupSession.Order.StateBeforeNullOutPointer", JetDupSession(f.source, NULL));
    assert_int_equal(open_sessions(f.instance), 1);
}

/* One hook state at a time: the clause its code belongs to. */
static void test_dup_session_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *clause;
    } cases[] = {
        {ESEHOOK_STATE_UNAVAILABLE, "JetDupSession.InstanceUnavailable"},
        {ESEHOOK_STATE_UNAVAILABLE_LOG_DISK_FULL, "JetDupSession.InstanceUnavailableDueToFatalLogDiskFull"},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "JetDupSession.TermInProgress"},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "JetDupSession.RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "JetDupSession.NotInitialized"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dup_fixture f = dup_fixture_new(-1);
        fixture_state(f.instance, cases[i].state);
        JET_SESID out = 42;
        JET_ERR err = JetDupSession(f.source, &out);
        if (!CHECK_CLAUSE(cases[i].clause, err))
            /* unreachable in the engine: the state must not stop the call */
            assert_int_equal(err, JET_errSuccess);
        else
            assert_int_equal(out, 42);
        reset_library();
    }
}

static void test_dup_session_sharing_violation(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(1); /* also at the limit */
    EXPECT_OK(esehook_set_session_busy(f.source, 1));
    JET_SESID out = 42;
    CHECK_CLAUSE("JetDupSession.SessionSharingViolation", JetDupSession(f.source, &out));
    CHECK_CLAUSE("JetDupSession.Order.SharingBeforeLimit", JetDupSession(f.source, &out));
    assert_int_equal(out, 42);
    EXPECT_OK(esehook_set_session_busy(f.source, 0));
    EXPECT_CODE(JET_errOutOfSessions, JetDupSession(f.source, &out)); /* the limit is next */
}

static void test_dup_session_check_order(void **state)
{
    (void)state;
    JET_SESID out;
    dup_fixture f = dup_fixture_new(-1);
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetDupSession.Order.StopBeforeUnavailable", JetDupSession(f.source, &out));

    JET_INSTANCE second = fixture_instance("dup2", -1);
    JET_SESID s2 = fixture_session(second);
    fixture_state(second, ESEHOOK_STATE_UNAVAILABLE);
    fixture_state(second, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetDupSession.Order.UnavailableBeforeTerm", JetDupSession(s2, &out));

    JET_INSTANCE third = fixture_instance("dup3", -1);
    JET_SESID s3 = fixture_session(third);
    fixture_state(third, ESEHOOK_STATE_TERM_IN_PROGRESS);
    fixture_state(third, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    CHECK_CLAUSE("JetDupSession.Order.TermBeforeRestore", JetDupSession(s3, &out));
    JET_INSTANCE fifth = fixture_instance("dup5", -1);
    JET_SESID s5 = fixture_session(fifth);
    fixture_state(fifth, ESEHOOK_STATE_NOT_INITIALIZED);
    fixture_state(fifth, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    JET_ERR restore_first = JetDupSession(s5, &out);
    if (!CHECK_CLAUSE("JetDupSession.Order.RestoreBeforeNotInitialized", restore_first))
        assert_int_equal(restore_first, JET_errSuccess); /* the engine checks neither */
    EXPECT_OK(esehook_set_session_busy(s3, 1));
    CHECK_CLAUSE("JetDupSession.Order.TermBeforeSharing", JetDupSession(s3, &out));

    JET_INSTANCE fourth = fixture_instance("dup4", -1);
    JET_SESID s4 = fixture_session(fourth);
    EXPECT_OK(esehook_set_session_busy(s4, 1));
    EXPECT_OK(JetStopServiceInstance(fourth));
    CHECK_CLAUSE("JetDupSession.Order.StopBeforeSharing", JetDupSession(s4, &out));
}

static void test_dup_session_null_out_pointer(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(2);
    uint64_t before = live_blocks();
    CHECK_CLAUSE("JetDupSession.NullOutPointer", JetDupSession(f.source, NULL));
    assert_int_equal(open_sessions(f.instance), 1);
    assert_int_equal(live_blocks(), before);
    JET_SESID filler;
    EXPECT_OK(JetDupSession(f.source, &filler)); /* now at the limit */
    CHECK_CLAUSE("JetDupSession.Order.NullOutPointerBeforeLimit", JetDupSession(f.source, NULL));
}

/* Exactly MaxSessions sessions, then one more; end one and the slot is free again. */
static void test_dup_session_out_of_sessions(void **state)
{
    (void)state;
    static const int limits[] = {1, 2, 16};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        dup_fixture f = dup_fixture_new(limits[k]);
        JET_SESID last = f.source;
        for (int i = 1; i < limits[k]; i++)
            EXPECT_OK(JetDupSession(f.source, &last));
        JET_SESID out = 42;
        CHECK_CLAUSE("JetDupSession.OutOfSessions", JetDupSession(f.source, &out));
        assert_int_equal(out, 42);
        assert_int_equal(open_sessions(f.instance), (uint32_t)limits[k]);
        if (last != f.source) {
            EXPECT_OK(JetEndSession(last, 0));
            EXPECT_OK(JetDupSession(f.source, &out));
        }
        reset_library();
    }
}

/* Fail the 1st, 2nd, ... allocation of a JetDupSession until it succeeds: every failure
 * returns the profile's code and leaves no block and no session behind. */
static void test_dup_session_out_of_memory(void **state)
{
    (void)state;
    dup_fixture f = dup_fixture_new(-1);
    int failures = 0;
    for (uint32_t nth = 1;; nth++) {
        uint64_t before = live_blocks();
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_SESID out = 42;
        JET_ERR err = JetDupSession(f.source, &out);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err == JET_errSuccess)
            break;
        failures++;
        CHECK_CLAUSE("JetDupSession.OutOfMemory", err);
        assert_int_equal(live_blocks(), before);
        assert_int_equal(open_sessions(f.instance), 1);
        assert_int_equal(out, 42);
    }
    assert_true(failures >= 1);
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_dup_session_success),
    REF_TEST(test_dup_session_distinct_handle),
    REF_TEST(test_dup_session_independent),
    REF_TEST(test_dup_session_invalid_sesid),
    REF_TEST(test_dup_session_stopped),
    REF_TEST(test_dup_session_instance_states),
    REF_TEST(test_dup_session_sharing_violation),
    REF_TEST(test_dup_session_check_order),
    REF_TEST(test_dup_session_null_out_pointer),
    REF_TEST(test_dup_session_out_of_sessions),
    REF_TEST(test_dup_session_out_of_memory),
};
REF_GROUP_TABLE(dup_session, tests)
