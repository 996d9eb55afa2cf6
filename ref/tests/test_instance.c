/* test_instance.c - every clause of JetCreateInstance(2), JetInit(2) and JetTerm(2), called
 * directly on ref: the instance mode, names, the instance limit, termination. */
#include <stdio.h>
#include <string.h>
#include "support.h"
#include "groups.h"

/* A clause id of one of the variants below: "<fn>.<what>". */
static const char *clause_of(const char *fn, const char *what)
{
    static char id[128];
    snprintf(id, sizeof id, "%s.%s", fn, what);
    return id;
}
#define CHECK_FN(fn, what, call) CHECK_CLAUSE(clause_of((fn), (what)), (call))

/* Back to a fresh library in the profile of the running test. */
/* The process's instance mode, read by a call that changes nothing: an out-of-range entry in
 * JetEnableMultiInstance fails without choosing a mode (none), is refused in one-instance mode,
 * and differs from the value in force in multi-instance mode. */
enum { MODE_NONE, MODE_ONE, MODE_MULTI };
static void expect_mode(int mode)
{
    static const JET_ERR codes[] = {JET_errInvalidParameter, JET_errRunningInOneInstanceMode,
                                    JET_errSystemParameterConflict};
    JET_SETSYSPARAM_A out_of_range = {JET_paramMaxSessions, 30001, NULL, 0};
    uint32_t set = 0;
    assert_int_equal(JetEnableMultiInstance(&out_of_range, 1, &set), codes[mode]);
}

/* --- the variants that share clauses ------------------------------------------------------ */

typedef struct {
    const char *fn;
    JET_ERR (*create)(JET_INSTANCE *pinstance, const char *name);
} create_variant;
static JET_ERR create_plain(JET_INSTANCE *p, const char *name)
{
    return JetCreateInstance(p, name);
}
static JET_ERR create_2(JET_INSTANCE *p, const char *name)
{
    return JetCreateInstance2(p, name, "display name", 0);
}
static const create_variant creates[] = {{"JetCreateInstance", create_plain},
                                         {"JetCreateInstance2", create_2}};
#define N_CREATES (sizeof creates / sizeof creates[0])

typedef struct {
    const char *fn;
    JET_ERR (*init)(JET_INSTANCE *pinstance);
} init_variant;
static JET_ERR init_2(JET_INSTANCE *p)
{
    return JetInit2(p, 0);
}
static const init_variant inits[] = {{"JetInit", JetInit}, {"JetInit2", init_2}};
#define N_INITS (sizeof inits / sizeof inits[0])

/* JetTerm, and JetTerm2 with each grbit that terminates an instance without transactions. */
typedef struct {
    const char *fn;
    int plain;          /* JetTerm rather than JetTerm2 */
    JET_GRBIT grbit;
} term_variant;
static const term_variant terms[] = {
    {"JetTerm", 1, 0},
    {"JetTerm2", 0, JET_bitTermComplete},
    {"JetTerm2", 0, JET_bitTermAbrupt},
    {"JetTerm2", 0, 0},
    {"JetTerm2", 0, JET_bitTermComplete | JET_bitTermStopBackup},
};
#define N_TERMS (sizeof terms / sizeof terms[0])
static JET_ERR term(const term_variant *v, JET_INSTANCE instance)
{
    return v->plain ? JetTerm(instance) : JetTerm2(instance, v->grbit);
}

/* --- JetCreateInstance, JetCreateInstance2 ------------------------------------------------- */

static void test_create_instance_success(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        expect_mode(MODE_NONE);
        JET_INSTANCE a = 0, b = 0;
        CHECK_FN(creates[v].fn, "Success", creates[v].create(&a, "a"));
        assert_true(a != 0 && a != JET_instanceNil);
        expect_mode(MODE_MULTI);
        CHECK_FN(creates[v].fn, "Success", creates[v].create(&b, "b"));
        assert_true(b != 0 && b != JET_instanceNil && b != a);
        EXPECT_OK(JetInit(&a)); /* the handles work */
        EXPECT_OK(JetInit(&b));
        fixture_session(a);
        fixture_session(b);
    }
}

/* A NULL pinstance is refused in every mode, and changes nothing. */
static void test_create_instance_null_out_pointer(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        for (int mode = MODE_NONE; mode <= MODE_MULTI; mode++) {
            reset_library();
            if (mode == MODE_ONE)
                EXPECT_OK(JetInit(NULL));
            if (mode == MODE_MULTI)
                fixture_created("other");
            uint64_t before = live_blocks();
            CHECK_FN(creates[v].fn, "NullOutPointer", creates[v].create(NULL, "x"));
            CHECK_FN(creates[v].fn, "NullOutPointer", creates[v].create(NULL, NULL));
            assert_int_equal(live_blocks(), before);
            expect_mode(mode);
            if (mode != MODE_ONE)
                fixture_created("x"); /* the name was not taken */
        }
    }
}

