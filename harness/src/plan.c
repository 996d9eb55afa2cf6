/* plan.c - compiling a validated scenario into a plan. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "invariant.h"
#include "plan.h"

/* The repeats enclosing the step being compiled: their index names, outermost first. */
typedef struct {
    esc_plan *plan;
    espec_profile profile;
    const char *names[ESC_MAX_DEPTH];
    size_t depth;
    char *err;
    size_t errsize;
} compiler;

/* Returns a pointer that never fails (exits when memory runs out). */
static void *must(void *p)
{
    if (p == NULL)
        abort();
    return p;
}

const char *plan_own(esc_plan *plan, const char *text)
{
    plan->owned = must(realloc(plan->owned, (plan->nowned + 1) * sizeof *plan->owned));
    return plan->owned[plan->nowned++] = must(strdup(text));
}

uint32_t plan_family(esc_plan *plan, const char *name)
{
    for (size_t i = 0; i < plan->nfamilies; i++)
        if (strcmp(plan->families[i], name) == 0)
            return (uint32_t)i;
    if (plan->nfamilies == plan->cap_families) {
        plan->cap_families = plan->cap_families ? 2 * plan->cap_families : 16;
        plan->families = must(realloc(plan->families, plan->cap_families * sizeof *plan->families));
    }
    plan->families[plan->nfamilies] = must(strdup(name));
    return (uint32_t)plan->nfamilies++;
}

/* Returns the length of the identifier at p. */
static size_t ident_len(const char *p)
{
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    return n;
}

/* Returns the depth of the repeat whose index is name (length len), or -1. */
static int index_depth(const compiler *c, const char *name, size_t len)
{
    for (size_t d = c->depth; d-- > 0;)
        if (strlen(c->names[d]) == len && strncmp(c->names[d], name, len) == 0)
            return (int)d;
    return -1;
}

/* Returns 1 with text ("$s[$i][3]", already validated) parsed into var, 0 with a message. */
static int parse_var(compiler *c, const char *text, plan_var *var)
{
    char family[ESC_VAR_NAME_MAX];
    size_t n = ident_len(text + 1);
    snprintf(family, sizeof family, "%.*s", (int)n, text + 1);
    memset(var, 0, sizeof *var);
    var->family = plan_family(c->plan, family);
    for (const char *p = text + 1 + n; *p == '[' && var->nidx < ESC_MAX_DEPTH; var->nidx++) {
        plan_index *ix = &var->idx[var->nidx];
        if (p[1] == '$') {
            size_t k = ident_len(p + 2);
            ix->depth = index_depth(c, p + 2, k);
            if (ix->depth < 0) {
                snprintf(c->err, c->errsize, "index of %s is not a repeat index in force", text);
                return 0;
            }
            p += 2 + k + 1;
        } else {
            ix->depth = -1;
            ix->literal = strtoll(p + 1, NULL, 10);
            p += 1 + strspn(p + 1, "0123456789") + 1;
        }
    }
    return 1;
}

/* Returns 1 when text names a repeat index in force ("$i"), with its depth. */
static int is_index(const compiler *c, const char *text, int *depth)
{
    if (text == NULL || text[0] != '$')
        return 0;
    size_t n = ident_len(text + 1);
    *depth = index_depth(c, text + 1, n);
    return n > 0 && text[1 + n] == '\0' && *depth >= 0;
}

/* The environment args_read sees at compile time: the index names in force (values 0). */
static void compile_env(const compiler *c, esc_index_env *env)
{
    env->count = c->depth;
    for (size_t d = 0; d < c->depth; d++) {
        env->items[d].name = c->names[d];
        env->items[d].value = 0;
    }
}

/* Returns 1 with a setsysparams array built into a, 0 with a message. */
static int compile_params(compiler *c, plan_arg *a, json_t *json, const esc_index_env *env)
{
    size_t count = json_array_size(json);
    a->params = must(calloc(count + 16, sizeof *a->params)); /* spare entries: a target may read past */
    a->nparams = count;
    for (size_t k = 0; k < count; k++) {
        uint32_t paramid;
        uint64_t lparam;
        const char *sz;
        if (!args_param_entry(json_array_get(json, k), env, &paramid, &lparam, &sz, c->err, c->errsize))
            return 0;
        a->params[k].paramid = paramid;
        a->params[k].lParam = lparam;
        a->params[k].sz = sz;
        a->tmpdir |= sz != NULL && strstr(sz, "$TMPDIR") != NULL;
    }
    return 1;
}

