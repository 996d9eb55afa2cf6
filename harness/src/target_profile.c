/* target_profile.c - loading a target profile. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "target_profile.h"
#include "validate.h"

/* Returns a malloc'd path: rel when absolute, else rel next to the file `base`. */
static char *beside(const char *base, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    char *copy = strdup(base);
    const char *dir = dirname(copy);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *out = malloc(n);
    snprintf(out, n, "%s/%s", dir, rel);
    free(copy);
    return out;
}

/* Returns 1 when "unimplemented" (absent, or an array of api.def function names) is well
 * formed, with each name marked in tp->unimplemented; else 0 with each problem recorded. */
static int read_unimplemented(esc_target_profile *tp)
{
    json_t *list = json_object_get(tp->root, "unimplemented");
    if (list == NULL)
        return 1;
    if (!json_is_array(list))
        return error_add(&tp->errors, tp->path, -1, -1, "/unimplemented",
                         "\"unimplemented\" must be an array of function names");
    int ok = 1;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *name = json_string_value(json_array_get(list, i));
        int index = calls_api_index(name);
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/unimplemented/%zu", i);
        if (index >= 0)
            tp->unimplemented[index] = 1;
        else if (name == NULL)
            ok = error_add(&tp->errors, tp->path, -1, -1, ptr, "a function name must be a string");
        else
            ok = error_add(&tp->errors, tp->path, -1, -1, ptr, "\"%s\" is not a function of api.def", name);
    }
    return ok;
}

/* Returns 1 when the scalar members are well formed, 0 with problems recorded. */
static int read_members(esc_target_profile *tp)
{
    static const char *const keys[] = {"init", "init-returns", "setup", "requires", "profile",
                                       "expectations", "description", "unimplemented"};
    const char *key;
    json_t *value;
    int ok = 1;
    json_object_foreach(tp->root, key, value) {
        size_t i = 0;
        while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i], key) != 0)
            i++;
        char ptr[300];
        scenario_pointer(ptr, sizeof ptr, "", key);
        if (i == sizeof keys / sizeof keys[0])
            ok = error_add(&tp->errors, tp->path, -1, -1, ptr, "unknown key \"%s\"", key);
        else if (strcmp(key, "setup") != 0 && strcmp(key, "requires") != 0 &&
                 strcmp(key, "unimplemented") != 0 && !json_is_string(value))
            ok = error_add(&tp->errors, tp->path, -1, -1, ptr, "\"%s\" must be a string", key);
    }
    tp->init = json_string_value(json_object_get(tp->root, "init"));
    const char *returns = json_string_value(json_object_get(tp->root, "init-returns"));
    if (returns != NULL && strcmp(returns, "int") != 0 && strcmp(returns, "void") != 0)
        ok = error_add(&tp->errors, tp->path, -1, -1, "/init-returns", "\"init-returns\" is \"int\" or \"void\"");
    tp->init_returns_int = returns != NULL && strcmp(returns, "int") == 0;
    tp->profile = json_string_value(json_object_get(tp->root, "profile"));
    espec_profile p;
    if (tp->profile != NULL && !espec_profile_parse(tp->profile, &p))
        ok = error_add(&tp->errors, tp->path, -1, -1, "/profile", "unknown profile \"%s\"", tp->profile);
    const char *ledger = json_string_value(json_object_get(tp->root, "expectations"));
    if (ledger != NULL)
        tp->expectations = beside(tp->path, ledger);
    json_t *requires = json_object_get(tp->root, "requires");
    for (size_t i = 0; i < json_array_size(requires); i++) {
        const char *cap = json_string_value(json_array_get(requires, i));
        if (cap != NULL && strcmp(cap, "ref-hooks") == 0)
            tp->caps |= ESC_CAP_HOOKS;
        else if (cap != NULL && strcmp(cap, "threads") == 0)
            tp->caps |= ESC_CAP_THREADS;
        else
            ok = error_add(&tp->errors, tp->path, -1, -1, "/requires", "unknown capability");
    }
    return ok;
}

/* Returns 1 when loaded without problems, else 0 (tp->errors). */
int target_profile_load(const char *path, const espec_catalogue *catalogue, esc_target_profile *tp)
{
    json_error_t jerr;
    memset(tp, 0, sizeof *tp);
    tp->path = strdup(path);
    tp->root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (tp->root == NULL)
        return error_add(&tp->errors, path, jerr.line, jerr.column, "", "%s", jerr.text);
    if (!json_is_object(tp->root))
        return error_add(&tp->errors, path, -1, -1, "", "a target profile is a JSON object");
    read_members(tp);
    read_unimplemented(tp);
    json_t *setup = json_object_get(tp->root, "setup");
    if (setup != NULL && !json_is_array(setup))
        error_add(&tp->errors, path, -1, -1, "/setup", "\"setup\" must be an array of steps");
    else if (setup != NULL &&
             scenario_parse_steps(setup, path, "/setup", &tp->setup, &tp->nsetup, &tp->errors))
        validate_steps(tp->setup, tp->nsetup, tp->caps, path, catalogue, &tp->errors);
    return tp->errors.count == 0;
}

/* Returns nothing; tp is empty afterwards. */
void target_profile_free(esc_target_profile *tp)
{
    scenario_free_steps(tp->setup, tp->nsetup);
    json_decref(tp->root);
    free(tp->path);
    free(tp->expectations);
    error_clear(&tp->errors);
    memset(tp, 0, sizeof *tp);
}