static void test_create_instance_running_in_one_instance_mode(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        EXPECT_OK(JetInit(NULL));
        uint64_t before = live_blocks();
        JET_INSTANCE out = 0;
        CHECK_FN(creates[v].fn, "RunningInOneInstanceMode", creates[v].create(&out, "a"));
        CHECK_FN(creates[v].fn, "RunningInOneInstanceMode", creates[v].create(&out, NULL));
        assert_int_equal(live_blocks(), before);
        expect_mode(MODE_ONE);
        fixture_session(0); /* the one instance is untouched */
    }
}

/* JET_paramMaxInstances instances exist: one more is refused, whatever its name; once one is
 * terminated, the next is accepted. */
static void check_instance_limit(const create_variant *v, uint32_t limit, int set_limit)
{
    reset_library();
    if (set_limit)
        EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, limit, NULL));
    JET_INSTANCE first = 0, out = 0;
    char name[16];
    for (uint32_t i = 0; i < limit; i++) {
        snprintf(name, sizeof name, "i%u", i);
        EXPECT_OK(v->create(i == 0 ? &first : &out, name));
    }
    uint64_t before = live_blocks();
    CHECK_FN(v->fn, "TooManyInstances", v->create(&out, "one more"));
    CHECK_FN(v->fn, "TooManyInstances", v->create(&out, NULL));
    CHECK_FN(v->fn, "Order.TooManyBeforeName", v->create(&out, "i0"));
    assert_int_equal(live_blocks(), before);
    EXPECT_OK(JetTerm(first));
    EXPECT_OK(v->create(&out, "one more"));
    CHECK_FN(v->fn, "TooManyInstances", v->create(&out, "two more"));
}

static void test_create_instance_too_many_instances(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        check_instance_limit(&creates[v], 16, 0); /* the default */
        check_instance_limit(&creates[v], 1, 1);
        check_instance_limit(&creates[v], 3, 1);
    }
}

static void test_create_instance_name_in_use(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        JET_INSTANCE a = fixture_created("a");
        JET_INSTANCE b = fixture_instance("b", -1);
        uint64_t before = live_blocks();
        JET_INSTANCE out = 0;
        CHECK_FN(creates[v].fn, "InstanceNameInUse", creates[v].create(&out, "a"));
        CHECK_FN(creates[v].fn, "InstanceNameInUse", creates[v].create(&out, "b"));
        assert_int_equal(live_blocks(), before);
        EXPECT_OK(JetInit(&a)); /* both instances are untouched */
        fixture_session(a);
        fixture_session(b);
    }
}

static void test_create_instance_null_names_collide(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        JET_INSTANCE first = fixture_created(NULL);
        uint64_t before = live_blocks();
        JET_INSTANCE out = 0;
        CHECK_FN(creates[v].fn, "NullNamesCollide", creates[v].create(&out, NULL));
        assert_int_equal(live_blocks(), before);
        EXPECT_OK(JetTerm(first));
        EXPECT_OK(creates[v].create(&out, NULL)); /* free again */
    }
}

static void test_create_instance_names_case_sensitive(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        fixture_created("Instance");
        JET_INSTANCE out = 0;
        CHECK_FN(creates[v].fn, "NamesCaseSensitive", creates[v].create(&out, "instance"));
        CHECK_FN(creates[v].fn, "NamesCaseSensitive", creates[v].create(&out, "INSTANCE"));
        CHECK_FN(creates[v].fn, "NamesCaseSensitive", creates[v].create(&out, "iNSTANCE"));
    }
}

/* Terminated, initialized or not, with sessions or not: the name can be used again. */
static void test_create_instance_name_freed_on_term(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        reset_library();
        fixture_created("keep"); /* the mode stays multi throughout */
        JET_INSTANCE a = fixture_created("a");
        EXPECT_OK(JetTerm(a));
        CHECK_FN(creates[v].fn, "NameFreedOnTerm", creates[v].create(&a, "a"));
        EXPECT_OK(JetInit(&a));
        fixture_session(a);
        EXPECT_OK(JetTerm2(a, JET_bitTermComplete));
        CHECK_FN(creates[v].fn, "NameFreedOnTerm", creates[v].create(&a, "a"));
        JET_INSTANCE unnamed = fixture_created(NULL);
        EXPECT_OK(JetTerm(unnamed));
        CHECK_FN(creates[v].fn, "NameFreedOnTerm", creates[v].create(&unnamed, NULL));
    }
}

/* Fail the 1st, 2nd, ... allocation of a creation until it succeeds: every failure returns
 * OutOfMemory, leaves no block behind, chooses no mode and takes no name. */
