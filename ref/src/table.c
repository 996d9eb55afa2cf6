/*
 * table.c - tables of a file: names, JetCreateTable (and the frame it shares with
 * JetOpenTable), JetDeleteTable, and what commit and rollback do to them.
 *
 * DDL is transactional. A table created inside a transaction carries its creator and level:
 * only the creator sees it until the creation is committed to level 0; rolling the level back
 * removes it (and closes its cursors). A delete inside a transaction marks the table pending:
 * the deleter no longer sees it, others find it locked; committing to level 0 removes it,
 * rolling back clears the mark. Outside a transaction both are final at once.
 */
#include <string.h>
#include <strings.h>
#include <esehook.h>
#include "ref_internal.h"

#define DENSITY_MIN 20
#define DENSITY_MAX 100

/* --- names ------------------------------------------------------------------------------ */

static int bad_character(unsigned char c)
{
    if (c < 0x20 || c == '!' || c == '[' || c == ']')
        return 1;
    /* The engine refuses '.', the docs ',' instead. */
    return ref__esent() ? c == '.' : c == ',';
}

JET_ERR ref__table_check_name(const char *name, char out[JET_cbNameMost + 1])
{
    if (name == NULL || name[0] == ' ')
        return JET_errInvalidName;
    size_t length = strlen(name);
    while (length > 0 && name[length - 1] == ' ')
        length--;
    /* The engine takes up to JET_cbNameMost bytes; the docs want fewer. */
    size_t most = ref__esent() ? JET_cbNameMost : JET_cbNameMost - 1;
    if (length == 0 || length > most)
        return JET_errInvalidName;
    for (size_t i = 0; i < length; i++) {
        if (bad_character((unsigned char)name[i]))
            return JET_errInvalidName;
    }
    memcpy(out, name, length);
    out[length] = '\0';
    return JET_errSuccess;
}

/* --- lookups ---------------------------------------------------------------------------- */

/* 1 when the viewer sees the table: not another session's unfinished creation, not the
 * viewer's own pending delete. */
static int visible_to(const ref_table *table, const ref_session *viewer)
{
    return (table->creator == NULL || table->creator == viewer) && table->deleter != viewer;
}

ref_table *ref__table_visible(ref_file *file, const char *name, const ref_session *viewer)
{
    for (ref_table *table = file->tables; table != NULL; table = table->next) {
        if (strcasecmp(table->name, name) == 0 && visible_to(table, viewer))
            return table;
    }
    return NULL;
}

/* 1 when a table of that name exists for create's purposes (anyone's, but not one the caller
 * itself is deleting). */
static int name_taken(const ref_file *file, const char *name, const ref_session *session)
{
    for (const ref_table *table = file->tables; table != NULL; table = table->next) {
        if (strcasecmp(table->name, name) == 0 && table->deleter != session)
            return 1;
    }
    return 0;
}

/* Frees the file's tables doomed() picks (system tables are part of the file's block and
 * never picked). */
static void remove_tables(ref_file *file, int (*doomed)(const ref_table *, const void *),
                          const void *arg)
{
    ref_table **link = &file->tables;
    while (*link != NULL) {
        ref_table *table = *link;
        if (doomed(table, arg)) {
            *link = table->next;
            ref__free(table);
        } else {
            link = &table->next;
        }
    }
}

static int is_user_table(const ref_table *table, const void *arg)
{
    (void)arg;
    return !table->system;
}

static int is_this_table(const ref_table *table, const void *arg)
{
    return table == arg;
}

static void unlink_table(ref_table *table)
{
    remove_tables(table->file, is_this_table, table);
}

void ref__tables_drop_user(ref_file *file)
{
    remove_tables(file, is_user_table, NULL);
}

/* --- JetCreateTable --------------------------------------------------------------------- */

static JET_ERR create_table(ref_session *session, JET_DBID dbid, const char *name,
                            uint32_t density, JET_TABLEID *ptableid)
{
    ref_db_slot *slot = ref__db_slot(dbid);
    if (slot->read_only)
        return JET_errPermissionDenied;
    char trimmed[JET_cbNameMost + 1];
    JET_ERR err = ref__table_check_name(name, trimmed);
    if (err != JET_errSuccess)
        return err;
    if (density != 0 && (density < DENSITY_MIN || density > DENSITY_MAX))
        return JET_errDensityInvalid;
    if (name_taken(slot->file, trimmed, session))
        return JET_errTableDuplicate;
    if (ref__cursor_quota_full(session->instance))
        return JET_errOutOfCursors;
    /* The table, then its cursor, as the engine makes the FCB before the FUCB (bt.cxx
     * ErrBTICreateFCB): a table it cannot allocate is TooManyOpenTables (fcb.cxx), a cursor
     * OutOfCursors. In this order a failure leaves nothing, not even a grown cursor table. */
    ref_table *table = ref__alloc(sizeof *table);
    if (table == NULL)
        return JET_errTooManyOpenTables;
    err = ref__cursor_reserve(session->instance);
    if (err != JET_errSuccess) {
        ref__free(table);
        return err;
    }
    strcpy(table->name, trimmed);
    table->file = slot->file;
    if (session->trx_level > 0) {
        table->creator = session;
        table->create_level = session->trx_level;
    }
    ref_cursor_mode mode = {.deny_read = 1, .updatable = 1};
    *ptableid = ref__cursor_new(session, table, dbid, mode);
    table->next = slot->file->tables;
    slot->file->tables = table;
    return JET_errSuccess;
}

