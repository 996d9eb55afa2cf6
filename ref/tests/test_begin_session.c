/* test_begin_session.c - every clause of JetBeginSession, called directly on ref. */
#include <string.h>
#include "support.h"
#include "groups.h"

/* Back to a fresh library in the current profile (between the cases of one test). */
static void reset_ref(void)
{
    reset_library();
}

static void test_begin_session_success(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("begin", -1);
    JET_SESID a = 0, b = 0;
    CHECK_CLAUSE("JetBeginSession.Success", JetBeginSession(instance, &a, NULL, NULL));
    assert_true(a != 0 && a != JET_sesidNil);
    assert_int_equal(open_sessions(instance), 1);
    CHECK_CLAUSE("JetBeginSession.Success", JetBeginSessionA(instance, &b, NULL, NULL));
    assert_true(b != 0 && b != JET_sesidNil && b != a);
    assert_int_equal(open_sessions(instance), 2);
    EXPECT_OK(JetBeginTransaction(a)); /* both handles work, independently */
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(b, 0));
    EXPECT_OK(JetCommitTransaction(a, 0));
    EXPECT_OK(JetEndSession(a, 0));
    EXPECT_OK(JetEndSession(b, 0));
    assert_int_equal(open_sessions(instance), 0);
}

static void test_begin_session_credentials_ignored(void **state)
{
    (void)state;
    static const char long_name[] = "a user name far longer than any the engine would keep: "
                                    "0123456789012345678901234567890123456789012345678901234";
    static const struct {
        const char *user, *password;
    } cases[] = {
        {NULL, NULL}, {"", ""}, {"user", NULL}, {NULL, "secret"},
        {"admin", "wrong password"}, {long_name, long_name},
    };
    JET_INSTANCE instance = fixture_instance("begin", -1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JET_SESID sesid = 0;
        CHECK_CLAUSE("JetBeginSession.CredentialsIgnored",
                     JetBeginSession(instance, &sesid, cases[i].user, cases[i].password));
        assert_true(sesid != 0 && sesid != JET_sesidNil);
        assert_int_equal(open_sessions(instance), (uint32_t)(i + 1));
        EXPECT_OK(JetBeginTransaction(sesid));
        EXPECT_OK(JetRollback(sesid, 0));
    }
}

/* JetInit without JetCreateInstance: every instance handle names the one instance. */
static void test_begin_session_one_instance_mode(void **state)
{
    (void)state;
    EXPECT_OK(JetInit(NULL));
    const JET_INSTANCE handles[] = {0, JET_instanceNil};
    for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
        JET_SESID sesid = 0;
        CHECK_CLAUSE("JetBeginSession.OneInstanceModeIgnoresHandle",
                     JetBeginSession(handles[i], &sesid, NULL, NULL));
        assert_true(sesid != 0 && sesid != JET_sesidNil);
        EXPECT_OK(JetBeginTransaction(sesid));
        EXPECT_OK(JetCommitTransaction(sesid, 0));
        EXPECT_OK(JetEndSession(sesid, 0));
    }
    reset_ref();

    /* The same with the handle JetInit wrote: 0, nil and it all reach one session table. */
    JET_INSTANCE instance = 0;
    EXPECT_OK(JetInit(&instance));
    JET_SESID s0 = 0, snil = 0, sown = 0;
    CHECK_CLAUSE("JetBeginSession.OneInstanceModeIgnoresHandle",
                 JetBeginSession(0, &s0, NULL, NULL));
    CHECK_CLAUSE("JetBeginSession.OneInstanceModeIgnoresHandle",
                 JetBeginSession(JET_instanceNil, &snil, NULL, NULL));
    CHECK_CLAUSE("JetBeginSession.Success", JetBeginSession(instance, &sown, NULL, NULL));
    assert_int_equal(open_sessions(instance), 3);
    assert_true(s0 != snil && snil != sown && s0 != sown);
}

