/* bk-plot-plan.c — the panes and series of a run's chart, from its graph.
 *
 * The default observers are told apart by their descriptors
 * (bk_observer_get_kind), the indicators' styles read from theirs; the
 * order of the panes and of their series, their weights and the palette
 * colours are those the chart has always drawn. */
#include "bk-plot-plan.h"

#include <math.h>
#include <string.h>

#include "bk-i18n.h"
#include "bk-indicator.h"
#include "bk-observers.h"

struct _BkPlotSeries {
  BkLine *line;
  char *legend;
  char *label;
  BkPlotStyle style;
  guint color;
  gint cloud_to;
};

struct _BkPlotPane {
  BkPlotPaneKind kind;
  char *title;
  double weight;
  gboolean always_shown;
  gboolean candles;
  guint n_levels;
  double levels[4];
  gint drawdown_series;
  GPtrArray *series;   /* BkPlotSeries* */
};

struct _BkPlotPlan {
  BkRun *run;
  BkPlotLineMap map;       /* NULL: the run's own whole lines */
  gpointer map_data;
  BkMode map_mode;         /* with map: the lines a run in this mode keeps whole */
  BkLine *feed[BK_FEED_N_LINES];
  BkLine *marks[BK_PLOT_N_MARKS];
  GPtrArray *panes;    /* BkPlotPane* */
};

/* The Broker's outputs are cash and value (bk-observers.h). */
#define BROKER_VALUE 1

static void
series_free (gpointer data)
{
  BkPlotSeries *series = data;

  g_free (series->legend);
  g_free (series->label);
  g_free (series);
}

static void
pane_free (gpointer data)
{
  BkPlotPane *pane = data;

  g_free (pane->title);
  g_ptr_array_unref (pane->series);
  g_free (pane);
}

static BkPlotPane *
pane_new (BkPlotPaneKind kind, const char *title, double weight)
{
  BkPlotPane *pane = g_new0 (BkPlotPane, 1);

  pane->kind = kind;
  pane->title = g_strdup (title);
  pane->weight = weight;
  pane->always_shown = TRUE;
  pane->drawdown_series = -1;
  pane->series = g_ptr_array_new_with_free_func (series_free);
  return pane;
}

static BkPlotSeries *
pane_add_series (BkPlotPane *pane, BkLine *line, const char *legend, const char *label, BkPlotStyle style)
{
  BkPlotSeries *series = g_new0 (BkPlotSeries, 1);

  series->line = line;
  series->legend = g_strdup (legend);
  series->label = g_strdup (label);
  series->style = style;
  series->color = pane->series->len;
  series->cloud_to = -1;
  g_ptr_array_add (pane->series, series);
  return series;
}

/* A line the run keeps whole: only those are drawn.  A mapped plan draws
 * the map's line for each one a run in its mode would keep whole. */
static BkLine *
whole_line (const BkPlotPlan *plan, const BkLineSpec *spec)
{
  if (spec == NULL || spec->line == NULL)
    return NULL;
  if (plan->map != NULL)
    return bk_line_spec_is_whole_in (spec, plan->map_mode) ? plan->map (spec->line, plan->map_data) : NULL;
  if (!spec->whole || spec->line->storage != BK_STORAGE_WHOLE)
    return NULL;
  return spec->line;
}

/* The observers' lines in the reader's language (the engine's names are
 * backtrader's, kept in dumps and reports). */
static const char *
observer_legend (const char *name)
{
  if (g_str_equal (name, "cash"))
    return C_("chart legend", "cash");
  if (g_str_equal (name, "value"))
    return C_("chart legend", "value");
  if (g_str_equal (name, "pnlplus"))
    return C_("chart legend", "pnlplus");
  if (g_str_equal (name, "pnlminus"))
    return C_("chart legend", "pnlminus");
  /* TRANSLATORS: the Trades pane's legend: a ring marks a short trade. */
  if (g_str_equal (name, "short"))
    return C_("chart legend", "short trade");
  /* TRANSLATORS: the price of an entry order waiting to fill. */
  if (g_str_equal (name, "entry"))
    return C_("chart legend", "entry order");
  /* TRANSLATORS: the open position's protective stop price. */
  if (g_str_equal (name, "stop"))
    return C_("chart legend", "stop");
  /* TRANSLATORS: the open position's take-profit price. */
  if (g_str_equal (name, "target"))
    return C_("chart legend", "target");
  return name;
}

