/*
 * sysparam.c - system parameters: JetSetSystemParameter, JetGetSystemParameter.
 *
 * One table, expanded from params.def, says each parameter's type, scope, range, default and
 * whether it may change after init, as the docs and as the engine have them (ref reads the
 * profile's side). Values live per instance for instance parameters (a set without an instance
 * changes the default later instances copy) and once per process for global ones.
 * JET_paramCommitDefault (scope SESSION) also lives on each session: a session starts with its
 * instance's value, and a Get or Set through a live session reads or changes that session's
 * value only (the docs' scope "Instance or Session"; the engine's ppib->grbitCommitDefault).
 *
 * Order of checks (the engine's JetSetSystemParameterEx / ErrAPIEnterWithoutInit / ValidateSet):
 *   the session or instance handle; the instance's state; an unknown id; an advanced parameter
 *   while JET_paramEnableAdvanced is off (ignored, Success); the same value (Success at any
 *   time); too late (AlreadyInitialized); out of range (InvalidParameter).
 *
 * One-instance mode: the engine ignores the instance argument, and hands a sesid other than
 * 0 and nil, unchecked, to the parameter's own code: an instance-wide or global parameter never
 * looks at it, a per-session one reads or writes through it (a garbage or ended sesid: the
 * process dies or freed memory is touched). The docs refuse a bad sesid in every mode. ref
 * refuses it (InvalidSesid) where the docs do, and, in the esent profile, ignores it where the
 * parameter never looks at it.
 */
#include <string.h>
#include <esehook.h>
#include "ref_internal.h"

typedef enum { P_INTEGER, P_BOOLEAN, P_GRBIT, P_STRING, P_PATH, P_BLOCKSIZE } param_type;
typedef enum { P_INSTANCE, P_SESSION, P_GLOBAL } param_scope;
typedef enum { P_ANYTIME, P_NOT_AFTER_INIT, P_NOT_AFTER_START } param_when;

/* The two sides of a params.def pair: the docs' [0] and the engine's [1]. */
enum { SIDE_DOCS = 0, SIDE_ENGINE = 1 };

typedef struct {
    uint32_t id;                /* JET_paramX */
    param_type type;
    param_scope scope;
    int advanced;               /* ignored while EnableAdvanced is 0 */
    param_when when[2];         /* when it may no longer change: docs, engine */
    uint64_t low;               /* lowest value, or shortest string */
    uint64_t high[2];           /* highest value, longest string or valid bits: docs, engine */
    uint64_t num_default[2];    /* a fresh process's value: docs, engine */
    const char *str_default;
} param_info;

static const param_info param_table[REF_PARAM_COUNT] = {
#define ESE_PARAM(name, id, type, scope, advanced, when_docs, when_engine, low, high_docs, high_engine, \
                  default_docs, default_engine, str) \
    {(id), P_##type, P_##scope, (advanced), {P_##when_docs, P_##when_engine}, (low), \
     {(high_docs), (high_engine)}, {(default_docs), (default_engine)}, (str)},
#include <ese/params.def>
#undef ESE_PARAM
};

/* Which side of the table the profile in force reads. */
static int side(void)
{
    return ref__esent() ? SIDE_ENGINE : SIDE_DOCS;
}

static int is_string(const param_info *info)
{
    return info->type == P_STRING || info->type == P_PATH;
}

