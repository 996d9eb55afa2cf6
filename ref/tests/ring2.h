/*
 * ring2.h - what the tests of ring 2 (databases, tables, cursors) share: database paths in a
 * directory of their own, fixtures with an instance, two sessions, a database and a table, the
 * bad handles of each kind, and the ring-2 hooks.
 *
 * The paths only need an existing parent directory: ref keeps the "files" in memory (its file
 * map), and esehook_reset empties that map between tests.
 */
#ifndef REF_TESTS_RING2_H
#define REF_TESTS_RING2_H

#include "support.h"

/* A database path under the tests' own directory: "<dir>/<name>". The same name gives the
 * same pointer for the whole run. */
const char *db_path(const char *name);

/* S: an initialized instance "r2" with sessions s and s2.
 * DB: S + JetCreateDatabase(s, "a.edb") -> db (open in s).
 * T: DB + JetCreateTable(s, db, "t") -> t (a cursor of s, denying read). */
typedef struct {
    JET_INSTANCE instance;
    JET_SESID s, s2;
    JET_DBID db;
    JET_TABLEID t;
} r2_fixture;

/* One instance parameter set before JetInit. */
typedef struct {
    uint32_t paramid;
    JET_API_PTR value;
    const char *text;
} r2_param;

r2_fixture r2_session(void);
r2_fixture r2_session_with(const r2_param *params, size_t n); /* parameters before JetInit */
r2_fixture r2_database(void);
r2_fixture r2_table(void);          /* T, with t still open */
r2_fixture r2_table_closed(void);   /* T, with t closed again (t is then stale) */

/* Creates `name` by `sesid` and returns its dbid (open once in sesid). */
JET_DBID db_create(JET_SESID sesid, const char *name);
/* Creates, closes and detaches `name`: a file in ref's map, not attached. */
void db_make_detached(JET_SESID sesid, const char *name);
/* Opens the attached `name` in sesid. */
JET_DBID db_open(JET_SESID sesid, const char *name, JET_GRBIT grbit);
/* Opens a cursor on `table`. */
JET_TABLEID table_open(JET_SESID sesid, JET_DBID dbid, const char *table, JET_GRBIT grbit);
/* Creates `table` and closes the cursor the create opened. */
void table_make_closed(JET_SESID sesid, JET_DBID dbid, const char *table);

/* Counters (ring-2 hooks). */
uint32_t open_databases(JET_SESID sesid);   /* esehook_open_databases */
uint32_t open_cursors(JET_SESID sesid);     /* esehook_open_cursors */
uint32_t attached_databases(JET_INSTANCE instance); /* esehook_attached_databases */

/* Sessions that are not live: 0, nil, garbage, ended, of a terminated instance. Build with
 * bad_sesids_new before any later JetBeginSession in the test. */
#define N_BAD_SESIDS 5
void bad_sesids_new(JET_INSTANCE live, JET_SESID out[N_BAD_SESIDS]);

/* 32-bit handles of databases that are not open: see the argkinds' "garbage" for dbid. */
#define GARBAGE_DBID ((JET_DBID)0x0BADDB00u)
#define GARBAGE_TABLEID ((JET_TABLEID)GARBAGE_HANDLE)
/* Cells the calls must not write on failure. */
#define SENTINEL_DBID ((JET_DBID)0x5EB7CAFEu)
#define SENTINEL_TABLEID ((JET_TABLEID)0x5EB7CAFE5EB7CAFEull)

/* Database ids `s` of f has not open: first 0, nil, garbage and a number never handed out;
 * then real ones: b.edb attached only, c.edb open only in s2, d.edb closed by s. */
#define N_BAD_DBIDS 7
#define N_NEVER_DBIDS 4
void bad_dbids_new(const r2_fixture *f, JET_DBID out[N_BAD_DBIDS]);

/* Cursor ids that are not live: 0, nil, garbage, a live handle of another kind (f's session),
 * and a cursor of f's s just closed (on table "t", which must exist, closed or open). Probe
 * them before any new cursor is made. */
#define N_BAD_TABLEIDS 5
void bad_tableids_new(const r2_fixture *f, JET_TABLEID out[N_BAD_TABLEIDS]);

/* Checks a clause where it applies; where it does not, ref must still return an error. */
#define CHECK_OR_ERROR(id, call)                   \
    do {                                           \
        JET_ERR err_ = (call);                     \
        if (!CHECK_CLAUSE((id), err_))             \
            assert_true(err_ < 0);                 \
    } while (0)

/* A call that makes one cursor in f's session s, writing it to *ptableid. */
typedef JET_ERR (*r2_cursor_call)(const r2_fixture *f, JET_TABLEID *ptableid);

/* Fails the 1st, 2nd, ... allocation of `call` until it succeeds (*ptableid holds
 * SENTINEL_TABLEID before each try). Each failure must be allowed by clause `id`, be
 * codes[nth - 1] (what the block that allocation is for answers), leave `after_failure` in
 * *ptableid, and leave no block and no cursor of s behind; exactly `n` allocations must fail
 * before the success, whose cursor is then closed. */
void r2_out_of_memory_sweep(const r2_fixture *f, r2_cursor_call call, const char *id,
                            const JET_ERR *codes, size_t n, JET_TABLEID after_failure);

/* "<function>.<leaf>" in a buffer that lives until the next call (one clause at a time). */
const char *clause_of(const char *function, const char *leaf);

#endif /* REF_TESTS_RING2_H */
