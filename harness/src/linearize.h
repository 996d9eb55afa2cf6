/*
 * linearize.h - is a parallel block's history linearizable with ref, used sequentially, as the
 * model? Wing and Gong's search, memoized as Lowe, Knossos and Porcupine do: the history's
 * calls are placed one at a time in an order that respects real time (a call that returned
 * before another was invoked comes first), each candidate is made on the model and must give
 * the code and outputs the target gave; a dead end is remembered by the set of calls placed,
 * so no set is searched twice. The model is a private copy of libeseref.so, reset and replayed
 * (the scenario's steps before the block, the earlier blocks in the order found for them, the
 * calls placed so far) whenever the search backs up.
 *
 * A call that the target refused because its session was busy (the code of the function's
 * SessionSharingViolation clause, in either profile) and that overlaps another call on the same
 * session in time may be placed as a no-op: a sequential model never sees a busy session.
 * When no order exists the check FAILs and prints the smallest part of the history that no
 * order explains (1-minimal: leaving out any one more call makes it explainable).
 */
#ifndef ESC_LINEARIZE_H
#define ESC_LINEARIZE_H

#include "exec_internal.h"
#include "history.h"

#define ESC_LIN_MAX_OPS 4096      /* longest history checked */
#define ESC_LIN_MAX_CALLS 1000000 /* model calls one check may make before it gives up */

struct lin_state;

/* Checks the block's history. Returns PASS (the order found is kept for later blocks), FAIL
 * with the smallest non-linearizable part in s->msg, or ERROR when the search gives up. */
esc_status linearize_check(exec_session *s, const plan_step *block, const esc_history *h,
                           const char *const *names);

/* Frees a session's check state (NULL: nothing); returns nothing. */
void linearize_free(struct lin_state *lin);

/* Copies the library at path to dir (a private file, so that the loader gives it state of its
 * own even when the target is the same library) and opens the copy into model. Returns 1, or 0
 * with a message. */
int linearize_open_model(const char *path, const char *dir, esc_target *model, char *err,
                         size_t errsize);

#endif /* ESC_LINEARIZE_H */
