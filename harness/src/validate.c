/* validate.c - semantic checks of scenarios against spec/, over every expanded step. */
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "args.h"
#include "invariant.h"
#include "validate.h"

#define ESC_MAX_EXPANDED 200000  /* call steps walked per scenario, repeats expanded */

/* A variable a step names, as written: what a repeat's later iterations check again. */
typedef struct esc_varref {
    const char *written;         /* "$d[$i]" (borrowed from the scenario's JSON) */
    const char *arg;             /* the argument it is given for */
    const char *check;           /* NULL for an argument; "distinct" or "equals" for a check */
    esc_role role;               /* in, out or in-out */
} esc_varref;

typedef struct {
    const char *source;          /* the file */
    unsigned caps;               /* what the scenario requires */
    const espec_catalogue *cat;  /* the clause catalogue */
    esc_errors *errors;          /* where problems go */
    esc_vars vars;               /* variables bound so far */
    esc_index_env env;           /* repeat indexes in force */
    size_t expanded;             /* call steps walked */
    int light;                   /* 1 from a repeat's third iteration on: only what depends on
                                    the index values (variables) is checked again */
    esc_varref refs[64];         /* the variables of the step being checked (full walk) */
    size_t nrefs;
    uint64_t list_tag;           /* inside a parallel block: block and list of the steps being
                                    walked ((block << 16) | list + 1); variables bound there carry
                                    it, so another list of the block cannot use them; else 0 */
    uint64_t blocks;             /* parallel blocks walked */
} vctx;

/* Returns the tag a variable bound now carries (0 outside a parallel block). */
static uint64_t bind_tag(const vctx *c)
{
    return c->list_tag;
}

/* Returns nothing; notes a variable the current step names, for the step's cache. */
static void note_ref(vctx *c, const char *written, const char *arg, const char *check, esc_role role)
{
    if (c->nrefs < sizeof c->refs / sizeof *c->refs)
        c->refs[c->nrefs++] = (esc_varref){written, arg, check, role};
}

/* Returns the pointer base + "/" + a + ("/" + b) in out. */
static const char *ptr2(char *out, size_t size, const char *base, const char *a, const char *b)
{
    char tmp[300];
    scenario_pointer(tmp, sizeof tmp, base, a);
    return b ? scenario_pointer(out, size, tmp, b) : strcpy(out, tmp);
}

/* Returns 1 when the step's codes resolved (ESC_EXPECT_CODES), else 0 with problems. */
static int resolve_codes(vctx *c, esc_step *step)
{
    char ptr[300];
    json_t *any = json_object_get(step->expect, "any");
    json_t *list = json_is_string(step->expect) ? NULL : any;
    size_t n = list ? json_array_size(list) : 1;
    int ok = 1;
    step->codes.count = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *name = list ? json_array_get(list, i) : step->expect;
        const espec_code *code = espec_code_by_name(json_string_value(name));
        if (list)
            snprintf(ptr, sizeof ptr, "%s/expect/any/%zu", step->pointer, i);
        else
            snprintf(ptr, sizeof ptr, "%s/expect", step->pointer);
        if (code == NULL)
            ok = error_add(c->errors, c->source, -1, -1, ptr, "unknown code %s%s%s",
                           json_is_string(name) ? "\"" : "",
                           json_is_string(name) ? json_string_value(name) : "(not a string)",
                           json_is_string(name) ? "\"" : "");
        else if (step->codes.count < ESPEC_MAX_CODES)
            step->codes.codes[step->codes.count++] = code->value;
    }
    return ok;
}

/* Returns 1 when some profile's expectation for the step includes a success code. */
int validate_may_succeed(const esc_step *step)
{
    if (step->expect_kind == ESC_EXPECT_DEFAULT)
        return 1;
    if (step->expect_kind == ESC_EXPECT_CODES) {
        for (size_t i = 0; i < step->codes.count; i++)
            if (step->codes.codes[i] >= 0)
                return 1;
        return step->codes.count == 0;
    }
    if (step->clause == NULL)
        return 1;
    for (size_t i = 0; step->expect != NULL && i < step->codes.count; i++)
        if (step->codes.codes[i] >= 0)
            return 1; /* a parallel step's own codes, beside its clause's */
    for (int p = 0; p < ESPEC_PROFILE_COUNT; p++) {
        espec_codeset set;
        if (espec_clause_expect(step->clause, (espec_profile)p, &set))
            for (size_t i = 0; i < set.count; i++)
                if (set.codes[i] >= 0)
                    return 1;
    }
    return 0;
}

