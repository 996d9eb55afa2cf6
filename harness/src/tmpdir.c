/* tmpdir.c - removing a scenario's temporary directory. */
#include <ftw.h>
#include <stdio.h>
#include "tmpdir.h"

/* Returns 0 to go on: removes one entry (nftw's callback, called depth first). */
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    remove(path);
    return 0;
}

void tmpdir_remove(const char *path)
{
    if (path != NULL && path[0] != '\0')
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
