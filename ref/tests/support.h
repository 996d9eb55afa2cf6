/*
 * support.h - what ref's unit tests share: the clause checks, fixtures, threads.
 *
 * Every test runs once per profile ref implements (documented, esent), after esehook_reset.
 * A test checks an outcome against the catalogue with CHECK_CLAUSE(id, call): the expected
 * codes come from spec/clauses.json for the profile in force, never from ref. The last test
 * fails unless every clause was checked in every profile it applies to.
 */
#ifndef REF_TESTS_SUPPORT_H
#define REF_TESTS_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ese/jet.h>
#include <esehook.h>
#include <esespec/catalogue.h>

/* The profile the running test is in. */
espec_profile support_profile(void);
int support_esent(void);

/* Checks that `actual` is allowed by clause `id` in the current profile and records the check.
 * Returns 1 when the clause applies here, 0 when it does not (crash or unreachable in this
 * profile): the test then stops checking that outcome. Fails on an unknown id. */
int support_check_clause(const char *id, JET_ERR actual, const char *file, int line);
#define CHECK_CLAUSE(id, call) support_check_clause((id), (call), __FILE__, __LINE__)
/* 1 when a clause applies in the current profile, without checking anything. */
int support_clause_applies(const char *id);

/* For setup and probe calls whose outcome no clause is about. */
#define EXPECT_OK(call) assert_int_equal((call), JET_errSuccess)
#define EXPECT_CODE(code, call) assert_int_equal((call), (code))

/* Fixtures. Each asserts success. */
JET_INSTANCE fixture_created(const char *name);                 /* JetCreateInstance only */
JET_INSTANCE fixture_instance(const char *name, int max_sessions); /* created, MaxSessions set
                                                                     (if >= 0), initialized */
JET_SESID fixture_session(JET_INSTANCE instance);               /* JetBeginSession */
/* An initialized instance with one session (MaxSessions set when max_sessions >= 0). */
typedef struct {
    JET_INSTANCE instance;       /* the instance */
    JET_SESID sesid;             /* its session */
} session_fixture;
session_fixture fixture_with_session(const char *name, int max_sessions);
/* An initialized instance: the one of one-instance mode (JetInit without an instance), or a
 * created one named "a" in multi-instance mode. */
JET_INSTANCE fixture_any_mode(int one_mode);
void fixture_state(JET_INSTANCE instance, uint32_t state);      /* esehook_set_instance_state */
uint32_t open_sessions(JET_INSTANCE instance);                  /* esehook_open_sessions */
uint64_t live_blocks(void);                                     /* esehook_live_allocations */

/* A handle no engine hands out. */
#define GARBAGE_HANDLE ((JET_API_PTR)0x00DEADBEEF0BAD00ull)

/* Runs fn(arg) on a new thread and waits for it: a deterministic "other thread". fn must not
 * assert (cmocka cannot fail a test from another thread): it stores codes in arg, and the
 * test checks them after. */
void support_on_thread(void (*fn)(void *arg), void *arg);

/* Resets ref to its freshly loaded state, in the running test's profile. */
void reset_library(void);

/* Per-test setup: reset ref and select the group's profile. */
int support_setup(void **state);
/* Per-test teardown: reset ref and check nothing is left allocated. */
int support_teardown(void **state);
#define REF_TEST(fn) cmocka_unit_test_setup_teardown(fn, support_setup, support_teardown)

#endif /* REF_TESTS_SUPPORT_H */
