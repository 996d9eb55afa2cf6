/* test_stop_service.c - every clause of JetStopService, JetStopServiceInstance and
 * JetStopServiceInstance2, called directly on ref. */
#include "support.h"
#include "groups.h"

#define STOP_RESUME JET_bitStopServiceResume
#define STOP_TASKS JET_bitStopServiceBackgroundUserTasks
#define STOP_CACHES JET_bitStopServiceQuiesceCaches

/* A fully stopped instance: no session begins (begin_clause), the existing session begins no
 * transaction (trx_clause, or NULL when no clause of the stop function says so), but it can
 * still end, and the instance still terminates. */
static void expect_stopped(JET_INSTANCE instance, JET_SESID sesid, const char *begin_clause,
                           const char *trx_clause)
{
    JET_SESID out = 42;
    CHECK_CLAUSE(begin_clause, JetBeginSession(instance, &out, NULL, NULL));
    assert_int_equal(out, 42);
    if (trx_clause)
        CHECK_CLAUSE(trx_clause, JetBeginTransaction(sesid));
    CHECK_CLAUSE("JetBeginTransaction.ClientRequestToStopJetService", JetBeginTransaction(sesid));
    CHECK_CLAUSE("JetEndSession.AllowedAfterStop", JetEndSession(sesid, 0));
}

/* A running instance: a session begins, and the given session begins and ends a transaction. */
static void expect_running(JET_INSTANCE instance, JET_SESID sesid, const char *clause)
{
    JET_SESID out = 0;
    CHECK_CLAUSE(clause, JetBeginSession(instance, &out, NULL, NULL));
    CHECK_CLAUSE(clause, JetBeginTransaction(sesid));
    EXPECT_OK(JetCommitTransaction(sesid, 0));
    EXPECT_OK(JetEndSession(out, 0));
}

/* --- JetStopService ------------------------------------------------------------------------ */

static void test_stop_service_success(void **state)
{
    (void)state;
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one));
    JET_SESID sesid = fixture_session(one);
    CHECK_CLAUSE("JetStopService.Success", JetStopService());
    assert_int_equal(open_sessions(one), 1); /* not terminated */
    CHECK_CLAUSE("JetStopService.Success", JetStopService()); /* again: it is still there */
    JET_SESID out = 42;
    CHECK_CLAUSE("JetStopService.BlocksLaterCalls", JetBeginSession(0, &out, NULL, NULL));
    CHECK_CLAUSE("JetStopService.BlocksLaterCalls",
                 JetBeginSession(JET_instanceNil, &out, NULL, NULL));
    expect_stopped(one, sesid, "JetStopService.BlocksLaterCalls", NULL);
    assert_int_equal(open_sessions(one), 0);
    EXPECT_OK(JetTerm(one));
    assert_int_equal(live_blocks(), 0);
}

static void test_stop_service_running_in_multi_instance_mode(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(a);
    CHECK_CLAUSE("JetStopService.RunningInMultiInstanceMode", JetStopService());
    EXPECT_OK(JetBeginTransaction(sesid)); /* nothing was stopped */
    fixture_session(a);
    reset_library();
    EXPECT_OK(JetEnableMultiInstance(NULL, 0, NULL)); /* multi-instance mode, no instance */
    CHECK_CLAUSE("JetStopService.RunningInMultiInstanceMode", JetStopService());
    fixture_session(fixture_instance("b", -1));
}

static void test_stop_service_no_instance(void **state)
{
    (void)state;
    CHECK_CLAUSE("JetStopService.NoInstance", JetStopService());
    JET_INSTANCE one = 0;
    EXPECT_OK(JetInit(&one)); /* the refused call chose no mode */
    EXPECT_OK(JetStopService());
    EXPECT_OK(JetTerm(one));
    CHECK_CLAUSE("JetStopService.NoInstance", JetStopService());
    JET_INSTANCE a = fixture_created("a");
    EXPECT_OK(JetTerm(a));
    CHECK_CLAUSE("JetStopService.NoInstance", JetStopService());
    assert_int_equal(live_blocks(), 0);
    /* The stop of a terminated instance does not reach the next one. */
    EXPECT_OK(JetInit(&one));
    fixture_session(one);
}

/* --- JetStopServiceInstance ---------------------------------------------------------------- */

