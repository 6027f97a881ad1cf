/* bk-strategy.c — strategies as recipes for graphs.  The built-in ones
 * are the strategy files in data/strategies/, embedded in the engine. */
#include "bk-strategy.h"

#include "bk-strategy-file.h"

struct _BkStrategy {
  char *id;
  char *name;
  char *description;
  double cash;
  double commission;
  BkStrategyBuildFunc build;
  gpointer user_data;
  GDestroyNotify destroy;
};

const char *const *
bk_strategy_list_builtin (void)
{
  return bk_strategy_file_builtin_ids ();
}

BkStrategy *
bk_strategy_new_builtin (const char *id, GError **error)
{
  return bk_strategy_file_new_builtin (id, error);
}

BkStrategy *
bk_strategy_new_custom (const char *id, const char *name, const char *description,
                        BkStrategyBuildFunc build, gpointer user_data, GDestroyNotify destroy)
{
  BkStrategy *strategy = g_new0 (BkStrategy, 1);

  strategy->id = g_strdup (id);
  strategy->name = g_strdup (name);
  strategy->description = g_strdup (description);
  strategy->cash = 10000.0;   /* backtrader's default */
  strategy->commission = 0.0;
  strategy->build = build;
  strategy->user_data = user_data;
  strategy->destroy = destroy;
  return strategy;
}

void
bk_strategy_set_broker (BkStrategy *strategy, double cash, double commission)
{
  strategy->cash = cash;
  strategy->commission = commission;
}

void
bk_strategy_free (BkStrategy *strategy)
{
  if (strategy == NULL)
    return;
  if (strategy->destroy != NULL)
    strategy->destroy (strategy->user_data);
  g_free (strategy->id);
  g_free (strategy->name);
  g_free (strategy->description);
  g_free (strategy);
}

const char *
bk_strategy_get_id (BkStrategy *strategy)
{
  return strategy->id;
}

const char *
bk_strategy_get_name (BkStrategy *strategy)
{
  return strategy->name;
}

const char *
bk_strategy_get_description (BkStrategy *strategy)
{
  return strategy->description;
}

double
bk_strategy_get_cash (BkStrategy *strategy)
{
  return strategy->cash;
}

double
bk_strategy_get_commission (BkStrategy *strategy)
{
  return strategy->commission;
}

gboolean
bk_strategy_build (BkStrategy *strategy, BkGraph *graph, BkStrategyBuild *build, GError **error)
{
  g_return_val_if_fail (build->named != NULL && build->named->len == 0, FALSE);
  build->has_buy = build->has_sell = FALSE;
  build->size = 1.0;
  return strategy->build (graph, build, strategy->user_data, error);
}
