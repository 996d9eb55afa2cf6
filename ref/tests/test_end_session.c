/* test_end_session.c - every clause of JetEndSession, called directly on ref. */
#include "support.h"
#include "groups.h"

/* An initialized instance with one session. */
typedef struct {
    JET_INSTANCE instance;
    JET_SESID sesid;
} end_fixture;

static end_fixture end_fixture_new(int max_sessions)
{
    end_fixture f;
    f.instance = fixture_instance("end", max_sessions);
    f.sesid = fixture_session(f.instance);
    return f;
}

/* The session still works: a transaction begins and rolls back. */
static void expect_usable(JET_SESID sesid)
{
    EXPECT_OK(JetBeginTransaction(sesid));
    EXPECT_OK(JetRollback(sesid, 0));
}

static void test_end_session_success(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    JET_SESID other = fixture_session(f.instance);
    CHECK_CLAUSE("JetEndSession.Success", JetEndSession(f.sesid, 0));
    assert_int_equal(open_sessions(f.instance), 1);
    /* The handle is dead from then on, for every call. */
    CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(f.sesid, 0));
    EXPECT_CODE(JET_errInvalidSesid, JetBeginTransaction(f.sesid));
    EXPECT_CODE(JET_errInvalidSesid, JetSetSessionContext(f.sesid, 7));
    JET_SESID dup = 42;
    EXPECT_CODE(JET_errInvalidSesid, JetDupSession(f.sesid, &dup));
    assert_int_equal(dup, 42);
    assert_int_equal(open_sessions(f.instance), 1);
    CHECK_CLAUSE("JetEndSession.Success", JetEndSession(other, 0));
    assert_int_equal(open_sessions(f.instance), 0);
    /* A session of one-instance mode ends the same way. */
    reset_library();
    EXPECT_OK(JetInit(NULL));
    JET_SESID one = 0;
    EXPECT_OK(JetBeginSession(0, &one, NULL, NULL));
    CHECK_CLAUSE("JetEndSession.Success", JetEndSession(one, 0));
    CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(one, 0));
}

/* At the limit, ending a session makes room for the next begin at once. */
static void test_end_session_slot_freed(void **state)
{
    (void)state;
    static const int limits[] = {1, 2, 16};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        end_fixture f = end_fixture_new(limits[k]);
        JET_SESID last = f.sesid;
        for (int i = 1; i < limits[k]; i++)
            last = fixture_session(f.instance);
        CHECK_CLAUSE("JetEndSession.SlotFreed", JetEndSession(last, 0));
        assert_int_equal(open_sessions(f.instance), (uint32_t)limits[k] - 1);
        JET_SESID next = 0;
        EXPECT_OK(JetBeginSession(f.instance, &next, NULL, NULL));
        assert_int_equal(open_sessions(f.instance), (uint32_t)limits[k]);
        expect_usable(next);
        if (limits[k] > 1) { /* a duplicate's slot is freed the same way */
            CHECK_CLAUSE("JetEndSession.SlotFreed", JetEndSession(next, 0));
            EXPECT_OK(JetDupSession(f.sesid, &next));
            CHECK_CLAUSE("JetEndSession.SlotFreed", JetEndSession(next, 0));
            EXPECT_OK(JetDupSession(f.sesid, &next));
            expect_usable(next);
            assert_int_equal(open_sessions(f.instance), (uint32_t)limits[k]);
        }
        reset_library();
    }
}

/* A complete termination refuses open transactions (JetTerm2.TooManyActiveUsers): once the
 * session in a transaction has ended, nothing is left open. */
static void test_end_session_rolls_back_transaction(void **state)
{
    (void)state;
    for (int depth = 1; depth <= 7; depth += 3) {
        end_fixture f = end_fixture_new(1);
        for (int i = 0; i < depth; i++)
            EXPECT_OK(JetBeginTransaction(f.sesid));
        CHECK_CLAUSE("JetTerm2.TooManyActiveUsers", JetTerm2(f.instance, JET_bitTermComplete));
        CHECK_CLAUSE("JetEndSession.RollsBackTransaction", JetEndSession(f.sesid, 0));
        assert_int_equal(open_sessions(f.instance), 0);
        JET_SESID next = fixture_session(f.instance); /* the slot is free */
        EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(next, 0));
        EXPECT_OK(JetEndSession(next, 0));
        EXPECT_OK(JetTerm2(f.instance, JET_bitTermComplete));
    }
    /* A transaction with its session context reset first. */
    end_fixture f = end_fixture_new(-1);
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x77));
    EXPECT_OK(JetBeginTransaction(f.sesid));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetEndSession.RollsBackTransaction", JetEndSession(f.sesid, 0));
    EXPECT_OK(JetTerm2(f.instance, JET_bitTermComplete));
}

