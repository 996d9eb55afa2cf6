/* test_concurrency.c - several threads on ref at once: sessions begun, duplicated and ended on
 * one instance with a small MaxSessions and on separate instances, instances created and
 * terminated under one name, an instance terminated while in use, one session used by two
 * threads at once. Threads only count; the main thread asserts (cmocka cannot fail a test
 * from another thread). */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include "support.h"
#include "groups.h"

#define THREADS 8
#define ROUNDS 1500

/* What one thread saw. */
typedef struct {
    JET_INSTANCE instance;          /* the instance to work on (or 0: make one) */
    int index;
    uint32_t max_sessions;
    long begun;                     /* sessions begun or duplicated */
    long ended;                     /* sessions ended */
    long refused;                   /* OutOfSessions */
    long unexpected;                /* any other code */
    JET_ERR last_unexpected;
    uint32_t max_open;              /* the most open sessions it saw on its instance */
    _Atomic uint32_t *shared_max;   /* the same across threads, when they share an instance */
} worker;

static void run_threads(void *(*fn)(void *), worker *workers, int count)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < count; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, fn, &workers[i]), 0);
    for (int i = 0; i < count; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
}

static void note_unexpected(worker *w, JET_ERR err)
{
    w->unexpected++;
    w->last_unexpected = err;
}

/* Reads the open session count right after a begin; keeps the highest. */
static void note_open(worker *w)
{
    uint32_t open = 0;
    if (esehook_open_sessions(w->instance, &open) != JET_errSuccess) {
        note_unexpected(w, JET_errInternalError);
        return;
    }
    if (open > w->max_open)
        w->max_open = open;
    if (w->shared_max) {
        uint32_t seen = atomic_load(w->shared_max);
        while (open > seen && !atomic_compare_exchange_weak(w->shared_max, &seen, open))
            ;
    }
}

static void end_session(worker *w, JET_SESID sesid)
{
    JET_ERR err = JetEndSession(sesid, 0);
    if (err == JET_errSuccess)
        w->ended++;
    else
        note_unexpected(w, err);
}

/* One round: begin a session, maybe duplicate it, use them, end them. */
static void session_round(worker *w, int round)
{
    JET_SESID sesid = 0, dup = 0;
    JET_ERR err = JetBeginSession(w->instance, &sesid, NULL, NULL);
    if (err == JET_errOutOfSessions) {
        w->refused++;
        return;
    }
    if (err != JET_errSuccess) {
        note_unexpected(w, err);
        return;
    }
    w->begun++;
    note_open(w);
    if (round % 3 == 0) {
        err = JetDupSession(sesid, &dup);
        if (err == JET_errSuccess) {
            w->begun++;
            note_open(w);
        } else if (err == JET_errOutOfSessions) {
            w->refused++;
            dup = 0;
        } else {
            note_unexpected(w, err);
            dup = 0;
        }
    }
    err = JetBeginTransaction(sesid);
    if (err == JET_errSuccess)
        err = JetCommitTransaction(sesid, 0);
    if (err != JET_errSuccess)
        note_unexpected(w, err);
    if (round % 2 == 0)
        sched_yield();
    if (dup)
        end_session(w, dup);
    end_session(w, sesid);
}

static void *shared_instance_thread(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++)
        session_round(w, round + w->index);
    return NULL;
}

/* Totals over the workers, checked in the main thread. */
static void check_workers(const worker *workers, int count, uint32_t limit)
{
    long begun = 0;
    for (int i = 0; i < count; i++) {
        if (workers[i].unexpected)
            fail_msg("thread %d: %ld unexpected codes, the last %d", i, workers[i].unexpected,
                     workers[i].last_unexpected);
        assert_int_equal(workers[i].begun, workers[i].ended); /* every session was ended once */
        begun += workers[i].begun;
        if (!support_esent()) /* the engine may allow more (its shared internal pool) */
            assert_true(workers[i].max_open <= limit);
    }
    assert_true(begun > 0); /* a thread alone may have been starved */
}

static void test_concurrency_sessions_on_one_instance(void **state)
{
    (void)state;
    static const uint32_t limits[] = {1, 4, 16};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        JET_INSTANCE instance = fixture_instance("shared", (int)limits[k]);
        JET_SESID warm[16]; /* the session table at its working size */
        for (uint32_t i = 0; i < limits[k]; i++)
            warm[i] = fixture_session(instance);
        for (uint32_t i = 0; i < limits[k]; i++)
            EXPECT_OK(JetEndSession(warm[i], 0));
        uint64_t start = live_blocks();
        _Atomic uint32_t shared_max = 0;
        worker workers[THREADS] = {{0}};
        for (int i = 0; i < THREADS; i++) {
            workers[i].instance = instance;
            workers[i].index = i;
            workers[i].shared_max = &shared_max;
        }
        run_threads(shared_instance_thread, workers, THREADS);
        check_workers(workers, THREADS, limits[k]);
        if (!support_esent())
            assert_true(atomic_load(&shared_max) <= limits[k]);
        assert_int_equal(open_sessions(instance), 0);
        assert_int_equal(live_blocks(), start);
        EXPECT_OK(JetTerm(instance));
        assert_int_equal(live_blocks(), 0);
    }
}

