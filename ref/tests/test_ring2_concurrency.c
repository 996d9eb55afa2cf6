/* test_ring2_concurrency.c - threads on ring 2 at once: each with its own session of one
 * instance, opening and closing cursors on one shared table; and each with an instance of its
 * own, creating, closing, detaching and attaching its own databases, so that only the
 * process-wide file map is shared (calls on one instance are serialized by it). Threads only
 * count; the main thread asserts (cmocka cannot fail a test from another thread). */
#include <pthread.h>
#include <stdio.h>
#include "ring2.h"
#include "groups.h"

#define THREADS 4
#define ROUNDS 300
#define FILES_PER_THREAD 20

typedef struct {
    JET_SESID sesid;
    JET_DBID dbid;                          /* a.edb, opened by this session */
    const char *paths[FILES_PER_THREAD];    /* interned on the main thread */
    long done;
    long unexpected;
    JET_ERR last_unexpected;
} worker;

static void run_threads(void *(*fn)(void *), worker *workers)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, fn, &workers[i]), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
}

static int expect_ok(worker *w, JET_ERR err)
{
    if (err == JET_errSuccess)
        return 1;
    w->unexpected++;
    w->last_unexpected = err;
    return 0;
}

/* Open a cursor on t, duplicate it, close both. */
static void *cursor_rounds(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < ROUNDS; r++) {
        JET_TABLEID c, d;
        if (!expect_ok(w, JetOpenTable(w->sesid, w->dbid, "t", NULL, 0, 0, &c)))
            continue;
        if (expect_ok(w, JetDupCursor(w->sesid, c, &d, 0)))
            expect_ok(w, JetCloseTable(w->sesid, d));
        if (expect_ok(w, JetCloseTable(w->sesid, c)))
            w->done++;
    }
    return NULL;
}

static worker *workers_new(const r2_fixture *f, worker workers[THREADS])
{
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){0};
        workers[i].sesid = i == 0 ? f->s : fixture_session(f->instance);
        for (int k = 0; k < FILES_PER_THREAD; k++) {
            char name[32];
            snprintf(name, sizeof name, "w%d-%d.edb", i, k);
            workers[i].paths[k] = db_path(name);
        }
    }
    return workers;
}

static void assert_all_done(const worker workers[THREADS], long rounds)
{
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(workers[i].last_unexpected, JET_errSuccess);
        assert_int_equal(workers[i].unexpected, 0);
        assert_int_equal(workers[i].done, rounds);
    }
}

static void test_ring2_concurrency_cursors_on_one_table(void **state)
{
    (void)state;
    r2_fixture f = r2_table_closed();
    worker workers[THREADS];
    workers_new(&f, workers);
    for (int i = 0; i < THREADS; i++)
        workers[i].dbid = i == 0 ? f.db : db_open(workers[i].sesid, "a.edb", 0);
    run_threads(cursor_rounds, workers);
    assert_all_done(workers, ROUNDS);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(open_cursors(workers[i].sesid), 0);
    EXPECT_OK(JetDeleteTable(f.s, f.db, "t")); /* no cursor left anywhere */
}

/* Create, close and detach this thread's own files, then attach and detach them again. */
static void *database_rounds(void *arg)
{
    worker *w = arg;
    for (int k = 0; k < FILES_PER_THREAD; k++) {
        JET_DBID dbid;
        if (!expect_ok(w, JetCreateDatabase(w->sesid, w->paths[k], NULL, &dbid, 0)))
            continue;
        expect_ok(w, JetCloseDatabase(w->sesid, dbid, 0));
        expect_ok(w, JetDetachDatabase(w->sesid, w->paths[k]));
        expect_ok(w, JetAttachDatabase(w->sesid, w->paths[k], 0));
        if (expect_ok(w, JetDetachDatabase(w->sesid, w->paths[k])))
            w->done++;
    }
    return NULL;
}

static void test_ring2_concurrency_databases_share_the_file_map(void **state)
{
    (void)state;
    r2_fixture f = r2_session();
    worker workers[THREADS];
    workers_new(&f, workers);
    JET_INSTANCE instances[THREADS];
    for (int i = 0; i < THREADS; i++) {
        char name[16];
        snprintf(name, sizeof name, "r2-w%d", i);
        instances[i] = fixture_instance(name, -1);
        workers[i].sesid = fixture_session(instances[i]);
    }
    run_threads(database_rounds, workers);
    assert_all_done(workers, FILES_PER_THREAD);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(attached_databases(instances[i]), 0);
    /* every file is in the map: a second create of any of them is a duplicate */
    JET_DBID dbid = SENTINEL_DBID;
    for (int i = 0; i < THREADS; i++)
        EXPECT_CODE(JET_errDatabaseDuplicate,
                    JetCreateDatabase(f.s, workers[i].paths[FILES_PER_THREAD - 1], NULL, &dbid, 0));
}

static const struct CMUnitTest tests[] = {
    REF_TEST(test_ring2_concurrency_cursors_on_one_table),
    REF_TEST(test_ring2_concurrency_databases_share_the_file_map),
};
REF_GROUP_TABLE(ring2_concurrency, tests)
