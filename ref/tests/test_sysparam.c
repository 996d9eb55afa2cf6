/* test_sysparam.c - every clause of JetSetSystemParameter and JetGetSystemParameter, called
 * directly on ref: targets (global, instance, session), timing, ranges, strings, states. */
#include <stdio.h>
#include <string.h>
#include "support.h"
#include "groups.h"

#define UNKNOWN_PARAM 999999u

/* A numeric parameter's value on an instance (0: the global value). */
static JET_API_PTR get_num(JET_INSTANCE instance, uint32_t paramid)
{
    JET_API_PTR value = 0;
    EXPECT_OK(JetGetSystemParameter(instance, 0, paramid, &value, NULL, 0));
    return value;
}

static void expect_num(JET_INSTANCE instance, uint32_t paramid, JET_API_PTR expected)
{
    assert_int_equal(get_num(instance, paramid), expected);
}

static void expect_str(JET_INSTANCE instance, uint32_t paramid, const char *expected)
{
    char value[300];
    EXPECT_OK(JetGetSystemParameter(instance, 0, paramid, NULL, value, sizeof value));
    assert_string_equal(value, expected);
}

/* --- JetSetSystemParameter: what is accepted -------------------------------------------------- */

static void test_set_system_parameter_success(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    CHECK_CLAUSE("JetSetSystemParameter.Success",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 5, NULL));
    expect_num(a, JET_paramMaxSessions, 5);
    CHECK_CLAUSE("JetSetSystemParameter.Success",
                 JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, "abc"));
    expect_str(a, JET_paramBaseName, "abc");
    CHECK_CLAUSE("JetSetSystemParameter.Success",
                 JetSetSystemParameter(&a, 0, JET_paramCircularLog, 1, NULL));
    expect_num(a, JET_paramCircularLog, 1);
    EXPECT_OK(JetInit(&a));
    JET_SESID sesid = fixture_session(a);
    /* An instance parameter that may change at any time, through the session. */
    CHECK_CLAUSE("JetSetSystemParameter.Success",
                 JetSetSystemParameter(NULL, sesid, JET_paramEnableOnlineDefrag, 2, NULL));
    expect_num(a, JET_paramEnableOnlineDefrag, 2);
    expect_num(0, JET_paramEnableOnlineDefrag, 0xFFFF);
}

/* JET_paramCommitDefault lives on each session too: a session starts with its instance's
 * value (a duplicate too, not its source's), and a set or get through a live session acts on
 * that session only. In both modes. */
static void test_system_parameter_commit_default_per_session(void **state)
{
    (void)state;
    for (int one_mode = 0; one_mode <= 1; one_mode++) {
        reset_library();
        JET_INSTANCE a = fixture_any_mode(one_mode);
        JET_SESID s1 = fixture_session(a), s2 = fixture_session(a);
        CHECK_CLAUSE("JetSetSystemParameter.CommitDefaultPerSession",
                     JetSetSystemParameter(NULL, s1, JET_paramCommitDefault, JET_bitCommitLazyFlush,
                                           NULL));
        JET_API_PTR value = 42;
        CHECK_CLAUSE("JetGetSystemParameter.CommitDefaultPerSession",
                     JetGetSystemParameter(0, s1, JET_paramCommitDefault, &value, NULL, 0));
        assert_int_equal(value, JET_bitCommitLazyFlush);
        CHECK_CLAUSE("JetGetSystemParameter.CommitDefaultPerSession",
                     JetGetSystemParameter(a, s2, JET_paramCommitDefault, &value, NULL, 0));
        assert_int_equal(value, 0);
        expect_num(a, JET_paramCommitDefault, 0); /* the instance's value is unchanged */
        /* The instance's value reaches sessions begun later, not those already there. */
        EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramCommitDefault, JET_bitWaitLastLevel0Commit,
                                        NULL));
        JET_SESID s3 = fixture_session(a), dup = 0;
        EXPECT_OK(JetDupSession(s1, &dup));
        const struct { JET_SESID sesid; JET_API_PTR expected; } reads[] = {
            {s1, JET_bitCommitLazyFlush}, {s2, 0}, {s3, JET_bitWaitLastLevel0Commit},
            {dup, JET_bitWaitLastLevel0Commit}};
        for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
            CHECK_CLAUSE("JetGetSystemParameter.CommitDefaultPerSession",
                         JetGetSystemParameter(0, reads[i].sesid, JET_paramCommitDefault, &value,
                                               NULL, 0));
            assert_int_equal(value, reads[i].expected);
        }
        EXPECT_OK(JetTerm(a));
    }
}

/* JET_paramCommitDefault takes only commit options: a value with another bit is refused,
 * through the instance, a session or globally, and nothing changes. */
