/* test_robustness.c - bad input never crashes ref: garbage, stale, 0 and nil handles in every
 * handle argument of every function, NULL out-pointers, unknown parameter ids, bad grbits,
 * out-of-range values, in each instance mode. Each gets a code: the clause's when a clause
 * covers the case, else an error (< 0). And a refused call changes nothing. */
#include <string.h>
#include "support.h"
#include "groups.h"

#define UNKNOWN_PARAM 999999u

enum { MODE_NONE, MODE_ONE, MODE_MULTI, MODE_COUNT };

/* Checks a clause where it applies; where it does not (the engine would crash), ref must
 * still return an error. */
#define CHECK_OR_ERROR(id, call)                   \
    do {                                           \
        JET_ERR err_ = (call);                     \
        if (!CHECK_CLAUSE((id), err_))             \
            assert_true(err_ < 0);                 \
    } while (0)

/* The process in one mode, with a live instance and session (none in no mode), and handles
 * that name nothing live: of an earlier library life (before esehook_reset), of a terminated
 * instance, ended, off by a bit, of the other kind. */
typedef struct {
    int mode;
    JET_INSTANCE live;
    JET_SESID session;
    JET_INSTANCE bad_instances[6];   /* none is 0 or nil */
    size_t n_bad_instances;
    JET_SESID bad_sessions[9];
    size_t n_bad_sessions;
    uint64_t blocks;                 /* live_blocks once built */
} world;

static world world_new(int mode)
{
    world w = {mode, 0, 0, {0}, 0, {0}, 0, 0};
    JET_INSTANCE pre = fixture_instance("pre", -1);
    JET_SESID pre_session = fixture_session(pre);
    reset_library();
    /* An instance of the same mode, terminated: its handle and its session's are stale. */
    JET_INSTANCE dead = 0;
    if (mode == MODE_ONE)
        EXPECT_OK(JetInit(&dead));
    else
        dead = fixture_instance("dead", -1);
    JET_SESID orphan = fixture_session(dead);
    if (mode == MODE_MULTI)
        w.live = fixture_instance("live", -1);
    EXPECT_OK(JetTerm(dead));
    if (mode == MODE_ONE)
        EXPECT_OK(JetInit(&w.live));
    JET_SESID ended = 0;
    if (mode != MODE_NONE) {
        w.session = fixture_session(w.live);
        ended = fixture_session(w.live);
        EXPECT_OK(JetEndSession(ended, 0));
    }
    const JET_INSTANCE bi[] = {GARBAGE_HANDLE, pre, dead, dead ^ (1ull << 40), w.live ^ (1ull << 41),
                               w.session ? w.session : orphan};
    for (size_t i = 0; i < sizeof bi / sizeof bi[0]; i++)
        if (bi[i] != w.live) /* a bit flip might name the live one */
            w.bad_instances[w.n_bad_instances++] = bi[i];
    const JET_SESID bs[] = {0, JET_sesidNil, GARBAGE_HANDLE, pre_session, orphan,
                            ended ? ended : orphan + 1, w.session + 1, w.live ? w.live : dead,
                            w.session ^ (1ull << 62)};
    for (size_t i = 0; i < sizeof bs / sizeof bs[0]; i++)
        if (w.session == 0 || bs[i] != w.session)
            w.bad_sessions[w.n_bad_sessions++] = bs[i];
    w.blocks = live_blocks();
    return w;
}

/* Nothing changed: same blocks; the live session still works; the instance is not stopped. */
static void world_unchanged(const world *w)
{
    assert_int_equal(live_blocks(), w->blocks);
    if (w->mode == MODE_NONE) {
        CHECK_CLAUSE("JetStopService.NoInstance", JetStopService());
        return;
    }
    assert_int_equal(open_sessions(w->live), 1);
    EXPECT_OK(JetBeginTransaction(w->session));
    EXPECT_OK(JetRollback(w->session, 0));
    JET_SESID other;
    EXPECT_OK(JetBeginSession(w->live, &other, NULL, NULL));
    EXPECT_OK(JetEndSession(other, 0));
}

