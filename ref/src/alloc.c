/*
 * alloc.c - the one allocator every block of ref comes from.
 *
 * It counts live blocks (esehook_live_allocations) and can be told to fail the nth allocation
 * from now (esehook_fail_allocation), so that tests can show each failure returns its code and
 * leaves nothing behind.
 */
#include <stdlib.h>
#include "ref_internal.h"

static _Atomic uint64_t live_blocks;
static _Atomic uint32_t fault_countdown;  /* 0: no fault armed; 1: the next allocation fails */

/* 1 when this allocation is the one a fault was armed for. */
static int fault_due(void)
{
    uint32_t n = atomic_load(&fault_countdown);
    while (n > 0) {
        if (atomic_compare_exchange_weak(&fault_countdown, &n, n - 1))
            return n == 1;
    }
    return 0;
}

void *ref__alloc(size_t size)
{
    if (fault_due())
        return NULL;
    void *block = calloc(1, size);
    if (block != NULL)
        atomic_fetch_add(&live_blocks, 1);
    return block;
}

void ref__free(void *block)
{
    if (block == NULL)
        return;
    free(block);
    atomic_fetch_sub(&live_blocks, 1);
}

void ref__fault_arm(uint32_t nth)
{
    atomic_store(&fault_countdown, nth);
}

uint64_t ref__live_blocks(void)
{
    return atomic_load(&live_blocks);
}