static void check_create_out_of_memory(const create_variant *v, const char *name, int multi)
{
    reset_library();
    if (multi)
        fixture_created("other");
    int failures = 0;
    for (uint32_t nth = 1;; nth++) {
        uint64_t before = live_blocks();
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_INSTANCE out = 0;
        JET_ERR err = v->create(&out, name);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err == JET_errSuccess)
            break;
        failures++;
        CHECK_FN(v->fn, "OutOfMemory", err);
        assert_int_equal(live_blocks(), before);
        expect_mode(multi ? MODE_MULTI : MODE_NONE);
    }
    assert_true(failures >= 1);
    JET_INSTANCE out = 0;
    CHECK_FN(v->fn, name ? "InstanceNameInUse" : "NullNamesCollide", v->create(&out, name)); /* once */
}

static void test_create_instance_out_of_memory(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_CREATES; v++) {
        check_create_out_of_memory(&creates[v], "named", 0);
        check_create_out_of_memory(&creates[v], NULL, 0);
        check_create_out_of_memory(&creates[v], "named", 1);
    }
}

static void test_create_instance2_display_name_and_grbit_ignored(void **state)
{
    (void)state;
    char long_name[1024];
    memset(long_name, 'd', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    const char *displays[] = {NULL, "", "display", long_name};
    static const JET_GRBIT grbits[] = {0, 1, 0x80000000u, 0xFFFFFFFFu};
    for (size_t d = 0; d < sizeof displays / sizeof displays[0]; d++)
        for (size_t g = 0; g < sizeof grbits / sizeof grbits[0]; g++) {
            JET_INSTANCE out = 0;
            CHECK_CLAUSE("JetCreateInstance2.DisplayNameAndGrbitIgnored",
                         JetCreateInstance2(&out, "same", displays[d], grbits[g]));
            EXPECT_OK(JetInit(&out)); /* a full instance */
            fixture_session(out);
            EXPECT_OK(JetTerm(out));
        }
}

/* --- JetInit, JetInit2 --------------------------------------------------------------------- */

static void test_init_success(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        JET_INSTANCE a = fixture_created("a");
        JET_INSTANCE b = fixture_created("b");
        JET_INSTANCE handle = a;
        CHECK_FN(inits[v].fn, "Success", inits[v].init(&handle));
        assert_int_equal(handle, a);
        fixture_session(a);
        JET_SESID sesid;
        CHECK_CLAUSE("JetBeginSession.NotInitialized", JetBeginSession(b, &sesid, NULL, NULL));
        CHECK_FN(inits[v].fn, "Success", inits[v].init(&b));
        fixture_session(b);
        expect_mode(MODE_MULTI);
    }
}

static void test_init_one_instance_mode(void **state)
{
    (void)state;
    const JET_INSTANCE ignored[] = {0, JET_instanceNil, GARBAGE_HANDLE};
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        CHECK_FN(inits[v].fn, "OneInstanceMode", inits[v].init(NULL));
        expect_mode(MODE_ONE);
        fixture_session(0); /* every handle names the one instance */
        fixture_session(JET_instanceNil);
        for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
            reset_library();
            JET_INSTANCE handle = ignored[i];
            CHECK_FN(inits[v].fn, "OneInstanceMode", inits[v].init(&handle));
            assert_true(handle != 0 && handle != JET_instanceNil);
            expect_mode(MODE_ONE);
            fixture_session(handle);
        }
    }
}

static void test_init_already_initialized(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        JET_INSTANCE a = fixture_instance("a", 2);
        JET_SESID sesid = fixture_session(a);
        uint64_t before = live_blocks();
        CHECK_FN(inits[v].fn, "AlreadyInitialized", inits[v].init(&a));
        assert_int_equal(live_blocks(), before);
        /* The instance is not freed: its session and its limit are as they were. */
        EXPECT_OK(JetBeginTransaction(sesid));
        assert_int_equal(open_sessions(a), 1);
        fixture_session(a);
        JET_SESID out;
        CHECK_CLAUSE("JetBeginSession.OutOfSessions", JetBeginSession(a, &out, NULL, NULL));
    }
}

static void test_init_already_initialized_one_instance_mode(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        JET_INSTANCE one = 0;
        EXPECT_OK(JetInit(&one));
        JET_SESID sesid = fixture_session(one);
        uint64_t before = live_blocks();
        CHECK_FN(inits[v].fn, "AlreadyInitializedOneInstanceMode", inits[v].init(NULL));
        JET_INSTANCE handle = one;
        CHECK_FN(inits[v].fn, "AlreadyInitializedOneInstanceMode", inits[v].init(&handle));
        handle = 0;
        CHECK_FN(inits[v].fn, "AlreadyInitializedOneInstanceMode", inits[v].init(&handle));
        assert_int_equal(live_blocks(), before);
        expect_mode(MODE_ONE);
        EXPECT_OK(JetBeginTransaction(sesid));
    }
}