/* The parameter calls with a bad session handle. 0 and nil mean "no session" (read only
 * here, so nothing changes); in one-instance mode the docs refuse a bad session, the engine
 * ignores it for an instance-wide parameter and dies on it for a per-session one; with no
 * mode no clause names the code, so only an error is required. */
static void check_bad_session_sysparam(int mode, JET_SESID s)
{
    int zero = s == 0 || s == JET_sesidNil;
    JET_API_PTR value = 42;
    JET_ERR err = JetGetSystemParameter(0, s, JET_paramMaxSessions, &value, NULL, 0);
    if (mode == MODE_ONE && !zero) {
        CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeBadSesid", err);
        assert_int_equal(value, err == JET_errSuccess ? 16 : 42);
        CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeBadSesid",
                     JetSetSystemParameter(NULL, s, JET_paramEnableOnlineDefrag, 0xFFFF, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeBadSesidPerSession",
                     JetSetSystemParameter(NULL, s, JET_paramCommitDefault, 0, NULL));
        value = 42;
        CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeBadSesidPerSession",
                     JetGetSystemParameter(0, s, JET_paramCommitDefault, &value, NULL, 0));
        return;
    }
    if (mode == MODE_ONE) {
        CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeIgnoresInstance", err);
        assert_int_equal(value, 16);
        return;
    }
    if (zero) {
        if (s == JET_sesidNil)
            CHECK_CLAUSE("JetGetSystemParameter.NilSesidMeansNone", err);
        else
            EXPECT_OK(err);
        assert_int_equal(value, 16);
        return;
    }
    JET_ERR set = JetSetSystemParameter(NULL, s, JET_paramCommitDefault, 1, NULL);
    if (mode == MODE_MULTI) {
        CHECK_CLAUSE("JetSetSystemParameter.InvalidSesid", set);
        CHECK_CLAUSE("JetGetSystemParameter.InvalidSesid", err);
    } else {
        assert_true(set < 0);
        assert_true(err < 0);
    }
    assert_int_equal(value, 42);
}

/* Every session call with every bad session handle. */
static void test_robustness_bad_session_handles(void **state)
{
    (void)state;
    for (int mode = 0; mode < MODE_COUNT; mode++) {
        reset_library();
        world w = world_new(mode);
        for (size_t i = 0; i < w.n_bad_sessions; i++) {
            JET_SESID s = w.bad_sessions[i], out = 42;
            CHECK_CLAUSE("JetDupSession.InvalidSesid", JetDupSession(s, &out));
            CHECK_CLAUSE("JetDupSession.Order.InvalidSesidFirst", JetDupSession(s, NULL));
            assert_int_equal(out, 42);
            CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(s, 0));
            CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(s, 0xFFFFFFFFu));
            CHECK_CLAUSE("JetBeginTransaction.InvalidSesid", JetBeginTransaction(s));
            CHECK_CLAUSE("JetBeginTransaction2.InvalidSesid", JetBeginTransaction2(s, 0xFFFFFFFFu));
            CHECK_CLAUSE("JetCommitTransaction.InvalidSesid", JetCommitTransaction(s, 0));
            CHECK_CLAUSE("JetRollback.InvalidSesid", JetRollback(s, JET_bitRollbackAll));
            CHECK_CLAUSE("JetSetSessionContext.InvalidSesid", JetSetSessionContext(s, 0x1234));
            CHECK_CLAUSE("JetResetSessionContext.InvalidSesid", JetResetSessionContext(s));
            check_bad_session_sysparam(mode, s);
        }
        world_unchanged(&w);
    }
}

/* The parameter calls with a bad instance handle (not 0 or nil): refused in multi-instance
 * mode, ignored in one-instance mode (a set writes the value in force), an error with no mode
 * (no clause names the code). JetBeginSession: an error in every mode. */