/* Returns 1 when the call, capability and expectation names resolved; 0 with problems. */
static int check_names(vctx *c, esc_step *step)
{
    char ptr[300];
    int ok = 1;
    step->call = calls_find(step->call_name);
    if (step->call == NULL)
        ok = error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "call", NULL),
                       "unknown call \"%s\" (not in api.def or esehook.def)", step->call_name);
    else if (step->call->is_hook && !(c->caps & ESC_CAP_HOOKS))
        ok = error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "call", NULL),
                       "hook step %s needs \"requires\": [\"ref-hooks\"]", step->call_name);
    if (step->thread != NULL && !step->in_parallel && !(c->caps & ESC_CAP_THREADS))
        ok = error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "thread", NULL),
                       "\"thread\" needs \"requires\": [\"threads\"]");
    if (step->expect_kind == ESC_EXPECT_CLAUSE) {
        step->clause = espec_catalogue_find(c->cat, step->clause_id);
        if (step->clause == NULL)
            ok = error_add(c->errors, c->source, -1, -1,
                           ptr2(ptr, sizeof ptr, step->pointer, "clause", NULL),
                           "unknown clause \"%s\" (not in the catalogue)", step->clause_id);
    }
    if (step->expect != NULL)
        ok &= resolve_codes(c, step);
    return ok;
}

/* Returns 1 when the variable's state fits its role, 0 with a problem recorded. */
static int check_role(vctx *c, const esc_step *step, const char *argname, const char *written,
                      const esc_value *v, esc_role role)
{
    char ptr[300];
    int bound = vars_is_bound(&c->vars, v->var);
    const esc_var *var = bound ? vars_find(&c->vars, v->var) : NULL;
    if (var != NULL && c->list_tag != 0 && var->value >> 16 == c->list_tag >> 16 &&
        var->value != c->list_tag && role != ESC_ROLE_OUT)
        return error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "args", argname),
                         "variable %s is bound by another thread's list of the same parallel block: "
                         "use it after the block", written);
    if (role == ESC_ROLE_IN && !bound)
        return error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "args", argname),
                         "unbound variable %s used as input", written);
    if (role == ESC_ROLE_OUT && bound)
        return error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "args", argname),
                         "variable %s bound twice", written);
    return 1;
}

/* Returns 1 when every argument is present, known and of its kind; 0 with problems. Fills
 * binds with the names the step binds on success. */
static int check_args(vctx *c, esc_step *step, char binds[][ESC_VAR_NAME_MAX], size_t *nbinds)
{
    const esc_call *call = step->call;
    const char *key;
    json_t *value;
    char ptr[300], err[300];
    int ok = 1;
    json_object_foreach(step->args, key, value)
        if (calls_arg_index(call, key) < 0)
            ok = error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "args", key),
                           "extra argument \"%s\" (%s has no such argument)", key, call->name);
    for (int i = 0; i < call->arity; i++) {
        const espec_arg *arg = &call->args[i];
        value = json_object_get(step->args, arg->name);
        if (value == NULL) {
            ok = error_add(c->errors, c->source, -1, -1,
                           step->args ? ptr2(ptr, sizeof ptr, step->pointer, "args", NULL) : step->pointer,
                           "missing argument \"%s\" of %s", arg->name, call->name);
            continue;
        }
        esc_value v;
        if (!args_read(arg->kind, value, &c->env, &v, err, sizeof err)) {
            ok = error_add(c->errors, c->source, -1, -1, ptr2(ptr, sizeof ptr, step->pointer, "args", arg->name),
                           "wrong value for %s (%s): %s", arg->name, espec_argkind_json(arg->kind), err);
            continue;
        }
        if (v.type != ESC_VAL_VAR)
            continue;
        esc_role role = args_role(arg->kind);
        note_ref(c, json_string_value(value), arg->name, NULL, role);
        ok &= check_role(c, step, arg->name, json_string_value(value), &v, role);
        if (role != ESC_ROLE_IN && !vars_is_bound(&c->vars, v.var))
            strcpy(binds[(*nbinds)++], v.var);
    }
    return ok;
}

/* Returns the index of an output argument with storage named by a check, or -1 (problem). */
static int check_target(vctx *c, esc_step *step, const char *what, const char *name,
                        const char *ptr)
{
    int i = calls_arg_index(step->call, name);
    if (i < 0 || !args_is_output(step->call->args[i].kind))
        return error_add(c->errors, c->source, -1, -1, ptr,
                         "check %s: \"%s\" is not an out-argument of %s", what, name, step->call->name) - 1;
    if (json_is_null(json_object_get(step->args, name)))
        return error_add(c->errors, c->source, -1, -1, ptr,
                         "check %s: \"%s\" is passed as null, so nothing can be written", what, name) - 1;
    return i;
}

