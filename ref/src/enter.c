/*
 * enter.c - the checks every call makes before it does anything, in the real engine's order.
 *
 * A session call (JetDupSession, JetEndSession, transactions, contexts), as the engine's
 * APICALL_SESID::FEnter does it:
 *   1. the handle: 0, nil, garbage, ended, or of a terminated instance  -> InvalidSesid
 *   2. a stop service on the instance (unless the call is still allowed) -> ClientRequestToStopJetService
 *   3. a fatal error on the instance                                    -> InstanceUnavailable(DueToFatalLogDiskFull)
 *   4. the instance terminating                                         -> TermInProgress
 *   5. documented profile only: a restore running, the instance not initialized
 *      (the docs list both; the engine never checks them on a session call)
 *   6. another thread inside a call on this session                     -> SessionSharingViolation
 * An instance call (JetBeginSession), as APICALL_INST::FEnter and INST::ErrAPIEnter do it:
 *   the handle, then stop, fatal error, terminating, restoring, not initialized.
 */
#include <esehook.h>
#include "ref_internal.h"

int ref__has_state(const ref_instance *instance, uint32_t state)
{
    return (instance->hook_states >> state) & 1u;
}

/* The fatal-error code of an unavailable instance, or Success. */
static JET_ERR unavailable_code(const ref_instance *instance)
{
    if (ref__has_state(instance, ESEHOOK_STATE_UNAVAILABLE_LOG_DISK_FULL))
        return JET_errInstanceUnavailableDueToFatalLogDiskFull;
    if (ref__has_state(instance, ESEHOOK_STATE_UNAVAILABLE))
        return JET_errInstanceUnavailable;
    return JET_errSuccess;
}

/* The checks every call on an instance starts with, in the engine's order: a stop service
 * (unless the call is still allowed after one), a fatal error, a termination. */
static JET_ERR stop_fatal_term(const ref_instance *instance, unsigned flags)
{
    if (instance->stopped && !(flags & REF_ENTER_IGNORE_STOP))
        return JET_errClientRequestToStopJetService;
    JET_ERR err = unavailable_code(instance);
    if (err != JET_errSuccess)
        return err;
    if (ref__has_state(instance, ESEHOOK_STATE_TERM_IN_PROGRESS))
        return JET_errTermInProgress;
    return JET_errSuccess;
}

/* 1 when nothing stops a call: no stop service and no state a hook set (the common case, one
 * test instead of one per state). */
static int instance_clear(const ref_instance *instance)
{
    return (instance->stopped | instance->hook_states) == 0;
}

/* Steps 2 to 5 for a session call. */
static JET_ERR session_instance_checks(const ref_instance *instance, unsigned flags)
{
    if (instance_clear(instance))
        return JET_errSuccess;
    JET_ERR err = stop_fatal_term(instance, flags);
    if (err != JET_errSuccess || ref__esent())
        return err;
    if (ref__has_state(instance, ESEHOOK_STATE_RESTORE_IN_PROGRESS))
        return JET_errRestoreInProgress;
    if (ref__has_state(instance, ESEHOOK_STATE_NOT_INITIALIZED))
        return JET_errNotInitialized;
    return JET_errSuccess;
}

JET_ERR ref__session_checks(const ref_session *session, unsigned flags)
{
    JET_ERR err = session_instance_checks(session->instance, flags);
    if (err == JET_errSuccess && session->busy)
        err = JET_errSessionSharingViolation;
    return err;
}

JET_ERR ref__session_enter(JET_SESID sesid, unsigned flags, ref_session **out)
{
    ref_session *session;
    JET_ERR err = ref__session_lock(sesid, &session);
    if (err != JET_errSuccess)
        return err;
    err = ref__session_checks(session, flags);
    if (err != JET_errSuccess) {
        ref__instance_unlock(session->instance);
        return err;
    }
    *out = session;
    return JET_errSuccess;
}

void ref__session_leave(ref_session *session)
{
    ref__instance_unlock(session->instance);
}

/* INST::ErrAPIEnter on a locked instance. */
static JET_ERR instance_api_checks(const ref_instance *instance)
{
    if (instance_clear(instance) && instance->initialized)
        return JET_errSuccess;
    JET_ERR err = stop_fatal_term(instance, REF_ENTER_NORMAL);
    if (err != JET_errSuccess)
        return err;
    if (ref__has_state(instance, ESEHOOK_STATE_RESTORE_IN_PROGRESS))
        return JET_errRestoreInProgress;
    if (ref__has_state(instance, ESEHOOK_STATE_INIT_IN_PROGRESS) ||
        ref__has_state(instance, ESEHOOK_STATE_NOT_INITIALIZED) || !instance->initialized)
        return JET_errNotInitialized;
    return JET_errSuccess;
}

JET_ERR ref__instance_enter(JET_INSTANCE handle, ref_instance **out)
{
    ref_instance *instance;
    JET_ERR err = ref__instance_find(handle, 1, &instance);
    if (err != JET_errSuccess)
        return err;
    err = instance_api_checks(instance);
    if (err != JET_errSuccess) {
        ref__instance_unlock(instance);
        return err;
    }
    *out = instance;
    return JET_errSuccess;
}