static void test_stop_service_instance_success(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_INSTANCE b = fixture_instance("b", -1);
    JET_SESID sa = fixture_session(a);
    JET_SESID sb = fixture_session(b);
    CHECK_CLAUSE("JetStopServiceInstance.Success", JetStopServiceInstance(a));
    CHECK_CLAUSE("JetStopServiceInstance.Success", JetStopServiceInstance(a)); /* still alive */
    assert_int_equal(open_sessions(a), 1);
    expect_stopped(a, sa, "JetStopServiceInstance.BlocksLaterCalls",
                   "JetStopServiceInstance.BlocksLaterCalls");
    expect_running(b, sb, "JetBeginSession.Success"); /* the other instance runs on */
    CHECK_CLAUSE("JetStopServiceInstance.TermStillWorks", JetTerm(a));
    fixture_created("a"); /* gone: its name is free */
    assert_int_equal(open_sessions(b), 1);
}

/* In one-instance mode the handle names the one instance, whatever it is. */
static void test_stop_service_instance_one_instance_mode(void **state)
{
    (void)state;
    const JET_INSTANCE handles[] = {0, JET_instanceNil};
    for (size_t i = 0; i < 3; i++) {
        reset_library();
        JET_INSTANCE one = 0;
        EXPECT_OK(JetInit(&one));
        JET_SESID sesid = fixture_session(one);
        CHECK_CLAUSE("JetStopServiceInstance.Success",
                     JetStopServiceInstance(i < 2 ? handles[i] : one));
        expect_stopped(one, sesid, "JetStopServiceInstance.BlocksLaterCalls",
                       "JetStopServiceInstance.BlocksLaterCalls");
        CHECK_CLAUSE("JetStopServiceInstance.TermStillWorks", JetTerm2(one, JET_bitTermComplete));
        assert_int_equal(live_blocks(), 0);
    }
}

/* A stopped instance still terminates, with sessions and in any way. */
static void test_stop_service_instance_term_still_works(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {JET_bitTermComplete, JET_bitTermAbrupt, 0,
                                       JET_bitTermStopBackup};
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        JET_INSTANCE a = fixture_instance("a", -1);
        JET_SESID sesid = fixture_session(a);
        fixture_session(a);
        EXPECT_OK(JetStopServiceInstance(a));
        CHECK_CLAUSE("JetStopServiceInstance.TermStillWorks", JetTerm2(a, grbits[i]));
        CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(sesid, 0));
        assert_int_equal(live_blocks(), 0);
    }
}

/* Bad handles in multi-instance mode: 0 and nil are invalid parameters; garbage and handles
 * of terminated instances are invalid instances (the docs: invalid parameters, or silent for
 * JetStopServiceInstance2). With no instance in the process no clause names the code (only
 * the order of the checks): each is still an error. */
static void test_stop_service_instance_invalid_parameter(void **state)
{
    (void)state;
    JET_INSTANCE live = fixture_instance("live", -1);
    JET_SESID sesid = fixture_session(live);
    JET_INSTANCE dead = fixture_created("dead");
    EXPECT_OK(JetTerm(dead));
    const JET_INSTANCE bad[] = {0, JET_instanceNil, GARBAGE_HANDLE, dead, dead + 1, live + 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int zero = bad[i] == 0 || bad[i] == JET_instanceNil;
        CHECK_CLAUSE(zero ? "JetStopServiceInstance.InvalidParameter"
                          : "JetStopServiceInstance.InvalidInstance",
                     JetStopServiceInstance(bad[i]));
        const char *clause2 = zero ? "JetStopServiceInstance2.InvalidParameter"
                                   : "JetStopServiceInstance2.InvalidInstance";
        CHECK_CLAUSE(clause2, JetStopServiceInstance2(bad[i], JET_bitStopServiceAll));
        CHECK_CLAUSE(clause2, JetStopServiceInstance2(bad[i], STOP_TASKS));
        CHECK_CLAUSE(clause2, JetStopServiceInstance2(bad[i], STOP_RESUME));
        CHECK_CLAUSE("JetStopServiceInstance2.Order.HandleBeforeGrbit",
                     JetStopServiceInstance2(bad[i], 0x1));
        CHECK_CLAUSE("JetStopServiceInstance2.Order.HandleBeforeGrbit",
                     JetStopServiceInstance2(bad[i], 0xFFFFFFFFu));
    }
    expect_running(live, sesid, "JetBeginSession.Success"); /* nothing was stopped */
    EXPECT_OK(JetTerm(live));
    const JET_INSTANCE none[] = {0, JET_instanceNil, GARBAGE_HANDLE, live};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        assert_true(JetStopServiceInstance(none[i]) < 0);
        assert_true(JetStopServiceInstance2(none[i], 0) < 0);
        assert_true(JetStopServiceInstance2(none[i], JET_bitStopServiceAll) < 0);
        CHECK_CLAUSE("JetStopServiceInstance2.Order.HandleBeforeGrbit",
                     JetStopServiceInstance2(none[i], 0x10));
    }
    assert_int_equal(live_blocks(), 0);
}