/* Returns 1 with argument i of a step compiled, 0 with a message. */
static int compile_arg(compiler *c, plan_step *ps, int i, json_t *json)
{
    plan_arg *a = &ps->args[i];
    espec_argkind kind = ps->call->args[i].kind;
    int narrow = espec_argkind_shape(kind) == ESPEC_SHAPE_HANDLE32;
    esc_index_env env;
    esc_value v;
    int depth;
    compile_env(c, &env);
    if (!args_read(kind, json, &env, &v, c->err, c->errsize))
        return 0;
    a->written = v.type;
    switch (v.type) {
    case ESC_VAL_VAR:
        a->type = PLAN_ARG_VAR;
        return parse_var(c, json_string_value(json), &a->var);
    case ESC_VAL_NULLPTR:
        a->type = PLAN_ARG_NULLPTR;
        return 1;
    case ESC_VAL_STRING:
        a->type = PLAN_ARG_STRING;
        a->text = v.string;
        a->tmpdir = strstr(v.string, "$TMPDIR") != NULL;
        return 1;
    case ESC_VAL_PARAMS:
        a->type = PLAN_ARG_PARAMS;
        return compile_params(c, a, json, &env);
    /* a 32-bit handle (JET_DBID) has 32-bit nil and garbage values */
    case ESC_VAL_NIL: a->value = narrow ? UINT32_MAX : ~(uint64_t)0; break;
    case ESC_VAL_GARBAGE: a->value = narrow ? ESC_GARBAGE_HANDLE32 : ESC_GARBAGE_HANDLE; break;
    case ESC_VAL_ZERO: a->value = 0; break;
    default: a->value = v.number; break;
    }
    a->type = PLAN_ARG_CONST;
    if (is_index(c, json_string_value(json), &depth)) {
        a->type = PLAN_ARG_INDEX;
        a->index = depth;
    }
    return 1;
}

/* Returns a bit mask of the arguments named in a check's list. */
static uint32_t arg_mask(const esc_call *call, json_t *list)
{
    size_t k;
    json_t *item;
    uint32_t mask = 0;
    json_array_foreach(list, k, item) {
        int i = calls_arg_index(call, json_string_value(item));
        if (i >= 0)
            mask |= 1u << i;
    }
    return mask;
}

/* Returns 1 with an equals check's expected value compiled, 0 with a message. */
static int compile_equals(compiler *c, const esc_call *call, plan_equals *e, json_t *want)
{
    const char *s = json_string_value(want);
    esc_index_env env;
    int depth;
    compile_env(c, &env);
    if (espec_argkind_shape(call->args[e->arg].kind) == ESPEC_SHAPE_OUT_STRING) {
        e->kind = PLAN_EQ_STRING;
        e->text = s != NULL ? s : "";
        return 1;
    }
    if (is_index(c, s, &depth)) {
        e->kind = PLAN_EQ_INDEX;
        e->number = (uint64_t)depth;
        return 1;
    }
    if (s != NULL && s[0] == '$') {
        e->kind = PLAN_EQ_VAR;
        return parse_var(c, s, &e->var);
    }
    e->kind = PLAN_EQ_NUMBER;
    return args_number(want, 1, &env, &e->number, c->err, c->errsize);
}

/* Returns 1 with a distinct check's variables compiled, 0 with a message. */
static int compile_distinct(compiler *c, plan_distinct *d, json_t *list)
{
    size_t k;
    json_t *item;
    d->vars = must(calloc(json_array_size(list) + 1, sizeof *d->vars));
    json_array_foreach(list, k, item)
        if (!parse_var(c, json_string_value(item), &d->vars[d->nvars++]))
            return 0;
    return 1;
}

/* Returns 1 with a step's check object compiled, 0 with a message. */
static int compile_check(compiler *c, plan_step *ps, json_t *check)
{
    const char *key, *name;
    json_t *value, *item;
    plan_check *pc = &ps->check;
    json_object_foreach(check, key, value) {
        if (strcmp(key, "bound") == 0)
            pc->bound |= arg_mask(ps->call, value);
        else if (strcmp(key, "unchanged") == 0)
            pc->unchanged |= arg_mask(ps->call, value);
        else {
            int is_distinct = strcmp(key, "distinct") == 0;
            json_object_foreach(value, name, item) {
                int i = calls_arg_index(ps->call, name);
                if (i < 0)
                    continue;
                if (is_distinct) {
                    pc->distinct = must(realloc(pc->distinct, (pc->ndistinct + 1) * sizeof *pc->distinct));
                    plan_distinct *d = memset(&pc->distinct[pc->ndistinct++], 0, sizeof *pc->distinct);
                    d->arg = i;
                    if (!compile_distinct(c, d, item))
                        return 0;
                } else {
                    pc->equals = must(realloc(pc->equals, (pc->nequals + 1) * sizeof *pc->equals));
                    plan_equals *e = memset(&pc->equals[pc->nequals++], 0, sizeof *pc->equals);
                    e->arg = i;
                    if (!compile_equals(c, ps->call, e, item))
                        return 0;
                }
            }
        }
    }
    return 1;
}

/* Returns the codes the step expects under the profile. */
static espec_codeset expected_codes(const esc_step *step, espec_profile profile)
{
    espec_codeset set;
    memset(&set, 0, sizeof set);
    if (step->expect_kind == ESC_EXPECT_CODES)
        set = step->codes;
    else if (step->expect_kind == ESC_EXPECT_CLAUSE && step->clause != NULL)
        espec_clause_expect(step->clause, profile, &set);
    else
        set.count = 1; /* JET_errSuccess */
    /* a parallel step may add codes to its clause's: those a race allows */
    for (size_t i = 0; step->expect_kind == ESC_EXPECT_CLAUSE && step->expect != NULL &&
                       i < step->codes.count; i++)
        if (!espec_codeset_has(&set, step->codes.codes[i]) && set.count < ESPEC_MAX_CODES)
            set.codes[set.count++] = step->codes.codes[i];
    return set;
}

