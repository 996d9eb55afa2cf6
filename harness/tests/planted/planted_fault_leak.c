/*
 * planted_fault_leak.c - the bug: a JetBeginSession whose allocation fails answers
 * JET_errOutOfMemory as it should, but its failure path forgets to free the session record it
 * had made: one block stays live for good. Nothing in the codes shows it; only the live
 * allocation count does (`esecheck --fault-sweep`, which fails each allocation in turn).
 *
 * A forwarder cannot reach the private ref's allocator, so the target keeps the blocks its
 * bug leaks itself and counts them in esehook_live_allocations, which stands for "every block
 * the library holds". The shortest sequence that shows it:
 *   JetCreateInstance($inst), JetInit($inst), esehook_live_allocations(&$n0),
 *   esehook_fail_allocation(1), JetBeginSession($inst, $s) -> JET_errOutOfMemory,
 *   esehook_live_allocations(&$n1)    -> $n1 is $n0 + 1 where ref gives $n0
 *
 * State: the number of blocks leaked.
 */
#include "planted.h"

static unsigned long leaked;     /* blocks the failed calls left behind */

void planted_reset(void)
{
    pthread_mutex_lock(&planted_lock);
    leaked = 0;
    pthread_mutex_unlock(&planted_lock);
}

JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    JET_ERR rc = PLANTED_REF(JetBeginSession)(instance, psesid, szUserName, szPassword);
    if (rc == JET_errOutOfMemory) {
        pthread_mutex_lock(&planted_lock);
        leaked++;
        pthread_mutex_unlock(&planted_lock);
    }
    return rc;
}

JET_ERR esehook_live_allocations(JET_API_PTR *pcount)
{
    JET_ERR rc = PLANTED_REF(esehook_live_allocations)(pcount);
    if (rc == JET_errSuccess && pcount != NULL) {
        pthread_mutex_lock(&planted_lock);
        *pcount += leaked;
        pthread_mutex_unlock(&planted_lock);
    }
    return rc;
}
