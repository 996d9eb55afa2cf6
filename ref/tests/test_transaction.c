/* test_transaction.c - every clause of JetBeginTransaction, JetBeginTransaction2,
 * JetCommitTransaction and JetRollback, called directly on ref. */
#include <stdio.h>
#include "support.h"
#include "groups.h"

/* The session's nesting level, found by rolling back until there is nothing left (rollback
 * works after a stop service too). Leaves the session outside any transaction. */
static int trx_depth(JET_SESID sesid)
{
    int depth = 0;
    JET_ERR err;
    while ((err = JetRollback(sesid, 0)) == JET_errSuccess)
        depth++;
    assert_int_equal(err, JET_errNotInTransaction);
    return depth;
}

static void trx_begin_n(JET_SESID sesid, int n)
{
    for (int i = 0; i < n; i++)
        EXPECT_OK(JetBeginTransaction(sesid));
}

/* The four calls with the clauses they share, each with a plain grbit of 0. */
typedef struct {
    const char *function; /* clause id prefix */
    JET_ERR (*call)(JET_SESID sesid);
    int delta;            /* level change on success */
} trx_op;

static JET_ERR op_begin(JET_SESID s) { return JetBeginTransaction(s); }
static JET_ERR op_begin2(JET_SESID s) { return JetBeginTransaction2(s, 0); }
static JET_ERR op_commit(JET_SESID s) { return JetCommitTransaction(s, 0); }
static JET_ERR op_rollback(JET_SESID s) { return JetRollback(s, 0); }

static const trx_op ops[] = {
    {"JetBeginTransaction", op_begin, +1},
    {"JetBeginTransaction2", op_begin2, +1},
    {"JetCommitTransaction", op_commit, -1},
    {"JetRollback", op_rollback, -1},
};
#define OP_COUNT (sizeof ops / sizeof ops[0])

/* "<function>.<suffix>" in a static buffer. */
static const char *op_clause(const trx_op *op, const char *suffix)
{
    static char id[96];
    snprintf(id, sizeof id, "%s.%s", op->function, suffix);
    return id;
}

/* --- JetBeginTransaction, JetBeginTransaction2 ------------------------------------------- */

static void test_begin_transaction_success(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    CHECK_CLAUSE("JetBeginTransaction.Success", JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetBeginTransaction.Success", JetBeginTransaction(f.sesid)); /* a save point */
    assert_int_equal(trx_depth(f.sesid), 2);
    CHECK_CLAUSE("JetBeginTransaction2.Success", JetBeginTransaction2(f.sesid, 0));
    CHECK_CLAUSE("JetBeginTransaction2.Success", JetBeginTransaction2(f.sesid, 0));
    CHECK_CLAUSE("JetBeginTransaction.Success", JetBeginTransaction(f.sesid)); /* they mix */
    assert_int_equal(trx_depth(f.sesid), 3);
    /* Each session has its own level. */
    JET_SESID other = fixture_session(f.instance);
    CHECK_CLAUSE("JetBeginTransaction.Success", JetBeginTransaction(f.sesid));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(other, 0));
    assert_int_equal(trx_depth(f.sesid), 1);
}

/* Seven levels, then the eighth is refused and the session stays at seven. */
static void test_begin_transaction_nest_seven_then_eight(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    for (int round = 0; round < 2; round++) {
        const trx_op *op = &ops[round]; /* JetBeginTransaction, then JetBeginTransaction2 */
        for (int level = 1; level <= 7; level++)
            CHECK_CLAUSE(op_clause(op, "NestSeven"), op->call(f.sesid));
        CHECK_CLAUSE(op_clause(op, "TransTooDeep"), op->call(f.sesid));
        CHECK_CLAUSE(op_clause(op, "TransTooDeep"), op->call(f.sesid));
        CHECK_CLAUSE("JetBeginTransaction.TransTooDeep", JetBeginTransaction(f.sesid));
        CHECK_CLAUSE("JetBeginTransaction2.TransTooDeep",
                     JetBeginTransaction2(f.sesid, JET_bitTransactionReadOnly));
        /* Commit the seven levels one by one: the eighth left no trace. */
        for (int level = 7; level >= 1; level--)
            EXPECT_OK(JetCommitTransaction(f.sesid, 0));
        EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
    }
    /* Room again after one level is left. */
    trx_begin_n(f.sesid, 7);
    EXPECT_OK(JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetBeginTransaction.NestSeven", JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetBeginTransaction2.TransTooDeep", JetBeginTransaction2(f.sesid, 0));
    assert_int_equal(trx_depth(f.sesid), 7);
}

