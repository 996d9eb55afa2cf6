/*
 * planted_count_drift.c - the bug: every JetDupSession that is refused (any error code) leaks
 * a session slot, as if the count of open sessions were raised before the checks and never
 * lowered. Two leaked slots are too many: from then on JetBeginSession returns
 * JET_errOutOfSessions where ref succeeds (and writes nothing).
 *
 * The shortest sequence that shows it (what a shrinker should reach, 4 steps; JetInit on an
 * instance never created makes the one instance of one-instance mode):
 *   JetInit($inst),
 *   JetDupSession(nil, $x), JetDupSession(nil, $y)   (refused: JET_errInvalidSesid; any handle
 *                                                     ref refuses will do, before or after
 *                                                     JetInit)
 *   JetBeginSession($inst, $s)           -> JET_errOutOfSessions, ref JET_errSuccess
 *
 * State: the number of leaked slots.
 */
#include "planted.h"

#define LEAKS_TO_FAIL 2

static int leaked;               /* refused JetDupSession calls so far */

void planted_reset(void)
{
    pthread_mutex_lock(&planted_lock);
    leaked = 0;
    pthread_mutex_unlock(&planted_lock);
}

JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    JET_ERR rc = PLANTED_REF(JetDupSession)(sesid, psesid);
    if (rc < 0) {
        pthread_mutex_lock(&planted_lock);
        leaked++;
        pthread_mutex_unlock(&planted_lock);
    }
    return rc;
}

JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    JET_SESID sesid;
    /* ref decides first, into a cell of ours: where it refuses, its code stands */
    JET_ERR rc = PLANTED_REF(JetBeginSession)(instance, psesid != NULL ? &sesid : NULL, szUserName,
                                              szPassword);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&planted_lock);
    int full = leaked >= LEAKS_TO_FAIL;
    pthread_mutex_unlock(&planted_lock);
    if (full) {
        PLANTED_REF(JetEndSession)(sesid, 0); /* undo ref's session: the slot "is not there" */
        return JET_errOutOfSessions;
    }
    if (psesid != NULL)
        *psesid = sesid;
    return rc;
}
