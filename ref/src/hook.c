/*
 * hook.c - the test hook API of <esehook.h>: profile, states, faults, counters, reset.
 */
#include <string.h>
#include <esehook.h>
#include "ref_internal.h"

static _Atomic int current_profile = REF_PROFILE_DOCUMENTED;

int ref__esent(void)
{
    return atomic_load(&current_profile) == REF_PROFILE_ESENT;
}

REF_EXPORT JET_ERR esehook_set_profile(uint32_t profile)
{
    if (profile != ESEHOOK_PROFILE_DOCUMENTED && profile != ESEHOOK_PROFILE_ESENT)
        return JET_errInvalidParameter;
    pthread_mutex_lock(&ref__global.lock);
    atomic_store(&current_profile, (int)profile);
    ref__params_defaults(ref__global.params); /* where the docs and the engine differ */
    pthread_mutex_unlock(&ref__global.lock);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_set_instance_state(JET_INSTANCE handle, uint32_t state)
{
    if (state > ESEHOOK_STATE_ROLLBACK_FAILS)
        return JET_errInvalidParameter;
    ref_instance *instance;
    if (!ref__instance_lock(handle, &instance))
        return JET_errInvalidInstance;
    if (state == ESEHOOK_STATE_NORMAL)
        instance->hook_states = 0;
    else
        instance->hook_states |= 1u << state;
    ref__instance_unlock(instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_set_session_busy(JET_SESID sesid, uint32_t busy)
{
    ref_session *session;
    JET_ERR err = ref__session_lock(sesid, &session);
    if (err != JET_errSuccess)
        return err;
    session->busy = busy != 0;
    ref__instance_unlock(session->instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_fail_allocation(uint32_t nth)
{
    ref__fault_arm(nth);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_open_sessions(JET_INSTANCE handle, uint32_t *pcount)
{
    if (pcount == NULL)
        return JET_errInvalidParameter;
    ref_instance *instance;
    if (!ref__instance_lock(handle, &instance))
        return JET_errInvalidInstance;
    *pcount = instance->open_sessions;
    ref__instance_unlock(instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_live_allocations(JET_API_PTR *pcount)
{
    if (pcount == NULL)
        return JET_errInvalidParameter;
    *pcount = ref__live_blocks();
    return JET_errSuccess;
}

REF_EXPORT JET_ERR esehook_reset(void)
{
    pthread_mutex_lock(&ref__global.lock);
    /* Only slots in use are locked: locking writes to the slot, and a reset right after a
     * fork (the harness does one per scenario) would otherwise copy every page of the table.
     * Reading `instance` under the global lock alone is safe: it changes only under both. */
    for (uint32_t slot = 0; slot < REF_INSTANCE_SLOTS && ref__global.instance_count > 0; slot++) {
        if (ref__slots[slot].instance == NULL)
            continue;
        ref_instance *instance = ref__slot_lock(slot);
        if (instance != NULL)
            ref__instance_destroy(instance); /* unlocks the slot */
    }
    atomic_store(&ref__global.mode, REF_MODE_NONE);
    ref__global.max_instances = 0;
    atomic_store(&current_profile, REF_PROFILE_DOCUMENTED);
    ref__params_defaults(ref__global.params);
    ref__files_lock(); /* the instances detached theirs; the files themselves go now */
    ref__files_clear();
    ref__db_slots_clear();
    ref__files_unlock();
    ref__fault_arm(0);
    pthread_mutex_unlock(&ref__global.lock);
    return JET_errSuccess;
}
