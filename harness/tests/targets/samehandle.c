/* samehandle.c - JetDupSession hands back the source handle instead of a new session. */
#include <stddef.h>
#include "base.h"

/* Returns JET_errSuccess with *psesid = sesid for a live session. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (psesid == NULL)
        return JET_errInvalidParameter;
    *psesid = sesid;
    return JET_errSuccess;
}
