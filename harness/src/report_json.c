/* report_json.c - the run as JSON, written with jansson. */
#include <stdlib.h>
#include <jansson.h>
#include "differ.h"
#include "fault_sweep.h"
#include "report.h"

/* Returns the differential-mode object: the reference, its profile, and the differing steps
 * by function and clause: {"reference", "reference_profile", "differences": [{"function",
 * "clause", "steps", "scenarios"}]}. */
static json_t *differential_json(const esc_run_info *run)
{
    differ_count *all;
    size_t n = differ_tally(run->results, run->count, &all);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:I}", "function", all[i].function, "clause",
                                              all[i].clause, "steps", (json_int_t)all[i].steps,
                                              "scenarios", (json_int_t)all[i].scenarios));
    free(all);
    return json_pack("{s:s, s:s?, s:o}", "reference", run->reference, "reference_profile",
                     run->reference_profile, "differences", list);
}

/* Returns 0, or -1 when the file cannot be written. */
int report_json(const char *path, const esc_run_info *run)
{
    size_t counts[ESC_STATUS_COUNT];
    char cmd[2048];
    json_t *root = json_object(), *summary = json_object(), *list = json_array();
    report_count(run, counts);
    for (int s = 0; s < ESC_STATUS_COUNT; s++)
        json_object_set_new(summary, status_json((esc_status)s), json_integer((json_int_t)counts[s]));
    for (size_t i = 0; i < run->count; i++) {
        const esc_result *r = &run->results[i];
        json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f}", "id", r->id, "path",
                                 r->path, "function", r->folder, "result", status_json(r->status),
                                 "raw", status_json(r->raw), "pointer", r->pointer ? r->pointer : "",
                                 "message", r->message ? r->message : "", "seconds", r->seconds);
        if (r->note != NULL)
            json_object_set_new(item, "expectation", json_string(r->note));
        json_t *points = fault_sweep_points_json(r->raw == ESC_PASS ? r->message : NULL);
        if (json_array_size(points) > 0) /* --fault-sweep: the allocation points, as data */
            json_object_set(item, "allocation_points", points);
        json_decref(points);
        if (r->status != ESC_PASS)
            json_object_set_new(item, "rerun", json_string(report_rerun_command(run, r, cmd, sizeof cmd)));
        json_array_append_new(list, item);
    }
    json_object_set_new(root, "format", json_string("esecheck-results/1"));
    json_object_set_new(root, "target", json_string(run->target ? run->target : ""));
    json_object_set_new(root, "profile", json_string(run->profile));
    json_object_set_new(root, "seconds", json_real(run->seconds));
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "results", list);
    if (run->coverage != NULL)
        json_object_set_new(root, "coverage", coverage_json(run->coverage));
    if (run->reference != NULL)
        json_object_set_new(root, "differential", differential_json(run));
    int rc = json_dump_file(root, path, JSON_INDENT(2));
    json_decref(root);
    return rc;
}