/* Multi-instance mode: 0 and nil name no instance. */
static void test_begin_session_invalid_parameter(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("begin", -1);
    JET_SESID live = fixture_session(instance);
    uint64_t before = live_blocks();
    const JET_INSTANCE bad[] = {0, JET_instanceNil};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_SESID out = 42;
        CHECK_CLAUSE("JetBeginSession.InvalidParameter", JetBeginSession(bad[i], &out, NULL, NULL));
        assert_int_equal(out, 42);
        assert_int_equal(open_sessions(instance), 1);
        assert_int_equal(live_blocks(), before);
    }
    EXPECT_OK(JetBeginTransaction(live)); /* the instance's session is untouched */
    EXPECT_OK(JetCommitTransaction(live, 0));
}

static void test_begin_session_invalid_instance(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("begin", -1);
    JET_INSTANCE terminated = fixture_instance("gone", -1);
    EXPECT_OK(JetTerm(terminated));
    JET_INSTANCE never_init = fixture_created("never");
    EXPECT_OK(JetTerm(never_init));
    uint64_t before = live_blocks();
    const JET_INSTANCE bad[] = {GARBAGE_HANDLE, terminated, never_init, 1, 0x7FFFFFFF};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_SESID out = 42;
        CHECK_CLAUSE("JetBeginSession.InvalidInstance", JetBeginSession(bad[i], &out, NULL, NULL));
        assert_int_equal(out, 42);
        assert_int_equal(open_sessions(instance), 0);
        assert_int_equal(live_blocks(), before);
    }
    /* A later instance in the terminated one's place does not revive its handle. */
    JET_INSTANCE reborn = fixture_instance("gone", -1);
    JET_SESID out = 42;
    CHECK_CLAUSE("JetBeginSession.InvalidInstance", JetBeginSession(terminated, &out, NULL, NULL));
    assert_int_equal(open_sessions(reborn), 0);
    /* With no instance left at all, and in one-instance mode, garbage is still garbage. */
    reset_ref();
    CHECK_CLAUSE("JetBeginSession.InvalidInstance",
                 JetBeginSession(GARBAGE_HANDLE, &out, NULL, NULL));
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one));
    CHECK_CLAUSE("JetBeginSession.InvalidInstance",
                 JetBeginSession(GARBAGE_HANDLE, &out, NULL, NULL));
    assert_int_equal(out, 42);
    assert_int_equal(open_sessions(one), 0);
}

/* No mode chosen yet, or every instance gone: 0 and nil name nothing. */
static void test_begin_session_no_instance(void **state)
{
    (void)state;
    const JET_INSTANCE handles[] = {0, JET_instanceNil};
    for (int round = 0; round < 3; round++) {
        if (round == 1) { /* multi-instance mode, ended by its last JetTerm */
            JET_INSTANCE instance = fixture_instance("begin", -1);
            fixture_session(instance);
            EXPECT_OK(JetTerm(instance));
        } else if (round == 2) { /* one-instance mode, ended the same way */
            JET_INSTANCE instance = 0;
            EXPECT_OK(JetInit(&instance));
            EXPECT_OK(JetTerm(instance));
        }
        for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
            JET_SESID out = 42;
            CHECK_CLAUSE("JetBeginSession.NoInstance",
                         JetBeginSession(handles[i], &out, NULL, NULL));
            assert_int_equal(out, 42);
            assert_int_equal(live_blocks(), 0);
        }
    }
}

static void test_begin_session_not_initialized(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_created("begin");
    JET_SESID out = 42;
    CHECK_CLAUSE("JetBeginSession.NotInitialized", JetBeginSession(instance, &out, NULL, NULL));
    assert_int_equal(out, 42);
    assert_int_equal(open_sessions(instance), 0);
    /* Also with a NULL out-pointer: the state comes first. */
    CHECK_CLAUSE("JetBeginSession.NotInitialized", JetBeginSession(instance, NULL, NULL, NULL));
    EXPECT_OK(JetInit(&instance));
    EXPECT_OK(JetBeginSession(instance, &out, NULL, NULL));
    assert_int_equal(open_sessions(instance), 1);
}

