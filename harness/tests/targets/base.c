/* base.c - a tiny, well-behaved engine for the harness's test targets (no JetDupSession). */
#include <stddef.h>
#include <sys/stat.h>
#include "base.h"

#define BASE_INSTANCE ((JET_INSTANCE)0x1000)
#define BASE_SESSION0 ((JET_SESID)0x2000)
#define BASE_MAX 64

static int created, initialized;   /* the one instance's state */
static int live[BASE_MAX];         /* live[i]: session BASE_SESSION0 + i is open */

/* Returns 1 when sesid is open. */
int base_session_live(JET_SESID sesid)
{
    return sesid >= BASE_SESSION0 && sesid < BASE_SESSION0 + BASE_MAX && live[sesid - BASE_SESSION0];
}

/* Returns JET_errSuccess with a new session in *psesid, or JET_errOutOfSessions. */
JET_ERR base_session_begin(JET_SESID *psesid)
{
    for (int i = 0; i < BASE_MAX; i++)
        if (!live[i]) {
            live[i] = 1;
            *psesid = BASE_SESSION0 + (JET_SESID)i;
            return JET_errSuccess;
        }
    return JET_errOutOfSessions;
}

/* Returns JET_errSuccess and the instance handle. */
JET_ERR JetCreateInstance(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName)
{
    (void)szInstanceName;
    if (pinstance == NULL)
        return JET_errInvalidParameter;
    if (created)
        return JET_errInstanceNameInUse;
    created = 1;
    *pinstance = BASE_INSTANCE;
    return JET_errSuccess;
}

/* Returns JET_errSuccess once the created instance is initialized. */
JET_ERR JetInit(JET_INSTANCE *pinstance)
{
    if (pinstance == NULL || *pinstance != BASE_INSTANCE || !created)
        return JET_errInvalidInstance;
    initialized = 1;
    return JET_errSuccess;
}

/* Returns JET_errSuccess and a new session, or an error. */
JET_ERR JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid, JET_PCSTR szUserName,
                        JET_PCSTR szPassword)
{
    (void)szUserName;
    (void)szPassword;
    if (instance != BASE_INSTANCE || !initialized)
        return JET_errInvalidInstance;
    if (psesid == NULL)
        return JET_errInvalidParameter;
    return base_session_begin(psesid);
}

/* Returns JET_errSuccess after ending a live session, else JET_errInvalidSesid. */
JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    (void)grbit;
    if (!base_session_live(sesid))
        return JET_errInvalidSesid;
    live[sesid - BASE_SESSION0] = 0;
    return JET_errSuccess;
}

/* Returns JET_errSuccess after ending every session and the instance. */
JET_ERR JetTerm(JET_INSTANCE instance)
{
    if (instance != BASE_INSTANCE || !created)
        return JET_errInvalidInstance;
    for (int i = 0; i < BASE_MAX; i++)
        live[i] = 0;
    created = initialized = 0;
    return JET_errSuccess;
}

static int init_called;            /* esetarget_init ran */

/* The per-process init function a target profile names: returns 0. */
int esetarget_init(void)
{
    init_called = 1;
    return 0;
}

/* Returns JET_errSuccess when JET_paramSystemPath names an existing directory (after
 * esetarget_init ran); JET_errNotInitialized before init; JET_errInvalidPath otherwise. */
JET_ERR JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid,
                              JET_API_PTR lParam, JET_PCSTR szParam)
{
    struct stat st;
    (void)pinstance;
    (void)sesid;
    (void)lParam;
    if (!init_called)
        return JET_errNotInitialized;
    if (paramid != JET_paramSystemPath)
        return JET_errSuccess;
    if (szParam == NULL || stat(szParam, &st) != 0 || !S_ISDIR(st.st_mode))
        return JET_errInvalidPath;
    return JET_errSuccess;
}
