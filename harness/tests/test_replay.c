/* test_replay.c - call descriptors, the target loader and replay, against the test targets. */
#include <esespec/api.h>
#include "test_support.h"
#include "fault_sweep.h"
#include "replay.h"
#include "target.h"

static espec_catalogue *catalogue;
static esc_target good, hooks, ref;

static int group_setup(void **state)
{
    (void)state;
    char err[512];
    catalogue = test_catalogue();
    assert_true(target_open(&good, ESECHECK_GOOD_TARGET, err, sizeof err));
    assert_true(target_open(&hooks, ESECHECK_HOOKS_TARGET, err, sizeof err));
    assert_true(target_open(&ref, ESECHECK_REF_TARGET, err, sizeof err));
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    target_close(&good);
    target_close(&hooks);
    target_close(&ref);
    espec_catalogue_free(catalogue);
    return 0;
}

/* Returns the preflight's answer for text (validated first) on target under profile, with the
 * calls declared[i] (may be NULL) declared unimplemented; *unimplemented as the preflight says.
 * Checks that the suite's summary of the file gives the same answer and reason. */
static esc_status preflight_text(const char *text, const esc_target *target, espec_profile profile,
                                 const unsigned char *declared, int *unimplemented, char *msg,
                                 size_t size)
{
    esc_scenario sc;
    test_load_text(text, &sc);
    validate_scenario(&sc, catalogue);
    assert_int_equal(sc.errors.count, 0);
    esc_replay r = {.target = target, .catalogue = catalogue, .profile = profile, .unimplemented = declared};
    char summary_msg[1024];
    int summary_unimplemented;
    esc_status s = replay_preflight(&r, &sc, unimplemented, msg, size);
    esc_suite suite;
    esc_entry e;
    memset(&suite, 0, sizeof suite);
    memset(&e, 0, sizeof e);
    suite_summarize(&suite, &sc, catalogue, &e);
    assert_int_equal(replay_preflight_entry(&r, &e, &summary_unimplemented, summary_msg, sizeof summary_msg), s);
    assert_string_equal(summary_msg, msg);
    assert_int_equal(summary_unimplemented, *unimplemented);
    free(e.problems);
    suite_free(&suite);
    scenario_free(&sc);
    return s;
}

/* Returns the status of replaying text (validated first) on target under profile. */
static esc_status replay_text(const char *text, const esc_target *target, espec_profile profile,
                              char *msg, size_t size)
{
    int unimplemented;
    esc_status s = preflight_text(text, target, profile, NULL, &unimplemented, msg, size);
    if (s != ESC_PASS)
        return s;
    esc_scenario sc;
    test_load_text(text, &sc);
    validate_scenario(&sc, catalogue);
    esc_replay r = {.target = target, .catalogue = catalogue, .profile = profile};
    char pointer[256];
    s = replay_run(&r, &sc, pointer, sizeof pointer, msg, size);
    scenario_free(&sc);
    return s;
}

static void test_calls_table_covers_api_and_hooks(void **state)
{
    (void)state;
    assert_true(calls_count() > espec_api_count());
    for (size_t i = 0; i < espec_api_count(); i++) {
        const espec_api *api = espec_api_at(i);
        const esc_call *call = calls_find(api->name);
        assert_non_null(call);
        assert_int_equal(call->arity, api->arity);
        assert_int_equal(call->has_ansi_alias, api->has_ansi_alias);
        for (int k = 0; k < api->arity; k++)
            assert_string_equal(call->args[k].name, api->args[k].name);
    }
    const esc_call *hook = calls_find("esehook_open_sessions");
    assert_true(hook->is_hook);
    assert_int_equal(calls_arg_index(hook, "pcount"), 1);
    uint32_t v;
    assert_true(calls_hook_const("ESEHOOK_PROFILE_ESENT", &v));
    assert_int_equal(v, 1);
}

static void test_target_open_leaves_missing_functions_null(void **state)
{
    (void)state;
    assert_true(target_has(&good, calls_find("JetDupSession")));
    assert_false(target_has(&good, calls_find("JetRollback")));
    assert_null(good.hooks);
    assert_non_null(hooks.hooks);
    assert_true(target_has(&hooks, calls_find("esehook_reset")));
    assert_false(target_has(&hooks, calls_find("esehook_fail_allocation")));
    esc_target none;
    char err[256];
    assert_false(target_open(&none, "/nonexistent/lib.so", err, sizeof err));
    assert_non_null(strstr(err, "cannot load"));
}

