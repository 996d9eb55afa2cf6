/* lacking.c - an "ESE library" with JetDupSession only, which refuses every session. */
#include <ese/jet.h>

JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    (void)sesid;
    (void)psesid;
    return JET_errInvalidSesid;
}
