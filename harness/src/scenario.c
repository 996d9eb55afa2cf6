/* scenario.c - the structure of a scenario file: keys, types, steps. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "vars.h"

#define ESC_MAX_REPEAT 100000

static const struct {
    const char *name;            /* as written in "requires" */
    unsigned cap;                /* its bit */
} capabilities[] = {
    {"ref-hooks", ESC_CAP_HOOKS},
    {"threads", ESC_CAP_THREADS},
};

/* Returns out, holding base + "/" + key with ~ as ~0 and / as ~1. */
char *scenario_pointer(char *out, size_t size, const char *base, const char *key)
{
    /* Built by hand, not with snprintf: validation makes one per argument of every step of
     * every repeat iteration, and formatting was most of a long scenario's cost. */
    size_t n = strlen(base);
    if (n + 2 > size)
        n = size - 2;
    memmove(out, base, n);
    out[n++] = '/';
    for (const char *p = key; *p != '\0' && n + 3 < size; p++) {
        if (*p == '~' || *p == '/') {
            out[n++] = '~';
            out[n++] = *p == '~' ? '0' : '1';
        } else
            out[n++] = *p;
    }
    out[n < size ? n : size - 1] = '\0';
    return out;
}

/* Returns the pointer base/index in a static-free buffer the caller owns. */
static char *index_pointer(char *out, size_t size, const char *base, size_t index)
{
    snprintf(out, size, "%s/%zu", base, index);
    return out;
}

/* Records an unknown-key problem for each key of obj not in allowed; returns 1 when none. */
static int only_keys(json_t *obj, const char *const *allowed, const char *source,
                     const char *base, esc_errors *errors)
{
    const char *key;
    json_t *value;
    int ok = 1;
    json_object_foreach(obj, key, value) {
        int known = 0;
        for (size_t i = 0; allowed[i] != NULL; i++)
            known |= strcmp(allowed[i], key) == 0;
        if (!known) {
            char ptr[300];
            error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, base, key),
                      "unknown key \"%s\"", key);
            ok = 0;
        }
    }
    return ok;
}

/* Returns the member's string, NULL (with a problem when required or of the wrong type). */
static const char *get_string(json_t *obj, const char *key, int required, const char *source,
                              const char *base, esc_errors *errors)
{
    json_t *v = json_object_get(obj, key);
    char ptr[300];
    scenario_pointer(ptr, sizeof ptr, base, key);
    if (v == NULL) {
        if (required)
            error_add(errors, source, -1, -1, base, "missing \"%s\"", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        error_add(errors, source, -1, -1, ptr, "\"%s\" must be a non-empty string", key);
        return NULL;
    }
    return json_string_value(v);
}

/* Where a list of steps sits: at the top, inside a repeat, inside a parallel block. */
enum { AT_TOP, IN_REPEAT, IN_PARALLEL };

static int parse_steps_at(json_t *array, const char *source, const char *base, esc_step **steps,
                          size_t *nsteps, esc_errors *errors, int where);

/* Returns 1 when json's "steps" (a repeat's, or a parallel block's list's) is a non-empty
 * array whose steps parsed into step's, else 0 with problems recorded. */
static int parse_inner_steps(json_t *json, const char *source, esc_step *step, esc_errors *errors,
                             int where)
{
    char ptr[300];
    json_t *steps = json_object_get(json, "steps");
    scenario_pointer(ptr, sizeof ptr, step->pointer, "steps");
    if (!json_is_array(steps) || json_array_size(steps) == 0)
        return error_add(errors, source, -1, -1, steps ? ptr : step->pointer,
                         "\"steps\" must be a non-empty array");
    return parse_steps_at(steps, source, ptr, &step->steps, &step->nsteps, errors, where);
}

/* Returns 1 when a repeat step parsed, 0 with problems recorded. */
static int parse_repeat(json_t *json, const char *source, esc_step *step, esc_errors *errors,
                        int where)
{
    static const char *const keys[] = {"repeat", "index", "steps", NULL};
    char ptr[300];
    int ok = only_keys(json, keys, source, step->pointer, errors);
    json_t *count = json_object_get(json, "repeat");
    step->is_repeat = 1;
    if (!json_is_integer(count) || json_integer_value(count) < 0 ||
        json_integer_value(count) > ESC_MAX_REPEAT) {
        error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "repeat"),
                  "\"repeat\" must be an integer from 0 to %d", ESC_MAX_REPEAT);
        ok = 0;
    } else
        step->count = json_integer_value(count);
    step->index = get_string(json, "index", 1, source, step->pointer, errors);
    char as_var[128];
    snprintf(as_var, sizeof as_var, "$%s", step->index ? step->index : "");
    if (step->index != NULL && (!vars_is_variable(as_var) || strchr(as_var, '[') != NULL)) {
        error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "index"),
                  "\"index\" is a name (letters, digits, _) without $, like \"i\"");
        step->index = NULL;
    }
    ok &= step->index != NULL;
    return parse_inner_steps(json, source, step, errors,
                             where == IN_PARALLEL ? IN_PARALLEL : IN_REPEAT) && ok;
}

