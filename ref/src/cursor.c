/*
 * cursor.c - cursors (JET_TABLEID): JetOpenTable, JetCloseTable, JetDupCursor.
 *
 * A cursor lives in a slot of its instance's cursor table, grown on demand with a free list,
 * like sessions. Its handle is a number, never a pointer, laid out as a session's (handles.c):
 *   0xC (4) | instance slot (14) | instance generation (10) | cursor slot (20) | generation (16)
 * so 0, nil, garbage, a closed cursor and one of a terminated instance are refused by a
 * lookup that compares generations. A cursor opened inside a transaction remembers the level;
 * rolling that level back closes it, committing lowers its level.
 */
#include <string.h>
#include <esehook.h>
#include "ref_internal.h"

#define CURSOR_TAG 0xCull
#define CURSOR_SLOT_BITS 20
#define CURSOR_GEN_BITS 16
#define CURSOR_SLOTS_MAX (1u << CURSOR_SLOT_BITS)
_Static_assert(CURSOR_SLOT_BITS + CURSOR_GEN_BITS == 36, "a cursor's slot and generation fill 36 bits");

#define TABLE_BIT_DELETE 0x10000000u                    /* the engine's internal bits */
#define TABLE_BIT_CREATE 0x20000000u
#define TABLE_BIT_UPDATABLE_DURING_RECOVERY 0x40000000u

/* --- handles and the cursor table ------------------------------------------------------- */

static JET_TABLEID cursor_handle(const ref_instance *instance, uint32_t slot)
{
    return ref__owned_handle(CURSOR_TAG, instance, slot, instance->cursors[slot].gen,
                             CURSOR_GEN_BITS);
}

/* The slot of a live cursor of the session's instance, or NULL: the handle must be exactly
 * the one that slot hands out now (tag, instance and both generations included). */
static ref_cursor_slot *cursor_lookup(const ref_instance *instance, JET_TABLEID tableid)
{
    uint32_t slot = (uint32_t)((tableid >> CURSOR_GEN_BITS) & (CURSOR_SLOTS_MAX - 1));
    if (slot >= instance->cursor_capacity || !instance->cursors[slot].in_use ||
        cursor_handle(instance, slot) != tableid)
        return NULL;
    return &instance->cursors[slot];
}

JET_ERR ref__cursor_reserve(ref_instance *instance)
{
    if (instance->cursor_capacity > 0 && instance->cursor_free_head != REF_NO_SLOT)
        return JET_errSuccess;
    uint32_t old = instance->cursor_capacity;
    uint32_t capacity = old == 0 ? 1 : old * 2; /* from 1: every scenario grows it */
    /* A cursor the engine cannot allocate is OutOfCursors (fucb.cxx ErrFUCBOpen), whether
     * memory ran out or, here, the handle's slot bits did. */
    ref_cursor_slot *table = NULL;
    if (capacity > CURSOR_SLOTS_MAX || (table = ref__alloc(capacity * sizeof *table)) == NULL)
        return JET_errOutOfCursors;
    if (old > 0)
        memcpy(table, instance->cursors, old * sizeof *table);
    for (uint32_t i = old; i < capacity; i++) {
        table[i].gen = 1;
        table[i].next_free = i + 1 < capacity ? i + 1 : REF_NO_SLOT;
    }
    ref__free(instance->cursors);
    instance->cursors = table;
    instance->cursor_capacity = capacity;
    instance->cursor_free_head = old;
    return JET_errSuccess;
}

int ref__cursor_quota_full(const ref_instance *instance)
{
    return instance->open_cursors >= instance->params[REF_PARAM(JET_paramMaxCursors)].num;
}

JET_TABLEID ref__cursor_new(ref_session *session, ref_table *table, JET_DBID dbid,
                            ref_cursor_mode mode)
{
    ref_instance *instance = session->instance;
    uint32_t slot = instance->cursor_free_head;
    ref_cursor_slot *entry = &instance->cursors[slot];
    instance->cursor_free_head = entry->next_free;
    entry->in_use = 1;
    entry->cursor = (ref_cursor){.session = session, .table = table, .dbid = dbid,
                                 .level = session->trx_level, .deny_read = mode.deny_read,
                                 .deny_write = mode.deny_write, .updatable = mode.updatable};
    if (table->cursors++ == 0)
        instance->open_tables++;
    instance->open_cursors++;
    return cursor_handle(instance, slot);
}

/* 1 when the slot holds a cursor of the session. */
static int session_cursor(const ref_cursor_slot *entry, const ref_session *session)
{
    return entry->in_use && entry->cursor.session == session;
}

