/* results.c - the status table, result records and the expectations ledger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "results.h"

static const struct {
    const char *word;            /* console */
    const char *json;            /* JSON reports and the ledger */
    const char *junit;           /* JUnit element */
    const char *tap;             /* TAP line start */
    int diverges;                /* fails the run */
    int rerun;                   /* the console prints a rerun command */
} status_table[ESC_STATUS_COUNT] = {
#define ESC_STATUS_ROW_(name, word, json, junit, tap, diverges, rerun) \
    {word, json, junit, tap, diverges, rerun},
    ESC_STATUS_TABLE(ESC_STATUS_ROW_)
#undef ESC_STATUS_ROW_
};

/* Returns the console word of s. */
const char *status_word(esc_status s) { return s < ESC_STATUS_COUNT ? status_table[s].word : "?"; }
/* Returns the JSON string of s. */
const char *status_json(esc_status s) { return s < ESC_STATUS_COUNT ? status_table[s].json : "?"; }
/* Returns the JUnit element of s ("" for passed). */
const char *status_junit(esc_status s) { return s < ESC_STATUS_COUNT ? status_table[s].junit : "error"; }
/* Returns the TAP line start of s. */
const char *status_tap(esc_status s) { return s < ESC_STATUS_COUNT ? status_table[s].tap : "not ok"; }
/* Returns 1 when s fails the run. */
int status_diverges(esc_status s) { return s < ESC_STATUS_COUNT && status_table[s].diverges; }
/* Returns 1 when the console prints the command that reruns a scenario with status s. */
int status_rerun(esc_status s) { return s < ESC_STATUS_COUNT && status_table[s].rerun; }

/* Returns 1 with the status named name (word or JSON string, any case), else 0. */
int status_parse(const char *name, esc_status *out)
{
    for (int s = 0; name != NULL && s < ESC_STATUS_COUNT; s++)
        if (strcasecmp(name, status_table[s].word) == 0) {
            *out = (esc_status)s;
            return 1;
        }
    return 0;
}

/* Returns a malloc'd copy of text, or NULL for NULL or "". */
static char *copy_or_null(const char *text)
{
    return text != NULL && text[0] != '\0' ? strdup(text) : NULL;
}

/* Returns nothing; copies the strings. */
void result_set(esc_result *r, esc_status raw, const char *pointer, const char *message)
{
    free(r->message);
    free(r->pointer);
    r->raw = r->status = raw;
    r->message = copy_or_null(message);
    r->pointer = copy_or_null(pointer);
}

/* Returns nothing; the result's own strings are freed and it is zeroed. */
void result_free(esc_result *r)
{
    free(r->message);
    free(r->pointer);
    free(r->note);
    free(r->observed);
    memset(r, 0, sizeof *r);
}

struct esc_ledger {
    json_t *root;                /* the file's object */
};

/* Returns the ledger, or NULL with a message. */
esc_ledger *ledger_load(const char *path, char *err, size_t errsize)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        snprintf(err, errsize, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    const char *id;
    json_t *entry;
    json_object_foreach(root, id, entry) {
        esc_status s;
        if (!json_is_object(entry) || !status_parse(json_string_value(json_object_get(entry, "result")), &s)) {
            snprintf(err, errsize, "%s: /%s: an entry is {\"result\": \"FAIL\", \"reason\": \"...\"}", path, id);
            json_decref(root);
            return NULL;
        }
    }
    if (!json_is_object(root)) {
        snprintf(err, errsize, "%s: the ledger is a JSON object keyed by scenario id", path);
        json_decref(root);
        return NULL;
    }
    esc_ledger *ledger = malloc(sizeof *ledger);
    ledger->root = root;
    return ledger;
}

/* Returns 1 with the listed status and reason of id, 0 when not listed. */
int ledger_lookup(const esc_ledger *ledger, const char *id, esc_status *status, const char **reason)
{
    json_t *entry = ledger && id ? json_object_get(ledger->root, id) : NULL;
    if (entry == NULL)
        return 0;
    status_parse(json_string_value(json_object_get(entry, "result")), status);
    *reason = json_string_value(json_object_get(entry, "reason"));
    if (*reason == NULL)
        *reason = "";
    return 1;
}

/* Returns 1 when the ledger was written, 0 on an I/O error. */
int ledger_write(const char *path, const esc_result *results, size_t n)
{
    json_t *root = json_object();
    for (size_t i = 0; i < n; i++) {
        esc_status raw = results[i].raw;
        if (!status_diverges(raw) || results[i].unimplemented)
            continue;
        json_object_set_new(root, results[i].id,
                            json_pack("{s:s, s:s}", "result", status_word(raw), "reason",
                                      results[i].message ? results[i].message : ""));
    }
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(root);
    return rc == 0;
}

/* Returns nothing. */
void ledger_free(esc_ledger *ledger)
{
    if (ledger != NULL)
        json_decref(ledger->root);
    free(ledger);
}

/* Returns nothing; r->status is raw judged against the functions declared unimplemented
 * (a MISSING declared so is UNSUPPORTED, whatever the ledger says) and then against what the
 * ledger lists for r->id: a listed divergence of the same kind is XFAIL, a listed scenario
 * that passes is XPASS. */
void status_against_expectation(esc_result *r, const esc_ledger *ledger)
{
    esc_status listed;
    const char *reason;
    r->status = r->raw == ESC_MISSING && r->unimplemented ? ESC_UNSUPPORTED : r->raw;
    if (!ledger_lookup(ledger, r->id, &listed, &reason))
        return;
    char note[1024];
    snprintf(note, sizeof note, "expected %s: %s", status_word(listed), reason);
    free(r->note);
    r->note = strdup(note);
    if (r->raw == ESC_PASS)
        r->status = ESC_XPASS;
    else if (r->raw == listed && status_diverges(r->status))
        r->status = ESC_XFAIL;
}

/* Returns 2 when some result is ERROR, else 1 when some diverges, else 0. */
int results_exit_code(const esc_result *results, size_t n)
{
    int code = 0;
    for (size_t i = 0; i < n; i++) {
        if (results[i].status == ESC_ERROR)
            return 2;
        if (status_diverges(results[i].status))
            code = 1;
    }
    return code;
}