static BkNode *
find_observer (BkGraph *graph, BkObserverKind kind)
{
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      BkNode *node = bk_graph_get_node (graph, i);

      if (node->role == BK_ROLE_OBSERVER && bk_observer_get_kind (node) == kind)
        return node;
    }
  return NULL;
}

static void
plan_add_broker (BkPlotPlan *plan, BkNode *broker)
{
  BkPlotPane *pane = pane_new (BK_PLOT_PANE_BROKER, broker->name, 1.2);

  /* Value first: it is the line that matters. */
  for (gint i = (gint) broker->n_outputs - 1; i >= 0; i--)
    {
      BkLine *line = whole_line (plan, broker->outputs[i]);

      if (line == NULL)
        continue;
      const char *legend = observer_legend (broker->outputs[i]->name);
      if (i == BROKER_VALUE)
        pane->drawdown_series = (gint) pane->series->len;
      pane_add_series (pane, line, legend, legend, BK_PLOT_STYLE_LINE);
    }
  if (pane->series->len > 0)
    g_ptr_array_add (plan->panes, pane);
  else
    pane_free (pane);
}

static void
plan_add_trades (BkPlotPlan *plan, BkNode *trades)
{
  BkPlotPane *pane = pane_new (BK_PLOT_PANE_TRADES, trades->name, 1.0);

  for (guint i = 0; i < trades->n_outputs; i++)
    {
      BkLine *line = whole_line (plan, trades->outputs[i]);

      if (line == NULL)
        continue;
      const char *legend = observer_legend (trades->outputs[i]->name);
      if (i == BK_TRADES_SHORT)
        pane_add_series (pane, line, legend, legend, BK_PLOT_STYLE_RING)->color = 2;
      else
        pane_add_series (pane, line, legend, legend, BK_PLOT_STYLE_DOTS)->color = i == BK_TRADES_PLUS ? 0 : 5;
    }
  if (pane->series->len == 0)
    {
      pane_free (pane);
      return;
    }
  /* Shown once a trade has closed. */
  pane->always_shown = FALSE;
  pane->n_levels = 1;
  pane->levels[0] = 0.0;
  g_ptr_array_add (plan->panes, pane);
}

/* What a value readout calls output `i` of a node with `drawable` lines
 * drawn. */
static char *
output_label (const BkNode *node, const char *name, guint drawable, guint i)
{
  return drawable == 1 ? g_strdup (name) : g_strdup_printf ("%s.%s", name, node->outputs[i]->name);
}

static void
plan_add_indicator (BkPlotPlan *plan, BkPlotPane *price, BkNode *node)
{
  guint drawable = 0;

  if (!node->plot)
    return;
  for (guint i = 0; i < node->n_outputs; i++)
    drawable += whole_line (plan, node->outputs[i]) != NULL;
  if (drawable == 0)
    return;

  const BkIndicatorDesc *desc = node->desc;
  const char *name = node->name != NULL ? node->name : node->label;
  const char *title = node->label != NULL ? node->label : name;
  BkPlotStyle style = desc != NULL && desc->dots ? BK_PLOT_STYLE_DOTS : BK_PLOT_STYLE_LINE;

  if (desc != NULL && desc->candles && drawable == node->n_outputs)
    {
      BkPlotPane *pane = pane_new (BK_PLOT_PANE_INDICATOR, title, 2.0);

      pane->candles = TRUE;
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *label = g_strdup_printf ("%s.%s", name, node->outputs[i]->name);
          pane_add_series (pane, whole_line (plan, node->outputs[i]), node->outputs[i]->name, label, BK_PLOT_STYLE_LINE);
        }
      g_ptr_array_add (plan->panes, pane);
      return;
    }
  if (node->pane == BK_PANE_PRICE)
    {
      gint added[BK_MAX_OUTPUTS];

      for (guint i = 0; i < node->n_outputs; i++)
        {
          BkLine *line = whole_line (plan, node->outputs[i]);

          added[i] = -1;
          if (line == NULL)
            continue;
          g_autofree char *label = output_label (node, name, drawable, i);
          const char *legend = drawable == 1 && node->label != NULL ? node->label : label;
          added[i] = (gint) price->series->len;
          pane_add_series (price, line, legend, label, style);
        }
      if (desc != NULL && desc->cloud && added[desc->cloud_lines[0]] >= 0)
        {
          BkPlotSeries *from = g_ptr_array_index (price->series, added[desc->cloud_lines[0]]);
          from->cloud_to = added[desc->cloud_lines[1]];
        }
      return;
    }

  BkPlotPane *pane = pane_new (BK_PLOT_PANE_INDICATOR, title, 1.5);
  if (desc != NULL)
    {
      pane->n_levels = MIN (desc->n_levels, G_N_ELEMENTS (pane->levels));
      memcpy (pane->levels, desc->levels, pane->n_levels * sizeof (double));
    }
  for (guint i = 0; i < node->n_outputs; i++)
    {
      BkLine *line = whole_line (plan, node->outputs[i]);

      if (line == NULL)
        continue;
      g_autofree char *label = output_label (node, name, drawable, i);
      pane_add_series (pane, line, node->outputs[i]->name, label, style);
    }
  g_ptr_array_add (plan->panes, pane);
}

