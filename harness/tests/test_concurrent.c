/* test_concurrent.c - a parallel block's invariants and history, on histories built by hand. */
#include "test_support.h"
#include "history.h"
#include "invariant.h"
#include "plan.h"

static const char *const names[] = {"t1", "t2"};

/* A block of two begins tallied "begin" and its invariants compiled from json. */
typedef struct {
    esc_scenario sc;
    esc_plan plan;
    const plan_step *begin;      /* the tallied call step (t1's) */
    esc_invariant *inv;
    size_t ninv;
    esc_history h;
} fixture;

static const char *const scenario_head =
    "{\"id\": \"x\", \"title\": \"x\", \"clauses\": [], \"requires\": [\"threads\"], \"steps\": ["
    "{\"call\": \"JetInit\", \"args\": {\"pinstance\": \"$inst\"}},"
    "{\"parallel\": ["
    "{\"thread\": \"t1\", \"steps\": [{\"call\": \"JetBeginSession\", \"args\": {\"instance\": \"$inst\","
    " \"psesid\": \"$a\", \"szUserName\": null, \"szPassword\": null},"
    " \"expect\": {\"any\": [\"JET_errSuccess\", \"JET_errOutOfSessions\"]}, \"tally\": \"begin\"}]},"
    "{\"thread\": \"t2\", \"steps\": [{\"call\": \"JetBeginSession\", \"args\": {\"instance\": \"$inst\","
    " \"psesid\": \"$b\", \"szUserName\": null, \"szPassword\": null},"
    " \"expect\": {\"any\": [\"JET_errSuccess\", \"JET_errOutOfSessions\"]}, \"tally\": \"begin\"}]}],"
    " \"invariants\": ";

/* Returns nothing; loads the block with the invariants given and two begins in its history
 * that returned rc1, rc2 and wrote out1, out2. */
static void setup_block(fixture *f, const char *invariants, int32_t rc1, int32_t rc2, uint64_t out1,
                        uint64_t out2)
{
    char text[4096], err[256];
    espec_catalogue *cat = test_catalogue();
    snprintf(text, sizeof text, "%s%s}]}", scenario_head, invariants);
    memset(f, 0, sizeof *f);
    test_load_text(text, &f->sc);
    assert_true(validate_scenario(&f->sc, cat));
    assert_true(plan_compile(&f->plan, f->sc.steps, f->sc.nsteps, ESPEC_PROFILE_DOCUMENTED, err, sizeof err));
    const plan_step *block = &f->plan.steps[1];
    f->inv = block->invariants;
    f->ninv = block->ninvariants;
    f->begin = &block->steps[0].steps[0];
    history_init(&f->h);
    hist_op op = {.list = 0, .step = f->begin, .rc = rc1, .invoke_ns = f->h.start_ns + 10, .return_ns = f->h.start_ns + 20};
    op.out[1] = out1;
    history_add(&f->h, &op);
    op.list = 1;
    op.step = &block->steps[1].steps[0];
    op.rc = rc2;
    op.out[1] = out2;
    history_add(&f->h, &op);
    espec_catalogue_free(cat);
}

static void teardown_block(fixture *f)
{
    history_free(&f->h);
    plan_free(&f->plan);
    scenario_free(&f->sc);
}

/* Returns the result of the check in a profile, with its message in msg. */
static int check(fixture *f, espec_profile p, char *msg, size_t size)
{
    char pointer[256];
    return invariant_check(f->inv, f->ninv, p, &f->h, names, pointer, sizeof pointer, msg, size);
}

static void test_invariant_count_bounds(void **state)
{
    (void)state;
    fixture f;
    char msg[2048];
    setup_block(&f, "[{\"count\": \"begin\", \"code\": \"JET_errSuccess\", \"equals\": 1},"
                    " {\"count\": \"begin\", \"code\": {\"any\": [\"JET_errSuccess\", \"JET_errOutOfSessions\"]}, \"at_least\": 2},"
                    " {\"count\": \"begin\", \"code\": \"JET_errOutOfSessions\", \"at_most\": 1}]",
                JET_errSuccess, JET_errOutOfSessions, 0xE1, 0x5EB7CAFE5EB7CAFEull);
    assert_true(check(&f, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg));
    teardown_block(&f);
    setup_block(&f, "[{\"count\": \"begin\", \"code\": \"JET_errSuccess\", \"equals\": 1}]",
                JET_errSuccess, JET_errSuccess, 0xE1, 0xE2);
    assert_false(check(&f, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg));
    assert_non_null(strstr(msg, "2 of the 2 calls tallied \"begin\" returned JET_errSuccess, expected equals 1"));
    teardown_block(&f);
}

static void test_invariant_profiles_limit_where_it_holds(void **state)
{
    (void)state;
    fixture f;
    char msg[2048];
    setup_block(&f, "[{\"count\": \"begin\", \"code\": \"JET_errSuccess\", \"at_most\": 1, \"profiles\": [\"documented\"]}]",
                JET_errSuccess, JET_errSuccess, 0xE1, 0xE2);
    assert_false(check(&f, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg));
    assert_true(check(&f, ESPEC_PROFILE_ESENT, msg, sizeof msg));
    teardown_block(&f);
}

static void test_invariant_distinct_names_both_calls(void **state)
{
    (void)state;
    fixture f;
    char msg[2048];
    setup_block(&f, "[{\"distinct\": \"begin\", \"arg\": \"psesid\"}]", JET_errSuccess, JET_errSuccess, 0xE1, 0xE1);
    assert_false(check(&f, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg));
    assert_non_null(strstr(msg, "wrote the same psesid 0xe1"));
    assert_non_null(strstr(msg, "t1 JetBeginSession("));
    assert_non_null(strstr(msg, "t2 JetBeginSession("));
    teardown_block(&f);
    setup_block(&f, "[{\"distinct\": \"begin\", \"arg\": \"psesid\"}]", JET_errSuccess, JET_errOutOfSessions, 0xE1, 0xE1);
    assert_true(check(&f, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg)); /* a refused call wrote nothing it owns */
    teardown_block(&f);
}

static void test_history_format_line(void **state)
{
    (void)state;
    fixture f;
    char line[1024];
    setup_block(&f, "[]", JET_errOutOfSessions, JET_errSuccess, 0x5EB7CAFE5EB7CAFEull, 0xE2);
    history_format(&f.h, &f.h.ops[0], names, line, sizeof line);
    assert_string_equal(line, "t1 JetBeginSession(instance=0x0, psesid->0x5eb7cafe5eb7cafe, szUserName=0x0, "
                              "szPassword=0x0) [10, 20] -> JET_errOutOfSessions (-1101)");
    teardown_block(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariant_count_bounds),
        cmocka_unit_test(test_invariant_profiles_limit_where_it_holds),
        cmocka_unit_test(test_invariant_distinct_names_both_calls),
        cmocka_unit_test(test_history_format_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
