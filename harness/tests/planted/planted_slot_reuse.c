/*
 * planted_slot_reuse.c - the bug: a session ended inside an open transaction leaves that
 * transaction in its slot, and the next session begun inherits it. Once, JetCommitTransaction
 * or JetRollback on the heir returns JET_errSuccess where ref says JET_errNotInTransaction.
 *
 * The shortest sequence that shows it (what a shrinker should reach, 6 steps; JetInit on an
 * instance never created makes the one instance of one-instance mode):
 *   JetInit($inst), JetBeginSession($inst, $s1),
 *   JetBeginTransaction($s1), JetEndSession($s1), JetBeginSession($inst, $s2),
 *   JetCommitTransaction($s2)            -> JET_errSuccess, ref JET_errNotInTransaction
 * (JetRollback($s2) in the last step shows it too; any grbit ref accepts will do.)
 *
 * State: the transaction level of a few sessions, as the calls that succeeded left it; whether a
 * transaction was left behind; and the heir that inherited it.
 */
#include <string.h>
#include "planted.h"

#define TRACKED 64

typedef struct {
    JET_SESID sesid;             /* 0: a free entry */
    int level;                   /* transactions begun and not ended */
} trx_entry;

static trx_entry open_trx[TRACKED];
static int left_behind;          /* a session was ended inside a transaction */
static JET_SESID heir;           /* the session that inherited it, or 0 */

void planted_reset(void)
{
    pthread_mutex_lock(&planted_lock);
    memset(open_trx, 0, sizeof open_trx);
    left_behind = 0;
    heir = 0;
    pthread_mutex_unlock(&planted_lock);
}

/* Returns the entry of sesid; else a new one when create (NULL when full); else NULL. Locked. */
static trx_entry *entry_of(JET_SESID sesid, int create)
{
    for (int i = 0; i < TRACKED; i++)
        if (open_trx[i].sesid == sesid)
            return &open_trx[i];
    for (int i = 0; create && i < TRACKED; i++)
        if (open_trx[i].sesid == 0) {
            open_trx[i].sesid = sesid;
            open_trx[i].level = 0;
            return &open_trx[i];
        }
    return NULL;
}

/* Returns rc; notes a transaction level change of sesid by delta (0 - level with all). */
static JET_ERR note_level(JET_SESID sesid, JET_ERR rc, int delta, int all)
{
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    trx_entry *e = entry_of(sesid, delta > 0);
    if (e != NULL)
        e->level = all || e->level + delta < 0 ? 0 : e->level + delta;
    pthread_mutex_unlock(&planted_lock);
    return rc;
}

/* Returns rc, or JET_errSuccess the first time the heir is told it is not in a transaction. */
static JET_ERR inherited(JET_SESID sesid, JET_ERR rc)
{
    pthread_mutex_lock(&planted_lock);
    if (rc == JET_errNotInTransaction && heir != 0 && sesid == heir) {
        heir = 0; /* the inherited transaction ends here */
        rc = JET_errSuccess;
    }
    pthread_mutex_unlock(&planted_lock);
    return rc;
}

JET_ERR JetBeginTransaction(JET_SESID sesid)
{
    return note_level(sesid, PLANTED_REF(JetBeginTransaction)(sesid), 1, 0);
}

JET_ERR JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit)
{
    return note_level(sesid, PLANTED_REF(JetBeginTransaction2)(sesid, grbit), 1, 0);
}

JET_ERR JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit)
{
    JET_ERR rc = inherited(sesid, PLANTED_REF(JetCommitTransaction)(sesid, grbit));
    return note_level(sesid, rc, -1, 0);
}

JET_ERR JetRollback(JET_SESID sesid, JET_GRBIT grbit)
{
    JET_ERR rc = inherited(sesid, PLANTED_REF(JetRollback)(sesid, grbit));
    return note_level(sesid, rc, -1, (grbit & JET_bitRollbackAll) != 0);
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    JET_ERR rc = PLANTED_REF(JetEndSession)(sesid, grbit);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    trx_entry *e = entry_of(sesid, 0);
    if (e != NULL && e->level > 0)
        left_behind = 1;
    if (e != NULL)
        memset(e, 0, sizeof *e);
    pthread_mutex_unlock(&planted_lock);
    return rc;
}

JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    JET_ERR rc = PLANTED_REF(JetBeginSession)(instance, psesid, szUserName, szPassword);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    if (left_behind) {
        left_behind = 0;
        heir = *psesid;
    }
    pthread_mutex_unlock(&planted_lock);
    return rc;
}