static void check_bad_instance_any_mode(int mode, JET_INSTANCE bad)
{
    JET_INSTANCE handle = bad;
    JET_API_PTR value = 42;
    JET_ERR get = JetGetSystemParameter(bad, 0, JET_paramMaxSessions, &value, NULL, 0);
    if (mode == MODE_ONE) {
        CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeIgnoresInstance", get);
        assert_int_equal(value, 16);
        CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeIgnoresInstance",
                     JetSetSystemParameter(&handle, 0, JET_paramEnableOnlineDefrag, 0xFFFF, NULL));
    } else {
        JET_ERR set = JetSetSystemParameter(&handle, 0, JET_paramMaxSessions, 3, NULL);
        if (mode == MODE_MULTI) {
            CHECK_CLAUSE("JetSetSystemParameter.InvalidInstance", set);
            CHECK_CLAUSE("JetGetSystemParameter.InvalidInstance", get);
        } else {
            assert_true(set < 0);
            assert_true(get < 0);
        }
        assert_int_equal(value, 42);
    }
    assert_int_equal(handle, bad);
    JET_SESID out = 42;
    assert_true(JetBeginSession(bad, &out, NULL, NULL) < 0);
    assert_true(JetBeginSession(bad, NULL, NULL, NULL) < 0);
    assert_int_equal(out, 42);
}

/* Instance calls with 0, nil and handles that name no instance, in multi-instance mode. 0 and
 * nil make a new instance in JetInit: that is no bad handle (test_instance.c covers it). */
static void check_bad_instance_multi(JET_INSTANCE bad)
{
    int zero = bad == 0 || bad == JET_instanceNil;
    JET_SESID out = 42;
    CHECK_CLAUSE(zero ? "JetBeginSession.InvalidParameter" : "JetBeginSession.InvalidInstance",
                 JetBeginSession(bad, &out, NULL, NULL));
    if (!zero) {
        CHECK_CLAUSE("JetBeginSession.Order.HandleFirst", JetBeginSession(bad, NULL, NULL, NULL));
        JET_INSTANCE handle = bad;
        CHECK_CLAUSE("JetInit.InvalidParameter", JetInit(&handle));
        assert_int_equal(handle, bad);
        CHECK_CLAUSE("JetInit2.InvalidParameter", JetInit2(&handle, 0xFFFFFFFFu));
        assert_int_equal(handle, bad);
    }
    CHECK_CLAUSE(zero ? "JetTerm.InvalidParameter" : "JetTerm.InvalidInstance", JetTerm(bad));
    const char *term2 = zero ? "JetTerm2.InvalidParameter" : "JetTerm2.InvalidInstance";
    CHECK_CLAUSE(term2, JetTerm2(bad, JET_bitTermComplete));
    CHECK_CLAUSE(term2, JetTerm2(bad, 0xFFFFFFFFu));
    CHECK_CLAUSE(zero ? "JetStopServiceInstance.InvalidParameter"
                      : "JetStopServiceInstance.InvalidInstance",
                 JetStopServiceInstance(bad));
    CHECK_CLAUSE(zero ? "JetStopServiceInstance2.InvalidParameter"
                      : "JetStopServiceInstance2.InvalidInstance",
                 JetStopServiceInstance2(bad, 0));
    CHECK_CLAUSE("JetStopServiceInstance2.Order.HandleBeforeGrbit",
                 JetStopServiceInstance2(bad, 0xFFFFFFFFu));
}

/* With no instance left (the world's dead instance was the last): 0 and nil name nothing to
 * terminate; no clause names the code for the other handles, or for the stop calls: only an
 * error. */
static void check_bad_instance_none(JET_INSTANCE bad)
{
    int zero = bad == 0 || bad == JET_instanceNil;
    JET_SESID out = 42;
    if (zero) {
        CHECK_CLAUSE("JetBeginSession.NoInstance", JetBeginSession(bad, &out, NULL, NULL));
        CHECK_CLAUSE("JetTerm.NoInstanceLeft", JetTerm(bad));
        CHECK_CLAUSE("JetTerm2.NoInstanceLeft", JetTerm2(bad, 0xFFFFFFFFu));
    } else {
        assert_true(JetTerm(bad) < 0);
        assert_true(JetTerm2(bad, 0xFFFFFFFFu) < 0);
    }
    assert_true(JetStopServiceInstance(bad) < 0);
    assert_true(JetStopServiceInstance2(bad, 0) < 0);
    CHECK_CLAUSE("JetStopServiceInstance2.Order.HandleBeforeGrbit", JetStopServiceInstance2(bad, 1));
    assert_int_equal(out, 42);
}

