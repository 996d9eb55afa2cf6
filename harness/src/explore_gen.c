/* explore_gen.c - generating call sequences from the call table and a seeded random source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ese/jet.h>
#include "explore_gen.h"

/* How often each function is drawn; a function not listed (a new api.def row) gets 2. */
static const struct { const char *name; int weight; } call_weights[] = {
    {"JetBeginSession", 10}, {"JetDupSession", 10}, {"JetEndSession", 9},
    {"JetBeginTransaction", 6}, {"JetBeginTransaction2", 3}, {"JetCommitTransaction", 5},
    {"JetRollback", 5}, {"JetSetSessionContext", 4}, {"JetResetSessionContext", 4},
    {"JetCreateInstance", 2}, {"JetCreateInstance2", 1}, {"JetInit", 2}, {"JetInit2", 1},
    {"JetTerm", 1}, {"JetTerm2", 1}, {"JetStopService", 1}, {"JetStopServiceInstance", 1},
    {"JetStopServiceInstance2", 2}, {"JetSetSystemParameter", 3}, {"JetGetSystemParameter", 3},
    {"JetEnableMultiInstance", 1},
};

/* Parameters worth drawing, from params.def: every id, the limits first in line. */
static const uint32_t param_ids[] = {
#define ESE_PARAM(name, id, ...) id,
#include <ese/params.def>
#undef ESE_PARAM
};

/* Option bits worth drawing, from grbits.def. */
static const uint32_t grbit_values[] = {
#define ESE_GRBIT(name, value) value,
#include <ese/grbits.def>
#undef ESE_GRBIT
};

typedef struct {
    uint64_t state;              /* splitmix64 */
    esc_plan *plan;
    uint32_t instances[64];      /* families of instance variables, in binding order */
    size_t ninstances;
    uint32_t sessions[256];      /* families of session variables */
    size_t nsessions;
    unsigned next_name;          /* the next fresh variable number */
    unsigned idle;               /* draws that added nothing */
    const explore_gen_options *o;
} gen;

