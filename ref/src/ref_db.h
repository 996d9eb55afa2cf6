/*
 * ref_db.h - what ref's database, table and cursor files share (included by ref_internal.h).
 *
 * The model (notes: ring2-contract §2):
 *   files     process-wide map name -> file, case-insensitive; a created name never leaves it
 *             (detach and JetTerm keep the "file" and its tables) (files.c);
 *   slots     process-wide database slots; JET_DBID = slot index + 1; a slot ties a file to the
 *             instance that attached it (database.c);
 *   opens     per session, per dbid, a count (dbopen.c);
 *   tables    per file, by name, with the transaction state of their DDL (table.c);
 *   cursors   per instance, tagged generation-counted handles like sessions (cursor.c).
 *
 * Locking: the files lock guards files, slots and tables. Order: global lock, an instance slot
 * lock, then the files lock; nothing takes an instance lock while holding the files lock.
 * Cursors and opens belong to an instance and live under its lock.
 */
#ifndef REF_DB_H
#define REF_DB_H

struct ref_table {
    ref_table *next;
    ref_file *file;
    char name[JET_cbNameMost + 1];      /* trailing spaces trimmed */
    int system;                         /* MSysObjects, MSysObjectsShadow: never deleted */
    uint32_t hook_state;                /* ESEHOOK_TABLE_* */
    ref_session *creator;               /* its creation is not final yet: who made it, else NULL */
    uint32_t create_level;              /* the creator's level that made it */
    ref_session *deleter;               /* a delete is pending: by whom, else NULL */
    uint32_t delete_level;              /* the deleter's level that deleted it */
    uint32_t cursors;                   /* open cursors on it */
};

struct ref_file {
    ref_file *next;                     /* the map is a list: a handful of files per scenario */
    uint32_t state;                     /* ESEHOOK_FILE_* */
    JET_DBID dbid;                      /* its slot while attached, else 0 */
    ref_table *tables;                  /* the system tables, then every user table */
    ref_table system[2];                /* MSysObjects, MSysObjectsShadow: part of the block */
    char name[];                        /* as given */
};

typedef struct {
    ref_file *file;                     /* NULL when the slot is free */
    ref_instance *instance;             /* the instance that attached it (compared, never read) */
    int read_only;                      /* attached with JET_bitDbReadOnly */
    JET_SESID owner;                    /* the session that attached or created it */
    ref_session *exclusive;             /* who holds it open with JET_bitDbExclusive, or NULL */
    uint32_t pins;                      /* opens of every session */
} ref_db_slot;

/* files.c */
void ref__files_lock(void);
void ref__files_unlock(void);
/* The first file of the map (then file->next), for walks over every file. */
ref_file *ref__files_first(void);
/* The file of that name (case-insensitive), or NULL. */
ref_file *ref__file_find(const char *name);
/* A new file in the map, with its system tables: Success or OutOfMemory (nothing left). */
JET_ERR ref__file_new(const char *name, ref_file **out);
/* Empties the map and frees every file and table (esehook_reset; files lock held). */
void ref__files_clear(void);

/* database.c */
/* The slot of a dbid known to be attached (one the caller has open, or a file's). */
ref_db_slot *ref__db_slot(JET_DBID dbid);
/* The dbid of the file if it is attached in that instance, else 0. */
JET_DBID ref__db_attached_in(const ref_file *file, const ref_instance *instance);
/* Attaches a file to an instance (the caller checked the limit): its new dbid. */
JET_DBID ref__db_attach(ref_instance *instance, ref_file *file, int read_only, JET_SESID owner);
/* How many databases an instance has attached. */
uint32_t ref__db_attached_count(const ref_instance *instance);
/* JetTerm: detaches every database of the instance (files lock held). */
void ref__db_detach_instance(const ref_instance *instance);
void ref__db_slots_clear(void);
/* The name is the instance's temporary database (JET_paramTempPath, temp tables enabled). */
int ref__db_is_temp(const ref_instance *instance, const char *name);
/* Path checks shared by create and attach: NULL or "" -> DatabaseInvalidPath. */
int ref__db_path_empty(const char *name);

