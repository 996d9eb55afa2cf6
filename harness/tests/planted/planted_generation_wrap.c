/*
 * planted_generation_wrap.c - the bug: a session handle's generation is a counter that wraps
 * after 16 JetEndSession calls in the process (refused ones count too), so an ended session's
 * handle looks live again: from the 17th JetEndSession on, ending an already-ended session
 * returns JET_errSuccess where ref says JET_errInvalidSesid.
 *
 * The shortest sequence that shows it (what a shrinker should reach, 19 steps; JetInit on an
 * instance never created makes the one instance of one-instance mode):
 *   JetInit($inst), JetBeginSession($inst, $s),
 *   JetEndSession($s)                    (ends $s)
 *   15 x JetEndSession(any handle ref refuses, e.g. $s again or 0; before or after the others)
 *   JetEndSession($s)                    -> JET_errSuccess, ref JET_errInvalidSesid (the 17th)
 *
 * State: the number of JetEndSession calls, and the last few handles that were ended.
 */
#include "planted.h"

#define WRAP 16                  /* calls after which the generation has wrapped */
#define REMEMBERED 64            /* ended handles kept (a ring) */

static unsigned calls;           /* JetEndSession calls so far */
static JET_SESID ended[REMEMBERED]; /* handles JetEndSession ended */
static unsigned nended;          /* handles recorded so far (the ring's next slot, mod REMEMBERED) */

void planted_reset(void)
{
    pthread_mutex_lock(&planted_lock);
    calls = 0;
    nended = 0;
    for (int i = 0; i < REMEMBERED; i++)
        ended[i] = 0;
    pthread_mutex_unlock(&planted_lock);
}

/* Returns 1 when sesid was ended by an earlier JetEndSession. Locked. */
static int was_ended(JET_SESID sesid)
{
    for (unsigned i = 0; i < REMEMBERED && i < nended; i++)
        if (ended[i] == sesid)
            return 1;
    return 0;
}

JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    JET_ERR rc = PLANTED_REF(JetEndSession)(sesid, grbit);
    pthread_mutex_lock(&planted_lock);
    calls++;
    if (rc >= 0)
        ended[nended++ % REMEMBERED] = sesid;
    else if (rc == JET_errInvalidSesid && calls > WRAP && was_ended(sesid))
        rc = JET_errSuccess; /* the stale handle's generation matches again */
    pthread_mutex_unlock(&planted_lock);
    return rc;
}
