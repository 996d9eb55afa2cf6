/* steplog.c - the codes a scenario's calls returned and its diverging step, as JSON. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include <esespec/codes.h>
#include "steplog.h"

/* Returns nothing; a pair already kept is not kept twice. */
void steplog_code(esc_steplog *log, const char *function, int32_t code)
{
    for (size_t i = 0; i < log->count; i++)
        if (log->code[i] == code && strcmp(log->function[i], function) == 0)
            return;
    if (log->count == ESC_STEPLOG_CODES) {
        log->overflow = 1;
        return;
    }
    log->function[log->count] = function;
    log->code[log->count] = code;
    log->count++;
}

/* Returns nothing. */
void steplog_diverge(esc_steplog *log, const char *call, int32_t actual, const char *expected,
                     const char *check, const char *clause)
{
    log->diverged = 1;
    log->actual = actual;
    snprintf(log->call, sizeof log->call, "%s", call);
    snprintf(log->expected, sizeof log->expected, "%s", expected ? expected : "");
    snprintf(log->check, sizeof log->check, "%s", check ? check : "");
    snprintf(log->clause, sizeof log->clause, "%s", clause ? clause : "");
}

/* Returns text when it is valid UTF-8 (a JSON string can hold it), else NULL. */
static const char *utf8_or_null(const char *text)
{
    json_t *probe = json_string(text);
    json_decref(probe);
    return probe != NULL ? text : NULL;
}

/* Returns the "codes" object: each function's codes in the order first seen. */
static json_t *codes_json(const esc_steplog *log)
{
    json_t *codes = json_object();
    for (size_t i = 0; i < log->count; i++) {
        json_t *list = json_object_get(codes, log->function[i]);
        if (list == NULL)
            json_object_set_new(codes, log->function[i], list = json_array());
        json_array_append_new(list, json_integer(log->code[i]));
    }
    return codes;
}

/* Returns 1 with the JSON in out, or 0 with "{}". */
int steplog_json(const esc_steplog *log, char *out, size_t size)
{
    json_t *root = json_object();
    json_object_set_new(root, "codes", codes_json(log));
    if (log->overflow)
        json_object_set_new(root, "codes_overflow", json_true());
    if (log->diverged) {
        /* a text may hold bytes a target wrote that are not UTF-8: then it is left out */
        json_t *step = json_pack("{s:s?, s:s?, s:i, s:s, s:s?, s:s}", "call", utf8_or_null(log->call),
                                 "expected", utf8_or_null(log->expected), "actual", (int)log->actual,
                                 "actual_name", espec_code_name(log->actual), "check",
                                 utf8_or_null(log->check), "clause", log->clause);
        if (step != NULL)
            json_object_set_new(root, "step", step);
    }
    size_t n = json_dumpb(root, out, size, JSON_COMPACT);
    json_decref(root);
    if (n == 0 || n >= size) {
        snprintf(out, size, "{}");
        return 0;
    }
    out[n] = '\0';
    return 1;
}
