/*
 * planted_flaky.c - a target that fails every other run, for --rerun-failures: ref in
 * everything but JetDupSession. The first JetDupSession call of each process draws the next
 * number from a counter file (the path in $ESECHECK_FLAKY_COUNTER, else
 * /tmp/esecheck-flaky-counter; an absent file counts from 0), under an exclusive flock so that
 * parallel children draw distinct numbers. In a process that drew an even number, every
 * JetDupSession returns JET_errOutOfMemory without calling ref; in one that drew an odd
 * number, everything is ref's. With a fresh counter, a scenario's first run fails and its
 * first rerun passes (when nothing else draws in between: run one scenario, -j 1).
 *
 * State: this process's draw. esehook_reset keeps it: each run is a process of its own (with
 * --no-fork the whole run is one process, one draw).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>
#include "planted.h"

static long draw = -1; /* this process's number; -1: not drawn yet */

void planted_reset(void)
{
}

/* Returns the next number of the counter file (0 when it cannot be read), after writing the
 * one after it. */
static long next_number(void)
{
    const char *path = getenv("ESECHECK_FLAKY_COUNTER");
    char text[32] = "";
    int fd = open(path != NULL ? path : "/tmp/esecheck-flaky-counter", O_RDWR | O_CREAT, 0644);
    if (fd < 0)
        return 0;
    flock(fd, LOCK_EX);
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    long number = n > 0 ? strtol(text, NULL, 10) : 0;
    int len = snprintf(text, sizeof text, "%ld\n", number + 1);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)len, 0) != len)
        number = 0;
    flock(fd, LOCK_UN);
    close(fd);
    return number;
}

JET_ERR JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    pthread_mutex_lock(&planted_lock);
    if (draw < 0)
        draw = next_number();
    long mine = draw;
    pthread_mutex_unlock(&planted_lock);
    if (mine % 2 == 0)
        return JET_errOutOfMemory;
    return PLANTED_REF(JetDupSession)(sesid, psesid);
}
