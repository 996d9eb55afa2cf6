/* test_emit_c.c - the reproducer emit_c writes: it builds warning-free with cc and the clean-room
 * header alone, makes the plan's calls (threads included) against ref, and exits 1 naming the
 * first step where ref differs from the trace it was given, 0 when ref matches it. */
#include "test_support.h"
#include <sys/wait.h>
#include "emit_c.h"
#include "exec.h"
#include "plan.h"

#define MAX_STEPS 24

static char workdir[] = "/tmp/esecheck-emit-XXXXXX";
static esc_target ref;

static int group_setup(void **state)
{
    (void)state;
    char err[512];
    assert_non_null(mkdtemp(workdir));
    assert_true(target_open(&ref, ESECHECK_DEFAULT_TARGET, err, sizeof err));
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[1200];
    /* ref is reset (freeing what the plans left open) but not unloaded: it keeps a counter per
     * thread that ever called it for the life of the process, and unloading it would leave the
     * counters of the threads that ended (t2) unreachable, leaks to LeakSanitizer. */
    assert_int_equal(target_reset(&ref), JET_errSuccess);
    if (getenv("ESECHECK_KEEP") != NULL) return 0;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Returns a new call step of plan (steps has room for MAX_STEPS). */
static plan_step *add_step(esc_plan *plan, const char *call, const char *thread)
{
    char pointer[32];
    assert_true(plan->nsteps < MAX_STEPS);
    plan_step *st = &plan->steps[plan->nsteps];
    snprintf(pointer, sizeof pointer, "/steps/%zu", plan->nsteps++);
    st->pointer = plan_own(plan, pointer);
    st->call = calls_find(call);
    assert_non_null(st->call);
    st->thread = thread != NULL ? plan_own(plan, thread) : NULL;
    return st;
}

/* Returns nothing; argument i of st is variable $name. */
static void arg_var(esc_plan *plan, plan_step *st, int i, const char *name)
{
    st->args[i].type = PLAN_ARG_VAR;
    st->args[i].written = ESC_VAL_VAR;
    st->args[i].var.family = plan_family(plan, name);
}

/* Returns nothing; argument i of st is the number value. */
static void arg_number(plan_step *st, int i, uint64_t value)
{
    st->args[i].type = PLAN_ARG_CONST;
    st->args[i].written = ESC_VAL_NUMBER;
    st->args[i].value = value;
}

/* Returns nothing; argument i of st is a NULL pointer. */
static void arg_null(plan_step *st, int i)
{
    st->args[i].type = PLAN_ARG_NULLPTR;
    st->args[i].written = ESC_VAL_NULLPTR;
}

/* Builds: an instance, a session $s1 on main, $s2 duplicated on thread t2, a transaction begun
 * and committed on t2 (Success only if t2 is one thread throughout), one begun on main and
 * committed on t2 (refused: another thread), $s2 ended twice, a string parameter read (an
 * out-number and an out-string), and ref's count of open sessions (a hook, an out-uint32). */
static void build_plan(esc_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->steps = calloc(MAX_STEPS, sizeof *plan->steps);
    plan_step *st = add_step(plan, "JetCreateInstance", NULL);
    arg_var(plan, st, 0, "inst");
    st->args[1].type = PLAN_ARG_STRING;
    st->args[1].written = ESC_VAL_STRING;
    st->args[1].text = "emit \"c\" */ test";
    arg_var(plan, add_step(plan, "JetInit", NULL), 0, "inst");
    st = add_step(plan, "JetBeginSession", NULL);
    arg_var(plan, st, 0, "inst");
    arg_var(plan, st, 1, "s1");
    arg_null(st, 2);
    arg_null(st, 3);
    st = add_step(plan, "JetDupSession", "t2");
    arg_var(plan, st, 0, "s1");
    arg_var(plan, st, 1, "s2");
    arg_var(plan, add_step(plan, "JetBeginTransaction", "t2"), 0, "s2");
    st = add_step(plan, "JetCommitTransaction", "t2");
    arg_var(plan, st, 0, "s2");
    arg_number(st, 1, 0);
    arg_var(plan, add_step(plan, "JetBeginTransaction", NULL), 0, "s1");
    st = add_step(plan, "JetCommitTransaction", "t2");
    arg_var(plan, st, 0, "s1");
    arg_number(st, 1, 0);
    for (int k = 0; k < 2; k++) {
        st = add_step(plan, "JetEndSession", NULL);
        arg_var(plan, st, 0, "s2");
        arg_number(st, 1, 0);
    }
    st = add_step(plan, "JetGetSystemParameter", NULL);
    arg_var(plan, st, 0, "inst");
    arg_var(plan, st, 1, "s1");
    arg_number(st, 2, JET_paramTempPath);
    arg_var(plan, st, 3, "n");
    arg_var(plan, st, 4, "path");
    arg_number(st, 5, 64);
    st = add_step(plan, "esehook_open_sessions", NULL);
    arg_var(plan, st, 0, "inst");
    arg_var(plan, st, 1, "count");
}

/* Returns nothing; records ref's trace of plan (the executor in record mode). */
static void record(const esc_plan *plan, esc_trace *trace)
{
    char pointer[64], msg[512];
    trace->cap = MAX_STEPS;
    trace->count = 0;
    trace->steps = calloc(MAX_STEPS, sizeof *trace->steps);
    esc_exec x = {.target = &ref, .profile = ESPEC_PROFILE_DOCUMENTED, .trace = trace};
    exec_session *s = exec_begin(&x, msg, sizeof msg);
    assert_non_null(s);
    assert_int_equal(exec_plan(s, plan, "", pointer, sizeof pointer, msg, sizeof msg), ESC_PASS);
    exec_end(s);
    assert_int_equal(trace->count, plan->nsteps);
}

/* Returns nothing; emits plan and trace as name.c and builds it (cc -std=c11 -pedantic -Wall
 * -Wextra -Werror, the
 * clean-room header alone) into bin. */
static void emit_build(const char *name, const esc_plan *plan, const esc_trace *trace,
                       const emit_c_options *options, char *bin, size_t size)
{
    char src[1200], cmd[4096];
    snprintf(src, sizeof src, "%s/%s.c", workdir, name);
    snprintf(bin, size, "%s/%s", workdir, name);
    FILE *out = fopen(src, "w");
    assert_non_null(out);
    assert_int_equal(emit_c_with(out, plan, trace, options, "Divergence in a test: expectations are ref's codes, not the contract's",
                                 "ref (libeseref.so)"), 1);
    fclose(out);
    snprintf(cmd, sizeof cmd, "cc -std=c11 -pedantic -Wall -Wextra -Werror %s -I '%s' -o '%s' '%s' -ldl -lpthread",
             ESECHECK_TEST_CC_FLAGS, ESECHECK_SPEC_INCLUDE, bin, src);
    assert_int_equal(system(cmd), 0);
}

/* Returns the exit status of program bin run against library lib (-1 when it did not exit);
 * its output goes to output. */
static int run_program(const char *bin, const char *lib, char *output, size_t size)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "ASAN_OPTIONS=detect_leaks=0 '%s' '%s' 2>&1", bin, lib);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(output, 1, size - 1, p);
    output[n] = '\0';
    int status = pclose(p);
    fputs(output, stderr);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Returns the exit status of the program for plan and trace, run against ref. */
