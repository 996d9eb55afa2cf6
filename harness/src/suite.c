/* suite.c - finding, loading, summarizing and selecting scenario files. */
#include <fnmatch.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "suite.h"
#include "validate.h"

#define ARENA_BLOCK (1u << 20) /* mapped apart from the heap, so that the parse of each file
                                  leaves no holes between blocks */

/* A bump allocator: blocks that never move, freed all at once. */
struct esc_arena {
    struct esc_arena *next;      /* the previous block */
    size_t used;                 /* bytes taken in data */
    size_t size;                 /* bytes in data */
    char data[];                 /* the storage */
};

/* Returns size bytes (aligned to 8) from the suite's arena; exits when memory runs out. */
static void *arena_alloc(esc_suite *suite, size_t size)
{
    esc_arena *a = suite->arena;
    size = (size + 7) & ~(size_t)7;
    if (a == NULL || a->size - a->used < size) {
        size_t block = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        esc_arena *b = mmap(NULL, sizeof *b + block, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (b == MAP_FAILED)
            abort();
        b->next = a;
        b->used = 0;
        b->size = block;
        suite->arena = a = b;
    }
    void *p = a->data + a->used;
    a->used += size;
    return p;
}

/* Returns a copy of text in the suite's arena. */
static char *arena_strdup(esc_suite *suite, const char *text)
{
    size_t n = strlen(text) + 1;
    return memcpy(arena_alloc(suite, n), text, n);
}

static esc_suite *walk_suite;    /* nftw has no context pointer */

/* Returns nothing; adds an entry for path. */
static void add_path(esc_suite *suite, const char *path)
{
    if (suite->count == suite->cap) {
        suite->cap = suite->cap ? suite->cap * 2 : 64;
        suite->items = realloc(suite->items, suite->cap * sizeof *suite->items);
        if (suite->items == NULL)
            abort();
    }
    esc_entry *e = &suite->items[suite->count++];
    memset(e, 0, sizeof *e);
    e->path = arena_strdup(suite, path);
    e->folder = "";
}

/* Returns 0 to go on walking; collects *.json files except schema.json. */
static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    const char *base = path + ftw->base;
    size_t n = strlen(base);
    if (type == FTW_F && n > 5 && strcmp(base + n - 5, ".json") == 0 && strcmp(base, "schema.json") != 0)
        add_path(walk_suite, path);
    return 0;
}

/* Returns the strcmp order of two paths (for qsort). */
static int by_path(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Returns nothing; sorts the entries (which hold only their paths yet) by path. The paths are
 * sorted as pointers: qsort on the entries themselves would take a copy of the whole array. */
static void sort_paths(esc_suite *suite)
{
    const char **paths = malloc((suite->count ? suite->count : 1) * sizeof *paths);
    if (paths == NULL)
        abort();
    for (size_t i = 0; i < suite->count; i++)
        paths[i] = suite->items[i].path;
    qsort(paths, suite->count, sizeof *paths, by_path);
    for (size_t i = 0; i < suite->count; i++)
        suite->items[i].path = paths[i];
    free(paths);
}

/* Returns 1 when every path exists, 0 with a message. */
int suite_check_paths(const char *const *paths, size_t npaths, char *err, size_t errsize)
{
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errsize, "%s: no such file or directory", paths[i]);
            return 0;
        }
    }
    return 1;
}

/* Returns 1 with the sorted entries, 0 with a message. */
int suite_find(esc_suite *suite, const char *const *paths, size_t npaths, char *err,
               size_t errsize)
{
    memset(suite, 0, sizeof *suite);
    if (!suite_check_paths(paths, npaths, err, errsize))
        return 0;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        stat(paths[i], &st);
        if (S_ISDIR(st.st_mode)) {
            walk_suite = suite;
            nftw(paths[i], visit, 16, 0);
            walk_suite = NULL;
        } else
            add_path(suite, paths[i]);
    }
    sort_paths(suite);
    return 1;
}

/* Returns the catalogue index of clause (which must be the catalogue's). */
static size_t clause_index(const espec_catalogue *catalogue, const espec_clause *clause)
{
    size_t i = (size_t)(clause - espec_catalogue_at(catalogue, 0));
    if (i < espec_catalogue_count(catalogue) && espec_catalogue_at(catalogue, i) == clause)
        return i;
    for (i = 0; espec_catalogue_at(catalogue, i) != clause; i++)
        ;
    return i;
}

