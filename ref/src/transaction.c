/*
 * transaction.c - JetBeginTransaction(2), JetCommitTransaction, JetRollback.
 *
 * A session nests up to 7 levels. The thread that opens the outermost level owns the
 * transaction: another thread continuing it gets SessionSharingViolation, unless a session
 * context is set, in which case the context owns it and may move between threads.
 */
#include <esehook.h>
#include "ref_internal.h"

#define TRX_LEVEL_MAX 7                  /* the engine's levelUserMost */
#define CONTEXT_KEY_BIT (1ull << 63)     /* keeps context keys apart from thread ids */

#define COMMIT_BITS_VALID (JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | \
                           JET_bitWaitAllLevel0Commit | JET_bitForceNewLog)
#define COMMIT_BITS_ALONE (JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | \
                           JET_bitForceNewLog)

uint64_t ref__trx_owner_key(const ref_session *session)
{
    if (session->context == 0)
        return ref__thread_id();
    if (session->context_thread != ref__thread_id())
        return 0; /* a context set by another thread: nobody's key */
    return CONTEXT_KEY_BIT | session->context;
}

/* SessionSharingViolation when an open transaction belongs to another thread or context. */
static JET_ERR check_owner(const ref_session *session)
{
    if (session->trx_level > 0 && session->trx_owner != ref__trx_owner_key(session))
        return JET_errSessionSharingViolation;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit)
{
    /* Only ReadOnly means anything (to updates and JetDeleteTable); others are ignored. */
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    if (session->trx_level >= TRX_LEVEL_MAX)
        err = JET_errTransTooDeep;
    else
        err = check_owner(session);
    if (err == JET_errSuccess) {
        if (session->trx_level == 0) {
            session->trx_owner = ref__trx_owner_key(session);
            session->trx_read_only = (grbit & JET_bitTransactionReadOnly) != 0;
        }
        session->trx_level++;
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetBeginTransaction(JET_SESID sesid)
{
    return JetBeginTransaction2(sesid, 0);
}

/* InvalidGrbit for unknown bits, or a Wait/ForceNewLog bit with any other bit. */
static JET_ERR check_commit_bits(JET_GRBIT grbit)
{
    if (grbit & ~(JET_GRBIT)COMMIT_BITS_VALID)
        return JET_errInvalidGrbit;
    if ((grbit & COMMIT_BITS_ALONE) && (grbit & (grbit - 1)))
        return JET_errInvalidGrbit;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    err = check_commit_bits(grbit);
    if (err == JET_errSuccess && !(grbit & COMMIT_BITS_ALONE)) {
        /* The Wait and ForceNewLog bits flush the log, in or out of a transaction. */
        if (session->trx_level == 0)
            err = JET_errNotInTransaction;
        else
            err = check_owner(session);
        if (err == JET_errSuccess) {
            ref__trx_committed(session, session->trx_level);
            session->trx_level--;
        }
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetRollback(JET_SESID sesid, JET_GRBIT grbit)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_IGNORE_STOP, &session);
    if (err != JET_errSuccess)
        return err;
    ref_instance *instance = session->instance;
    if (grbit & ~(JET_GRBIT)JET_bitRollbackAll)
        err = JET_errInvalidGrbit;
    else if (session->trx_level == 0)
        err = JET_errNotInTransaction;
    else
        err = check_owner(session);
    if (err == JET_errSuccess && ref__has_state(instance, ESEHOOK_STATE_ROLLBACK_FAILS)) {
        /* Undo failed: the instance has hit a fatal error. */
        instance->hook_states &= ~(1u << ESEHOOK_STATE_ROLLBACK_FAILS);
        instance->hook_states |= 1u << ESEHOOK_STATE_UNAVAILABLE;
        err = JET_errRollbackError;
    }
    if (err == JET_errSuccess) {
        session->trx_level = (grbit & JET_bitRollbackAll) ? 0 : session->trx_level - 1;
        ref__trx_rolled_back(session, session->trx_level);
    }
    ref__session_leave(session);
    return err;
}