/* Returns the next random 64 bits (splitmix64: small, fast, the same everywhere). */
static uint64_t next(gen *g)
{
    uint64_t z = (g->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Returns a number in [0, n). */
static uint64_t below(gen *g, uint64_t n)
{
    return n ? next(g) % n : 0;
}

/* Returns 1 with probability percent/100. */
static int chance(gen *g, unsigned percent)
{
    return below(g, 100) < percent;
}

plan_step *explore_add_step(esc_plan *plan, const esc_call *call)
{
    char pointer[32];
    plan->steps = realloc(plan->steps, (plan->nsteps + 1) * sizeof *plan->steps);
    if (plan->steps == NULL)
        abort();
    plan_step *s = memset(&plan->steps[plan->nsteps], 0, sizeof *plan->steps);
    snprintf(pointer, sizeof pointer, "/steps/%zu", plan->nsteps++);
    s->pointer = plan_own(plan, pointer);
    s->call = call;
    return s;
}

/* Returns nothing; the argument names a fresh variable (prefix + number), remembered in pool. */
static void fresh_var(gen *g, plan_arg *a, const char *prefix, uint32_t *pool, size_t *npool, size_t cap)
{
    char name[32];
    snprintf(name, sizeof name, "%s%u", prefix, ++g->next_name);
    a->type = PLAN_ARG_VAR;
    a->written = ESC_VAL_VAR;
    a->var.family = plan_family(g->plan, name);
    if (pool != NULL && *npool < cap)
        pool[(*npool)++] = a->var.family;
}

/* Returns nothing; the argument is a constant written as `written`. */
static void constant(plan_arg *a, esc_val_type written, uint64_t value)
{
    a->type = PLAN_ARG_CONST;
    a->written = written;
    a->value = value;
}

/* Returns nothing; a handle input: mostly a variable of the right kind (the latest more often),
 * else 0, nil, garbage or a handle of the other kind. */
static void handle_input(gen *g, plan_arg *a, const uint32_t *pool, size_t n, const uint32_t *other,
                         size_t nother)
{
    uint64_t r = below(g, 100);
    if (n > 0 && r < 84) {
        size_t k = chance(g, 55) ? n - 1 : below(g, n);
        a->type = PLAN_ARG_VAR;
        a->written = ESC_VAL_VAR;
        a->var.family = pool[k];
    } else if (r < 88)
        constant(a, ESC_VAL_ZERO, 0);
    else if (r < 92)
        constant(a, ESC_VAL_NIL, ~(uint64_t)0);
    else if (r < 96 || nother == 0)
        constant(a, ESC_VAL_GARBAGE, ESC_GARBAGE_HANDLE);
    else {
        a->type = PLAN_ARG_VAR;
        a->written = ESC_VAL_VAR;
        a->var.family = other[below(g, nother)];
    }
}

/* Returns a number for an argument of a 32- or 64-bit kind, guided by its name. */
static uint64_t number_for(gen *g, const char *name, int is_grbit)
{
    static const uint32_t small_limits[] = {0, 1, 2, 3, 4, 16};
    if (strcmp(name, "paramid") == 0)
        return chance(g, 50) ? JET_paramMaxSessions
                             : param_ids[below(g, sizeof param_ids / sizeof *param_ids)];
    if (strcmp(name, "cbMax") == 0)
        return chance(g, 20) ? 0 : chance(g, 50) ? 4 : 64;
    if (strcmp(name, "ulContext") == 0)
        return chance(g, 10) ? 0 : chance(g, 10) ? ~(uint64_t)0 : 1 + below(g, 3);
    if (strcmp(name, "lParam") == 0)
        return small_limits[below(g, sizeof small_limits / sizeof *small_limits)];
    if (is_grbit) {
        if (chance(g, 50))
            return 0;
        if (chance(g, 85))
            return grbit_values[below(g, sizeof grbit_values / sizeof *grbit_values)];
        return (uint64_t)1 << below(g, 32);
    }
    return below(g, 3);
}

/* Returns nothing; a string argument guided by its name. */
static void string_for(gen *g, plan_arg *a, const char *name)
{
    static const char *const names[] = {"a", "b", "a", ""};
    if (strncmp(name, "szInstance", 10) == 0 || strncmp(name, "szDisplay", 9) == 0) {
        if (chance(g, 15)) {
            a->type = PLAN_ARG_NULLPTR;
            a->written = ESC_VAL_NULLPTR;
            return;
        }
        a->type = PLAN_ARG_STRING;
        a->written = ESC_VAL_STRING;
        a->text = names[below(g, 4)];
        return;
    }
    a->type = PLAN_ARG_NULLPTR; /* user names, passwords, szParam: ignored or NULL */
    a->written = ESC_VAL_NULLPTR;
}

/* Returns nothing; argument i of step s drawn by its kind. */
static void draw_arg(gen *g, plan_step *s, int i)
{
    plan_arg *a = &s->args[i];
    const espec_arg *arg = &s->call->args[i];
    switch (arg->kind) {
    case ESPEC_ARG_INSTANCE:
        handle_input(g, a, g->instances, g->ninstances, g->sessions, g->nsessions);
        break;
    case ESPEC_ARG_SESID:
        handle_input(g, a, g->sessions, g->nsessions, g->instances, g->ninstances);
        break;
    case ESPEC_ARG_OUT_INSTANCE: case ESPEC_ARG_OUT_SESID:
        if (chance(g, 3)) { /* a NULL out-pointer */
            a->type = PLAN_ARG_NULLPTR;
            a->written = ESC_VAL_NULLPTR;
        } else if (arg->kind == ESPEC_ARG_OUT_INSTANCE)
            fresh_var(g, a, "i", g->instances, &g->ninstances, 64);
        else
            fresh_var(g, a, "s", g->sessions, &g->nsessions, 256);
        break;
    case ESPEC_ARG_INOUT_INSTANCE: case ESPEC_ARG_IN_PINSTANCE:
        if (g->ninstances > 0 && chance(g, 85))
            handle_input(g, a, g->instances, g->ninstances, NULL, 0);
        else if (arg->kind == ESPEC_ARG_INOUT_INSTANCE && chance(g, 60))
            fresh_var(g, a, "i", g->instances, &g->ninstances, 64);
        else {
            a->type = PLAN_ARG_NULLPTR;
            a->written = ESC_VAL_NULLPTR;
        }
        break;
    case ESPEC_ARG_GRBIT: case ESPEC_ARG_ULONG: case ESPEC_ARG_API_PTR:
        constant(a, ESC_VAL_NUMBER, number_for(g, arg->name, arg->kind == ESPEC_ARG_GRBIT));
        break;
    case ESPEC_ARG_CSTR:
        string_for(g, a, arg->name);
        break;
    case ESPEC_ARG_OUT_API_PTR: case ESPEC_ARG_OUT_ULONG: case ESPEC_ARG_OUT_STR:
        fresh_var(g, a, "v", NULL, NULL, 0);
        break;
    default: /* setsysparams and kinds this generator does not know: a NULL pointer */
        a->type = PLAN_ARG_NULLPTR;
        a->written = ESC_VAL_NULLPTR;
        break;
    }
}

/* Returns 1 when both libraries have the call. */
static int usable(const gen *g, const esc_call *call)
{
    for (size_t k = 0; k < calls_count(); k++)
        if (calls_at(k) == call)
            return g->o->usable == NULL || g->o->usable[k];
    return 0;
}

/* Returns the weight of a call (hooks are never drawn: they are not ESE behaviour). */
static int weight_of(const gen *g, const esc_call *call)
{
    if (call->is_hook || !usable(g, call))
        return 0;
    for (size_t k = 0; k < sizeof call_weights / sizeof *call_weights; k++)
        if (strcmp(call_weights[k].name, call->name) == 0)
            return call_weights[k].weight;
    return 2;
}

/* Returns a call drawn by weight. */
static const esc_call *draw_call(gen *g)
{
    int total = 0;
    for (size_t k = 0; k < calls_count(); k++)
        total += weight_of(g, calls_at(k));
    int r = (int)below(g, (uint64_t)total);
    for (size_t k = 0; k < calls_count(); k++) {
        r -= weight_of(g, calls_at(k));
        if (r < 0)
            return calls_at(k);
    }
    return calls_at(0);
}

/* Returns the step added for the call with every argument drawn (and maybe a thread), or
 * NULL when a named call is not usable. */
static plan_step *add_drawn(gen *g, const char *name)
{
    const esc_call *call = name ? calls_find(name) : draw_call(g);
    if (call == NULL || !usable(g, call))
        return NULL;
    plan_step *s = explore_add_step(g->plan, call);
    for (int i = 0; i < call->arity; i++)
        draw_arg(g, s, i);
    if (g->o->threads && chance(g, 12))
        s->thread = chance(g, 50) ? "t1" : "t2";
    return s;
}

/* Returns nothing; sets argument `name` of s to a fixed variable (or, with family < 0, a number). */
static void set_arg(plan_step *s, const char *name, long family, uint64_t number)
{
    int i = s != NULL ? calls_arg_index(s->call, name) : -1;
    if (i < 0)
        return;
    if (family >= 0) {
        s->args[i].type = PLAN_ARG_VAR;
        s->args[i].written = ESC_VAL_VAR;
        s->args[i].var.family = (uint32_t)family;
        s->args[i].var.nidx = 0;
    } else
        constant(&s->args[i], ESC_VAL_NUMBER, number);
}

/* Returns the step of a JetCreateInstance that binds a fresh instance variable, or NULL. */
static plan_step *create_instance(gen *g)
{
    plan_step *s = add_drawn(g, "JetCreateInstance");
    if (s != NULL && s->args[0].type != PLAN_ARG_VAR)
        fresh_var(g, &s->args[0], "i", g->instances, &g->ninstances, 64);
    return s;
}

/* Returns nothing; the opening: an instance in multi-instance mode (maybe with a small
 * session limit), the one instance of one-instance mode, or nothing. */
static void opening(gen *g)
{
    uint64_t r = below(g, 100);
    plan_step *s;
    if (r < 70 && (s = create_instance(g)) != NULL) {
        s->thread = NULL;
        long inst = (long)s->args[0].var.family;
        if (chance(g, 50) && (s = add_drawn(g, "JetSetSystemParameter")) != NULL) {
            set_arg(s, "pinstance", inst, 0);
            constant(&s->args[1], ESC_VAL_ZERO, 0);
            set_arg(s, "paramid", -1, JET_paramMaxSessions);
            set_arg(s, "lParam", -1, 1 + below(g, 4));
            s->thread = NULL;
        }
        if ((s = add_drawn(g, "JetInit")) != NULL) {
            set_arg(s, "pinstance", inst, 0);
            s->thread = NULL;
        }
    } else if (r >= 70 && r < 85 && (s = add_drawn(g, "JetInit")) != NULL) {
        s->args[0].type = PLAN_ARG_NULLPTR;
        s->args[0].written = ESC_VAL_NULLPTR;
        s->thread = NULL;
    }
}

/* Returns nothing; one burst that reaches a deep state in a few dozen steps. */
static void burst(gen *g)
{
    long s0 = g->nsessions ? (long)g->sessions[g->nsessions - 1] : -1;
    switch (below(g, 4)) {
    case 0: /* reuse one slot many times */
        for (uint64_t k = 0, n = 4 + below(g, 20); k < n; k++) {
            plan_step *b = add_drawn(g, "JetBeginSession");
            if (b == NULL)
                break;
            if (g->ninstances > 0)
                set_arg(b, "instance", g->instances[g->ninstances - 1], 0);
            long s = (long)g->sessions[g->nsessions - 1];
            set_arg(add_drawn(g, "JetEndSession"), "sesid", s, 0);
        }
        break;
    case 1: /* a dup chain */
        for (uint64_t k = 0, n = 2 + below(g, 6); k < n && s0 >= 0; k++) {
            plan_step *d = add_drawn(g, "JetDupSession");
            if (d == NULL)
                break;
            set_arg(d, "sesid", (long)g->sessions[g->nsessions - 2], 0);
        }
        break;
    case 2: /* nesting to the limit and past it */
        for (uint64_t k = 0, n = 6 + below(g, 4); k < n && s0 >= 0; k++)
            set_arg(add_drawn(g, "JetBeginTransaction"), "sesid", s0, 0);
        break;
    default: /* term and re-create */
        if (g->ninstances > 0)
            add_drawn(g, "JetTerm");
        plan_step *c = create_instance(g);
        if (c != NULL)
            set_arg(add_drawn(g, "JetInit"), "pinstance", (long)c->args[0].var.family, 0);
        break;
    }
}

void explore_generate(const explore_gen_options *o, uint64_t index, esc_plan *plan)
{
    gen g;
    memset(&g, 0, sizeof g);
    memset(plan, 0, sizeof *plan);
    g.o = o;
    g.plan = plan;
    g.state = o->seed * 0x9E3779B97F4A7C15ull ^ (index + 1) * 0xD1B54A32D192ED03ull;
    opening(&g);
    while (plan->nsteps < o->max_steps) {
        size_t before = plan->nsteps;
        if (chance(&g, 6))
            burst(&g);
        else
            add_drawn(&g, NULL);
        if (plan->nsteps == before && ++g.idle > 1000)
            break; /* nothing usable to draw */
    }
    while (plan->nsteps > o->max_steps) /* a burst may overshoot */
        plan_step_free(&plan->steps[--plan->nsteps]);
}
