/*
 * dbopen.c - a session's opens of databases: JetOpenDatabase and JetCloseDatabase.
 *
 * Each session counts its opens per dbid (every open needs its own close); the slot counts all
 * sessions' opens (its pins), which keep the database from being detached. A dbid is usable
 * in a session while its count there is above 0. Opens are not transactional.
 */
#include <esehook.h>
#include "ref_internal.h"

static ref_db_open *find_open(const ref_session *session, JET_DBID dbid)
{
    for (int i = 0; i < REF_DB_PER_INSTANCE; i++) {
        if (dbid != 0 && session->opens[i].dbid == dbid)
            return (ref_db_open *)&session->opens[i];
    }
    return NULL;
}

JET_ERR ref__db_check_open(const ref_session *session, JET_DBID dbid)
{
    return find_open(session, dbid) != NULL ? JET_errSuccess : JET_errInvalidDatabaseId;
}

uint32_t ref__db_open_total(const ref_session *session)
{
    return session->open_total;
}

/* A free entry: one exists, since an instance attaches at most REF_DB_PER_INSTANCE. */
static ref_db_open *free_open(ref_session *session)
{
    int i = 0;
    while (session->opens[i].dbid != 0)
        i++;
    return &session->opens[i];
}

void ref__db_open_add(ref_session *session, JET_DBID dbid, int exclusive)
{
    ref_db_open *open = find_open(session, dbid);
    if (open == NULL) {
        open = free_open(session);
        open->dbid = dbid;
    }
    open->count++;
    session->open_total++;
    ref_db_slot *slot = ref__db_slot(dbid);
    slot->pins++;
    if (exclusive)
        slot->exclusive = session;
}

/* One close of an open the session holds. */
static void close_once(ref_session *session, ref_db_open *open)
{
    ref_db_slot *slot = ref__db_slot(open->dbid);
    if (open->count == 1)
        ref__cursors_close_session(session, open->dbid);
    slot->pins--;
    if (slot->exclusive == session)
        slot->exclusive = NULL;
    session->open_total--;
    if (--open->count == 0)
        open->dbid = 0;
}

void ref__db_close_all(ref_session *session)
{
    for (int i = 0; i < REF_DB_PER_INSTANCE; i++) {
        while (session->opens[i].count > 0)
            close_once(session, &session->opens[i]);
    }
}

/* --- JetOpenDatabase -------------------------------------------------------------------- */

/* JET_paramOneDatabasePerSession: a session with another user database open is refused. */
static int one_database_refuses(const ref_session *session, JET_DBID dbid)
{
    if (session->instance->params[REF_PARAM(JET_paramOneDatabasePerSession)].num == 0)
        return 0;
    for (int i = 0; i < REF_DB_PER_INSTANCE; i++) {
        if (session->opens[i].dbid != 0 && session->opens[i].dbid != dbid)
            return 1;
    }
    return 0;
}

static JET_ERR open_database(ref_session *session, const char *name, JET_GRBIT grbit,
                             JET_DBID *pdbid)
{
    if (ref__db_path_empty(name))
        return JET_errDatabaseInvalidPath;
    ref_file *file = ref__file_find(name);
    JET_DBID dbid = ref__db_attached_in(file, session->instance);
    int temp = dbid == 0 && ref__db_is_temp(session->instance, name);
    if (dbid == 0 && !temp)
        return JET_errDatabaseNotFound;
    if (one_database_refuses(session, dbid))
        return JET_errOneDatabasePerSession;
    if (temp)
        return JET_errInvalidDatabase; /* the engine opens it, sees a temp database, closes */
    ref_db_slot *slot = ref__db_slot(dbid);
    if (slot->exclusive != NULL && slot->exclusive != session)
        return JET_errDatabaseLocked;
    if ((grbit & JET_bitDbExclusive) && slot->pins > 0)
        return JET_errDatabaseInUse;
    if (!ref__esent() && file->state == ESEHOOK_FILE_NOT_DATABASE)
        return JET_errInvalidDatabase;
    ref__db_open_add(session, dbid, (grbit & JET_bitDbExclusive) != 0);
    *pdbid = dbid;
    /* The docs warn that a read-only attachment opens read-only; the engine says nothing. */
    if (slot->read_only && !(grbit & JET_bitDbReadOnly) && !ref__esent())
        return JET_wrnFileOpenReadOnly;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetOpenDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                   JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szConnect; /* reserved */
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &session);
    if (err != JET_errSuccess)
        return err;
    pdbid = ref__out(pdbid);
    *pdbid = JET_dbidNil;
    ref__files_lock();
    err = open_database(session, szFilename, grbit, pdbid);
    ref__files_unlock();
    ref__session_leave(session);
    return err;
}
REF_ANSI_ALIAS(JetOpenDatabase);

/* --- JetCloseDatabase ------------------------------------------------------------------- */

REF_EXPORT JET_ERR JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit)
{
    (void)grbit; /* reserved */
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_IGNORE_STOP, &session);
    if (err != JET_errSuccess)
        return err;
    ref__files_lock();
    ref_db_open *open = find_open(session, dbid);
    if (open == NULL)
        err = JET_errInvalidDatabaseId;
    else
        close_once(session, open);
    ref__files_unlock();
    ref__session_leave(session);
    return err;
}
