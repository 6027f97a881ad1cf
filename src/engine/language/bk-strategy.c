/* bk-strategy.c — strategies as recipes for graphs: what every strategy
 * has (its names, its broker settings, the function that builds it), and
 * the process's memory limit.  Strategy files are one kind of recipe
 * (bk-strategy-file.c); the built-in ones are those files, embedded
 * (bk-strategy-builtin.c). */
#include "bk-strategy-private.h"

#include <unistd.h>

/* Without a way to ask for physical memory: 2 GiB of cells. */
#define FALLBACK_MAX_CELLS (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024 / sizeof (double))

static guint64 max_cells;   /* 0: the default */
G_LOCK_DEFINE_STATIC (max_cells);

struct _BkStrategy {
  gatomicrefcount ref_count;
  char *id;
  char *name;
  char *description;
  BkBrokerSettings broker;
  BkStrategyBuildFunc build;
  gpointer user_data;
  GDestroyNotify destroy;
};

BkStrategy *
bk_strategy_new_custom (const char *id, const char *name, const char *description,
                        BkStrategyBuildFunc build, gpointer user_data, GDestroyNotify destroy)
{
  BkStrategy *strategy = g_new0 (BkStrategy, 1);

  g_atomic_ref_count_init (&strategy->ref_count);
  strategy->id = g_strdup (id);
  strategy->name = g_strdup (name);
  strategy->description = g_strdup (description);
  bk_broker_settings_init (&strategy->broker);
  strategy->build = build;
  strategy->user_data = user_data;
  strategy->destroy = destroy;
  return strategy;
}

void
bk_broker_settings_init (BkBrokerSettings *settings)
{
  *settings = (BkBrokerSettings) {
    .cash = 10000.0,   /* backtrader's default */
    .lot = 1,
  };
}

void
bk_strategy_set_broker (BkStrategy *strategy, double cash, double commission)
{
  strategy->broker.cash = cash;
  strategy->broker.commission = commission;
}

const BkBrokerSettings *
bk_strategy_get_broker_settings (BkStrategy *strategy)
{
  return &strategy->broker;
}

void
bk_strategy_set_broker_settings (BkStrategy *strategy, const BkBrokerSettings *settings)
{
  strategy->broker = *settings;
}

gpointer
bk_strategy_get_build_data (BkStrategy *strategy, BkStrategyBuildFunc build)
{
  return strategy->build == build ? strategy->user_data : NULL;
}

BkStrategy *
bk_strategy_ref (BkStrategy *strategy)
{
  g_atomic_ref_count_inc (&strategy->ref_count);
  return strategy;
}

void
bk_strategy_unref (BkStrategy *strategy)
{
  if (strategy == NULL || !g_atomic_ref_count_dec (&strategy->ref_count))
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
  return strategy->broker.cash;
}

double
bk_strategy_get_commission (BkStrategy *strategy)
{
  return strategy->broker.commission;
}

guint64
bk_strategy_get_default_max_cells (void)
{
  static gsize cells = 0;

  if (g_once_init_enter (&cells))
    {
      guint64 value = FALLBACK_MAX_CELLS;
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
      long pages = sysconf (_SC_PHYS_PAGES);
      long page_size = sysconf (_SC_PAGESIZE);
      if (pages > 0 && page_size > 0)
        value = (guint64) pages / 4 * (guint64) page_size / sizeof (double);
#endif
      g_once_init_leave (&cells, (gsize) MAX (value, 1));
    }
  return cells;
}

guint64
bk_strategy_get_max_cells (void)
{
  G_LOCK (max_cells);
  guint64 value = max_cells;
  G_UNLOCK (max_cells);
  return value != 0 ? value : bk_strategy_get_default_max_cells ();
}

void
bk_strategy_set_max_cells (guint64 cells)
{
  G_LOCK (max_cells);
  max_cells = cells;
  G_UNLOCK (max_cells);
}

gboolean
bk_strategy_build (BkStrategy *strategy, BkGraph *graph, BkStrategyBuild *build, GError **error)
{
  g_return_val_if_fail (build->named != NULL && build->named->len == 0, FALSE);
  *build = (BkStrategyBuild) {
    .named = build->named,
    .size = { .value = 1.0 },
    .warmup = 1,
  };
  return strategy->build (graph, build, strategy->user_data, error);
}