/* In one-instance mode a handle names the one instance whatever it is: only the calls that
 * would not act on it can be tried. */
static void check_bad_instance_one(JET_INSTANCE bad)
{
    JET_INSTANCE handle = bad;
    CHECK_CLAUSE("JetInit.AlreadyInitializedOneInstanceMode", JetInit(&handle));
    handle = bad;
    CHECK_CLAUSE("JetInit2.AlreadyInitializedOneInstanceMode", JetInit2(&handle, 0xFFFFFFFFu));
    JET_INSTANCE created = 42;
    CHECK_CLAUSE("JetCreateInstance.RunningInOneInstanceMode", JetCreateInstance(&created, "x"));
}

static void test_robustness_bad_instance_handles(void **state)
{
    (void)state;
    for (int mode = 0; mode < MODE_COUNT; mode++) {
        reset_library();
        world w = world_new(mode);
        for (size_t i = 0; i < w.n_bad_instances + 2; i++) {
            JET_INSTANCE bad = i < w.n_bad_instances ? w.bad_instances[i]
                                                     : (i == w.n_bad_instances ? 0 : JET_instanceNil);
            int zero = bad == 0 || bad == JET_instanceNil;
            if (!zero)
                check_bad_instance_any_mode(mode, bad);
            if (mode == MODE_MULTI)
                check_bad_instance_multi(bad);
            else if (mode == MODE_NONE)
                check_bad_instance_none(bad);
            else
                check_bad_instance_one(bad);
        }
        world_unchanged(&w);
    }
}

/* NULL where a call writes its result. */
static void test_robustness_null_out_pointers(void **state)
{
    (void)state;
    for (int mode = 0; mode < MODE_COUNT; mode++) {
        reset_library();
        world w = world_new(mode);
        CHECK_CLAUSE("JetCreateInstance.NullOutPointer", JetCreateInstance(NULL, "x"));
        CHECK_CLAUSE("JetCreateInstance2.NullOutPointer", JetCreateInstance2(NULL, NULL, NULL, 0));
        CHECK_CLAUSE("JetCreateInstance.NullOutPointer", JetCreateInstanceA(NULL, "y"));
        CHECK_CLAUSE("JetCreateInstance2.NullOutPointer", JetCreateInstance2A(NULL, "y", "z", 0));
        CHECK_CLAUSE("JetGetSystemParameter.NullIntegerBuffer",
                     JetGetSystemParameter(w.live, 0, JET_paramMaxSessions, NULL, NULL, 0));
        CHECK_CLAUSE("JetGetSystemParameter.NullStringBuffer",
                     JetGetSystemParameter(w.live, 0, JET_paramBaseName, NULL, NULL, 64));
        if (mode != MODE_NONE) {
            CHECK_OR_ERROR("JetBeginSession.NullOutPointer",
                           JetBeginSession(w.live, NULL, NULL, NULL));
            CHECK_OR_ERROR("JetDupSession.NullOutPointer", JetDupSession(w.session, NULL));
        }
        world_unchanged(&w);
        /* The count of JetEnableMultiInstance is optional. */
        JET_SETSYSPARAM_A entry = {JET_paramMaxSessions, 16, NULL, 0};
        JET_ERR err = JetEnableMultiInstance(&entry, 1, NULL);
        if (mode == MODE_NONE)
            assert_int_equal(err, JET_errSuccess);
        else
            assert_true(err < 0);
        assert_int_equal(live_blocks(), w.blocks);
    }
}

