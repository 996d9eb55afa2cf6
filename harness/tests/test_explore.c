/* test_explore.c - explore's parts: the generator, record mode, the comparison, the shrinker
 * and the scenario emitter, in-process against the test targets with hooks. */
#include <esespec/codes.h>
#include "test_support.h"
#include "emit_json.h"
#include "explore_gen.h"
#include "explore_shrink.h"
#include "target.h"

static esc_target hooks, ref;

static int group_setup(void **state)
{
    (void)state;
    char err[512];
    assert_true(target_open(&hooks, ESECHECK_HOOKS_TARGET, err, sizeof err));
    assert_true(target_open(&ref, ESECHECK_REF_TARGET, err, sizeof err));
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    /* what the last sequences left open in ref is freed before unloading it (LeakSanitizer) */
    assert_int_equal(target_reset(&ref), JET_errSuccess);
    target_close(&hooks);
    target_close(&ref);
    return 0;
}

/* Returns 1 when two plans have the same calls, arguments and threads. */
static int same_plan(const esc_plan *a, const esc_plan *b)
{
    if (a->nsteps != b->nsteps || a->nfamilies != b->nfamilies)
        return 0;
    for (size_t k = 0; k < a->nsteps; k++) {
        const plan_step *x = &a->steps[k], *y = &b->steps[k];
        if (x->call != y->call || (x->thread == NULL) != (y->thread == NULL) ||
            (x->thread && strcmp(x->thread, y->thread) != 0))
            return 0;
        for (int i = 0; i < x->call->arity; i++)
            if (x->args[i].type != y->args[i].type || x->args[i].value != y->args[i].value ||
                x->args[i].var.family != y->args[i].var.family)
                return 0;
    }
    return 1;
}

static void test_generate_same_seed_same_plan(void **state)
{
    (void)state;
    explore_gen_options o = {.seed = 42, .max_steps = 60, .threads = 1};
    esc_plan a, b, c;
    explore_generate(&o, 7, &a);
    explore_generate(&o, 7, &b);
    explore_generate(&o, 8, &c);
    assert_int_equal(a.nsteps, 60);
    assert_true(same_plan(&a, &b));
    assert_false(same_plan(&a, &c));
    plan_free(&a);
    plan_free(&b);
    plan_free(&c);
}

static void test_generate_draws_only_usable_calls(void **state)
{
    (void)state;
    unsigned char *usable = calloc(calls_count(), 1);
    const esc_call *begin = calls_find("JetBeginSession"), *end = calls_find("JetEndSession");
    for (size_t k = 0; k < calls_count(); k++)
        usable[k] = calls_at(k) == begin || calls_at(k) == end;
    explore_gen_options o = {.seed = 3, .max_steps = 50, .usable = usable};
    for (uint64_t seq = 0; seq < 20; seq++) {
        esc_plan p;
        explore_generate(&o, seq, &p);
        for (size_t k = 0; k < p.nsteps; k++) {
            assert_true(p.steps[k].call == begin || p.steps[k].call == end);
            assert_false(p.steps[k].call->is_hook);
        }
        plan_free(&p);
    }
    free(usable);
}

/* Returns a plan: CreateInstance $i, Init $i, BeginSession $s, then the call named last with
 * sesid $s and a fresh out-variable. */
static void small_plan(esc_plan *p, const char *last)
{
    memset(p, 0, sizeof *p);
    uint32_t i = plan_family(p, "i"), s = plan_family(p, "s"), d = plan_family(p, "d");
    plan_step *st = explore_add_step(p, calls_find("JetCreateInstance"));
    st->args[0] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = i}};
    st->args[1] = (plan_arg){.type = PLAN_ARG_STRING, .written = ESC_VAL_STRING, .text = "x"};
    st = explore_add_step(p, calls_find("JetInit"));
    st->args[0] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = i}};
    st = explore_add_step(p, calls_find("JetBeginSession"));
    st->args[0] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = i}};
    st->args[1] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = s}};
    st->args[2] = st->args[3] = (plan_arg){.type = PLAN_ARG_NULLPTR, .written = ESC_VAL_NULLPTR};
    st = explore_add_step(p, calls_find(last));
    st->args[0] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = s}};
    st->args[1] = (plan_arg){.type = PLAN_ARG_VAR, .written = ESC_VAL_VAR, .var = {.family = d}};
}

