/*
 * defaults.h - where esecheck's own files are when no option names them: the cases, the
 * clause catalogue and the default target (ref).
 *
 * An installed esecheck (cmake --install) finds them beside itself, by paths relative to its
 * executable (PREFIX/bin/esecheck -> PREFIX/share/esecheck, PREFIX/lib/libeseref.so), so the
 * prefix can be moved. Anywhere else (the build tree, the unit tests) it uses the absolute
 * source and build paths it was compiled with.
 */
#ifndef ESC_DEFAULTS_H
#define ESC_DEFAULTS_H

/* Returns the default --target: the installed or the built libeseref.so. */
const char *default_target(void);

/* Returns the directory of scenarios run when no PATH is given. */
const char *default_cases_dir(void);

/* Returns the default --catalogue: clauses.json. */
const char *default_catalogue(void);

#endif /* ESC_DEFAULTS_H */
