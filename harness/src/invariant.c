/* invariant.c - a parallel block's invariants: validation, compilation, the check. */
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "args.h"
#include "invariant.h"

static const char *const bound_keys[] = {"equals", "at_least", "at_most"};

/* Calls fn on each call step tallied label under steps (any depth); returns how many. */
static size_t each_tallied(const esc_step *steps, size_t n, const char *label,
                           void (*fn)(void *ctx, const esc_step *s), void *ctx)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (steps[i].tally != NULL && strcmp(steps[i].tally, label) == 0) {
            count++;
            if (fn != NULL)
                fn(ctx, &steps[i]);
        }
        count += each_tallied(steps[i].steps, steps[i].nsteps, label, fn, ctx);
    }
    return count;
}

typedef struct {
    const char *arg;             /* the argument a distinct invariant names */
    const char *source;
    const char *pointer;
    esc_errors *errors;
    int ok;
} arg_probe;

/* Records a problem when the tallied step has no out-argument called probe->arg. */
static void probe_arg(void *ctx, const esc_step *s)
{
    arg_probe *p = ctx;
    int i = s->call ? calls_arg_index(s->call, p->arg) : -1;
    if (s->call != NULL && (i < 0 || !args_is_output(s->call->args[i].kind)))
        p->ok = error_add(p->errors, p->source, -1, -1, p->pointer,
                          "distinct: \"%s\" is not an out-argument of %s (%s)", p->arg,
                          s->call->name, s->pointer);
}

/* Returns 1 with the codes of value ("JET_errX" or {"any": [...]}) in set, else 0. */
static int read_codes(json_t *value, espec_codeset *set)
{
    json_t *list = json_is_string(value) ? NULL : json_object_get(value, "any");
    size_t n = list ? json_array_size(list) : 1;
    set->count = 0;
    if (!json_is_string(value) && (!json_is_array(list) || n == 0 || json_object_size(value) != 1))
        return 0;
    for (size_t i = 0; i < n; i++) {
        const espec_code *code = espec_code_by_name(json_string_value(list ? json_array_get(list, i) : value));
        if (code == NULL || set->count == ESPEC_MAX_CODES)
            return 0;
        set->codes[set->count++] = code->value;
    }
    return 1;
}

/* Returns the profiles bit set of "profiles" (all when absent), or 0 when it is bad. */
static unsigned read_profiles(json_t *list)
{
    size_t k;
    json_t *item;
    unsigned bits = 0;
    if (list == NULL)
        return (1u << ESPEC_PROFILE_COUNT) - 1;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return 0;
    json_array_foreach(list, k, item) {
        espec_profile p;
        if (!espec_profile_parse(json_string_value(item), &p))
            return 0;
        bits |= 1u << p;
    }
    return bits;
}

/* Returns the bound key an invariant gives (one of bound_keys), or -1 when none or several. */
static int which_bound(json_t *inv)
{
    int found = -1;
    for (int b = 0; b < 3; b++)
        if (json_object_get(inv, bound_keys[b]) != NULL) {
            if (found >= 0)
                return -1;
            found = b;
        }
    return found;
}

/* Returns 1 when one invariant is sound, 0 with problems recorded. */
static int validate_one(const esc_step *block, json_t *inv, const char *source, const char *ptr,
                        esc_errors *errors)
{
    static const char *const count_keys[] = {"count", "code", "equals", "at_least", "at_most", "profiles", NULL};
    static const char *const distinct_keys[] = {"distinct", "arg", "profiles", NULL};
    const char *const *keys = json_object_get(inv, "count") ? count_keys : distinct_keys;
    const char *key;
    json_t *value;
    espec_codeset set;
    if (!json_is_object(inv) || (json_object_get(inv, "count") == NULL) == (json_object_get(inv, "distinct") == NULL))
        return error_add(errors, source, -1, -1, ptr,
                         "an invariant is {\"count\": LABEL, ...} or {\"distinct\": LABEL, ...}");
    json_object_foreach(inv, key, value) {
        int known = 0;
        for (size_t i = 0; keys[i] != NULL; i++)
            known |= strcmp(keys[i], key) == 0;
        if (!known)
            return error_add(errors, source, -1, -1, ptr, "unknown key \"%s\" in this invariant", key);
    }
    const char *label = json_string_value(json_object_get(inv, keys == count_keys ? "count" : "distinct"));
    if (label == NULL || each_tallied(block->steps, block->nsteps, label, NULL, NULL) == 0)
        return error_add(errors, source, -1, -1, ptr, "no step of this block has \"tally\": \"%s\"",
                         label ? label : "(not a string)");
    if (read_profiles(json_object_get(inv, "profiles")) == 0)
        return error_add(errors, source, -1, -1, ptr,
                         "\"profiles\" lists profile names (documented, esent, portable)");
    if (keys == distinct_keys) {
        arg_probe p = {json_string_value(json_object_get(inv, "arg")), source, ptr, errors, 1};
        if (p.arg == NULL)
            return error_add(errors, source, -1, -1, ptr, "distinct needs \"arg\": an out-argument name");
        each_tallied(block->steps, block->nsteps, label, probe_arg, &p);
        return p.ok;
    }
    if (!read_codes(json_object_get(inv, "code"), &set))
        return error_add(errors, source, -1, -1, ptr,
                         "count needs \"code\": a known code name or {\"any\": [code names]}");
    int b = which_bound(inv);
    json_t *n = b >= 0 ? json_object_get(inv, bound_keys[b]) : NULL;
    if (n == NULL || !json_is_integer(n) || json_integer_value(n) < 0)
        return error_add(errors, source, -1, -1, ptr,
                         "count needs one of \"equals\", \"at_least\", \"at_most\": a number >= 0");
    return 1;
}

