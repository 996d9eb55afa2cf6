/*
 * tmpdir.h - the scenarios' temporary directories ($TMPDIR: a suite run's one per scenario,
 * explore's one per side of a sequence), removed with all they hold once a run is over.
 */
#ifndef ESC_TMPDIR_H
#define ESC_TMPDIR_H

/* Removes the directory tree at path, links not followed; returns nothing. NULL or "" (no
 * directory was made) is nothing to remove. What cannot be removed stays, silently: a
 * leftover in /tmp must not change a run's result. */
void tmpdir_remove(const char *path);

#endif /* ESC_TMPDIR_H */