static void test_begin_session_stopped(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("begin", -1);
    JET_SESID live = fixture_session(instance);
    JET_INSTANCE other = fixture_instance("other", -1);
    EXPECT_OK(JetStopServiceInstance(instance));
    uint64_t before = live_blocks();
    JET_SESID out = 42;
    CHECK_CLAUSE("JetBeginSession.ClientRequestToStopJetService",
                 JetBeginSession(instance, &out, NULL, NULL));
    assert_int_equal(out, 42);
    CHECK_CLAUSE("JetBeginSession.Order.StateBeforeNullOutPointer",
                 JetBeginSession(instance, NULL, NULL, NULL));
    assert_int_equal(open_sessions(instance), 1);
    assert_int_equal(live_blocks(), before);
    EXPECT_OK(JetEndSession(live, 0)); /* still allowed */
    CHECK_CLAUSE("JetBeginSession.ClientRequestToStopJetService",
                 JetBeginSession(instance, &out, NULL, NULL)); /* never undone */
    fixture_session(other); /* the stop is the stopped instance's alone */

    /* One-instance mode, stopped by JetStopService. */
    reset_ref();
    EXPECT_OK(JetInit(NULL));
    EXPECT_OK(JetStopService());
    CHECK_CLAUSE("JetBeginSession.ClientRequestToStopJetService",
                 JetBeginSession(0, &out, NULL, NULL));
    CHECK_CLAUSE("JetBeginSession.Order.StateBeforeNullOutPointer",
                 JetBeginSession(0, NULL, NULL, NULL));
    assert_int_equal(out, 42);
}

/* One hook state at a time: the clause its code belongs to; NORMAL lifts it. */
static void test_begin_session_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *clause;
    } cases[] = {
        {ESEHOOK_STATE_UNAVAILABLE, "JetBeginSession.InstanceUnavailable"},
        {ESEHOOK_STATE_UNAVAILABLE_LOG_DISK_FULL,
         "JetBeginSession.InstanceUnavailableDueToFatalLogDiskFull"},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "JetBeginSession.TermInProgress"},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "JetBeginSession.RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "JetBeginSession.NotInitialized"},
    };
    JET_INSTANCE instance = fixture_instance("begin", -1);
    JET_SESID live = fixture_session(instance);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture_state(instance, cases[i].state);
        uint64_t before = live_blocks();
        JET_SESID out = 42;
        JET_ERR err = JetBeginSession(instance, &out, NULL, NULL);
        if (!CHECK_CLAUSE(cases[i].clause, err)) {
            assert_int_equal(err, JET_errSuccess); /* the state must not stop the call */
            EXPECT_OK(JetEndSession(out, 0));
        } else {
            assert_int_equal(out, 42);
            assert_int_equal(live_blocks(), before);
            CHECK_CLAUSE(cases[i].clause, JetBeginSession(instance, NULL, NULL, NULL));
        }
        assert_int_equal(open_sessions(instance), 1);
        fixture_state(instance, ESEHOOK_STATE_NORMAL);
        EXPECT_OK(JetBeginSession(instance, &out, NULL, NULL));
        EXPECT_OK(JetEndSession(out, 0));
    }
    EXPECT_OK(JetEndSession(live, 0));
}