static int emit_build_run(const char *name, const esc_plan *plan, const esc_trace *trace,
                          const emit_c_options *options, char *output, size_t size)
{
    char bin[1200];
    emit_build(name, plan, trace, options, bin, sizeof bin);
    return run_program(bin, ESECHECK_DEFAULT_TARGET, output, size);
}

static void test_emit_c_matching_trace_exits_0(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192];
    build_plan(&plan);
    record(&plan, &trace);
    /* the trace holds what the thread rules make ref return (the test's own premise) */
    assert_int_equal(trace.steps[5].rc, JET_errSuccess);
    assert_int_equal(trace.steps[7].rc, JET_errSessionSharingViolation);
    assert_int_equal(trace.steps[9].rc, JET_errInvalidSesid);
    assert_int_equal(trace.steps[10].out[4].kind, ESC_OBS_TEXT);
    assert_int_equal(trace.steps[11].out[1].kind, ESC_OBS_VALUE);
    assert_int_equal(trace.steps[11].out[1].value, 1);
    assert_int_equal(emit_build_run("match", &plan, &trace, NULL, output, sizeof output), 0);
    assert_non_null(strstr(output, "not reproduced"));
    assert_non_null(strstr(output, "JET_errSessionSharingViolation (-1910)"));
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_other_code_exits_1_naming_the_step(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192];
    build_plan(&plan);
    record(&plan, &trace);
    esc_trace target = trace; /* ref's own trace, as the target's: its codes get names */
    target.steps = malloc(MAX_STEPS * sizeof *target.steps);
    memcpy(target.steps, trace.steps, MAX_STEPS * sizeof *target.steps);
    trace.steps[9].rc = JET_errSuccess; /* as if the reference accepted the second end */
    assert_int_equal(emit_build_run("unnamed", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/9 (JetEndSession)"));
    assert_non_null(strstr(output, "returned (a code the reference never returned) (-1104)"));
    emit_c_options options = {.profile = ESPEC_PROFILE_DOCUMENTED, .target = &target, .file_name = "named.c"};
    assert_int_equal(emit_build_run("named", &plan, &trace, &options, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/9 (JetEndSession)"));
    assert_non_null(strstr(output, "returned JET_errInvalidSesid (-1104), the reference JET_errSuccess (0)"));
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "grep -q ' \\* Build: cc -I spec/include -o repro named.c -ldl -lpthread$' '%s/named.c'", workdir);
    assert_int_equal(system(cmd), 0);
    free(target.steps);
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_other_output_exits_1_naming_the_step(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192];
    build_plan(&plan);
    record(&plan, &trace);
    assert_int_equal(trace.steps[3].out[1].kind, ESC_OBS_NEW);
    trace.steps[3].out[1].kind = ESC_OBS_UNCHANGED; /* as if the reference wrote no handle */
    assert_int_equal(emit_build_run("output", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/3 (JetDupSession)"));
    assert_non_null(strstr(output, "psesid holds a new handle here, left as it was in the reference"));
    trace.steps[3].out[1].kind = ESC_OBS_NEW;
    trace.steps[11].out[1].value = 2;
    assert_int_equal(emit_build_run("number", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/11 (esehook_open_sessions)"));
    assert_non_null(strstr(output, "pcount holds 1 here, 2 in the reference"));
    trace.steps[11].out[1].value = 1;
    snprintf(trace.steps[10].out[4].text, ESC_OBS_TEXT_MAX, "tmp.ed");
    assert_int_equal(emit_build_run("text", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "szParam holds \"tmp.edb\" here, \"tmp.ed\" in the reference"));
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_short_trace_stops_after_the_reference(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192];
    build_plan(&plan);
    record(&plan, &trace);
    trace.count = 4; /* as if the reference crashed in /steps/4 */
    assert_int_equal(emit_build_run("short", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/4 (JetBeginTransaction)"));
    assert_null(strstr(output, "/steps/5"));
    free(trace.steps);
    plan_free(&plan);
}

/* Returns nothing; adds JetBeginSession($inst, $name). */
static void add_begin_session(esc_plan *plan, const char *name)
{
    plan_step *st = add_step(plan, "JetBeginSession", NULL);
    arg_var(plan, st, 0, "inst");
    arg_var(plan, st, 1, name);
    arg_null(st, 2);
    arg_null(st, 3);
}

/* Returns nothing; plan starts with JetInit($inst) (the one instance of one-instance mode: no
 * JetCreateInstance is needed) and session $name (none when name is NULL). */
static void start_plan(esc_plan *plan, const char *name)
{
    memset(plan, 0, sizeof *plan);
    plan->steps = calloc(MAX_STEPS, sizeof *plan->steps);
    arg_var(plan, add_step(plan, "JetInit", NULL), 0, "inst");
    if (name != NULL)
        add_begin_session(plan, name);
}

/* Returns nothing; adds a call of a function whose arguments are (sesid, number). */
static void add_sesid_call(esc_plan *plan, const char *call, const char *sesid, int arity, uint64_t number)
{
    plan_step *st = add_step(plan, call, NULL);
    arg_var(plan, st, 0, sesid);
    if (arity == 2)
        arg_number(st, 1, number);
}

/* The shortest sequences the planted targets' comments give (tests/planted/planted_*.c). */
static void plan_slot_reuse(esc_plan *plan)
{
    start_plan(plan, "s1");
    add_sesid_call(plan, "JetBeginTransaction", "s1", 1, 0);
    add_sesid_call(plan, "JetEndSession", "s1", 2, 0);
    add_begin_session(plan, "s2");
    add_sesid_call(plan, "JetCommitTransaction", "s2", 2, 0);
}

static void plan_count_drift(esc_plan *plan)
{
    start_plan(plan, NULL);
    for (int k = 0; k < 2; k++) {
        plan_step *st = add_step(plan, "JetDupSession", NULL);
        arg_number(st, 0, ~0ull);
        st->args[0].written = ESC_VAL_NIL;
        arg_var(plan, st, 1, k ? "y" : "x");
    }
    add_begin_session(plan, "s");
}

static void plan_generation_wrap(esc_plan *plan)
{
    start_plan(plan, "s");
    for (int k = 0; k < 17; k++)
        add_sesid_call(plan, "JetEndSession", "s", 2, 0);
}

static void plan_context_commit(esc_plan *plan)
{
    start_plan(plan, "s");
    add_sesid_call(plan, "JetSetSessionContext", "s", 2, 0x1234);
    add_sesid_call(plan, "JetCommitTransaction", "s", 2, 0);
}

/* Returns nothing; the program of a planted bug's minimal plan, with ref's trace, reproduces
 * the bug against the planted target at the last step, and nothing against ref. */
static void check_planted(const char *name, void (*build)(esc_plan *), size_t nsteps, const char *lib,
                          const char *last)
{
    esc_plan plan;
    esc_trace trace;
    char output[8192], bin[1200], want[128];
    build(&plan);
    assert_int_equal(plan.nsteps, nsteps); /* as many steps as the comment says */
    record(&plan, &trace);
    emit_build(name, &plan, &trace, NULL, bin, sizeof bin);
    assert_int_equal(run_program(bin, ESECHECK_DEFAULT_TARGET, output, sizeof output), 0);
    assert_int_equal(run_program(bin, lib, output, sizeof output), 1);
    snprintf(want, sizeof want, "REPRODUCED: /steps/%zu (%s)", plan.nsteps - 1, last);
    assert_non_null(strstr(output, want));
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_reproduces_each_planted_bug(void **state)
{
    (void)state;
    check_planted("slot_reuse", plan_slot_reuse, 6, PLANTED_SLOT_REUSE, "JetCommitTransaction");
    check_planted("count_drift", plan_count_drift, 4, PLANTED_COUNT_DRIFT, "JetBeginSession");
    check_planted("generation_wrap", plan_generation_wrap, 19, PLANTED_GENERATION_WRAP, "JetEndSession");
    check_planted("context_commit", plan_context_commit, 4, PLANTED_CONTEXT_COMMIT, "JetCommitTransaction");
}

/* Returns nothing; argument i of st is the text (which may name $TMPDIR). */
static void arg_text(plan_step *st, int i, const char *text)
{
    st->args[i].type = PLAN_ARG_STRING;
    st->args[i].written = ESC_VAL_STRING;
    st->args[i].text = text;
    st->args[i].tmpdir = strstr(text, "$TMPDIR") != NULL;
}

/* Builds a plan with an argument of every kind and form: setsysparams (one sz naming $TMPDIR),
 * out-uint32, in-pinstance (a variable and a constant), inout-instance (a constant), strings
 * with $TMPDIR, nil and garbage handles, NULL pointers for an out-string and an out-sesid. */
static void build_every_kind_plan(esc_plan *plan)
{
    static JET_SETSYSPARAM_A params[2 + 16] = {
        {.paramid = JET_paramMaxSessions, .lParam = 4},
        {.paramid = JET_paramSystemPath, .sz = "$TMPDIR/"},
    };
    memset(plan, 0, sizeof *plan);
    plan->steps = calloc(MAX_STEPS, sizeof *plan->steps);
    plan_step *st = add_step(plan, "JetEnableMultiInstance", NULL);
    st->args[0].type = PLAN_ARG_PARAMS;
    st->args[0].written = ESC_VAL_PARAMS;
    st->args[0].params = NULL; /* set below: plan_free frees a step's params */
    st->args[0].nparams = 2;
    st->args[0].tmpdir = 1;
    arg_number(st, 1, 2);
    arg_var(plan, st, 2, "count");
    st->args[0].params = malloc(sizeof params);
    memcpy(st->args[0].params, params, sizeof params);
    st = add_step(plan, "JetCreateInstance", NULL);
    arg_var(plan, st, 0, "inst");
    arg_text(st, 1, "every kind");
    st = add_step(plan, "JetSetSystemParameter", NULL);
    arg_var(plan, st, 0, "inst");
    arg_number(st, 1, 0);
    arg_number(st, 2, JET_paramTempPath);
    arg_number(st, 3, 0);
    arg_text(st, 4, "$TMPDIR/temp.edb");
    st = add_step(plan, "JetSetSystemParameter", NULL);
    arg_number(st, 0, ESC_GARBAGE_HANDLE); /* a cell holding garbage */
    st->args[0].written = ESC_VAL_GARBAGE;
    arg_number(st, 1, ~0ull);
    st->args[1].written = ESC_VAL_NIL;
    arg_number(st, 2, JET_paramMaxSessions);
    arg_number(st, 3, 8);
    arg_null(st, 4);
    st = add_step(plan, "JetInit", NULL);
    arg_number(st, 0, ~0ull); /* an inout cell holding nil */
    st->args[0].written = ESC_VAL_NIL;
    arg_var(plan, add_step(plan, "JetInit", NULL), 0, "inst");
    st = add_step(plan, "JetGetSystemParameter", NULL);
    arg_var(plan, st, 0, "inst");
    arg_number(st, 1, 0);
    arg_number(st, 2, JET_paramMaxSessions);
    arg_var(plan, st, 3, "max");
    arg_null(st, 4);
    arg_number(st, 5, 0);
    st = add_step(plan, "JetBeginSession", NULL);
    arg_var(plan, st, 0, "inst");
    arg_null(st, 1);
    arg_text(st, 2, "user");
    arg_text(st, 3, "tab\tquote\"back\\slash");
}

static void test_emit_c_every_argument_kind_matches_ref(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192], tmp[1200];
    build_every_kind_plan(&plan);
    snprintf(tmp, sizeof tmp, "%s/every-kind-tmp", workdir);
    trace.cap = MAX_STEPS;
    trace.count = 0;
    trace.steps = calloc(MAX_STEPS, sizeof *trace.steps);
    esc_exec x = {.target = &ref, .profile = ESPEC_PROFILE_DOCUMENTED, .tmpdir = tmp, .trace = &trace};
    char pointer[64], msg[512];
    exec_session *s = exec_begin(&x, msg, sizeof msg);
    assert_int_equal(exec_plan(s, &plan, "", pointer, sizeof pointer, msg, sizeof msg), ESC_PASS);
    exec_end(s);
    assert_int_equal(trace.count, plan.nsteps);
    assert_int_equal(trace.steps[0].rc, JET_errSuccess);
    assert_int_equal(trace.steps[0].out[2].kind, ESC_OBS_VALUE); /* pcsetsucceed */
    assert_int_equal(trace.steps[6].out[3].kind, ESC_OBS_VALUE); /* plParam */
    assert_true(trace.steps[3].rc < 0 && trace.steps[7].rc < 0);
    assert_int_equal(emit_build_run("every_kind", &plan, &trace, NULL, output, sizeof output), 0);
    assert_non_null(strstr(output, "not reproduced"));
    trace.steps[6].out[3].value++; /* the parameter's value is compared */
    assert_int_equal(emit_build_run("every_kind_value", &plan, &trace, NULL, output, sizeof output), 1);
    assert_non_null(strstr(output, "REPRODUCED: /steps/6 (JetGetSystemParameter)"));
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_plan_without_variables_threads_or_arguments(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace;
    char output[8192];
    memset(&plan, 0, sizeof plan);
    plan.steps = calloc(MAX_STEPS, sizeof *plan.steps);
    add_step(&plan, "JetStopService", NULL);
    record(&plan, &trace);
    assert_int_equal(emit_build_run("bare", &plan, &trace, NULL, output, sizeof output), 0);
    assert_non_null(strstr(output, "/steps/0   JetStopService"));
    free(trace.steps);
    plan_free(&plan);
}

static void test_emit_c_refuses_a_plan_with_a_repeat(void **state)
{
    (void)state;
    esc_plan plan;
    esc_trace trace = {0};
    build_plan(&plan);
    plan.steps[plan.nsteps++].is_repeat = 1;
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(emit_c(out, &plan, &trace, "t", "ref"), 0);
    fclose(out);
    plan.steps[--plan.nsteps].is_repeat = 0;
    plan_free(&plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emit_c_matching_trace_exits_0),
        cmocka_unit_test(test_emit_c_other_code_exits_1_naming_the_step),
        cmocka_unit_test(test_emit_c_other_output_exits_1_naming_the_step),
        cmocka_unit_test(test_emit_c_short_trace_stops_after_the_reference),
        cmocka_unit_test(test_emit_c_reproduces_each_planted_bug),
        cmocka_unit_test(test_emit_c_every_argument_kind_matches_ref),
        cmocka_unit_test(test_emit_c_plan_without_variables_threads_or_arguments),
        cmocka_unit_test(test_emit_c_refuses_a_plan_with_a_repeat),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
