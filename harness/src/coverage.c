/* coverage.c - the clause coverage table: which scenarios check each clause, with what result. */
#include <stdlib.h>
#include <string.h>
#include "coverage.h"

/* Returns the profiles (bit 1u << p) the clause applies in. */
static unsigned clause_profiles(const espec_clause *clause)
{
    unsigned bits = 0;
    espec_codeset set;
    for (int p = 0; p < ESPEC_PROFILE_COUNT; p++)
        if (espec_clause_expect(clause, (espec_profile)p, &set))
            bits |= 1u << p;
    return bits;
}

/* Returns 1 with every row's cases filled from the entries (in suite order), 0 when memory
 * ran out: counts the cases of each row, then places them. */
static int fill_cases(esc_coverage *cov, const esc_entry *entries, size_t n,
                      const esc_result *const *results)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = entries[i].ntop; k < (size_t)entries[i].ntop + entries[i].nneeds; k++)
            if (!(entries[i].needs[k] & ESC_NEED_CALL) && entries[i].needs[k] < cov->count)
                cov->rows[entries[i].needs[k]].ncases++;
    for (size_t k = 0; k < cov->count; k++) {
        esc_coverage_row *row = &cov->rows[k];
        row->cases = row->ncases ? malloc(row->ncases * sizeof *row->cases) : NULL;
        if (row->ncases && row->cases == NULL)
            return 0;
        row->ncases = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const esc_entry *e = &entries[i];
        const esc_result *r = results != NULL ? results[i] : NULL;
        for (size_t k = e->ntop; k < (size_t)e->ntop + e->nneeds; k++) {
            if ((e->needs[k] & ESC_NEED_CALL) || e->needs[k] >= cov->count)
                continue;
            esc_coverage_row *row = &cov->rows[e->needs[k]];
            row->cases[row->ncases++] = (esc_coverage_case){e->id ? e->id : e->path, e->path, r};
            if (r != NULL && r->raw == ESC_PASS)
                row->verified = 1;
            if (r != NULL && r->raw == ESC_MISSING)
                row->functions_missing = 1;
        }
    }
    return 1;
}

/* Returns 1 with the table built, 0 when memory ran out. */
int coverage_build(esc_coverage *cov, const espec_catalogue *catalogue,
                   const esc_entry *entries, size_t nentries,
                   const esc_result *const *results, espec_profile profile)
{
    memset(cov, 0, sizeof *cov);
    cov->profile = profile;
    cov->count = espec_catalogue_count(catalogue);
    cov->rows = calloc(cov->count ? cov->count : 1, sizeof *cov->rows);
    if (cov->rows == NULL) {
        cov->count = 0;
        return 0;
    }
    for (size_t k = 0; k < cov->count; k++) {
        esc_coverage_row *row = &cov->rows[k];
        row->clause = espec_catalogue_at(catalogue, k);
        row->profiles = clause_profiles(row->clause);
        row->applies = (row->profiles >> profile) & 1u;
    }
    if (!fill_cases(cov, entries, nentries, results)) {
        coverage_free(cov);
        return 0;
    }
    for (size_t k = 0; k < cov->count; k++) {
        const esc_coverage_row *row = &cov->rows[k];
        cov->uncited += row->ncases == 0;
        if (!row->applies)
            cov->not_applicable++;
        else if (row->ncases == 0)
            cov->without_case++;
        else if (row->verified)
            cov->verified++;
        else if (row->functions_missing)
            cov->functions_missing++;
        else
            cov->unverified++;
    }
    return 1;
}

/* Returns nothing; the table is empty afterwards. */
void coverage_free(esc_coverage *cov)
{
    for (size_t k = 0; k < cov->count; k++)
        free(cov->rows[k].cases);
    free(cov->rows);
    memset(cov, 0, sizeof *cov);
}

/* Returns 0, or -1 on an I/O error. */
int coverage_summary(FILE *out, const esc_coverage *cov)
{
    fprintf(out, "clauses: %zu/%zu verified in profile %s (%zu not applicable, %zu without a case",
            cov->verified, cov->count, espec_profile_name(cov->profile), cov->not_applicable,
            cov->without_case);
    if (cov->unverified > 0)
        fprintf(out, ", %zu unverified", cov->unverified);
    if (cov->functions_missing > 0)
        fprintf(out, ", %zu unverified: functions missing", cov->functions_missing);
    fprintf(out, ")\n");
    return ferror(out) ? -1 : 0;
}

/* Returns the word of a case's result: the console word, or "not run". */
static const char *case_word(const esc_coverage_case *c)
{
    return c->result != NULL ? status_word(c->result->status) : "not run";
}