static void test_set_system_parameter_commit_default_invalid_bits(void **state)
{
    (void)state;
    static const JET_API_PTR bad[] = {4, 4 | JET_bitCommitLazyFlush, 0x40, 0x80000000u};
    session_fixture f = fixture_with_session("a", -1);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_CLAUSE("JetSetSystemParameter.CommitDefaultInvalidBits",
                     JetSetSystemParameter(&f.instance, 0, JET_paramCommitDefault, bad[i], NULL));
        CHECK_CLAUSE("JetSetSystemParameter.CommitDefaultInvalidBits",
                     JetSetSystemParameter(NULL, f.sesid, JET_paramCommitDefault, bad[i], NULL));
        CHECK_CLAUSE("JetSetSystemParameter.CommitDefaultInvalidBits",
                     JetSetSystemParameter(NULL, 0, JET_paramCommitDefault, bad[i], NULL));
    }
    expect_num(f.instance, JET_paramCommitDefault, 0);
    expect_num(0, JET_paramCommitDefault, 0);
    JET_API_PTR value = 42;
    EXPECT_OK(JetGetSystemParameter(0, f.sesid, JET_paramCommitDefault, &value, NULL, 0));
    assert_int_equal(value, 0);
}

/* JET_paramEnableIndexChecking: the docs fix it at JetInit, the engine takes it at any time.
 * Set to 0 globally first, which both accept (the docs' default is 0, the engine's 1), then to
 * 1 on the initialized instance, directly and through a session. */
static void test_set_system_parameter_enable_index_checking_after_init(void **state)
{
    (void)state;
    /* The defaults differ too (params.def): the docs' False, the engine's 1. */
    expect_num(0, JET_paramEnableIndexChecking, support_esent() ? 1 : 0);
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramEnableIndexChecking, 0, NULL));
    session_fixture f = fixture_with_session("a", -1);
    expect_num(f.instance, JET_paramEnableIndexChecking, 0);
    JET_ERR err = JetSetSystemParameter(&f.instance, 0, JET_paramEnableIndexChecking, 1, NULL);
    CHECK_CLAUSE("JetSetSystemParameter.EnableIndexCheckingAfterInit", err);
    expect_num(f.instance, JET_paramEnableIndexChecking, err == JET_errSuccess ? 1 : 0);
    CHECK_CLAUSE("JetSetSystemParameter.EnableIndexCheckingAfterInit",
                 JetSetSystemParameter(NULL, f.sesid, JET_paramEnableIndexChecking,
                                       err == JET_errSuccess ? 2 : 1, NULL));
}

/* MaxSessions 0, 1 and 30000 are accepted and hold exactly; 30001 is refused. */
static void test_set_system_parameter_max_sessions_bounds(void **state)
{
    (void)state;
    static const uint32_t limits[] = {0, 1, 30000};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        JET_INSTANCE a = fixture_created("a");
        CHECK_CLAUSE("JetSetSystemParameter.Success",
                     JetSetSystemParameter(&a, 0, JET_paramMaxSessions, limits[k], NULL));
        CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                     JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 30001, NULL));
        expect_num(a, JET_paramMaxSessions, limits[k]);
        EXPECT_OK(JetInit(&a));
        for (uint32_t i = 0; i < limits[k]; i++)
            fixture_session(a);
        JET_SESID out = 0;
        CHECK_CLAUSE("JetBeginSession.OutOfSessions", JetBeginSession(a, &out, NULL, NULL));
        assert_true(open_sessions(a) >= limits[k]);
        EXPECT_OK(JetTerm(a));
        assert_int_equal(live_blocks(), 0);
    }
}

/* Without an instance a parameter sets the default that instances created later copy. */
static void test_set_system_parameter_global_default(void **state)
{
    (void)state;
    JET_INSTANCE none = 0;
    CHECK_CLAUSE("JetSetSystemParameter.GlobalDefault",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 7, NULL));
    expect_num(0, JET_paramMaxSessions, 7);
    JET_INSTANCE early = fixture_created("early");
    expect_num(early, JET_paramMaxSessions, 7);
    CHECK_CLAUSE("JetSetSystemParameter.GlobalDefault",
                 JetSetSystemParameter(&none, 0, JET_paramMaxSessions, 9, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.GlobalDefault",
                 JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, "xyz"));
    JET_INSTANCE late = fixture_created("late");
    expect_num(late, JET_paramMaxSessions, 9);
    expect_str(late, JET_paramBaseName, "xyz");
    expect_num(early, JET_paramMaxSessions, 7); /* copied when it was created */
    expect_str(early, JET_paramBaseName, "edb");
    EXPECT_OK(JetInit(&late));
    for (int i = 0; i < 9; i++)
        fixture_session(late);
    JET_SESID out;
    CHECK_CLAUSE("JetBeginSession.OutOfSessions", JetBeginSession(late, &out, NULL, NULL));
}

/* What a real program sets before JetInit: paths, recovery off, no temporary tables, a log
 * size; globally and on an instance. */
