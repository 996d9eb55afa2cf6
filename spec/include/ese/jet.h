/*
 * <ese/jet.h> - a clean-room, ESE-compatible C header for the functions esecheck covers.
 *
 * Written from the facts in the project's spec notes (names and numbers are ESE's; the text is
 * ours). ABI: Linux LP64, as ESE's Linux port has it: handles are 64-bit, JET_ERR is int32_t,
 * every Windows `unsigned long` (grbits, parameter ids, counts, byte sizes) is uint32_t, and
 * JET_API is empty (no stdcall).
 *
 * The codes and parameter ids come from the tables codes.def and params.def beside this file;
 * the function list in api.def is checked against the prototypes below at compile time.
 */
#ifndef ESE_JET_H
#define ESE_JET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- types ------------------------------------------------------------------------------ */

#define JET_API                                 /* no calling convention on Linux */

typedef uint64_t JET_API_PTR;                   /* pointer-sized unsigned */
typedef JET_API_PTR JET_HANDLE;
typedef JET_API_PTR JET_INSTANCE;               /* an instance of the engine */
typedef JET_API_PTR JET_SESID;                  /* a session */
typedef JET_API_PTR JET_TABLEID;
typedef int32_t JET_ERR;                        /* 0 success, < 0 error, > 0 warning */
typedef uint32_t JET_GRBIT;                     /* option bits */
typedef uint32_t JET_DBID;                      /* a database: one number for every session */
typedef char *JET_PSTR;
typedef const char *JET_PCSTR;

/* Invalid handle values: all bits set. 0 is invalid too. */
#define JET_instanceNil (~(JET_INSTANCE)0)
#define JET_sesidNil    (~(JET_SESID)0)
#define JET_tableidNil  (~(JET_TABLEID)0)
#define JET_dbidNil     ((JET_DBID)0xFFFFFFFF)
#define JET_bitNil      ((JET_GRBIT)0)

/* Longest name of a table (in bytes, without the NUL) the ANSI functions accept. */
#define JET_cbNameMost  64

/* One entry of JetEnableMultiInstance's parameter array (32 bytes on LP64). */
typedef struct {
    uint32_t paramid;                           /* a JET_param* id */
    JET_API_PTR lParam;                         /* its value, for numeric parameters */
    const char *sz;                             /* its value, for string parameters */
    JET_ERR err;                                /* set by the call: the result for this entry */
} JET_SETSYSPARAM_A;
typedef JET_SETSYSPARAM_A JET_SETSYSPARAM;

/* --- error and warning codes (codes.def) --------------------------------------------------- */

enum {
#define ESE_CODE(name, value, category) name = (value),
#include <ese/codes.def>
#undef ESE_CODE
};

/* JET_ERRCAT: the error categories of codes.def. */
typedef enum {
    JET_errcatUnknown = 0, JET_errcatError, JET_errcatOperation, JET_errcatFatal, JET_errcatIO,
    JET_errcatResource, JET_errcatMemory, JET_errcatQuota, JET_errcatDisk, JET_errcatData,
    JET_errcatCorruption, JET_errcatInconsistent, JET_errcatFragmentation, JET_errcatApi,
    JET_errcatUsage, JET_errcatState, JET_errcatObsolete, JET_errcatMax
} JET_ERRCAT;

/* --- system parameter ids (params.def) ----------------------------------------------------- */

enum {
#define ESE_PARAM(name, id, type, scope, advanced, when_docs, when_engine, low, high_docs, high_engine, \
                  default_docs, default_engine, str_default) \
    name = (id),
#include <ese/params.def>
#undef ESE_PARAM
};

/* JET_paramConfiguration values */
#define JET_configDefault                 0x00000001
#define JET_configRemoveQuotas            0x00000002
#define JET_configLowDiskFootprint        0x00000004
#define JET_configMediumDiskFootprint     0x00000008
#define JET_configLowMemory               0x00000010
#define JET_configDynamicMediumMemory     0x00000020
#define JET_configLowPower                0x00000040
#define JET_configSSDProfileIO            0x00000080
#define JET_configRunSilent               0x00000100
#define JET_configUnthrottledMemory       0x00000200
#define JET_configHighConcurrencyScaling  0x00000400

