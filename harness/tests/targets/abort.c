/* abort.c - JetDupSession calls abort(). */
#include <stdlib.h>
#include "base.h"

/* Never returns: SIGABRT. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    (void)sesid;
    (void)psesid;
    abort();
}