/* Unknown parameter ids, to every call that takes one, on every target. */
static void test_robustness_unknown_parameter_ids(void **state)
{
    (void)state;
    static const uint32_t unknown[] = {UNKNOWN_PARAM, 0x7FFFFFFFu, 0xFFFFFFFFu};
    for (int mode = 0; mode < MODE_COUNT; mode++) {
        reset_library();
        world w = world_new(mode);
        for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
            JET_INSTANCE handle = w.live;
            CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                         JetSetSystemParameter(&handle, 0, unknown[i], 1, "x"));
            CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                         JetSetSystemParameter(NULL, w.session, unknown[i], 0, NULL));
            JET_API_PTR value = 42;
            char buffer[4] = "zz";
            CHECK_CLAUSE("JetGetSystemParameter.UnknownParameter",
                         JetGetSystemParameter(w.live, w.session, unknown[i], &value, buffer, 4));
            CHECK_CLAUSE("JetGetSystemParameter.UnknownParameter",
                         JetGetSystemParameter(w.live, 0, unknown[i], NULL, NULL, 0));
            assert_int_equal(value, 42);
            assert_string_equal(buffer, "zz");
            JET_SETSYSPARAM_A entry = {unknown[i], 1, "x", 0};
            uint32_t set = 99;
            JET_ERR err = JetEnableMultiInstance(&entry, 1, &set);
            if (mode == MODE_NONE)
                CHECK_CLAUSE("JetEnableMultiInstance.BadParameter", err);
            else
                assert_true(err < 0);
        }
        world_unchanged(&w);
    }
}

/* Values out of range, strings too long or missing, contexts that are not contexts. */
static void test_robustness_bad_values(void **state)
{
    (void)state;
    static char huge[100000];
    memset(huge, 'p', sizeof huge - 1);
    static const uint32_t strings[] = {JET_paramSystemPath, JET_paramTempPath,
                                       JET_paramLogFilePath, JET_paramBaseName,
                                       JET_paramEventSource, JET_paramRecovery};
    for (int mode = 0; mode < MODE_COUNT; mode++) {
        reset_library();
        world w = world_new(mode);
        JET_INSTANCE created = mode == MODE_MULTI ? fixture_created("created") : 0;
        w.blocks = live_blocks();
        for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
            assert_true(JetSetSystemParameter(&created, 0, strings[i], 0, huge) < 0);
            assert_true(JetSetSystemParameter(&created, 0, strings[i], 0, NULL) < 0);
            assert_true(JetSetSystemParameter(NULL, 0, strings[i], (JET_API_PTR)-1, NULL) < 0);
            char buffer[512];
            EXPECT_OK(JetGetSystemParameter(created, 0, strings[i], NULL, buffer, sizeof buffer));
            assert_true(strlen(buffer) < 300); /* the long string went nowhere */
        }
        if (mode != MODE_ONE) { /* there, the target is the one instance, initialized */
            CHECK_CLAUSE("JetSetSystemParameter.StringLength",
                         JetSetSystemParameter(&created, 0, JET_paramBaseName, 0, huge));
            CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                         JetSetSystemParameter(&created, 0, JET_paramMaxSessions,
                                               (JET_API_PTR)-1, NULL));
        }
        JET_SETSYSPARAM_A entry = {JET_paramBaseName, 0, NULL, 0};
        assert_true(JetEnableMultiInstance(&entry, 1, NULL) < 0);
        entry.sz = huge;
        assert_true(JetEnableMultiInstance(&entry, 1, NULL) < 0);
        if (mode != MODE_NONE) {
            CHECK_CLAUSE("JetSetSessionContext.InvalidParameter", JetSetSessionContext(w.session, 0));
            CHECK_CLAUSE("JetSetSessionContext.InvalidParameterAllOnes",
                         JetSetSessionContext(w.session, (JET_API_PTR)-1));
        }
        JET_INSTANCE out = 0;
        JET_ERR err = JetCreateInstance(&out, huge); /* any name is a name: no limit is known */
        if (err == JET_errSuccess)
            EXPECT_OK(JetTerm(out));
        else
            assert_true(err < 0);
        if (created)
            EXPECT_OK(JetTerm(created));
        w.blocks = live_blocks();
        world_unchanged(&w);
    }
}

