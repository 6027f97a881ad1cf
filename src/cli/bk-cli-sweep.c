/* bk-cli-sweep.c — `barkeep-cli sweep`: a strategy over a grid of its
 * parameters (bk-sweep.h), its results as a table best first, CSV or
 * JSON.  The data is read once; a first combination's time and memory,
 * run alone, tell at most what the whole grid would take before it
 * starts (the others share a graph in groups). */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bk-cli-private.h"

#include "bk-json.h"
#include "bk-parser.h"
#include "bk-sweep.h"

/* Above these a sweep asks for --yes. */
#define CONFIRM_SECONDS 600.0
#define CONFIRM_COMBINATIONS 100000

static gint interrupted;

static void
on_interrupt (int signum)
{
  g_atomic_int_set (&interrupted, 1);
}

typedef struct {
  gboolean interactive;
  gint64 start;
} Progress;

static void
on_progress (guint64 done, guint64 total, gpointer user_data)
{
  Progress *p = user_data;

  if (!p->interactive || done == 0)
    return;
  double elapsed = (double) (g_get_monotonic_time () - p->start) / G_USEC_PER_SEC;
  /* Translators: the progress line of a sweep on a terminal: combinations
   * done, of all, and the seconds left. */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "\r%llu/%llu combination, %.0f s left   ",
                           "\r%llu/%llu combinations, %.0f s left   ", total),
              (unsigned long long) done, (unsigned long long) total, elapsed / (double) done * (double) (total - done));
}

static char *
format_number (double value)
{
  char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];

  bk_strategy_params_format_number (value, number);
  return g_strdup (number);
}

/* "1.23", or "12.3%" of a fraction; "n/a" where it cannot be computed. */
static char *
format_metric (double value, gboolean percent)
{
  if (!isfinite (value))
    /* Translators: a metric that cannot be computed (a Sharpe ratio without trades) */
    return g_strdup (_("n/a"));
  return percent ? g_strdup_printf ("%.1f%%", value * 100.0) : g_strdup_printf ("%.2f", value);
}

static char *
format_table (BkSweep *sweep, GArray *order)
{
  guint n_axes = bk_sweep_get_n_axes (sweep);
  g_autofree char *align = g_strnfill (n_axes + 7, 'r');
  g_autoptr(BkCliTable) table = bk_cli_table_new (align, 2);
  g_autofree double *values = g_new (double, MAX (n_axes, 1));

  for (guint a = 0; a < n_axes; a++)
    bk_cli_table_add (table, bk_sweep_get_axis_name (sweep, a));
  /* Translators: the column headers of a sweep's table: the Results page's metrics. */
  bk_cli_table_add (table, _("final value"));
  bk_cli_table_add (table, _("return"));
  bk_cli_table_add (table, _("Sharpe"));
  bk_cli_table_add (table, _("max drawdown"));
  bk_cli_table_add (table, _("trades"));
  bk_cli_table_add (table, _("win rate"));
  bk_cli_table_add (table, _("profit factor"));
  for (guint i = 0; i < order->len; i++)
    {
      guint64 k = g_array_index (order, guint64, i);
      const BkResults *r = &bk_sweep_get_result (sweep, k)->results;

      bk_sweep_get_values (sweep, k, values);
      for (guint a = 0; a < n_axes; a++)
        {
          g_autofree char *value = format_number (values[a]);
          bk_cli_table_add (table, value);
        }
      bk_cli_table_addf (table, "%.2f", r->final_value);
      bk_cli_table_addf (table, "%.2f%%", r->total_return * 100.0);
      g_autofree char *sharpe = format_metric (r->sharpe, FALSE);
      bk_cli_table_add (table, sharpe);
      bk_cli_table_addf (table, "%.2f%%", r->max_drawdown * 100.0);
      bk_cli_table_addf (table, "%u", r->n_trades);
      g_autofree char *win = r->n_trades > 0 ? format_metric (r->win_rate, TRUE) : g_strdup (_("n/a"));
      bk_cli_table_add (table, win);
      g_autofree char *factor = r->n_trades > 0 ? format_metric (r->profit_factor, FALSE) : g_strdup (_("n/a"));
      bk_cli_table_add (table, factor);
    }
  return bk_cli_table_format (table);
}

