/*
 * slot_lock.c - the slow path of an instance slot's lock (slot_lock.h): another thread holds it.
 */
#include <sched.h>
#include "slot_lock.h"

/* Spins this many times on a held lock before yielding the core: a call holds the lock for
 * well under a microsecond, but the thread holding it may have been preempted. */
#define SPINS_BEFORE_YIELD 64

/* Not counted in the coverage of ref by the cases (LCOV_EXCL): only contention reaches it, and
 * no scenario can make two threads meet on a lock for certain. ref.unit's concurrency tests do,
 * eight threads on one instance, also under ThreadSanitizer in .ci/run. */
void ref__slot_lock_wait(ref_slot_lock *lock) /* LCOV_EXCL_START */
{
    for (;;) {
        for (int i = 0; i < SPINS_BEFORE_YIELD; i++) {
            /* Read before trying: a failed exchange would take the cache line from the holder. */
            if (!atomic_load_explicit(&lock->held, memory_order_relaxed) &&
                !atomic_exchange_explicit(&lock->held, 1, memory_order_acquire))
                return;
            __builtin_ia32_pause();
        }
        sched_yield();
    }
} /* LCOV_EXCL_STOP */
