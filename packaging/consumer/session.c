/* session.c - ref as an engine: an instance, a session and its duplicate (which makes two
 * open sessions, per JetDupSession's documentation), counted with ref's hook. Exit 0 when
 * every call does what the docs say. */
#include <stdio.h>
#include <ese/jet.h>
#include <esehook.h>

/* Returns 1 when err is JET_errSuccess, else 0 after naming the call. */
static int ok(const char *call, JET_ERR err)
{
    if (err != JET_errSuccess)
        fprintf(stderr, "session: %s returned %d\n", call, (int)err);
    return err == JET_errSuccess;
}

int main(void)
{
    JET_INSTANCE instance = 0;
    JET_SESID sesid = 0, dup = 0;
    uint32_t open = 0;
    int good = ok("JetCreateInstance", JetCreateInstance(&instance, "consumer")) &&
               ok("JetInit", JetInit(&instance)) &&
               ok("JetBeginSession", JetBeginSession(instance, &sesid, NULL, NULL)) &&
               ok("JetDupSession", JetDupSession(sesid, &dup)) &&
               ok("esehook_open_sessions", esehook_open_sessions(instance, &open));
    if (good && open != 2) {
        fprintf(stderr, "session: %u sessions open after JetDupSession, expected 2\n", open);
        good = 0;
    }
    good = good && ok("JetEndSession", JetEndSession(dup, 0)) &&
           ok("JetEndSession", JetEndSession(sesid, 0));
    if (instance != 0)
        good = ok("JetTerm", JetTerm(instance)) && good;
    if (good)
        printf("session: JetDupSession made a second session of the instance\n");
    return good ? 0 : 1;
}
