/* test_session_context.c - every clause of JetSetSessionContext and JetResetSessionContext,
 * called directly on ref. */
#include "support.h"
#include "groups.h"

/* 1 when a context is set on the session: JetEndSession refuses it (ESE_FACTS §5).
 * Ends the session when none is set, so it is the last use of the session. */
static int context_is_set(JET_SESID sesid)
{
    JET_ERR err = JetEndSession(sesid, 0);
    assert_true(err == JET_errSessionInUse || err == JET_errSuccess);
    return err == JET_errSessionInUse;
}

/* Calls on another thread; no asserts there. */
typedef struct {
    JET_SESID sesid;
    JET_API_PTR context;
    JET_ERR set, reset;
} ctx_job;

static void set_job(void *arg)
{
    ctx_job *job = arg;
    job->set = JetSetSessionContext(job->sesid, job->context);
}

static void reset_job(void *arg)
{
    ctx_job *job = arg;
    job->reset = JetResetSessionContext(job->sesid);
}

static void set_then_reset_job(void *arg)
{
    ctx_job *job = arg;
    job->set = JetSetSessionContext(job->sesid, job->context);
    job->reset = JetResetSessionContext(job->sesid);
}

/* --- JetSetSessionContext ---------------------------------------------------------------- */

static void test_set_session_context_success(void **state)
{
    (void)state;
    static const JET_API_PTR values[] = {1, 2, 0x1234, 0x7FFFFFFFFFFFFFFFull,
                                         0x8000000000000000ull, ~(JET_API_PTR)0 - 1};
    session_fixture f = fixture_with_session("ctx", -1);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        CHECK_CLAUSE("JetSetSessionContext.Success", JetSetSessionContext(f.sesid, values[i]));
        EXPECT_CODE(JET_errSessionInUse, JetEndSession(f.sesid, 0)); /* it is set */
        EXPECT_OK(JetBeginTransaction(f.sesid)); /* the session works under it */
        EXPECT_OK(JetCommitTransaction(f.sesid, 0));
        EXPECT_OK(JetResetSessionContext(f.sesid));
    }
    /* Two sessions may carry the same context. */
    JET_SESID other = fixture_session(f.instance);
    CHECK_CLAUSE("JetSetSessionContext.Success", JetSetSessionContext(f.sesid, 77));
    CHECK_CLAUSE("JetSetSessionContext.Success", JetSetSessionContext(other, 77));
    EXPECT_OK(JetResetSessionContext(other));
    EXPECT_OK(JetEndSession(other, 0));
    assert_true(context_is_set(f.sesid));
}

static void test_set_session_context_invalid_parameter(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    CHECK_CLAUSE("JetSetSessionContext.InvalidParameter", JetSetSessionContext(f.sesid, 0));
    CHECK_CLAUSE("JetSetSessionContext.InvalidParameterAllOnes",
                 JetSetSessionContext(f.sesid, ~(JET_API_PTR)0));
    /* Nothing was set: no reset, no refusal to end, and a real context still goes on. */
    EXPECT_CODE(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetSetSessionContext.Success", JetSetSessionContext(f.sesid, 5));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    /* A context already set: the parameter is reported first, and the context is kept. */
    EXPECT_OK(JetSetSessionContext(f.sesid, 6));
    CHECK_CLAUSE("JetSetSessionContext.Order.InvalidParameterBeforeAlreadySet",
                 JetSetSessionContext(f.sesid, 0));
    CHECK_CLAUSE("JetSetSessionContext.Order.InvalidParameterBeforeAlreadySet",
                 JetSetSessionContext(f.sesid, ~(JET_API_PTR)0));
    CHECK_CLAUSE("JetSetSessionContext.InvalidParameter", JetSetSessionContext(f.sesid, 0));
    CHECK_CLAUSE("JetSetSessionContext.InvalidParameterAllOnes",
                 JetSetSessionContext(f.sesid, ~(JET_API_PTR)0));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    assert_false(context_is_set(f.sesid));
}

static void test_set_session_context_already_set(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x10));
    CHECK_CLAUSE("JetSetSessionContext.AlreadySet", JetSetSessionContext(f.sesid, 0x10));
    CHECK_CLAUSE("JetSetSessionContext.AlreadySet", JetSetSessionContext(f.sesid, 0x20));
    /* The first context is kept: it owns a transaction begun under it. */
    EXPECT_OK(JetBeginTransaction(f.sesid));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    EXPECT_CODE(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(f.sesid));
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x10));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetSetSessionContext.AlreadySet", JetSetSessionContext(f.sesid, 0x30));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    /* After a reset a context can be set again. */
    CHECK_CLAUSE("JetSetSessionContext.Success", JetSetSessionContext(f.sesid, 0x20));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    assert_false(context_is_set(f.sesid));
}

