/* runfile.c - reading results.json back: checks, and records for the report writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runfile.h"

/* Returns 1 when results[i] has the string members the commands read, else 0 with the
 * pointer of the first one missing in err. */
static int check_results(const char *path, const json_t *list, char *err, size_t errsize)
{
    static const char *const members[] = {"id", "path", "function", "result", "raw", "message"};
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        esc_status s;
        for (size_t m = 0; m < sizeof members / sizeof *members; m++)
            if (!json_is_string(json_object_get(item, members[m]))) {
                snprintf(err, errsize, "%s: /results/%zu/%s: a string is needed", path, i, members[m]);
                return 0;
            }
        if (!status_parse(json_string_value(json_object_get(item, "result")), &s) ||
            !status_parse(json_string_value(json_object_get(item, "raw")), &s)) {
            snprintf(err, errsize, "%s: /results/%zu: an unknown result", path, i);
            return 0;
        }
    }
    return 1;
}

/* Returns the results object, or NULL with a message. */
json_t *runfile_load(const char *path, char *err, size_t errsize)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (root == NULL) {
        snprintf(err, errsize, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    const char *format = json_string_value(json_object_get(root, "format"));
    const char *problem = NULL;
    if (format == NULL || strcmp(format, "esecheck-results/1") != 0)
        problem = "/format: not \"esecheck-results/1\" (a file written by esecheck --json)";
    else if (!json_is_string(json_object_get(root, "target")) || !json_is_string(json_object_get(root, "profile")))
        problem = "/target and /profile: strings are needed";
    else if (!json_is_array(json_object_get(root, "results")))
        problem = "/results: an array is needed";
    if (problem != NULL) {
        snprintf(err, errsize, "%s: %s", path, problem);
        json_decref(root);
        return NULL;
    }
    if (!check_results(path, json_object_get(root, "results"), err, errsize)) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* Returns a member's string, or NULL when it is absent, null or not a string. */
static const char *text(const json_t *object, const char *key)
{
    return json_string_value(json_object_get(object, key));
}

/* Returns text when it is not empty, else NULL (a result keeps NULL for an empty string). */
static char *own_or_null(const char *value)
{
    return value != NULL && value[0] != '\0' ? (char *)value : NULL;
}

/* Returns nothing; run's records point into root. */
void runfile_to_run(const json_t *root, esc_runfile_run *run)
{
    const json_t *list = json_object_get(root, "results");
    size_t n = json_array_size(list);
    memset(run, 0, sizeof *run);
    run->results = calloc(n ? n : 1, sizeof *run->results);
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(list, i);
        esc_result *r = &run->results[i];
        r->id = text(item, "id");
        r->path = text(item, "path");
        r->folder = text(item, "function");
        status_parse(text(item, "result"), &r->status);
        status_parse(text(item, "raw"), &r->raw);
        r->message = own_or_null(text(item, "message"));
        r->pointer = own_or_null(text(item, "pointer"));
        r->note = own_or_null(text(item, "expectation"));
        r->seconds = json_number_value(json_object_get(item, "seconds"));
    }
    const char *program = text(root, "program");
    const json_t *differential = json_object_get(root, "differential"); /* a --reference run */
    run->info = (esc_run_info){.results = run->results, .count = n,
                               .program = program ? program : "esecheck", .target = text(root, "target"),
                               .target_profile = text(root, "target_profile"),
                               .catalogue = text(root, "catalogue"), .profile = text(root, "profile"),
                               .seconds = json_number_value(json_object_get(root, "seconds")),
                               .unimplemented = text(root, "unimplemented"),
                               .reference = text(differential, "reference"),
                               .reference_profile = text(differential, "reference_profile"),
                               .repeat = text(root, "repeat"),
                               .linearizable = json_is_true(json_object_get(root, "linearizable"))};
}

/* Returns nothing; the strings belong to the results object. */
void runfile_free_run(esc_runfile_run *run)
{
    free(run->results);
    memset(run, 0, sizeof *run);
}
