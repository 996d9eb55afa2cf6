/*
 * instance.c - instances and the process-wide instance mode: JetCreateInstance(2), JetInit(2),
 * JetTerm(2).
 *
 * The process starts in no mode. The first JetCreateInstance (or JetEnableMultiInstance) puts it
 * in multi-instance mode; a JetInit without one puts it in one-instance mode, whose single
 * instance every instance handle then names. The mode lasts until the last instance is gone.
 */
#include <string.h>
#include <esehook.h>
#include "ref_internal.h"

ref_global ref__global;
ref_instance_slot ref__slots[REF_INSTANCE_SLOTS];

/* Mutexes and defaults, once, when the library is loaded. */
__attribute__((constructor)) static void instance_table_init(void)
{
    pthread_mutex_init(&ref__global.lock, NULL);
    ref__params_defaults(ref__global.params);
}

JET_ERR ref__instance_find(JET_INSTANCE handle, int validate, ref_instance **out)
{
    int live_handle = handle != 0 && handle != JET_instanceNil;
    if (validate && live_handle)
        return ref__instance_lock(handle, out) ? JET_errSuccess : JET_errInvalidInstance;
    switch (atomic_load(&ref__global.mode)) {
    case REF_MODE_ONE:
        *out = ref__slot_lock(atomic_load(&ref__global.one_instance_slot));
        return *out ? JET_errSuccess : JET_errInvalidParameter;
    case REF_MODE_MULTI:
        return ref__instance_lock(handle, out) ? JET_errSuccess : JET_errInvalidParameter;
    default:
        return JET_errInvalidParameter;
    }
}

/* 1 when a live instance has this name (NULL names collide; names compare case-sensitively). */
static int name_in_use(const char *name)
{
    for (uint32_t i = 0; i < REF_INSTANCE_SLOTS; i++) {
        const ref_instance *other = ref__slots[i].instance;
        if (other == NULL)
            continue;
        if ((name == NULL && other->name == NULL) ||
            (name != NULL && other->name != NULL && strcmp(name, other->name) == 0))
            return 1;
    }
    return 0;
}

/* Allocates an instance with the global defaults and puts it in a free slot; global lock held.
 * The callers have checked the instance limit, which is never above REF_INSTANCE_SLOTS, so a
 * free slot exists. */
static JET_ERR instance_new(const char *name, ref_instance **out)
{
    uint32_t slot = 0;
    while (ref__slots[slot].instance != NULL)
        slot++;
    ref_instance *instance = ref__alloc(sizeof *instance);
    char *copy = name ? ref__alloc(strlen(name) + 1) : NULL;
    if (instance == NULL || (name != NULL && copy == NULL)) {
        ref__free(instance);
        ref__free(copy);
        return JET_errOutOfMemory;
    }
    if (copy)
        strcpy(copy, name);
    instance->slot = slot;
    instance->name = copy;
    instance->free_head = REF_NO_SLOT;
    memcpy(instance->params, ref__global.params, sizeof instance->params);
    ref__slot_lock_acquire(&ref__slots[slot].lock);
    ref__slots[slot].instance = instance;
    ref__slot_lock_release(&ref__slots[slot].lock);
    ref__global.instance_count++;
    *out = instance;
    return JET_errSuccess;
}

void ref__instance_destroy(ref_instance *instance)
{
    uint32_t slot = instance->slot;
    ref__instance_release(instance); /* databases detached, cursors closed */
    for (uint32_t i = 0; i < instance->session_capacity; i++)
        ref__free(instance->sessions[i].session);
    ref__free(instance->sessions);
    ref__cache_drain(&instance->session_blocks);
    ref__free(instance->name);
    ref__free(instance);
    ref__slots[slot].instance = NULL;
    ref__slots[slot].gen++;
    ref__slot_lock_release(&ref__slots[slot].lock);
    if (--ref__global.instance_count == 0)
        atomic_store(&ref__global.mode, REF_MODE_NONE);
}

static JET_ERR create_instance(JET_INSTANCE *pinstance, const char *name)
{
    if (pinstance == NULL)
        return JET_errInvalidParameter;
    *pinstance = JET_instanceNil;
    pthread_mutex_lock(&ref__global.lock);
    int mode = atomic_load(&ref__global.mode);
    uint32_t max = mode == REF_MODE_NONE
                       ? (uint32_t)ref__global.params[REF_PARAM(JET_paramMaxInstances)].num
                       : ref__global.max_instances;
    ref_instance *instance = NULL;
    JET_ERR err;
    if (mode == REF_MODE_ONE)
        err = JET_errRunningInOneInstanceMode;
    else if (ref__global.instance_count >= max)
        err = JET_errTooManyInstances;
    else if (name_in_use(name))
        err = JET_errInstanceNameInUse;
    else
        err = instance_new(name, &instance);
    if (err == JET_errSuccess) {
        if (mode == REF_MODE_NONE) {
            ref__global.max_instances = max;
            atomic_store(&ref__global.mode, REF_MODE_MULTI);
        }
        *pinstance = ref__instance_handle(instance);
    }
    pthread_mutex_unlock(&ref__global.lock);
    return err;
}

REF_EXPORT JET_ERR JetCreateInstance2(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName,
                                      JET_PCSTR szDisplayName, JET_GRBIT grbit)
{
    (void)szDisplayName; /* only shown in event logs */
    (void)grbit;         /* reserved */
    return create_instance(pinstance, szInstanceName);
}
REF_ANSI_ALIAS(JetCreateInstance2);

REF_EXPORT JET_ERR JetCreateInstance(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName)
{
    return create_instance(pinstance, szInstanceName);
}
REF_ANSI_ALIAS(JetCreateInstance);