/* Returns 1 when the expectation parsed, 0 with problems recorded. */
static int parse_expectation(json_t *json, const char *source, esc_step *step, esc_errors *errors)
{
    char ptr[300];
    json_t *clause = json_object_get(json, "clause");
    json_t *expect = json_object_get(json, "expect");
    if (clause != NULL && expect != NULL && !step->in_parallel)
        return error_add(errors, source, -1, -1, step->pointer,
                         "a step has \"clause\" or \"expect\", not both");
    if (clause != NULL) {
        step->expect_kind = ESC_EXPECT_CLAUSE;
        step->clause_id = get_string(json, "clause", 1, source, step->pointer, errors);
        if (step->clause_id == NULL)
            return 0;
    }
    if (expect == NULL)
        return 1;
    if (clause == NULL)
        step->expect_kind = ESC_EXPECT_CODES;
    step->expect = expect; /* with a clause too (a parallel block): codes the race adds */
    json_t *any = json_object_get(expect, "any");
    if (json_is_string(expect))
        return 1;
    if (json_is_object(expect) && json_object_size(expect) == 1 && json_is_array(any) &&
        json_array_size(any) > 0)
        return 1;
    return error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "expect"),
                     "\"expect\" is a code name or {\"any\": [code names]}");
}

/* Returns 1 when a call step parsed, 0 with problems recorded. */
static int parse_call(json_t *json, const char *source, esc_step *step, esc_errors *errors,
                      int where)
{
    static const char *const keys[] = {"call", "args", "clause", "expect", "check", "thread",
                                       "if_bound", NULL};
    static const char *const parallel_keys[] = {"call", "args", "clause", "expect", "check",
                                                "tally", "if_bound", NULL};
    char ptr[300];
    step->in_parallel = where == IN_PARALLEL;
    int ok = only_keys(json, step->in_parallel ? parallel_keys : keys, source, step->pointer, errors);
    if (json_object_get(json, "tally") != NULL) {
        step->tally = get_string(json, "tally", 0, source, step->pointer, errors);
        ok &= step->tally != NULL;
    }
    if (json_object_get(json, "if_bound") != NULL) {
        step->if_bound = get_string(json, "if_bound", 0, source, step->pointer, errors);
        if (step->if_bound != NULL && !vars_is_variable(step->if_bound)) {
            error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "if_bound"),
                      "\"if_bound\" names a variable (\"$s[$i]\")");
            step->if_bound = NULL;
        }
        ok &= step->if_bound != NULL;
    }
    step->call_name = get_string(json, "call", 1, source, step->pointer, errors);
    ok &= step->call_name != NULL;
    step->args = json_object_get(json, "args");
    if (step->args != NULL && !json_is_object(step->args)) {
        error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "args"),
                  "\"args\" must be an object");
        step->args = NULL;
        ok = 0;
    }
    ok &= parse_expectation(json, source, step, errors);
    step->check = json_object_get(json, "check");
    if (step->check != NULL && (!json_is_object(step->check) || json_object_size(step->check) == 0)) {
        error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "check"),
                  "\"check\" must be a non-empty object");
        step->check = NULL;
        ok = 0;
    }
    if (json_object_get(json, "thread") != NULL) {
        step->thread = get_string(json, "thread", 0, source, step->pointer, errors);
        ok &= step->thread != NULL;
        if (step->thread != NULL && strcmp(step->thread, "main") == 0)
            step->thread = NULL;
    }
    return ok;
}

