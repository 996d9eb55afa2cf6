/* missing.c - the target has no JetDupSession at all (nor JetDupSessionA): scenarios calling it
 * are MISSING (a divergence), or UNSUPPORTED when it is declared unimplemented. Only the base
 * engine is exported. */
#include "base.h"

/* Returns 1: a marker that this target was built from missing.c. */
int esetarget_missing(void)
{
    return 1;
}