static void test_begin_transaction2_read_only(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    CHECK_CLAUSE("JetBeginTransaction2.ReadOnly",
                 JetBeginTransaction2(f.sesid, JET_bitTransactionReadOnly));
    CHECK_CLAUSE("JetBeginTransaction2.ReadOnly",
                 JetBeginTransaction2(f.sesid, JET_bitTransactionReadOnly));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetBeginTransaction2.ReadOnly",
                 JetBeginTransaction2(f.sesid, JET_bitTransactionReadOnly));
    assert_int_equal(trx_depth(f.sesid), 1);
}

static void test_begin_transaction2_unknown_bits_ignored(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {0x2, 0x4, 0x40, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu};
    session_fixture f = fixture_with_session("trx", -1);
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        CHECK_CLAUSE("JetBeginTransaction2.UnknownBitsIgnored",
                     JetBeginTransaction2(f.sesid, grbits[i]));
        CHECK_CLAUSE("JetBeginTransaction2.UnknownBitsIgnored",
                     JetBeginTransaction2(f.sesid, grbits[i]));
        assert_int_equal(trx_depth(f.sesid), 2); /* each began a real level */
    }
}

/* --- JetCommitTransaction ------------------------------------------------------------------ */

static void test_commit_transaction_success(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    trx_begin_n(f.sesid, 3);
    CHECK_CLAUSE("JetCommitTransaction.Success", JetCommitTransaction(f.sesid, 0));
    assert_int_equal(trx_depth(f.sesid), 2); /* only the innermost save point */
    EXPECT_OK(JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetCommitTransaction.Success", JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetCommitTransaction.NotInTransaction", JetCommitTransaction(f.sesid, 0));
    trx_begin_n(f.sesid, 2);
    CHECK_CLAUSE("JetCommitTransaction.LazyFlush",
                 JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush));
    assert_int_equal(trx_depth(f.sesid), 1);
    EXPECT_OK(JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetCommitTransaction.LazyFlush",
                 JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush));
    CHECK_CLAUSE("JetCommitTransaction.NotInTransaction",
                 JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush));
}

