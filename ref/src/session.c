/*
 * session.c - sessions: JetBeginSession, JetDupSession, JetEndSession.
 *
 * Each instance keeps a table of session slots, grown on demand, with a free list; a slot's
 * generation changes when its session ends, so the old handle stops working at once. The
 * session limit is the instance's JET_paramMaxSessions, counted exactly: an ended session
 * frees its slot immediately.
 */
#include <string.h>
#include "ref_internal.h"

/* The code for a failed allocation: the docs say OutOfMemory, the engine OutOfSessions. */
static JET_ERR allocation_failure(void)
{
    return ref__esent() ? JET_errOutOfSessions : JET_errOutOfMemory;
}

/* Makes room for one more slot; the table is unchanged when it fails. */
static JET_ERR grow_session_table(ref_instance *instance)
{
    if (instance->free_head != REF_NO_SLOT)
        return JET_errSuccess;
    /* Doubling from 8 never passes REF_SESSION_SLOTS: the limit stops begins first. */
    _Static_assert(REF_SESSION_SLOTS >= 30000 && (REF_SESSION_SLOTS & (REF_SESSION_SLOTS - 1)) == 0,
                   "doubling from 8 must reach a table above the highest JET_paramMaxSessions");
    uint32_t old = instance->session_capacity;
    uint32_t capacity = old == 0 ? 8 : old * 2;
    ref_session_slot *table = ref__alloc(capacity * sizeof *table);
    if (table == NULL)
        return allocation_failure();
    if (old > 0)
        memcpy(table, instance->sessions, old * sizeof *table);
    for (uint32_t i = old; i < capacity; i++) {
        table[i].gen = 1;
        table[i].next_free = i + 1 < capacity ? i + 1 : REF_NO_SLOT;
    }
    ref__free(instance->sessions);
    instance->sessions = table;
    instance->session_capacity = capacity;
    instance->free_head = old;
    return JET_errSuccess;
}

/* Sets every field: a block from the cache comes back as the last session left it. Those
 * set to 0 here are 0 already when a session ends (JetEndSession refuses a busy session or one
 * with a context, and rolls back and closes the rest first), so a mutant that drops one of them
 * survives; they are set anyway, so that no field depends on how the last session ended. Field
 * by field, not by assigning a whole zeroed struct or a memset of it: GCC turns both into
 * `rep stos`, whose start-up cost was a fifth of a JetBeginSession+JetEndSession pair (perf,
 * 2026-12-01). */
static void session_init(ref_session *session, ref_instance *instance, uint32_t slot)
{
    session->instance = instance;
    session->slot = slot;
    session->trx_level = 0;
    session->trx_owner = 0;
    session->context = 0;
    session->context_thread = 0;
    session->busy = 0;
    session->trx_read_only = 0;
    memset(session->opens, 0, sizeof session->opens); /* a few vector stores */
    session->open_total = 0;
    session->commit_default = instance->params[REF_PARAM(JET_paramCommitDefault)].num;
}

JET_ERR ref__session_begin(ref_instance *instance, JET_SESID *psesid)
{
    /* The docs' InvalidParameter; the engine would write through NULL and die. */
    if (psesid == NULL)
        return JET_errInvalidParameter;
    if (instance->open_sessions >= instance->params[REF_PARAM(JET_paramMaxSessions)].num)
        return JET_errOutOfSessions;
    /* The session first: a failure to grow the table then frees it, and a failed call leaves
     * not a single block behind. */
    ref_session *session = ref__alloc_cached(&instance->session_blocks, sizeof *session);
    if (session == NULL)
        return allocation_failure();
    JET_ERR err = grow_session_table(instance);
    if (err != JET_errSuccess) {
        ref__free_cached(&instance->session_blocks, session);
        return err;
    }
    uint32_t slot = instance->free_head;
    instance->free_head = instance->sessions[slot].next_free;
    instance->sessions[slot].session = session;
    session_init(session, instance, slot);
    instance->open_sessions++;
    *psesid = ref__session_handle(session);
    return JET_errSuccess;
}

void ref__session_free(ref_session *session)
{
    ref_instance *instance = session->instance;
    ref_session_slot *slot = &instance->sessions[session->slot];
    slot->session = NULL;
    slot->gen++;
    slot->next_free = instance->free_head;
    instance->free_head = session->slot;
    instance->open_sessions--;
    ref__free_cached(&instance->session_blocks, session);
}

REF_EXPORT JET_ERR JetBeginSession(JET_INSTANCE handle, JET_SESID *psesid, JET_PCSTR szUserName,
                                   JET_PCSTR szPassword)
{
    (void)szUserName; /* reserved: ignored */
    (void)szPassword;
    ref_instance *instance;
    JET_ERR err = ref__instance_enter(handle, &instance);
    if (err != JET_errSuccess)
        return err;
    err = ref__session_begin(instance, psesid);
    ref__instance_unlock(instance);
    return err;
}
REF_ANSI_ALIAS(JetBeginSession);

REF_EXPORT JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    ref_session *source;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_NORMAL, &source);
    if (err != JET_errSuccess)
        return err;
    /* A new, independent session on the same instance: nothing is copied from the source. */
    err = ref__session_begin(source->instance, psesid);
    ref__session_leave(source);
    return err;
}

REF_EXPORT JET_ERR JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    (void)grbit; /* reserved: JET_bitForceSessionClosed has no effect */
    ref_session *session;
    JET_ERR err = ref__session_enter(sesid, REF_ENTER_IGNORE_STOP, &session);
    /* The docs call a session busy on another thread "in use"; the engine, a sharing violation. */
    if (err == JET_errSessionSharingViolation && !ref__esent())
        return JET_errSessionInUse;
    if (err != JET_errSuccess)
        return err;
    ref_instance *instance = session->instance;
    if (session->context != 0) {
        err = JET_errSessionInUse; /* a context is still set, even by this thread */
    } else {
        ref__session_release(session); /* rolled back; cursors and opens closed */
        ref__session_free(session);
    }
    ref__instance_unlock(instance);
    return err;
}
