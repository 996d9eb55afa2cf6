/*
 * database.c - database slots, JetAttachDatabase(2) and JetDetachDatabase(2).
 *
 * A slot ties a file of the map to the instance that attached it; its index + 1 is the
 * JET_DBID every session of that instance uses. An instance attaches at most
 * REF_DB_PER_INSTANCE user databases. The documented profile also records which session
 * attached (the owner, by handle): another session's attach is a sharing violation there, and
 * a detach of all databases takes only the caller's. An owner that ended stays the owner: its
 * handle matches no live session, so every session is "another" one (no clause says more).
 */
#include <string.h>
#include <strings.h>
#include <esehook.h>
#include "ref_internal.h"

#define DB_BITS_VERSIONING_OFF 0x40u     /* the engine's internal JET_bitDbVersioningOff */

static ref_db_slot db_slots[REF_DB_SLOTS];
static uint32_t slots_used;             /* slots below this index may be in use */

ref_db_slot *ref__db_slot(JET_DBID dbid)
{
    return &db_slots[dbid - 1];
}

JET_DBID ref__db_attached_in(const ref_file *file, const ref_instance *instance)
{
    if (file == NULL || file->dbid == 0 || db_slots[file->dbid - 1].instance != instance)
        return 0;
    return file->dbid;
}

uint32_t ref__db_attached_count(const ref_instance *instance)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < slots_used; i++)
        count += db_slots[i].instance == instance; /* a free slot's is NULL */
    return count;
}

JET_DBID ref__db_attach(ref_instance *instance, ref_file *file, int read_only, JET_SESID owner)
{
    uint32_t i = 0;
    while (db_slots[i].file != NULL)
        i++; /* a free slot exists: every instance is held to REF_DB_PER_INSTANCE */
    if (i >= slots_used)
        slots_used = i + 1;
    db_slots[i] = (ref_db_slot){.file = file, .instance = instance, .read_only = read_only,
                                .owner = owner};
    file->dbid = i + 1;
    return file->dbid;
}

static void detach(ref_db_slot *slot)
{
    slot->file->dbid = 0;
    memset(slot, 0, sizeof *slot);
}

void ref__db_detach_instance(const ref_instance *instance)
{
    for (uint32_t i = 0; i < slots_used; i++) {
        if (db_slots[i].instance == instance)
            detach(&db_slots[i]);
    }
}

void ref__db_slots_clear(void)
{
    memset(db_slots, 0, slots_used * sizeof db_slots[0]);
    slots_used = 0;
}

int ref__db_is_temp(const ref_instance *instance, const char *name)
{
    return instance->params[REF_PARAM(JET_paramMaxTemporaryTables)].num > 0 &&
           strcasecmp(instance->params[REF_PARAM(JET_paramTempPath)].str, name) == 0;
}

int ref__db_path_empty(const char *name)
{
    return name == NULL || name[0] == '\0';
}

/* --- JetAttachDatabase ------------------------------------------------------------------ */

/* The checks on the arguments alone, before the file is looked up. */
static JET_ERR attach_argument_checks(const ref_session *session, const char *name, JET_GRBIT grbit)
{
    if (session->trx_level > 0)
        return JET_errInTransaction;
    if (grbit & DB_BITS_VERSIONING_OFF)
        return JET_errCannotDisableVersioning;
    if (ref__db_path_empty(name))
        return JET_errDatabaseInvalidPath;
    JET_GRBIT conflicting = JET_bitDbDeleteUnicodeIndexes | JET_bitDbReadOnly;
    if ((grbit & conflicting) == conflicting)
        return JET_errInvalidGrbit;
    return JET_errSuccess;
}

/* The file is already attached somewhere: the code, or Success when it is not. */
static JET_ERR attach_existing(const ref_session *session, const ref_file *file)
{
    if (file->dbid == 0)
        return JET_errSuccess;
    const ref_db_slot *slot = &db_slots[file->dbid - 1];
    if (slot->instance != session->instance)
        return JET_errDatabaseSharingViolation;
    if (ref__esent() || slot->owner == ref__session_handle(session))
        return JET_wrnDatabaseAttached; /* nothing changes */
    return JET_errDatabaseSharingViolation;
}

