/* emit_json.c - a flat plan and the reference's trace written as a scenario (cases/FORMAT.md):
 * each step expects the code the reference returned, and checks what the reference's outputs
 * imply (the checks explore_diff.c compares). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "emit_json.h"

typedef struct {
    const esc_plan *plan;
    unsigned char *bound;        /* per family: bound by an earlier step in the reference's run */
    unsigned char *is_text;      /* per family: bound to a string */
} emitter;

/* Returns the JSON of a constant argument as the scenario format writes it. */
static json_t *constant_json(const plan_arg *a)
{
    switch (a->written) {
    case ESC_VAL_NIL: return json_string("nil");
    case ESC_VAL_GARBAGE: return json_string("garbage");
    case ESC_VAL_ZERO: return json_integer(0);
    default: break;
    }
    if (a->value > (uint64_t)INT64_MAX) {
        char hex[24];
        snprintf(hex, sizeof hex, "0x%" PRIX64, a->value);
        return json_string(hex);
    }
    return json_integer((json_int_t)a->value);
}

/* Returns "$name" of a family as a new JSON string. */
static json_t *var_json(const esc_plan *plan, uint32_t family)
{
    char name[ESC_VAR_NAME_MAX];
    snprintf(name, sizeof name, "$%s", plan->families[family]);
    return json_string(name);
}

/* Returns the args object of step k. */
static json_t *args_json(const emitter *e, const plan_step *s, const esc_trace_step *t)
{
    json_t *args = json_object();
    for (int i = 0; i < s->call->arity; i++) {
        const plan_arg *a = &s->args[i];
        json_t *v;
        if (t->unbound & (1u << i))
            v = json_integer(0); /* the variable was never bound in the reference's run: 0 went in */
        else if (a->type == PLAN_ARG_VAR)
            v = var_json(e->plan, a->var.family);
        else if (a->type == PLAN_ARG_NULLPTR)
            v = json_null();
        else if (a->type == PLAN_ARG_STRING)
            v = json_string(a->text);
        else
            v = constant_json(a);
        json_object_set_new(args, s->call->args[i].name, v);
    }
    return args;
}

/* Returns the list of variables bound so far that are not strings (what "distinct" compares). */
static json_t *bound_list(const emitter *e)
{
    json_t *list = json_array();
    for (size_t f = 0; f < e->plan->nfamilies; f++)
        if (e->bound[f] && !e->is_text[f])
            json_array_append_new(list, var_json(e->plan, (uint32_t)f));
    return list;
}

/* Returns nothing; adds to check what output i's observation implies on success. */
static void success_check(const emitter *e, const plan_step *s, int i, const esc_obs *o, json_t *check)
{
    const char *name = s->call->args[i].name;
    json_t *value = NULL;
    switch (o->kind) {
    case ESC_OBS_NEW:
        json_array_append_new(json_object_get(check, "bound"), json_string(name));
        value = bound_list(e);
        if (json_array_size(value) > 0)
            json_object_set_new(json_object_get(check, "distinct"), name, value);
        else
            json_decref(value);
        return;
    case ESC_OBS_SAME: value = var_json(e->plan, o->same); break;
    case ESC_OBS_ZERO: value = json_integer(0); break;
    case ESC_OBS_NIL: value = json_string(s->call->args[i].kind == ESPEC_ARG_OUT_ULONG ? "0xFFFFFFFF"
                                                                                   : "0xFFFFFFFFFFFFFFFF");
        break;
    case ESC_OBS_VALUE: value = o->value > (uint64_t)INT64_MAX ? NULL : json_integer((json_int_t)o->value); break;
    case ESC_OBS_TEXT: value = strlen(o->text) < ESC_OBS_TEXT_MAX - 1 ? json_string(o->text) : NULL; break;
    default: return;
    }
    if (value != NULL)
        json_object_set_new(json_object_get(check, "equals"), name, value);
}

