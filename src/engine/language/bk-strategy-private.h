/* bk-strategy-private.h — what the language layer reads of a strategy
 * beyond bk-strategy.h: the data its build function was given. */
#pragma once

#include "bk-strategy.h"

G_BEGIN_DECLS

/* The user data of a strategy that `build` builds, or NULL when another
 * function builds it: a strategy file's parsed form, for its texts. */
gpointer bk_strategy_get_build_data (BkStrategy *strategy, BkStrategyBuildFunc build);

G_END_DECLS