/* --- option bits ------------------------------------------------------------------------- */

/* JetTerm2 */
#define JET_bitTermComplete               0x00000001
#define JET_bitTermAbrupt                 0x00000002
#define JET_bitTermStopBackup             0x00000004
#define JET_bitTermDirty                  0x00000008

/* JetStopServiceInstance2 */
#define JET_bitStopServiceAll             0x00000000
#define JET_bitStopServiceBackgroundUserTasks 0x00000002
#define JET_bitStopServiceQuiesceCaches   0x00000004
#define JET_bitStopServiceResume          0x80000000

/* JetBeginTransaction2 */
#define JET_bitTransactionReadOnly        0x00000001

/* JetCommitTransaction */
#define JET_bitCommitLazyFlush            0x00000001
#define JET_bitWaitLastLevel0Commit       0x00000002
#define JET_bitWaitAllLevel0Commit        0x00000008
#define JET_bitForceNewLog                0x00000010

/* JetRollback */
#define JET_bitRollbackAll                0x00000001

/* JetInit2 */
#define JET_bitReplayIgnoreMissingDB      0x00000004
#define JET_bitRecoveryWithoutUndo        0x00000008
#define JET_bitTruncateLogsAfterRecovery  0x00000010
#define JET_bitReplayMissingMapEntryDB    0x00000020
#define JET_bitLogStreamMustExist         0x00000040
#define JET_bitReplayIgnoreLostLogs       0x00000080
#define JET_bitKeepDbAttachedAtEndOfRecovery 0x00001000

/* JetAttachDatabase(2), JetOpenDatabase */
#define JET_bitDbReadOnly                 0x00000001
#define JET_bitDbExclusive                0x00000002
#define JET_bitDbSingleExclusive          0x00000002   /* the same as JET_bitDbExclusive */
#define JET_bitDbDeleteCorruptIndexes     0x00000010
#define JET_bitDbRebuildCorruptIndexes    0x00000020
#define JET_bitDbUpgrade                  0x00000200
#define JET_bitDbDeleteUnicodeIndexes     0x00000400
#define JET_bitDbEnableBackgroundMaintenance 0x00000800
#define JET_bitDbPurgeCacheOnAttach       0x00001000

/* JetCreateDatabase(2) */
#define JET_bitDbRecoveryOff              0x00000008
#define JET_bitDbShadowingOff             0x00000080
#define JET_bitDbCreateStreamingFile      0x00000100
#define JET_bitDbOverwriteExisting        0x00000200

/* JetDetachDatabase2 */
#define JET_bitForceDetach                0x00000001
#define JET_bitForceCloseAndDetach        (0x00000002 | JET_bitForceDetach)

/* JetOpenTable */
#define JET_bitTableDenyWrite             0x00000001
#define JET_bitTableDenyRead              0x00000002
#define JET_bitTableReadOnly              0x00000004
#define JET_bitTableUpdatable             0x00000008
#define JET_bitTablePermitDDL             0x00000010
#define JET_bitTableNoCache               0x00000020
#define JET_bitTablePreread               0x00000040
#define JET_bitTableOpportuneRead         0x00000080
#define JET_bitTableAllowOutOfDate        0x00000100
#define JET_bitTableSequential            0x00008000

/* --- instances ---------------------------------------------------------------------------- */

/* Allocates an instance named szInstanceName (NULL is a name too); puts the process in
 * multi-instance mode. The plain names are aliases of the A variants. */
JET_ERR JET_API JetCreateInstance(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName);
JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName);
JET_ERR JET_API JetCreateInstance2(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName,
                                   JET_PCSTR szDisplayName, JET_GRBIT grbit);
JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName,
                                    JET_PCSTR szDisplayName, JET_GRBIT grbit);

/* Initializes an instance; without a prior JetCreateInstance, creates the one instance of
 * one-instance mode (pinstance may then be NULL). */
JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);

/* Shuts an instance down and frees it; JetTerm is JetTerm2 with JET_bitTermAbrupt. */
JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);

