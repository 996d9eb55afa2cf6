/*
 * hook_db.c - the test hooks of <esehook.h> for databases, tables and cursors: file and table
 * states no public call reaches, and counters for "nothing left behind" probes.
 */
#include <esehook.h>
#include "ref_internal.h"

REF_EXPORT JET_ERR esehook_set_file_state(JET_PCSTR szFilename, uint32_t state)
{
    if (state > ESEHOOK_FILE_NOT_DATABASE || szFilename == NULL)
        return JET_errInvalidParameter;
    ref__files_lock();
    ref_file *file = ref__file_find(szFilename);
    if (file != NULL)
        file->state = state;
    ref__files_unlock();
    return file != NULL ? JET_errSuccess : JET_errFileNotFound;
}

REF_EXPORT JET_ERR esehook_set_table_state(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                           uint32_t state)
{
    if (state > ESEHOOK_TABLE_TEMPLATE)
        return JET_errInvalidParameter;
    ref_session *session;
    JET_ERR err = ref__session_lock(sesid, &session);
    if (err != JET_errSuccess)
        return err;
    char name[JET_cbNameMost + 1];
    err = ref__db_check_open(session, dbid);
    if (err == JET_errSuccess)
        err = ref__table_check_name(szTableName, name);
    if (err == JET_errSuccess) {
        ref__files_lock();
        ref_table *table = ref__table_visible(ref__db_slot(dbid)->file, name, session);
        if (table != NULL)
            table->hook_state = state;
        else
            err = JET_errObjectNotFound;
        ref__files_unlock();
    }
    ref__instance_unlock(session->instance);
    return err;
}

/* Reads a per-session count under the session's lock. */
static JET_ERR session_count(JET_SESID sesid, uint32_t *pcount,
                             uint32_t (*count)(const ref_session *))
{
    if (pcount == NULL)
        return JET_errInvalidParameter;
    ref_session *session;
    JET_ERR err = ref__session_lock(sesid, &session);
    if (err != JET_errSuccess)
        return err;
    *pcount = count(session);
    ref__instance_unlock(session->instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_open_databases(JET_SESID sesid, uint32_t *pcount)
{
    return session_count(sesid, pcount, ref__db_open_total);
}

REF_EXPORT JET_ERR esehook_open_cursors(JET_SESID sesid, uint32_t *pcount)
{
    return session_count(sesid, pcount, ref__cursors_of_session);
}

REF_EXPORT JET_ERR esehook_attached_databases(JET_INSTANCE handle, uint32_t *pcount)
{
    if (pcount == NULL)
        return JET_errInvalidParameter;
    ref_instance *instance;
    if (!ref__instance_lock(handle, &instance))
        return JET_errInvalidInstance;
    ref__files_lock();
    *pcount = ref__db_attached_count(instance);
    ref__files_unlock();
    ref__instance_unlock(instance);
    return JET_errSuccess;
}
