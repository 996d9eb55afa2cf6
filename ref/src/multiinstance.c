/*
 * multiinstance.c - JetEnableMultiInstance: sets global parameters and chooses multi-instance
 * mode in one step. Only the call that chooses the mode applies parameters; later calls report
 * whether theirs agree (SystemParamsAlreadySet) or not (SystemParameterConflict).
 */
#include "ref_internal.h"

/* Sets each entry in order, recording its result; stops at the first failure. */
static JET_ERR set_all(JET_SETSYSPARAM_A *params, uint32_t count, uint32_t *succeeded)
{
    for (uint32_t i = 0; i < count; i++) {
        params[i].err = ref__param_set(NULL, params[i].paramid, params[i].lParam, params[i].sz);
        if (params[i].err != JET_errSuccess)
            return params[i].err;
        (*succeeded)++;
    }
    return JET_errSuccess;
}

/* In multi-instance mode already: do the entries agree with the values in force? An unknown
 * id is an invalid parameter. */
static JET_ERR compare_all(const JET_SETSYSPARAM_A *params, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        int match = ref__param_matches(params[i].paramid, params[i].lParam, params[i].sz);
        if (match < 0)
            return JET_errInvalidParameter;
        if (!match)
            return JET_errSystemParameterConflict;
    }
    return JET_errSystemParamsAlreadySet; /* even with no entries */
}

REF_EXPORT JET_ERR JetEnableMultiInstance(JET_SETSYSPARAM_A *psetsysparam, uint32_t csetsysparam,
                                          uint32_t *pcsetsucceed)
{
    uint32_t succeeded = 0;
    if (csetsysparam > 0 && psetsysparam == NULL)
        return JET_errInvalidParameter;
    pthread_mutex_lock(&ref__global.lock);
    JET_ERR err;
    switch (atomic_load(&ref__global.mode)) {
    case REF_MODE_ONE:
        err = JET_errRunningInOneInstanceMode;
        break;
    case REF_MODE_MULTI:
        err = compare_all(psetsysparam, csetsysparam);
        break;
    default:
        err = set_all(psetsysparam, csetsysparam, &succeeded);
        if (err == JET_errSuccess) {
            ref__global.max_instances =
                (uint32_t)ref__global.params[REF_PARAM(JET_paramMaxInstances)].num;
            atomic_store(&ref__global.mode, REF_MODE_MULTI);
        }
        break;
    }
    pthread_mutex_unlock(&ref__global.lock);
    if (pcsetsucceed != NULL)
        *pcsetsucceed = succeeded;
    return err;
}
REF_ANSI_ALIAS(JetEnableMultiInstance);