void ref__params_defaults(ref_param_value values[REF_PARAM_COUNT])
{
    memset(values, 0, REF_PARAM_COUNT * sizeof values[0]);
    for (int i = 0; i < REF_PARAM_COUNT; i++) {
        values[i].num = param_table[i].num_default[side()];
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

/* What a Get or Set acts on: an instance (locked) or none (the global values), and a live
 * session of that instance when the call named one. */
typedef struct {
    ref_instance *instance;     /* locked, or NULL for the global values */
    ref_session *session;       /* a live session of instance, or NULL */
} param_target;

/* One-instance mode: the instance argument is ignored; a live session names its (the one)
 * instance; a bad sesid is refused unless the profile ignores it for this parameter. */
static JET_ERR resolve_one_instance_mode(JET_SESID sesid, int index, param_target *out)
{
    if (sesid != 0 && sesid != JET_sesidNil) {
        if (ref__session_lock(sesid, &out->session) == JET_errSuccess) {
            out->instance = out->session->instance;
            return JET_errSuccess;
        }
        out->session = NULL;
        /* The engine never looks at it for an instance-wide or global parameter (and dies on
         * it for a per-session one: no profile expects that). */
        int looked_at = index >= 0 && param_table[index].scope == P_SESSION;
        if (!ref__esent() || looked_at)
            return JET_errInvalidSesid;
    }
    if (ref__instance_find(0, 0, &out->instance) != JET_errSuccess)
        out->instance = NULL;
    return JET_errSuccess;
}

/* The target a Get or Set names. One-instance mode: above; otherwise a session (not 0 or nil)
 * overrides the instance, and no instance (0 or nil) means the global values. */
static JET_ERR resolve_target(JET_INSTANCE handle, JET_SESID sesid, int index, param_target *out)
{
    out->instance = NULL;
    out->session = NULL;
    if (atomic_load(&ref__global.mode) == REF_MODE_ONE)
        return resolve_one_instance_mode(sesid, index, out);
    if (sesid != 0 && sesid != JET_sesidNil) {
        JET_ERR err = ref__session_lock(sesid, &out->session);
        if (err == JET_errSuccess)
            out->instance = out->session->instance;
        else
            out->session = NULL;
        return err;
    }
    if (handle != 0 && handle != JET_instanceNil)
        return ref__instance_find(handle, 1, &out->instance);
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

/* Where a parameter's value lives for an instance (or NULL: the global values). A per-session
 * parameter's instance value is what the instance's new sessions start with. */
static ref_param_value *value_slot(ref_instance *instance, int index)
{
    if (instance != NULL && param_table[index].scope != P_GLOBAL)
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
    param_when when = info->when[side()];
    if (when == P_NOT_AFTER_INIT && instance != NULL && instance->initialized)
        return JET_errAlreadyInitialized;
    if (when == P_NOT_AFTER_START && atomic_load(&ref__global.mode) != REF_MODE_NONE)
        return JET_errAlreadyInitialized;
    return JET_errSuccess;
}

/* InvalidParameter when the value is outside the parameter's range (for a grbit: has a bit
 * outside the valid ones). */
static JET_ERR check_range(const param_info *info, JET_API_PTR lParam, JET_PCSTR sz)
{
    uint64_t high = info->high[side()];
    if (is_string(info)) {
        size_t length = sz ? strlen(sz) : 0;
        return sz != NULL && length >= info->low && length <= high ? JET_errSuccess
                                                                    : JET_errInvalidParameter;
    }
    if (info->type == P_GRBIT)
        return (lParam & ~high) ? JET_errInvalidParameter : JET_errSuccess;
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

/* Stores a new value into *value after the checks a set makes, in the engine's order. `instance`
 * is the target's (NULL for the global values). */
static JET_ERR store_value(const param_info *info, ref_param_value *value, ref_instance *instance,
                           JET_API_PTR lParam, JET_PCSTR sz)
{
    if (info->advanced && value_slot(instance, REF_PARAM(JET_paramEnableAdvanced))->num == 0)
        return JET_errSuccess; /* silently ignored, as the docs say */
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
    return JET_errSuccess;
}

JET_ERR ref__param_set(ref_instance *instance, uint32_t paramid, JET_API_PTR lParam, JET_PCSTR sz)
{
    int index = param_index(paramid);
    if (index < 0)
        return JET_errInvalidParameter;
    JET_ERR err = store_value(&param_table[index], value_slot(instance, index), instance, lParam, sz);
    if (err == JET_errSuccess && paramid == JET_paramConfiguration)
        apply_configuration(instance, lParam);
    return err;
}

/* 1 when the value a call names is the session's own (a per-session parameter through a live
 * session). JET_paramCommitDefault is the only per-session parameter: ref_session.commit_default. */
static int on_session(const param_target *target, int index)
{
    return target->session != NULL && index >= 0 && param_table[index].scope == P_SESSION;
}

/* Sets a parameter on a resolved and checked target. */
static JET_ERR set_on_target(const param_target *target, uint32_t paramid, JET_API_PTR lParam,
                             JET_PCSTR sz)
{
    int index = param_index(paramid);
    if (!on_session(target, index))
        return ref__param_set(target->instance, paramid, lParam, sz);
    ref_param_value value = {.num = target->session->commit_default};
    JET_ERR err = store_value(&param_table[index], &value, target->instance, lParam, sz);
    target->session->commit_default = value.num;
    return err;
}

REF_EXPORT JET_ERR JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid,
                                         uint32_t paramid, JET_API_PTR lParam, JET_PCSTR szParam)
{
    pthread_mutex_lock(&ref__global.lock);
    param_target target;
    JET_ERR err = resolve_target(pinstance ? *pinstance : 0, sesid, param_index(paramid), &target);
    if (err == JET_errSuccess) {
        err = state_checks(target.instance);
        if (err == JET_errSuccess)
            err = set_on_target(&target, paramid, lParam, szParam);
    }
    if (target.instance != NULL)
        ref__instance_unlock(target.instance);
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

/* Reads a parameter of a resolved and checked target. */
static JET_ERR get_on_target(const param_target *target, int index, JET_API_PTR *plParam,
                             JET_PSTR szParam, uint32_t cbMax)
{
    if (index < 0)
        return JET_errInvalidParameter;
    if (!on_session(target, index))
        return read_value(&param_table[index], value_slot(target->instance, index), plParam,
                          szParam, cbMax);
    ref_param_value value = {.num = target->session->commit_default};
    return read_value(&param_table[index], &value, plParam, szParam, cbMax);
}

REF_EXPORT JET_ERR JetGetSystemParameter(JET_INSTANCE handle, JET_SESID sesid, uint32_t paramid,
                                         JET_API_PTR *plParam, JET_PSTR szParam, uint32_t cbMax)
{
    pthread_mutex_lock(&ref__global.lock);
    param_target target;
    int index = param_index(paramid);
    JET_ERR err = resolve_target(handle, sesid, index, &target);
    if (err == JET_errSuccess)
        err = state_checks(target.instance);
    if (err == JET_errSuccess)
        err = get_on_target(&target, index, plParam, szParam, cbMax);
    if (target.instance != NULL)
        ref__instance_unlock(target.instance);
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
