/*
 * planted_overshoot.c - the bug, for the linearizability check: the session limit overshoots
 * under contention. A JetBeginSession that ref refuses with JET_errOutOfSessions while another
 * JetBeginSession is in flight returns JET_errSuccess with a session of its own (a made-up
 * handle that JetEndSession accepts once), as a port whose limit check and count update race
 * would. Alone, every begin is right; only two at once show it. Each begin waits 30 us inside,
 * so that the two threads of a parallel block overlap.
 *
 * The shortest history that shows it: MaxSessions + 1 begins that all succeed, two of them at
 * once (no order of them on ref gives MaxSessions + 1 sessions).
 */
#include <stdatomic.h>
#include <unistd.h>
#include "planted.h"

#define FAKE_BASE 0x0FA4E00000000000ull  /* no session of ref has these bits */

static atomic_int in_flight;      /* JetBeginSession calls inside now */
static atomic_ullong fakes;       /* sessions made up so far */

void planted_reset(void)
{
    atomic_store(&in_flight, 0);
    atomic_store(&fakes, 0);
}

JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    int before = atomic_fetch_add(&in_flight, 1);
    usleep(30);
    JET_ERR rc = PLANTED_REF(JetBeginSession)(instance, psesid, szUserName, szPassword);
    int overlapped = before > 0 || atomic_load(&in_flight) > 1;
    atomic_fetch_sub(&in_flight, 1);
    if (rc == JET_errOutOfSessions && overlapped && psesid != NULL) {
        *psesid = FAKE_BASE | (atomic_fetch_add(&fakes, 1) + 1);
        return JET_errSuccess;
    }
    return rc;
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    if ((sesid & ~0xFFFFFull) == FAKE_BASE)
        return JET_errSuccess;
    return PLANTED_REF(JetEndSession)(sesid, grbit);
}