/* Returns a new JSON object for one clause row. */
static json_t *row_json(const esc_coverage_row *row)
{
    json_t *profiles = json_array(), *cases = json_array();
    for (int p = 0; p < ESPEC_PROFILE_COUNT; p++)
        if ((row->profiles >> p) & 1u)
            json_array_append_new(profiles, json_string(espec_profile_name((espec_profile)p)));
    for (size_t i = 0; i < row->ncases; i++) {
        const esc_coverage_case *c = &row->cases[i];
        json_array_append_new(cases, json_pack("{s:s, s:s, s:s}", "id", c->id, "path", c->path, "result",
                                               c->result ? status_json(c->result->status) : "not run"));
    }
    return json_pack("{s:s, s:s, s:o, s:b, s:b, s:b, s:o}", "id", row->clause->id, "text",
                     row->clause->text ? row->clause->text : "", "profiles", profiles, "applies",
                     row->applies, "verified", row->verified, "functions_missing",
                     row->applies && !row->verified && row->functions_missing, "cases", cases);
}

/* Returns a new JSON object: the whole table. */
json_t *coverage_json(const esc_coverage *cov)
{
    json_t *functions = json_array(), *group = NULL;
    const char *function = NULL;
    for (size_t k = 0; k < cov->count; k++) {
        const esc_coverage_row *row = &cov->rows[k];
        if (function == NULL || strcmp(function, row->clause->function) != 0) {
            function = row->clause->function;
            group = json_array();
            json_array_append_new(functions, json_pack("{s:s, s:o}", "function", function, "clauses", group));
        }
        json_array_append_new(group, row_json(row));
    }
    json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "clauses", (json_int_t)cov->count,
                                "verified", (json_int_t)cov->verified, "not_applicable",
                                (json_int_t)cov->not_applicable, "without_case",
                                (json_int_t)cov->without_case, "unverified",
                                (json_int_t)cov->unverified, "functions_missing",
                                (json_int_t)cov->functions_missing, "uncited", (json_int_t)cov->uncited);
    return json_pack("{s:s, s:o, s:o}", "profile", espec_profile_name(cov->profile), "summary",
                     summary, "functions", functions);
}

/* Returns 0, or -1 when the file cannot be written. */
int coverage_write_json(const char *path, const esc_coverage *cov)
{
    json_t *root = coverage_json(cov);
    json_object_set_new(root, "format", json_string("esecheck-clauses/1"));
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc;
}

/* Returns the state word of a row: verified, unverified, "unverified: functions missing",
 * "not applicable", "WITHOUT A CASE". */
static const char *row_state(const esc_coverage_row *row)
{
    if (!row->applies)
        return "not applicable";
    if (row->ncases == 0)
        return "WITHOUT A CASE";
    if (row->verified)
        return "verified";
    return row->functions_missing ? "unverified: functions missing" : "unverified";
}

/* Returns 0, or -1 on an I/O error. */
int coverage_write_text(FILE *out, const esc_coverage *cov)
{
    const char *function = NULL;
    fprintf(out, "# clause coverage, profile %s: function, clause [profiles it applies in] state,\n"
                 "# then each scenario whose steps check it, with its result in this run\n",
            espec_profile_name(cov->profile));
    for (size_t k = 0; k < cov->count; k++) {
        const esc_coverage_row *row = &cov->rows[k];
        if (function == NULL || strcmp(function, row->clause->function) != 0) {
            function = row->clause->function;
            fprintf(out, "\n%s\n", function);
        }
        fprintf(out, "  %-48s [", row->clause->id);
        const char *sep = "";
        for (int p = 0; p < ESPEC_PROFILE_COUNT; p++)
            if ((row->profiles >> p) & 1u) {
                fprintf(out, "%s%s", sep, espec_profile_name((espec_profile)p));
                sep = " ";
            }
        fprintf(out, "] %s\n", row_state(row));
        for (size_t i = 0; i < row->ncases; i++)
            fprintf(out, "      %-11s %s (%s)\n", case_word(&row->cases[i]), row->cases[i].id,
                    row->cases[i].path);
    }
    fprintf(out, "\n");
    coverage_summary(out, cov);
    return ferror(out) ? -1 : 0;
}

/* Returns the number of clauses printed. */
size_t coverage_print_uncited(FILE *out, const esc_coverage *cov)
{
    size_t n = 0;
    for (size_t k = 0; k < cov->count; k++)
        if (cov->rows[k].ncases == 0) {
            fprintf(out, "clause without a case: %s\n", cov->rows[k].clause->id);
            n++;
        }
    return n;
}