/* dbopen.c */
/* InvalidDatabaseId unless the session has dbid open. */
JET_ERR ref__db_check_open(const ref_session *session, JET_DBID dbid);
/* One more open of dbid by the session (room always exists: at most 6 dbids per instance). */
void ref__db_open_add(ref_session *session, JET_DBID dbid, int exclusive);
/* Closes every open of the session (files lock held; its cursors are closed already). */
void ref__db_close_all(ref_session *session);
/* The sum of the session's open counts. */
uint32_t ref__db_open_total(const ref_session *session);

/* table.c */
/* InvalidName or Success; the trimmed name in out. */
JET_ERR ref__table_check_name(const char *name, char out[JET_cbNameMost + 1]);
/* The table of that name the session can see in the file, or NULL. */
ref_table *ref__table_visible(ref_file *file, const char *name, const ref_session *viewer);
/* Transaction ends of a session's level (files lock held): commit lowers `level` to level-1;
 * rollback undoes every level above `to_level`. */
void ref__ddl_commit(ref_session *session, uint32_t level);
void ref__ddl_rollback(ref_session *session, uint32_t to_level);
/* Drops the user tables of a detached file (JetCreateDatabase with OverwriteExisting). */
void ref__tables_drop_user(ref_file *file);
/* What JetCreateTable and JetOpenTable do on an open database, files lock held:
 * (session, dbid, szTableName, lDensity or grbit, ptableid). */
typedef JET_ERR (*ref_table_fn)(ref_session *session, JET_DBID dbid, const char *name,
                                uint32_t arg, JET_TABLEID *ptableid);
/* Their common frame: the entry checks, dbid open in the session, *ptableid set to
 * JET_tableidNil (a NULL ptableid to a scratch cell), then fn under the files lock. */
JET_ERR ref__table_call(JET_SESID sesid, JET_DBID dbid, const char *name, uint32_t arg,
                        JET_TABLEID *ptableid, ref_table_fn fn);

/* cursor.c */
typedef struct {
    int deny_read, deny_write, updatable;
} ref_cursor_mode;
/* Makes sure a cursor slot is free: Success, or OutOfCursors with nothing changed. */
JET_ERR ref__cursor_reserve(ref_instance *instance);
/* A new cursor of the session on the table, in the slot reserved: its handle. */
JET_TABLEID ref__cursor_new(ref_session *session, ref_table *table, JET_DBID dbid,
                            ref_cursor_mode mode);
/* 1 when the instance has JET_paramMaxCursors cursors open. */
int ref__cursor_quota_full(const ref_instance *instance);
/* Closes the session's cursors: all (dbid 0) or those on dbid. */
void ref__cursors_close_session(ref_session *session, JET_DBID dbid);
/* Closes every cursor on a table (the table is going away). */
void ref__cursors_close_table(ref_instance *instance, const ref_table *table);
/* Rollback: closes the session's cursors opened above to_level. Commit: lowers `level`. */
void ref__cursors_rollback(ref_session *session, uint32_t to_level);
void ref__cursors_commit(ref_session *session, uint32_t level);
uint32_t ref__cursors_of_session(const ref_session *session);
/* Frees the instance's cursor table (instance destroyed). */
void ref__cursors_free(ref_instance *instance);

/* release.c: what the first ring's lifecycle calls do to the resources */
/* JetEndSession: rolls back, closes the session's cursors and database opens. */
void ref__session_release(ref_session *session);
/* JetTerm and reset: the same for every session, then detaches every database. */
void ref__instance_release(ref_instance *instance);
/* JetRollback and JetCommitTransaction of one level (files lock taken inside). */
void ref__trx_rolled_back(ref_session *session, uint32_t to_level);
void ref__trx_committed(ref_session *session, uint32_t level);

#endif /* REF_DB_H */
