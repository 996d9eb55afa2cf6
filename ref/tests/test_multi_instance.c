/* test_multi_instance.c - every clause of JetEnableMultiInstance, called directly on ref. */
#include "support.h"
#include "groups.h"

#define UNKNOWN_PARAM 999999u

static JET_API_PTR get_num(JET_INSTANCE instance, uint32_t paramid)
{
    JET_API_PTR value = 0;
    EXPECT_OK(JetGetSystemParameter(instance, 0, paramid, &value, NULL, 0));
    return value;
}

/* No mode chosen yet: JetStopService has no instance to stop, and changes nothing. */
static void expect_no_mode(void)
{
    CHECK_CLAUSE("JetStopService.NoInstance", JetStopService());
}

static void expect_multi_mode(void)
{
    CHECK_CLAUSE("JetStopService.RunningInMultiInstanceMode", JetStopService());
    CHECK_CLAUSE("JetInit.RunningInMultiInstanceMode", JetInit(NULL));
}

static void test_enable_multi_instance_success(void **state)
{
    (void)state;
    JET_SETSYSPARAM_A params[] = {
        {JET_paramMaxInstances, 3, NULL, 42},
        {JET_paramMaxSessions, 5, NULL, 42},     /* an instance parameter: the default */
        {JET_paramBaseName, 0, "abc", 42},
    };
    uint32_t set = 99;
    CHECK_CLAUSE("JetEnableMultiInstance.Success", JetEnableMultiInstance(params, 3, &set));
    assert_int_equal(set, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(params[i].err, JET_errSuccess);
    expect_multi_mode();
    assert_int_equal(get_num(0, JET_paramMaxInstances), 3);
    JET_INSTANCE a = fixture_instance("a", -1);
    assert_int_equal(get_num(a, JET_paramMaxSessions), 5);
    char name[8];
    EXPECT_OK(JetGetSystemParameter(a, 0, JET_paramBaseName, NULL, name, sizeof name));
    assert_string_equal(name, "abc");
    fixture_created("b");
    fixture_created("c");
    JET_INSTANCE out;
    CHECK_CLAUSE("JetCreateInstance.TooManyInstances", JetCreateInstance(&out, "d"));
}

/* No parameters at all, with or without a count pointer. */
static void test_enable_multi_instance_no_parameters(void **state)
{
    (void)state;
    uint32_t set = 99;
    CHECK_CLAUSE("JetEnableMultiInstance.Success", JetEnableMultiInstance(NULL, 0, &set));
    assert_int_equal(set, 0);
    expect_multi_mode();
    reset_library();
    JET_SETSYSPARAM_A unused = {UNKNOWN_PARAM, 0, NULL, 42};
    CHECK_CLAUSE("JetEnableMultiInstance.Success", JetEnableMultiInstance(&unused, 0, NULL));
    expect_multi_mode();
    fixture_instance("a", -1);
}

static void test_enable_multi_instance_running_in_one_instance_mode(void **state)
{
    (void)state;
    EXPECT_OK(JetInit(NULL));
    JET_SESID sesid = fixture_session(0);
    uint64_t before = live_blocks();
    JET_SETSYSPARAM_A params[] = {{JET_paramMaxInstances, 3, NULL, 42}};
    uint32_t set = 99;
    CHECK_CLAUSE("JetEnableMultiInstance.RunningInOneInstanceMode",
                 JetEnableMultiInstance(params, 1, &set));
    CHECK_CLAUSE("JetEnableMultiInstance.RunningInOneInstanceMode",
                 JetEnableMultiInstance(NULL, 0, NULL));
    assert_int_equal(live_blocks(), before);
    assert_int_equal(get_num(0, JET_paramMaxInstances), 16); /* nothing was set */
    JET_INSTANCE out;
    CHECK_CLAUSE("JetCreateInstance.RunningInOneInstanceMode", JetCreateInstance(&out, "a"));
    EXPECT_OK(JetBeginTransaction(sesid)); /* the one instance is untouched */
}

/* Already in multi-instance mode (by JetCreateInstance or by this call): the same parameters
 * are "already set", different ones conflict; nothing changes either way. */
static void check_already_multi(void)
{
    JET_SETSYSPARAM_A same[] = {{JET_paramMaxSessions, 16, NULL, 0},
                                {JET_paramBaseName, 0, "edb", 0}};
    JET_SETSYSPARAM_A different[] = {{JET_paramBaseName, 0, "edb", 0},
                                     {JET_paramMaxSessions, 99, NULL, 0}};
    JET_SETSYSPARAM_A different_string[] = {{JET_paramBaseName, 0, "abc", 0}};
    uint64_t before = live_blocks();
    uint32_t set = 0;
    const char *already = "JetEnableMultiInstance.SystemParamsAlreadySet";
    CHECK_CLAUSE(already, JetEnableMultiInstance(NULL, 0, &set));
    CHECK_CLAUSE(already, JetEnableMultiInstance(NULL, 0, NULL));
    CHECK_CLAUSE(already, JetEnableMultiInstance(same, 2, &set));
    CHECK_CLAUSE("JetEnableMultiInstance.SystemParameterConflict",
                 JetEnableMultiInstance(different, 2, &set));
    CHECK_CLAUSE("JetEnableMultiInstance.SystemParameterConflict",
                 JetEnableMultiInstance(different_string, 1, &set));
    JET_SETSYSPARAM_A unknown[] = {{9999, 1, NULL, 0}};
    CHECK_CLAUSE("JetEnableMultiInstance.UnknownParameterInMultiMode",
                 JetEnableMultiInstance(unknown, 1, &set));
    assert_int_equal(live_blocks(), before);
    assert_int_equal(get_num(0, JET_paramMaxSessions), 16);
    char name[8];
    EXPECT_OK(JetGetSystemParameter(0, 0, JET_paramBaseName, NULL, name, sizeof name));
    assert_string_equal(name, "edb");
    expect_multi_mode();
}

static void test_enable_multi_instance_already_multi(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(a);
    check_already_multi();
    EXPECT_OK(JetBeginTransaction(sesid));

    reset_library();
    EXPECT_OK(JetEnableMultiInstance(NULL, 0, NULL));
    check_already_multi();
    fixture_instance("a", -1);
}

/* A count with no array: refused before anything, in every mode. */
static void test_enable_multi_instance_null_array(void **state)
{
    (void)state;
    uint32_t set = 99;
    CHECK_CLAUSE("JetEnableMultiInstance.NullArray", JetEnableMultiInstance(NULL, 1, &set));
    CHECK_CLAUSE("JetEnableMultiInstance.NullArray", JetEnableMultiInstance(NULL, 3, NULL));
    CHECK_CLAUSE("JetEnableMultiInstance.NullArray", JetEnableMultiInstance(NULL, UINT32_MAX, &set));
    assert_int_equal(live_blocks(), 0);
    expect_no_mode();
    fixture_created("a");
    CHECK_CLAUSE("JetEnableMultiInstance.NullArray", JetEnableMultiInstance(NULL, 1, &set));
    reset_library();
    EXPECT_OK(JetInit(NULL));
    CHECK_CLAUSE("JetEnableMultiInstance.NullArray", JetEnableMultiInstance(NULL, 1, &set));
}

/* A bad entry: the entries before it were set and are counted, the bad one reports its code,
 * and no mode is chosen. */
static void test_enable_multi_instance_bad_parameter(void **state)
{
    (void)state;
    static const struct {
        uint32_t paramid;
        JET_API_PTR value;
        const char *str;
    } bad[] = {
        {UNKNOWN_PARAM, 1, NULL},
        {JET_paramMaxSessions, 30001, NULL},
        {JET_paramMaxInstances, 0, NULL},
        {JET_paramBaseName, 0, "toolong"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        reset_library();
        JET_SETSYSPARAM_A params[] = {
            {JET_paramCacheSizeMax, 4096, NULL, 42},
            {JET_paramMaxSessions, 7, NULL, 42},
            {bad[i].paramid, bad[i].value, bad[i].str, 42},
            {JET_paramMaxInstances, 2, NULL, 42},
        };
        uint32_t set = 99;
        CHECK_CLAUSE("JetEnableMultiInstance.BadParameter", JetEnableMultiInstance(params, 4, &set));
        assert_int_equal(set, 2);
        assert_int_equal(params[0].err, JET_errSuccess);
        assert_int_equal(params[1].err, JET_errSuccess);
        assert_int_equal(params[2].err, JET_errInvalidParameter);
        assert_int_equal(live_blocks(), 0);
        expect_no_mode();
        assert_int_equal(get_num(0, JET_paramMaxInstances), 16); /* after the bad one: not set */
        EXPECT_OK(JetInit(NULL)); /* the mode is still free to choose */
    }
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_enable_multi_instance_success),
    REF_TEST(test_enable_multi_instance_no_parameters),
    REF_TEST(test_enable_multi_instance_running_in_one_instance_mode),
    REF_TEST(test_enable_multi_instance_already_multi),
    REF_TEST(test_enable_multi_instance_null_array),
    REF_TEST(test_enable_multi_instance_bad_parameter),
};
REF_GROUP_TABLE(multi_instance, tests)