static void close_slot(ref_instance *instance, ref_cursor_slot *entry)
{
    if (--entry->cursor.table->cursors == 0)
        instance->open_tables--;
    instance->open_cursors--;
    entry->in_use = 0;
    entry->gen++;
    entry->next_free = instance->cursor_free_head;
    instance->cursor_free_head = (uint32_t)(entry - instance->cursors);
}

void ref__cursors_close_session(ref_session *session, JET_DBID dbid)
{
    ref_instance *instance = session->instance;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        ref_cursor_slot *entry = &instance->cursors[i];
        if (session_cursor(entry, session) && (dbid == 0 || entry->cursor.dbid == dbid))
            close_slot(instance, entry);
    }
}

void ref__cursors_close_table(ref_instance *instance, const ref_table *table)
{
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        if (instance->cursors[i].in_use && instance->cursors[i].cursor.table == table)
            close_slot(instance, &instance->cursors[i]);
    }
}

void ref__cursors_rollback(ref_session *session, uint32_t to_level)
{
    ref_instance *instance = session->instance;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        ref_cursor_slot *entry = &instance->cursors[i];
        if (session_cursor(entry, session) && entry->cursor.level > to_level)
            close_slot(instance, entry);
    }
}

void ref__cursors_commit(ref_session *session, uint32_t level)
{
    ref_instance *instance = session->instance;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        ref_cursor_slot *entry = &instance->cursors[i];
        if (session_cursor(entry, session) && entry->cursor.level >= level)
            entry->cursor.level = level - 1;
    }
}

uint32_t ref__cursors_of_session(const ref_session *session)
{
    const ref_instance *instance = session->instance;
    uint32_t count = 0;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++)
        count += session_cursor(&instance->cursors[i], session);
    return count;
}

void ref__cursors_free(ref_instance *instance)
{
    ref__free(instance->cursors);
    instance->cursors = NULL;
    instance->cursor_capacity = 0;
    instance->open_cursors = 0;
    instance->open_tables = 0;
}

/* --- JetOpenTable ----------------------------------------------------------------------- */

/* The engine's else-if chain over the bits (no mask: other unknown bits are ignored). */
static JET_ERR check_open_bits(JET_GRBIT grbit)
{
    if (grbit & (TABLE_BIT_DELETE | TABLE_BIT_CREATE))
        return JET_errInvalidGrbit;
    if (grbit & JET_bitTablePermitDDL)
        return (grbit & JET_bitTableDenyRead) ? JET_errSuccess : JET_errInvalidGrbit;
    if ((grbit & JET_bitTableDenyRead) && (grbit & JET_bitTableReadOnly))
        return JET_errInvalidGrbit;
    if (grbit & TABLE_BIT_UPDATABLE_DURING_RECOVERY)
        return JET_errInvalidGrbit;
    return JET_errSuccess;
}

/* What the other cursors on a table hold, as the lock checks need it. */
typedef struct {
    int other_deny_read, other_deny_write, any_deny_write, other_updatable, other_any;
} table_holders;

static table_holders holders_of(const ref_session *session, const ref_table *table)
{
    table_holders h = {0};
    const ref_instance *instance = session->instance;
    for (uint32_t i = 0; i < instance->cursor_capacity; i++) {
        const ref_cursor_slot *entry = &instance->cursors[i];
        if (!entry->in_use || entry->cursor.table != table)
            continue;
        int other = entry->cursor.session != session;
        h.any_deny_write |= entry->cursor.deny_write;
        h.other_deny_read |= other & entry->cursor.deny_read;
        h.other_deny_write |= other & entry->cursor.deny_write;
        h.other_updatable |= other & entry->cursor.updatable;
        h.other_any |= other;
    }
    return h;
}

/* The lock checks, in the engine's order: Success, the warning of a table only the system
 * holds, or the refusal. */
static JET_ERR check_locks(const ref_session *session, const ref_table *table, JET_GRBIT grbit,
                           int updatable)
{
    if (table->deleter != NULL)
        return JET_errTableLocked; /* another session's: the deleter does not see it */
    table_holders h = holders_of(session, table);
    if (h.other_deny_read || (updatable && h.other_deny_write))
        return JET_errTableLocked;
    if ((grbit & JET_bitTableDenyWrite) && (h.any_deny_write || h.other_updatable))
        return JET_errTableInUse;
    if ((grbit & JET_bitTableDenyRead) && h.other_any)
        return JET_errTableInUse;
    if ((grbit & JET_bitTableDenyRead) && table->hook_state == ESEHOOK_TABLE_SYSTEM_CURSOR)
        return JET_wrnTableInUseBySystem;
    return JET_errSuccess;
}

