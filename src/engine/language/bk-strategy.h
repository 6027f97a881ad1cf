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

/* The strategies built into Barkeep, the files of data/strategies/
 * (bk-strategy-builtin.c); NULL-terminated ids. */
const char *const *bk_strategy_list_builtin (void);
BkStrategy *bk_strategy_new_builtin (const char *id, GError **error);

/* A strategy whose graph `build` makes; for strategy files and tests.  A
 * graph that uses an indicator written as a formula needs the language's
 * formula compiler installed (bk_formula_install; loading any strategy
 * file does it). */
BkStrategy *bk_strategy_new_custom (const char *id, const char *name, const char *description,
                                    BkStrategyBuildFunc build, gpointer user_data,
                                    GDestroyNotify destroy);
/* Strategies are reference counted: every run holds one on its strategy,
 * so a front end may drop its own while runs of it go on. */
BkStrategy *bk_strategy_ref (BkStrategy *strategy);
void bk_strategy_unref (BkStrategy *strategy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategy, bk_strategy_unref)

const char *bk_strategy_get_id (BkStrategy *strategy);
const char *bk_strategy_get_name (BkStrategy *strategy);
const char *bk_strategy_get_description (BkStrategy *strategy);
double bk_strategy_get_cash (BkStrategy *strategy);
double bk_strategy_get_commission (BkStrategy *strategy);
/* Defaults: backtrader's cash of 10000 and no commission. */
void bk_strategy_set_broker (BkStrategy *strategy, double cash, double commission);

/* The memory limit: how many cells (stored values, 8 bytes each) a
 * strategy's lines may need when every line is a ring (mode 1; no mode
 * keeps more in rings) counting the values indicators keep inside, as
 * bk_graph_get_cells() counts them.  A strategy file whose plan needs more
 * is refused when it is loaded and again when it is built for a run, with
 * BK_ERROR_LIMIT and the file, line and column of the expression that
 * passes the limit.  The default is a quarter of physical memory; the
 * limit is the process's, for every strategy: set it before loading.
 * 0 restores the default. */
guint64 bk_strategy_get_max_cells (void);
void bk_strategy_set_max_cells (guint64 max_cells);
guint64 bk_strategy_get_default_max_cells (void);

/* Builds the strategy into `graph`; build->named must be an empty array. */
gboolean bk_strategy_build (BkStrategy *strategy, BkGraph *graph, BkStrategyBuild *build, GError **error);

G_END_DECLS