static void test_replay_run_passes_test_scenario(void **state)
{
    (void)state;
    char msg[2048];
    char text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": \"$s2\"},"
             " \"check\": {\"bound\": [\"psesid\"], \"distinct\": {\"psesid\": [\"$s1\"]}, \"unchanged\": [\"psesid\"]}},"
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": null}, \"expect\": \"JET_errInvalidParameter\"},"
             "{\"call\": \"JetTerm\", \"args\": {\"instance\": \"$inst\"}}]}", "");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_PASS);
}

static void test_replay_run_reports_divergence_by_name_and_number(void **state)
{
    (void)state;
    char msg[2048], text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetTerm\", \"args\": {\"instance\": \"$inst\"}},"
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"nil\", \"psesid\": \"$s2\"},"
             " \"expect\": {\"any\": [\"JET_errSuccess\", \"JET_errOutOfSessions\"]}}]}", "");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_FAIL);
    assert_non_null(strstr(msg, "JetDupSession(sesid=nil, psesid=&$s2->0x5eb7cafe5eb7cafe (unchanged))"));
    assert_non_null(strstr(msg, "returned JET_errInvalidSesid (-1104)"));
    assert_non_null(strstr(msg, "expected one of JET_errSuccess (0), JET_errOutOfSessions (-1101)"));
}

static void test_replay_preflight_skips_clause_outside_profile(void **state)
{
    (void)state;
    char msg[512], text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": null},"
             " \"clause\": \"JetDupSession.NullOutPointer\"}]}", "");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_ESENT, msg, sizeof msg), ESC_SKIP);
    assert_non_null(strstr(msg, "JetDupSession.NullOutPointer does not apply in profile esent"));
}

static void test_replay_preflight_needs_hooks_and_functions(void **state)
{
    (void)state;
    char msg[512], text[4096];
    snprintf(text, sizeof text, TEST_PREFIX "{\"call\": \"esehook_reset\"}]}", "\"ref-hooks\"");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_UNSUPPORTED);
    assert_non_null(strstr(msg, "ref-hooks"));
    snprintf(text, sizeof text, TEST_PREFIX "{\"call\": \"JetRollback\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}}]}", "");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_MISSING);
    assert_string_equal(msg, "target lacks JetRollback");
}

/* The steps of a scenario calling two functions the good target lacks, JetRollback and
 * JetCommitTransaction (each twice), and esehook_reset when hooks is "with-hook". */
static void two_missing(char *text, size_t size, const char *hooks)
{
    const char *rollback = "{\"call\": \"JetRollback\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}}";
    const char *commit = "{\"call\": \"JetCommitTransaction\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}}";
    int with_hook = strcmp(hooks, "with-hook") == 0;
    snprintf(text, size, TEST_PREFIX "%s, %s, %s, %s%s]}", with_hook ? "\"ref-hooks\"" : "",
             rollback, commit, rollback, commit, with_hook ? ", {\"call\": \"esehook_reset\"}" : "");
}

static void test_replay_preflight_names_every_missing_function(void **state)
{
    (void)state;
    char msg[512], text[4096];
    int unimplemented = -1;
    two_missing(text, sizeof text, "");
    assert_int_equal(preflight_text(text, &good, ESPEC_PROFILE_DOCUMENTED, NULL, &unimplemented, msg, sizeof msg),
                     ESC_MISSING);
    assert_string_equal(msg, "target lacks JetRollback, JetCommitTransaction");
    assert_false(unimplemented);
}

static void test_replay_preflight_declared_unimplemented(void **state)
{
    (void)state;
    char msg[512], text[4096];
    int unimplemented = -1;
    unsigned char declared[512] = {0};
    assert_true(calls_count() <= sizeof declared);
    declared[calls_find("JetCommitTransaction") - calls_at(0)] = 1;
    two_missing(text, sizeof text, "");
    assert_int_equal(preflight_text(text, &good, ESPEC_PROFILE_DOCUMENTED, declared, &unimplemented, msg, sizeof msg),
                     ESC_MISSING);
    assert_string_equal(msg, "target lacks JetRollback (and JetCommitTransaction, declared unimplemented)");
    assert_false(unimplemented); /* JetRollback is not declared: still a divergence */
    declared[calls_find("JetRollback") - calls_at(0)] = 1;
    assert_int_equal(preflight_text(text, &good, ESPEC_PROFILE_DOCUMENTED, declared, &unimplemented, msg, sizeof msg),
                     ESC_MISSING);
    assert_string_equal(msg, "target lacks JetRollback, JetCommitTransaction (declared unimplemented)");
    assert_true(unimplemented);
    /* a declared function the target has is called as usual */
    declared[calls_find("JetDupSession") - calls_at(0)] = 1;
    snprintf(text, sizeof text, TEST_PREFIX "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": \"$s2\"}}]}", "");
    assert_int_equal(preflight_text(text, &good, ESPEC_PROFILE_DOCUMENTED, declared, &unimplemented, msg, sizeof msg),
                     ESC_PASS);
}