/* Switches the process to multi-instance mode, setting global parameters first. */
JET_ERR JET_API JetEnableMultiInstance(JET_SETSYSPARAM_A *psetsysparam, uint32_t csetsysparam,
                                       uint32_t *pcsetsucceed);
JET_ERR JET_API JetEnableMultiInstanceA(JET_SETSYSPARAM_A *psetsysparam, uint32_t csetsysparam,
                                        uint32_t *pcsetsucceed);

/* --- system parameters -------------------------------------------------------------------- */

JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid,
                                      JET_API_PTR lParam, JET_PCSTR szParam);
JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid,
                                       JET_API_PTR lParam, JET_PCSTR szParam);
JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid,
                                      JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax);
JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid,
                                       JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax);

/* --- sessions ----------------------------------------------------------------------------- */

/* Begins a session on an instance; user name and password are ignored. */
JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                                JET_PCSTR szPassword);
JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                                 JET_PCSTR szPassword);
/* Begins a new, independent session on the instance of sesid. */
JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
/* Ends a session; an open transaction is rolled back; grbit is reserved. */
JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);

/* --- stopping the service ----------------------------------------------------------------- */

JET_ERR JET_API JetStopService(void);
JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit);

/* --- transactions ------------------------------------------------------------------------- */

JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

/* --- session contexts --------------------------------------------------------------------- */

JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);

/* --- databases ---------------------------------------------------------------------------- */

/* Creates a database file, attaches it to the session's instance and opens it for the session:
 * *pdbid must go to JetCloseDatabase, the file to JetDetachDatabase. szConnect is reserved. */
JET_ERR JET_API JetCreateDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                  JET_DBID *pdbid, JET_GRBIT grbit);
JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                   JET_DBID *pdbid, JET_GRBIT grbit);
/* The same with a size limit in pages (0: none) instead of szConnect. */
JET_ERR JET_API JetCreateDatabase2(JET_SESID sesid, JET_PCSTR szFilename,
                                   const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid,
                                   JET_GRBIT grbit);
JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid,
                                    JET_GRBIT grbit);

/* Attaches an existing database file to the session's instance; opens nothing. */
JET_ERR JET_API JetAttachDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabase2(JET_SESID sesid, JET_PCSTR szFilename,
                                   const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit);
JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename,
                                    const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit);

/* Opens an attached database for the session; every open needs its own JetCloseDatabase.
 * szConnect is reserved. */
JET_ERR JET_API JetOpenDatabase(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                JET_DBID *pdbid, JET_GRBIT grbit);
JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, JET_PCSTR szFilename, JET_PCSTR szConnect,
                                 JET_DBID *pdbid, JET_GRBIT grbit);
/* Closes one open of a database by the session; grbit is reserved. */
JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);

/* Detaches a database file from the instance; NULL or "" detaches every attached database. */
JET_ERR JET_API JetDetachDatabase(JET_SESID sesid, JET_PCSTR szFilename);
JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, JET_PCSTR szFilename);
JET_ERR JET_API JetDetachDatabase2(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);
JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, JET_PCSTR szFilename, JET_GRBIT grbit);

/* --- tables and cursors -------------------------------------------------------------------- */

/* Creates an empty table and opens a cursor on it (*ptableid goes to JetCloseTable). lDensity
 * is 0 (the default) or 20..100. */
JET_ERR JET_API JetCreateTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                               uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid);
JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid);

/* Opens a cursor on a table; pvParameters and cbParameters are deprecated (NULL, 0). */
JET_ERR JET_API JetOpenTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                             const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit,
                             JET_TABLEID *ptableid);
JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                              const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit,
                              JET_TABLEID *ptableid);

/* Closes a cursor. */
JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid);

/* Deletes a table. */
JET_ERR JET_API JetDeleteTable(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName);
JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName);

/* Opens a second cursor on the table of tableid, on the clustered index before the first
 * record; grbit is reserved. */
JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid,
                             JET_GRBIT grbit);

#ifdef __cplusplus
}
#endif

#endif /* ESE_JET_H */
