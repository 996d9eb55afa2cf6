/*
 * planted_fault_code.c - the bug: JetDupSession answers a failed allocation with
 * JET_errOutOfSessions in every profile, the real engine's code, where the documentation
 * (the documented profile) promises JET_errOutOfMemory. It shows only when an allocation
 * fails (`esecheck --fault-sweep`, documented profile).
 *
 * The shortest sequence that shows it:
 *   JetCreateInstance($inst), JetInit($inst), JetBeginSession($inst, $s),
 *   esehook_fail_allocation(1), JetDupSession($s, $d) -> JET_errOutOfSessions, ref
 *   JET_errOutOfMemory (documented)
 *
 * State: none.
 */
#include "planted.h"

void planted_reset(void)
{
}

JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    JET_ERR rc = PLANTED_REF(JetDupSession)(sesid, psesid);
    return rc == JET_errOutOfMemory ? JET_errOutOfSessions : rc;
}