G_STATIC_ASSERT ((int) BK_PLOT_MARK_COVER == (int) BK_BUYSELL_COVER);

/* The Orders observer's entry, stop and target over the price: orange,
 * red and teal in the front end's palette. */
static void
plan_add_orders (const BkPlotPlan *plan, BkPlotPane *price, BkNode *orders)
{
  static const guint colors[] = { [BK_ORDERS_ENTRY] = 1, [BK_ORDERS_STOP] = 5, [BK_ORDERS_TARGET] = 3 };

  for (guint i = 0; i < orders->n_outputs && i < G_N_ELEMENTS (colors); i++)
    {
      BkLine *line = whole_line (plan, orders->outputs[i]);
      const char *legend = observer_legend (orders->outputs[i]->name);
      g_autofree char *label = g_strdup_printf ("%s.%s", orders->name, orders->outputs[i]->name);

      if (line != NULL)
        pane_add_series (price, line, legend, label, BK_PLOT_STYLE_LEVEL)->color = colors[i];
    }
}

static void
plan_build (BkPlotPlan *plan)
{
  BkGraph *graph = bk_run_get_graph (plan->run);
  BkNode *feed = bk_graph_get_feed (graph);

  if (feed == NULL)
    return;
  for (guint i = 0; i < BK_FEED_N_LINES && i < feed->n_outputs; i++)
    /* A mapped plan copies only what is drawn: open interest is not. */
    if (plan->map == NULL || i != BK_FEED_OPENINTEREST)
      plan->feed[i] = whole_line (plan, feed->outputs[i]);
  for (guint i = BK_FEED_DATETIME; i <= BK_FEED_CLOSE; i++)
    if (plan->feed[i] == NULL)
      {
        /* Mode 1: nothing is kept, there is nothing to draw. */
        memset (plan->feed, 0, sizeof plan->feed);
        return;
      }

  BkNode *broker = find_observer (graph, BK_OBSERVER_BROKER);
  if (broker != NULL)
    plan_add_broker (plan, broker);

  BkPlotPane *price = pane_new (BK_PLOT_PANE_PRICE, NULL, 4.0);
  g_ptr_array_add (plan->panes, price);

  BkNode *buysell = find_observer (graph, BK_OBSERVER_BUYSELL);
  /* BkPlotMark and BkBuySellLine are in one order. */
  for (guint i = 0; buysell != NULL && i < buysell->n_outputs && i < BK_PLOT_N_MARKS; i++)
    plan->marks[i] = whole_line (plan, buysell->outputs[i]);

  GPtrArray *named = bk_run_get_named (plan->run);
  for (guint n = 0; named != NULL && n < named->len; n++)
    plan_add_indicator (plan, price, g_ptr_array_index (named, n));

  BkNode *orders = find_observer (graph, BK_OBSERVER_ORDERS);
  if (orders != NULL)
    plan_add_orders (plan, price, orders);

  BkNode *trades = find_observer (graph, BK_OBSERVER_TRADES);
  if (trades != NULL)
    plan_add_trades (plan, trades);
}

BkPlotPlan *
bk_plot_plan_new (BkRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  BkPlotPlan *plan = g_new0 (BkPlotPlan, 1);

  plan->run = bk_run_ref (run);
  plan->panes = g_ptr_array_new_with_free_func (pane_free);
  plan_build (plan);
  return plan;
}