static int compile_steps(compiler *c, const esc_step *steps, size_t n, plan_step **out, size_t *nout);

/* Returns 1 with one step compiled into ps, 0 with a message. */
static int compile_step(compiler *c, const esc_step *step, plan_step *ps)
{
    ps->pointer = step->pointer;
    if (step->is_parallel || step->is_list) {
        ps->is_parallel = step->is_parallel;
        ps->is_list = step->is_list;
        ps->thread = step->is_list && strcmp(step->thread, "main") != 0 ? step->thread : NULL;
        if (step->is_parallel && step->invariants != NULL)
            ps->ninvariants = invariant_compile(step, &ps->invariants);
        return compile_steps(c, step->steps, step->nsteps, &ps->steps, &ps->nsteps);
    }
    if (step->is_repeat) {
        ps->is_repeat = 1;
        ps->count = step->count;
        ps->depth = (int)c->depth;
        ps->index_name = step->index;
        if (c->depth == ESC_MAX_DEPTH) {
            snprintf(c->err, c->errsize, "repeats nested deeper than %d", ESC_MAX_DEPTH);
            return 0;
        }
        c->names[c->depth++] = step->index ? step->index : "";
        int ok = compile_steps(c, step->steps, step->nsteps, &ps->steps, &ps->nsteps);
        c->depth--;
        return ok;
    }
    ps->call = step->call;
    ps->clause = step->clause;
    ps->thread = step->thread;
    ps->tally = step->tally;
    ps->expect = expected_codes(step, c->profile);
    if (step->if_bound != NULL) {
        ps->has_if_bound = 1;
        if (!parse_var(c, step->if_bound, &ps->if_bound))
            return 0;
    }
    if (ps->call == NULL) {
        snprintf(c->err, c->errsize, "unknown call %s", step->call_name ? step->call_name : "(none)");
        return 0;
    }
    for (int i = 0; i < ps->call->arity; i++)
        if (!compile_arg(c, ps, i, json_object_get(step->args, ps->call->args[i].name)))
            return 0;
    return step->check == NULL || compile_check(c, ps, step->check);
}

/* Returns 1 with n steps compiled into a new array, 0 with a message. */
static int compile_steps(compiler *c, const esc_step *steps, size_t n, plan_step **out, size_t *nout)
{
    *out = must(calloc(n + 1, sizeof **out));
    *nout = n;
    for (size_t i = 0; i < n; i++)
        if (!compile_step(c, &steps[i], &(*out)[i])) {
            char where[300];
            snprintf(where, sizeof where, "%s", c->err);
            snprintf(c->err, c->errsize, "%s: %s", steps[i].pointer, where);
            return 0;
        }
    return 1;
}

int plan_compile(esc_plan *plan, const esc_step *steps, size_t nsteps, espec_profile profile,
                 char *err, size_t errsize)
{
    compiler c = {.plan = plan, .profile = profile, .err = err, .errsize = errsize};
    memset(plan, 0, sizeof *plan);
    return compile_steps(&c, steps, nsteps, &plan->steps, &plan->nsteps);
}

char *plan_var_text(const esc_plan *plan, const plan_var *var, const char *const *index_names,
                    char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "$%s", plan->families[var->family]);
    for (uint32_t k = 0; k < var->nidx && n < size; k++) {
        const plan_index *ix = &var->idx[k];
        if (ix->depth >= 0)
            n += (size_t)snprintf(out + n, size - n, "[$%s]", index_names[ix->depth]);
        else
            n += (size_t)snprintf(out + n, size - n, "[%lld]", ix->literal);
    }
    return out;
}

void plan_step_free(plan_step *step)
{
    for (size_t k = 0; k < step->nsteps; k++)
        plan_step_free(&step->steps[k]);
    free(step->steps);
    for (int i = 0; i < ESPEC_MAX_ARGS; i++)
        free(step->args[i].params);
    for (size_t k = 0; k < step->check.ndistinct; k++)
        free(step->check.distinct[k].vars);
    free(step->check.distinct);
    free(step->check.equals);
    invariant_free(step->invariants, step->ninvariants);
    memset(step, 0, sizeof *step);
}

void plan_free(esc_plan *plan)
{
    for (size_t k = 0; k < plan->nsteps; k++)
        plan_step_free(&plan->steps[k]);
    free(plan->steps);
    for (size_t k = 0; k < plan->nfamilies; k++)
        free(plan->families[k]);
    free(plan->families);
    for (size_t k = 0; k < plan->nowned; k++)
        free(plan->owned[k]);
    free(plan->owned);
    memset(plan, 0, sizeof *plan);
}