typedef struct {
    uint16_t *items;             /* the needs so far */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
} need_list;

/* Returns nothing; appends need unless the list has it from index `from` on. */
static void add_need(need_list *list, uint16_t need, size_t from)
{
    for (size_t i = from; i < list->count; i++)
        if (list->items[i] == need)
            return;
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = realloc(list->items, list->cap * sizeof *list->items);
        if (list->items == NULL)
            abort();
    }
    list->items[list->count++] = need;
}

/* Returns nothing; appends what the steps need, in step order. */
static void collect_needs(const esc_step *steps, size_t n, const espec_catalogue *catalogue,
                          need_list *list, size_t from)
{
    for (size_t i = 0; i < n; i++) {
        const esc_step *step = &steps[i];
        if (step->is_repeat || step->is_parallel || step->is_list) {
            collect_needs(step->steps, step->nsteps, catalogue, list, from);
            continue;
        }
        const espec_clause *clause = espec_catalogue_find(catalogue, step->clause_id);
        if (clause != NULL)
            add_need(list, (uint16_t)clause_index(catalogue, clause), from);
        const esc_call *call = calls_find(step->call_name);
        if (call != NULL)
            add_need(list, (uint16_t)(ESC_NEED_CALL | (size_t)(call - calls_at(0))), from);
    }
}

/* Returns a copy of n needs in the suite's arena. */
static const uint16_t *arena_needs(esc_suite *suite, const uint16_t *items, size_t n)
{
    return n ? memcpy(arena_alloc(suite, n * sizeof *items), items, n * sizeof *items) : NULL;
}

/* Returns the malloc'd text of every problem of a scenario, one per line. */
static char *problems_text(const esc_errors *errors)
{
    size_t size = errors->count * 1300 + 1, n = 0;
    char *text = calloc(1, size), line[1300];
    for (size_t i = 0; i < errors->count; i++)
        n += (size_t)snprintf(text + n, size - n, "%s%s", i ? "\n" : "",
                              error_format(&errors->items[i], line, sizeof line));
    char *fit = realloc(text, strlen(text) + 1); /* kept all run long: no more than it holds */
    return fit ? fit : text;
}

/* Returns nothing; fills e from sc. */
void suite_summarize(esc_suite *suite, const esc_scenario *sc, const espec_catalogue *catalogue,
                     esc_entry *e)
{
    need_list list = {0};
    if (e->path == NULL)
        e->path = arena_strdup(suite, sc->path);
    uintptr_t at = (uintptr_t)e, first = (uintptr_t)suite->items;
    const esc_entry *prev = at > first && at < first + suite->count * sizeof *e ? e - 1 : NULL;
    const char *folder = sc->folder ? sc->folder : "";
    e->folder = prev != NULL && strcmp(prev->folder, folder) == 0 ? prev->folder
                                                                  : arena_strdup(suite, folder);
    e->id = sc->id ? arena_strdup(suite, sc->id) : NULL;
    e->caps = (uint8_t)sc->caps;
    for (size_t i = 0; i < sc->nclauses; i++) {
        const espec_clause *clause = espec_catalogue_find(catalogue, sc->clauses[i]);
        if (clause != NULL)
            add_need(&list, (uint16_t)clause_index(catalogue, clause), 0);
    }
    size_t ntop = list.count; /* the steps' needs follow, each once among them */
    collect_needs(sc->steps, sc->nsteps, catalogue, &list, ntop);
    e->ntop = (uint16_t)ntop;
    e->nneeds = (uint16_t)(list.count - ntop);
    e->needs = arena_needs(suite, list.items, list.count);
    free(list.items);
    e->nproblems = (uint32_t)sc->errors.count;
    e->problems = sc->errors.count ? problems_text(&sc->errors) : NULL;
}

/* Returns 1 when the file loaded and validated without a problem, else 0. */
int suite_open(const char *path, const espec_catalogue *catalogue, esc_scenario *sc)
{
    /* The main process validated the file in full when it loaded the suite (it runs only
     * scenarios without problems); here the names are resolved, the repeats not walked again. */
    if (!scenario_load(path, sc) && sc->root == NULL)
        return 0;
    return validate_resolve(sc, catalogue);
}