static void test_replay_preflight_hooks_win_over_missing_functions(void **state)
{
    (void)state;
    char msg[512], text[4096];
    int unimplemented;
    two_missing(text, sizeof text, "with-hook");
    assert_int_equal(preflight_text(text, &good, ESPEC_PROFILE_DOCUMENTED, NULL, &unimplemented, msg, sizeof msg),
                     ESC_UNSUPPORTED);
    assert_non_null(strstr(msg, "ref-hooks"));
    /* a target with hooks but not this hook function: UNSUPPORTED too */
    snprintf(text, sizeof text, TEST_PREFIX "{\"call\": \"esehook_fail_allocation\", \"args\": {\"nth\": 0}}, "
             "{\"call\": \"JetRollback\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}}]}", "\"ref-hooks\"");
    assert_int_equal(preflight_text(text, &hooks, ESPEC_PROFILE_DOCUMENTED, NULL, &unimplemented, msg, sizeof msg),
                     ESC_UNSUPPORTED);
    assert_string_equal(msg, "target lacks esehook_fail_allocation");
}

static void test_replay_preflight_skip_wins_over_missing_functions(void **state)
{
    (void)state;
    char msg[512], text[4096];
    const char *missing = "{\"call\": \"JetRollback\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}}";
    const char *skipped = "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": null},"
                          " \"clause\": \"JetDupSession.NullOutPointer\"}";
    snprintf(text, sizeof text, TEST_PREFIX "%s, %s]}", "", missing, skipped);
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_ESENT, msg, sizeof msg), ESC_SKIP);
    snprintf(text, sizeof text, TEST_PREFIX "%s, %s]}", "", skipped, missing);
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_ESENT, msg, sizeof msg), ESC_SKIP);
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_MISSING);
}