static void test_commit_transaction_not_in_transaction(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    CHECK_CLAUSE("JetCommitTransaction.NotInTransaction", JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetCommitTransaction.NotInTransaction", JetCommitTransaction(f.sesid, 0));
    trx_begin_n(f.sesid, 1);
    EXPECT_OK(JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetCommitTransaction.NotInTransaction", JetCommitTransaction(f.sesid, 0));
    EXPECT_OK(JetBeginTransaction(f.sesid)); /* the session still works */
    assert_int_equal(trx_depth(f.sesid), 1);
}

/* Unknown bits, and a Wait or ForceNewLog bit with another: refused, the level kept. */
static void test_commit_transaction_invalid_grbit(void **state)
{
    (void)state;
    static const JET_GRBIT unknown[] = {0x4, 0x20, 0x40, 0x100, 0x80000000u, 0xFFFFFFFFu,
                                        JET_bitCommitLazyFlush | 0x4};
    static const JET_GRBIT wait_mixed[] = {
        JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitWaitAllLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit,
        JET_bitWaitLastLevel0Commit | JET_bitForceNewLog,
        JET_bitWaitAllLevel0Commit | JET_bitForceNewLog,
    };
    session_fixture f = fixture_with_session("trx", -1);
    for (int depth = 0; depth <= 2; depth += 2) {
        trx_begin_n(f.sesid, depth);
        for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
            JET_ERR err = JetCommitTransaction(f.sesid, unknown[i]);
            CHECK_CLAUSE(depth ? "JetCommitTransaction.InvalidGrbit"
                               : "JetCommitTransaction.Order.GrbitBeforeNotInTransaction", err);
            if (depth == 0)
                CHECK_CLAUSE("JetCommitTransaction.InvalidGrbit", err);
        }
        for (size_t i = 0; i < sizeof wait_mixed / sizeof wait_mixed[0]; i++)
            CHECK_CLAUSE("JetCommitTransaction.WaitWithOtherBits",
                         JetCommitTransaction(f.sesid, wait_mixed[i]));
        /* ESE_FACTS §5 (the clause's text says so too, its outcome lists only Success). */
        EXPECT_CODE(JET_errInvalidGrbit,
                    JetCommitTransaction(f.sesid, JET_bitForceNewLog | JET_bitCommitLazyFlush));
        assert_int_equal(trx_depth(f.sesid), depth);
    }
}

/* The Wait bits alone only flush: fine outside a transaction, which stays closed. */
static void test_commit_transaction_wait_outside_transaction(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    CHECK_CLAUSE("JetCommitTransaction.WaitOutsideTransaction",
                 JetCommitTransaction(f.sesid, JET_bitWaitLastLevel0Commit));
    CHECK_CLAUSE("JetCommitTransaction.WaitOutsideTransaction",
                 JetCommitTransaction(f.sesid, JET_bitWaitAllLevel0Commit));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
    /* After a transaction has ended, too. */
    EXPECT_OK(JetBeginTransaction(f.sesid));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetCommitTransaction.WaitOutsideTransaction",
                 JetCommitTransaction(f.sesid, JET_bitWaitLastLevel0Commit));
    assert_int_equal(trx_depth(f.sesid), 0);
}

static void test_commit_transaction_force_new_log(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    CHECK_CLAUSE("JetCommitTransaction.ForceNewLogAlone",
                 JetCommitTransaction(f.sesid, JET_bitForceNewLog));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0)); /* none begun */
    trx_begin_n(f.sesid, 2);
    CHECK_CLAUSE("JetCommitTransaction.ForceNewLogAlone",
                 JetCommitTransaction(f.sesid, JET_bitForceNewLog));
    /* With another bit it is refused and the level is kept. */
    int before = trx_depth(f.sesid);
    trx_begin_n(f.sesid, before);
    CHECK_CLAUSE("JetCommitTransaction.ForceNewLogWithOtherBits",
                 JetCommitTransaction(f.sesid, JET_bitForceNewLog | JET_bitCommitLazyFlush));
    CHECK_CLAUSE("JetCommitTransaction.WaitWithOtherBits",
                 JetCommitTransaction(f.sesid, JET_bitForceNewLog | JET_bitWaitLastLevel0Commit));
    CHECK_CLAUSE("JetCommitTransaction.WaitWithOtherBits",
                 JetCommitTransaction(f.sesid, JET_bitForceNewLog | JET_bitWaitAllLevel0Commit));
    assert_int_equal(trx_depth(f.sesid), before);
}

/* --- JetRollback ------------------------------------------------------------------------- */

static void test_rollback_success(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    trx_begin_n(f.sesid, 3);
    CHECK_CLAUSE("JetRollback.Success", JetRollback(f.sesid, 0));
    EXPECT_OK(JetCommitTransaction(f.sesid, 0)); /* two levels were left */
    EXPECT_OK(JetCommitTransaction(f.sesid, 0));
    EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
    EXPECT_OK(JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetRollback.Success", JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetRollback.NotInTransaction", JetRollback(f.sesid, 0));
    for (int depth = 1; depth <= 7; depth += 3) {
        trx_begin_n(f.sesid, depth);
        CHECK_CLAUSE("JetRollback.RollbackAll", JetRollback(f.sesid, JET_bitRollbackAll));
        CHECK_CLAUSE("JetRollback.NotInTransaction", JetRollback(f.sesid, JET_bitRollbackAll));
        EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
    }
    EXPECT_OK(JetBeginTransaction(f.sesid)); /* the session still works */
    assert_int_equal(trx_depth(f.sesid), 1);
}

