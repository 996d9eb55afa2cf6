/*
 * handles.c - instance and session handles: how they are made and looked up.
 *
 * A handle is a number, never a pointer. An instance handle carries a tag, the slot index and
 * the slot's generation. A handle of something an instance holds in a table of slots (a
 * session, a cursor: cursor.c) carries a tag, the instance's slot and the low bits of its
 * generation, the slot in the instance's table and that slot's generation. A lookup takes the
 * slot lock and compares generations, so 0, nil, garbage, an ended session or one of a
 * terminated instance is refused without touching freed memory.
 *
 *   instance: 0xA1 (8) | 0 (8) | generation (32) | slot (16)
 *   owned:    tag (4) | instance slot (14) | instance generation (10) | slot (S) | generation (36-S)
 *   session:  S = 15, tag 0xE;  cursor: S = 20, tag 0xC
 */
#include "ref_internal.h"

#define INSTANCE_TAG 0xA1ull
#define SESSION_TAG 0xEull
#define SESSION_GEN_MASK ((1u << REF_SESSION_GEN_BITS) - 1)
#define INSTANCE_GEN_BITS_IN_HANDLE 10
_Static_assert(15 + REF_SESSION_GEN_BITS == 36, "a session's slot and generation fill 36 bits");

JET_INSTANCE ref__instance_handle(const ref_instance *instance)
{
    uint64_t gen = ref__slots[instance->slot].gen;
    return (INSTANCE_TAG << 56) | (gen << 16) | instance->slot;
}

uint64_t ref__owned_handle(uint64_t tag, const ref_instance *instance, uint32_t slot,
                           uint32_t gen, unsigned gen_bits)
{
    uint64_t islot = instance->slot;
    uint64_t igen = ref__slots[islot].gen & ((1u << INSTANCE_GEN_BITS_IN_HANDLE) - 1);
    return (tag << 60) | (islot << 46) | (igen << 36) | ((uint64_t)slot << gen_bits) |
           (gen & ((1u << gen_bits) - 1));
}

JET_SESID ref__session_handle(const ref_session *session)
{
    const ref_instance *instance = session->instance;
    return ref__owned_handle(SESSION_TAG, instance, session->slot,
                             instance->sessions[session->slot].gen, REF_SESSION_GEN_BITS);
}

int ref__instance_lock(JET_INSTANCE handle, ref_instance **out)
{
    if ((handle >> 56) != INSTANCE_TAG || ((handle >> 48) & 0xFF) != 0)
        return 0; /* also 0 and nil */
    uint32_t slot = (uint32_t)(handle & 0xFFFF);
    uint32_t gen = (uint32_t)(handle >> 16);
    ref_instance *instance = ref__slot_lock(slot);
    if (instance == NULL)
        return 0;
    if (ref__slots[slot].gen != gen) {
        ref__instance_unlock(instance);
        return 0;
    }
    *out = instance;
    return 1;
}

JET_ERR ref__session_lock(JET_SESID sesid, ref_session **out)
{
    if ((sesid >> 60) != SESSION_TAG)
        return JET_errInvalidSesid;   /* also 0 and nil */
    uint32_t islot = (uint32_t)((sesid >> 46) & 0x3FFF);
    uint32_t igen = (uint32_t)((sesid >> 36) & 0x3FF);
    uint32_t sslot = (uint32_t)((sesid >> REF_SESSION_GEN_BITS) & 0x7FFF);
    uint32_t sgen = (uint32_t)(sesid & SESSION_GEN_MASK);
    ref_instance *instance = ref__slot_lock(islot);
    if (instance == NULL)
        return JET_errInvalidSesid;
    if ((ref__slots[islot].gen & 0x3FF) != igen || sslot >= instance->session_capacity ||
        instance->sessions[sslot].session == NULL ||
        (instance->sessions[sslot].gen & SESSION_GEN_MASK) != sgen) {
        ref__instance_unlock(instance);
        return JET_errInvalidSesid;
    }
    *out = instance->sessions[sslot].session;
    return JET_errSuccess;
}

void *ref__out(void *p)
{
    static _Thread_local uint64_t scratch;
    return p != NULL ? p : &scratch;
}

uint64_t ref__thread_id(void)
{
    static _Atomic uint64_t next_id = 1;
    static _Thread_local uint64_t id __attribute__((tls_model("initial-exec")));
    if (id == 0)
        id = atomic_fetch_add(&next_id, 1);
    return id;
}