/* --- JetStopServiceInstance2 --------------------------------------------------------------- */

static void test_stop_service_instance2_success(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_INSTANCE b = fixture_instance("b", -1);
    JET_SESID sa = fixture_session(a);
    JET_SESID sb = fixture_session(b);
    CHECK_CLAUSE("JetStopServiceInstance2.Success", JetStopServiceInstance2(a, JET_bitStopServiceAll));
    CHECK_CLAUSE("JetStopServiceInstance2.Success", JetStopServiceInstance2(a, JET_bitStopServiceAll));
    expect_stopped(a, sa, "JetBeginSession.ClientRequestToStopJetService", NULL);
    expect_running(b, sb, "JetBeginSession.Success");
    EXPECT_OK(JetTerm(a));
    assert_int_equal(open_sessions(b), 1);
}

/* Background tasks or caches alone: later calls still work; they can be resumed. */
static void test_stop_service_instance2_partial(void **state)
{
    (void)state;
    static const JET_GRBIT partial[] = {STOP_TASKS, STOP_CACHES, STOP_TASKS | STOP_CACHES};
    static const JET_GRBIT resume[] = {STOP_RESUME, STOP_RESUME | STOP_TASKS,
                                       STOP_RESUME | STOP_CACHES,
                                       STOP_RESUME | STOP_TASKS | STOP_CACHES};
    for (size_t p = 0; p < sizeof partial / sizeof partial[0]; p++)
        for (size_t r = 0; r < sizeof resume / sizeof resume[0]; r++) {
            JET_INSTANCE a = fixture_instance("a", -1);
            JET_SESID sesid = fixture_session(a);
            CHECK_CLAUSE("JetStopServiceInstance2.PartialStopDoesNotBlock",
                         JetStopServiceInstance2(a, partial[p]));
            expect_running(a, sesid, "JetStopServiceInstance2.PartialStopDoesNotBlock");
            CHECK_CLAUSE("JetStopServiceInstance2.ResumePartial",
                         JetStopServiceInstance2(a, resume[r]));
            expect_running(a, sesid, "JetBeginSession.Success");
            CHECK_CLAUSE("JetStopServiceInstance2.ResumePartial", /* nothing left to resume */
                         JetStopServiceInstance2(a, STOP_RESUME));
            /* A full stop after a partial one stops everything. */
            EXPECT_OK(JetStopServiceInstance2(a, JET_bitStopServiceAll));
            expect_stopped(a, sesid, "JetBeginSession.ClientRequestToStopJetService", NULL);
            EXPECT_OK(JetTerm(a));
        }
}

/* A full stop by JetStopServiceInstance2(All) is never undone: Resume alone is refused;
 * Resume with partial bits is refused by the docs and done by the engine, and either way the
 * full stop stays in force. */
static void test_stop_service_instance2_resume_after_all(void **state)
{
    (void)state;
    static const JET_GRBIT bits[] = {STOP_TASKS, STOP_CACHES, STOP_TASKS | STOP_CACHES};
    for (int one_mode = 0; one_mode <= 1; one_mode++)
        for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++) {
            reset_library();
            JET_INSTANCE a = fixture_any_mode(one_mode);
            JET_SESID sesid = fixture_session(a);
            EXPECT_OK(JetStopServiceInstance2(a, JET_bitStopServiceAll));
            CHECK_CLAUSE("JetStopServiceInstance2.ResumeAfterAll",
                         JetStopServiceInstance2(a, STOP_RESUME));
            CHECK_CLAUSE("JetStopServiceInstance2.ResumeBitsAfterAll",
                         JetStopServiceInstance2(a, STOP_RESUME | bits[b]));
            JET_SESID out = 42; /* the full stop is still in force */
            CHECK_CLAUSE("JetBeginSession.ClientRequestToStopJetService",
                         JetBeginSession(a, &out, NULL, NULL));
            assert_int_equal(out, 42);
            CHECK_CLAUSE("JetStopServiceInstance2.ResumeBitsAfterAll",
                         JetStopServiceInstance2(a, STOP_RESUME | bits[b])); /* again */
            CHECK_CLAUSE("JetStopServiceInstance2.ResumeAfterAll",
                         JetStopServiceInstance2(a, STOP_RESUME));
            expect_stopped(a, sesid, "JetBeginSession.ClientRequestToStopJetService", NULL);
            EXPECT_OK(JetTerm(a));
            assert_int_equal(live_blocks(), 0);
        }
}