int invariant_validate(const esc_step *block, const char *source, esc_errors *errors)
{
    size_t k;
    json_t *inv;
    char ptr[340], base[300];
    int ok = 1;
    scenario_pointer(base, sizeof base, block->pointer, "invariants");
    json_array_foreach(block->invariants, k, inv) {
        snprintf(ptr, sizeof ptr, "%s/%zu", base, k);
        ok &= validate_one(block, inv, source, ptr, errors);
    }
    return ok;
}

size_t invariant_compile(const esc_step *block, esc_invariant **out)
{
    size_t n = json_array_size(block->invariants), k;
    json_t *inv;
    char ptr[340], base[300];
    *out = calloc(n + 1, sizeof **out);
    if (*out == NULL)
        abort();
    scenario_pointer(base, sizeof base, block->pointer, "invariants");
    json_array_foreach(block->invariants, k, inv) {
        esc_invariant *v = &(*out)[k];
        snprintf(ptr, sizeof ptr, "%s/%zu", base, k);
        v->pointer = strdup(ptr);
        v->profiles = read_profiles(json_object_get(inv, "profiles"));
        if (json_object_get(inv, "distinct") != NULL) {
            v->kind = INV_DISTINCT;
            v->label = json_string_value(json_object_get(inv, "distinct"));
            v->arg = json_string_value(json_object_get(inv, "arg"));
            continue;
        }
        v->kind = INV_COUNT;
        v->label = json_string_value(json_object_get(inv, "count"));
        read_codes(json_object_get(inv, "code"), &v->codes);
        int b = which_bound(inv);
        v->bound = (inv_bound)(b < 0 ? 0 : b);
        v->number = json_integer_value(json_object_get(inv, bound_keys[v->bound]));
    }
    return n;
}

void invariant_free(esc_invariant *inv, size_t n)
{
    for (size_t k = 0; inv != NULL && k < n; k++)
        free((char *)inv[k].pointer);
    free(inv);
}

/* Returns 1 when the op was made by a step tallied label. */
static int tallied(const hist_op *op, const char *label)
{
    return op->step->tally != NULL && strcmp(op->step->tally, label) == 0;
}

/* Returns 1 when the count invariant holds, else 0 with a message. */
static int check_count(const esc_invariant *v, const esc_history *h, char *msg, size_t msize)
{
    long long count = 0, all = 0;
    for (size_t i = 0; i < h->count; i++)
        if (tallied(&h->ops[i], v->label)) {
            all++;
            count += espec_codeset_has(&v->codes, h->ops[i].rc);
        }
    int ok = v->bound == INV_EQUALS ? count == v->number
           : v->bound == INV_AT_LEAST ? count >= v->number : count <= v->number;
    if (!ok) {
        char codes[256] = "";
        size_t n = 0;
        for (size_t i = 0; i < v->codes.count && n < sizeof codes; i++)
            n += (size_t)snprintf(codes + n, sizeof codes - n, "%s%s", i ? " or " : "",
                                  espec_code_name(v->codes.codes[i]));
        snprintf(msg, msize, "invariant: %lld of the %lld calls tallied \"%s\" returned %s, expected %s %lld",
                 count, all, v->label, codes, bound_keys[v->bound], v->number);
    }
    return ok;
}

/* Returns 1 when the distinct invariant holds, else 0 naming the two calls. */
static int check_distinct(const esc_invariant *v, const esc_history *h, const char *const *names,
                          char *msg, size_t msize)
{
    for (size_t i = 0; i < h->count; i++) {
        const hist_op *a = &h->ops[i];
        int ia = calls_arg_index(a->step->call, v->arg);
        if (!tallied(a, v->label) || a->rc < 0 || ia < 0)
            continue;
        for (size_t k = i + 1; k < h->count; k++) {
            const hist_op *b = &h->ops[k];
            int ib = calls_arg_index(b->step->call, v->arg);
            if (!tallied(b, v->label) || b->rc < 0 || ib < 0 || a->out[ia] != b->out[ib])
                continue;
            char ta[512], tb[512];
            snprintf(msg, msize, "invariant: two calls tallied \"%s\" wrote the same %s 0x%llx:\n    %s\n    %s",
                     v->label, v->arg, (unsigned long long)a->out[ia],
                     history_format(h, a, names, ta, sizeof ta), history_format(h, b, names, tb, sizeof tb));
            return 0;
        }
    }
    return 1;
}

int invariant_check(const esc_invariant *inv, size_t n, espec_profile profile,
                    const esc_history *h, const char *const *names, char *pointer, size_t psize,
                    char *msg, size_t msize)
{
    for (size_t k = 0; k < n; k++) {
        const esc_invariant *v = &inv[k];
        if (!(v->profiles & (1u << profile)))
            continue;
        int ok = v->kind == INV_COUNT ? check_count(v, h, msg, msize)
                                      : check_distinct(v, h, names, msg, msize);
        if (!ok) {
            snprintf(pointer, psize, "%s", v->pointer);
            return 0;
        }
    }
    return 1;
}