static void test_init_running_in_multi_instance_mode(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        JET_INSTANCE a = fixture_created("a");
        uint64_t before = live_blocks();
        CHECK_FN(inits[v].fn, "RunningInMultiInstanceMode", inits[v].init(NULL));
        assert_int_equal(live_blocks(), before);
        expect_mode(MODE_MULTI);
        EXPECT_OK(JetInit(&a)); /* still not initialized */

        reset_library(); /* multi-instance mode without any instance */
        EXPECT_OK(JetEnableMultiInstance(NULL, 0, NULL));
        CHECK_FN(inits[v].fn, "RunningInMultiInstanceMode", inits[v].init(NULL));
        assert_int_equal(live_blocks(), 0);
        expect_mode(MODE_MULTI);
    }
}

/* Handles that are not 0 or nil and name no live instance (0 and nil make a new instance). */
static void test_init_invalid_parameter(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        JET_INSTANCE live = fixture_created("live");
        JET_INSTANCE dead = fixture_created("dead");
        EXPECT_OK(JetTerm(dead));
        const JET_INSTANCE bad[] = {GARBAGE_HANDLE, dead, live + 1, dead + 1};
        uint64_t before = live_blocks();
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            JET_INSTANCE handle = bad[i];
            CHECK_FN(inits[v].fn, "InvalidParameter", inits[v].init(&handle));
            assert_int_equal(handle, bad[i]); /* nothing written */
        }
        assert_int_equal(live_blocks(), before);
        expect_mode(MODE_MULTI);
        EXPECT_OK(JetInit(&live)); /* the live instance was not initialized */
    }
}

/* In multi-instance mode *pinstance of 0 or nil makes a new, initialized instance with the
 * NULL name, beside the instances already there (or with none yet). */
static void test_init_nil_handle_makes_instance(void **state)
{
    (void)state;
    const JET_INSTANCE zeros[] = {0, JET_instanceNil};
    for (size_t v = 0; v < N_INITS; v++)
        for (size_t z = 0; z < 2; z++)
            for (int with_other = 0; with_other <= 1; with_other++) {
                reset_library();
                JET_INSTANCE other = 0;
                if (with_other)
                    other = fixture_created("other");
                else
                    EXPECT_OK(JetEnableMultiInstance(NULL, 0, NULL)); /* no instance yet */
                JET_INSTANCE made = zeros[z];
                CHECK_FN(inits[v].fn, "NilHandleMakesInstance", inits[v].init(&made));
                assert_true(made != 0 && made != JET_instanceNil && made != other);
                expect_mode(MODE_MULTI);
                /* Initialized: it takes sessions, and a second JetInit is refused. */
                JET_SESID sesid = fixture_session(made);
                EXPECT_OK(JetBeginTransaction(sesid));
                JET_INSTANCE again = made;
                CHECK_FN(inits[v].fn, "AlreadyInitialized", inits[v].init(&again));
                /* Its name is NULL: another NULL-named instance collides with it. */
                JET_INSTANCE out = 0;
                CHECK_CLAUSE("JetCreateInstance.NullNamesCollide", JetCreateInstance(&out, NULL));
                if (with_other) {
                    EXPECT_OK(JetInit(&other)); /* the other instance was left alone */
                    fixture_session(other);
                }
                EXPECT_OK(JetCommitTransaction(sesid, 0));
                CHECK_CLAUSE("JetTerm.Success", JetTerm(made));
                EXPECT_OK(JetCreateInstance(&out, NULL)); /* the NULL name is free again */
            }
}

/* A nil handle makes an instance the way JetCreateInstance(NULL) would: refused at the limit
 * and while the NULL name is taken, nothing made; an allocation failure changes nothing. */
static void test_init_nil_handle_refused(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        reset_library();
        EXPECT_OK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 1, NULL));
        JET_INSTANCE only = fixture_created("only");
        JET_INSTANCE made = JET_instanceNil;
        CHECK_FN(inits[v].fn, "NilHandleTooManyInstances", inits[v].init(&made));
        EXPECT_OK(JetTerm(only));
        reset_library();
        JET_INSTANCE unnamed = fixture_created(NULL);
        made = 0;
        uint64_t before = live_blocks();
        CHECK_FN(inits[v].fn, "NilHandleNameInUse", inits[v].init(&made));
        assert_int_equal(live_blocks(), before);
        EXPECT_OK(JetTerm(unnamed));
        JET_INSTANCE keep = fixture_created("keep"); /* multi-instance mode, no NULL name */
        before = live_blocks();
        EXPECT_OK(esehook_fail_allocation(1));
        made = JET_instanceNil;
        CHECK_FN(inits[v].fn, "OutOfMemory", inits[v].init(&made));
        EXPECT_OK(esehook_fail_allocation(0));
        assert_int_equal(live_blocks(), before);
        made = JET_instanceNil;
        CHECK_FN(inits[v].fn, "NilHandleMakesInstance", inits[v].init(&made));
        EXPECT_OK(JetTerm(keep));
    }
}