/* Bits a call does not know: refused where a clause says so; elsewhere any code, no crash. */
static void test_robustness_bad_grbits(void **state)
{
    (void)state;
    static const JET_GRBIT bad[] = {0x40000000u, 0x7FFFFFF0u, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reset_library();
        world w = world_new(MODE_MULTI);
        CHECK_CLAUSE("JetStopServiceInstance2.InvalidGrbit", JetStopServiceInstance2(w.live, bad[i]));
        CHECK_CLAUSE("JetCommitTransaction.InvalidGrbit", JetCommitTransaction(w.session, bad[i]));
        CHECK_CLAUSE("JetCommitTransaction.Order.GrbitBeforeNotInTransaction",
                     JetCommitTransaction(w.session, bad[i]));
        CHECK_CLAUSE("JetRollback.InvalidGrbit", JetRollback(w.session, bad[i]));
        world_unchanged(&w);
        JET_ERR err = JetBeginTransaction2(w.session, bad[i]);
        CHECK_CLAUSE("JetBeginTransaction2.UnknownBitsIgnored", err);
        EXPECT_OK(JetRollback(w.session, 0));
        JET_INSTANCE created = 0;
        err = JetCreateInstance2(&created, "created", "display", bad[i]);
        CHECK_CLAUSE("JetCreateInstance2.DisplayNameAndGrbitIgnored", err);
        err = JetInit2(&created, bad[i]); /* unknown recovery bits: any code */
        assert_true(err <= 0);
        EXPECT_OK(JetTerm(created));
        CHECK_CLAUSE("JetEndSession.GrbitIgnored", JetEndSession(w.session, bad[i]));
        CHECK_CLAUSE("JetTerm2.UnknownBitsIgnored", JetTerm2(w.live, bad[i] & ~JET_bitTermDirty));
        assert_int_equal(live_blocks(), 0);
    }
}

/* The hooks refuse what they cannot act on, as <esehook.h> says. */
static void test_robustness_hooks(void **state)
{
    (void)state;
    world w = world_new(MODE_MULTI);
    for (size_t i = 0; i < w.n_bad_instances; i++) {
        uint32_t count = 42;
        EXPECT_CODE(JET_errInvalidInstance,
                    esehook_set_instance_state(w.bad_instances[i], ESEHOOK_STATE_UNAVAILABLE));
        EXPECT_CODE(JET_errInvalidInstance, esehook_open_sessions(w.bad_instances[i], &count));
        assert_int_equal(count, 42);
    }
    for (size_t i = 0; i < w.n_bad_sessions; i++)
        EXPECT_CODE(JET_errInvalidSesid, esehook_set_session_busy(w.bad_sessions[i], 1));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_instance_state(w.live, 1000));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_instance_state(w.live, UINT32_MAX));
    EXPECT_CODE(JET_errInvalidParameter, esehook_open_sessions(w.live, NULL));
    EXPECT_CODE(JET_errInvalidParameter, esehook_live_allocations(NULL));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_profile(2));
    EXPECT_CODE(JET_errInvalidParameter, esehook_set_profile(UINT32_MAX));
    /* The refused profiles left the profile as it was: a case the two profiles answer
     * differently still gets its profile's answer. */
    JET_INSTANCE probe = fixture_instance("probe", -1);
    EXPECT_OK(JetStopServiceInstance(probe));
    CHECK_CLAUSE("JetSetSystemParameter.ClientRequestToStopJetService",
                 JetSetSystemParameter(&probe, 0, JET_paramCommitDefault, 1, NULL));
    EXPECT_OK(JetTerm(probe));
    world_unchanged(&w);
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_robustness_bad_session_handles),
    REF_TEST(test_robustness_bad_instance_handles),
    REF_TEST(test_robustness_null_out_pointers),
    REF_TEST(test_robustness_unknown_parameter_ids),
    REF_TEST(test_robustness_bad_values),
    REF_TEST(test_robustness_bad_grbits),
    REF_TEST(test_robustness_hooks),
};
REF_GROUP_TABLE(robustness, tests)