static JET_ERR open_table(ref_session *session, JET_DBID dbid, const char *name, JET_GRBIT grbit,
                          JET_TABLEID *ptableid)
{
    JET_ERR err = check_open_bits(grbit);
    char trimmed[JET_cbNameMost + 1];
    if (err == JET_errSuccess)
        err = ref__table_check_name(name, trimmed);
    if (err != JET_errSuccess)
        return err;
    ref_db_slot *db = ref__db_slot(dbid);
    ref_table *table = ref__table_visible(db->file, trimmed, session);
    ref_instance *instance = session->instance;
    if (table == NULL)
        return JET_errObjectNotFound;
    if (ref__cursor_quota_full(instance))
        return JET_errOutOfCursors;
    if (table->cursors == 0 &&
        instance->open_tables >= instance->params[REF_PARAM(JET_paramMaxOpenTables)].num)
        return JET_errTooManyOpenTables;
    if ((grbit & JET_bitTableReadOnly) && (grbit & JET_bitTableUpdatable))
        return JET_errInvalidGrbit;
    /* Updatable by default; a read-only attachment silently makes it read-only. */
    int updatable = !(grbit & JET_bitTableReadOnly) && !db->read_only;
    err = check_locks(session, table, grbit, updatable);
    JET_ERR room = err < 0 ? err : ref__cursor_reserve(instance);
    if (room != JET_errSuccess)
        return room;
    ref_cursor_mode mode = {.deny_read = (grbit & JET_bitTableDenyRead) != 0,
                            .deny_write = (grbit & JET_bitTableDenyWrite) != 0,
                            .updatable = updatable};
    *ptableid = ref__cursor_new(session, table, dbid, mode);
    return err;
}

REF_EXPORT JET_ERR JetOpenTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit,
                                JET_TABLEID *ptableid)
{
    (void)pvParameters; /* deprecated: ignored */
    (void)cbParameters;
    return ref__table_call(sesid, dbid, szTableName, grbit, ptableid, open_table);
}
REF_ANSI_ALIAS(JetOpenTable);

/* --- JetCloseTable, JetDupCursor -------------------------------------------------------- */

/* The engine's order for a call on a cursor: the session, the cursor, whose it is, then the
 * rest of the entry checks. On Success the session is locked and *out is its cursor. */
static JET_ERR enter_with_cursor(JET_SESID sesid, JET_TABLEID tableid, unsigned flags,
                                 ref_session **psession, ref_cursor_slot **out)
{
    ref_session *session;
    JET_ERR err = ref__session_lock(sesid, &session);
    if (err != JET_errSuccess)
        return err;
    ref_cursor_slot *entry = cursor_lookup(session->instance, tableid);
    if (entry == NULL)
        err = JET_errInvalidTableId;
    else if (entry->cursor.session != session)
        err = JET_errSesidTableIdMismatch;
    else
        err = ref__session_checks(session, flags);
    if (err != JET_errSuccess) {
        ref__session_leave(session);
        return err;
    }
    *psession = session;
    *out = entry;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetCloseTable(JET_SESID sesid, JET_TABLEID tableid)
{
    ref_session *session;
    ref_cursor_slot *entry;
    JET_ERR err = enter_with_cursor(sesid, tableid, REF_ENTER_IGNORE_STOP, &session, &entry);
    if (err != JET_errSuccess)
        return err;
    ref__files_lock();
    close_slot(session->instance, entry);
    ref__files_unlock();
    ref__session_leave(session);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid,
                                JET_GRBIT grbit)
{
    (void)grbit; /* reserved: not examined */
    ref_session *session;
    ref_cursor_slot *entry;
    JET_ERR err = enter_with_cursor(sesid, tableid, REF_ENTER_NORMAL, &session, &entry);
    if (err != JET_errSuccess)
        return err;
    ref__files_lock();
    /* The copy holds no locks. The source is read first: making room may move the slots. */
    ref_cursor source = entry->cursor;
    err = ref__cursor_quota_full(session->instance) ? JET_errOutOfCursors
                                                    : ref__cursor_reserve(session->instance);
    if (err == JET_errSuccess) { /* nothing is written on failure */
        ref_cursor_mode mode = {.updatable = source.updatable};
        *(JET_TABLEID *)ref__out(ptableid) =
            ref__cursor_new(session, source.table, source.dbid, mode);
    }
    ref__files_unlock();
    ref__session_leave(session);
    return err;
}
