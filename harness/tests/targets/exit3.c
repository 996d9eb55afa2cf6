/* exit3.c - JetDupSession ends the process with _exit(3). */
#include <unistd.h>
#include "base.h"

/* Never returns: the process exits with status 3. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    (void)sesid;
    (void)psesid;
    _exit(3);
}
