/* databases.c - a tiny database and cursor layer over base.c, for the replay of the kinds
 * dbid, tableid, db-path and table-name (not an engine: one database, numbered cursors). */
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include "base.h"

#define DB_ID ((JET_DBID)1)
#define TABLEID0 ((JET_TABLEID)0x3000)
#define MAX_CURSORS 16

static int db_open;                  /* the one database is created and open */
static int cursor_live[MAX_CURSORS]; /* cursor TABLEID0 + i is open */

/* Returns 1 when the directory part of path exists: the harness made $TMPDIR. */
static int directory_exists(const char *path)
{
    char dir[1024];
    const char *slash = strrchr(path, '/');
    if (slash == NULL || (size_t)(slash - path) >= sizeof dir)
        return 0;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Returns JET_errSuccess and a new cursor in *ptableid, or JET_errOutOfCursors. */
static JET_ERR cursor_new(JET_TABLEID *ptableid)
{
    for (int i = 0; i < MAX_CURSORS; i++)
        if (!cursor_live[i]) {
            cursor_live[i] = 1;
            *ptableid = TABLEID0 + (JET_TABLEID)i;
            return JET_errSuccess;
        }
    return JET_errOutOfCursors;
}

/* Returns 1 when tableid is an open cursor. */
static int cursor_open(JET_TABLEID tableid)
{
    return tableid >= TABLEID0 && tableid < TABLEID0 + MAX_CURSORS && cursor_live[tableid - TABLEID0];
}

JET_ERR JetCreateDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                          JET_DBID *pdbid, JET_GRBIT grbit)
{
    (void)szConnect;
    (void)grbit;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (szFilename == NULL || szFilename[0] == '\0' || !directory_exists(szFilename))
        return JET_errDatabaseInvalidPath;
    if (db_open)
        return JET_errDatabaseDuplicate;
    db_open = 1;
    *pdbid = DB_ID;
    return JET_errSuccess;
}

JET_ERR JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit)
{
    (void)grbit;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (dbid != DB_ID || !db_open)
        return JET_errInvalidDatabaseId;
    db_open = 0;
    return JET_errSuccess;
}

JET_ERR JetCreateTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName, uint32_t lPages,
                       uint32_t lDensity, JET_TABLEID *ptableid)
{
    (void)lPages;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (dbid != DB_ID || !db_open)
        return JET_errInvalidDatabaseId;
    if (szTableName == NULL || szTableName[0] == '\0')
        return JET_errInvalidName;
    if (lDensity != 0 && (lDensity < 20 || lDensity > 100))
        return JET_errDensityInvalid;
    return cursor_new(ptableid);
}

JET_ERR JetOpenTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                     const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit,
                     JET_TABLEID *ptableid)
{
    (void)pvParameters;
    (void)cbParameters;
    (void)grbit;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (dbid != DB_ID || !db_open)
        return JET_errInvalidDatabaseId;
    if (szTableName == NULL)
        return JET_errInvalidName;
    return cursor_new(ptableid);
}

JET_ERR JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid, JET_GRBIT grbit)
{
    (void)grbit;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (!cursor_open(tableid))
        return JET_errInvalidTableId;
    return cursor_new(ptableid);
}

JET_ERR JetCloseTable(JET_SESID sesid, JET_TABLEID tableid)
{
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    if (!cursor_open(tableid))
        return JET_errInvalidTableId;
    cursor_live[tableid - TABLEID0] = 0;
    return JET_errSuccess;
}