/* JetInit in multi-instance mode with *pinstance 0 or nil: the engine makes a new instance
 * with the NULL name, initialized, as JetCreateInstance would. Global lock held. */
static JET_ERR init_new_instance(JET_INSTANCE *pinstance)
{
    ref_instance *instance;
    JET_ERR err;
    if (ref__global.instance_count >= ref__global.max_instances)
        err = JET_errTooManyInstances;
    else if (name_in_use(NULL))
        err = JET_errInstanceNameInUse;
    else
        err = instance_new(NULL, &instance);
    if (err != JET_errSuccess)
        return err;
    instance->initialized = 1;
    *pinstance = ref__instance_handle(instance);
    return JET_errSuccess;
}

/* JetInit in multi-instance mode: the instance *pinstance names. Global lock held. */
static JET_ERR init_named_instance(JET_INSTANCE *pinstance)
{
    if (pinstance == NULL)
        return JET_errRunningInMultiInstanceMode;
    if (*pinstance == 0 || *pinstance == JET_instanceNil)
        return init_new_instance(pinstance);
    ref_instance *instance;
    JET_ERR err = ref__instance_find(*pinstance, 0, &instance);
    if (err != JET_errSuccess)
        return err;
    if (instance->initialized)
        err = JET_errAlreadyInitialized;
    else
        instance->initialized = 1;
    ref__instance_unlock(instance);
    return err;
}

/* JetInit with no mode yet: creates the one instance of one-instance mode. Global lock held. */
static JET_ERR init_one_instance(JET_INSTANCE *pinstance)
{
    ref_instance *instance;
    JET_ERR err = instance_new(NULL, &instance);
    if (err != JET_errSuccess)
        return err;
    instance->initialized = 1;
    ref__global.max_instances = 1;
    atomic_store(&ref__global.one_instance_slot, instance->slot);
    atomic_store(&ref__global.mode, REF_MODE_ONE);
    if (pinstance != NULL)
        *pinstance = ref__instance_handle(instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit)
{
    (void)grbit; /* recovery options: nothing to recover in memory */
    pthread_mutex_lock(&ref__global.lock);
    JET_ERR err;
    switch (atomic_load(&ref__global.mode)) {
    case REF_MODE_MULTI:
        err = init_named_instance(pinstance);
        break;
    case REF_MODE_ONE:
        err = JET_errAlreadyInitialized;
        break;
    default:
        err = init_one_instance(pinstance);
        break;
    }
    pthread_mutex_unlock(&ref__global.lock);
    return err;
}

REF_EXPORT JET_ERR JetInit(JET_INSTANCE *pinstance)
{
    return JetInit2(pinstance, 0);
}

static int has_open_transaction(const ref_instance *instance)
{
    for (uint32_t i = 0; i < instance->session_capacity; i++) {
        const ref_session *session = instance->sessions[i].session;
        if (session != NULL && session->trx_level > 0)
            return 1;
    }
    return 0;
}

/* Why a locked instance may not terminate with these bits now, or Success. */
static JET_ERR term_refusal(const ref_instance *instance, JET_GRBIT grbit)
{
    if (ref__has_state(instance, ESEHOOK_STATE_TERM_IN_PROGRESS))
        return JET_errTermInProgress;
    if (ref__has_state(instance, ESEHOOK_STATE_RESTORE_IN_PROGRESS))
        return JET_errRestoreInProgress;
    if (!instance->initialized || (grbit & JET_bitTermDirty))
        return JET_errSuccess;
    /* The docs refuse only a complete termination; the engine refuses any but a dirty one.
     * (No grbit is complete to the engine and abrupt to the docs: both fall out of this.) */
    int refuse_open = ref__esent() || (grbit & JET_bitTermComplete);
    if (refuse_open && has_open_transaction(instance))
        return JET_errTooManyActiveUsers;
    /* The docs let only StopBackup end a backup; the engine's abrupt termination does too. */
    JET_GRBIT backup_stoppers = JET_bitTermStopBackup | (ref__esent() ? JET_bitTermAbrupt : 0);
    int stops_backup = (grbit & backup_stoppers) != 0;
    if (!stops_backup && ref__has_state(instance, ESEHOOK_STATE_BACKUP_IN_PROGRESS))
        return JET_errBackupInProgress;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetTerm2(JET_INSTANCE handle, JET_GRBIT grbit)
{
    pthread_mutex_lock(&ref__global.lock);
    ref_instance *instance = NULL;
    JET_ERR err;
    /* The engine validates a handle that is not 0 or nil before anything else. */
    int validate = ref__esent() && handle != 0 && handle != JET_instanceNil;
    /* No instance, ever or any more: the docs' not-initialized row (after the last one their
     * reader may also answer invalid parameter); the engine finds no instance. */
    if (atomic_load(&ref__global.mode) == REF_MODE_NONE && !validate)
        err = ref__esent() ? JET_errInvalidParameter : JET_errNotInitialized;
    else
        err = ref__instance_find(handle, validate, &instance);
    if (err == JET_errSuccess) {
        err = term_refusal(instance, grbit);
        if (err == JET_errSuccess) {
            int dirty = instance->initialized && (grbit & JET_bitTermDirty);
            ref__instance_destroy(instance);
            err = dirty ? JET_errDirtyShutdown : JET_errSuccess;
        } else {
            ref__instance_unlock(instance);
        }
    }
    pthread_mutex_unlock(&ref__global.lock);
    return err;
}

REF_EXPORT JET_ERR JetTerm(JET_INSTANCE instance)
{
    return JetTerm2(instance, JET_bitTermAbrupt);
}
