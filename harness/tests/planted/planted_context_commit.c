/*
 * planted_context_commit.c - the bug: with a session context set on the session
 * (JetSetSessionContext), JetCommitTransaction skips its "in a transaction?" check, and outside
 * a transaction returns JET_errSuccess where ref says JET_errNotInTransaction.
 *
 * The shortest sequence that shows it (what a shrinker should reach, 4 steps; JetInit on an
 * instance never created makes the one instance of one-instance mode):
 *   JetInit($inst), JetBeginSession($inst, $s),
 *   JetSetSessionContext($s, any context ref accepts),
 *   JetCommitTransaction($s)             -> JET_errSuccess, ref JET_errNotInTransaction
 *
 * State: the sessions that have a context set.
 */
#include "planted.h"

#define TRACKED 64

static JET_SESID with_context[TRACKED]; /* sessions with a context set; 0: a free entry */

void planted_reset(void)
{
    pthread_mutex_lock(&planted_lock);
    for (int i = 0; i < TRACKED; i++)
        with_context[i] = 0;
    pthread_mutex_unlock(&planted_lock);
}

/* Returns the entry holding sesid (0 finds a free one), or NULL. Locked. */
static JET_SESID *entry_of(JET_SESID sesid)
{
    for (int i = 0; i < TRACKED; i++)
        if (with_context[i] == sesid)
            return &with_context[i];
    return NULL;
}

/* Returns rc; after a call that succeeded, notes whether sesid has a context now. */
static JET_ERR note_context(JET_SESID sesid, JET_ERR rc, int has_context)
{
    if (rc < 0 || sesid == 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    JET_SESID *e = entry_of(sesid);
    if (e == NULL && has_context)
        e = entry_of(0);
    if (e != NULL)
        *e = has_context ? sesid : 0;
    pthread_mutex_unlock(&planted_lock);
    return rc;
}

JET_ERR JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext)
{
    return note_context(sesid, PLANTED_REF(JetSetSessionContext)(sesid, ulContext), 1);
}

JET_ERR JetResetSessionContext(JET_SESID sesid)
{
    return note_context(sesid, PLANTED_REF(JetResetSessionContext)(sesid), 0);
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    return note_context(sesid, PLANTED_REF(JetEndSession)(sesid, grbit), 0);
}

JET_ERR JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit)
{
    JET_ERR rc = PLANTED_REF(JetCommitTransaction)(sesid, grbit);
    if (rc != JET_errNotInTransaction || sesid == 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    if (entry_of(sesid) != NULL)
        rc = JET_errSuccess;
    pthread_mutex_unlock(&planted_lock);
    return rc;
}