static void test_replay_run_resets_and_sets_profile_through_hooks(void **state)
{
    (void)state;
    char msg[2048];
    const char *text = "{\"id\": \"t.h\", \"title\": \"t\", \"clauses\": [], \"requires\": [\"ref-hooks\"],"
                       " \"steps\": [{\"call\": \"esehook_live_allocations\", \"args\": {\"pcount\": \"$n\"},"
                       " \"check\": {\"equals\": {\"pcount\": %d}}}]}";
    char buf[1024];
    snprintf(buf, sizeof buf, text, 11); /* first run: one reset, esent (1) */
    assert_int_equal(replay_text(buf, &hooks, ESPEC_PROFILE_ESENT, msg, sizeof msg), ESC_PASS);
    snprintf(buf, sizeof buf, text, 20); /* second run: two resets, documented (0) */
    assert_int_equal(replay_text(buf, &hooks, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_PASS);
    snprintf(buf, sizeof buf, text, 99);
    assert_int_equal(replay_text(buf, &hooks, ESPEC_PROFILE_PORTABLE, msg, sizeof msg), ESC_FAIL);
    assert_non_null(strstr(msg, "check equals: pcount holds 30"));
}

static void test_replay_run_runs_thread_steps(void **state)
{
    (void)state;
    char msg[2048], text[4096];
    snprintf(text, sizeof text, TEST_PREFIX
             "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"$s1\", \"psesid\": \"$s2\"}, \"thread\": \"t2\"},"
             "{\"call\": \"JetEndSession\", \"args\": {\"sesid\": \"$s2\", \"grbit\": 0}, \"thread\": \"t3\"},"
             "{\"call\": \"JetEndSession\", \"args\": {\"sesid\": \"$s1\", \"grbit\": 0}, \"thread\": \"t2\"},"
             "{\"call\": \"JetTerm\", \"args\": {\"instance\": \"$inst\"}}]}", "\"threads\"");
    assert_int_equal(replay_text(text, &good, ESPEC_PROFILE_DOCUMENTED, msg, sizeof msg), ESC_PASS);
}

/* The codes calls inside a parallel block return are logged like a sequential step's: the
 * commits of cases/JetCommitTransaction/race-other-thread.json are all made in its block. */
static void test_replay_run_logs_codes_returned_in_parallel_blocks(void **state)
{
    (void)state;
    char msg[2048], pointer[256];
    esc_scenario sc;
    esc_steplog log;
    memset(&log, 0, sizeof log);
    assert_true(scenario_load(ESECHECK_CASES_DIR "/JetCommitTransaction/race-other-thread.json", &sc));
    validate_scenario(&sc, catalogue);
    assert_int_equal(sc.errors.count, 0);
    esc_replay r = {.target = &ref, .catalogue = catalogue, .profile = ESPEC_PROFILE_DOCUMENTED, .log = &log};
    assert_int_equal(replay_run(&r, &sc, pointer, sizeof pointer, msg, sizeof msg), ESC_PASS);
    int logged = 0; /* which codes depends on the race (a busy session, no transaction left) */
    for (size_t i = 0; i < log.count; i++)
        logged |= strcmp(log.function[i], "JetCommitTransaction") == 0;
    assert_true(logged);
    target_reset(&ref); /* the case leaves its instance to the child's exit: free it here */
    scenario_free(&sc);
}

/* A target profile's setup is compiled with the scenario and runs before it, in a replay and
 * in a fault sweep alike (replay_compile serves both): a setup step that diverges ends the run
 * there, named as the setup's. The step expects success from JetDupSession on a nil session,
 * which no target gives (JetDupSession.InvalidSesid): a divergence on purpose. */
static void test_replay_compile_runs_the_setup_first(void **state)
{
    (void)state;
    char msg[2048], pointer[256], text[4096];
    esc_scenario setup, sc;
    test_load_text("{\"id\": \"t.setup\", \"title\": \"t\", \"clauses\": [], \"steps\": ["
                   "{\"call\": \"JetDupSession\", \"args\": {\"sesid\": \"nil\", \"psesid\": \"$x\"}}]}",
                   &setup);
    validate_scenario(&setup, catalogue);
    snprintf(text, sizeof text, TEST_PREFIX "{\"call\": \"JetTerm\", \"args\": {\"instance\": \"$inst\"}}]}", "");
    test_load_text(text, &sc);
    validate_scenario(&sc, catalogue);
    assert_int_equal(setup.errors.count + sc.errors.count, 0);
    esc_replay r = {.target = &good, .catalogue = catalogue, .profile = ESPEC_PROFILE_DOCUMENTED,
                    .setup = setup.steps, .nsetup = setup.nsteps};
    assert_int_equal(replay_run(&r, &sc, pointer, sizeof pointer, msg, sizeof msg), ESC_FAIL);
    assert_non_null(strstr(msg, "target profile setup: "));
    assert_non_null(strstr(msg, "returned JET_errInvalidSesid"));
    r.target = &ref; /* the fault sweep needs ref's allocation hooks */
    assert_int_equal(fault_sweep_run(&r, &sc, 3, pointer, sizeof pointer, msg, sizeof msg), ESC_FAIL);
    assert_non_null(strstr(msg, "target profile setup: "));
    r.nsetup = 0; /* without the setup, both run the scenario through */
    assert_int_equal(replay_run(&r, &sc, pointer, sizeof pointer, msg, sizeof msg), ESC_PASS);
    assert_int_equal(fault_sweep_run(&r, &sc, 3, pointer, sizeof pointer, msg, sizeof msg), ESC_PASS);
    scenario_free(&sc);
    scenario_free(&setup);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calls_table_covers_api_and_hooks),
        cmocka_unit_test(test_target_open_leaves_missing_functions_null),
        cmocka_unit_test(test_replay_run_passes_test_scenario),
        cmocka_unit_test(test_replay_run_reports_divergence_by_name_and_number),
        cmocka_unit_test(test_replay_preflight_skips_clause_outside_profile),
        cmocka_unit_test(test_replay_preflight_needs_hooks_and_functions),
        cmocka_unit_test(test_replay_preflight_names_every_missing_function),
        cmocka_unit_test(test_replay_preflight_declared_unimplemented),
        cmocka_unit_test(test_replay_preflight_hooks_win_over_missing_functions),
        cmocka_unit_test(test_replay_preflight_skip_wins_over_missing_functions),
        cmocka_unit_test(test_replay_run_resets_and_sets_profile_through_hooks),
        cmocka_unit_test(test_replay_run_runs_thread_steps),
        cmocka_unit_test(test_replay_compile_runs_the_setup_first),
        cmocka_unit_test(test_replay_run_logs_codes_returned_in_parallel_blocks),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