/* Calls other than sessions, made while other threads create and terminate instances:
 * parameters of this instance and global ones, a partial stop and its resume. */
static void side_calls(worker *w, int round)
{
    JET_API_PTR value = 0;
    JET_ERR err = JetSetSystemParameter(&w->instance, 0, JET_paramCommitDefault,
                                        (JET_API_PTR)(round & 1), NULL);
    if (err == JET_errSuccess)
        err = JetGetSystemParameter(0, 0, JET_paramMaxSessions, &value, NULL, 0);
    if (err == JET_errSuccess)
        err = JetStopServiceInstance2(w->instance, JET_bitStopServiceBackgroundUserTasks);
    if (err == JET_errSuccess)
        err = JetStopServiceInstance2(w->instance, JET_bitStopServiceResume);
    if (err != JET_errSuccess)
        note_unexpected(w, err);
}

/* Each thread makes its own instance (named after it), works on it, terminates it. */
static void *own_instance_thread(void *arg)
{
    worker *w = arg;
    char name[16];
    snprintf(name, sizeof name, "own%d", w->index);
    JET_ERR err = JetCreateInstance(&w->instance, name);
    if (err == JET_errSuccess)
        err = JetSetSystemParameter(&w->instance, 0, JET_paramMaxSessions, w->max_sessions, NULL);
    if (err == JET_errSuccess)
        err = JetInit(&w->instance);
    if (err != JET_errSuccess) {
        note_unexpected(w, err);
        return NULL;
    }
    for (int round = 0; round < ROUNDS; round++) {
        JET_SESID held = 0; /* one extra session held for a while: the limit is reached */
        if (round % 4 == 0 && JetBeginSession(w->instance, &held, NULL, NULL) == JET_errSuccess)
            w->begun++;
        session_round(w, round);
        if (held)
            end_session(w, held);
        if (round % 8 == 0)
            side_calls(w, round);
    }
    err = JetTerm(w->instance);
    if (err != JET_errSuccess)
        note_unexpected(w, err);
    return NULL;
}

static void test_concurrency_separate_instances(void **state)
{
    (void)state;
    worker workers[THREADS] = {{0}};
    for (int i = 0; i < THREADS; i++) {
        workers[i].index = i;
        workers[i].max_sessions = 1 + (uint32_t)i % 3;
    }
    run_threads(own_instance_thread, workers, THREADS);
    for (int i = 0; i < THREADS; i++)
        check_workers(&workers[i], 1, workers[i].max_sessions);
    assert_int_equal(live_blocks(), 0);
    CHECK_CLAUSE("JetStopService.NoInstance", JetStopService()); /* the last one ended the mode */
}

/* Threads create and terminate instances under one name: never two at once. */
static _Atomic int name_holders;
static _Atomic int name_overlaps;

static void *same_name_thread(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        JET_INSTANCE instance = 0;
        JET_ERR err = JetCreateInstance(&instance, "contended");
        if (err == JET_errInstanceNameInUse) {
            w->refused++;
            continue;
        }
        if (err != JET_errSuccess) {
            note_unexpected(w, err);
            continue;
        }
        w->begun++;
        if (atomic_fetch_add(&name_holders, 1) != 0)
            atomic_fetch_add(&name_overlaps, 1);
        if (round % 2 == 0)
            sched_yield();
        atomic_fetch_sub(&name_holders, 1);
        err = JetTerm(instance);
        if (err == JET_errSuccess)
            w->ended++;
        else
            note_unexpected(w, err);
    }
    return NULL;
}

static void test_concurrency_create_same_name(void **state)
{
    (void)state;
    atomic_store(&name_holders, 0);
    atomic_store(&name_overlaps, 0);
    worker workers[THREADS] = {{0}};
    for (int i = 0; i < THREADS; i++)
        workers[i].index = i;
    run_threads(same_name_thread, workers, THREADS);
    long created = 0;
    for (int i = 0; i < THREADS; i++) {
        if (workers[i].unexpected)
            fail_msg("thread %d: %ld unexpected codes, the last %d", i, workers[i].unexpected,
                     workers[i].last_unexpected);
        assert_int_equal(workers[i].begun, workers[i].ended);
        created += workers[i].begun;
    }
    assert_true(created > 0);
    assert_int_equal(atomic_load(&name_overlaps), 0);
    assert_int_equal(live_blocks(), 0);
    fixture_created("contended"); /* free at the end */
}

/* Threads use an instance until it is gone; one of them terminates it meanwhile. Every call
 * returns Success or an error, the threads notice and stop, nothing is left behind. */
