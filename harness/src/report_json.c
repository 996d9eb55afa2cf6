/* report_json.c - the run as JSON (results.json), built and written with jansson. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "differ.h"
#include "fault_sweep.h"
#include "report.h"

json_t *report_differential_json(const esc_result *results, size_t n, const char *reference,
                                 const char *reference_profile)
{
    differ_count *all;
    size_t count = differ_tally(results, n, &all);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:I}", "function", all[i].function, "clause",
                                              all[i].clause, "steps", (json_int_t)all[i].steps,
                                              "scenarios", (json_int_t)all[i].scenarios));
    free(all);
    return json_pack("{s:s, s:s?, s:o}", "reference", reference, "reference_profile", reference_profile,
                     "differences", list);
}

/* Returns the last component of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Returns a string, or null for NULL. */
static json_t *string_or_null(const char *text)
{
    return text != NULL ? json_string(text) : json_null();
}

/* Returns the "selection" object: filters, paths, shard, the unsharded total and its ids. */
static json_t *selection_json(const esc_selection *sel)
{
    json_t *paths = json_array(), *ids = json_array();
    for (size_t i = 0; i < sel->npaths; i++)
        json_array_append_new(paths, json_string(sel->paths[i]));
    for (size_t p = 0; sel->ids != NULL && p < sel->total; p++) {
        json_t *id = json_string(sel->ids[p]); /* NULL: a path that is not UTF-8 */
        json_array_append_new(ids, id ? id : json_null());
    }
    json_t *shard = sel->shard_n > 0 ? json_pack("{s:i, s:i}", "k", sel->shard_k, "n", sel->shard_n)
                                     : json_null();
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:o}", "function", string_or_null(sel->function),
                     "clause", string_or_null(sel->clause), "id", string_or_null(sel->id_glob),
                     "paths", paths, "shard", shard, "total", (json_int_t)sel->total, "ids", ids);
}

/* Returns nothing; copies the members of the result's observed JSON (codes, step) into item. */
static void add_observed(json_t *item, const char *observed)
{
    json_t *extra = observed ? json_loads(observed, 0, NULL) : NULL;
    if (extra != NULL)
        json_object_update(item, extra);
    json_decref(extra);
}

/* Returns one result's object. */
static json_t *result_json(const esc_run_info *run, size_t k)
{
    const esc_result *r = &run->results[k];
    char cmd[2048];
    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f}", "id", r->id, "path",
                             r->path, "function", r->folder, "result", status_json(r->status),
                             "raw", status_json(r->raw), "pointer", r->pointer ? r->pointer : "",
                             "message", r->message ? r->message : "", "seconds", r->seconds);
    if (item == NULL) /* not UTF-8 (a message quoting a target's bytes is escaped; a path may not be) */
        item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", "?", "path", "?", "function",
                         "?", "result", status_json(r->status), "raw", status_json(r->raw),
                         "message", "(not valid UTF-8)");
    if (run->selection != NULL)
        json_object_set_new(item, "position", json_integer((json_int_t)run->selection->position[k]));
    if (r->note != NULL)
        json_object_set_new(item, "expectation", json_string(r->note));
    if (r->status != ESC_PASS)
        json_object_set_new(item, "rerun", json_string(report_rerun_command(run, r, cmd, sizeof cmd)));
    add_observed(item, r->observed);
    json_t *points = fault_sweep_points_json(r->raw == ESC_PASS ? r->message : NULL);
    if (json_array_size(points) > 0) /* --fault-sweep: the allocation points, as data */
        json_object_set(item, "allocation_points", points);
    json_decref(points);
    return item;
}

/* Returns the run's object (a new reference). */
json_t *report_json_build(const esc_run_info *run)
{
    size_t counts[ESC_STATUS_COUNT];
    json_t *root = json_object(), *summary = json_object(), *list = json_array();
    report_count(run, counts);
    for (int s = 0; s < ESC_STATUS_COUNT; s++)
        json_object_set_new(summary, status_json((esc_status)s), json_integer((json_int_t)counts[s]));
    for (size_t k = 0; k < run->count; k++)
        json_array_append_new(list, result_json(run, k));
    const char *target = run->target ? run->target : "";
    json_object_set_new(root, "format", json_string("esecheck-results/1"));
    json_object_set_new(root, "target", json_string(target));
    json_object_set_new(root, "target_name", json_string(base_name(target)));
    json_object_set_new(root, "profile", json_string(run->profile));
    json_object_set_new(root, "program", string_or_null(run->program));
    json_object_set_new(root, "target_profile", string_or_null(run->target_profile));
    json_object_set_new(root, "catalogue", string_or_null(run->catalogue));
    json_object_set_new(root, "unimplemented", string_or_null(run->unimplemented));
    /* How each concurrent scenario ran: merge keeps them, and the rerun commands name them. */
    json_object_set_new(root, "repeat", string_or_null(run->repeat));
    json_object_set_new(root, "linearizable", json_boolean(run->linearizable));
    if (run->selection != NULL)
        json_object_set_new(root, "selection", selection_json(run->selection));
    json_object_set_new(root, "seconds", json_real(run->seconds));
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "results", list);
    if (run->coverage != NULL)
        json_object_set_new(root, "coverage", coverage_json(run->coverage));
    if (run->reference != NULL)
        json_object_set_new(root, "differential", report_differential_json(run->results, run->count, run->reference,
                                                                           run->reference_profile));
    return root;
}

/* Returns 0, or -1 when the file cannot be written. */
int report_json(const char *path, const esc_run_info *run)
{
    json_t *root = report_json_build(run);
    int rc = json_dump_file(root, path, JSON_INDENT(2));
    json_decref(root);
    return rc;
}
