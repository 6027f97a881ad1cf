/* bk-strategy.h — what a strategy declares: its named indicators, its
 * broker settings, and how it builds them into a graph. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct _BkStrategy BkStrategy;

/* The strategies built into Barkeep; NULL-terminated ids. */
const char *const *bk_strategy_list_builtin (void);
BkStrategy *bk_strategy_new_builtin (const char *id, GError **error);
void bk_strategy_free (BkStrategy *strategy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategy, bk_strategy_free)

const char *bk_strategy_get_id (BkStrategy *strategy);
const char *bk_strategy_get_name (BkStrategy *strategy);
const char *bk_strategy_get_description (BkStrategy *strategy);
double bk_strategy_get_cash (BkStrategy *strategy);
double bk_strategy_get_commission (BkStrategy *strategy);

/* Adds the strategy's named indicators to `graph`, appending each named
 * node to `named` in declaration order. */
gboolean bk_strategy_build (BkStrategy *strategy, BkGraph *graph, GPtrArray *named, GError **error);

G_END_DECLS