/* Returns the FNV-1a hash of text. */
static size_t hash_text(const char *text)
{
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* Returns nothing; appends one problem line to e's problems. */
static void add_problem(esc_entry *e, const char *line)
{
    char *old = e->problems;
    size_t n = (old ? strlen(old) + 1 : 0) + strlen(line) + 1;
    e->problems = malloc(n);
    if (e->problems == NULL)
        abort();
    snprintf(e->problems, n, "%s%s%s", old ? old : "", old ? "\n" : "", line);
    e->nproblems++;
    free(old);
}

/* Returns nothing; adds "id is also the id of P" to e for each earlier entry P with its id,
 * then records e in the set (open addressing over entry indexes + 1: entries with the same id
 * sit on one probe chain in suite order). */
static void check_id(esc_suite *suite, size_t index, uint32_t *set, size_t mask)
{
    esc_entry *e = &suite->items[index];
    if (e->id == NULL)
        return;
    size_t slot = hash_text(e->id) & mask;
    for (; set[slot] != 0; slot = (slot + 1) & mask) {
        const esc_entry *other = &suite->items[set[slot] - 1];
        if (strcmp(other->id, e->id) != 0)
            continue;
        esc_errors dup = {0};
        error_add(&dup, e->path, -1, -1, "/id", "id \"%s\" is also the id of %s", e->id, other->path);
        char *line = problems_text(&dup);
        add_problem(e, line);
        free(line);
        error_clear(&dup);
    }
    set[slot] = (uint32_t)(index + 1);
}

/* Returns the number of scenarios with problems. */
size_t suite_load(esc_suite *suite, const espec_catalogue *catalogue)
{
    size_t size = 16, bad = 0;
    while (size < 2 * suite->count)
        size *= 2;
    uint32_t *set = calloc(size, sizeof *set);
    for (size_t i = 0; i < suite->count; i++) {
        esc_scenario sc;
        esc_entry *e = &suite->items[i];
        if (scenario_load(e->path, &sc) || sc.root != NULL)
            validate_scenario(&sc, catalogue);
        suite_summarize(suite, &sc, catalogue, e);
        scenario_free(&sc);
        check_id(suite, i, set, size - 1);
        bad += e->nproblems > 0;
    }
    free(set);
    return bad;
}

/* Returns 1 when a step of the entry checks the clause. */
int suite_checks(const esc_entry *e, size_t clause)
{
    for (size_t i = e->ntop; i < (size_t)e->ntop + e->nneeds; i++)
        if (e->needs[i] == clause)
            return 1;
    return 0;
}

/* Returns 1 when the entry cites the clause (at the top or on a step). */
static int cites(const esc_entry *e, size_t clause)
{
    for (size_t i = 0; i < e->ntop; i++)
        if (e->needs[i] == clause)
            return 1;
    return suite_checks(e, clause);
}

/* Returns 1 when the entry calls function or cites one of its clauses. */
static int about_function(const esc_entry *e, const char *function,
                          const espec_catalogue *catalogue)
{
    for (size_t i = e->ntop; i < (size_t)e->ntop + e->nneeds; i++)
        if ((e->needs[i] & ESC_NEED_CALL) &&
            strcmp(calls_at(e->needs[i] & ~ESC_NEED_CALL)->name, function) == 0)
            return 1;
    for (size_t i = 0; i < espec_catalogue_count(catalogue); i++) {
        const espec_clause *c = espec_catalogue_at(catalogue, i);
        if (strcmp(c->function, function) == 0 && cites(e, i))
            return 1;
    }
    return 0;
}

/* Returns the number selected; fills selected[]. */
size_t suite_select(const esc_suite *suite, const esc_filter *filter,
                    const espec_catalogue *catalogue, int *selected)
{
    size_t candidates = 0, count = 0;
    const espec_clause *clause = filter->clause ? espec_catalogue_find(catalogue, filter->clause) : NULL;
    for (size_t i = 0; i < suite->count; i++) {
        const esc_entry *e = &suite->items[i];
        int broken = e->nproblems > 0;
        int ok = 1;
        if (filter->id_glob != NULL)
            ok = e->id != NULL ? fnmatch(filter->id_glob, e->id, 0) == 0 : broken;
        if (ok && filter->function != NULL && !broken)
            ok = about_function(e, filter->function, catalogue);
        if (ok && filter->clause != NULL && !broken)
            ok = clause != NULL && cites(e, clause_index(catalogue, clause));
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
        free(suite->items[i].problems);
    free(suite->items);
    for (esc_arena *a = suite->arena, *next; a != NULL; a = next) {
        next = a->next;
        munmap(a, sizeof *a + a->size);
    }
    memset(suite, 0, sizeof *suite);
}
