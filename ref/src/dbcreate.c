/*
 * dbcreate.c - JetCreateDatabase and JetCreateDatabase2: a new file in the map, attached to
 * the caller's instance and opened once by the caller.
 *
 * The directory part of the name must exist on disk (ref checks it with stat, as the engine's
 * file creation would fail); the file itself is never written.
 */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <esehook.h>
#include "ref_internal.h"

#define DB_BITS_VERSIONING_OFF 0x40u     /* the engine's internal JET_bitDbVersioningOff */
#define DB_PAGES_MAX 0x7FFFFFFEu         /* the docs' largest cpgDatabaseSizeMax */
#define DIR_MAX 4096

/* 1 when the directory part of name exists (dirname: "." for a bare name), checked with a
 * trailing '/' so that a regular file does not pass. A name longer than any path: missing. */
static int parent_directory_exists(const char *name)
{
    char copy[DIR_MAX];
    if (strlen(name) >= DIR_MAX - 1)
        return 0;
    strcpy(copy, name);
    char dir[DIR_MAX];
    snprintf(dir, sizeof dir, "%s/", dirname(copy));
    struct stat st;
    return stat(dir, &st) == 0;
}

static JET_ERR argument_checks(const ref_session *session, const char *name, JET_GRBIT grbit)
{
    if (session->trx_level > 0)
        return JET_errInTransaction;
    if ((grbit & DB_BITS_VERSIONING_OFF) && !(grbit & JET_bitDbRecoveryOff))
        return JET_errCannotDisableVersioning;
    if (ref__db_path_empty(name) || !parent_directory_exists(name))
        return JET_errDatabaseInvalidPath;
    return JET_errSuccess;
}

/* The name is attached in this instance already. */
static JET_ERR attached_here(const ref_session *session, JET_DBID dbid)
{
    const ref_db_slot *slot = ref__db_slot(dbid);
    if (ref__esent() || slot->owner == ref__session_handle(session))
        return JET_errDatabaseDuplicate;
    /* The docs: an exclusive holder locks the file; another session's attachment is a
     * sharing violation. */
    if (slot->exclusive != NULL && slot->exclusive != session)
        return JET_errDatabaseLocked;
    return JET_errDatabaseSharingViolation;
}

/* 1 when JET_paramOneDatabasePerSession forbids the session a second user database. */
static int one_database_refuses(const ref_session *session)
{
    return !ref__esent() &&
           session->instance->params[REF_PARAM(JET_paramOneDatabasePerSession)].num != 0 &&
           ref__db_open_total(session) > 0;
}

/* The checks against the map and the instance, then the file; files lock held. */
static JET_ERR create(ref_session *session, const char *name, JET_GRBIT grbit, JET_DBID *pdbid)
{
    ref_file *file = ref__file_find(name);
    JET_DBID here = ref__db_attached_in(file, session->instance);
    if (here != 0)
        return attached_here(session, here);
    if (file != NULL && file->dbid != 0)
        return JET_errDatabaseSharingViolation; /* attached in another instance */
    if (ref__db_attached_count(session->instance) >= REF_DB_PER_INSTANCE)
        return JET_errTooManyAttachedDatabases;
    if (one_database_refuses(session))
        return JET_errOneDatabasePerSession;
    if (file != NULL && !(grbit & JET_bitDbOverwriteExisting))
        return JET_errDatabaseDuplicate;
    if (file != NULL) {
        ref__tables_drop_user(file);
        file->state = ESEHOOK_FILE_NORMAL;
    } else {
        JET_ERR err = ref__file_new(name, &file);
        if (err != JET_errSuccess)
            return err;
    }
    JET_DBID dbid = ref__db_attach(session->instance, file, 0, ref__session_handle(session));
    ref__db_open_add(session, dbid, 0);
    *(JET_DBID *)ref__out(pdbid) = dbid;
    return JET_errSuccess;
}

static JET_ERR create_database(JET_SESID sesid, const char *name, int check_pages, uint32_t pages,
                               JET_DBID *pdbid, JET_GRBIT grbit)
{
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    /* The docs bound the size; the engine takes any. */
    if (check_pages && !ref__esent() && pages > DB_PAGES_MAX)
        err = JET_errDatabaseInvalidPages;
    else
        err = argument_checks(session, name, grbit);
    if (err == JET_errSuccess) {
        ref__files_lock();
        err = create(session, name, grbit, pdbid);
        ref__files_unlock();
    }
    ref__session_leave(session);
    return err;
}

REF_EXPORT JET_ERR JetCreateDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                     JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szConnect; /* reserved */
    return create_database(sesid, szFilename, 0, 0, pdbid, grbit);
}
REF_ANSI_ALIAS(JetCreateDatabase);

REF_EXPORT JET_ERR JetCreateDatabase2(JET_SESID sesid, JET_PCSTR szFilename,
                                      const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid,
                                      JET_GRBIT grbit)
{
    return create_database(sesid, szFilename, 1, cpgDatabaseSizeMax, pdbid, grbit);
}
REF_ANSI_ALIAS(JetCreateDatabase2);