static void test_set_session_context_already_set_other_thread(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    /* Set here, refused there. */
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x40));
    ctx_job job = {f.sesid, 0x41, -1, -1};
    support_on_thread(set_job, &job);
    CHECK_CLAUSE("JetSetSessionContext.AlreadySetOtherThread", job.set);
    job.context = 0x40; /* the same value too */
    support_on_thread(set_job, &job);
    CHECK_CLAUSE("JetSetSessionContext.AlreadySetOtherThread", job.set);
    EXPECT_OK(JetResetSessionContext(f.sesid)); /* still this thread's */
    /* Set there, refused here. */
    JET_SESID second = fixture_session(f.instance);
    ctx_job other = {second, 0x50, -1, -1};
    support_on_thread(set_job, &other);
    EXPECT_OK(other.set);
    CHECK_CLAUSE("JetSetSessionContext.AlreadySetOtherThread", JetSetSessionContext(second, 0x51));
    CHECK_CLAUSE("JetSetSessionContext.AlreadySetOtherThread", JetSetSessionContext(second, 0x50));
    CHECK_CLAUSE("JetSetSessionContext.AlreadySet", JetSetSessionContext(second, 0x52));
    assert_true(context_is_set(second));
    assert_false(context_is_set(f.sesid));
}

/* --- JetResetSessionContext -------------------------------------------------------------- */

static void test_reset_session_context_success(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    for (int round = 0; round < 3; round++) {
        EXPECT_OK(JetSetSessionContext(f.sesid, 0x100 + (JET_API_PTR)round));
        CHECK_CLAUSE("JetResetSessionContext.Success", JetResetSessionContext(f.sesid));
        CHECK_CLAUSE("JetResetSessionContext.NotSet", JetResetSessionContext(f.sesid));
    }
    /* Another thread that sets and resets its own context. */
    ctx_job job = {f.sesid, 0x200, -1, -1};
    support_on_thread(set_then_reset_job, &job);
    EXPECT_OK(job.set);
    CHECK_CLAUSE("JetResetSessionContext.Success", job.reset);
    assert_false(context_is_set(f.sesid)); /* nothing left: it ends */
}

static void test_reset_session_context_not_set(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    CHECK_CLAUSE("JetResetSessionContext.NotSet", JetResetSessionContext(f.sesid));
    EXPECT_OK(JetBeginTransaction(f.sesid)); /* nothing changed: the session works */
    CHECK_CLAUSE("JetResetSessionContext.NotSet", JetResetSessionContext(f.sesid));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    JET_SESID dup = 0;
    EXPECT_OK(JetDupSession(f.sesid, &dup));
    CHECK_CLAUSE("JetResetSessionContext.NotSet", JetResetSessionContext(dup));
    assert_false(context_is_set(dup));
    assert_false(context_is_set(f.sesid));
}

static void test_reset_session_context_other_thread(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    /* Set here, reset there: refused, the context kept. */
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x300));
    ctx_job job = {f.sesid, 0, -1, -1};
    support_on_thread(reset_job, &job);
    CHECK_CLAUSE("JetResetSessionContext.OtherThread", job.reset);
    EXPECT_CODE(JET_errSessionContextAlreadySet, JetSetSessionContext(f.sesid, 0x301));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    /* Set there, reset here. */
    ctx_job other = {f.sesid, 0x302, -1, -1};
    support_on_thread(set_job, &other);
    EXPECT_OK(other.set);
    CHECK_CLAUSE("JetResetSessionContext.OtherThread", JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetResetSessionContext.OtherThread", JetResetSessionContext(f.sesid));
    assert_true(context_is_set(f.sesid));
}

static void test_reset_session_context_allowed_after_stop(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    JET_SESID second = fixture_session(f.instance);
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x400));
    EXPECT_OK(JetSetSessionContext(second, 0x401));
    EXPECT_OK(JetBeginTransaction(second));
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetResetSessionContext.AllowedAfterStop", JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetResetSessionContext.NotSet", JetResetSessionContext(f.sesid));
    EXPECT_OK(JetEndSession(f.sesid, 0)); /* the context is gone */
    CHECK_CLAUSE("JetResetSessionContext.AllowedAfterStop", JetResetSessionContext(second));
    EXPECT_OK(JetEndSession(second, 0));
    assert_int_equal(open_sessions(f.instance), 0);
}

/* --- what both share --------------------------------------------------------------------- */

static void test_session_context_invalid_sesid(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x500));
    JET_SESID ended = fixture_session(f.instance);
    EXPECT_OK(JetEndSession(ended, 0));
    JET_INSTANCE other = fixture_instance("other", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    const JET_SESID bad[] = {0, JET_sesidNil, GARBAGE_HANDLE, ended, orphan, f.sesid + 1, 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_CLAUSE("JetSetSessionContext.InvalidSesid", JetSetSessionContext(bad[i], 0x600));
        CHECK_CLAUSE("JetSetSessionContext.InvalidSesid", JetSetSessionContext(bad[i], 0));
        CHECK_CLAUSE("JetResetSessionContext.InvalidSesid", JetResetSessionContext(bad[i]));
    }
    /* The live session's context is untouched. */
    EXPECT_CODE(JET_errSessionContextAlreadySet, JetSetSessionContext(f.sesid, 0x600));
    EXPECT_OK(JetResetSessionContext(f.sesid));
    assert_int_equal(open_sessions(f.instance), 1);
}

