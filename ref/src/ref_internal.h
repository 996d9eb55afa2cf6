/*
 * ref_internal.h - what ref's source files share. Not installed; prefix ref__ (functions) and
 * ref_ (types).
 *
 * Locking. Each instance lives in a slot of a fixed table; each slot has its own mutex, held for
 * the whole of every call that touches the instance or one of its sessions, so calls on one
 * instance are serialized and calls on different instances never wait for each other. The
 * global lock (ref_global.lock) guards the process-wide state: the instance mode, the instance
 * count, names, global parameters. Order: global lock, then a slot lock. A slot's `instance`
 * and `gen` change only with both held, so either one is enough to read them.
 *
 * Handles are never dereferenced: they encode a slot index and a generation, and a lookup
 * compares the generation under the slot lock (handles.c).
 */
#ifndef REF_INTERNAL_H
#define REF_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <ese/jet.h>
#include "slot_lock.h"

#define REF_EXPORT __attribute__((visibility("default")))
/* Exports fn's A variant as an alias (ESE's ANSI functions; the plain name is the same). */
#define REF_ANSI_ALIAS(fn) \
    extern __typeof__(fn) fn##A __attribute__((alias(#fn), visibility("default")))

/* --- profile (hook.c) ------------------------------------------------------------------- */

typedef enum { REF_PROFILE_DOCUMENTED = 0, REF_PROFILE_ESENT = 1 } ref_profile;
/* 1 when ref follows the real engine where it differs from the docs. */
int ref__esent(void);

/* --- memory (alloc.c) ------------------------------------------------------------------- */

void *ref__alloc(size_t size);          /* zeroed block; NULL when out of memory or a fault is due */
void ref__free(void *block);            /* NULL is fine */
void ref__fault_arm(uint32_t nth);      /* the nth allocation from now fails; 0 disarms */
uint64_t ref__live_blocks(void);        /* blocks allocated and not freed */
/* Freed blocks of one size, kept for reuse; guarded by its owner's lock. */
typedef struct {
    void *head;                         /* a singly linked list through the blocks */
} ref_block_cache;
/* As ref__alloc, but a reused block is not zeroed: the caller sets every field. */
void *ref__alloc_cached(ref_block_cache *cache, size_t size);
void ref__free_cached(ref_block_cache *cache, void *block);   /* as ref__free, kept in cache */
void ref__cache_drain(ref_block_cache *cache);                /* frees what the cache keeps */

/* --- threads (handles.c) ---------------------------------------------------------------- */

uint64_t ref__thread_id(void);          /* a small number, unique per thread, never 0 */
/* Where a call writes an output the caller passed NULL for: p itself, or a scratch cell of this
 * thread (no clause covers a NULL out-pointer of the database calls; the engine would write
 * through it). */
void *ref__out(void *p);

typedef struct ref_instance ref_instance;

/* --- system parameters (sysparam.c) ------------------------------------------------------ */

enum {
#define ESE_PARAM(name, id, type, scope, advanced, when_docs, when_engine, low, high_docs, high_engine, \
                  default_docs, default_engine, str) \
    REF_PARAM_INDEX_##name,
#include <ese/params.def>
#undef ESE_PARAM
    REF_PARAM_COUNT
};
#define REF_PARAM_STRING_MAX 260        /* longest string parameter + 1 */

typedef struct {
    uint64_t num;                       /* numeric value */
    char str[REF_PARAM_STRING_MAX];     /* string value */
} ref_param_value;

/* Fills values with every parameter's default. */
void ref__params_defaults(ref_param_value values[REF_PARAM_COUNT]);
/* Sets a parameter of a locked instance, or the global value when instance is NULL (global
 * lock held): InvalidParameter, AlreadyInitialized or Success. */
JET_ERR ref__param_set(ref_instance *instance, uint32_t paramid, JET_API_PTR lParam, JET_PCSTR sz);
/* 1 when a global value equals what an entry of JetEnableMultiInstance asks for, 0 when it
 * differs, -1 when the id is unknown. */
int ref__param_matches(uint32_t paramid, JET_API_PTR lParam, JET_PCSTR sz);
/* The index of JET_paramX, by name, for ref's own reads: REF_PARAM(JET_paramMaxSessions). */
#define REF_PARAM(name) REF_PARAM_INDEX_##name

