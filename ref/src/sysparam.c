/*
 * sysparam.c - system parameters: JetSetSystemParameter, JetGetSystemParameter.
 *
 * One table, expanded from params.def, says each parameter's type, scope, range, default and
 * whether it may change after init. Values live per instance for instance parameters (a set
 * without an instance changes the default later instances copy) and once per process for
 * global ones.
 *
 * Order of checks (the engine's JetSetSystemParameterEx / ErrAPIEnterWithoutInit / ValidateSet):
 *   the session or instance handle; the instance's state; an unknown id; an advanced parameter
 *   while JET_paramEnableAdvanced is off (ignored, Success); the same value (Success at any
 *   time); too late (AlreadyInitialized); out of range (InvalidParameter).
 */
#include <string.h>
#include <esehook.h>
#include "ref_internal.h"

typedef enum { P_INTEGER, P_BOOLEAN, P_GRBIT, P_STRING, P_PATH, P_BLOCKSIZE } param_type;
typedef enum { P_INSTANCE, P_GLOBAL } param_scope;
typedef enum { P_ANYTIME, P_NOT_AFTER_INIT, P_NOT_AFTER_START } param_when;

typedef struct {
    uint32_t id;                /* JET_paramX */
    param_type type;
    param_scope scope;
    int advanced;               /* ignored while EnableAdvanced is 0 */
    param_when when;            /* when it may no longer change */
    uint64_t low;               /* lowest value, or shortest string */
    uint64_t high_docs;         /* highest value (or longest string) the docs allow */
    uint64_t high_engine;       /* ... and the engine */
    uint64_t num_default;
    const char *str_default;
} param_info;