static void test_set_system_parameter_real_setup(void **state)
{
    (void)state;
    static const struct {
        uint32_t id;
        JET_API_PTR num;
        const char *str;
    } setup[] = {
        {JET_paramSystemPath, 0, "/tmp/esecheck/"},
        {JET_paramLogFilePath, 0, "/tmp/esecheck/logs/"},
        {JET_paramTempPath, 0, "/tmp/esecheck/tmp.edb"},
        {JET_paramBaseName, 0, "esc"},
        {JET_paramEventSource, 0, "esecheck"},
        {JET_paramRecovery, 0, "off"},
        {JET_paramMaxTemporaryTables, 0, NULL},
        {JET_paramLogFileSize, 1024, NULL},
        {JET_paramCircularLog, 1, NULL},
        {JET_paramNoInformationEvent, 1, NULL},
        {JET_paramCreatePathIfNotExist, 1, NULL},
        {JET_paramMaxSessions, 64, NULL},
    };
    JET_INSTANCE a = fixture_created("a");
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        CHECK_CLAUSE("JetSetSystemParameter.RealSetup",
                     JetSetSystemParameter(NULL, 0, setup[i].id, setup[i].num, setup[i].str));
        CHECK_CLAUSE("JetSetSystemParameter.RealSetup",
                     JetSetSystemParameter(&a, 0, setup[i].id, setup[i].num, setup[i].str));
    }
    for (size_t i = 0; i < sizeof setup / sizeof setup[0]; i++) {
        if (setup[i].str)
            expect_str(a, setup[i].id, setup[i].str);
        else
            expect_num(a, setup[i].id, setup[i].num);
    }
    EXPECT_OK(JetInit(&a));
    fixture_session(a);
}

/* --- JetSetSystemParameter: what is refused, and changes nothing ------------------------------ */

static void test_set_system_parameter_unknown_parameter(void **state)
{
    (void)state;
    static const uint32_t unknown[] = {UNKNOWN_PARAM, 0x7FFFFFFFu, 0xFFFFFFFFu};
    JET_INSTANCE created = fixture_created("created");
    JET_INSTANCE running = fixture_instance("running", -1);
    JET_SESID sesid = fixture_session(running);
    uint64_t before = live_blocks();
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                     JetSetSystemParameter(NULL, 0, unknown[i], 1, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                     JetSetSystemParameter(&created, 0, unknown[i], 1, "x"));
        CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                     JetSetSystemParameter(NULL, sesid, unknown[i], 0, NULL));
    }
    assert_int_equal(live_blocks(), before);
    reset_library(); /* one-instance mode: the one instance is the target */
    EXPECT_OK(JetInit(NULL));
    CHECK_CLAUSE("JetSetSystemParameter.UnknownParameter",
                 JetSetSystemParameter(NULL, 0, UNKNOWN_PARAM, 1, NULL));
}

static void test_set_system_parameter_out_of_range(void **state)
{
    (void)state;
    static const struct {
        uint32_t id;
        JET_API_PTR value;
    } bad[] = {
        {JET_paramMaxSessions, 30001},
        {JET_paramMaxSessions, (JET_API_PTR)-1}, /* a negative value */
        {JET_paramMaxSessions, 1ull << 32},
        {JET_paramMaxInstances, 0},
        {JET_paramMaxInstances, 10241},
    };
    JET_INSTANCE none = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_API_PTR old = get_num(0, bad[i].id);
        CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                     JetSetSystemParameter(NULL, 0, bad[i].id, bad[i].value, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                     JetSetSystemParameter(&none, 0, bad[i].id, bad[i].value, NULL));
        expect_num(0, bad[i].id, old);
    }
    JET_INSTANCE a = fixture_created("a");
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 3, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 30001, NULL));
    expect_num(a, JET_paramMaxSessions, 3);
    expect_num(0, JET_paramMaxSessions, 16);
}

static void test_set_system_parameter_string_length(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "e", "ed", "edbx", "edbxxxxxxx"};
    JET_INSTANCE a = fixture_created("a");
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, "abc"));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_CLAUSE("JetSetSystemParameter.StringLength",
                     JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, bad[i]));
        CHECK_CLAUSE("JetSetSystemParameter.StringLength",
                     JetSetSystemParameter(NULL, 0, JET_paramBaseName, 0, bad[i]));
    }
    expect_str(a, JET_paramBaseName, "abc");
    expect_str(0, JET_paramBaseName, "edb");
}

/* After the instance's JetInit: a different value is refused (before its range is looked at),
 * the same value is accepted. */
static void test_set_system_parameter_already_initialized(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", 5);
    JET_SESID sesid = fixture_session(a);
    CHECK_CLAUSE("JetSetSystemParameter.AlreadyInitialized",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 20, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.AlreadyInitialized",
                 JetSetSystemParameter(NULL, sesid, JET_paramMaxSessions, 4, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.Order.AlreadyInitializedBeforeRange",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 30001, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.Order.AlreadyInitializedBeforeRange",
                 JetSetSystemParameter(NULL, sesid, JET_paramMaxSessions, (JET_API_PTR)-1, NULL));
    expect_num(a, JET_paramMaxSessions, 5);
    CHECK_CLAUSE("JetSetSystemParameter.SameValueAfterInit",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 5, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.SameValueAfterInit",
                 JetSetSystemParameter(NULL, sesid, JET_paramMaxSessions, 5, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.SameValueAfterInit",
                 JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, "edb"));
    /* The global default can still change; the instance keeps its value. */
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 20, NULL));
    expect_num(a, JET_paramMaxSessions, 5);

    reset_library(); /* one-instance mode: every handle names the one, initialized, instance */
    EXPECT_OK(JetInit(NULL));
    CHECK_CLAUSE("JetSetSystemParameter.AlreadyInitialized",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 20, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.SameValueAfterInit",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 16, NULL));
    expect_num(0, JET_paramMaxSessions, 16);
}