/* --- instances and sessions -------------------------------------------------------------- */

typedef enum { REF_MODE_NONE, REF_MODE_ONE, REF_MODE_MULTI } ref_mode;

/* --- databases, tables, cursors (files.c, database.c, dbopen.c, table.c, cursor.c) ------- */

#define REF_DB_PER_INSTANCE 6           /* user databases one instance may attach */
#define REF_DB_SLOTS (REF_DB_PER_INSTANCE * REF_INSTANCE_SLOTS)

typedef struct ref_file ref_file;
typedef struct ref_table ref_table;
typedef struct ref_session ref_session;

/* One open of a database by a session: the dbid and how many times it was opened. */
typedef struct {
    JET_DBID dbid;                      /* 0 when the entry is free */
    uint32_t count;
} ref_db_open;

#define REF_INSTANCE_SLOTS 10240        /* the engine's highest JET_paramMaxInstances */
#define REF_SESSION_SLOTS 32768         /* above the highest JET_paramMaxSessions (30000) */

struct ref_session {
    ref_instance *instance;             /* owner */
    uint32_t slot;                      /* index in the owner's session table */
    uint32_t trx_level;                 /* 0 outside a transaction, up to 7 */
    uint64_t trx_owner;                 /* who began the outermost transaction (ref__trx_owner_key) */
    JET_API_PTR context;                /* the session context, 0 when none */
    uint64_t context_thread;            /* the thread that set it */
    int busy;                           /* a hook says another thread is inside a call on it */
    int trx_read_only;                  /* the outermost level began with TransactionReadOnly */
    ref_db_open opens[REF_DB_PER_INSTANCE]; /* the databases it has open (dbopen.c) */
    uint32_t open_total;                /* the sum of opens[].count: JetEndSession asks it */
    uint64_t commit_default;            /* its JET_paramCommitDefault (the instance's at begin) */
};

/* A cursor (JET_TABLEID): in a slot of its instance's cursor table, like a session. */
typedef struct {
    ref_session *session;               /* owner */
    ref_table *table;
    JET_DBID dbid;                      /* the database it was opened through */
    uint32_t level;                     /* transaction level it was opened at */
    unsigned deny_read : 1, deny_write : 1, updatable : 1;
} ref_cursor;

typedef struct {
    uint32_t gen;                       /* generation; a handle must carry the current one */
    uint32_t next_free;                 /* free-list link when not in use */
    int in_use;
    ref_cursor cursor;
} ref_cursor_slot;

typedef struct {
    uint32_t gen;                       /* generation; a handle must carry the current one */
    uint32_t next_free;                 /* free-list link when session is NULL */
    ref_session *session;               /* NULL when the slot is free */
} ref_session_slot;

struct ref_instance {
    uint32_t slot;                      /* index in the instance table */
    char *name;                         /* NULL for the NULL name */
    int initialized;                    /* JetInit succeeded */
    int stopped;                        /* a full stop service: never undone */
    uint32_t stopped_bits;              /* partial stops of JetStopServiceInstance2 */
    uint32_t hook_states;               /* bit (1 << ESEHOOK_STATE_x) per state a hook set */
    ref_session_slot *sessions;         /* session table, grown on demand */
    uint32_t session_capacity;          /* its length */
    uint32_t free_head;                 /* first free slot, REF_NO_SLOT when none */
    uint32_t open_sessions;             /* sessions begun and not ended */
    ref_block_cache session_blocks;     /* ended sessions' blocks, for the next begins */
    ref_cursor_slot *cursors;           /* cursor table, grown on demand (cursor.c) */
    uint32_t cursor_capacity;           /* its length */
    uint32_t cursor_free_head;          /* first free cursor slot, REF_NO_SLOT when none */
    uint32_t open_cursors;              /* cursors in use (JET_paramMaxCursors) */
    uint32_t open_tables;               /* tables with a cursor (JET_paramMaxOpenTables) */
    /* Last: 260-byte values (the string ones); the fields above, which every call reads,
     * then share a cache line or two. */
    ref_param_value params[REF_PARAM_COUNT]; /* the instance's parameter values */
};
#define REF_NO_SLOT UINT32_MAX

