/* defaults.c - the installed layout beside the executable, else the build tree's paths. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "defaults.h"

/* The build tree's paths (absolute, set by harness/CMakeLists.txt). */
#ifndef ESECHECK_DEFAULT_TARGET
#define ESECHECK_DEFAULT_TARGET "libeseref.so"
#endif
#ifndef ESECHECK_CASES_DIR
#define ESECHECK_CASES_DIR "cases"
#endif
#ifndef ESECHECK_CATALOGUE
#define ESECHECK_CATALOGUE "spec/clauses.json"
#endif
/* The installed layout: paths relative to the directory of the installed executable
 * (GNUInstallDirs' bin, lib and share/esecheck, set by harness/CMakeLists.txt). */
#ifndef ESECHECK_INSTALL_TARGET
#define ESECHECK_INSTALL_TARGET "../lib/libeseref.so"
#endif
#ifndef ESECHECK_INSTALL_CASES_DIR
#define ESECHECK_INSTALL_CASES_DIR "../share/esecheck/cases"
#endif
#ifndef ESECHECK_INSTALL_CATALOGUE
#define ESECHECK_INSTALL_CATALOGUE "../share/esecheck/clauses.json"
#endif

typedef struct {
    char target[PATH_MAX];
    char cases_dir[PATH_MAX];
    char catalogue[PATH_MAX];
} layout;

/* Returns 1 with the path of relative, taken from dir, in out (resolved when it exists). */
static int beside(const char *dir, const char *relative, char out[PATH_MAX])
{
    char joined[PATH_MAX];
    if ((size_t)snprintf(joined, sizeof joined, "%s/%s", dir, relative) >= sizeof joined)
        return 0;
    if (realpath(joined, out) == NULL)
        memcpy(out, joined, sizeof joined);
    return 1;
}

/* Returns 1 with the installed layout in l when the running executable is an installed
 * esecheck (its catalogue is where the install puts it), else 0. */
static int find_installed(layout *l)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || (size_t)n >= sizeof exe - 1)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    return beside(exe, ESECHECK_INSTALL_CATALOGUE, l->catalogue) && access(l->catalogue, R_OK) == 0 &&
           beside(exe, ESECHECK_INSTALL_CASES_DIR, l->cases_dir) &&
           beside(exe, ESECHECK_INSTALL_TARGET, l->target);
}

/* Returns the layout, looked up once. */
static const layout *current(void)
{
    static layout l;
    static int found = -1;
    if (found < 0)
        found = find_installed(&l);
    if (!found) {
        snprintf(l.target, sizeof l.target, "%s", ESECHECK_DEFAULT_TARGET);
        snprintf(l.cases_dir, sizeof l.cases_dir, "%s", ESECHECK_CASES_DIR);
        snprintf(l.catalogue, sizeof l.catalogue, "%s", ESECHECK_CATALOGUE);
    }
    return &l;
}

const char *default_target(void)
{
    return current()->target;
}

const char *default_cases_dir(void)
{
    return current()->cases_dir;
}

const char *default_catalogue(void)
{
    return current()->catalogue;
}