/* Returns the check object of a step (NULL when it checks nothing). */
static json_t *check_json(const emitter *e, const plan_step *s, const esc_trace_step *t)
{
    json_t *check = json_object();
    json_object_set_new(check, t->rc < 0 ? "unchanged" : "bound", json_array());
    if (t->rc >= 0) {
        json_object_set_new(check, "distinct", json_object());
        json_object_set_new(check, "equals", json_object());
    }
    for (int i = 0; i < s->call->arity; i++) {
        if (t->rc < 0 && t->out[i].kind == ESC_OBS_UNCHANGED)
            json_array_append_new(json_object_get(check, "unchanged"), json_string(s->call->args[i].name));
        else if (t->rc >= 0)
            success_check(e, s, i, &t->out[i], check);
    }
    const char *key;
    void *tmp;
    json_t *value;
    json_object_foreach_safe(check, tmp, key, value)
        if (json_is_array(value) ? json_array_size(value) == 0 : json_object_size(value) == 0)
            json_object_del(check, key);
    if (json_object_size(check) > 0)
        return check;
    json_decref(check);
    return NULL;
}

/* Returns nothing; marks the variables the step bound in the reference's run. */
static void note_bindings(emitter *e, const plan_step *s, const esc_trace_step *t)
{
    if (t->rc < 0)
        return;
    for (int i = 0; i < s->call->arity; i++)
        if (s->args[i].type == PLAN_ARG_VAR && args_is_output(s->call->args[i].kind) &&
            !(t->unbound & (1u << i)) && t->out[i].kind != ESC_OBS_NONE) {
            e->bound[s->args[i].var.family] = 1;
            e->is_text[s->args[i].var.family] = s->call->args[i].kind == ESPEC_ARG_OUT_STR;
        }
}

json_t *emit_json(const esc_plan *plan, const esc_trace *reference, const char *id, const char *title)
{
    emitter e = {plan, calloc(plan->nfamilies + 1, 1), calloc(plan->nfamilies + 1, 1)};
    json_t *steps = json_array();
    int threads = 0;
    if (e.bound == NULL || e.is_text == NULL)
        abort();
    for (size_t k = 0; k < plan->nsteps && k < reference->count; k++) {
        const plan_step *s = &plan->steps[k];
        const esc_trace_step *t = &reference->steps[k];
        const char *code = espec_code_name(t->rc);
        json_t *step = json_object(), *check;
        json_object_set_new(step, "call", json_string(s->call->name));
        json_object_set_new(step, "args", args_json(&e, s, t));
        if (t->rc != 0)
            json_object_set_new(step, "expect", json_string(code ? code : "(a code without a name)"));
        if ((check = check_json(&e, s, t)) != NULL)
            json_object_set_new(step, "check", check);
        if (s->thread != NULL) {
            json_object_set_new(step, "thread", json_string(s->thread));
            threads = 1;
        }
        note_bindings(&e, s, t);
        json_array_append_new(steps, step);
    }
    json_t *root = json_object();
    json_object_set_new(root, "id", json_string(id));
    json_object_set_new(root, "title", json_string(title));
    json_object_set_new(root, "clauses", json_array());
    json_object_set_new(root, "requires", threads ? json_pack("[s]", "threads") : json_array());
    json_object_set_new(root, "steps", steps);
    free(e.bound);
    free(e.is_text);
    return root;
}

int emit_json_write(FILE *out, json_t *scenario)
{
    const char *key;
    json_t *value;
    int first = 1;
    fputs("{\n", out);
    json_object_foreach(scenario, key, value) {
        char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        fprintf(out, "%s  \"%s\": ", first ? "" : ",\n", key);
        first = 0;
        if (strcmp(key, "steps") != 0 || !json_is_array(value))
            fputs(text, out);
        else { /* one step a line, as the cases are written */
            size_t i;
            json_t *step;
            fputs("[", out);
            json_array_foreach(value, i, step) {
                char *line = json_dumps(step, JSON_COMPACT | JSON_PRESERVE_ORDER);
                fprintf(out, "%s\n    %s", i ? "," : "", line);
                free(line);
            }
            fputs("\n  ]", out);
        }
        free(text);
    }
    fputs("\n}\n", out);
    return ferror(out) ? 0 : 1;
}