BkPlotPlan *
bk_plot_plan_new_mapped (BkRun *run, BkMode mode, BkPlotLineMap map, gpointer user_data)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (map != NULL, NULL);

  BkPlotPlan *plan = g_new0 (BkPlotPlan, 1);

  plan->run = bk_run_ref (run);
  plan->map = map;
  plan->map_data = user_data;
  plan->map_mode = mode;
  plan->panes = g_ptr_array_new_with_free_func (pane_free);
  plan_build (plan);
  return plan;
}

void
bk_plot_plan_free (BkPlotPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->panes);
  bk_run_free (plan->run);
  g_free (plan);
}

BkLine *
bk_plot_plan_get_feed_line (const BkPlotPlan *plan, BkFeedLine line)
{
  g_return_val_if_fail (line < BK_FEED_N_LINES, NULL);
  return plan->feed[line];
}

BkLine *
bk_plot_plan_get_marks (const BkPlotPlan *plan, BkPlotMark mark)
{
  g_return_val_if_fail (mark < BK_PLOT_N_MARKS, NULL);
  return plan->marks[mark];
}

const char *
bk_plot_mark_get_legend (BkPlotMark mark)
{
  switch (mark)
    {
    case BK_PLOT_MARK_BUY:
      /* TRANSLATORS: the chart's legend of its marks: a buy that opens a long. */
      return C_("chart legend", "buy");
    case BK_PLOT_MARK_SELL:
      /* TRANSLATORS: a sale that closes a long. */
      return C_("chart legend", "sell");
    case BK_PLOT_MARK_SHORT:
      /* TRANSLATORS: a sale that opens a short position. */
      return C_("chart legend", "short");
    case BK_PLOT_MARK_COVER:
      /* TRANSLATORS: a buy that closes a short position. */
      return C_("chart legend", "cover");
    case BK_PLOT_N_MARKS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
bk_plot_plan_get_source_name (const BkPlotPlan *plan)
{
  return bk_run_get_source_name (plan->run);
}

gboolean
bk_plot_plan_has_time (const BkPlotPlan *plan)
{
  return bk_run_has_time (plan->run);
}

guint
bk_plot_plan_get_n_panes (const BkPlotPlan *plan)
{
  return plan->panes->len;
}

const BkPlotPane *
bk_plot_plan_get_pane (const BkPlotPlan *plan, guint i)
{
  g_return_val_if_fail (i < plan->panes->len, NULL);
  return g_ptr_array_index (plan->panes, i);
}

BkPlotPaneKind
bk_plot_pane_get_kind (const BkPlotPane *pane)
{
  return pane->kind;
}

const char *
bk_plot_pane_get_title (const BkPlotPane *pane)
{
  return pane->title;
}

double
bk_plot_pane_get_weight (const BkPlotPane *pane)
{
  return pane->weight;
}

gboolean
bk_plot_pane_get_always_shown (const BkPlotPane *pane)
{
  return pane->always_shown;
}

gboolean
bk_plot_pane_get_candles (const BkPlotPane *pane)
{
  return pane->candles;
}

guint
bk_plot_pane_get_n_levels (const BkPlotPane *pane)
{
  return pane->n_levels;
}

double
bk_plot_pane_get_level (const BkPlotPane *pane, guint i)
{
  g_return_val_if_fail (i < pane->n_levels, NAN);
  return pane->levels[i];
}

gboolean
bk_plot_pane_get_levels_in_scale (const BkPlotPane *pane)
{
  return pane->kind != BK_PLOT_PANE_TRADES;
}

gint
bk_plot_pane_get_drawdown_series (const BkPlotPane *pane)
{
  return pane->drawdown_series;
}

guint
bk_plot_pane_get_n_series (const BkPlotPane *pane)
{
  return pane->series->len;
}

const BkPlotSeries *
bk_plot_pane_get_series (const BkPlotPane *pane, guint i)
{
  g_return_val_if_fail (i < pane->series->len, NULL);
  return g_ptr_array_index (pane->series, i);
}

BkLine *
bk_plot_series_get_line (const BkPlotSeries *series)
{
  return series->line;
}

const char *
bk_plot_series_get_legend (const BkPlotSeries *series)
{
  return series->legend;
}

const char *
bk_plot_series_get_label (const BkPlotSeries *series)
{
  return series->label;
}

BkPlotStyle
bk_plot_series_get_style (const BkPlotSeries *series)
{
  return series->style;
}

guint
bk_plot_series_get_color (const BkPlotSeries *series)
{
  return series->color;
}

gint
bk_plot_series_get_cloud_to (const BkPlotSeries *series)
{
  return series->cloud_to;
}
