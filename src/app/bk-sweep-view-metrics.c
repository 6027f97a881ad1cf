/* bk-sweep-view-metrics.c — how the Sweep view names and writes the
 * metrics of a sweep's combinations, and a combination's parameters. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-format.h"
#include "bk-strategy-params.h"
#include "bk-sweep-view-private.h"

static const struct {
  const char *name;
  BkSweepMetricFormat format;
} metric_formats[] = {
  { "final_value", { N_("Final value"), FALSE, 2 } },
  { "total_return", { N_("Total return"), TRUE, 2 } },
  { "annual_return", { N_("Annual return"), TRUE, 2 } },
  { "sharpe", { N_("Sharpe ratio"), FALSE, 3 } },
  { "max_drawdown", { N_("Maximum drawdown"), TRUE, 2 } },
  { "max_drawdown_bars", { N_("Longest drawdown (bars)"), FALSE, 0 } },
  { "n_trades", { N_("Trades"), FALSE, 0 } },
  { "win_rate", { N_("Win rate"), TRUE, 1 } },
  { "profit_factor", { N_("Profit factor"), FALSE, 2 } },
  { "n_orders", { N_("Orders"), FALSE, 0 } },
  { "rejected_orders", { N_("Rejected orders"), FALSE, 0 } },
};

const BkSweepMetricFormat *
bk_sweep_view_metric_format (guint metric)
{
  static const BkSweepMetricFormat plain = { NULL, FALSE, 4 };
  const char *name = bk_sweep_get_metric (metric)->name;

  for (guint i = 0; i < G_N_ELEMENTS (metric_formats); i++)
    if (g_str_equal (metric_formats[i].name, name))
      return &metric_formats[i].format;
  return &plain;
}

char *
bk_sweep_view_format_metric (guint metric, double value)
{
  const BkSweepMetricFormat *format = bk_sweep_view_metric_format (metric);

  if (!isfinite (value))
    /* TRANSLATORS: a metric that cannot be computed (a Sharpe ratio without trades). */
    return g_strdup (_("n/a"));
  if (format->percent)
    {
      g_autofree char *number = bk_format_number (value * 100.0, format->decimals, FALSE);
      return g_strdup_printf ("%s%%", number);
    }
  return bk_format_number (value, format->decimals, FALSE);
}

const char *
bk_sweep_view_metric_label (guint metric)
{
  const BkSweepMetricFormat *format = bk_sweep_view_metric_format (metric);

  return format->label != NULL ? _(format->label) : bk_sweep_get_metric (metric)->name;
}

char *
bk_sweep_view_describe (BkSweepView *self, guint64 k)
{
  guint n_axes = bk_sweep_get_n_axes (self->sweep);
  double values[BK_SWEEP_VIEW_MAX_AXES];
  GString *out = g_string_new (NULL);

  bk_sweep_get_values (self->sweep, k, values);
  for (guint a = 0; a < n_axes; a++)
    {
      char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];

      bk_strategy_params_format_number (values[a], number);
      g_string_append_printf (out, "%s%s=%s", a > 0 ? ", " : "", bk_sweep_get_axis_name (self->sweep, a), number);
    }
  return g_string_free (out, FALSE);
}
