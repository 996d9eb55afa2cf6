/*
 * planted_lost_session.c - the bug, for the linearizability check: a session is lost under
 * contention. A JetEndSession that overlaps another JetBeginSession or JetEndSession returns
 * JET_errSuccess but never ends ref's session, as a port whose free list loses a node when two
 * threads push at once would: the slot stays taken and no handle names it any more. Alone,
 * every call is right; enough overlaps and JetBeginSession returns JET_errOutOfSessions with
 * fewer than MaxSessions sessions open. Each call waits 30 us inside, so that the two threads
 * of a parallel block overlap.
 *
 * The shortest history that shows it: MaxSessions lost ends, then a begin refused where ref
 * (which ended every session) begins one.
 */
#include <stdatomic.h>
#include <unistd.h>
#include "planted.h"

static atomic_int in_flight;      /* JetBeginSession and JetEndSession calls inside now */

void planted_reset(void)
{
    atomic_store(&in_flight, 0);
}

JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    atomic_fetch_add(&in_flight, 1);
    usleep(30);
    JET_ERR rc = PLANTED_REF(JetBeginSession)(instance, psesid, szUserName, szPassword);
    atomic_fetch_sub(&in_flight, 1);
    return rc;
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    int before = atomic_fetch_add(&in_flight, 1);
    usleep(30);
    int overlapped = before > 0 || atomic_load(&in_flight) > 1;
    JET_ERR rc = overlapped ? JET_errSuccess : PLANTED_REF(JetEndSession)(sesid, grbit);
    atomic_fetch_sub(&in_flight, 1);
    return rc;
}