/* JetStopServiceInstance records no stopped bits: a later Resume, alone or with bits,
 * succeeds, and the instance stays stopped. After JetStopService no clause names Resume's
 * code: only that the instance stays stopped. */
static void test_stop_service_instance2_resume_after_stop_service_instance(void **state)
{
    (void)state;
    static const JET_GRBIT resume[] = {STOP_RESUME, STOP_RESUME | STOP_TASKS,
                                       STOP_RESUME | STOP_TASKS | STOP_CACHES};
    for (int how = 0; how < 3; how++)
        for (size_t r = 0; r < sizeof resume / sizeof resume[0]; r++) {
            reset_library();
            JET_INSTANCE a = 0;
            if (how == 0)
                a = fixture_instance("a", -1);
            else
                EXPECT_OK(JetInit(&a));
            JET_SESID sesid = fixture_session(a);
            if (how < 2)
                EXPECT_OK(JetStopServiceInstance(a));
            else
                EXPECT_OK(JetStopService());
            JET_ERR err = JetStopServiceInstance2(a, resume[r]);
            if (how < 2) {
                CHECK_CLAUSE("JetStopServiceInstance2.ResumeAfterStopServiceInstance", err);
                CHECK_CLAUSE("JetStopServiceInstance2.ResumeAfterStopServiceInstance",
                             JetStopServiceInstance2(a, resume[r])); /* again */
                expect_stopped(a, sesid, "JetStopServiceInstance.BlocksLaterCalls",
                               "JetStopServiceInstance.BlocksLaterCalls");
            } else {
                expect_stopped(a, sesid, "JetStopService.BlocksLaterCalls", NULL);
            }
            EXPECT_OK(JetTerm(a));
            assert_int_equal(live_blocks(), 0);
        }
}

static void test_stop_service_instance2_invalid_grbit(void **state)
{
    (void)state;
    static const JET_GRBIT bad[] = {0x1, 0x10, 0x100, 0x40000000u, 0xFFFFFFFFu,
                                    STOP_TASKS | 0x1, STOP_RESUME | 0x1, 0x8 | STOP_TASKS,
                                    0x8 | STOP_RESUME};
    JET_INSTANCE a = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(a);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_CLAUSE("JetStopServiceInstance2.InvalidGrbit", JetStopServiceInstance2(a, bad[i]));
    expect_running(a, sesid, "JetBeginSession.Success"); /* nothing was stopped */
    EXPECT_OK(JetStopServiceInstance2(a, STOP_TASKS));
    CHECK_CLAUSE("JetStopServiceInstance2.InvalidGrbit",
                 JetStopServiceInstance2(a, STOP_RESUME | 0x1));
    EXPECT_OK(JetStopServiceInstance2(a, STOP_RESUME)); /* the partial stop is still there */
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_stop_service_success),
    REF_TEST(test_stop_service_running_in_multi_instance_mode),
    REF_TEST(test_stop_service_no_instance),
    REF_TEST(test_stop_service_instance_success),
    REF_TEST(test_stop_service_instance_one_instance_mode),
    REF_TEST(test_stop_service_instance_term_still_works),
    REF_TEST(test_stop_service_instance_invalid_parameter),
    REF_TEST(test_stop_service_instance2_success),
    REF_TEST(test_stop_service_instance2_partial),
    REF_TEST(test_stop_service_instance2_resume_after_all),
    REF_TEST(test_stop_service_instance2_resume_after_stop_service_instance),
    REF_TEST(test_stop_service_instance2_invalid_grbit),
};
REF_GROUP_TABLE(stop_service, tests)
