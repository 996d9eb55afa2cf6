/* suite.c - finding, loading and selecting scenario files. */
#include <fnmatch.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "suite.h"
#include "validate.h"

typedef struct {
    char **items;                /* collected paths */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
} path_list;

static path_list *walk_list;     /* nftw has no context pointer */

/* Returns nothing; adds a copy of path. */
static void add_path(path_list *list, const char *path)
{
    if (list->count + 1 >= list->cap) {
        list->cap = list->cap ? list->cap * 2 : 64;
        list->items = realloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->count++] = strdup(path);
    list->items[list->count] = NULL;
}

/* Returns 0 to go on walking; collects *.json files except schema.json. */
static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    const char *base = path + ftw->base;
    size_t n = strlen(base);
    if (type == FTW_F && n > 5 && strcmp(base + n - 5, ".json") == 0 && strcmp(base, "schema.json") != 0)
        add_path(walk_list, path);
    return 0;
}

/* Returns the strcmp order of two paths (for qsort). */
static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns 1 with the sorted files, 0 with a message. */
int suite_find(const char *const *paths, size_t npaths, char ***files, size_t *nfiles, char *err,
               size_t errsize)
{
    path_list list = {calloc(1, sizeof(char *)), 0, 1}; /* NULL-terminated even when empty */
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errsize, "%s: no such file or directory", paths[i]);
            suite_free_files(list.items);
            return 0;
        }
        if (S_ISDIR(st.st_mode)) {
            walk_list = &list;
            nftw(paths[i], visit, 16, 0);
            walk_list = NULL;
        } else
            add_path(&list, paths[i]);
    }
    qsort(list.items, list.count, sizeof *list.items, by_path);
    *files = list.items;
    *nfiles = list.count;
    return 1;
}

/* Returns nothing; frees a NULL-terminated list. */
void suite_free_files(char **files)
{
    for (size_t i = 0; files != NULL && files[i] != NULL; i++)
        free(files[i]);
    free(files);
}

/* Returns the number of scenarios with problems. */
size_t suite_load(esc_suite *suite, char *const *files, size_t nfiles,
                  const espec_catalogue *catalogue)
{
    suite->items = calloc(nfiles ? nfiles : 1, sizeof *suite->items);
    suite->count = nfiles;
    for (size_t i = 0; i < nfiles; i++) {
        esc_scenario *sc = &suite->items[i];
        if (scenario_load(files[i], sc) || sc->root != NULL)
            validate_scenario(sc, catalogue);
        for (size_t k = 0; k < i && sc->id != NULL; k++)
            if (suite->items[k].id != NULL && strcmp(suite->items[k].id, sc->id) == 0)
                error_add(&sc->errors, sc->path, -1, -1, "/id", "id \"%s\" is also the id of %s",
                          sc->id, suite->items[k].path);
    }
    size_t bad = 0;
    for (size_t i = 0; i < nfiles; i++)
        bad += suite->items[i].errors.count > 0;
    return bad;
}

/* Returns 1 when the scenario calls function or cites one of its clauses. */
static int about_function(const esc_scenario *sc, const char *function,
                          const espec_catalogue *catalogue)
{
    if (scenario_calls(sc, function))
        return 1;
    for (size_t i = 0; i < espec_catalogue_count(catalogue); i++) {
        const espec_clause *c = espec_catalogue_at(catalogue, i);
        if (strcmp(c->function, function) == 0 && scenario_cites(sc, c->id))
            return 1;
    }
    return 0;
}

/* Returns the number selected; fills selected[]. */
size_t suite_select(const esc_suite *suite, const esc_filter *filter,
                    const espec_catalogue *catalogue, int *selected)
{
    size_t candidates = 0, count = 0;
    for (size_t i = 0; i < suite->count; i++) {
        const esc_scenario *sc = &suite->items[i];
        int broken = sc->errors.count > 0;
        int ok = 1;
        if (filter->id_glob != NULL)
            ok = sc->id != NULL ? fnmatch(filter->id_glob, sc->id, 0) == 0 : broken;
        if (ok && filter->function != NULL && !broken)
            ok = about_function(sc, filter->function, catalogue);
        if (ok && filter->clause != NULL && !broken)
            ok = scenario_cites(sc, filter->clause);
        if (ok && filter->shard_n > 0) {
            ok = (int)(candidates % (size_t)filter->shard_n) + 1 == filter->shard_k;
            candidates++;
        }
        selected[i] = ok;
        count += ok;
    }
    return count;
}

/* Returns nothing; the suite is empty afterwards. */
void suite_free(esc_suite *suite)
{
    for (size_t i = 0; i < suite->count; i++)
        scenario_free(&suite->items[i]);
    free(suite->items);
    memset(suite, 0, sizeof *suite);
}
