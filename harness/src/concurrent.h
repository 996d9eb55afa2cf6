/*
 * concurrent.h - running a parallel block (cases/FORMAT.md): each thread's list of steps runs
 * on its named thread, all of them released at once by a barrier, and the block ends when
 * every list is done. Each call is judged as a sequential step is (its allowed codes, its
 * checks) and recorded into the block's history (history.h); then the block's invariants are
 * checked (invariant.h) and, with --linearizable, the history is explained by the sequential
 * model (linearize.h).
 */
#ifndef ESC_CONCURRENT_H
#define ESC_CONCURRENT_H

#include "exec_internal.h"

/* Runs the block in the session. Returns PASS, or the first divergence's status (FAIL, ERROR)
 * with its pointer and message written (the thread's name leads the message). */
esc_status concurrent_run(exec_session *s, const plan_step *block);

#endif /* ESC_CONCURRENT_H */
