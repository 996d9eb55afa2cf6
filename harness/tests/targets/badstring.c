/* badstring.c - JetGetSystemParameter fills a string buffer with bytes that are neither text
 * nor terminated. The harness must report a FAIL that names them, never lose the result. */
#include <string.h>
#include "base.h"

/* JetDupSession as good.c has it, so that only the string misbehaves. */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (psesid == NULL)
        return JET_errInvalidParameter;
    return base_session_begin(psesid);
}

/* Returns JET_errSuccess after writing cbMax bytes of 0xFF and no terminator. */
JET_ERR JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid,
                              JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax)
{
    (void)instance;
    (void)sesid;
    (void)paramid;
    (void)plParam;
    if (szParam != NULL)
        memset(szParam, 0xFF, cbMax);
    return JET_errSuccess;
}
