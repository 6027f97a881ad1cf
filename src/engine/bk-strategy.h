/* bk-strategy.h — what a strategy declares: its named indicators, its
 * rules, its broker settings, and how it builds them into a graph.
 *
 * A strategy is a recipe: every run builds it into a graph of its own. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct _BkStrategy BkStrategy;

/* What building a strategy into a graph yields. */
typedef struct {
  GPtrArray *named;       /* BkNode*, named indicators in declaration order (owned by the caller) */
  gboolean has_buy;
  gboolean has_sell;
  BkInput buy;            /* true (non-zero) at a bar's close while flat: buy `size` */
  BkInput sell;           /* true while long: close the position */
  double size;            /* units per buy */
} BkStrategyBuild;

typedef gboolean (*BkStrategyBuildFunc) (BkGraph *graph, BkStrategyBuild *build,
                                         gpointer user_data, GError **error);

/* The strategies built into Barkeep; NULL-terminated ids. */
const char *const *bk_strategy_list_builtin (void);
BkStrategy *bk_strategy_new_builtin (const char *id, GError **error);

/* A strategy whose graph `build` makes; for strategy files and tests. */
BkStrategy *bk_strategy_new_custom (const char *id, const char *name, const char *description,
                                    BkStrategyBuildFunc build, gpointer user_data,
                                    GDestroyNotify destroy);
void bk_strategy_free (BkStrategy *strategy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategy, bk_strategy_free)

const char *bk_strategy_get_id (BkStrategy *strategy);
const char *bk_strategy_get_name (BkStrategy *strategy);
const char *bk_strategy_get_description (BkStrategy *strategy);
double bk_strategy_get_cash (BkStrategy *strategy);
double bk_strategy_get_commission (BkStrategy *strategy);
/* Defaults: backtrader's cash of 10000 and no commission. */
void bk_strategy_set_broker (BkStrategy *strategy, double cash, double commission);

/* Builds the strategy into `graph`; build->named must be an empty array. */
gboolean bk_strategy_build (BkStrategy *strategy, BkGraph *graph, BkStrategyBuild *build, GError **error);

G_END_DECLS