static void test_end_session_grbit_ignored(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {0, 0x1, 0x2, 0x8, 0x80000000u, 0xFFFFFFFFu};
    end_fixture f = end_fixture_new(-1);
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        JET_SESID sesid = fixture_session(f.instance);
        CHECK_CLAUSE("JetEndSession.GrbitIgnored", JetEndSession(sesid, grbits[i]));
        assert_int_equal(open_sessions(f.instance), 1);
    }
    /* Any bits change nothing: a context still keeps the session alive. */
    EXPECT_OK(JetSetSessionContext(f.sesid, 5));
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++)
        CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(f.sesid, grbits[i]));
    assert_int_equal(open_sessions(f.instance), 1);
    EXPECT_OK(JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetEndSession.GrbitIgnored", JetEndSession(f.sesid, 0xFFFFFFFFu));
    assert_int_equal(open_sessions(f.instance), 0);
}

static void test_end_session_allowed_after_stop(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    JET_SESID in_trx = fixture_session(f.instance);
    EXPECT_OK(JetBeginTransaction(in_trx));
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetEndSession.AllowedAfterStop", JetEndSession(f.sesid, 0));
    CHECK_CLAUSE("JetEndSession.AllowedAfterStop", JetEndSession(in_trx, 0));
    assert_int_equal(open_sessions(f.instance), 0);
    CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(in_trx, 0));
    /* One-instance mode, stopped by JetStopService. */
    reset_library();
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one));
    JET_SESID sesid = fixture_session(one);
    EXPECT_OK(JetStopService());
    CHECK_CLAUSE("JetEndSession.AllowedAfterStop", JetEndSession(sesid, 0));
    assert_int_equal(open_sessions(one), 0);
}

typedef struct {
    JET_SESID sesid;
    JET_API_PTR context;
    JET_ERR set, reset;
} context_job;

static void set_context_job(void *arg)
{
    context_job *job = arg;
    job->set = JetSetSessionContext(job->sesid, job->context);
}

static void reset_context_job(void *arg)
{
    context_job *job = arg;
    job->reset = JetResetSessionContext(job->sesid);
}

static void test_end_session_session_in_use(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x1234));
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(f.sesid, 0));
    assert_int_equal(open_sessions(f.instance), 1);
    expect_usable(f.sesid); /* the caller's context: still its session */
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(f.sesid, 0));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    EXPECT_OK(JetEndSession(f.sesid, 0));

    /* A context set by another thread keeps the session alive too; only that thread could
     * reset it, and it is gone: the session lives until its instance terminates. */
    context_job job = {fixture_session(f.instance), 0x99, -1, -1};
    support_on_thread(set_context_job, &job);
    EXPECT_OK(job.set);
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(job.sesid, 0));
    assert_int_equal(open_sessions(f.instance), 1);
    EXPECT_CODE(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(job.sesid));
    support_on_thread(reset_context_job, &job); /* a new thread is another thread again */
    EXPECT_CODE(JET_errSessionContextNotSetByThisThread, job.reset);
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(job.sesid, 0x1));
    assert_int_equal(open_sessions(f.instance), 1);
    EXPECT_OK(JetTerm(f.instance));
}

static void test_end_session_invalid_sesid(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    JET_SESID ended = fixture_session(f.instance);
    EXPECT_OK(JetEndSession(ended, 0));
    JET_INSTANCE other = fixture_instance("other", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    /* An instance in the terminated one's place, with a session in the same slot. */
    JET_INSTANCE reborn = fixture_instance("reborn", -1);
    JET_SESID reborn_session = fixture_session(reborn);
    const JET_SESID bad[] = {0, JET_sesidNil, GARBAGE_HANDLE, ended, orphan, f.sesid + 1, 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t before = live_blocks();
        CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(bad[i], 0));
        CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(bad[i], 0xFFFFFFFFu));
        assert_int_equal(live_blocks(), before);
        assert_int_equal(open_sessions(f.instance), 1);
        assert_int_equal(open_sessions(reborn), 1);
    }
    /* A bad handle is reported before the state of any instance. */
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    fixture_state(reborn, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(ended, 0));
    CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(orphan, 0));
    fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
    fixture_state(reborn, ESEHOOK_STATE_NORMAL);
    expect_usable(f.sesid);
    expect_usable(reborn_session);
}

/* An ended handle passed again after a new session was begun (in the engine the new session
 * may have the old address; the clause applies in the documented profile only). */
static void test_end_session_invalid_sesid_after_reuse(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    JET_SESID old = fixture_session(f.instance);
    EXPECT_OK(JetEndSession(old, 0));
    JET_SESID reused = fixture_session(f.instance);
    uint64_t before = live_blocks();
    CHECK_CLAUSE("JetEndSession.InvalidSesidAfterReuse", JetEndSession(old, 0));
    CHECK_CLAUSE("JetEndSession.InvalidSesidAfterReuse", JetEndSession(old, 0xFFFFFFFFu));
    assert_int_equal(live_blocks(), before);
    assert_int_equal(open_sessions(f.instance), 2);
    expect_usable(reused);
}

