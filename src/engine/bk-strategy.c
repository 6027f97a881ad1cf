/* bk-strategy.c — built-in strategies.
 *
 * memory-savings is the seed's sample: SMA(30), Stochastic, RSI, MACD, CCI
 * and TestInd (a = close - high; b = SMA(a, 20); plot=false), with
 * backtrader's default parameters. */
#include "bk-strategy.h"

#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-ops.h"

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

static BkNode *
add_named (BkGraph *graph, GPtrArray *named, const char *name, const char *type, GError **error)
{
  BkNode *node = bk_graph_add_indicator (graph, NULL, bk_indicator_lookup (type), NULL, 0, NULL, 0, error);

  if (node != NULL)
    {
      bk_node_set_name (node, name);
      g_ptr_array_add (named, node);
    }
  return node;
}

static gboolean
build_memory_savings (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  GPtrArray *named = build->named;
  static const char *const seed_indicators[][2] = {
    { "sma", "SMA" }, { "stoch", "Stochastic" }, { "rsi", "RSI" },
    { "macd", "MACD" }, { "cci", "CCI" },
  };
  static const char *const testind_lines[] = { "a", "b", NULL };
  const double period = 20;
  BkInput a;

  for (guint i = 0; i < G_N_ELEMENTS (seed_indicators); i++)
    if (add_named (graph, named, seed_indicators[i][0], seed_indicators[i][1], error) == NULL)
      return FALSE;

  BkNode *testind = bk_graph_add_group (graph, NULL, "TestInd", testind_lines, error);
  if (testind == NULL
      || !bk_graph_add_op (graph, testind, BK_OP_SUB,
                           bk_graph_feed_input (graph, BK_FEED_CLOSE),
                           bk_graph_feed_input (graph, BK_FEED_HIGH), &a, error)
      || !bk_node_bind_output (testind, 0, a, error))
    return FALSE;
  a = bk_node_output (testind, 0);
  BkNode *b = bk_build_indicator (testind, "SMA", &a, 1, &period, 1, error);
  if (b == NULL || !bk_node_bind_output (testind, 1, bk_node_output (b, 0), error))
    return FALSE;
  bk_node_set_name (testind, "testind");
  testind->plot = FALSE;
  g_ptr_array_add (named, testind);
  return TRUE;
}

static const struct {
  const char *id;
  const char *name;
  const char *description;
  BkStrategyBuildFunc build;
} builtins[] = {
  { "memory-savings", "Memory savings sample",
    "backtrader's memory-savings sample: SMA, Stochastic, RSI, MACD, CCI and TestInd (not plotted)",
    build_memory_savings },
};

const char *const *
bk_strategy_list_builtin (void)
{
  static const char *ids[G_N_ELEMENTS (builtins) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    ids[i] = builtins[i].id;
  return ids;
}

BkStrategy *
bk_strategy_new_builtin (const char *id, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (builtins[i].id, id) == 0)
      return bk_strategy_new_custom (builtins[i].id, builtins[i].name, builtins[i].description,
                                     builtins[i].build, NULL, NULL);
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "no built-in strategy named '%s'", id);
  return NULL;
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
