/*
 * planted_dup_source.c - a lying target for differential mode (esecheck --reference): ref in
 * everything but JetDupSession, which succeeds as ref does but hands back the source session
 * instead of the new one (the new session stays open in ref, unreachable).
 *
 * The shortest sequence that shows it (2 steps in one-instance mode):
 *   JetInit($inst), JetBeginSession($inst, $s1),
 *   JetDupSession($s1, $s2)              -> JET_errSuccess, $s2 = $s1; ref: a new session
 * The code agrees; the output differs (the value of $s1, not a new handle), and steps that
 * then use the copy may differ too (ending it ends the source).
 *
 * No state: planted_reset has nothing to forget.
 */
#include "planted.h"

void planted_reset(void)
{
}

JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    JET_ERR rc = PLANTED_REF(JetDupSession)(sesid, psesid);
    if (rc >= 0 && psesid != NULL)
        *psesid = sesid;
    return rc;
}
