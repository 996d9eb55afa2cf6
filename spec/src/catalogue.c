/* catalogue.c - loads spec/clauses.json with jansson, checks it, resolves profiles. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <esespec/api.h>
#include <esespec/catalogue.h>
#include <esespec/codes.h>

struct espec_catalogue {
    json_t *root;                /* owns every string the clauses point to */
    espec_clause *clauses;       /* in file order */
    size_t count;                /* how many */
};

/* Records an error (the first one wins) and returns 0, so callers can `return fail(...)`. */
static int fail(espec_error *err, const char *path, const char *pointer, const char *fmt, ...)
{
    if (err == NULL || err->text[0] != '\0')
        return 0;
    snprintf(err->source, sizeof err->source, "%s", path);
    snprintf(err->pointer, sizeof err->pointer, "%s", pointer);
    err->line = err->column = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return 0;
}

static int parse_code(json_t *value, JET_ERR *out)
{
    const espec_code *code = espec_code_by_name(json_string_value(value));
    if (code == NULL)
        return 0;
    *out = code->value;
    return 1;
}

/* An outcome is "JET_err...", {"any": [...]}, "silent", "crash" or "unreachable". */
static int parse_outcome(json_t *value, espec_outcome *out, const char *path,
                         const char *pointer, espec_error *err)
{
    static const struct { const char *word; espec_outcome_kind kind; } words[] = {
        {"silent", ESPEC_OUTCOME_SILENT},
        {"crash", ESPEC_OUTCOME_CRASH},
        {"unreachable", ESPEC_OUTCOME_UNREACHABLE},
    };
    memset(out, 0, sizeof *out);
    if (json_is_string(value)) {
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (strcmp(json_string_value(value), words[i].word) == 0) {
                out->kind = words[i].kind;
                return 1;
            }
        out->kind = ESPEC_OUTCOME_CODES;
        out->allowed.count = 1;
        if (!parse_code(value, &out->allowed.codes[0]))
            return fail(err, path, pointer, "unknown code \"%s\"", json_string_value(value));
        return 1;
    }
    json_t *any = json_object_get(value, "any");
    if (!json_is_array(any) || json_array_size(any) == 0 || json_array_size(any) > ESPEC_MAX_CODES)
        return fail(err, path, pointer, "an outcome is a code, {\"any\": [1..%d codes]}, "
                    "\"silent\", \"crash\" or \"unreachable\"", ESPEC_MAX_CODES);
    out->kind = ESPEC_OUTCOME_CODES;
    size_t i;
    json_t *code;
    json_array_foreach(any, i, code) {
        if (!parse_code(code, &out->allowed.codes[i]))
            return fail(err, path, pointer, "unknown code in \"any\" at %zu", i);
    }
    out->allowed.count = json_array_size(any);
    return 1;
}

static const char *required_string(json_t *clause, const char *key)
{
    const char *s = json_string_value(json_object_get(clause, key));
    return s && *s ? s : NULL;
}

static int parse_clause(json_t *json, espec_clause *clause, const char *path, size_t index,
                        espec_error *err)
{
    char pointer[64];
    snprintf(pointer, sizeof pointer, "/clauses/%zu", index);
    static const char *const keys[] = {"id", "function", "text", "reach"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (required_string(json, keys[k]) == NULL)
            return fail(err, path, pointer, "missing or empty \"%s\"", keys[k]);
    clause->id = required_string(json, "id");
    clause->function = required_string(json, "function");
    clause->text = required_string(json, "text");
    if (espec_api_by_name(clause->function) == NULL)
        return fail(err, path, pointer, "function %s is not in api.def", clause->function);
    size_t flen = strlen(clause->function);
    if (strncmp(clause->id, clause->function, flen) != 0 || clause->id[flen] != '.')
        return fail(err, path, pointer, "id %s does not start with \"%s.\"", clause->id,
                    clause->function);
    const char *reach = required_string(json, "reach");
    if (strcmp(reach, "public") != 0 && strcmp(reach, "hook") != 0)
        return fail(err, path, pointer, "reach is \"public\" or \"hook\", not \"%s\"", reach);
    clause->needs_hook = strcmp(reach, "hook") == 0;
    json_t *sources = json_object_get(json, "sources");
    if (!json_is_array(sources) || json_array_size(sources) == 0)
        return fail(err, path, pointer, "\"sources\" must list at least one source");
    char sub[96];
    snprintf(sub, sizeof sub, "%s/docs", pointer);
    if (!parse_outcome(json_object_get(json, "docs"), &clause->docs, path, sub, err))
        return 0;
    snprintf(sub, sizeof sub, "%s/engine", pointer);
    if (!parse_outcome(json_object_get(json, "engine"), &clause->engine, path, sub, err))
        return 0;
    if (clause->engine.kind == ESPEC_OUTCOME_SILENT)
        return fail(err, path, sub, "the engine always does something: silent is for docs");
    return 1;
}

static int check_unique(const espec_catalogue *c, const char *path, espec_error *err)
{
    for (size_t i = 0; i < c->count; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->clauses[i].id, c->clauses[j].id) == 0) {
                char pointer[64];
                snprintf(pointer, sizeof pointer, "/clauses/%zu/id", i);
                return fail(err, path, pointer, "duplicate id %s", c->clauses[i].id);
            }
    return 1;
}