/* Fail the 1st, 2nd, ... allocation of a JetInit that creates the one instance: every failure
 * returns OutOfMemory, leaves no block behind and chooses no mode. */
static void test_init_out_of_memory(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_INITS; v++) {
        for (int with_handle = 0; with_handle <= 1; with_handle++) {
            reset_library();
            int failures = 0;
            for (uint32_t nth = 1;; nth++) {
                EXPECT_OK(esehook_fail_allocation(nth));
                JET_INSTANCE handle = 0;
                JET_ERR err = inits[v].init(with_handle ? &handle : NULL);
                EXPECT_OK(esehook_fail_allocation(0));
                if (err == JET_errSuccess)
                    break;
                failures++;
                CHECK_FN(inits[v].fn, "OutOfMemory", err);
                assert_int_equal(live_blocks(), 0);
                expect_mode(MODE_NONE);
            }
            assert_true(failures >= 1);
            expect_mode(MODE_ONE);
            fixture_session(0);
        }
    }
}

static void test_init2_grbit_ignored(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {
        0, JET_bitReplayIgnoreMissingDB, JET_bitRecoveryWithoutUndo,
        JET_bitTruncateLogsAfterRecovery, JET_bitReplayMissingMapEntryDB,
        JET_bitLogStreamMustExist, JET_bitReplayIgnoreLostLogs,
        JET_bitKeepDbAttachedAtEndOfRecovery,
        JET_bitReplayIgnoreMissingDB | JET_bitTruncateLogsAfterRecovery |
            JET_bitReplayIgnoreLostLogs | JET_bitKeepDbAttachedAtEndOfRecovery,
    };
    for (size_t g = 0; g < sizeof grbits / sizeof grbits[0]; g++) {
        reset_library();
        JET_INSTANCE a = fixture_created("a");
        CHECK_CLAUSE("JetInit2.GrbitIgnored", JetInit2(&a, grbits[g]));
        fixture_session(a);
        reset_library();
        CHECK_CLAUSE("JetInit2.GrbitIgnored", JetInit2(NULL, grbits[g]));
        fixture_session(0);
    }
}

/* --- JetTerm, JetTerm2 --------------------------------------------------------------------- */

static void test_term_success(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        fixture_instance("keep", -1); /* multi-instance mode stays */
        uint64_t before = live_blocks();
        JET_INSTANCE a = fixture_instance("a", -1);
        CHECK_FN(terms[v].fn, "Success", term(&terms[v], a));
        assert_int_equal(live_blocks(), before);
        JET_SESID sesid;
        CHECK_CLAUSE("JetBeginSession.InvalidInstance", JetBeginSession(a, &sesid, NULL, NULL));
        CHECK_FN(terms[v].fn, "InvalidInstance", term(&terms[v], a)); /* its handle died */

        reset_library(); /* the one instance of one-instance mode */
        JET_INSTANCE one = 0;
        EXPECT_OK(JetInit(&one));
        CHECK_FN(terms[v].fn, "Success", term(&terms[v], one));
        assert_int_equal(live_blocks(), 0);
        expect_mode(MODE_NONE);
    }
}

static void test_term_never_initialized(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        fixture_created("keep");
        uint64_t before = live_blocks();
        JET_INSTANCE a = fixture_created("a");
        EXPECT_OK(JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 3, NULL));
        CHECK_FN(terms[v].fn, "NeverInitialized", term(&terms[v], a));
        assert_int_equal(live_blocks(), before);
        fixture_created("a"); /* gone: its name is free */
    }
}

/* Sessions without transactions end with their instance; other instances keep theirs. */
static void test_term_ends_sessions(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        JET_INSTANCE keep = fixture_instance("keep", -1);
        JET_SESID kept = fixture_session(keep);
        uint64_t before = live_blocks();
        JET_INSTANCE a = fixture_instance("a", -1);
        JET_SESID sessions[4];
        for (size_t i = 0; i < 3; i++)
            sessions[i] = fixture_session(a);
        EXPECT_OK(JetDupSession(sessions[0], &sessions[3]));
        CHECK_FN(terms[v].fn, "EndsSessions", term(&terms[v], a));
        assert_int_equal(live_blocks(), before);
        for (size_t i = 0; i < 4; i++) {
            CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(sessions[i], 0));
            CHECK_CLAUSE("JetBeginTransaction.InvalidSesid", JetBeginTransaction(sessions[i]));
        }
        assert_int_equal(open_sessions(keep), 1);
        EXPECT_OK(JetBeginTransaction(kept));
    }
}