/* One hook state at a time: the clause its code belongs to; NORMAL lifts it. */
static void test_end_session_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *clause;
    } cases[] = {
        {ESEHOOK_STATE_UNAVAILABLE, "JetEndSession.InstanceUnavailable"},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "JetEndSession.TermInProgress"},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "JetEndSession.RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "JetEndSession.NotInitialized"},
    };
    end_fixture f = end_fixture_new(-1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JET_SESID sesid = fixture_session(f.instance);
        fixture_state(f.instance, cases[i].state);
        JET_ERR err = JetEndSession(sesid, 0);
        if (!CHECK_CLAUSE(cases[i].clause, err)) {
            /* unreachable in the engine: the state must not stop the call */
            assert_int_equal(err, JET_errSuccess);
            assert_int_equal(open_sessions(f.instance), 1);
            fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
            continue;
        }
        assert_int_equal(open_sessions(f.instance), 2);
        fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
        expect_usable(sesid); /* refused: the session is alive */
        EXPECT_OK(JetEndSession(sesid, 0));
    }
    expect_usable(f.sesid);
}

static void test_end_session_sharing_violation(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
    CHECK_CLAUSE("JetEndSession.SessionSharingViolation", JetEndSession(f.sesid, 0));
    CHECK_CLAUSE("JetEndSession.SessionSharingViolation", JetEndSession(f.sesid, 0x1));
    assert_int_equal(open_sessions(f.instance), 1);
    EXPECT_OK(esehook_set_session_busy(f.sesid, 0));
    expect_usable(f.sesid);
    EXPECT_OK(JetEndSession(f.sesid, 0));
    assert_int_equal(open_sessions(f.instance), 0);
}

static void test_end_session_other_sessions_unaffected(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    JET_SESID middle = fixture_session(f.instance);
    JET_SESID last = fixture_session(f.instance);
    JET_SESID dup = 0;
    EXPECT_OK(JetDupSession(middle, &dup));
    EXPECT_OK(JetBeginTransaction(last));
    EXPECT_OK(JetSetSessionContext(f.sesid, 3));
    CHECK_CLAUSE("JetEndSession.OtherSessionsUnaffected", JetEndSession(middle, 0));
    assert_int_equal(open_sessions(f.instance), 3);
    expect_usable(f.sesid);
    expect_usable(dup); /* a duplicate outlives its source */
    EXPECT_OK(JetCommitTransaction(last, 0)); /* its transaction is still open */
    CHECK_CLAUSE("JetEndSession.OtherSessionsUnaffected", JetEndSession(dup, 0));
    EXPECT_CODE(JET_errSessionInUse, JetEndSession(f.sesid, 0)); /* its context is intact */
    EXPECT_OK(JetResetSessionContext(f.sesid));
    /* Sessions of another instance are not touched either. */
    JET_INSTANCE second = fixture_instance("second", -1);
    JET_SESID there = fixture_session(second);
    CHECK_CLAUSE("JetEndSession.OtherSessionsUnaffected", JetEndSession(last, 0));
    expect_usable(there);
    assert_int_equal(open_sessions(second), 1);
    assert_int_equal(open_sessions(f.instance), 1);
}

/* The first failing check wins. */
static void test_end_session_check_order(void **state)
{
    (void)state;
    end_fixture f = end_fixture_new(-1);
    /* Stop is ignored, a fatal error is not. */
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetEndSession.InstanceUnavailable", JetEndSession(f.sesid, 0));
    assert_int_equal(open_sessions(f.instance), 1);

    /* Instance states come before another thread inside the call, and before the context. */
    end_fixture g;
    g.instance = fixture_instance("order", -1);
    g.sesid = fixture_session(g.instance);
    EXPECT_OK(JetSetSessionContext(g.sesid, 9));
    EXPECT_OK(esehook_set_session_busy(g.sesid, 1));
    fixture_state(g.instance, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetEndSession.TermInProgress", JetEndSession(g.sesid, 0));
    fixture_state(g.instance, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetEndSession.InstanceUnavailable", JetEndSession(g.sesid, 0));
    fixture_state(g.instance, ESEHOOK_STATE_NORMAL);
    /* Another thread inside the call comes before the context. */
    CHECK_CLAUSE("JetEndSession.SessionSharingViolation", JetEndSession(g.sesid, 0));
    EXPECT_OK(esehook_set_session_busy(g.sesid, 0));
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(g.sesid, 0));
    /* After a stop, the context still keeps the session. */
    EXPECT_OK(JetStopServiceInstance(g.instance));
    CHECK_CLAUSE("JetEndSession.SessionInUse", JetEndSession(g.sesid, 0));
    EXPECT_OK(JetResetSessionContext(g.sesid));
    CHECK_CLAUSE("JetEndSession.AllowedAfterStop", JetEndSession(g.sesid, 0));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_end_session_success),
    REF_TEST(test_end_session_slot_freed),
    REF_TEST(test_end_session_rolls_back_transaction),
    REF_TEST(test_end_session_grbit_ignored),
    REF_TEST(test_end_session_allowed_after_stop),
    REF_TEST(test_end_session_session_in_use),
    REF_TEST(test_end_session_invalid_sesid),
    REF_TEST(test_end_session_invalid_sesid_after_reuse),
    REF_TEST(test_end_session_instance_states),
    REF_TEST(test_end_session_sharing_violation),
    REF_TEST(test_end_session_other_sessions_unaffected),
    REF_TEST(test_end_session_check_order),
};
REF_GROUP_TABLE(end_session, tests)