/* JET_paramMaxInstances is fixed once an instance exists, in either mode. */
static void test_set_system_parameter_max_instances_after_start(void **state)
{
    (void)state;
    for (int one_mode = 0; one_mode <= 1; one_mode++) {
        reset_library();
        EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 4, NULL));
        if (one_mode)
            EXPECT_OK(JetInit(NULL));
        else
            fixture_created("a");
        CHECK_CLAUSE("JetSetSystemParameter.MaxInstancesAfterStart",
                     JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 8, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.MaxInstancesAfterStart",
                     JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 1, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.SameValueAfterInit",
                     JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 4, NULL));
        expect_num(0, JET_paramMaxInstances, 4);
    }
    /* The limit in force is the one set before: a fifth instance is refused. */
    reset_library();
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 4, NULL));
    JET_INSTANCE out;
    const char *names[] = {"a", "b", "c", "d"};
    for (size_t i = 0; i < 4; i++)
        fixture_created(names[i]);
    CHECK_CLAUSE("JetSetSystemParameter.MaxInstancesAfterStart",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 5, NULL));
    CHECK_CLAUSE("JetCreateInstance.TooManyInstances", JetCreateInstance(&out, "e"));
}

/* 1025: above the docs' 1024, within the engine's 10240. */
static void test_set_system_parameter_max_instances_upper_bound(void **state)
{
    (void)state;
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 1024, NULL));
    JET_ERR err = JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 1025, NULL);
    CHECK_CLAUSE("JetSetSystemParameter.MaxInstancesUpperBound", err);
    expect_num(0, JET_paramMaxInstances, err == JET_errSuccess ? 1025 : 1024);
    CHECK_CLAUSE("JetSetSystemParameter.OutOfRange",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 10241, NULL));
    expect_num(0, JET_paramMaxInstances, err == JET_errSuccess ? 1025 : 1024);
}

/* While JET_paramEnableAdvanced is 0, advanced parameters are ignored, even out of range. */
static void test_set_system_parameter_advanced_ignored(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramEnableAdvanced, 0, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.AdvancedIgnored",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 5, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.AdvancedIgnored",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 30001, NULL));
    expect_num(a, JET_paramMaxSessions, 16);
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramBaseName, 0, "abc")); /* not advanced */
    expect_str(a, JET_paramBaseName, "abc");
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramEnableAdvanced, 1, NULL));
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 5, NULL));
    expect_num(a, JET_paramMaxSessions, 5);

    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramEnableAdvanced, 0, NULL));
    CHECK_CLAUSE("JetSetSystemParameter.AdvancedIgnored",
                 JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 7, NULL));
    expect_num(0, JET_paramMaxSessions, 16);
    expect_num(a, JET_paramMaxSessions, 5);
}

static void test_set_system_parameter_configuration_removes_quotas(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    CHECK_CLAUSE("JetSetSystemParameter.ConfigurationRemovesQuotas",
                 JetSetSystemParameter(&a, 0, JET_paramConfiguration, JET_configRemoveQuotas, NULL));
    expect_num(a, JET_paramMaxSessions, 30000);
    expect_num(0, JET_paramMaxSessions, 16);
    EXPECT_OK(JetInit(&a));
    for (int i = 0; i < 40; i++)
        fixture_session(a);

    CHECK_CLAUSE("JetSetSystemParameter.ConfigurationRemovesQuotas",
                 JetSetSystemParameter(NULL, 0, JET_paramConfiguration, JET_configRemoveQuotas, NULL));
    expect_num(0, JET_paramMaxSessions, 30000);
    JET_INSTANCE b = fixture_created("b");
    expect_num(b, JET_paramMaxSessions, 30000);
}

/* --- handles ------------------------------------------------------------------------------- */

/* Session handles other than 0 and nil that name no live session: garbage, ended, of a
 * terminated instance, off by one. */