/* Returns 1 when a check's variable list is bound variables, 0 with problems. */
static int check_var_list(vctx *c, json_t *list, const char *arg, const char *ptr)
{
    size_t k;
    json_t *item;
    char err[300], name[ESC_VAR_NAME_MAX];
    if (!json_is_array(list) || json_array_size(list) == 0)
        return error_add(c->errors, c->source, -1, -1, ptr, "distinct takes a non-empty array of variables");
    json_array_foreach(list, k, item) {
        const char *s = json_string_value(item);
        if (s == NULL || !vars_expand(s, &c->env, name, sizeof name, err, sizeof err))
            return error_add(c->errors, c->source, -1, -1, ptr, "%s", s ? err : "a variable is a string");
        note_ref(c, s, arg, "distinct", ESC_ROLE_IN);
        if (!vars_is_bound(&c->vars, name))
            return error_add(c->errors, c->source, -1, -1, ptr, "unbound variable %s used as input", s);
    }
    return 1;
}

/* Returns 1 when an equals value fits its argument, 0 with a problem. */
static int check_equals_value(vctx *c, espec_argkind kind, json_t *value, const char *arg,
                              const char *ptr)
{
    char err[300], name[ESC_VAR_NAME_MAX];
    uint64_t n;
    const char *s = json_string_value(value);
    if (espec_argkind_shape(kind) == ESPEC_SHAPE_OUT_STRING) {
        if (s == NULL)
            return error_add(c->errors, c->source, -1, -1, ptr, "equals on an out-string takes a string");
        return 1;
    }
    if (s != NULL && vars_is_variable(s) && !vars_index_value(s, &c->env, &(long long){0})) {
        if (!vars_expand(s, &c->env, name, sizeof name, err, sizeof err))
            return error_add(c->errors, c->source, -1, -1, ptr, "%s", err);
        note_ref(c, s, arg, "equals", ESC_ROLE_IN);
        if (!vars_is_bound(&c->vars, name))
            return error_add(c->errors, c->source, -1, -1, ptr, "unbound variable %s used as input", s);
        return 1;
    }
    if (!args_number(value, 1, &c->env, &n, err, sizeof err))
        return error_add(c->errors, c->source, -1, -1, ptr, "equals: %s", err);
    return 1;
}

/* Returns 1 when the step's check object is well formed, 0 with problems. */
static int check_checks(vctx *c, esc_step *step)
{
    const char *key, *arg;
    json_t *value, *item;
    char ptr[300];
    int ok = 1;
    json_object_foreach(step->check, key, value) {
        ptr2(ptr, sizeof ptr, step->pointer, "check", key);
        int is_list = strcmp(key, "bound") == 0 || strcmp(key, "unchanged") == 0;
        int is_map = strcmp(key, "distinct") == 0 || strcmp(key, "equals") == 0;
        if (!is_list && !is_map) {
            ok = error_add(c->errors, c->source, -1, -1, ptr,
                           "unknown check \"%s\" (bound, distinct, unchanged, equals)", key);
        } else if (is_list && (!json_is_array(value) || json_array_size(value) == 0)) {
            ok = error_add(c->errors, c->source, -1, -1, ptr, "%s takes a non-empty array of argument names", key);
        } else if (is_map && (!json_is_object(value) || json_object_size(value) == 0)) {
            ok = error_add(c->errors, c->source, -1, -1, ptr, "%s takes an object keyed by argument name", key);
        } else if (is_list) {
            size_t k;
            json_array_foreach(value, k, item)
                if (!json_is_string(item))
                    ok = error_add(c->errors, c->source, -1, -1, ptr, "%s lists argument names", key);
                else
                    ok &= check_target(c, step, key, json_string_value(item), ptr) >= 0;
        } else {
            json_object_foreach(value, arg, item) {
                char sub[300];
                scenario_pointer(sub, sizeof sub, ptr, arg);
                int i = check_target(c, step, key, arg, sub);
                if (i < 0)
                    ok = 0;
                else if (strcmp(key, "distinct") == 0)
                    ok &= check_var_list(c, item, arg, sub);
                else
                    ok &= check_equals_value(c, step->call->args[i].kind, item, arg, sub);
            }
        }
    }
    return ok;
}