/* Returns 1 when one thread's list of a parallel block parsed (into a list step), else 0. */
static int parse_list(json_t *json, const char *source, esc_step *list, esc_errors *errors)
{
    static const char *const keys[] = {"thread", "steps", NULL};
    list->is_list = 1;
    if (!json_is_object(json))
        return error_add(errors, source, -1, -1, list->pointer,
                         "a parallel list is {\"thread\": NAME, \"steps\": [...]}");
    int ok = only_keys(json, keys, source, list->pointer, errors);
    list->thread = get_string(json, "thread", 1, source, list->pointer, errors);
    ok &= list->thread != NULL;
    return parse_inner_steps(json, source, list, errors, IN_PARALLEL) && ok;
}

/* Returns nothing; gives every call step under steps (repeats included) the list's thread. */
static void set_thread(esc_step *steps, size_t n, const char *thread)
{
    for (size_t i = 0; i < n; i++) {
        steps[i].thread = steps[i].is_repeat ? NULL : thread;
        set_thread(steps[i].steps, steps[i].nsteps, thread);
    }
}

/* Returns 1 when a parallel block parsed, 0 with problems recorded. Its lists become list
 * steps under step->steps, so every walk over steps reaches their calls. */
static int parse_parallel(json_t *json, const char *source, esc_step *step, esc_errors *errors,
                          int where)
{
    static const char *const keys[] = {"parallel", "invariants", NULL};
    char ptr[300];
    int ok = only_keys(json, keys, source, step->pointer, errors);
    json_t *lists = json_object_get(json, "parallel");
    step->is_parallel = 1;
    if (where != AT_TOP)
        ok = error_add(errors, source, -1, -1, step->pointer,
                       "a parallel block is a top-level step (not inside a repeat or another block)");
    scenario_pointer(ptr, sizeof ptr, step->pointer, "parallel");
    if (!json_is_array(lists) || json_array_size(lists) < 2 || json_array_size(lists) > ESC_MAX_LISTS)
        return error_add(errors, source, -1, -1, ptr,
                         "\"parallel\" must be an array of 2 to %d per-thread lists", ESC_MAX_LISTS);
    size_t n = json_array_size(lists);
    step->steps = calloc(n, sizeof *step->steps);
    step->nsteps = n;
    if (step->steps == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        char sub[340];
        step->steps[i].pointer = strdup(index_pointer(sub, sizeof sub, ptr, i));
        ok &= parse_list(json_array_get(lists, i), source, &step->steps[i], errors);
        const char *name = step->steps[i].thread;
        for (size_t k = 0; name != NULL && k < i; k++)
            if (step->steps[k].thread != NULL && strcmp(step->steps[k].thread, name) == 0)
                ok = error_add(errors, source, -1, -1, step->steps[i].pointer,
                               "thread \"%s\" has two lists in this block", name);
        if (name != NULL)
            set_thread(step->steps[i].steps, step->steps[i].nsteps, strcmp(name, "main") ? name : NULL);
    }
    step->invariants = json_object_get(json, "invariants");
    if (step->invariants != NULL && !json_is_array(step->invariants)) {
        step->invariants = NULL;
        ok = error_add(errors, source, -1, -1, scenario_pointer(ptr, sizeof ptr, step->pointer, "invariants"),
                       "\"invariants\" must be an array");
    }
    return ok;
}