static size_t bad_sessions(JET_INSTANCE running, JET_SESID out[4])
{
    JET_SESID live = fixture_session(running);
    JET_SESID ended = fixture_session(running);
    EXPECT_OK(JetEndSession(ended, 0));
    JET_INSTANCE other = fixture_instance("other", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    const JET_SESID bad[] = {GARBAGE_HANDLE, ended, orphan, live + 1};
    memcpy(out, bad, sizeof bad);
    return sizeof bad / sizeof bad[0];
}

/* In multi-instance mode. */
static void test_system_parameter_invalid_sesid(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID bad[4];
    size_t count = bad_sessions(a, bad);
    uint64_t before = live_blocks();
    for (size_t i = 0; i < count; i++) {
        CHECK_CLAUSE("JetSetSystemParameter.InvalidSesid",
                     JetSetSystemParameter(NULL, bad[i], JET_paramCommitDefault, 1, NULL));
        CHECK_CLAUSE("JetSetSystemParameter.InvalidSesid",
                     JetSetSystemParameter(&a, bad[i], JET_paramCommitDefault, 1, NULL));
        JET_API_PTR value = 42;
        CHECK_CLAUSE("JetGetSystemParameter.InvalidSesid",
                     JetGetSystemParameter(0, bad[i], JET_paramMaxSessions, &value, NULL, 0));
        CHECK_CLAUSE("JetGetSystemParameter.InvalidSesid",
                     JetGetSystemParameter(a, bad[i], JET_paramMaxSessions, &value, NULL, 0));
        assert_int_equal(value, 42);
    }
    assert_int_equal(live_blocks(), before);
    expect_num(a, JET_paramCommitDefault, 0);
    expect_num(0, JET_paramCommitDefault, 0);
}

/* A sesid of nil, like 0, means no session: the instance argument, or with none the global
 * value, is the target. With no mode yet and in multi-instance mode. */
static void check_nil_sesid(JET_INSTANCE created)
{
    /* Global: a new default. */
    CHECK_CLAUSE("JetSetSystemParameter.NilSesidMeansNone",
                 JetSetSystemParameter(NULL, JET_sesidNil, JET_paramCommitDefault, 1, NULL));
    JET_INSTANCE nil = JET_instanceNil;
    CHECK_CLAUSE("JetSetSystemParameter.NilSesidMeansNone",
                 JetSetSystemParameter(&nil, JET_sesidNil, JET_paramCircularLog, 1, NULL));
    JET_API_PTR value = 42;
    CHECK_CLAUSE("JetGetSystemParameter.NilSesidMeansNone",
                 JetGetSystemParameter(0, JET_sesidNil, JET_paramCommitDefault, &value, NULL, 0));
    assert_int_equal(value, 1);
    value = 42;
    CHECK_CLAUSE("JetGetSystemParameter.NilSesidMeansNone",
                 JetGetSystemParameter(JET_instanceNil, JET_sesidNil, JET_paramCircularLog, &value,
                                       NULL, 0));
    assert_int_equal(value, 1);
    expect_num(0, JET_paramCommitDefault, 1);
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramCommitDefault, 0, NULL));
    EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramCircularLog, 0, NULL));
    if (created == 0)
        return;
    /* An instance: its own value, the global one unchanged. */
    CHECK_CLAUSE("JetSetSystemParameter.NilSesidMeansNone",
                 JetSetSystemParameter(&created, JET_sesidNil, JET_paramMaxSessions, 5, NULL));
    value = 42;
    CHECK_CLAUSE("JetGetSystemParameter.NilSesidMeansNone",
                 JetGetSystemParameter(created, JET_sesidNil, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 5);
    expect_num(created, JET_paramMaxSessions, 5);
    expect_num(0, JET_paramMaxSessions, 16);
}

static void test_system_parameter_nil_sesid_means_none(void **state)
{
    (void)state;
    check_nil_sesid(0); /* no mode */
    JET_INSTANCE a = fixture_created("a");
    check_nil_sesid(a); /* multi-instance mode */
    EXPECT_OK(JetInit(&a));
    fixture_session(a); /* with a session open, nil still names none */
    JET_API_PTR value = 42;
    CHECK_CLAUSE("JetGetSystemParameter.NilSesidMeansNone",
                 JetGetSystemParameter(a, JET_sesidNil, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 5);
}

/* Instance handles other than 0 and nil that name no live instance, in multi-instance mode.
 * With no mode no clause names the code: each is still an error. */
static void check_invalid_instances(const JET_INSTANCE *bad, size_t count, int covered)
{
    uint64_t before = live_blocks();
    for (size_t i = 0; i < count; i++) {
        JET_INSTANCE handle = bad[i];
        JET_ERR err = JetSetSystemParameter(&handle, 0, JET_paramMaxSessions, 3, NULL);
        if (covered)
            CHECK_CLAUSE("JetSetSystemParameter.InvalidInstance", err);
        else
            assert_true(err < 0);
        assert_int_equal(handle, bad[i]);
        JET_API_PTR value = 42;
        err = JetGetSystemParameter(bad[i], 0, JET_paramMaxSessions, &value, NULL, 0);
        if (covered)
            CHECK_CLAUSE("JetGetSystemParameter.InvalidInstance", err);
        else
            assert_true(err < 0);
        assert_int_equal(value, 42);
    }
    assert_int_equal(live_blocks(), before);
    expect_num(0, JET_paramMaxSessions, 16);
}

static void test_system_parameter_invalid_instance(void **state)
{
    (void)state;
    JET_INSTANCE live = fixture_created("live");
    JET_INSTANCE dead = fixture_created("dead");
    EXPECT_OK(JetTerm(dead));
    const JET_INSTANCE multi[] = {GARBAGE_HANDLE, dead, dead + 1};
    check_invalid_instances(multi, 3, 1);
    expect_num(live, JET_paramMaxSessions, 16);

    EXPECT_OK(JetTerm(live)); /* no mode */
    const JET_INSTANCE none[] = {GARBAGE_HANDLE, dead, live};
    check_invalid_instances(none, 3, 0);
}

/* In one-instance mode the instance argument is ignored: whatever it holds, the one instance
 * is the target (with a sesid of 0, nil or a live session, and an instance-wide parameter). */
static void test_system_parameter_one_instance_mode_ignores_instance(void **state)
{
    (void)state;
    JET_INSTANCE dead = fixture_instance("dead", -1);
    EXPECT_OK(JetTerm(dead)); /* no mode again */
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one));
    JET_SESID live = fixture_session(one);
    const JET_INSTANCE instances[] = {0, JET_instanceNil, one, GARBAGE_HANDLE, dead, one + 1, live};
    const JET_SESID sesids[] = {0, JET_sesidNil, live};
    JET_API_PTR next = 1;
    uint64_t before = live_blocks();
    for (size_t i = 0; i < sizeof instances / sizeof instances[0]; i++)
        for (size_t j = 0; j < sizeof sesids / sizeof sesids[0]; j++) {
            next = next == 1 ? 2 : 1;
            JET_INSTANCE handle = instances[i];
            CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeIgnoresInstance",
                         JetSetSystemParameter(&handle, sesids[j], JET_paramEnableOnlineDefrag,
                                               next, NULL));
            expect_num(one, JET_paramEnableOnlineDefrag, next);
            JET_API_PTR value = 42;
            CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeIgnoresInstance",
                         JetGetSystemParameter(instances[i], sesids[j],
                                               JET_paramEnableOnlineDefrag, &value, NULL, 0));
            assert_int_equal(value, next);
            /* The one instance is initialized: its MaxSessions is fixed, whatever the handles. */
            CHECK_CLAUSE("JetSetSystemParameter.AlreadyInitialized",
                         JetSetSystemParameter(&handle, sesids[j], JET_paramMaxSessions, 3, NULL));
        }
    /* A NULL pinstance too. */
    CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeIgnoresInstance",
                 JetSetSystemParameter(NULL, 0, JET_paramEnableOnlineDefrag, 0, NULL));
    expect_num(one, JET_paramEnableOnlineDefrag, 0);
    assert_int_equal(live_blocks(), before);
    EXPECT_OK(JetBeginTransaction(live)); /* the session is untouched */
}