JET_ERR ref__table_call(JET_SESID sesid, JET_DBID dbid, const char *name, uint32_t arg,
                        JET_TABLEID *ptableid, ref_table_fn fn)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    err = ref__db_check_open(session, dbid);
    if (err == JET_errSuccess) {
        ptableid = ref__out(ptableid);
        *ptableid = JET_tableidNil;
        ref__files_lock();
        err = fn(session, dbid, name, arg, ptableid);
        ref__files_unlock();
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetCreateTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                  uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid)
{
    (void)lPages; /* an initial size: nothing to reserve in memory */
    return ref__table_call(sesid, dbid, szTableName, lDensity, ptableid, create_table);
}
REF_ANSI_ALIAS(JetCreateTable);

/* --- JetDeleteTable --------------------------------------------------------------------- */

/* Names the engine refuses to delete before it validates them. */
static int protected_system_name(const char *name)
{
    return name != NULL &&
           (strcasecmp(name, "MSysObjids") == 0 || strcasecmp(name, "MSysExtentPageCountCache") == 0);
}

/* The cursors on the table: another session's deny-read locks it; any cursor keeps it in use. */
static JET_ERR cursor_conflict(const ref_session *session, const ref_table *table)
{
    const ref_instance *instance = session->instance;
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        const ref_cursor_slot *slot = &instance->cursors[i];
        if (!slot->in_use || slot->cursor.table != table)
            continue;
        if (slot->cursor.deny_read && slot->cursor.session != session)
            return JET_errTableLocked;
        err = JET_errTableInUse;
    }
    return err;
}

static JET_ERR delete_table(ref_session *session, JET_DBID dbid, const char *name)
{
    char trimmed[JET_cbNameMost + 1];
    JET_ERR err = ref__table_check_name(name, trimmed);
    if (err != JET_errSuccess)
        return err;
    ref_table *table = ref__table_visible(ref__db_slot(dbid)->file, trimmed, session);
    if (table == NULL)
        return JET_errObjectNotFound;
    if (table->system)
        return JET_errCannotDeleteSystemTable;
    if (table->deleter != NULL)
        return JET_errTableLocked;
    err = cursor_conflict(session, table);
    if (err != JET_errSuccess)
        return err;
    if (table->hook_state == ESEHOOK_TABLE_TEMPLATE)
        return JET_errCannotDeleteTemplateTable;
    if (session->trx_level == 0) {
        unlink_table(table);
    } else {
        table->deleter = session;
        table->delete_level = session->trx_level;
    }
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetDeleteTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    err = ref__db_check_open(session, dbid);
    if (err == JET_errSuccess && protected_system_name(szTableName))
        err = JET_errCannotDeleteSystemTable;
    else if (err == JET_errSuccess && session->trx_level > 0 && session->trx_read_only)
        err = JET_errTransReadOnly;
    if (err == JET_errSuccess) {
        ref__files_lock();
        err = delete_table(session, dbid, szTableName);
        ref__files_unlock();
    }
    ref__session_leave(session);
    return err;
}
REF_ANSI_ALIAS(JetDeleteTable);

/* --- transactions ----------------------------------------------------------------------- */

/* Calls fn on every table of every file (fn may unlink the table it is given). */
static void each_table(ref_session *session, uint32_t level,
                       void (*fn)(ref_session *, ref_table *, uint32_t))
{
    for (ref_file *file = ref__files_first(); file != NULL; file = file->next) {
        ref_table *next;
        for (ref_table *table = file->tables; table != NULL; table = next) {
            next = table->next;
            fn(session, table, level);
        }
    }
}

/* Commit of `level`: what it created or deleted moves to the level below; at 0 it is final. */
static void commit_table(ref_session *session, ref_table *table, uint32_t level)
{
    if (table->creator == session && table->create_level >= level) {
        table->create_level = level - 1;
        if (table->create_level == 0)
            table->creator = NULL;
    }
    if (table->deleter == session && table->delete_level >= level) {
        table->delete_level = level - 1;
        if (table->delete_level == 0)
            unlink_table(table); /* no cursor is left on a table deleted */
    }
}

static void undo_delete(ref_session *session, ref_table *table, uint32_t to_level)
{
    if (table->deleter == session && table->delete_level > to_level) {
        table->deleter = NULL;
        table->delete_level = 0;
    }
}

static void undo_create(ref_session *session, ref_table *table, uint32_t to_level)
{
    if (table->creator == session && table->create_level > to_level) {
        ref__cursors_close_table(session->instance, table);
        unlink_table(table);
    }
}

void ref__ddl_commit(ref_session *session, uint32_t level)
{
    each_table(session, level, commit_table);
}

void ref__ddl_rollback(ref_session *session, uint32_t to_level)
{
    each_table(session, to_level, undo_delete);
    each_table(session, to_level, undo_create);
}