/* Returns 1 when every step parsed, 0 with problems recorded (steps hold what was read). */
static int parse_steps_at(json_t *array, const char *source, const char *base, esc_step **steps,
                          size_t *nsteps, esc_errors *errors, int where)
{
    size_t n = json_array_size(array);
    int ok = 1;
    *steps = calloc(n ? n : 1, sizeof **steps);
    *nsteps = n;
    if (*steps == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        json_t *json = json_array_get(array, i);
        esc_step *step = &(*steps)[i];
        char ptr[300];
        step->pointer = strdup(index_pointer(ptr, sizeof ptr, base, i));
        if (!json_is_object(json))
            ok = error_add(errors, source, -1, -1, step->pointer, "a step must be an object");
        else if (json_object_get(json, "repeat") != NULL)
            ok &= parse_repeat(json, source, step, errors, where);
        else if (json_object_get(json, "parallel") != NULL)
            ok &= parse_parallel(json, source, step, errors, where);
        else if (json_object_get(json, "call") != NULL)
            ok &= parse_call(json, source, step, errors, where);
        else
            ok = error_add(errors, source, -1, -1, step->pointer,
                           "a step needs \"call\", \"repeat\" or \"parallel\"");
    }
    return ok;
}

int scenario_parse_steps(json_t *array, const char *source, const char *base, esc_step **steps,
                         size_t *nsteps, esc_errors *errors)
{
    return parse_steps_at(array, source, base, steps, nsteps, errors, AT_TOP);
}

/* Returns 1 when clauses and requires are arrays of strings (caps filled), else 0. */
static int parse_lists(esc_scenario *sc)
{
    char ptr[64];
    int ok = 1;
    json_t *clauses = json_object_get(sc->root, "clauses");
    if (!json_is_array(clauses))
        ok = error_add(&sc->errors, sc->path, -1, -1, clauses ? "/clauses" : "",
                       clauses ? "\"clauses\" must be an array of clause ids" : "missing \"clauses\"");
    sc->clauses = calloc(json_array_size(clauses) + 1, sizeof *sc->clauses);
    for (size_t i = 0; i < json_array_size(clauses); i++) {
        const char *id = json_string_value(json_array_get(clauses, i));
        if (id == NULL)
            ok = error_add(&sc->errors, sc->path, -1, -1, index_pointer(ptr, sizeof ptr, "/clauses", i),
                           "a clause id is a string");
        else
            sc->clauses[sc->nclauses++] = id;
    }
    json_t *requires = json_object_get(sc->root, "requires");
    if (requires != NULL && !json_is_array(requires))
        ok = error_add(&sc->errors, sc->path, -1, -1, "/requires", "\"requires\" must be an array");
    for (size_t i = 0; i < json_array_size(requires); i++) {
        const char *name = json_string_value(json_array_get(requires, i));
        unsigned cap = 0;
        for (size_t k = 0; name != NULL && k < sizeof capabilities / sizeof capabilities[0]; k++)
            if (strcmp(name, capabilities[k].name) == 0)
                cap = capabilities[k].cap;
        if (cap == 0)
            ok = error_add(&sc->errors, sc->path, -1, -1, index_pointer(ptr, sizeof ptr, "/requires", i),
                           "unknown capability %s%s%s (ref-hooks, threads)", name ? "\"" : "",
                           name ? name : "(not a string)", name ? "\"" : "");
        sc->caps |= cap;
    }
    return ok;
}