static void test_rollback_invalid_grbit(void **state)
{
    (void)state;
    static const JET_GRBIT bad[] = {0x2, 0x4, JET_bitRollbackAll | 0x2, 0x80000000u,
                                    0xFFFFFFFFu};
    session_fixture f = fixture_with_session("trx", -1);
    for (int depth = 0; depth <= 3; depth += 3) {
        trx_begin_n(f.sesid, depth);
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            JET_ERR err = JetRollback(f.sesid, bad[i]);
            CHECK_CLAUSE("JetRollback.InvalidGrbit", err);
            if (depth == 0)
                CHECK_CLAUSE("JetRollback.Order.GrbitBeforeNotInTransaction", err);
        }
        assert_int_equal(trx_depth(f.sesid), depth);
    }
}

/* A stop service leaves rollback (and RollbackAll) working; begin and commit are refused. */
static void test_rollback_allowed_after_stop(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    trx_begin_n(f.sesid, 4);
    EXPECT_OK(JetStopServiceInstance(f.instance));
    CHECK_CLAUSE("JetRollback.AllowedAfterStop", JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetCommitTransaction.ClientRequestToStopJetService",
                 JetCommitTransaction(f.sesid, 0));
    CHECK_CLAUSE("JetRollback.AllowedAfterStop", JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetRollback.AllowedAfterStop", JetRollback(f.sesid, JET_bitRollbackAll));
    CHECK_CLAUSE("JetRollback.NotInTransaction", JetRollback(f.sesid, 0));
    CHECK_CLAUSE("JetRollback.InvalidGrbit", JetRollback(f.sesid, 0x2));
    /* A fatal error is not ignored the way the stop is. */
    fixture_state(f.instance, ESEHOOK_STATE_UNAVAILABLE);
    CHECK_CLAUSE("JetRollback.InstanceUnavailable", JetRollback(f.sesid, 0));
}

/* Undo fails: the rollback reports it and the instance is unavailable from then on. */
static void test_rollback_rollback_error(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {0, JET_bitRollbackAll};
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        session_fixture f = fixture_with_session(i ? "trx-all" : "trx", -1);
        JET_SESID other = fixture_session(f.instance);
        fixture_state(f.instance, ESEHOOK_STATE_ROLLBACK_FAILS);
        /* Outside a transaction nothing is undone, so nothing fails. */
        EXPECT_CODE(JET_errNotInTransaction, JetRollback(f.sesid, grbits[i]));
        trx_begin_n(f.sesid, 2);
        CHECK_CLAUSE("JetRollback.RollbackError", JetRollback(f.sesid, grbits[i]));
        CHECK_CLAUSE("JetRollback.InstanceUnavailable", JetRollback(f.sesid, grbits[i]));
        CHECK_CLAUSE("JetBeginTransaction.InstanceUnavailable", JetBeginTransaction(other));
        CHECK_CLAUSE("JetCommitTransaction.InstanceUnavailable",
                     JetCommitTransaction(f.sesid, 0));
        JET_SESID out = 42;
        CHECK_CLAUSE("JetBeginSession.InstanceUnavailable",
                     JetBeginSession(f.instance, &out, NULL, NULL));
        assert_int_equal(out, 42);
        assert_int_equal(open_sessions(f.instance), 2);
    }
}

/* --- what all four share ------------------------------------------------------------------- */

