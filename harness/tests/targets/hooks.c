/* hooks.c - a few of ref's test hooks, so unit tests can see what the harness does with them:
 * esehook_reset counts resets, esehook_set_profile keeps its argument, and (a test-only
 * meaning) esehook_live_allocations reports the profile last set plus 10 per reset. */
#include "base.h"

static uint32_t profile_set;       /* the last esehook_set_profile argument */
static uint32_t resets;            /* esehook_reset calls */

/* Returns JET_errSuccess; counts the reset. */
JET_ERR esehook_reset(void)
{
    resets++;
    return JET_errSuccess;
}

/* Returns JET_errSuccess, or JET_errInvalidParameter for a profile other than 0 or 1. */
JET_ERR esehook_set_profile(uint32_t profile)
{
    if (profile > 1)
        return JET_errInvalidParameter;
    profile_set = profile;
    return JET_errSuccess;
}

/* Returns JET_errSuccess with profile + 10 * resets in *pcount. */
JET_ERR esehook_live_allocations(JET_API_PTR *pcount)
{
    *pcount = profile_set + 10u * resets;
    return JET_errSuccess;
}