/* A number of the CSV: as the JSON writes it, empty where not finite. */
static void
append_csv_number (GString *out, double value)
{
  if (isfinite (value))
    bk_json_append_number (out, value);
}

static char *
format_csv (BkSweep *sweep, GArray *order)
{
  guint n_axes = bk_sweep_get_n_axes (sweep);
  g_autofree double *values = g_new (double, MAX (n_axes, 1));
  GString *out = g_string_new (NULL);

  for (guint a = 0; a < n_axes; a++)
    g_string_append_printf (out, "%s,", bk_sweep_get_axis_name (sweep, a));
  for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
    g_string_append_printf (out, "%s%s", m > 0 ? "," : "", bk_sweep_get_metric (m)->name);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < order->len; i++)
    {
      guint64 k = g_array_index (order, guint64, i);

      bk_sweep_get_values (sweep, k, values);
      for (guint a = 0; a < n_axes; a++)
        {
          append_csv_number (out, values[a]);
          g_string_append_c (out, ',');
        }
      for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
        {
          if (m > 0)
            g_string_append_c (out, ',');
          append_csv_number (out, bk_sweep_metric_value (bk_sweep_get_result (sweep, k), m));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* [{"params": {"sma.period": 15}, "results": {"final_value": ...}}, ...]:
 * the results as `run --json` writes them (counts as integers). */
static char *
format_json (BkSweep *sweep, GArray *order)
{
  guint n_axes = bk_sweep_get_n_axes (sweep);
  g_autofree double *values = g_new (double, MAX (n_axes, 1));
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < order->len; i++)
    {
      guint64 k = g_array_index (order, guint64, i);
      const BkSweepResult *result = bk_sweep_get_result (sweep, k);
      JsonObject *row = bk_json_array_add_object (array);
      JsonObject *params = bk_json_object_add_object (row, "params");
      JsonObject *results = bk_json_object_add_object (row, "results");

      bk_sweep_get_values (sweep, k, values);
      for (guint a = 0; a < n_axes; a++)
        json_object_set_double_member (params, bk_sweep_get_axis_name (sweep, a), values[a]);
      for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
        {
          const BkSweepMetric *metric = bk_sweep_get_metric (m);
          double value = bk_sweep_metric_value (result, m);
          if (metric->whole)
            json_object_set_int_member (results, metric->name, (gint64) value);
          else
            json_object_set_double_member (results, metric->name, value);
        }
    }
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
  GString *out = g_string_new (NULL);
  bk_json_append (out, node);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static char *
format_duration (double seconds)
{
  if (seconds < 120)
    /* Translators: a duration */
    return g_strdup_printf (_("%.0f seconds"), seconds);
  if (seconds < 7200)
    /* Translators: a duration */
    return g_strdup_printf (_("%.0f minutes"), seconds / 60);
  /* Translators: a duration */
  return g_strdup_printf (_("%.1f hours"), seconds / 3600);
}

/* From the first combination: refused when the grid would not fit under
 * --max-memory, and held for --yes when it is long or large. */
static gboolean
check_estimate (BkSweep *sweep, guint64 data_bytes, guint jobs, guint64 limit, gboolean yes, GError **error)
{
  guint64 n = bk_sweep_get_n_combinations (sweep);
  const BkSweepResult *first = bk_sweep_get_result (sweep, 0);
  guint workers = (guint) MIN ((guint64) jobs, n);
  guint64 need = data_bytes + (guint64) workers * first->bytes + n * sizeof (BkSweepResult);
  double seconds = first->elapsed * (double) n / workers;

  if (need > limit)
    {
      g_autofree char *need_text = g_format_size_full (need, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, BK_ERROR, BK_ERROR_MEMORY,
                   /* Translators: combinations, the memory they need, the bound (--max-memory) */
                   g_dngettext (GETTEXT_PACKAGE,
                                "a sweep of %llu combination would need about %s, above --max-memory %s",
                                "a sweep of %llu combinations would need about %s, above --max-memory %s", n),
                   (unsigned long long) n, need_text, limit_text);
      return FALSE;
    }
  if (!yes && (seconds > CONFIRM_SECONDS || n > CONFIRM_COMBINATIONS))
    {
      g_autofree char *duration = format_duration (seconds);
      g_set_error (error, BK_ERROR, BK_ERROR_LIMIT,
                   /* Translators: combinations, how long they would take, worker threads; --yes is the option */
                   g_dngettext (GETTEXT_PACKAGE,
                                "a sweep of %llu combination would take about %s on %u threads; give --yes to run it",
                                "a sweep of %llu combinations would take about %s on %u threads; give --yes to run it",
                                n),
                   (unsigned long long) n, duration, workers);
      return FALSE;
    }
  return TRUE;
}

/* Every bar of the data, read once for all the combinations. */
static GArray *
read_bars (const char *data, gboolean lenient, char **name, gboolean *has_time, GError **error)
{
  g_autoptr(BkSource) source = bk_cli_open_source (data, lenient, error);
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  BkBar bar;

  if (source == NULL)
    return NULL;
  while (bk_source_next (source, &bar, error))
    g_array_append_val (bars, bar);
  if (error != NULL && *error != NULL)
    return NULL;
  *name = g_strdup (bk_source_get_name (source));
  *has_time = bk_source_has_time (source);
  return g_steal_pointer (&bars);
}

int
bk_cli_cmd_sweep (int argc, char **argv)
{
  g_autofree char *data = NULL, *sort_text = NULL, *max_memory_text = NULL, *data_name = NULL;
  g_auto(GStrv) param_specs = NULL;
  gboolean lenient = FALSE, json = FALSE, csv = FALSE, yes = FALSE, has_time = FALSE;
  gint jobs = 0;
  guint64 max_memory = 0;
  int status = 0;
  GError *error = NULL;

  if (!bk_cli_parse ("sweep", &argc, &argv, &status, "param", &param_specs, "data", &data, "lenient", &lenient,
                     "jobs", &jobs, "sort", &sort_text, "json", &json, "csv", &csv, "max-memory", &max_memory_text,
                     "yes", &yes, NULL)
      || (max_memory_text != NULL && !bk_cli_parse_size ("--max-memory", max_memory_text, &max_memory, &status)))
    return status;
  if (argc < 2)
    return bk_cli_usage_error ("%s", _("sweep needs a strategy: a built-in name or a file"));
  if (argc > 2)
    return bk_cli_usage_error (_("sweep takes one strategy, got '%s' too"), argv[2]);
  if (param_specs == NULL)
    return bk_cli_usage_error ("%s", _("sweep needs at least one --param NAME=SPEC (sma.period=5:30)"));
  if (json && csv)
    return bk_cli_usage_error ("%s", _("--json and --csv both choose the output; give one"));
  if (jobs < 0 || jobs > 256)
    return bk_cli_usage_error (_("--jobs must be 1 to 256, got %d"), jobs);
  gint metric = bk_sweep_metric_lookup (sort_text != NULL ? sort_text : "final_value");
  if (metric < 0)
    {
      const char *names[32];
      guint n = bk_sweep_get_n_metrics ();
      for (guint i = 0; i < n; i++)
        names[i] = bk_sweep_get_metric (i)->name;
      const char *closest = bk_closest_name (sort_text, names, n);
      g_autoptr(GString) all = g_string_new (NULL);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (all, "%s%s", i > 0 ? ", " : "", names[i]);
      if (closest != NULL)
        /* Translators: the metric given, the closest one */
        return bk_cli_usage_error (_("--sort: no metric '%s' (did you mean '%s'?)"), sort_text, closest);
      /* Translators: the metric given, the list of metrics */
      return bk_cli_usage_error (_("--sort: no metric '%s'; the metrics are %s"), sort_text, all->str);
    }
  guint workers = jobs > 0 ? (guint) jobs : g_get_num_processors ();
  g_autoptr(BkBudget) budget = bk_cli_max_memory_budget (max_memory);

  /* The strategy as run would open it: its errors, and price data given
   * in its place, said the same way. */
  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (argv[1], TRUE, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  BkStrategyParams *params = bk_strategy_params_open (argv[1], &error);
  if (params == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkSweep) sweep = bk_sweep_new (params);
  for (guint i = 0; param_specs[i] != NULL; i++)
    if (!bk_sweep_add_axis (sweep, param_specs[i], &error))
      {
        g_prefix_error (&error, "--param %s: ", param_specs[i]);
        return bk_cli_fail (error);
      }

  g_autoptr(GArray) bars = read_bars (data, lenient, &data_name, &has_time, &error);
  if (bars == NULL)
    return bk_cli_fail (error);
  guint64 n = bk_sweep_get_n_combinations (sweep);
  guint64 data_bytes = (guint64) bars->len * sizeof (BkBar);
  guint64 limit = bk_budget_get_limit (budget);
  if (data_bytes + n * sizeof (BkSweepResult) > limit)
    {
      g_autofree char *limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
      return bk_cli_fail (g_error_new (BK_ERROR, BK_ERROR_MEMORY,
                                       g_dngettext (GETTEXT_PACKAGE,
                                                    "the results of %llu combination and the data would not fit "
                                                    "under --max-memory %s",
                                                    "the results of %llu combinations and the data would not fit "
                                                    "under --max-memory %s", n),
                                       (unsigned long long) n, limit_text));
    }

  Progress progress = { isatty (STDERR_FILENO), g_get_monotonic_time () };
  const BkBar *first_bar = (const BkBar *) (gpointer) bars->data;
  if (!bk_sweep_run_one (sweep, 0, first_bar, bars->len, data_name, has_time, budget, &error)
      || !check_estimate (sweep, data_bytes, workers, limit, yes, &error))
    return bk_cli_fail (error);

  struct sigaction action = { .sa_handler = on_interrupt }, previous;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &previous);
  gboolean ok = bk_sweep_run (sweep, first_bar, bars->len, data_name, has_time, workers, budget, &interrupted,
                              on_progress, &progress, &error);
  sigaction (SIGINT, &previous, NULL);
  double elapsed = (double) (g_get_monotonic_time () - progress.start) / G_USEC_PER_SEC;
  if (progress.interactive)
    g_printerr ("\r\033[K");
  gboolean stopped = !ok && g_error_matches (error, BK_ERROR, BK_ERROR_CANCELLED);
  if (!ok && !stopped)
    return bk_cli_fail (error);
  g_clear_error (&error);

  g_autoptr(GArray) order = bk_sweep_rank (sweep, (guint) metric);
  g_autofree char *text = json ? format_json (sweep, order) : csv ? format_csv (sweep, order) : format_table (sweep, order);
  if (!json && !csv)
    {
      guint64 shared = 0, own = 0;
      guint group = 0;
      for (guint64 k = 0; k < n; k++)
        {
          const BkSweepResult *result = bk_sweep_get_result (sweep, k);
          if (!result->done)
            continue;
          shared = MAX (shared, result->shared_cells);
          own = MAX (own, result->cells);
          group = MAX (group, result->group);
        }
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: the strategy, the data, its bars, the combinations, seconds, threads, the metric */
                            "%s on %s (%u bars): %llu combination in %.2f s on %u threads, best first by %s\n\n",
                            "%s on %s (%u bars): %llu combinations in %.2f s on %u threads, best first by %s\n\n",
                            bk_sweep_get_n_done (sweep)),
               bk_strategy_get_name (strategy), data_name, bars->len, (unsigned long long) bk_sweep_get_n_done (sweep),
               elapsed, (guint) MIN ((guint64) workers, n), bk_sweep_get_metric ((guint) metric)->name);
      g_print ("%s\n", text);
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            /* Translators: combinations in a group, cells shared, cells of one's own, bars */
                            "Memory mode 1, one graph for each group of up to %u combination: %llu cells shared by a "
                            "group (the data's lines, the indicators common to several), at most %llu of each "
                            "combination's own (its rules, its account); the data's %u bars were read once for all.\n",
                            "Memory mode 1, one graph for each group of up to %u combinations: %llu cells shared by a "
                            "group (the data's lines, the indicators common to several), at most %llu of each "
                            "combination's own (its rules, its account); the data's %u bars were read once for all.\n",
                            group),
               group, (unsigned long long) shared, (unsigned long long) own, bars->len);
    }
  else
    fputs (text, stdout);
  if (stopped)
    {
      g_printerr (_("barkeep-cli: stopped: %llu of %llu combinations finished\n"),
                  (unsigned long long) bk_sweep_get_n_done (sweep), (unsigned long long) n);
      return BK_EXIT_FAILURE;
    }
  return BK_EXIT_SUCCESS;
}
