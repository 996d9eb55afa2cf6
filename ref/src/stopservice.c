/*
 * stopservice.c - JetStopService, JetStopServiceInstance, JetStopServiceInstance2.
 *
 * A full stop is never undone: afterwards every session call but JetEndSession, JetRollback and
 * JetResetSessionContext, and JetBeginSession, return ClientRequestToStopJetService.
 * JetStopServiceInstance2 can also stop background tasks or quiesce caches alone, and resume
 * those. It records what it stopped, JET_bitStopServiceAll included; Resume alone after that
 * is refused. Resume with partial bits after All: the docs say every resume after a full stop
 * fails; the engine resumes those bits and succeeds (esent profile). JetStopService and
 * JetStopServiceInstance record nothing, so a later Resume succeeds (and the instance stays
 * stopped).
 *
 * Bad handles: the engine validates a handle that is not 0 or nil first (InvalidInstance); the
 * docs call every bad handle an invalid parameter.
 */
#include "ref_internal.h"

#define STOP_PARTIAL_BITS (JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches)
#define STOPPED_ALL 0x00000001u          /* the engine's internal bit for a recorded full stop */

/* The instance a stop call names, locked. `docs_say_parameter`: the call's page calls every
 * bad handle an invalid parameter (JetStopServiceInstance); where the page is silent
 * (JetStopServiceInstance2), the documented profile takes the engine's validation too. */
static JET_ERR find_for_stop(JET_INSTANCE handle, int docs_say_parameter, ref_instance **out)
{
    return ref__instance_find(handle, ref__esent() || !docs_say_parameter, out);
}

static JET_ERR stop_instance(JET_INSTANCE handle)
{
    ref_instance *instance;
    JET_ERR err = find_for_stop(handle, 1, &instance);
    if (err != JET_errSuccess)
        return err;
    instance->stopped = 1;
    ref__instance_unlock(instance);
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetStopService(void)
{
    switch (atomic_load(&ref__global.mode)) {
    case REF_MODE_MULTI:
        return JET_errRunningInMultiInstanceMode; /* which instance would it be? */
    case REF_MODE_ONE:
        return stop_instance(0);
    default:
        return JET_errInvalidParameter;
    }
}

REF_EXPORT JET_ERR JetStopServiceInstance(JET_INSTANCE instance)
{
    return stop_instance(instance);
}

/* InvalidGrbit unless the bits are All (0), or partial bits with or without Resume. (The
 * engine's private StopAndEmitLog, 0x8, is not public: ESE_FACTS counts it as unknown.) */
static JET_ERR check_stop_bits(JET_GRBIT grbit)
{
    if (grbit & ~(JET_GRBIT)(STOP_PARTIAL_BITS | JET_bitStopServiceResume))
        return JET_errInvalidGrbit;
    return JET_errSuccess;
}

/* Applies valid stop bits to a locked instance. */
static JET_ERR apply_stop_bits(ref_instance *instance, JET_GRBIT grbit)
{
    if (grbit == JET_bitStopServiceAll) {
        instance->stopped = 1;
        instance->stopped_bits |= STOPPED_ALL | STOP_PARTIAL_BITS;
        return JET_errSuccess;
    }
    if (grbit & JET_bitStopServiceResume) {
        JET_GRBIT which = grbit & STOP_PARTIAL_BITS;
        /* A full stop cannot be resumed; the engine still resumes partial bits after it. */
        if ((which == 0 || !ref__esent()) && (instance->stopped_bits & STOPPED_ALL))
            return JET_errClientRequestToStopJetService;
        instance->stopped_bits &= which ? ~which : STOPPED_ALL;
        return JET_errSuccess;
    }
    instance->stopped_bits |= grbit & STOP_PARTIAL_BITS;
    return JET_errSuccess;
}

REF_EXPORT JET_ERR JetStopServiceInstance2(JET_INSTANCE handle, const JET_GRBIT grbit)
{
    ref_instance *instance;
    JET_ERR err = find_for_stop(handle, 0, &instance);
    if (err != JET_errSuccess)
        return err;
    err = check_stop_bits(grbit);
    if (err == JET_errSuccess)
        err = apply_stop_bits(instance, grbit);
    ref__instance_unlock(instance);
    return err;
}
