/* support.c - clause checks against the catalogue, coverage records, fixtures, threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "support.h"

static espec_catalogue *catalogue;
static espec_profile current_profile = ESPEC_PROFILE_DOCUMENTED;
/* checked[i] has bit p set when clause i was checked in profile p. */
static unsigned *checked;

espec_profile support_profile(void)
{
    return current_profile;
}

int support_esent(void)
{
    return current_profile == ESPEC_PROFILE_ESENT;
}

void support_set_profile(espec_profile profile)
{
    current_profile = profile;
}

void support_load_catalogue(void)
{
    espec_error err;
    catalogue = espec_catalogue_load(ESECHECK_CATALOGUE, &err);
    if (catalogue == NULL) {
        fprintf(stderr, "%s:%d:%d: %s: %s\n", err.source, err.line, err.column, err.pointer,
                err.text);
        exit(2);
    }
    checked = calloc(espec_catalogue_count(catalogue), sizeof *checked);
}

const espec_catalogue *support_catalogue(void)
{
    return catalogue;
}

unsigned support_checked_mask(size_t clause_index)
{
    return checked[clause_index];
}

static size_t clause_index(const char *id, const char *file, int line)
{
    for (size_t i = 0; i < espec_catalogue_count(catalogue); i++)
        if (strcmp(espec_catalogue_at(catalogue, i)->id, id) == 0)
            return i;
    fail_msg("%s:%d: no clause %s in the catalogue", file, line, id);
    return 0;
}

int support_clause_applies(const char *id)
{
    const espec_clause *clause = espec_catalogue_at(catalogue, clause_index(id, __FILE__, __LINE__));
    return espec_clause_expect(clause, current_profile, NULL);
}

int support_check_clause(const char *id, JET_ERR actual, const char *file, int line)
{
    size_t i = clause_index(id, file, line);
    espec_codeset allowed;
    if (!espec_clause_expect(espec_catalogue_at(catalogue, i), current_profile, &allowed))
        return 0;
    if (!espec_codeset_has(&allowed, actual)) {
        char list[256] = "";
        for (size_t k = 0; k < allowed.count; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                     espec_code_name(allowed.codes[k]));
        fail_msg("%s:%d: %s (%s profile): expected %s, got %s (%d)", file, line, id,
                 espec_profile_name(current_profile), list, espec_code_name(actual), actual);
    }
    checked[i] |= 1u << current_profile;
    return 1;
}

void reset_library(void)
{
    EXPECT_OK(esehook_reset());
    uint32_t profile = current_profile == ESPEC_PROFILE_ESENT ? ESEHOOK_PROFILE_ESENT
                                                              : ESEHOOK_PROFILE_DOCUMENTED;
    EXPECT_OK(esehook_set_profile(profile));
}

int support_setup(void **state)
{
    (void)state;
    reset_library();
    return 0;
}

int support_teardown(void **state)
{
    (void)state;
    EXPECT_OK(esehook_reset());
    assert_int_equal(live_blocks(), 0);
    return 0;
}

JET_INSTANCE fixture_created(const char *name)
{
    JET_INSTANCE instance = 0;
    EXPECT_OK(JetCreateInstance(&instance, name));
    return instance;
}

JET_INSTANCE fixture_instance(const char *name, int max_sessions)
{
    JET_INSTANCE instance = fixture_created(name);
    if (max_sessions >= 0)
        EXPECT_OK(JetSetSystemParameter(&instance, 0, JET_paramMaxSessions,
                                        (JET_API_PTR)max_sessions, NULL));
    EXPECT_OK(JetInit(&instance));
    return instance;
}

JET_SESID fixture_session(JET_INSTANCE instance)
{
    JET_SESID sesid = 0;
    EXPECT_OK(JetBeginSession(instance, &sesid, NULL, NULL));
    return sesid;
}

session_fixture fixture_with_session(const char *name, int max_sessions)
{
    session_fixture f;
    f.instance = fixture_instance(name, max_sessions);
    f.sesid = fixture_session(f.instance);
    return f;
}

JET_INSTANCE fixture_any_mode(int one_mode)
{
    JET_INSTANCE instance = 0;
    if (one_mode)
        EXPECT_OK(JetInit(&instance));
    else
        instance = fixture_instance("a", -1);
    return instance;
}

void fixture_state(JET_INSTANCE instance, uint32_t state)
{
    EXPECT_OK(esehook_set_instance_state(instance, state));
}

uint32_t open_sessions(JET_INSTANCE instance)
{
    uint32_t count = 0;
    EXPECT_OK(esehook_open_sessions(instance, &count));
    return count;
}

uint64_t live_blocks(void)
{
    JET_API_PTR count = 0;
    EXPECT_OK(esehook_live_allocations(&count));
    return count;
}

typedef struct {
    void (*fn)(void *arg);
    void *arg;
} thread_job;

static void *thread_main(void *p)
{
    thread_job *job = p;
    job->fn(job->arg);
    return NULL;
}

void support_on_thread(void (*fn)(void *arg), void *arg)
{
    thread_job job = {fn, arg};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, thread_main, &job), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
}
