/*
 * release.c - what the first ring's lifecycle calls do to databases, tables and cursors.
 *
 *   JetEndSession   rolls the session back (its DDL undone), closes its cursors and every open
 *                   of every database; detaches nothing.
 *   JetTerm         the same for every session of the instance, then detaches every database
 *                   (the files stay in the map).
 *   JetRollback     undoes the level's DDL and closes the cursors opened in it.
 *   JetCommitTransaction  lowers the level of the DDL and cursors; at level 0 the DDL is final.
 */
#include "ref_internal.h"

/* The work of ref__session_release, files lock held. */
static void release_session(ref_session *session)
{
    if (session->trx_level > 0) {
        ref__ddl_rollback(session, 0);
        ref__cursors_rollback(session, 0);
    }
    ref__cursors_close_session(session, 0);
    ref__db_close_all(session);
}

/* 1 when ending the session has nothing to undo or close: no transaction, no database open,
 * and no cursor on its instance at all (cheaper to ask than whether one is the session's).
 * All three live under the instance's lock, which the caller holds. The common JetEndSession
 * then takes no process-wide lock, so sessions ended on different instances never meet. */
static int holds_nothing(const ref_session *session)
{
    return (session->trx_level | session->instance->open_cursors | ref__db_open_total(session)) == 0;
}

void ref__session_release(ref_session *session)
{
    if (holds_nothing(session))
        return;
    ref__files_lock();
    release_session(session);
    ref__files_unlock();
}

void ref__instance_release(ref_instance *instance)
{
    ref__files_lock();
    for (uint32_t i = 0; i < instance->session_capacity; i++) {
        if (instance->sessions[i].session != NULL)
            release_session(instance->sessions[i].session);
    }
    ref__db_detach_instance(instance);
    ref__cursors_free(instance);
    ref__files_unlock();
}

void ref__trx_rolled_back(ref_session *session, uint32_t to_level)
{
    ref__files_lock();
    ref__ddl_rollback(session, to_level);
    ref__cursors_rollback(session, to_level);
    ref__files_unlock();
}

void ref__trx_committed(ref_session *session, uint32_t level)
{
    ref__files_lock();
    ref__ddl_commit(session, level);
    ref__cursors_commit(session, level);
    ref__files_unlock();
}