static explore_runner make_runner(void)
{
    explore_runner r = {.target = &hooks, .reference = &ref, .profile = ESPEC_PROFILE_DOCUMENTED,
                        .timeout = 10, .in_process = 1, .max_steps = 64};
    char err[128];
    assert_true(explore_runner_init(&r, err, sizeof err));
    return r;
}

static void test_record_mode_observes_handles_symbolically(void **state)
{
    (void)state;
    explore_runner r = make_runner();
    esc_plan p;
    small_plan(&p, "JetDupSession");
    explore_run_pair(&r, &p);
    const esc_trace *t = r.sides[1].trace;
    assert_int_equal(t->count, 4);
    assert_int_equal(t->steps[0].out[0].kind, ESC_OBS_NEW);       /* the instance */
    assert_int_equal(t->steps[1].out[0].kind, ESC_OBS_UNCHANGED); /* JetInit keeps it */
    assert_int_equal(t->steps[2].out[1].kind, ESC_OBS_NEW);       /* the session */
    assert_int_equal(t->steps[3].rc, JET_errSuccess);
    assert_int_equal(t->steps[3].out[1].kind, ESC_OBS_NEW);       /* the dup: distinct */
    explore_diff d;
    explore_compare(&r, &p, &d);
    assert_int_equal(d.kind, EXPLORE_SAME); /* the good target agrees with ref here */
    plan_free(&p);
    explore_runner_free(&r);
}

static void test_unbound_input_passes_zero_and_is_recorded(void **state)
{
    (void)state;
    explore_runner r = make_runner();
    esc_plan p;
    small_plan(&p, "JetDupSession");
    p.steps[3].args[0].var.family = plan_family(&p, "never");
    explore_run_pair(&r, &p);
    const esc_trace_step *t = &r.sides[1].trace->steps[3];
    assert_int_equal(t->unbound, 1u);
    assert_int_equal(t->rc, JET_errInvalidSesid);
    assert_int_equal(t->out[1].kind, ESC_OBS_UNCHANGED);
    plan_free(&p);
    explore_runner_free(&r);
}

static void test_outputs_differ_follows_the_emitted_checks(void **state)
{
    (void)state;
    esc_plan p;
    small_plan(&p, "JetDupSession");
    esc_trace_step a, b;
    char why[192];
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.out[1].kind = ESC_OBS_NEW;
    b.out[1].kind = ESC_OBS_SAME;
    assert_true(explore_outputs_differ(&p, 3, &a, &b, why, sizeof why));
    assert_non_null(strstr(why, "psesid.new.vs.same"));
    b.out[1].kind = ESC_OBS_NEW;
    assert_false(explore_outputs_differ(&p, 3, &a, &b, why, sizeof why));
    a.rc = b.rc = JET_errInvalidSesid; /* on failure only "unchanged" is checked */
    a.out[1].kind = ESC_OBS_UNCHANGED;
    b.out[1].kind = ESC_OBS_NEW;
    assert_true(explore_outputs_differ(&p, 3, &a, &b, why, sizeof why));
    a.out[1].kind = ESC_OBS_NEW; /* written on failure by the reference: nothing to check */
    b.out[1].kind = ESC_OBS_UNCHANGED;
    assert_false(explore_outputs_differ(&p, 3, &a, &b, why, sizeof why));
    plan_free(&p);
}