static const param_info param_table[REF_PARAM_COUNT] = {
#define ESE_PARAM(name, id, type, scope, advanced, when, low, high_docs, high_engine, num, str) \
    {(id), P_##type, P_##scope, (advanced), P_##when, (low), (high_docs), (high_engine), (num), (str)},
#include <ese/params.def>
#undef ESE_PARAM
};

static int is_string(const param_info *info)
{
    return info->type == P_STRING || info->type == P_PATH;
}

void ref__params_defaults(ref_param_value values[REF_PARAM_COUNT])
{
    memset(values, 0, REF_PARAM_COUNT * sizeof values[0]);
    for (int i = 0; i < REF_PARAM_COUNT; i++) {
        values[i].num = param_table[i].num_default;
        if (param_table[i].str_default)
            strcpy(values[i].str, param_table[i].str_default);
    }
}

/* The table index of a parameter id, or -1. */
static int param_index(uint32_t id)
{
    for (int i = 0; i < REF_PARAM_COUNT; i++)
        if (param_table[i].id == id)
            return i;
    return -1;
}

/* The instance a Get or Set names, locked, or NULL for the global values. One-instance mode
 * ignores both handles and takes its one instance; otherwise a session (not 0 or nil)
 * overrides the instance, and no instance (0 or nil) means the global values. */
static JET_ERR resolve_target(JET_INSTANCE handle, JET_SESID sesid, ref_instance **out)
{
    *out = NULL;
    if (atomic_load(&ref__global.mode) == REF_MODE_ONE) {
        if (ref__instance_find(0, 0, out) != JET_errSuccess)
            *out = NULL;
        return JET_errSuccess;
    }
    if (sesid != 0 && sesid != JET_sesidNil) {
        ref_session *session;
        JET_ERR err = ref__session_lock(sesid, &session);
        if (err == JET_errSuccess)
            *out = session->instance;
        return err;
    }
    if (handle != 0 && handle != JET_instanceNil)
        return ref__instance_find(handle, 1, out);
    return JET_errSuccess;
}

/* The instance states a Get or Set reports. The docs list stop service, fatal error and not
 * initialized too; the engine enters these calls without checking them. */
static JET_ERR state_checks(const ref_instance *instance)
{
    if (instance == NULL)
        return JET_errSuccess;
    if (!ref__esent()) {
        if (instance->stopped)
            return JET_errClientRequestToStopJetService;
        /* The docs' one code for a fatal error, whatever its cause. */
        if (ref__has_state(instance, ESEHOOK_STATE_UNAVAILABLE) ||
            ref__has_state(instance, ESEHOOK_STATE_UNAVAILABLE_LOG_DISK_FULL))
            return JET_errInstanceUnavailable;
    }
    if (ref__has_state(instance, ESEHOOK_STATE_TERM_IN_PROGRESS))
        return JET_errTermInProgress;
    if (ref__has_state(instance, ESEHOOK_STATE_RESTORE_IN_PROGRESS))
        return JET_errRestoreInProgress;
    if (ref__has_state(instance, ESEHOOK_STATE_INIT_IN_PROGRESS))
        return JET_errInitInProgress;
    if (!ref__esent() && ref__has_state(instance, ESEHOOK_STATE_NOT_INITIALIZED))
        return JET_errNotInitialized;
    return JET_errSuccess;
}

/* Where a parameter's value lives for this target. */
static ref_param_value *value_slot(ref_instance *instance, int index)
{
    if (instance != NULL && param_table[index].scope == P_INSTANCE)
        return &instance->params[index];
    return &ref__global.params[index];
}

static int same_value(const param_info *info, const ref_param_value *current, JET_API_PTR lParam,
                      JET_PCSTR sz)
{
    if (is_string(info))
        return sz != NULL && strcmp(current->str, sz) == 0;
    if (info->type == P_BOOLEAN)
        return (current->num != 0) == (lParam != 0);
    return current->num == lParam;
}

/* AlreadyInitialized when the parameter may no longer change for this target. */
static JET_ERR check_when(const param_info *info, const ref_instance *instance)
{
    if (info->when == P_NOT_AFTER_INIT && instance != NULL && instance->initialized)
        return JET_errAlreadyInitialized;
    if (info->when == P_NOT_AFTER_START && atomic_load(&ref__global.mode) != REF_MODE_NONE)
        return JET_errAlreadyInitialized;
    return JET_errSuccess;
}

/* InvalidParameter when the value is outside the parameter's range. */
static JET_ERR check_range(const param_info *info, JET_API_PTR lParam, JET_PCSTR sz)
{
    uint64_t high = ref__esent() ? info->high_engine : info->high_docs;
    if (is_string(info)) {
        size_t length = sz ? strlen(sz) : 0;
        return sz != NULL && length >= info->low && length <= high ? JET_errSuccess
                                                                    : JET_errInvalidParameter;
    }
    if (lParam < info->low || lParam > high) /* a boolean's range is every value */
        return JET_errInvalidParameter;
    if (info->type == P_BLOCKSIZE && (lParam & (lParam - 1)) != 0)
        return JET_errInvalidParameter;
    return JET_errSuccess;
}

/* JET_paramConfiguration: the small and no-quota configurations lift the resource limits. */
static void apply_configuration(ref_instance *instance, JET_API_PTR config)
{
    if (config != 0 && !(config & (JET_configRemoveQuotas | JET_configLowMemory)))
        return;
    value_slot(instance, REF_PARAM(JET_paramMaxSessions))->num = 30000;
    static const int unlimited[] = {REF_PARAM(JET_paramMaxOpenTables), REF_PARAM(JET_paramMaxCursors),
        REF_PARAM(JET_paramMaxVerPages), REF_PARAM(JET_paramMaxTemporaryTables),
        REF_PARAM(JET_paramPreferredVerPages)};
    for (size_t i = 0; i < sizeof unlimited / sizeof unlimited[0]; i++)
        value_slot(instance, unlimited[i])->num = 2147483647;
}

/* Sets a parameter on a target already resolved and checked (instance locked, or NULL with
 * the global lock held). */
JET_ERR ref__param_set(ref_instance *instance, uint32_t paramid, JET_API_PTR lParam, JET_PCSTR sz)
{
    int index = param_index(paramid);
    if (index < 0)
        return JET_errInvalidParameter;
    const param_info *info = &param_table[index];
    if (info->advanced && value_slot(instance, REF_PARAM(JET_paramEnableAdvanced))->num == 0)
        return JET_errSuccess; /* silently ignored, as the docs say */
    ref_param_value *value = value_slot(instance, index);
    if (same_value(info, value, lParam, sz))
        return JET_errSuccess;
    JET_ERR err = check_when(info, instance);
    if (err == JET_errSuccess)
        err = check_range(info, lParam, sz);
    if (err != JET_errSuccess)
        return err;
    if (is_string(info))
        strcpy(value->str, sz);
    else
        value->num = info->type == P_BOOLEAN ? (lParam != 0) : lParam;
    if (paramid == JET_paramConfiguration)
        apply_configuration(instance, lParam);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid,
                                         uint32_t paramid, JET_API_PTR lParam, JET_PCSTR szParam)
{
    pthread_mutex_lock(&ref__global.lock);
    ref_instance *instance;
    JET_ERR err = resolve_target(pinstance ? *pinstance : 0, sesid, &instance);
    if (err == JET_errSuccess) {
        err = state_checks(instance);
        if (err == JET_errSuccess)
            err = ref__param_set(instance, paramid, lParam, szParam);
    }
    if (instance != NULL)
        ref__instance_unlock(instance);
    pthread_mutex_unlock(&ref__global.lock);
    return err;
}
REF_ANSI_ALIAS(JetSetSystemParameter);

/* Copies a parameter's value out: a number to *plParam, a string to szParam (cut to fit:
 * the docs' known bug returns Success for a truncated string). */
static JET_ERR read_value(const param_info *info, const ref_param_value *value,
                          JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax)
{
    if (!is_string(info)) {
        if (plParam == NULL)
            return JET_errInvalidParameter;
        *plParam = value->num;
        return JET_errSuccess;
    }
    if (szParam == NULL || cbMax == 0)
        return JET_errInvalidParameter;
    size_t length = strlen(value->str);
    if (length > cbMax - 1)
        length = cbMax - 1;
    memcpy(szParam, value->str, length);
    szParam[length] = '\0';
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetGetSystemParameter(JET_INSTANCE handle, JET_SESID sesid, uint32_t paramid,
                                         JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax)
{
    pthread_mutex_lock(&ref__global.lock);
    ref_instance *instance;
    JET_ERR err = resolve_target(handle, sesid, &instance);
    if (err == JET_errSuccess)
        err = state_checks(instance);
    int index = param_index(paramid);
    if (err == JET_errSuccess && index < 0)
        err = JET_errInvalidParameter;
    if (err == JET_errSuccess)
        err = read_value(&param_table[index], value_slot(instance, index), plParam, szParam, cbMax);
    if (instance != NULL)
        ref__instance_unlock(instance);
    pthread_mutex_unlock(&ref__global.lock);
    return err;
}
REF_ANSI_ALIAS(JetGetSystemParameter);

int ref__param_matches(uint32_t paramid, JET_API_PTR lParam, JET_PCSTR sz)
{
    int index = param_index(paramid);
    if (index < 0)
        return -1;
    return same_value(&param_table[index], &ref__global.params[index], lParam, sz);
}
