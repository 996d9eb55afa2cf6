/*
 * slot_lock.h - the lock of an instance slot: held during every call on that instance.
 *
 * A test-and-set lock rather than a pthread mutex. A call holds it for a few hundred
 * instructions and never blocks inside, so a waiter spins briefly and then yields its core.
 * What it saves: a pthread mutex takes one locked instruction to lock and another to unlock
 * (it must see whether a waiter sleeps); this lock unlocks with a plain store. A JetBeginSession
 * + JetEndSession pair thus pays two locked instructions instead of four: on this project's
 * machine those were 60 % of the pair's time (perf, 2026-12-01).
 */
#ifndef REF_SLOT_LOCK_H
#define REF_SLOT_LOCK_H

#include <stdatomic.h>

typedef struct {
    atomic_bool held;
} ref_slot_lock;

/* The slow path: waits until the lock is free and takes it (slot_lock.c). Out of line, so that
 * the fast path in every call stays a few instructions with no registers to save. */
void ref__slot_lock_wait(ref_slot_lock *lock) __attribute__((cold, noinline));

static inline void ref__slot_lock_acquire(ref_slot_lock *lock)
{
    /* Its taken side is contention, which no case can force: not a branch for coverage. */
    if (atomic_exchange_explicit(&lock->held, 1, memory_order_acquire)) /* LCOV_EXCL_BR_LINE */
        ref__slot_lock_wait(lock);                                      /* LCOV_EXCL_LINE */
}

static inline void ref__slot_lock_release(ref_slot_lock *lock)
{
    atomic_store_explicit(&lock->held, 0, memory_order_release);
}

#endif
