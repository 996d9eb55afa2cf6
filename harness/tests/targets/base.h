/*
 * base.h - the tiny engine every test target shares: one instance, up to 64 sessions. Each
 * target file adds its own JetDupSession (good.c does it right; the others misbehave).
 */
#ifndef ESECHECK_TEST_BASE_H
#define ESECHECK_TEST_BASE_H

#include <ese/jet.h>

/* 1 when sesid is a live session of the base engine. */
int base_session_live(JET_SESID sesid);

/* Begins a session on the base instance: JET_errSuccess and *psesid, or an error code. */
JET_ERR base_session_begin(JET_SESID *psesid);

#endif