/* In one-instance mode a sesid that names no live session: the docs refuse it; the engine never
 * looks at it for an instance-wide parameter (the one instance is the target), and faults on it
 * for a per-session one (JET_paramCommitDefault; that clause does not apply in esent). */
static void test_system_parameter_one_instance_mode_bad_sesid(void **state)
{
    (void)state;
    JET_INSTANCE dead = fixture_instance("dead", -1);
    JET_SESID orphan = fixture_session(dead);
    EXPECT_OK(JetTerm(dead)); /* no mode again */
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one));
    JET_SESID live = fixture_session(one);
    JET_SESID ended = fixture_session(one);
    EXPECT_OK(JetEndSession(ended, 0));
    const JET_SESID bad[] = {GARBAGE_HANDLE, ended, orphan, live + 1, one};
    const JET_INSTANCE instances[] = {0, one, GARBAGE_HANDLE};
    uint64_t before = live_blocks();
    JET_API_PTR expected = 0xFFFF;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        for (size_t j = 0; j < sizeof instances / sizeof instances[0]; j++) {
            JET_INSTANCE handle = instances[j];
            JET_API_PTR next = expected == 1 ? 2 : 1;
            JET_ERR err = JetSetSystemParameter(&handle, bad[i], JET_paramEnableOnlineDefrag,
                                                next, NULL);
            CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeBadSesid", err);
            if (err == JET_errSuccess)
                expected = next;
            expect_num(one, JET_paramEnableOnlineDefrag, expected);
            JET_API_PTR value = 42;
            err = JetGetSystemParameter(handle, bad[i], JET_paramEnableOnlineDefrag, &value, NULL, 0);
            CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeBadSesid", err);
            assert_int_equal(value, err == JET_errSuccess ? expected : 42);
            CHECK_CLAUSE("JetSetSystemParameter.OneInstanceModeBadSesidPerSession",
                         JetSetSystemParameter(&handle, bad[i], JET_paramCommitDefault,
                                               JET_bitCommitLazyFlush, NULL));
            CHECK_CLAUSE("JetGetSystemParameter.OneInstanceModeBadSesidPerSession",
                         JetGetSystemParameter(handle, bad[i], JET_paramCommitDefault, &value,
                                               NULL, 0));
        }
    expect_num(one, JET_paramCommitDefault, 0); /* no refused call wrote anything */
    JET_API_PTR value = 42;
    EXPECT_OK(JetGetSystemParameter(0, live, JET_paramCommitDefault, &value, NULL, 0));
    assert_int_equal(value, 0);
    assert_int_equal(live_blocks(), before);
    EXPECT_OK(JetBeginTransaction(live)); /* the session is untouched */
}

/* --- instance states ---------------------------------------------------------------------- */

/* Set and Get on a running instance in a state, through its handle and through a session. */
static void check_state(uint32_t hook_state, const char *set_clause, const char *get_clause,
                        int by_handle)
{
    reset_library();
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(a);
    if (hook_state == UINT32_MAX)
        EXPECT_OK(JetStopServiceInstance(a));
    else
        fixture_state(a, hook_state);
    JET_ERR err = JetSetSystemParameter(NULL, sesid, JET_paramEnableOnlineDefrag, 1, NULL);
    CHECK_CLAUSE(set_clause, err);
    JET_API_PTR value = 42;
    CHECK_CLAUSE(get_clause,
                 JetGetSystemParameter(0, sesid, JET_paramEnableOnlineDefrag, &value, NULL, 0));
    assert_int_equal(value, err == JET_errSuccess ? 1 : 42);
    if (by_handle) {
        JET_ERR err2 = JetSetSystemParameter(&a, 0, JET_paramEnableOnlineDefrag, 2, NULL);
        CHECK_CLAUSE(set_clause, err2);
        if (err2 == JET_errSuccess)
            err = err2;
        CHECK_CLAUSE(get_clause,
                     JetGetSystemParameter(a, 0, JET_paramEnableOnlineDefrag, &value, NULL, 0));
    }
    fixture_state(a, ESEHOOK_STATE_NORMAL);
    if (hook_state != UINT32_MAX) /* nothing was set by a refused call */
        expect_num(a, JET_paramEnableOnlineDefrag,
                   err == JET_errSuccess ? (by_handle ? 2 : 1) : 0xFFFF);
}

