/*
 * alloc.c - the one allocator every block of ref comes from.
 *
 * It counts live blocks (esehook_live_allocations) and can be told to fail the nth allocation
 * from now (esehook_fail_allocation), so that tests can show each failure returns its code and
 * leaves nothing behind.
 *
 * A block cache keeps the blocks of one size its owner frees, to hand them out again without
 * malloc: an instance keeps its ended sessions' blocks (as the engine's PIB resource pools
 * them). To everything that watches, a cached block is freed and a reused one allocated: the
 * live count goes down and up, and an armed fault fails a reuse as it fails a malloc.
 *
 * The count is kept per thread and summed when read: one shared counter would be written by
 * every thread on every begin and end, and threads working on different instances would then
 * wait on each other's cache line. A block freed by another thread than the one that
 * allocated it makes one counter go down and another up; the sum stays right.
 */
#include <stdlib.h>
#include <string.h>
#include "ref_internal.h"

typedef struct thread_count {
    _Atomic int64_t live;           /* blocks this thread allocated minus those it freed */
    struct thread_count *next;      /* every thread's counter, newest first */
} thread_count;

static _Atomic(thread_count *) all_counts;
/* initial-exec: a direct %fs access, not a __tls_get_addr call on every allocation. */
static _Thread_local thread_count *my_count __attribute__((tls_model("initial-exec")));
static _Atomic uint32_t fault_countdown;  /* 0: no fault armed; 1: the next allocation fails */

/* Makes this thread's counter and keeps it for the life of the process (it is not a block of
 * ref's: it is never counted nor freed). NULL only if malloc fails. Out of line: once a thread. */
static __attribute__((noinline)) thread_count *new_count_of_this_thread(void)
{
    thread_count *count = calloc(1, sizeof *count);
    if (count == NULL)
        return NULL;
    count->next = atomic_load(&all_counts);
    while (!atomic_compare_exchange_weak(&all_counts, &count->next, count))
        ;
    my_count = count;
    return count;
}

static thread_count *count_of_this_thread(void)
{
    return my_count != NULL ? my_count : new_count_of_this_thread();
}

/* Adds to this thread's count. Only its own thread writes a counter, so a plain load and
 * store do (no locked instruction); readers on other threads see whole values. */
static void count_add(thread_count *count, int64_t delta)
{
    int64_t live = atomic_load_explicit(&count->live, memory_order_relaxed);
    atomic_store_explicit(&count->live, live + delta, memory_order_relaxed);
}

/* 1 when this allocation is the one a fault was armed for. */
static int fault_due(void)
{
    uint32_t n = atomic_load_explicit(&fault_countdown, memory_order_relaxed);
    while (n > 0) {
        if (atomic_compare_exchange_weak(&fault_countdown, &n, n - 1))
            return n == 1;
    }
    return 0;
}

void *ref__alloc(size_t size)
{
    thread_count *count = count_of_this_thread();
    if (count == NULL || fault_due())
        return NULL;
    /* malloc and memset rather than calloc: glibc's calloc bypasses the per-thread cache
     * (tcache) that malloc and free use, and took a third of a JetBeginSession+JetEndSession
     * pair (perf, 2026-12-01). */
    void *block = malloc(size);
    if (block == NULL)
        return NULL;
    /* Hides where block came from, or GCC turns this malloc+memset back into calloc. */
    __asm__("" : "+r"(block));
    memset(block, 0, size);
    count_add(count, 1);
    return block;
}

void ref__free(void *block)
{
    if (block == NULL)
        return;
    free(block);
    /* A thread that frees has allocated before, or its counter is made now (cannot fail in
     * practice; if it does, the count is off by one rather than the block leaked). */
    thread_count *count = count_of_this_thread();
    if (count != NULL)
        count_add(count, -1);
}

void *ref__alloc_cached(ref_block_cache *cache, size_t size)
{
    void *block = cache->head;
    if (block == NULL)
        return ref__alloc(size);
    thread_count *count = count_of_this_thread();
    if (count == NULL || fault_due())
        return NULL;
    memcpy(&cache->head, block, sizeof cache->head); /* the link a free left in the block */
    count_add(count, 1);
    return block;
}

void ref__free_cached(ref_block_cache *cache, void *block)
{
    if (block == NULL)
        return;
    memcpy(block, &cache->head, sizeof cache->head);
    cache->head = block;
    thread_count *count = count_of_this_thread();
    if (count != NULL)
        count_add(count, -1);
}

void ref__cache_drain(ref_block_cache *cache)
{
    while (cache->head != NULL) {
        void *block = cache->head;
        memcpy(&cache->head, block, sizeof cache->head);
        free(block); /* already counted as freed */
    }
}

void ref__fault_arm(uint32_t nth)
{
    atomic_store(&fault_countdown, nth);
}

uint64_t ref__live_blocks(void)
{
    int64_t total = 0;
    for (thread_count *c = atomic_load(&all_counts); c != NULL; c = c->next)
        total += atomic_load_explicit(&c->live, memory_order_relaxed);
    return (uint64_t)total;
}