/* In multi-instance mode: 0 and nil are invalid parameters; garbage and handles of terminated
 * instances are invalid instances (the docs: invalid parameters). */
static void test_term_invalid_parameter(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        JET_INSTANCE live = fixture_instance("live", -1);
        JET_SESID sesid = fixture_session(live);
        JET_INSTANCE dead = fixture_created("dead");
        EXPECT_OK(JetTerm(dead));
        const JET_INSTANCE zeros[] = {0, JET_instanceNil};
        const JET_INSTANCE bad[] = {GARBAGE_HANDLE, dead, live + 1, dead + 1};
        uint64_t before = live_blocks();
        for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
            CHECK_FN(terms[v].fn, "InvalidParameter", term(&terms[v], zeros[i]));
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            CHECK_FN(terms[v].fn, "InvalidInstance", term(&terms[v], bad[i]));
        assert_int_equal(live_blocks(), before);
        assert_int_equal(open_sessions(live), 1);
        EXPECT_OK(JetBeginTransaction(sesid));
        expect_mode(MODE_MULTI);
    }
}

/* With no instance in the process, 0 and nil name nothing to terminate: before any instance
 * existed (NoInstanceEver) and after the last one was terminated, in either mode
 * (NoInstanceLeft). No clause covers a handle that is not 0 or nil then (garbage, or of a
 * terminated instance): only an error. */
static void test_term_no_instance(void **state)
{
    (void)state;
    const JET_INSTANCE handles[] = {0, JET_instanceNil};
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++)
            CHECK_FN(terms[v].fn, "NoInstanceEver", term(&terms[v], handles[i]));
        assert_true(term(&terms[v], GARBAGE_HANDLE) < 0);
        JET_INSTANCE a = fixture_instance("a", -1);
        EXPECT_OK(JetTerm(a));
        assert_true(term(&terms[v], a) < 0);
        for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++)
            CHECK_FN(terms[v].fn, "NoInstanceLeft", term(&terms[v], handles[i]));
        JET_INSTANCE one = 0;
        EXPECT_OK(JetInit(&one));
        EXPECT_OK(JetTerm(one));
        assert_true(term(&terms[v], one) < 0);
        for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++)
            CHECK_FN(terms[v].fn, "NoInstanceLeft", term(&terms[v], handles[i]));
        assert_int_equal(live_blocks(), 0);
        expect_mode(MODE_NONE);
    }
}

/* Another thread is terminating or restoring the instance: the termination is refused, and
 * once that thread is done the instance and its session work as before. */
static void check_term_refused(const term_variant *v, uint32_t hook_state, const char *what,
                               int one_mode)
{
    reset_library();
    JET_INSTANCE a = fixture_any_mode(one_mode);
    JET_SESID sesid = fixture_session(a);
    fixture_state(a, hook_state);
    uint64_t before = live_blocks();
    CHECK_FN(v->fn, what, term(v, a));
    assert_int_equal(live_blocks(), before);
    assert_int_equal(open_sessions(a), 1);
    fixture_state(a, ESEHOOK_STATE_NORMAL);
    CHECK_FN(v->fn, "RefusalKeepsInstance", JetBeginTransaction(sesid));
    JET_SESID other = 0;
    CHECK_FN(v->fn, "RefusalKeepsInstance", JetBeginSession(a, &other, NULL, NULL));
    EXPECT_OK(JetCommitTransaction(sesid, 0));
    CHECK_FN(v->fn, "Success", term(v, a));
    assert_int_equal(live_blocks(), 0);
}

static void test_term_term_and_restore_in_progress(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++)
        for (int one_mode = 0; one_mode <= 1; one_mode++) {
            check_term_refused(&terms[v], ESEHOOK_STATE_TERM_IN_PROGRESS, "TermInProgress",
                               one_mode);
            check_term_refused(&terms[v], ESEHOOK_STATE_RESTORE_IN_PROGRESS, "RestoreInProgress",
                               one_mode);
        }
}

/* Terminating and restoring at once: the termination is reported; restoring alone refuses a
 * dirty termination and that of a never-initialized instance too. */