static void test_shrink_keeps_signature_and_drops_noise(void **state)
{
    (void)state;
    explore_runner r = make_runner();
    unsigned char *usable = calloc(calls_count(), 1);
    for (size_t k = 0; k < calls_count(); k++)
        usable[k] = !calls_at(k)->is_hook && target_has(&hooks, calls_at(k)) && target_has(&ref, calls_at(k));
    explore_gen_options o = {.seed = 1, .max_steps = 40, .usable = usable};
    esc_plan p, small;
    explore_diff d, again;
    uint64_t seq = 0;
    /* the first generated sequence on which the hooks target (base.c, a tiny engine) and ref
     * differ after a few steps (base.c does not refuse a second instance of the same name, nor
     * some garbage handles), so that there is noise to drop */
    for (;; seq++) {
        assert_true(seq < 200);
        explore_generate(&o, seq, &p);
        explore_run_pair(&r, &p);
        explore_compare(&r, &p, &d);
        if (d.kind != EXPLORE_SAME && d.step >= 2)
            break;
        plan_free(&p);
    }
    explore_shrinker sh = {.runner = &r};
    explore_shrink(&sh, &p, &d, &small);
    assert_true(sh.runs > 0);
    assert_true(small.nsteps <= d.step + 1);
    explore_run_pair(&r, &small);
    explore_compare(&r, &small, &again);
    assert_string_equal(again.signature, d.signature);
    assert_int_equal(again.step, small.nsteps - 1); /* it diverges at its last step */
    /* no single step can go: each one dropped loses the divergence */
    for (size_t k = 0; k + 1 < small.nsteps; k++) {
        esc_plan less;
        memset(&less, 0, sizeof less);
        for (size_t f = 0; f < small.nfamilies; f++)
            plan_family(&less, small.families[f]);
        for (size_t j = 0; j < small.nsteps; j++)
            if (j != k) {
                plan_step *s = explore_add_step(&less, small.steps[j].call);
                memcpy(s->args, small.steps[j].args, sizeof s->args);
                s->thread = small.steps[j].thread;
            }
        explore_run_pair(&r, &less);
        explore_compare(&r, &less, &again);
        assert_true(again.kind == EXPLORE_SAME || strcmp(again.signature, d.signature) != 0);
        plan_free(&less);
    }
    explore_shrunk_free(&small);
    plan_free(&p);
    explore_runner_free(&r);
    free(usable);
}

static void test_emit_json_writes_reference_codes_and_checks(void **state)
{
    (void)state;
    explore_runner r = make_runner();
    esc_plan p;
    small_plan(&p, "JetDupSession");
    p.steps[3].args[0] = (plan_arg){.type = PLAN_ARG_CONST, .written = ESC_VAL_GARBAGE,
                                    .value = ESC_GARBAGE_HANDLE};
    explore_run_pair(&r, &p);
    json_t *sc = emit_json(&p, r.sides[1].trace, "explore.t", "expected codes from the reference");
    json_t *last = json_array_get(json_object_get(sc, "steps"), 3);
    assert_string_equal(json_string_value(json_object_get(last, "expect")), "JET_errInvalidSesid");
    assert_string_equal(json_string_value(json_object_get(json_object_get(last, "args"), "sesid")), "garbage");
    json_t *unchanged = json_object_get(json_object_get(last, "check"), "unchanged");
    assert_string_equal(json_string_value(json_array_get(unchanged, 0)), "psesid");
    json_t *begin = json_array_get(json_object_get(sc, "steps"), 2);
    assert_null(json_object_get(begin, "expect")); /* success is the default */
    json_t *distinct = json_object_get(json_object_get(begin, "check"), "distinct");
    assert_string_equal(json_string_value(json_array_get(json_object_get(distinct, "psesid"), 0)), "$i");
    json_decref(sc);
    plan_free(&p);
    explore_runner_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_same_seed_same_plan),
        cmocka_unit_test(test_generate_draws_only_usable_calls),
        cmocka_unit_test(test_record_mode_observes_handles_symbolically),
        cmocka_unit_test(test_unbound_input_passes_zero_and_is_recorded),
        cmocka_unit_test(test_outputs_differ_follows_the_emitted_checks),
        cmocka_unit_test(test_shrink_keeps_signature_and_drops_noise),
        cmocka_unit_test(test_emit_json_writes_reference_codes_and_checks),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