/* The first failing check wins: two states at once, on separate instances. */
static void test_begin_session_check_order(void **state)
{
    (void)state;
    JET_SESID out = 42;
    JET_INSTANCE first = fixture_instance("order1", -1);
    fixture_state(first, ESEHOOK_STATE_UNAVAILABLE);
    EXPECT_OK(JetStopServiceInstance(first));
    CHECK_CLAUSE("JetBeginSession.Order.StopBeforeUnavailable",
                 JetBeginSession(first, &out, NULL, NULL));

    JET_INSTANCE second = fixture_instance("order2", -1);
    fixture_state(second, ESEHOOK_STATE_TERM_IN_PROGRESS);
    fixture_state(second, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetBeginSession.Order.UnavailableBeforeTerm",
                 JetBeginSession(second, &out, NULL, NULL));

    JET_INSTANCE third = fixture_instance("order3", -1);
    fixture_state(third, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    fixture_state(third, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetBeginSession.Order.TermBeforeRestore",
                 JetBeginSession(third, &out, NULL, NULL));
    fixture_state(third, ESEHOOK_STATE_NOT_INITIALIZED);
    CHECK_CLAUSE("JetBeginSession.Order.TermBeforeRestore",
                 JetBeginSession(third, &out, NULL, NULL));

    /* Bad handles while every live instance is in some state. */
    JET_INSTANCE gone = fixture_instance("gone", -1);
    EXPECT_OK(JetTerm(gone));
    CHECK_CLAUSE("JetBeginSession.Order.HandleFirst",
                 JetBeginSession(GARBAGE_HANDLE, &out, NULL, NULL));
    CHECK_CLAUSE("JetBeginSession.Order.HandleFirst", JetBeginSession(gone, &out, NULL, NULL));
    CHECK_CLAUSE("JetBeginSession.Order.HandleFirst", JetBeginSession(gone, NULL, NULL, NULL));
    assert_int_equal(out, 42);
    assert_int_equal(open_sessions(first) + open_sessions(second) + open_sessions(third), 0);
}

static void test_begin_session_null_out_pointer(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("begin", 2);
    uint64_t before = live_blocks();
    CHECK_CLAUSE("JetBeginSession.NullOutPointer", JetBeginSession(instance, NULL, NULL, NULL));
    assert_int_equal(open_sessions(instance), 0);
    assert_int_equal(live_blocks(), before);
    JET_SESID first = fixture_session(instance);
    before = live_blocks();
    CHECK_CLAUSE("JetBeginSession.NullOutPointer", JetBeginSession(instance, NULL, "u", "p"));
    assert_int_equal(open_sessions(instance), 1);
    assert_int_equal(live_blocks(), before);
    fixture_session(instance); /* now at the limit */
    CHECK_CLAUSE("JetBeginSession.Order.NullOutPointerBeforeLimit",
                 JetBeginSession(instance, NULL, NULL, NULL));
    assert_int_equal(open_sessions(instance), 2);
    EXPECT_OK(JetEndSession(first, 0)); /* the slot is still free for a real call */
    fixture_session(instance);
}

/* Exactly MaxSessions sessions, then one more; end one and the slot is free again. */
static void test_begin_session_out_of_sessions(void **state)
{
    (void)state;
    static const struct {
        int set;        /* MaxSessions to set, -1: the default */
        uint32_t limit; /* the limit in force */
    } cases[] = {{0, 0}, {1, 1}, {2, 2}, {16, 16}, {-1, 16}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        JET_INSTANCE instance = fixture_instance("limit", cases[k].set);
        JET_SESID last = 0;
        for (uint32_t i = 0; i < cases[k].limit; i++)
            last = fixture_session(instance);
        for (int attempt = 0; attempt < 2; attempt++) {
            uint64_t before = live_blocks();
            JET_SESID out = 42;
            JET_ERR err = JetBeginSession(instance, &out, NULL, NULL);
            CHECK_CLAUSE("JetBeginSession.OutOfSessions", err);
            if (err == JET_errSuccess) { /* the engine's larger pool: allowed in esent */
                EXPECT_OK(JetEndSession(out, 0));
                continue;
            }
            assert_int_equal(out, 42);
            assert_int_equal(live_blocks(), before);
            assert_int_equal(open_sessions(instance), cases[k].limit);
        }
        if (cases[k].limit > 0) {
            EXPECT_OK(JetEndSession(last, 0));
            CHECK_CLAUSE("JetBeginSession.SlotFreedOnEnd", JetBeginSession(instance, &last, 0, 0));
            assert_int_equal(open_sessions(instance), cases[k].limit);
            EXPECT_OK(JetBeginTransaction(last));
        }
        reset_ref();
    }
}

/* End and begin again many times at the limit: every ended session's slot comes back. */
static void test_begin_session_slot_freed_on_end(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("limit", 3);
    JET_SESID sessions[3];
    for (int i = 0; i < 3; i++)
        sessions[i] = fixture_session(instance);
    for (int round = 0; round < 20; round++) {
        int victim = round % 3;
        JET_SESID old = sessions[victim];
        EXPECT_OK(JetEndSession(old, 0));
        assert_int_equal(open_sessions(instance), 2);
        CHECK_CLAUSE("JetBeginSession.SlotFreedOnEnd",
                     JetBeginSession(instance, &sessions[victim], NULL, NULL));
        assert_true(sessions[victim] != old); /* the ended handle stays dead */
        EXPECT_CODE(JET_errInvalidSesid, JetBeginTransaction(old));
        assert_int_equal(open_sessions(instance), 3);
    }
}

/* Fails the 1st, 2nd, ... allocation of one JetBeginSession until it succeeds. */
static void begin_with_faults(JET_INSTANCE instance)
{
    int failures = 0;
    uint32_t open = open_sessions(instance);
    for (uint32_t nth = 1;; nth++) {
        uint64_t before = live_blocks();
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_SESID out = 42;
        JET_ERR err = JetBeginSession(instance, &out, NULL, NULL);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err == JET_errSuccess)
            break;
        failures++;
        CHECK_CLAUSE("JetBeginSession.OutOfMemory", err);
        assert_int_equal(out, 42);
        assert_int_equal(open_sessions(instance), open);
        assert_int_equal(live_blocks(), before);
    }
    assert_true(failures >= 1);
    assert_int_equal(open_sessions(instance), open + 1);
}