/* Each slot on its own cache line, so that threads on different instances share nothing. */
typedef struct {
    _Alignas(64) ref_slot_lock lock;    /* held during every call on this instance */
    uint32_t gen;                       /* bumped when an instance leaves the slot */
    ref_instance *instance;             /* NULL when free */
} ref_instance_slot;

typedef struct {
    pthread_mutex_t lock;               /* guards everything below */
    _Atomic int mode;                   /* ref_mode */
    _Atomic uint32_t one_instance_slot; /* the instance of one-instance mode */
    uint32_t max_instances;             /* fixed when the mode is chosen */
    uint32_t instance_count;            /* live instances */
    ref_param_value params[REF_PARAM_COUNT]; /* global values, and defaults for new instances */
} ref_global;

extern ref_global ref__global;
extern ref_instance_slot ref__slots[REF_INSTANCE_SLOTS];

/* handles.c: encoding and locked lookups. */
JET_INSTANCE ref__instance_handle(const ref_instance *instance);
JET_SESID ref__session_handle(const ref_session *session);
/* The handle of slot `slot` (generation `gen`) of a table the instance holds: a session's
 * (tag 0xE) or a cursor's (tag 0xC); the layout is in handles.c. */
#define REF_SESSION_GEN_BITS 21
uint64_t ref__owned_handle(uint64_t tag, const ref_instance *instance, uint32_t slot,
                           uint32_t gen, unsigned gen_bits);
/* Locks the slot of a live instance handle: 1 and *out, or 0 when the handle names no live
 * instance (0 and nil included). Which code that is depends on the call (ref__instance_find). */
int ref__instance_lock(JET_INSTANCE handle, ref_instance **out);
/* Locks the instance of a live session handle: Success or InvalidSesid. */
JET_ERR ref__session_lock(JET_SESID sesid, ref_session **out);
/* These two are on every call's path: inline. */
static inline void ref__instance_unlock(ref_instance *instance)
{
    ref__slot_lock_release(&ref__slots[instance->slot].lock);
}
/* Locks a slot by index: the live instance there, or NULL (the slot is then unlocked). */
static inline ref_instance *ref__slot_lock(uint32_t slot)
{
    if (slot >= REF_INSTANCE_SLOTS)
        return NULL;
    ref__slot_lock_acquire(&ref__slots[slot].lock);
    ref_instance *instance = ref__slots[slot].instance;
    if (instance == NULL)
        ref__slot_lock_release(&ref__slots[slot].lock);
    return instance;
}

/* instance.c */
/* Which instance a call names, locked: the one instance in one-instance mode (the handle is
 * ignored); else the live instance of the handle. `validate`: a handle that is not 0/nil and
 * not live gives InvalidInstance (validating builds check it) rather than InvalidParameter. */
JET_ERR ref__instance_find(JET_INSTANCE handle, int validate, ref_instance **out);
/* Frees an instance and its sessions; the caller holds the global and slot locks. */
void ref__instance_destroy(ref_instance *instance);

/* session.c */
/* Begins a session on a locked instance: *psesid on Success. */
JET_ERR ref__session_begin(ref_instance *instance, JET_SESID *psesid);
/* Ends a session (its transaction rolled back) and frees its slot. */
void ref__session_free(ref_session *session);

/* enter.c: the engine's entry checks, in its order. */
typedef enum {
    REF_ENTER_NORMAL = 0,
    REF_ENTER_IGNORE_STOP = 1          /* still allowed after a stop service */
} ref_enter_flags;
/* A session call's checks; on Success *out is locked (leave with ref__session_leave). */
JET_ERR ref__session_enter(JET_SESID sesid, unsigned flags, ref_session **out);
void ref__session_leave(ref_session *session);
/* An instance call's checks (JetBeginSession); on Success *out is locked. */
JET_ERR ref__instance_enter(JET_INSTANCE handle, ref_instance **out);
/* 1 when a hook put the instance in that state. */
int ref__has_state(const ref_instance *instance, uint32_t state);

/* enter.c, for calls that check a handle of their own between the session and the rest */
/* Steps 2 to 6 of a session call on a locked session (stop, fatal, term, restore, busy). */
JET_ERR ref__session_checks(const ref_session *session, unsigned flags);

/* transaction.c */
/* The key that must match a transaction's owner: the context when one is set, else the thread. */
uint64_t ref__trx_owner_key(const ref_session *session);

#include "ref_db.h"

#endif /* REF_INTERNAL_H */