/* What the file's state (a hook's) says; may clear a stale secondary index. */
static JET_ERR attach_file_state(ref_file *file, JET_GRBIT grbit)
{
    switch (file->state) {
    case ESEHOOK_FILE_LOCKED:
        return JET_errDatabaseInUse;
    case ESEHOOK_FILE_PRIMARY_INDEX_STALE:
        return JET_errPrimaryIndexCorrupted;
    case ESEHOOK_FILE_SECONDARY_INDEX_STALE:
        /* deleting needs DeleteCorruptIndexes and a writable attach */
        if ((grbit & (JET_bitDbDeleteCorruptIndexes | JET_bitDbReadOnly)) !=
            JET_bitDbDeleteCorruptIndexes)
            return JET_errSecondaryIndexCorrupted;
        file->state = ESEHOOK_FILE_NORMAL;
        return JET_wrnCorruptIndexDeleted;
    default:
        return JET_errSuccess;
    }
}

static JET_ERR attach(ref_session *session, const char *name, JET_GRBIT grbit)
{
    ref_file *file = ref__file_find(name);
    if (file == NULL)
        return JET_errFileNotFound;
    if (file->state == ESEHOOK_FILE_READ_ONLY && !(grbit & JET_bitDbReadOnly))
        return JET_errDatabaseFileReadOnly;
    if (ref__has_state(session->instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS))
        return JET_errBackupInProgress;
    JET_ERR err = attach_existing(session, file);
    if (err != JET_errSuccess)
        return err;
    if (ref__db_attached_count(session->instance) >= REF_DB_PER_INSTANCE)
        return JET_errTooManyAttachedDatabases;
    err = attach_file_state(file, grbit);
    if (err < 0)
        return err;
    ref__db_attach(session->instance, file, (grbit & JET_bitDbReadOnly) != 0,
                   ref__session_handle(session));
    return err;
}

static JET_ERR attach_database(JET_SESID sesid, const char *name, JET_GRBIT grbit)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    err = attach_argument_checks(session, name, grbit);
    if (err == JET_errSuccess) {
        ref__files_lock();
        err = attach(session, name, grbit);
        ref__files_unlock();
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetAttachDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit)
{
    return attach_database(sesid, szFilename, grbit);
}
REF_ANSI_ALIAS(JetAttachDatabase);

REF_EXPORT JET_ERR JetAttachDatabase2(JET_SESID sesid, JET_PCSTR szFilename,
                                      const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit)
{
    (void)cpgDatabaseSizeMax; /* a size limit: nothing grows in memory */
    return attach_database(sesid, szFilename, grbit);
}
REF_ANSI_ALIAS(JetAttachDatabase2);

/* --- JetDetachDatabase ------------------------------------------------------------------ */

static JET_ERR detach_slot(const ref_session *session, ref_db_slot *slot)
{
    if (ref__has_state(session->instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS))
        return JET_errBackupInProgress;
    if (slot->pins > 0)
        return JET_errDatabaseInUse;
    detach(slot);
    return JET_errSuccess;
}

/* NULL or "": every database of the instance (documented: those the caller attached),
 * stopping at the first that cannot go. */
static JET_ERR detach_all(const ref_session *session)
{
    for (uint32_t i = 0; i < slots_used; i++) {
        ref_db_slot *slot = &db_slots[i];
        if (slot->instance != session->instance)
            continue;
        if (!ref__esent() && slot->owner != ref__session_handle(session))
            continue;
        JET_ERR err = detach_slot(session, slot);
        if (err != JET_errSuccess)
            return err;
    }
    return JET_errSuccess;
}

static JET_ERR detach_named(const ref_session *session, const char *name)
{
    if (ref__db_path_empty(name))
        return detach_all(session);
    JET_DBID dbid = ref__db_attached_in(ref__file_find(name), session->instance);
    if (dbid == 0)
        return JET_errDatabaseNotFound;
    return detach_slot(session, &db_slots[dbid - 1]);
}

static JET_ERR detach_database(JET_SESID sesid, const char *name, JET_GRBIT grbit, unsigned flags)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, flags, &session);
    if (err != JET_errSuccess)
        return err;
    if (grbit & JET_bitForceDetach) /* also in ForceCloseAndDetach */
        err = JET_errForceDetachNotAllowed;
    else if (session->trx_level > 0)
        err = JET_errInTransaction;
    else {
        ref__files_lock();
        err = detach_named(session, name);
        ref__files_unlock();
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetDetachDatabase(JET_SESID sesid, JET_PCSTR szFilename)
{
    return detach_database(sesid, szFilename, 0, REF_ENTER_IGNORE_STOP);
}
REF_ANSI_ALIAS(JetDetachDatabase);

REF_EXPORT JET_ERR JetDetachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit)
{
    /* The engine lets both detaches through a stop service; the docs name only the first. */
    unsigned flags = ref__esent() ? REF_ENTER_IGNORE_STOP : REF_ENTER_NORMAL;
    return detach_database(sesid, szFilename, grbit, flags);
}
REF_ANSI_ALIAS(JetDetachDatabase2);
