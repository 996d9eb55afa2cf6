/*
 * context.c - JetSetSessionContext and JetResetSessionContext.
 *
 * A context binds a session to the thread that set it; while it is set, the context (not the
 * thread) owns the session's transaction, so the transaction can move to another thread that
 * sets the same context.
 */
#include "ref_internal.h"

REF_EXPORT JET_ERR JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    if (ulContext == 0 || ulContext == ~(JET_API_PTR)0)
        err = JET_errInvalidParameter;
    else if (session->context != 0)
        err = JET_errSessionContextAlreadySet; /* by any thread, this one included */
    else {
        session->context = ulContext;
        session->context_thread = ref__thread_id();
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetResetSessionContext(JET_SESID sesid)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_IGNORE_STOP, &session);
    if (err != JET_errSuccess)
        return err;
    if (session->context == 0 || session->context_thread != ref__thread_id())
        err = JET_errSessionContextNotSetByThisThread;
    else
        session->context = 0;
    ref__session_leave(session);
    return err;
}