/* Returns 0 after recording a problem about a cached variable, at its argument or check. */
static int ref_error(vctx *c, const esc_step *step, const esc_varref *r, const char *fmt, const char *what)
{
    char ptr[300];
    if (r->check != NULL) {
        ptr2(ptr, sizeof ptr, step->pointer, "check", r->check);
        scenario_pointer(ptr, sizeof ptr, ptr, r->arg);
    } else
        ptr2(ptr, sizeof ptr, step->pointer, "args", r->arg);
    return error_add(c->errors, c->source, -1, -1, ptr, fmt, what);
}

/* Returns 1 when the step's cached variables fit this iteration (a repeat's third and later:
 * names, kinds and checks were checked in the first two); binds its outputs. */
static int check_light(vctx *c, esc_step *step)
{
    char binds[ESPEC_MAX_ARGS][ESC_VAR_NAME_MAX], name[ESC_VAR_NAME_MAX], err[300];
    size_t nbinds = 0;
    int ok = 1;
    for (size_t k = 0; k < step->nvarrefs; k++) {
        const esc_varref *r = &step->varrefs[k];
        if (!vars_expand(r->written, &c->env, name, sizeof name, err, sizeof err)) {
            ok = ref_error(c, step, r, "%s", err);
            continue;
        }
        int bound = vars_is_bound(&c->vars, name);
        if (r->role == ESC_ROLE_IN && !bound)
            ok = ref_error(c, step, r, "unbound variable %s used as input", r->written);
        else if (r->role == ESC_ROLE_OUT && bound)
            ok = ref_error(c, step, r, "variable %s bound twice", r->written);
        else if (r->role != ESC_ROLE_IN && !bound && nbinds < ESPEC_MAX_ARGS)
            strcpy(binds[nbinds++], name);
    }
    if (validate_may_succeed(step))
        for (size_t i = 0; i < nbinds; i++)
            vars_bind(&c->vars, binds[i], bind_tag(c), NULL);
    return ok;
}

/* Returns nothing; keeps the variables the step names (its first full check) in its cache. */
static void cache_refs(vctx *c, esc_step *step)
{
    if (step->varrefs != NULL)
        return;
    step->varrefs = malloc((c->nrefs + 1) * sizeof *step->varrefs);
    if (step->varrefs == NULL)
        abort();
    memcpy(step->varrefs, c->refs, c->nrefs * sizeof *c->refs);
    step->nvarrefs = c->nrefs;
    step->varrefs_ready = c->nrefs < sizeof c->refs / sizeof *c->refs; /* all of them fit */
}

/* Returns 1 when the step's "if_bound" names a variable that some earlier step may bind (at
 * run time it may still be unbound: that is what it is for), 0 with a problem. */
static int check_if_bound(vctx *c, esc_step *step)
{
    char ptr[300], name[ESC_VAR_NAME_MAX], err[300];
    if (step->if_bound == NULL)
        return 1;
    ptr2(ptr, sizeof ptr, step->pointer, "if_bound", NULL);
    if (!vars_expand(step->if_bound, &c->env, name, sizeof name, err, sizeof err))
        return error_add(c->errors, c->source, -1, -1, ptr, "%s", err);
    if (!vars_is_bound(&c->vars, name))
        return error_add(c->errors, c->source, -1, -1, ptr,
                         "if_bound: no earlier step binds %s", step->if_bound);
    return 1;
}

/* Returns 1 when the call step is sound at this point of the walk; binds its outputs. */
static int check_call(vctx *c, esc_step *step)
{
    char binds[ESPEC_MAX_ARGS][ESC_VAR_NAME_MAX];
    size_t nbinds = 0;
    if (c->light && step->varrefs_ready)
        return check_light(c, step);
    c->nrefs = 0;
    int ok = check_names(c, step);
    if (step->call == NULL)
        return 0;
    ok &= check_args(c, step, binds, &nbinds);
    if (step->check != NULL)
        ok &= check_checks(c, step);
    ok &= check_if_bound(c, step);
    cache_refs(c, step);
    if (validate_may_succeed(step))
        for (size_t i = 0; i < nbinds; i++)
            vars_bind(&c->vars, binds[i], bind_tag(c), NULL);
    return ok;
}

static int walk(vctx *c, esc_step *steps, size_t n);

/* Returns 1 when every list of a parallel block is sound: each walked in turn, a variable
 * bound by one list unusable by the others; then its invariants (invariant.c). */