/* Every failure returns the profile's code and leaves no session and no slot behind. */
static void test_begin_session_out_of_memory(void **state)
{
    (void)state;
    /* A session table with room, an empty one, and a full one that must grow: a failed call
     * never holds a new block. */
    JET_INSTANCE instance = fixture_instance("oom", -1);
    fixture_session(instance);
    begin_with_faults(instance);
    JET_INSTANCE fresh = fixture_instance("oom-fresh", -1);
    begin_with_faults(fresh);
    for (int i = 1; i < 8; i++)
        fixture_session(fresh);
    begin_with_faults(fresh);
    /* An ended session's block, kept for the next begin: it counts as freed, and reusing it
     * is an allocation that a fault fails like any other. */
    JET_INSTANCE reuse = fixture_instance("oom-reuse", -1);
    JET_SESID ended = fixture_session(reuse);
    uint64_t before_end = live_blocks();
    EXPECT_OK(JetEndSession(ended, 0));
    assert_int_equal(live_blocks(), before_end - 1);
    begin_with_faults(reuse);
    /* At the limit after the faults: the failures took no slot. */
    JET_INSTANCE small = fixture_instance("oom-small", 2);
    fixture_session(small);
    begin_with_faults(small);
    JET_SESID out = 42;
    CHECK_CLAUSE("JetBeginSession.OutOfSessions", JetBeginSession(small, &out, NULL, NULL));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_begin_session_success),
    REF_TEST(test_begin_session_credentials_ignored),
    REF_TEST(test_begin_session_one_instance_mode),
    REF_TEST(test_begin_session_invalid_parameter),
    REF_TEST(test_begin_session_invalid_instance),
    REF_TEST(test_begin_session_no_instance),
    REF_TEST(test_begin_session_not_initialized),
    REF_TEST(test_begin_session_stopped),
    REF_TEST(test_begin_session_instance_states),
    REF_TEST(test_begin_session_check_order),
    REF_TEST(test_begin_session_null_out_pointer),
    REF_TEST(test_begin_session_out_of_sessions),
    REF_TEST(test_begin_session_slot_freed_on_end),
    REF_TEST(test_begin_session_out_of_memory),
};
REF_GROUP_TABLE(begin_session, tests)
