/* myese.c - the consumer's own ESE library: ref (linked in whole) and this. */
#include <ese/jet.h>

/* Returns the code this library gives for a session handle it never issued. */
JET_ERR myese_unknown_session(void)
{
    return JET_errInvalidSesid;
}