static void test_set_session_context_stopped(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    JET_SESID second = fixture_session(f.instance);
    EXPECT_OK(JetSetSessionContext(second, 0x700));
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetSetSessionContext.ClientRequestToStopJetService",
                 JetSetSessionContext(f.sesid, 0x701));
    CHECK_CLAUSE("JetSetSessionContext.ClientRequestToStopJetService",
                 JetSetSessionContext(f.sesid, 0)); /* the stop before the parameter */
    CHECK_CLAUSE("JetSetSessionContext.ClientRequestToStopJetService",
                 JetSetSessionContext(second, 0x702)); /* before AlreadySet */
    assert_false(context_is_set(f.sesid)); /* nothing was set */
    EXPECT_OK(JetResetSessionContext(second)); /* the earlier one was kept */
    assert_false(context_is_set(second));
}

/* One hook state at a time, for both calls: the clause its code belongs to; NORMAL lifts it. */
static void test_session_context_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *set, *reset;
    } cases[] = {
        {ESEHOOK_STATE_UNAVAILABLE, "JetSetSessionContext.InstanceUnavailable",
         "JetResetSessionContext.InstanceUnavailable"},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "JetSetSessionContext.TermInProgress",
         "JetResetSessionContext.TermInProgress"},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "JetSetSessionContext.RestoreInProgress",
         "JetResetSessionContext.RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "JetSetSessionContext.NotInitialized",
         "JetResetSessionContext.NotInitialized"},
    };
    session_fixture f = fixture_with_session("ctx", -1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture_state(f.instance, cases[i].state);
        JET_ERR err = JetSetSessionContext(f.sesid, 0x800);
        int set = !CHECK_CLAUSE(cases[i].set, err);
        if (set) /* unreachable in the engine: the state must not stop the call */
            assert_int_equal(err, JET_errSuccess);
        fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
        if (!set)
            EXPECT_OK(JetSetSessionContext(f.sesid, 0x800)); /* nothing was set */
        fixture_state(f.instance, cases[i].state);
        err = JetResetSessionContext(f.sesid);
        int reset = !CHECK_CLAUSE(cases[i].reset, err);
        if (reset)
            assert_int_equal(err, JET_errSuccess);
        fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
        if (!reset)
            EXPECT_OK(JetResetSessionContext(f.sesid)); /* the context was kept */
        EXPECT_CODE(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(f.sesid));
    }
    /* Stop is ignored by reset, a fatal error is not. */
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x801));
    EXPECT_OK(JetStopServiceInstance(f.instance));
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetResetSessionContext.InstanceUnavailable", JetResetSessionContext(f.sesid));
}

/* Another thread inside a call on the session (a hook): refused, nothing changed. */
static void test_session_context_sharing_violation(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("ctx", -1);
    EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
    CHECK_CLAUSE("JetSetSessionContext.SessionSharingViolation",
                 JetSetSessionContext(f.sesid, 0x900));
    CHECK_CLAUSE("JetResetSessionContext.SessionSharingViolation",
                 JetResetSessionContext(f.sesid));
    EXPECT_OK(esehook_set_session_busy(f.sesid, 0));
    EXPECT_OK(JetSetSessionContext(f.sesid, 0x900)); /* nothing was set */
    EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
    CHECK_CLAUSE("JetResetSessionContext.SessionSharingViolation",
                 JetResetSessionContext(f.sesid));
    CHECK_CLAUSE("JetSetSessionContext.SessionSharingViolation",
                 JetSetSessionContext(f.sesid, 0x901));
    /* The states come before the sharing check. */
    fixture_state(f.instance, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetSetSessionContext.TermInProgress", JetSetSessionContext(f.sesid, 0x902));
    CHECK_CLAUSE("JetResetSessionContext.TermInProgress", JetResetSessionContext(f.sesid));
    fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
    EXPECT_OK(esehook_set_session_busy(f.sesid, 0));
    EXPECT_OK(JetResetSessionContext(f.sesid)); /* the context was kept */
    assert_false(context_is_set(f.sesid));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_set_session_context_success),
    REF_TEST(test_set_session_context_invalid_parameter),
    REF_TEST(test_set_session_context_already_set),
    REF_TEST(test_set_session_context_already_set_other_thread),
    REF_TEST(test_reset_session_context_success),
    REF_TEST(test_reset_session_context_not_set),
    REF_TEST(test_reset_session_context_other_thread),
    REF_TEST(test_reset_session_context_allowed_after_stop),
    REF_TEST(test_session_context_invalid_sesid),
    REF_TEST(test_set_session_context_stopped),
    REF_TEST(test_session_context_instance_states),
    REF_TEST(test_session_context_sharing_violation),
};
REF_GROUP_TABLE(session_context, tests)
