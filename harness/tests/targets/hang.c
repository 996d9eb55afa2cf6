/* hang.c - JetDupSession never returns. */
#include "base.h"

/* Never returns: spins forever. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    (void)sesid;
    (void)psesid;
    volatile int spin = 1;
    while (spin)
        ;
    return JET_errSuccess;
}
