/* ring2.c - paths, fixtures and bad handles for the ring-2 tests (ring2.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ring2.h"

/* The directory the paths live in, made on first use and removed at exit (ref never writes a
 * file into it: only the parent directory's existence matters). */
static char directory[64];
static char *interned[512];
static size_t n_interned;

static void remove_directory(void)
{
    for (size_t i = 0; i < n_interned; i++)
        free(interned[i]);
    rmdir(directory);
}

const char *db_path(const char *name)
{
    if (directory[0] == '\0') {
        snprintf(directory, sizeof directory, "/tmp/esecheck-ref-XXXXXX");
        assert_non_null(mkdtemp(directory));
        atexit(remove_directory);
    }
    char full[PATH_MAX];
    snprintf(full, sizeof full, "%s/%s", directory, name);
    for (size_t i = 0; i < n_interned; i++)
        if (strcmp(interned[i], full) == 0)
            return interned[i];
    assert_true(n_interned < sizeof interned / sizeof interned[0]);
    interned[n_interned] = strdup(full);
    assert_non_null(interned[n_interned]);
    return interned[n_interned++];
}

const char *clause_of(const char *function, const char *leaf)
{
    static char buffers[4][128];
    static unsigned next;
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%s.%s", function, leaf);
    return buffer;
}

r2_fixture r2_session_with(const r2_param *params, size_t n)
{
    r2_fixture f = {0, 0, 0, JET_dbidNil, JET_tableidNil};
    f.instance = fixture_created("r2");
    for (size_t i = 0; i < n; i++)
        EXPECT_OK(JetSetSystemParameter(&f.instance, 0, params[i].paramid, params[i].value,
                                        params[i].text));
    EXPECT_OK(JetInit(&f.instance));
    f.s = fixture_session(f.instance);
    f.s2 = fixture_session(f.instance);
    return f;
}

r2_fixture r2_session(void)
{
    return r2_session_with(NULL, 0);
}

r2_fixture r2_database(void)
{
    r2_fixture f = r2_session();
    f.db = db_create(f.s, "a.edb");
    return f;
}

r2_fixture r2_table(void)
{
    r2_fixture f = r2_database();
    EXPECT_OK(JetCreateTable(f.s, f.db, "t", 0, 0, &f.t));
    return f;
}

r2_fixture r2_table_closed(void)
{
    r2_fixture f = r2_table();
    EXPECT_OK(JetCloseTable(f.s, f.t));
    return f;
}

JET_DBID db_create(JET_SESID sesid, const char *name)
{
    JET_DBID dbid = SENTINEL_DBID;
    EXPECT_OK(JetCreateDatabase(sesid, db_path(name), NULL, &dbid, 0));
    return dbid;
}

void db_make_detached(JET_SESID sesid, const char *name)
{
    JET_DBID dbid = db_create(sesid, name);
    EXPECT_OK(JetCloseDatabase(sesid, dbid, 0));
    EXPECT_OK(JetDetachDatabase(sesid, db_path(name)));
}

JET_DBID db_open(JET_SESID sesid, const char *name, JET_GRBIT grbit)
{
    JET_DBID dbid = SENTINEL_DBID;
    EXPECT_OK(JetOpenDatabase(sesid, db_path(name), NULL, &dbid, grbit));
    return dbid;
}

JET_TABLEID table_open(JET_SESID sesid, JET_DBID dbid, const char *table, JET_GRBIT grbit)
{
    JET_TABLEID tableid = SENTINEL_TABLEID;
    EXPECT_OK(JetOpenTable(sesid, dbid, table, NULL, 0, grbit, &tableid));
    return tableid;
}

void table_make_closed(JET_SESID sesid, JET_DBID dbid, const char *table)
{
    JET_TABLEID tableid = SENTINEL_TABLEID;
    EXPECT_OK(JetCreateTable(sesid, dbid, table, 0, 0, &tableid));
    EXPECT_OK(JetCloseTable(sesid, tableid));
}

uint32_t open_databases(JET_SESID sesid)
{
    uint32_t count = 0;
    EXPECT_OK(esehook_open_databases(sesid, &count));
    return count;
}

uint32_t open_cursors(JET_SESID sesid)
{
    uint32_t count = 0;
    EXPECT_OK(esehook_open_cursors(sesid, &count));
    return count;
}

uint32_t attached_databases(JET_INSTANCE instance)
{
    uint32_t count = 0;
    EXPECT_OK(esehook_attached_databases(instance, &count));
    return count;
}

void bad_sesids_new(JET_INSTANCE live, JET_SESID out[N_BAD_SESIDS])
{
    JET_INSTANCE other = fixture_instance("r2-dead", -1);
    JET_SESID orphan = fixture_session(other);
    EXPECT_OK(JetTerm(other));
    /* last, so that no session is begun after it ends (ESE_FACTS §2: stale handles) */
    JET_SESID ended = fixture_session(live);
    EXPECT_OK(JetEndSession(ended, 0));
    const JET_SESID bad[N_BAD_SESIDS] = {0, JET_sesidNil, GARBAGE_HANDLE, ended, orphan};
    memcpy(out, bad, sizeof bad);
}

void bad_dbids_new(const r2_fixture *f, JET_DBID out[N_BAD_DBIDS])
{
    JET_DBID attached_only = db_create(f->s2, "b.edb");
    EXPECT_OK(JetCloseDatabase(f->s2, attached_only, 0));
    JET_DBID other_session = db_create(f->s2, "c.edb");
    JET_DBID closed = db_create(f->s, "d.edb");
    EXPECT_OK(JetCloseDatabase(f->s, closed, 0));
    const JET_DBID bad[N_BAD_DBIDS] = {0, JET_dbidNil, GARBAGE_DBID, 12345,
                                       attached_only, other_session, closed};
    memcpy(out, bad, sizeof bad);
}

void bad_tableids_new(const r2_fixture *f, JET_TABLEID out[N_BAD_TABLEIDS])
{
    JET_TABLEID closed = table_open(f->s, f->db, "t", 0);
    EXPECT_OK(JetCloseTable(f->s, closed));
    const JET_TABLEID bad[N_BAD_TABLEIDS] = {0, JET_tableidNil, GARBAGE_TABLEID,
                                             (JET_TABLEID)f->s, closed};
    memcpy(out, bad, sizeof bad);
}

void r2_out_of_memory_sweep(const r2_fixture *f, r2_cursor_call call, const char *id,
                            const JET_ERR *codes, size_t n, JET_TABLEID after_failure)
{
    for (uint32_t nth = 1;; nth++) {
        uint64_t blocks = live_blocks();
        uint32_t cursors = open_cursors(f->s);
        JET_TABLEID tableid = SENTINEL_TABLEID;
        EXPECT_OK(esehook_fail_allocation(nth));
        JET_ERR err = call(f, &tableid);
        EXPECT_OK(esehook_fail_allocation(0));
        if (err == JET_errSuccess) {
            assert_int_equal(nth - 1, n);
            EXPECT_OK(JetCloseTable(f->s, tableid));
            return;
        }
        assert_true(nth <= n);
        CHECK_CLAUSE(id, err);
        assert_int_equal(err, codes[nth - 1]);
        assert_true(tableid == after_failure);
        assert_int_equal(live_blocks(), blocks);
        assert_int_equal(open_cursors(f->s), cursors);
    }
}