static void *until_gone_thread(void *arg)
{
    worker *w = arg;
    for (long round = 0; round < 10000000; round++) {
        JET_SESID sesid = 0;
        JET_ERR err = JetBeginSession(w->instance, &sesid, NULL, NULL);
        if (err == JET_errOutOfSessions)
            continue;
        if (err != JET_errSuccess)
            return NULL; /* the instance is gone */
        atomic_fetch_add(w->shared_max, 1);
        if (JetBeginTransaction(sesid) == JET_errSuccess)
            (void)JetCommitTransaction(sesid, 0);
        err = JetEndSession(sesid, 0);
        if (err != JET_errSuccess && err != JET_errInvalidSesid) /* ended with its instance */
            note_unexpected(w, err);
    }
    note_unexpected(w, JET_errSuccess); /* never saw the termination */
    return NULL;
}

static void *terminator_thread(void *arg)
{
    worker *w = arg;
    for (long spins = 0; spins < 1000000 && atomic_load(w->shared_max) < 200; spins++)
        sched_yield(); /* let the others get going */
    JET_ERR err = JetTerm2(w->instance, JET_bitTermDirty); /* goes ahead even mid-transaction */
    if (err != JET_errSuccess && err != JET_errDirtyShutdown)
        note_unexpected(w, err);
    return NULL;
}

static void test_concurrency_term_while_in_use(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("busy", 4);
    _Atomic uint32_t sessions_begun = 0;
    worker workers[THREADS] = {{0}};
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i].instance = instance;
        workers[i].shared_max = &sessions_begun;
        assert_int_equal(pthread_create(&threads[i], NULL,
                                        i == 0 ? terminator_thread : until_gone_thread,
                                        &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    for (int i = 0; i < THREADS; i++)
        if (workers[i].unexpected)
            fail_msg("thread %d: %ld unexpected codes, the last %d", i, workers[i].unexpected,
                     workers[i].last_unexpected);
    assert_true(atomic_load(&sessions_begun) > 0);
    assert_int_equal(live_blocks(), 0);
    JET_SESID sesid;
    assert_true(JetBeginSession(instance, &sesid, NULL, NULL) < 0);
}

/* Two threads on one session, released together by a barrier each round: both set a context,
 * then both reset it. ref holds the instance's lock for a whole call, so the calls take turns
 * (README, "ref"): exactly one set wins, only the winner's reset succeeds, and nobody sees
 * SessionSharingViolation (what the engine may answer when the calls overlap). */
#define SHARING_ROUNDS 2000

typedef struct {
    JET_SESID sesid;                /* the one session both use */
    pthread_barrier_t *barrier;
    JET_API_PTR context;            /* this thread's context value */
    JET_ERR set[SHARING_ROUNDS];    /* what each round's JetSetSessionContext returned */
    JET_ERR reset[SHARING_ROUNDS];  /* and JetResetSessionContext */
} sharer;

static void *sharing_thread(void *arg)
{
    sharer *s = arg;
    for (int round = 0; round < SHARING_ROUNDS; round++) {
        pthread_barrier_wait(s->barrier);
        s->set[round] = JetSetSessionContext(s->sesid, s->context);
        pthread_barrier_wait(s->barrier);
        s->reset[round] = JetResetSessionContext(s->sesid);
    }
    return NULL;
}

static void test_concurrency_one_session_two_threads(void **state)
{
    (void)state;
    JET_INSTANCE instance = fixture_instance("shared", 4);
    JET_SESID sesid;
    assert_int_equal(JetBeginSession(instance, &sesid, NULL, NULL), JET_errSuccess);
    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, 2), 0);
    static sharer sharers[2]; /* large: off the stack */
    pthread_t threads[2];
    for (int t = 0; t < 2; t++) {
        sharers[t].sesid = sesid;
        sharers[t].barrier = &barrier;
        sharers[t].context = 0x100 + (JET_API_PTR)t;
        assert_int_equal(pthread_create(&threads[t], NULL, sharing_thread, &sharers[t]), 0);
    }
    for (int t = 0; t < 2; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    pthread_barrier_destroy(&barrier);
    for (int round = 0; round < SHARING_ROUNDS; round++) {
        int winner = sharers[0].set[round] == JET_errSuccess ? 0 : 1;
        const sharer *won = &sharers[winner], *lost = &sharers[1 - winner];
        if (won->set[round] != JET_errSuccess || lost->set[round] != JET_errSessionContextAlreadySet ||
            won->reset[round] != JET_errSuccess ||
            lost->reset[round] != JET_errSessionContextNotSetByThisThread)
            fail_msg("round %d: set %d and %d, reset %d and %d", round, sharers[0].set[round],
                     sharers[1].set[round], sharers[0].reset[round], sharers[1].reset[round]);
    }
    assert_int_equal(JetEndSession(sesid, 0), JET_errSuccess);
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_concurrency_sessions_on_one_instance),
    REF_TEST(test_concurrency_separate_instances),
    REF_TEST(test_concurrency_create_same_name),
    REF_TEST(test_concurrency_term_while_in_use),
    REF_TEST(test_concurrency_one_session_two_threads),
};
REF_GROUP_TABLE(concurrency, tests)
