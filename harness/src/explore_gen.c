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
    {"JetCreateDatabase", 3}, {"JetCreateDatabase2", 1}, {"JetAttachDatabase", 2},
    {"JetAttachDatabase2", 1}, {"JetOpenDatabase", 3}, {"JetCloseDatabase", 2},
    {"JetDetachDatabase", 2}, {"JetDetachDatabase2", 1}, {"JetCreateTable", 4}, {"JetOpenTable", 4},
    {"JetCloseTable", 3}, {"JetDeleteTable", 2}, {"JetDupCursor", 3},
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

#define EXPLORE_MAX_POOLS 8      /* handle types (instance, sesid, dbid, tableid, ...) */
#define EXPLORE_POOL_SIZE 256    /* handle variables remembered per type */

/* The handle variables of one type, in binding order. */
typedef struct {
    const char *type;            /* "instance", "sesid", "dbid", "tableid" */
    uint32_t families[EXPLORE_POOL_SIZE];
    size_t n;
} handle_pool;

typedef struct {
    uint64_t state;              /* splitmix64 */
    esc_plan *plan;
    handle_pool pools[EXPLORE_MAX_POOLS]; /* handle variables by type */
    size_t npools;
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

/* Returns nothing; a handle input: mostly a variable of the right type (the latest more often),
 * else 0, nil, garbage (32-bit ones for a 32-bit handle) or a handle of another type. */
static void handle_input(gen *g, plan_arg *a, const handle_pool *p, const handle_pool *other, int narrow)
{
    uint64_t r = below(g, 100);
    if (p != NULL && p->n > 0 && r < 84) {
        size_t k = chance(g, 55) ? p->n - 1 : below(g, p->n);
        a->type = PLAN_ARG_VAR;
        a->written = ESC_VAL_VAR;
        a->var.family = p->families[k];
    } else if (r < 88)
        constant(a, ESC_VAL_ZERO, 0);
    else if (r < 92)
        constant(a, ESC_VAL_NIL, narrow ? UINT32_MAX : ~(uint64_t)0);
    else if (r < 96 || other == NULL)
        constant(a, ESC_VAL_GARBAGE, narrow ? ESC_GARBAGE_HANDLE32 : ESC_GARBAGE_HANDLE);
    else {
        a->type = PLAN_ARG_VAR;
        a->written = ESC_VAL_VAR;
        a->var.family = other->families[below(g, other->n)];
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

/* Returns the handle type an argument kind names: its scenario name without "out-",
 * "inout-" or "in-p" ("out-dbid" -> "dbid"), so that outputs and inputs of one type share a
 * pool whatever kinds argkinds.def grows. */
static const char *handle_type(espec_argkind kind)
{
    const char *json = espec_argkind_json(kind);
    static const char *const prefixes[] = {"out-", "inout-", "in-p"};
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++)
        if (strncmp(json, prefixes[k], strlen(prefixes[k])) == 0)
            return json + strlen(prefixes[k]);
    return json;
}

/* Returns the pool of a handle type, made on first use (NULL when all are taken). */
static handle_pool *pool_of(gen *g, const char *type)
{
    for (size_t k = 0; k < g->npools; k++)
        if (strcmp(g->pools[k].type, type) == 0)
            return &g->pools[k];
    if (g->npools == EXPLORE_MAX_POOLS)
        return NULL;
    handle_pool *p = &g->pools[g->npools++];
    p->type = type;
    return p;
}

/* Returns a pool other than p with handles in it (for "a handle of the other kind"), or NULL. */
static const handle_pool *other_pool(gen *g, const handle_pool *p)
{
    size_t start = (size_t)below(g, g->npools ? g->npools : 1);
    for (size_t k = 0; k < g->npools; k++) {
        const handle_pool *q = &g->pools[(start + k) % g->npools];
        if (q != p && q->n > 0)
            return q;
    }
    return NULL;
}

/* Returns nothing; the argument names a fresh handle variable of its type (t1, d2, ...). */
static void fresh_handle(gen *g, plan_arg *a, handle_pool *p)
{
    char prefix[2] = {p->type[0], '\0'};
    fresh_var(g, a, prefix, p->families, &p->n, EXPLORE_POOL_SIZE);
}

/* Returns nothing; the argument is a NULL pointer. */
static void null_pointer(plan_arg *a)
{
    a->type = PLAN_ARG_NULLPTR;
    a->written = ESC_VAL_NULLPTR;
}

/* Returns nothing; a string argument drawn by its kind: database paths under $TMPDIR (one
 * whose folder does not exist now and then), table names (valid, empty, too long), else NULL
 * for what the engine ignores. */
static void text_for(gen *g, plan_arg *a, const espec_arg *arg)
{
    static const char *const paths[] = {"$TMPDIR/a.edb", "$TMPDIR/b.edb", "$TMPDIR/a.edb", "",
                                        "$TMPDIR/nodir/c.edb"};
    static const char *const tables[] = {"t1", "t2", "t1", "T1", "",
                                         "a-name-of-sixty-five-characters-which-is-one-more-than-the-most-x"};
    const char *json = espec_argkind_json(arg->kind);
    a->type = PLAN_ARG_STRING;
    a->written = ESC_VAL_STRING;
    if (strcmp(json, "db-path") == 0 && !chance(g, 3))
        a->text = paths[below(g, sizeof paths / sizeof *paths)];
    else if (strcmp(json, "table-name") == 0 && !chance(g, 3))
        a->text = tables[below(g, sizeof tables / sizeof *tables)];
    else if (strcmp(json, "string") == 0)
        string_for(g, a, arg->name);
    else
        null_pointer(a); /* reserved arguments, and the rare NULL path or name */
    a->tmpdir = a->type == PLAN_ARG_STRING && strstr(a->text, "$TMPDIR") != NULL;
}

/* Returns a number for a 32-bit argument of a kind with its own range (pages, density), or
 * the name-guided numbers of number_for. */
static uint64_t number_by_kind(gen *g, const espec_arg *arg)
{
    static const uint32_t pages[] = {0, 1, 16, 256, 0xFFFFFFFFu};
    static const uint32_t density[] = {0, 20, 80, 100, 101};
    const char *json = espec_argkind_json(arg->kind);
    if (strcmp(json, "pages") == 0)
        return pages[below(g, sizeof pages / sizeof *pages)];
    if (strcmp(json, "density") == 0)
        return density[below(g, sizeof density / sizeof *density)];
    return number_for(g, arg->name, strcmp(arg->name, "grbit") == 0);
}

/* Returns nothing; argument i of step s drawn by the shape and kind of the argument. */
static void draw_arg(gen *g, plan_step *s, int i)
{
    plan_arg *a = &s->args[i];
    const espec_arg *arg = &s->call->args[i];
    espec_argshape shape = espec_argkind_shape(arg->kind);
    handle_pool *p = NULL;
    switch (shape) {
    case ESPEC_SHAPE_HANDLE: case ESPEC_SHAPE_HANDLE32:
        p = pool_of(g, handle_type(arg->kind));
        handle_input(g, a, p, other_pool(g, p), shape == ESPEC_SHAPE_HANDLE32);
        break;
    case ESPEC_SHAPE_OUT_HANDLE: case ESPEC_SHAPE_OUT_HANDLE32:
        p = pool_of(g, handle_type(arg->kind));
        if (p == NULL || chance(g, 3))
            null_pointer(a);
        else
            fresh_handle(g, a, p);
        break;
    case ESPEC_SHAPE_INOUT_HANDLE: case ESPEC_SHAPE_IN_PHANDLE:
        p = pool_of(g, handle_type(arg->kind));
        if (p != NULL && p->n > 0 && chance(g, 85))
            handle_input(g, a, p, NULL, 0);
        else if (p != NULL && shape == ESPEC_SHAPE_INOUT_HANDLE && chance(g, 60))
            fresh_handle(g, a, p);
        else
            null_pointer(a);
        break;
    case ESPEC_SHAPE_NUMBER32: case ESPEC_SHAPE_NUMBER64:
        constant(a, ESC_VAL_NUMBER, number_by_kind(g, arg));
        break;
    case ESPEC_SHAPE_STRING:
        text_for(g, a, arg);
        break;
    case ESPEC_SHAPE_OUT_NUMBER32: case ESPEC_SHAPE_OUT_NUMBER64: case ESPEC_SHAPE_OUT_STRING:
        fresh_var(g, a, "v", NULL, NULL, 0);
        break;
    default: /* setsysparams and shapes this generator does not know: a NULL pointer */
        null_pointer(a);
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

/* Returns nothing; argument `name` of s (when s and the argument exist) becomes the variable
 * of a family (nothing changes for family < 0: no such variable yet). */
static void set_var(plan_step *s, const char *name, long family)
{
    int i = s != NULL ? calls_arg_index(s->call, name) : -1;
    if (i < 0 || family < 0)
        return;
    s->args[i].type = PLAN_ARG_VAR;
    s->args[i].written = ESC_VAL_VAR;
    s->args[i].var.family = (uint32_t)family;
    s->args[i].var.nidx = 0;
}

/* Returns nothing; argument `name` of s (when s and the argument exist) becomes a number. */
static void set_number(plan_step *s, const char *name, uint64_t number)
{
    int i = s != NULL ? calls_arg_index(s->call, name) : -1;
    if (i >= 0)
        constant(&s->args[i], ESC_VAL_NUMBER, number);
}

/* Returns the family of the k-th latest handle variable of a type (k = 0: the latest), or -1. */
static long latest(gen *g, const char *type, size_t k)
{
    handle_pool *p = pool_of(g, type);
    return p != NULL && p->n > k ? (long)p->families[p->n - 1 - k] : -1;
}

/* Returns the step for a named call whose out-handle argument `out` binds a fresh variable,
 * or NULL when the call is not usable. */
static plan_step *add_binding(gen *g, const char *name, const char *out)
{
    plan_step *s = add_drawn(g, name);
    int i = s != NULL ? calls_arg_index(s->call, out) : -1;
    handle_pool *p = i >= 0 ? pool_of(g, handle_type(s->call->args[i].kind)) : NULL;
    if (p != NULL && s->args[i].type != PLAN_ARG_VAR)
        fresh_handle(g, &s->args[i], p);
    return s;
}

/* Returns nothing; the opening: an instance in multi-instance mode (maybe with a small
 * session limit), the one instance of one-instance mode, or nothing. */
static void opening(gen *g)
{
    uint64_t r = below(g, 100);
    plan_step *s;
    if (chance(g, 15) && (s = add_drawn(g, "JetSetSystemParameter")) != NULL) {
        /* a process-wide limit of one or two instances, before any exists */
        null_pointer(&s->args[0]);
        constant(&s->args[1], ESC_VAL_ZERO, 0);
        set_number(s, "paramid", JET_paramMaxInstances);
        set_number(s, "lParam", 1 + below(g, 2));
        s->thread = NULL;
    }
    if (r < 70 && (s = add_binding(g, "JetCreateInstance", "pinstance")) != NULL) {
        s->thread = NULL;
        long inst = (long)s->args[0].var.family;
        if (chance(g, 50) && (s = add_drawn(g, "JetSetSystemParameter")) != NULL) {
            set_var(s, "pinstance", inst);
            constant(&s->args[1], ESC_VAL_ZERO, 0);
            set_number(s, "paramid", JET_paramMaxSessions);
            set_number(s, "lParam", 1 + below(g, 4));
            s->thread = NULL;
        }
        if ((s = add_drawn(g, "JetInit")) != NULL) {
            set_var(s, "pinstance", inst);
            s->thread = NULL;
        }
    } else if (r >= 70 && r < 85 && (s = add_drawn(g, "JetInit")) != NULL) {
        null_pointer(&s->args[0]);
        s->thread = NULL;
    }
}

/* Returns nothing; a session with a database and a table open on it (the ring the session
 * owns), as far as the libraries have the calls. */
static void database_burst(gen *g)
{
    plan_step *s = add_binding(g, "JetBeginSession", "psesid");
    if (s == NULL)
        return;
    set_var(s, "instance", latest(g, "instance", 0));
    long ses = latest(g, "sesid", 0);
    if ((s = add_binding(g, "JetCreateDatabase", "pdbid")) == NULL)
        return;
    set_var(s, "sesid", ses);
    long db = latest(g, "dbid", 0);
    plan_step *t = add_drawn(g, "JetCreateTable");
    set_var(t, "sesid", ses);
    set_var(t, "dbid", db);
    if ((s = add_binding(g, "JetOpenTable", "ptableid")) != NULL) {
        set_var(s, "sesid", ses);
        set_var(s, "dbid", db);
        set_var(add_drawn(g, "JetDupCursor"), "sesid", ses);
    }
}

/* Returns nothing; one burst that reaches a deep state in a few dozen steps. */
static void burst(gen *g)
{
    long s0 = latest(g, "sesid", 0);
    switch (below(g, 5)) {
    case 0: /* reuse one slot many times */
        for (uint64_t k = 0, n = 4 + below(g, 20); k < n; k++) {
            plan_step *b = add_binding(g, "JetBeginSession", "psesid");
            if (b == NULL)
                break;
            set_var(b, "instance", latest(g, "instance", 0));
            set_var(add_drawn(g, "JetEndSession"), "sesid", latest(g, "sesid", 0));
        }
        break;
    case 1: /* a dup chain */
        for (uint64_t k = 0, n = 2 + below(g, 6); k < n && s0 >= 0; k++) {
            long from = latest(g, "sesid", 0);
            plan_step *d = add_binding(g, "JetDupSession", "psesid");
            if (d == NULL)
                break;
            set_var(d, "sesid", from);
        }
        break;
    case 2: /* nesting to the limit and past it */
        for (uint64_t k = 0, n = 6 + below(g, 4); k < n && s0 >= 0; k++)
            set_var(add_drawn(g, "JetBeginTransaction"), "sesid", s0);
        break;
    case 3:
        database_burst(g);
        break;
    default: { /* term and re-create */
        if (latest(g, "instance", 0) >= 0)
            add_drawn(g, "JetTerm");
        plan_step *c = add_binding(g, "JetCreateInstance", "pinstance");
        if (c != NULL)
            set_var(add_drawn(g, "JetInit"), "pinstance", (long)c->args[0].var.family);
        break;
    }
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
