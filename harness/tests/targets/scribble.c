/* scribble.c - JetDupSession writes garbage to the out-pointer when it fails. */
#include <stddef.h>
#include "base.h"

/* Returns JET_errInvalidSesid for a dead handle, after scribbling on *psesid. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    if (!base_session_live(sesid)) {
        if (psesid != NULL)
            *psesid = 0xBADBADBADull;
        return JET_errInvalidSesid;
    }
    if (psesid == NULL)
        return JET_errInvalidParameter;
    return base_session_begin(psesid);
}