static void test_transaction_invalid_sesid(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    trx_begin_n(f.sesid, 2);
    JET_SESID ended = fixture_session(f.instance);
    EXPECT_OK(JetBeginTransaction(ended));
    EXPECT_OK(JetEndSession(ended, 0));
    JET_INSTANCE other = fixture_instance("other", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    const JET_SESID bad[] = {0, JET_sesidNil, GARBAGE_HANDLE, ended, orphan, f.sesid + 1, 1};
    for (size_t k = 0; k < OP_COUNT; k++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            CHECK_CLAUSE(op_clause(&ops[k], "InvalidSesid"), ops[k].call(bad[i]));
    /* Whatever the bits. */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_CLAUSE("JetBeginTransaction2.InvalidSesid",
                     JetBeginTransaction2(bad[i], JET_bitTransactionReadOnly));
        CHECK_CLAUSE("JetCommitTransaction.InvalidSesid", JetCommitTransaction(bad[i], 0x4));
        CHECK_CLAUSE("JetRollback.InvalidSesid", JetRollback(bad[i], 0x2));
    }
    assert_int_equal(trx_depth(f.sesid), 2);
    assert_int_equal(open_sessions(f.instance), 1);
}

/* After a stop service: begin and commit refused, the level kept (rollback: above). */
static void test_transaction_stopped(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    JET_SESID idle = fixture_session(f.instance);
    trx_begin_n(f.sesid, 2);
    EXPECT_OK(JetStopServiceInstance(f.instance));
    for (size_t k = 0; k < OP_COUNT; k++) {
        if (ops[k].call == op_rollback)
            continue;
        CHECK_CLAUSE(op_clause(&ops[k], "ClientRequestToStopJetService"), ops[k].call(f.sesid));
    }
    CHECK_CLAUSE("JetBeginTransaction2.ClientRequestToStopJetService",
                 JetBeginTransaction2(f.sesid, JET_bitTransactionReadOnly));
    CHECK_CLAUSE("JetCommitTransaction.ClientRequestToStopJetService",
                 JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush));
    CHECK_CLAUSE("JetCommitTransaction.ClientRequestToStopJetService",
                 JetCommitTransaction(f.sesid, JET_bitWaitLastLevel0Commit));
    /* A session outside any transaction cannot begin one either. */
    CHECK_CLAUSE("JetBeginTransaction.ClientRequestToStopJetService", JetBeginTransaction(idle));
    CHECK_CLAUSE("JetBeginTransaction2.ClientRequestToStopJetService",
                 JetBeginTransaction2(idle, 0));
    CHECK_CLAUSE("JetCommitTransaction.ClientRequestToStopJetService",
                 JetCommitTransaction(idle, 0));
    assert_int_equal(trx_depth(f.sesid), 2);
    assert_int_equal(trx_depth(idle), 0);
}

/* One hook state at a time, for each call: the clause its code belongs to. The session is
 * two levels deep; a refused call keeps the level, an unreachable state lets the call work. */
static void test_transaction_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *suffix;
    } cases[] = {
        {ESEHOOK_STATE_UNAVAILABLE, "InstanceUnavailable"},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "TermInProgress"},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "RestoreInProgress"},
        {ESEHOOK_STATE_NOT_INITIALIZED, "NotInitialized"},
    };
    session_fixture f = fixture_with_session("trx", -1);
    for (size_t k = 0; k < OP_COUNT; k++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            trx_begin_n(f.sesid, 2);
            fixture_state(f.instance, cases[i].state);
            JET_ERR err = ops[k].call(f.sesid);
            int expected = 2;
            if (!CHECK_CLAUSE(op_clause(&ops[k], cases[i].suffix), err)) {
                assert_int_equal(err, JET_errSuccess); /* the state must not stop the call */
                expected += ops[k].delta;
            }
            fixture_state(f.instance, ESEHOOK_STATE_NORMAL);
            assert_int_equal(trx_depth(f.sesid), expected);
        }
    }
}

