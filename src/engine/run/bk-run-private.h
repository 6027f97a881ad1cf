/* bk-run-private.h — for the engine's tests, not the front ends.
 *
 * A run whose line number `shrink_line` (a line index in the graph) gets a
 * ring one value smaller than it needs: the tests that prove every ring
 * minimal make each one too small in turn and expect the run to differ.
 * No production caller has a reason to, so bk_run_new() does not offer it. */
#pragma once

#include "bk-run.h"

G_BEGIN_DECLS

BkRun *bk_run_new_shrunk (BkStrategy *strategy, BkMode mode, BkPrecision precision, gint shrink_line,
                          GError **error);

G_END_DECLS
