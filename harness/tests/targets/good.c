/* good.c - JetDupSession done right: the control target. */
#include <stddef.h>
#include "base.h"

/* Returns JET_errSuccess and a new session, JET_errInvalidSesid, or JET_errInvalidParameter. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (psesid == NULL)
        return JET_errInvalidParameter;
    return base_session_begin(psesid);
}