static void test_system_parameter_instance_states(void **state)
{
    (void)state;
    static const struct {
        uint32_t state;
        const char *what;
        int by_handle;   /* the clause speaks of the instance, not only of a session */
    } cases[] = {
        {UINT32_MAX, "ClientRequestToStopJetService", 1}, /* JetStopServiceInstance */
        {ESEHOOK_STATE_UNAVAILABLE, "InstanceUnavailable", 1},
        {ESEHOOK_STATE_NOT_INITIALIZED, "NotInitialized", 0},
        {ESEHOOK_STATE_TERM_IN_PROGRESS, "TermInProgress", 1},
        {ESEHOOK_STATE_RESTORE_IN_PROGRESS, "RestoreInProgress", 1},
        {ESEHOOK_STATE_INIT_IN_PROGRESS, "InitInProgress", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char set_clause[96], get_clause[96];
        snprintf(set_clause, sizeof set_clause, "JetSetSystemParameter.%s", cases[i].what);
        snprintf(get_clause, sizeof get_clause, "JetGetSystemParameter.%s", cases[i].what);
        check_state(cases[i].state, set_clause, get_clause, cases[i].by_handle);
    }
}

/* Two lock states at once: terminating wins over restoring, restoring over initializing. */
static void test_system_parameter_order(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    fixture_state(a, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    fixture_state(a, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetSetSystemParameter.Order.TermBeforeRestore",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 3, NULL));
    fixture_state(a, ESEHOOK_STATE_NORMAL);
    fixture_state(a, ESEHOOK_STATE_INIT_IN_PROGRESS);
    fixture_state(a, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    CHECK_CLAUSE("JetSetSystemParameter.Order.RestoreBeforeInitInProgress",
                 JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 3, NULL));
    fixture_state(a, ESEHOOK_STATE_NORMAL);
    JET_API_PTR value = 0;
    EXPECT_OK(JetGetSystemParameter(a, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16); /* neither refused call set anything */
}

/* --- JetGetSystemParameter ----------------------------------------------------------------- */

static void test_get_system_parameter_success(void **state)
{
    (void)state;
    JET_API_PTR value = 0;
    CHECK_CLAUSE("JetGetSystemParameter.Success",
                 JetGetSystemParameter(0, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16);
    JET_INSTANCE a = fixture_created("a");
    value = 0;
    CHECK_CLAUSE("JetGetSystemParameter.Success",
                 JetGetSystemParameter(a, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16);
    EXPECT_OK(JetInit(&a));
    JET_SESID sesid = fixture_session(a);
    value = 0;
    CHECK_CLAUSE("JetGetSystemParameter.Success",
                 JetGetSystemParameter(0, sesid, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16);

    reset_library();
    EXPECT_OK(JetInit(NULL));
    value = 0;
    CHECK_CLAUSE("JetGetSystemParameter.Success",
                 JetGetSystemParameter(0, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16);
}

static void test_get_system_parameter_reads_what_was_set(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    JET_INSTANCE b = fixture_created("b");
    EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 5, NULL));
    EXPECT_OK(JetSetSystemParameter(&b, 0, JET_paramMaxSessions, 6, NULL));
    JET_API_PTR value = 0;
    CHECK_CLAUSE("JetGetSystemParameter.ReadsWhatWasSet",
                 JetGetSystemParameter(a, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 5);
    CHECK_CLAUSE("JetGetSystemParameter.ReadsWhatWasSet",
                 JetGetSystemParameter(b, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 6);
    CHECK_CLAUSE("JetGetSystemParameter.ReadsWhatWasSet",
                 JetGetSystemParameter(0, 0, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 16); /* the global default is unchanged */
    EXPECT_OK(JetInit(&a));
    JET_SESID sesid = fixture_session(a);
    CHECK_CLAUSE("JetGetSystemParameter.ReadsWhatWasSet",
                 JetGetSystemParameter(0, sesid, JET_paramMaxSessions, &value, NULL, 0));
    assert_int_equal(value, 5);
    char name[8];
    EXPECT_OK(JetSetSystemParameter(&b, 0, JET_paramBaseName, 0, "xyz"));
    CHECK_CLAUSE("JetGetSystemParameter.ReadsWhatWasSet",
                 JetGetSystemParameter(b, 0, JET_paramBaseName, NULL, name, sizeof name));
    assert_string_equal(name, "xyz");
}

static void test_get_system_parameter_string_value(void **state)
{
    (void)state;
    char buffer[16];
    memset(buffer, 'x', sizeof buffer);
    CHECK_CLAUSE("JetGetSystemParameter.StringValue",
                 JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, buffer, sizeof buffer));
    assert_memory_equal(buffer, "edb", 4); /* with its terminator */
    memset(buffer, 'x', sizeof buffer);
    CHECK_CLAUSE("JetGetSystemParameter.StringValue",
                 JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, buffer, 4)); /* just fits */
    assert_memory_equal(buffer, "edb", 4);
    assert_int_equal(buffer[4], 'x');
    JET_INSTANCE a = fixture_created("a");
    memset(buffer, 'x', sizeof buffer);
    CHECK_CLAUSE("JetGetSystemParameter.StringValue",
                 JetGetSystemParameter(a, 0, JET_paramBaseName, NULL, buffer, sizeof buffer));
    assert_memory_equal(buffer, "edb", 4);
}

static void test_get_system_parameter_unknown_parameter(void **state)
{
    (void)state;
    static const uint32_t unknown[] = {UNKNOWN_PARAM, 0x7FFFFFFFu, 0xFFFFFFFFu};
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(a);
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        JET_API_PTR value = 42;
        char buffer[8] = "zzz";
        CHECK_CLAUSE("JetGetSystemParameter.UnknownParameter",
                     JetGetSystemParameter(0, 0, unknown[i], &value, buffer, sizeof buffer));
        CHECK_CLAUSE("JetGetSystemParameter.UnknownParameter",
                     JetGetSystemParameter(a, 0, unknown[i], &value, buffer, sizeof buffer));
        CHECK_CLAUSE("JetGetSystemParameter.UnknownParameter",
                     JetGetSystemParameter(0, sesid, unknown[i], &value, buffer, sizeof buffer));
        assert_int_equal(value, 42);
        assert_string_equal(buffer, "zzz");
    }
}

/* Buffers: a NULL number, a NULL string, a zero size; a string cut to fit. */
static void test_get_system_parameter_buffers(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_created("a");
    char buffer[8] = "zzz";
    CHECK_CLAUSE("JetGetSystemParameter.NullIntegerBuffer",
                 JetGetSystemParameter(0, 0, JET_paramMaxSessions, NULL, NULL, 0));
    CHECK_CLAUSE("JetGetSystemParameter.NullIntegerBuffer",
                 JetGetSystemParameter(a, 0, JET_paramMaxSessions, NULL, buffer, sizeof buffer));
    JET_API_PTR value = 42;
    CHECK_CLAUSE("JetGetSystemParameter.NullStringBuffer",
                 JetGetSystemParameter(0, 0, JET_paramBaseName, &value, NULL, 16));
    CHECK_CLAUSE("JetGetSystemParameter.NullStringBuffer",
                 JetGetSystemParameter(a, 0, JET_paramSystemPath, NULL, NULL, 16));
    CHECK_CLAUSE("JetGetSystemParameter.ZeroSizeBuffer",
                 JetGetSystemParameter(0, 0, JET_paramBaseName, &value, buffer, 0));
    CHECK_CLAUSE("JetGetSystemParameter.ZeroSizeBuffer",
                 JetGetSystemParameter(a, 0, JET_paramSystemPath, NULL, buffer, 0));
    assert_string_equal(buffer, "zzz");
    static const char *const cut[] = {"", "e", "ed"};
    for (uint32_t cb = 1; cb <= 3; cb++) {
        memset(buffer, 'x', sizeof buffer);
        CHECK_CLAUSE("JetGetSystemParameter.Truncated",
                     JetGetSystemParameter(a, 0, JET_paramBaseName, NULL, buffer, cb));
        assert_string_equal(buffer, cut[cb - 1]);
        assert_int_equal(buffer[cb], 'x'); /* nothing written past cbMax */
    }
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_set_system_parameter_success),
    REF_TEST(test_set_system_parameter_max_sessions_bounds),
    REF_TEST(test_set_system_parameter_global_default),
    REF_TEST(test_set_system_parameter_real_setup),
    REF_TEST(test_set_system_parameter_unknown_parameter),
    REF_TEST(test_set_system_parameter_out_of_range),
    REF_TEST(test_set_system_parameter_string_length),
    REF_TEST(test_set_system_parameter_already_initialized),
    REF_TEST(test_set_system_parameter_max_instances_after_start),
    REF_TEST(test_set_system_parameter_max_instances_upper_bound),
    REF_TEST(test_set_system_parameter_advanced_ignored),
    REF_TEST(test_set_system_parameter_configuration_removes_quotas),
    REF_TEST(test_system_parameter_invalid_sesid),
    REF_TEST(test_system_parameter_nil_sesid_means_none),
    REF_TEST(test_system_parameter_invalid_instance),
    REF_TEST(test_system_parameter_one_instance_mode_ignores_instance),
    REF_TEST(test_system_parameter_one_instance_mode_bad_sesid),
    REF_TEST(test_system_parameter_commit_default_per_session),
    REF_TEST(test_set_system_parameter_commit_default_invalid_bits),
    REF_TEST(test_set_system_parameter_enable_index_checking_after_init),
    REF_TEST(test_system_parameter_instance_states),
    REF_TEST(test_system_parameter_order),
    REF_TEST(test_get_system_parameter_success),
    REF_TEST(test_get_system_parameter_reads_what_was_set),
    REF_TEST(test_get_system_parameter_string_value),
    REF_TEST(test_get_system_parameter_unknown_parameter),
    REF_TEST(test_get_system_parameter_buffers),
};
REF_GROUP_TABLE(sysparam, tests)
