/* test_planted.c - each planted-bug target shows its bug with direct calls, and the same calls
 * against ref return what the catalogue says; esehook_reset forgets a bug's state; a planted
 * target's ref is an engine of its own, not the ref a process loaded as the reference. */
#include "test_support.h"
#include "target.h"

static espec_catalogue *catalogue;
static esc_target ref, slot_reuse, count_drift, generation_wrap, context_commit;

static int group_setup(void **state)
{
    (void)state;
    char err[512];
    catalogue = test_catalogue();
    assert_true(target_open(&ref, ESECHECK_DEFAULT_TARGET, err, sizeof err));
    assert_true(target_open(&slot_reuse, PLANTED_SLOT_REUSE, err, sizeof err));
    assert_true(target_open(&count_drift, PLANTED_COUNT_DRIFT, err, sizeof err));
    assert_true(target_open(&generation_wrap, PLANTED_GENERATION_WRAP, err, sizeof err));
    assert_true(target_open(&context_commit, PLANTED_CONTEXT_COMMIT, err, sizeof err));
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    esc_target *all[] = {&ref, &slot_reuse, &count_drift, &generation_wrap, &context_commit};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        assert_int_equal(target_reset(all[i]), JET_errSuccess); /* frees what the tests left open */
    target_close(&ref);
    target_close(&slot_reuse);
    target_close(&count_drift);
    target_close(&generation_wrap);
    target_close(&context_commit);
    espec_catalogue_free(catalogue);
    return 0;
}

/* Returns the one code clause id expects in the documented profile (the test fails otherwise). */
static JET_ERR clause_code(const char *id)
{
    espec_codeset set;
    const espec_clause *clause = espec_catalogue_find(catalogue, id);
    assert_non_null(clause);
    assert_true(espec_clause_expect(clause, ESPEC_PROFILE_DOCUMENTED, &set));
    assert_int_equal(set.count, 1);
    return set.codes[0];
}

/* Returns a fresh instance of t, after esehook_reset, initialized, with a session in *s. */
static JET_INSTANCE start(const esc_target *t, JET_SESID *s)
{
    JET_INSTANCE inst;
    assert_non_null(t->hooks);
    assert_int_equal(target_reset(t), JET_errSuccess);
    assert_int_equal(t->api.JetCreateInstance(&inst, "planted"), JET_errSuccess);
    assert_int_equal(t->api.JetInit(&inst), JET_errSuccess);
    assert_int_equal(t->api.JetBeginSession(inst, s, NULL, NULL), JET_errSuccess);
    return inst;
}

/* Returns the code of the last step of slot_reuse's sequence on t: a session ended inside a
 * transaction, a new one begun, then JetCommitTransaction (or JetRollback) on it. */
static JET_ERR end_in_transaction_then_commit(const esc_target *t, int rollback, JET_SESID *s2)
{
    JET_SESID s1;
    JET_INSTANCE inst = start(t, &s1);
    assert_int_equal(t->api.JetBeginTransaction(s1), JET_errSuccess);
    assert_int_equal(t->api.JetEndSession(s1, 0), clause_code("JetEndSession.RollsBackTransaction"));
    assert_int_equal(t->api.JetBeginSession(inst, s2, NULL, NULL), JET_errSuccess);
    return rollback ? t->api.JetRollback(*s2, 0) : t->api.JetCommitTransaction(*s2, 0);
}

static void test_planted_slot_reuse_heir_commits_once(void **state)
{
    (void)state;
    JET_SESID s2;
    JET_ERR not_in = clause_code("JetCommitTransaction.NotInTransaction");
    assert_int_equal(end_in_transaction_then_commit(&ref, 0, &s2), not_in);
    assert_int_equal(end_in_transaction_then_commit(&slot_reuse, 0, &s2), JET_errSuccess);
    assert_int_equal(slot_reuse.api.JetCommitTransaction(s2, 0), not_in); /* once only */
    assert_int_equal(end_in_transaction_then_commit(&ref, 1, &s2), clause_code("JetRollback.NotInTransaction"));
    assert_int_equal(end_in_transaction_then_commit(&slot_reuse, 1, &s2), JET_errSuccess);
}

static void test_planted_slot_reuse_needs_the_transaction(void **state)
{
    (void)state;
    JET_SESID s1, s2;
    JET_INSTANCE inst = start(&slot_reuse, &s1);
    assert_int_equal(slot_reuse.api.JetEndSession(s1, 0), JET_errSuccess); /* no transaction */
    assert_int_equal(slot_reuse.api.JetBeginSession(inst, &s2, NULL, NULL), JET_errSuccess);
    assert_int_equal(slot_reuse.api.JetCommitTransaction(s2, 0), clause_code("JetCommitTransaction.NotInTransaction"));
}

