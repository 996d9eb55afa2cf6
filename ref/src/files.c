/*
 * files.c - the process-wide map of database "files": what JetCreateDatabase made, by name.
 *
 * ref keeps no file on disk: a file is an entry here, made by a successful create and never
 * removed (detach and JetTerm leave it, so a later attach finds it). Names compare
 * case-insensitively, as the engine's file names do on Windows. Every file holds the two
 * system tables MSysObjects and MSysObjectsShadow.
 */
#include <string.h>
#include <strings.h>
#include <esehook.h>
#include "ref_internal.h"

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static ref_file *all_files;

static const char *const system_tables[2] = {"MSysObjects", "MSysObjectsShadow"};

void ref__files_lock(void)
{
    pthread_mutex_lock(&files_lock);
}

void ref__files_unlock(void)
{
    pthread_mutex_unlock(&files_lock);
}

ref_file *ref__files_first(void)
{
    return all_files;
}

ref_file *ref__file_find(const char *name)
{
    for (ref_file *file = all_files; file != NULL; file = file->next) {
        if (strcasecmp(file->name, name) == 0)
            return file;
    }
    return NULL;
}

static void file_free(ref_file *file)
{
    ref__tables_drop_user(file);
    ref__free(file);
}

/* One block: the file, its name and its system tables, so that a failure leaves nothing. */
JET_ERR ref__file_new(const char *name, ref_file **out)
{
    ref_file *file = ref__alloc(sizeof *file + strlen(name) + 1);
    if (file == NULL)
        return JET_errOutOfMemory;
    strcpy(file->name, name);
    for (size_t i = 0; i < sizeof system_tables / sizeof system_tables[0]; i++) {
        ref_table *table = &file->system[i];
        strcpy(table->name, system_tables[i]);
        table->system = 1;
        table->file = file;
        table->next = file->tables;
        file->tables = table;
    }
    file->state = ESEHOOK_FILE_NORMAL;
    file->next = all_files;
    all_files = file;
    *out = file;
    return JET_errSuccess;
}

void ref__files_clear(void)
{
    while (all_files != NULL) {
        ref_file *next = all_files->next;
        file_free(all_files);
        all_files = next;
    }
}
