/* wrongcode.c - JetDupSession returns the wrong code for a bad handle. */
#include <stddef.h>
#include "base.h"

/* Returns JET_errInvalidParameter (not JET_errInvalidSesid) for a dead handle. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    if (!base_session_live(sesid) || psesid == NULL)
        return JET_errInvalidParameter;
    return base_session_begin(psesid);
}