/* Another thread inside a call on the session (a hook): refused, the level kept. */
static void test_transaction_sharing_violation(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    for (size_t k = 0; k < OP_COUNT; k++) {
        trx_begin_n(f.sesid, 2);
        EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
        CHECK_CLAUSE(op_clause(&ops[k], "SessionSharingViolation"), ops[k].call(f.sesid));
        EXPECT_OK(esehook_set_session_busy(f.sesid, 0));
        assert_int_equal(trx_depth(f.sesid), 2);
    }
    /* Outside a transaction as well. */
    EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
    for (size_t k = 0; k < OP_COUNT; k++)
        CHECK_CLAUSE(op_clause(&ops[k], "SessionSharingViolation"), ops[k].call(f.sesid));
    EXPECT_OK(esehook_set_session_busy(f.sesid, 0));
    assert_int_equal(trx_depth(f.sesid), 0);
    /* The states come before the sharing check. */
    EXPECT_OK(esehook_set_session_busy(f.sesid, 1));
    fixture_state(f.instance, ESEHOOK_STATE_TERM_IN_PROGRESS);
    for (size_t k = 0; k < OP_COUNT; k++)
        CHECK_CLAUSE(op_clause(&ops[k], "TermInProgress"), ops[k].call(f.sesid));
}

/* Runs one call on another thread; no asserts there. */
typedef struct {
    JET_SESID sesid;
    const trx_op *op;
    JET_API_PTR context;  /* set first (and reset after) when not 0 */
    JET_ERR set, call, commit, reset;
} thread_job;

static void run_op_job(void *arg)
{
    thread_job *job = arg;
    if (job->context)
        job->set = JetSetSessionContext(job->sesid, job->context);
    job->call = job->op->call(job->sesid);
    if (job->context)
        job->reset = JetResetSessionContext(job->sesid);
}

/* A transaction begun on this thread, continued on another without a context: refused. */
static void test_transaction_other_thread(void **state)
{
    (void)state;
    session_fixture f = fixture_with_session("trx", -1);
    for (size_t k = 0; k < OP_COUNT; k++) {
        trx_begin_n(f.sesid, 2);
        thread_job job = {.sesid = f.sesid, .op = &ops[k]};
        support_on_thread(run_op_job, &job);
        CHECK_CLAUSE(op_clause(&ops[k], "OtherThread"), job.call);
        assert_int_equal(trx_depth(f.sesid), 2); /* still this thread's, at its level */
    }
    /* Outside a transaction another thread may use the session: it then owns the transaction
     * it begins, and this thread cannot continue it. */
    thread_job job = {.sesid = f.sesid, .op = &ops[0]};
    support_on_thread(run_op_job, &job);
    EXPECT_OK(job.call);
    for (size_t k = 0; k < OP_COUNT; k++)
        CHECK_CLAUSE(op_clause(&ops[k], "OtherThread"), ops[k].call(f.sesid));
    CHECK_CLAUSE("JetRollback.OtherThread", JetRollback(f.sesid, JET_bitRollbackAll));
    CHECK_CLAUSE("JetCommitTransaction.OtherThread",
                 JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush));
    /* While this thread's context is in force, another thread cannot commit its transaction. */
    session_fixture h = fixture_with_session("trx3", -1);
    EXPECT_OK(JetSetSessionContext(h.sesid, 0x52));
    EXPECT_OK(JetBeginTransaction(h.sesid));
    thread_job commit = {.sesid = h.sesid, .op = &ops[2]};
    support_on_thread(run_op_job, &commit);
    CHECK_CLAUSE("JetCommitTransaction.OtherThreadWhileContextSet", commit.call);
    EXPECT_OK(JetCommitTransaction(h.sesid, 0)); /* this thread, with its context: fine */
    EXPECT_OK(JetResetSessionContext(h.sesid));
    /* Begun under one context, committed under another (reset, then another value set). */
    EXPECT_OK(JetSetSessionContext(h.sesid, 0x53));
    EXPECT_OK(JetBeginTransaction(h.sesid));
    EXPECT_OK(JetResetSessionContext(h.sesid));
    EXPECT_OK(JetSetSessionContext(h.sesid, 0x54));
    CHECK_CLAUSE("JetCommitTransaction.OtherContext", JetCommitTransaction(h.sesid, 0));
    EXPECT_OK(JetResetSessionContext(h.sesid));
    EXPECT_OK(JetSetSessionContext(h.sesid, 0x53));
    EXPECT_OK(JetCommitTransaction(h.sesid, 0)); /* its own context again: fine */
    EXPECT_OK(JetResetSessionContext(h.sesid));
    /* A transaction owned by a context that is reset: a thread without it is refused. */
    session_fixture g = fixture_with_session("trx2", -1);
    EXPECT_OK(JetSetSessionContext(g.sesid, 0x51));
    EXPECT_OK(JetBeginTransaction(g.sesid));
    EXPECT_OK(JetResetSessionContext(g.sesid));
    for (size_t k = 0; k < OP_COUNT; k++) {
        thread_job other = {.sesid = g.sesid, .op = &ops[k]};
        support_on_thread(run_op_job, &other);
        CHECK_CLAUSE(op_clause(&ops[k], "OtherThread"), other.call);
    }
}