/* Returns 1 when the file parsed and its structure is sound, else 0 (problems recorded). */
int scenario_load(const char *path, esc_scenario *sc)
{
    static const char *const keys[] = {"id", "title", "clauses", "requires", "steps", NULL};
    json_error_t jerr;
    memset(sc, 0, sizeof *sc);
    sc->path = strdup(path);
    char *copy = strdup(path);
    sc->folder = strdup(basename(dirname(copy)));
    free(copy);
    sc->root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (sc->root == NULL)
        return error_add(&sc->errors, path, jerr.line, jerr.column, "", "%s", jerr.text);
    if (!json_is_object(sc->root))
        return error_add(&sc->errors, path, -1, -1, "", "a scenario is a JSON object");
    int ok = only_keys(sc->root, keys, path, "", &sc->errors);
    sc->id = get_string(sc->root, "id", 1, path, "", &sc->errors);
    if (sc->id != NULL && strpbrk(sc->id, " \t\n") != NULL)
        ok = error_add(&sc->errors, path, -1, -1, "/id", "\"id\" has no white space");
    sc->title = get_string(sc->root, "title", 1, path, "", &sc->errors);
    if (sc->title != NULL && strchr(sc->title, '\n') != NULL)
        ok = error_add(&sc->errors, path, -1, -1, "/title", "\"title\" is one line");
    ok &= parse_lists(sc);
    json_t *steps = json_object_get(sc->root, "steps");
    if (!json_is_array(steps) || json_array_size(steps) == 0)
        return error_add(&sc->errors, path, -1, -1, steps ? "/steps" : "",
                         steps ? "\"steps\" must be a non-empty array" : "missing \"steps\"");
    ok &= scenario_parse_steps(steps, path, "/steps", &sc->steps, &sc->nsteps, &sc->errors);
    for (size_t i = 0; i < sc->nsteps; i++)
        if (sc->steps[i].is_parallel)
            sc->caps |= ESC_CAP_PARALLEL;
    return ok && sc->id != NULL && sc->title != NULL;
}

/* Returns nothing; frees the steps and their nested steps. */
void scenario_free_steps(esc_step *steps, size_t nsteps)
{
    for (size_t i = 0; steps != NULL && i < nsteps; i++) {
        free(steps[i].pointer);
        free(steps[i].varrefs);
        scenario_free_steps(steps[i].steps, steps[i].nsteps);
    }
    free(steps);
}

/* Returns nothing; the scenario is empty afterwards. */
void scenario_free(esc_scenario *sc)
{
    scenario_free_steps(sc->steps, sc->nsteps);
    free(sc->clauses);
    json_decref(sc->root);
    error_clear(&sc->errors);
    free(sc->path);
    free(sc->folder);
    memset(sc, 0, sizeof *sc);
}

/* Returns 1 when a step in steps (at any depth) satisfies the test. */
static int any_step(const esc_step *steps, size_t n, const char *name, int by_clause)
{
    for (size_t i = 0; i < n; i++) {
        const char *field = by_clause ? steps[i].clause_id : steps[i].call_name;
        if (field != NULL && strcmp(field, name) == 0)
            return 1;
        if (any_step(steps[i].steps, steps[i].nsteps, name, by_clause))
            return 1;
    }
    return 0;
}

/* Returns 1 when the scenario calls name. */
int scenario_calls(const esc_scenario *sc, const char *name)
{
    return any_step(sc->steps, sc->nsteps, name, 0);
}

/* Returns 1 when a step of the scenario (at any depth) checks the clause. */
int scenario_checks(const esc_scenario *sc, const char *clause_id)
{
    return any_step(sc->steps, sc->nsteps, clause_id, 1);
}

/* Returns 1 when the scenario cites the clause. */
int scenario_cites(const esc_scenario *sc, const char *clause_id)
{
    for (size_t i = 0; i < sc->nclauses; i++)
        if (strcmp(sc->clauses[i], clause_id) == 0)
            return 1;
    return any_step(sc->steps, sc->nsteps, clause_id, 1);
}