/* Returns the code of JetBeginSession on t after `refusals` refused JetDupSession calls; the
 * cell is in *s (JET_sesidNil before the call). */
static JET_ERR begin_after_refused_dups(const esc_target *t, int refusals, JET_SESID *s)
{
    JET_SESID s0, out;
    JET_INSTANCE inst = start(t, &s0);
    for (int k = 0; k < refusals; k++)
        assert_int_equal(t->api.JetDupSession(JET_sesidNil, &out), clause_code("JetDupSession.InvalidSesid"));
    *s = JET_sesidNil;
    return t->api.JetBeginSession(inst, s, NULL, NULL);
}

static void test_planted_count_drift_two_refusals_exhaust_sessions(void **state)
{
    (void)state;
    JET_SESID s;
    JET_ERR success = clause_code("JetBeginSession.Success");
    assert_int_equal(begin_after_refused_dups(&ref, 2, &s), success);
    assert_int_equal(begin_after_refused_dups(&count_drift, 1, &s), success);
    assert_int_equal(begin_after_refused_dups(&count_drift, 2, &s), JET_errOutOfSessions);
    assert_true(s == JET_sesidNil); /* nothing written */
    /* esehook_reset (in start) forgets the leaks */
    assert_int_equal(begin_after_refused_dups(&count_drift, 0, &s), success);
}

/* Returns the code of the nth JetEndSession on t, each on one session ended by the first. */
static JET_ERR nth_end_of_one_session(const esc_target *t, int n)
{
    JET_SESID s;
    JET_ERR rc = JET_errSuccess;
    start(t, &s);
    for (int k = 1; k <= n; k++)
        rc = t->api.JetEndSession(s, 0);
    return rc;
}

static void test_planted_generation_wrap_17th_end_succeeds(void **state)
{
    (void)state;
    JET_ERR invalid = clause_code("JetEndSession.InvalidSesid");
    assert_int_equal(nth_end_of_one_session(&ref, 17), invalid);
    assert_int_equal(nth_end_of_one_session(&generation_wrap, 16), invalid);
    assert_int_equal(nth_end_of_one_session(&generation_wrap, 17), JET_errSuccess);
    /* a handle that was never a session is still refused */
    assert_int_equal(generation_wrap.api.JetEndSession(JET_sesidNil, 0), invalid);
}

/* Returns the code of JetCommitTransaction outside a transaction on t, with a context set
 * (and reset again first when reset). */
static JET_ERR commit_with_context(const esc_target *t, int reset)
{
    JET_SESID s;
    start(t, &s);
    assert_int_equal(t->api.JetSetSessionContext(s, 0x1234), clause_code("JetSetSessionContext.Success"));
    if (reset)
        assert_int_equal(t->api.JetResetSessionContext(s), JET_errSuccess);
    return t->api.JetCommitTransaction(s, 0);
}

static void test_planted_context_commit_commits_nothing(void **state)
{
    (void)state;
    JET_ERR not_in = clause_code("JetCommitTransaction.NotInTransaction");
    assert_int_equal(commit_with_context(&ref, 0), not_in);
    assert_int_equal(commit_with_context(&context_commit, 0), JET_errSuccess);
    assert_int_equal(commit_with_context(&context_commit, 1), not_in);
}

static void test_planted_ref_is_an_engine_of_its_own(void **state)
{
    (void)state;
    JET_INSTANCE a, b;
    assert_int_equal(target_reset(&ref), JET_errSuccess);
    assert_int_equal(target_reset(&context_commit), JET_errSuccess);
    assert_int_equal(ref.api.JetCreateInstance(&a, "same name"), JET_errSuccess);
    /* one shared engine would say JET_errInstanceNameInUse */
    assert_int_equal(context_commit.api.JetCreateInstance(&b, "same name"), JET_errSuccess);
    assert_int_equal(target_reset(&ref), JET_errSuccess);
    assert_int_equal(target_reset(&context_commit), JET_errSuccess);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planted_slot_reuse_heir_commits_once),
        cmocka_unit_test(test_planted_slot_reuse_needs_the_transaction),
        cmocka_unit_test(test_planted_count_drift_two_refusals_exhaust_sessions),
        cmocka_unit_test(test_planted_generation_wrap_17th_end_succeeds),
        cmocka_unit_test(test_planted_context_commit_commits_nothing),
        cmocka_unit_test(test_planted_ref_is_an_engine_of_its_own),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