static void test_term_order_term_before_restore(void **state)
{
    (void)state;
    JET_INSTANCE a = fixture_instance("a", -1);
    fixture_state(a, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    fixture_state(a, ESEHOOK_STATE_TERM_IN_PROGRESS);
    CHECK_CLAUSE("JetTerm2.Order.TermBeforeRestore", JetTerm2(a, JET_bitTermComplete));
    fixture_state(a, ESEHOOK_STATE_NORMAL);
    fixture_state(a, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    CHECK_CLAUSE("JetTerm2.RestoreInProgress", JetTerm2(a, JET_bitTermDirty));
    JET_INSTANCE fresh = fixture_created("fresh");
    fixture_state(fresh, ESEHOOK_STATE_RESTORE_IN_PROGRESS);
    CHECK_CLAUSE("JetTerm2.RestoreInProgress", JetTerm2(fresh, JET_bitTermAbrupt));
    fixture_state(fresh, ESEHOOK_STATE_NORMAL);
    CHECK_CLAUSE("JetTerm2.NeverInitialized", JetTerm2(fresh, JET_bitTermAbrupt));
}

/* Multi -> none when the last instance goes; then one-instance mode; then none again. */
static void test_term_mode_ends_with_last_instance(void **state)
{
    (void)state;
    for (size_t v = 0; v < N_TERMS; v++) {
        reset_library();
        JET_INSTANCE a = fixture_instance("a", -1);
        JET_INSTANCE b = fixture_created("b");
        EXPECT_OK(term(&terms[v], a));
        expect_mode(MODE_MULTI); /* b is still there */
        CHECK_FN(terms[v].fn, "ModeEndsWithLastInstance", term(&terms[v], b));
        expect_mode(MODE_NONE);
        JET_INSTANCE one = 0;
        CHECK_FN(terms[v].fn, "ModeEndsWithLastInstance", JetInit(&one));
        expect_mode(MODE_ONE);
        fixture_session(one);
        CHECK_FN(terms[v].fn, "ModeEndsWithLastInstance", term(&terms[v], one));
        expect_mode(MODE_NONE);
        CHECK_FN(terms[v].fn, "ModeEndsWithLastInstance", JetCreateInstance(&a, "a"));
        expect_mode(MODE_MULTI);
        assert_int_equal(live_blocks(), 2); /* one instance and its name */
    }
}

/* After a termination call on an instance with a session in a transaction: either the
 * instance is gone with everything it had, or it is whole and can be terminated later. */
static void check_after_term(const char *fn, JET_ERR err, JET_INSTANCE instance, JET_SESID sesid,
                             const term_variant *retry)
{
    if (err == JET_errSuccess || err == JET_errDirtyShutdown) {
        assert_int_equal(live_blocks(), 0);
        CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(sesid, 0));
        expect_mode(MODE_NONE);
        return;
    }
    assert_int_equal(open_sessions(instance), 1);
    CHECK_FN(fn, "RefusalKeepsInstance", JetCommitTransaction(sesid, 0)); /* still inside */
    JET_SESID other = 0;
    CHECK_FN(fn, "RefusalKeepsInstance", JetBeginSession(instance, &other, NULL, NULL));
    EXPECT_OK(JetRollback(sesid, JET_bitRollbackAll));
    fixture_state(instance, ESEHOOK_STATE_NORMAL);
    EXPECT_OK(term(retry, instance));
    assert_int_equal(live_blocks(), 0);
}

/* An initialized instance with one session two transaction levels deep. */
static JET_SESID session_in_transaction(JET_INSTANCE *instance)
{
    *instance = fixture_instance("a", -1);
    JET_SESID sesid = fixture_session(*instance);
    EXPECT_OK(JetBeginTransaction(sesid));
    EXPECT_OK(JetBeginTransaction(sesid));
    return sesid;
}

static void test_term_open_transactions(void **state)
{
    (void)state;
    JET_INSTANCE a;
    JET_SESID sesid = session_in_transaction(&a);
    JET_ERR err = JetTerm(a);
    CHECK_CLAUSE("JetTerm.OpenTransactions", err);
    check_after_term("JetTerm", err, a, sesid, &terms[0]);
}

static void test_term2_open_transactions(void **state)
{
    (void)state;
    static const struct {
        JET_GRBIT grbit;
        const char *clause;
    } cases[] = {
        {JET_bitTermComplete, "JetTerm2.TooManyActiveUsers"},
        {JET_bitTermComplete | JET_bitTermStopBackup, "JetTerm2.TooManyActiveUsers"},
        {JET_bitTermAbrupt, "JetTerm2.AbruptWithOpenTransactions"},
        {0, "JetTerm2.NoGrbitWithOpenTransactions"},
        {JET_bitTermDirty, "JetTerm2.DirtyWithOpenTransactions"},
        {JET_bitTermDirty | JET_bitTermComplete, "JetTerm2.DirtyWithOpenTransactions"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset_library();
        JET_INSTANCE a;
        JET_SESID sesid = session_in_transaction(&a);
        JET_ERR err = JetTerm2(a, cases[i].grbit);
        CHECK_CLAUSE(cases[i].clause, err);
        term_variant retry = {"JetTerm2", 0, cases[i].grbit};
        check_after_term("JetTerm2", err, a, sesid, &retry);
    }
}

static void test_term_backup_in_progress(void **state)
{
    (void)state;
    static const struct {
        int plain;
        JET_GRBIT grbit;
        const char *clause;
    } cases[] = {
        {1, 0, "JetTerm.BackupInProgress"},
        {0, JET_bitTermComplete, "JetTerm2.BackupInProgress"},
        {0, JET_bitTermStopBackup, "JetTerm2.StopBackup"},
        {0, JET_bitTermComplete | JET_bitTermStopBackup, "JetTerm2.StopBackup"},
        {0, JET_bitTermAbrupt | JET_bitTermStopBackup, "JetTerm2.StopBackup"},
        {0, JET_bitTermAbrupt, "JetTerm2.AbruptDuringBackup"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reset_library();
        JET_INSTANCE a = fixture_instance("a", -1);
        JET_SESID sesid = fixture_session(a);
        fixture_state(a, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
        term_variant v = {cases[i].plain ? "JetTerm" : "JetTerm2", cases[i].plain, cases[i].grbit};
        JET_ERR err = term(&v, a);
        CHECK_CLAUSE(cases[i].clause, err);
        if (err != JET_errSuccess) { /* two levels, as check_after_term expects */
            EXPECT_OK(JetBeginTransaction(sesid));
            EXPECT_OK(JetBeginTransaction(sesid));
        }
        check_after_term(v.fn, err, a, sesid, &v);
    }
}

static void test_term2_transactions_before_backup(void **state)
{
    (void)state;
    JET_INSTANCE a;
    JET_SESID sesid = session_in_transaction(&a);
    fixture_state(a, ESEHOOK_STATE_BACKUP_IN_PROGRESS);
    JET_ERR err = JetTerm2(a, JET_bitTermComplete);
    CHECK_CLAUSE("JetTerm2.Order.TransactionsBeforeBackup", err);
    term_variant retry = {"JetTerm2", 0, JET_bitTermComplete | JET_bitTermStopBackup};
    check_after_term("JetTerm2", err, a, sesid, &retry);
}

static void test_term2_unknown_bits_ignored(void **state)
{
    (void)state;
    static const JET_GRBIT grbits[] = {0x10, 0x100, 0x80000000u, JET_bitTermComplete | 0x100,
                                       JET_bitTermAbrupt | 0xFFFFFF00u};
    for (size_t i = 0; i < sizeof grbits / sizeof grbits[0]; i++) {
        JET_INSTANCE a = fixture_instance("a", -1);
        JET_SESID sesid = fixture_session(a);
        CHECK_CLAUSE("JetTerm2.UnknownBitsIgnored", JetTerm2(a, grbits[i]));
        assert_int_equal(live_blocks(), 0);
        CHECK_CLAUSE("JetEndSession.InvalidSesid", JetEndSession(sesid, 0));
    }
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_create_instance_success),
    REF_TEST(test_create_instance_null_out_pointer),
    REF_TEST(test_create_instance_running_in_one_instance_mode),
    REF_TEST(test_create_instance_too_many_instances),
    REF_TEST(test_create_instance_name_in_use),
    REF_TEST(test_create_instance_null_names_collide),
    REF_TEST(test_create_instance_names_case_sensitive),
    REF_TEST(test_create_instance_name_freed_on_term),
    REF_TEST(test_create_instance_out_of_memory),
    REF_TEST(test_create_instance2_display_name_and_grbit_ignored),
    REF_TEST(test_init_success),
    REF_TEST(test_init_one_instance_mode),
    REF_TEST(test_init_already_initialized),
    REF_TEST(test_init_already_initialized_one_instance_mode),
    REF_TEST(test_init_running_in_multi_instance_mode),
    REF_TEST(test_init_invalid_parameter),
    REF_TEST(test_init_nil_handle_makes_instance),
    REF_TEST(test_init_nil_handle_refused),
    REF_TEST(test_init_out_of_memory),
    REF_TEST(test_init2_grbit_ignored),
    REF_TEST(test_term_success),
    REF_TEST(test_term_never_initialized),
    REF_TEST(test_term_ends_sessions),
    REF_TEST(test_term_invalid_parameter),
    REF_TEST(test_term_no_instance),
    REF_TEST(test_term_term_and_restore_in_progress),
    REF_TEST(test_term_order_term_before_restore),
    REF_TEST(test_term_mode_ends_with_last_instance),
    REF_TEST(test_term_open_transactions),
    REF_TEST(test_term2_open_transactions),
    REF_TEST(test_term_backup_in_progress),
    REF_TEST(test_term2_transactions_before_backup),
    REF_TEST(test_term2_unknown_bits_ignored),
};
REF_GROUP_TABLE(instance, tests)
