/* segv.c - JetDupSession treats the handle as a pointer: SIGSEGV on any call. */
#include <stdint.h>
#include "base.h"

/* Never returns: reads through the handle (an unmapped address). */
JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    *psesid = *(volatile JET_SESID *)(uintptr_t)sesid;
    return JET_errSuccess;
}