/* With a session context, the transaction follows the context to another thread. */
static void test_transaction_context_moves_transaction(void **state)
{
    (void)state;
    static const JET_API_PTR context = 0xC0FFEE;
    session_fixture f = fixture_with_session("trx", -1);
    for (size_t k = 0; k < 2; k++) { /* JetBeginTransaction, JetBeginTransaction2 */
        EXPECT_OK(JetSetSessionContext(f.sesid, context));
        EXPECT_OK(JetBeginTransaction(f.sesid));
        EXPECT_OK(JetResetSessionContext(f.sesid));
        thread_job job = {.sesid = f.sesid, .op = &ops[k], .context = context};
        support_on_thread(run_op_job, &job);
        EXPECT_OK(job.set);
        CHECK_CLAUSE(op_clause(&ops[k], "ContextMovesTransaction"), job.call);
        EXPECT_OK(job.reset);
        /* Back on this thread with the same context: two levels, committed here. */
        EXPECT_OK(JetSetSessionContext(f.sesid, context));
        EXPECT_OK(JetCommitTransaction(f.sesid, 0));
        EXPECT_OK(JetCommitTransaction(f.sesid, 0));
        EXPECT_CODE(JET_errNotInTransaction, JetCommitTransaction(f.sesid, 0));
        EXPECT_OK(JetResetSessionContext(f.sesid));
    }
    /* Begun under a context on another thread, continued here under the same context. */
    thread_job job = {.sesid = f.sesid, .op = &ops[1], .context = context};
    support_on_thread(run_op_job, &job);
    EXPECT_OK(job.call);
    EXPECT_OK(JetSetSessionContext(f.sesid, context));
    CHECK_CLAUSE("JetBeginTransaction.ContextMovesTransaction", JetBeginTransaction(f.sesid));
    CHECK_CLAUSE("JetBeginTransaction2.ContextMovesTransaction",
                 JetBeginTransaction2(f.sesid, 0));
    assert_int_equal(trx_depth(f.sesid), 3);
    EXPECT_OK(JetResetSessionContext(f.sesid));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_begin_transaction_success),
    REF_TEST(test_begin_transaction_nest_seven_then_eight),
    REF_TEST(test_begin_transaction2_read_only),
    REF_TEST(test_begin_transaction2_unknown_bits_ignored),
    REF_TEST(test_commit_transaction_success),
    REF_TEST(test_commit_transaction_not_in_transaction),
    REF_TEST(test_commit_transaction_invalid_grbit),
    REF_TEST(test_commit_transaction_wait_outside_transaction),
    REF_TEST(test_commit_transaction_force_new_log),
    REF_TEST(test_rollback_success),
    REF_TEST(test_rollback_invalid_grbit),
    REF_TEST(test_rollback_allowed_after_stop),
    REF_TEST(test_rollback_rollback_error),
    REF_TEST(test_transaction_invalid_sesid),
    REF_TEST(test_transaction_stopped),
    REF_TEST(test_transaction_instance_states),
    REF_TEST(test_transaction_sharing_violation),
    REF_TEST(test_transaction_other_thread),
    REF_TEST(test_transaction_context_moves_transaction),
};
REF_GROUP_TABLE(transaction, tests)
