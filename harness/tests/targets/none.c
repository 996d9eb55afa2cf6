/* none.c - a library that loads but exports none of the functions of api.def (nor base.c's):
 * esecheck refuses it up front, exit 2, "not an ESE library". */

/* Returns 1: a marker that this target was built from none.c. */
int esetarget_none(void)
{
    return 1;
}