espec_catalogue *espec_catalogue_load(const char *path, espec_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (root == NULL) {
        fail(err, path, "", "%s", jerr.text);
        if (err) {
            err->line = jerr.line;
            err->column = jerr.column;
        }
        return NULL;
    }
    espec_catalogue *c = calloc(1, sizeof *c);
    json_t *clauses = json_object_get(root, "clauses");
    int ok = c != NULL;
    if (ok && !json_is_array(clauses))
        ok = fail(err, path, "/clauses", "the catalogue needs a \"clauses\" array");
    if (ok) {
        c->root = root;
        c->count = json_array_size(clauses);
        c->clauses = calloc(c->count ? c->count : 1, sizeof *c->clauses);
        ok = c->clauses != NULL;
    }
    for (size_t i = 0; ok && i < c->count; i++)
        ok = parse_clause(json_array_get(clauses, i), &c->clauses[i], path, i, err);
    if (ok)
        ok = check_unique(c, path, err);
    if (!ok) {
        if (c)
            free(c->clauses);
        free(c);
        json_decref(root);
        return NULL;
    }
    return c;
}

void espec_catalogue_free(espec_catalogue *catalogue)
{
    if (catalogue == NULL)
        return;
    json_decref(catalogue->root);
    free(catalogue->clauses);
    free(catalogue);
}

size_t espec_catalogue_count(const espec_catalogue *catalogue)
{
    return catalogue ? catalogue->count : 0;
}

const espec_clause *espec_catalogue_at(const espec_catalogue *catalogue, size_t i)
{
    return i < espec_catalogue_count(catalogue) ? &catalogue->clauses[i] : NULL;
}

const espec_clause *espec_catalogue_find(const espec_catalogue *catalogue, const char *id)
{
    for (size_t i = 0; id && i < espec_catalogue_count(catalogue); i++)
        if (strcmp(catalogue->clauses[i].id, id) == 0)
            return &catalogue->clauses[i];
    return NULL;
}

int espec_codeset_has(const espec_codeset *set, JET_ERR code)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->codes[i] == code)
            return 1;
    return 0;
}

static int same_codes(const espec_codeset *a, const espec_codeset *b)
{
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (!espec_codeset_has(b, a->codes[i]))
            return 0;
    return 1;
}

/* The outcome a profile takes; the documented profile falls back to the engine on silence. */
static const espec_outcome *resolve(const espec_clause *clause, espec_profile profile)
{
    if (profile == ESPEC_PROFILE_ESENT || clause->docs.kind == ESPEC_OUTCOME_SILENT)
        return &clause->engine;
    return &clause->docs;
}

int espec_clause_expect(const espec_clause *clause, espec_profile profile, espec_codeset *out)
{
    const espec_outcome *documented = resolve(clause, ESPEC_PROFILE_DOCUMENTED);
    const espec_outcome *esent = resolve(clause, ESPEC_PROFILE_ESENT);
    const espec_outcome *chosen = profile == ESPEC_PROFILE_ESENT ? esent : documented;
    if (chosen->kind != ESPEC_OUTCOME_CODES)
        return 0;
    if (profile == ESPEC_PROFILE_PORTABLE &&
        (esent->kind != ESPEC_OUTCOME_CODES || !same_codes(&documented->allowed, &esent->allowed)))
        return 0;
    if (out)
        *out = chosen->allowed;
    return 1;
}

static const char *const profile_names[ESPEC_PROFILE_COUNT] = {"documented", "esent", "portable"};

const char *espec_profile_name(espec_profile profile)
{
    return (unsigned)profile < ESPEC_PROFILE_COUNT ? profile_names[profile] : "?";
}

int espec_profile_parse(const char *name, espec_profile *out)
{
    for (int p = 0; name && p < ESPEC_PROFILE_COUNT; p++)
        if (strcmp(profile_names[p], name) == 0) {
            *out = (espec_profile)p;
            return 1;
        }
    return 0;
}