static int check_parallel(vctx *c, esc_step *block)
{
    int ok = 1;
    if (!(c->caps & ESC_CAP_THREADS))
        ok = error_add(c->errors, c->source, -1, -1, block->pointer,
                       "a parallel block needs \"requires\": [\"threads\"]");
    c->blocks++;
    for (size_t k = 0; k < block->nsteps; k++) {
        c->list_tag = (c->blocks << 16) | (k + 1);
        ok &= walk(c, block->steps[k].steps, block->steps[k].nsteps);
    }
    c->list_tag = 0;
    if (block->invariants != NULL)
        ok &= invariant_validate(block, c->source, c->errors);
    return ok;
}

/* Returns 1 when every step (repeats expanded) is sound, 0 with problems. */
static int walk(vctx *c, esc_step *steps, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        esc_step *step = &steps[i];
        if (++c->expanded > ESC_MAX_EXPANDED)
            return error_add(c->errors, c->source, -1, -1, step->pointer,
                             "more than %d steps once repeats are expanded", ESC_MAX_EXPANDED);
        if (step->is_parallel) {
            ok &= check_parallel(c, step);
            continue;
        }
        if (!step->is_repeat) {
            if (step->call_name != NULL)
                ok &= check_call(c, step);
            continue;
        }
        if (step->index == NULL || c->env.count == ESC_MAX_DEPTH) {
            if (step->index != NULL)
                ok = error_add(c->errors, c->source, -1, -1, step->pointer,
                               "repeats nest at most %d deep", ESC_MAX_DEPTH);
            continue;
        }
        for (size_t k = 0; k < c->env.count; k++)
            if (strcmp(c->env.items[k].name, step->index) == 0)
                ok = error_add(c->errors, c->source, -1, -1, step->pointer,
                               "index \"%s\" is already the index of an enclosing repeat", step->index);
        c->env.items[c->env.count].name = step->index;
        c->env.count++;
        int light = c->light;
        for (long long k = 0; k < (step->count ? step->count : 1) && c->expanded <= ESC_MAX_EXPANDED; k++) {
            c->env.items[c->env.count - 1].value = k;
            /* Names, kinds and checks do not depend on the index: iterations 0 and 1 check them
             * (1 catches what the first binding breaks); the rest check the variables only. */
            c->light = light || k >= 2;
            ok &= walk(c, step->steps, step->nsteps);
        }
        c->light = light;
        c->env.count--;
    }
    return ok;
}

/* Returns 1 when every step's names resolved (each step once). */
static int resolve(vctx *c, esc_step *steps, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= steps[i].is_repeat || steps[i].is_parallel || steps[i].is_list
                   ? resolve(c, steps[i].steps, steps[i].nsteps)
                                 : steps[i].call_name == NULL || check_names(c, &steps[i]);
    return ok;
}

int validate_resolve(esc_scenario *sc, const espec_catalogue *catalogue)
{
    vctx c;
    memset(&c, 0, sizeof c);
    c.source = sc->path;
    c.caps = sc->caps;
    c.cat = catalogue;
    c.errors = &sc->errors;
    return resolve(&c, sc->steps, sc->nsteps) && sc->errors.count == 0;
}

/* Returns 1 when no problem was added. */
int validate_steps(esc_step *steps, size_t nsteps, unsigned caps, const char *source,
                   const espec_catalogue *catalogue, esc_errors *errors)
{
    vctx c;
    memset(&c, 0, sizeof c);
    c.source = source;
    c.caps = caps;
    c.cat = catalogue;
    c.errors = errors;
    size_t before = errors->count;
    walk(&c, steps, nsteps);
    vars_free(&c.vars);
    return errors->count == before;
}

/* Returns 1 when the scenario has no problem at all. A top-level clause must be known and
 * checked by some step, so the list cannot claim what the steps do not verify. */
int validate_scenario(esc_scenario *sc, const espec_catalogue *catalogue)
{
    char ptr[64];
    for (size_t i = 0; i < sc->nclauses; i++) {
        snprintf(ptr, sizeof ptr, "/clauses/%zu", i);
        if (espec_catalogue_find(catalogue, sc->clauses[i]) == NULL)
            error_add(&sc->errors, sc->path, -1, -1, ptr, "unknown clause \"%s\" (not in the catalogue)",
                      sc->clauses[i]);
        else if (!scenario_checks(sc, sc->clauses[i]))
            error_add(&sc->errors, sc->path, -1, -1, ptr,
                      "clause \"%s\" is listed but no step checks it (give a step \"clause\": \"%s\")",
                      sc->clauses[i], sc->clauses[i]);
    }
    validate_steps(sc->steps, sc->nsteps, sc->caps, sc->path, catalogue, &sc->errors);
    return sc->errors.count == 0;
}
