/*
 * <esehook.h> - the test hook API of ref, esecheck's in-memory reference engine.
 *
 * Not part of ESE. These calls put ref into states that no public call reaches on demand
 * (a restore in progress, a fatal error, a failed allocation, another thread inside a call),
 * switch the profile ref implements, read counters, and reset the library. The harness finds
 * them with dlsym; scenarios that need them declare the capability "ref-hooks".
 *
 * Every hook returns a JET_ERR: JET_errSuccess, JET_errInvalidInstance or JET_errInvalidSesid
 * for a handle that is not live, JET_errInvalidParameter for a value out of range.
 * The list of hooks and their constants is esehook.def beside this file.
 */
#ifndef ESEHOOK_H
#define ESEHOOK_H

#include <ese/jet.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
#define ESEHOOK_CONST(name, value) name = (value),
#include <esehook.def>
#undef ESEHOOK_CONST
};

/* --- profile ---------------------------------------------------------------------------- */

/* Selects whose word ref follows: ESEHOOK_PROFILE_DOCUMENTED (the default) or
 * ESEHOOK_PROFILE_ESENT (the real engine's, where it differs from the docs). The global
 * parameter values go back to that profile's defaults (they differ for a few parameters), so
 * call it right after esehook_reset, before anything else. */
JET_ERR esehook_set_profile(uint32_t profile);

/* --- states ----------------------------------------------------------------------------- */

/* Adds one of the ESEHOOK_STATE_* states to a live instance (states combine, so that check
 * order can be tested); ESEHOOK_STATE_NORMAL clears every state a hook added.
 *   RESTORE_IN_PROGRESS, TERM_IN_PROGRESS, INIT_IN_PROGRESS, BACKUP_IN_PROGRESS: as if another
 *     thread were restoring, terminating, initializing, or backing the instance up;
 *   UNAVAILABLE, UNAVAILABLE_LOG_DISK_FULL: as if the instance had hit a fatal error (the
 *     second: because its log disk filled up);
 *   NOT_INITIALIZED: as if the instance had lost its initialization;
 *   ROLLBACK_FAILS: the next rollback of an open transaction fails as if undo hit a fatal
 *     error; the instance is then unavailable. */
JET_ERR esehook_set_instance_state(JET_INSTANCE instance, uint32_t state);

/* Marks a session as if another thread were inside an API call on it (busy != 0), or not. */
JET_ERR esehook_set_session_busy(JET_SESID sesid, uint32_t busy);

/* Puts a database file (by name; it must have been created: else JET_errFileNotFound) in one
 * of the ESEHOOK_FILE_* states, as if seen on disk:
 *   READ_ONLY: the file is read-only (attach needs JET_bitDbReadOnly);
 *   LOCKED: another process holds it (attach fails);
 *   PRIMARY_INDEX_STALE, SECONDARY_INDEX_STALE: its indexes need rebuilding (attach fails; a
 *     stale secondary index is deleted by JET_bitDbDeleteCorruptIndexes, clearing the state);
 *   NOT_DATABASE: the attached file is no longer a database (JetOpenDatabase fails);
 *   NORMAL: none of these. */
JET_ERR esehook_set_file_state(JET_PCSTR szFilename, uint32_t state);

/* Puts a table the session sees through dbid (open in the session) in one of the
 * ESEHOOK_TABLE_* states: SYSTEM_CURSOR (only the engine's cleanup has a cursor on it),
 * TEMPLATE (a template table: it cannot be deleted), NORMAL. */
JET_ERR esehook_set_table_state(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                uint32_t state);

/* --- faults ----------------------------------------------------------------------------- */

/* Makes the nth allocation from now fail (1 = the next one); 0 cancels. One failure only. */
JET_ERR esehook_fail_allocation(uint32_t nth);

/* --- counters --------------------------------------------------------------------------- */

/* The number of open sessions of a live instance. */
JET_ERR esehook_open_sessions(JET_INSTANCE instance, uint32_t *pcount);

/* The sum of a session's database open counts; its open cursors; the databases a live
 * instance has attached. */
JET_ERR esehook_open_databases(JET_SESID sesid, uint32_t *pcount);
JET_ERR esehook_open_cursors(JET_SESID sesid, uint32_t *pcount);
JET_ERR esehook_attached_databases(JET_INSTANCE instance, uint32_t *pcount);

/* The number of blocks ref has allocated and not yet freed. */
JET_ERR esehook_live_allocations(JET_API_PTR *pcount);

/* --- reset ------------------------------------------------------------------------------ */

/* Frees every instance and session, forgets every database file, table and cursor, and
 * returns the library to its freshly loaded state (profile documented, no mode, default
 * parameters, no pending fault). */
JET_ERR esehook_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* ESEHOOK_H */
