/* bk-cli-run.c — `barkeep-cli run` and `barkeep-cli experiment`. */
#define G_LOG_DOMAIN "barkeep-cli"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <math.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bk-cli-private.h"
#include "bk-strategy-file.h"

gboolean
bk_cli_parse_mode (const char *text, BkMode *mode, int *status)
{
  if (text == NULL)
    return TRUE;
  if (!bk_mode_parse (text, mode))
    {
      *status = bk_cli_usage_error (_("--save must be 0, 1, -1 or -2, not '%s'"), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
bk_cli_parse_precision (const char *text, BkPrecision *precision, int *status)
{
  if (text == NULL || g_strcmp0 (text, "f64") == 0)
    *precision = BK_PRECISION_F64;
  else if (g_strcmp0 (text, "f32") == 0)
    *precision = BK_PRECISION_F32;
  else
    {
      *status = bk_cli_usage_error (_("--precision must be f64 or f32, not '%s'"), text);
      return FALSE;
    }
  return TRUE;
}

BkStrategy *
bk_cli_open_strategy (const char *name_or_path, GError **error)
{
  /* A name with a slash or an .ini ending is a file; anything else a built-in. */
  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".ini")
      || g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    return bk_strategy_new_from_file (name_or_path, error);
  return bk_strategy_new_builtin (name_or_path, error);
}

BkSource *
bk_cli_open_source (const char *data, GError **error)
{
  g_autofree char *sample = NULL;

  if (data == NULL && (data = sample = bk_source_find_sample (error)) == NULL)
    return NULL;
  return bk_source_new_csv (data, NULL, error);
}

/* The dump goes to a temporary file beside its destination and replaces
 * it only when the run succeeds: a failed run never leaves half a dump. */
typedef struct {
  char *path;
  char *tmp_path;
  FILE *file;
} DumpTarget;

static gboolean
dump_target_open (DumpTarget *target, const char *path, GError **error)
{
  target->path = g_strdup (path);
  if (g_strcmp0 (path, "-") == 0)
    {
      target->file = stdout;
      return TRUE;
    }
  target->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp (target->tmp_path);
  if (fd < 0 || (target->file = fdopen (fd, "w")) == NULL)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot write the dump: %s"), path, g_strerror (saved));
      g_clear_pointer (&target->tmp_path, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
dump_target_close (DumpTarget *target, gboolean keep, GError **error)
{
  gboolean ok = TRUE;

  if (target->file == NULL)
    return TRUE;
  if (target->file == stdout)
    ok = fflush (stdout) == 0;
  else
    {
      ok = !ferror (target->file);
      ok = (fclose (target->file) == 0) && ok;
      if (keep && ok)
        ok = g_rename (target->tmp_path, target->path) == 0;
      if (!keep || !ok)
        g_unlink (target->tmp_path);
    }
  if (keep && !ok)
    g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot write the dump: %s"),
                 target->path, g_strerror (errno));
  target->file = NULL;
  g_clear_pointer (&target->path, g_free);
  g_clear_pointer (&target->tmp_path, g_free);
  return ok;
}

static void
append_json_field (GString *out, const char *name, double value)
{
  g_string_append_printf (out, "\"%s\":", name);
  bk_json_append_number (out, value);
}

static void
append_results_json (GString *out, const BkBroker *broker, gboolean with_time)
{
  BkResults r;
  char date[32];

  bk_broker_get_results (broker, &r);
  g_string_append_c (out, '{');
  append_json_field (out, "start_cash", r.start_cash);
  g_string_append_c (out, ',');
  append_json_field (out, "final_value", r.final_value);
  g_string_append_c (out, ',');
  append_json_field (out, "final_cash", r.final_cash);
  g_string_append_c (out, ',');
  append_json_field (out, "position", r.position);
  g_string_append_c (out, ',');
  append_json_field (out, "total_return", r.total_return);
  g_string_append_c (out, ',');
  append_json_field (out, "annual_return", r.annual_return);
  g_string_append_c (out, ',');
  append_json_field (out, "max_drawdown", r.max_drawdown);
  g_string_append_printf (out, ",\"max_drawdown_bars\":%" G_GUINT64_FORMAT ",", r.max_drawdown_bars);
  append_json_field (out, "sharpe", r.sharpe);
  g_string_append_printf (out, ",\"n_trades\":%u,", r.n_trades);
  append_json_field (out, "win_rate", r.win_rate);
  g_string_append_c (out, ',');
  append_json_field (out, "profit_factor", r.profit_factor);
  g_string_append_printf (out, ",\"rejected_orders\":%" G_GUINT64_FORMAT ",\"trades\":[", r.rejected_orders);
  for (guint i = 0; i < broker->trades->len; i++)
    {
      const BkTrade *t = &g_array_index (broker->trades, BkTrade, i);
      g_string_append (out, i > 0 ? ",{\"open\":\"" : "{\"open\":\"");
      bk_format_datetime (t->open_datetime, with_time, date);
      g_string_append_printf (out, "%s\",\"close\":\"", date);
      bk_format_datetime (t->close_datetime, with_time, date);
      g_string_append_printf (out, "%s\",", date);
      append_json_field (out, "size", t->size);
      g_string_append_c (out, ',');
      append_json_field (out, "open_price", t->open_price);
      g_string_append_c (out, ',');
      append_json_field (out, "close_price", t->close_price);
      g_string_append_c (out, ',');
      append_json_field (out, "pnl", t->pnl);
      g_string_append_c (out, ',');
      append_json_field (out, "pnl_comm", t->pnl_comm);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static void
append_run_json (GString *out, BkRun *run, const BkReport *report)
{
  BkStrategy *strategy = bk_run_get_strategy (run);
  const BkBroker *broker = bk_run_get_broker (run);
  double elapsed = bk_run_get_elapsed (run);

  g_string_append (out, "{\"strategy\":{\"id\":");
  bk_json_append_string (out, bk_strategy_get_id (strategy));
  g_string_append (out, ",\"name\":");
  bk_json_append_string (out, bk_strategy_get_name (strategy));
  g_string_append (out, "},\"data\":");
  bk_json_append_string (out, bk_run_get_source_name (run));
  g_string_append_printf (out, ",\"mode\":%d,\"mode_label\":", (int) report->mode);
  bk_json_append_string (out, bk_mode_label (report->mode));
  g_string_append_printf (out, ",\"precision\":\"%s\",\"stats\":{\"bars\":%" G_GUINT64_FORMAT
                          ",\"elapsed_seconds\":",
                          report->precision == BK_PRECISION_F64 ? "f64" : "f32", report->bars);
  bk_json_append_number (out, elapsed);
  g_string_append (out, ",\"bars_per_second\":");
  bk_json_append_number (out, elapsed > 0 ? report->bars / elapsed : NAN);
  g_string_append (out, "},\"memory\":");
  bk_report_append_json (report, out);
  g_string_append (out, ",\"results\":");
  append_results_json (out, broker, bk_run_has_time (run));
  g_string_append (out, "}\n");
}

static void
print_results (FILE *out, const BkBroker *broker)
{
  BkResults r;

  bk_broker_get_results (broker, &r);
  fprintf (out, _("Final value: %.2f (cash %.2f, start %.2f)\n"), r.final_value, r.final_cash, r.start_cash);
  char sharpe[32] = "n/a";
  if (!isnan (r.sharpe))
    g_snprintf (sharpe, sizeof sharpe, "%.2f", r.sharpe);
  fprintf (out, _("Return: %.2f%% total, %.2f%% a year; Sharpe ratio %s\n"),
           r.total_return * 100.0, r.annual_return * 100.0, sharpe);
  fprintf (out, _("Maximum drawdown: %.2f%%, longest %llu bars\n"),
           r.max_drawdown * 100.0, (unsigned long long) r.max_drawdown_bars);
  if (r.n_trades > 0)
    fprintf (out, _("Trades: %u closed, %.1f%% won, profit factor %.2f\n"), r.n_trades,
             r.win_rate * 100.0, r.profit_factor);
  else
    fprintf (out, "%s\n", _("Trades: none"));
  if (r.rejected_orders > 0)
    fprintf (out, _("Orders rejected for want of cash: %llu\n"), (unsigned long long) r.rejected_orders);
}

static void
print_summary (FILE *out, BkRun *run, const BkReport *report)
{
  BkStrategy *strategy = bk_run_get_strategy (run);

  fprintf (out, _("Strategy: %s (%s)\n"), bk_strategy_get_name (strategy), bk_strategy_get_id (strategy));
  fprintf (out, _("Data: %s, %llu bars in %.1f ms\n"), bk_run_get_source_name (run),
           (unsigned long long) report->bars, bk_run_get_elapsed (run) * 1000.0);
  fprintf (out, _("Memory mode: %d (%s), precision %s\n"), (int) report->mode,
           _(bk_mode_label (report->mode)), report->precision == BK_PRECISION_F64 ? "f64" : "f32");
  fprintf (out, _("Line storage: %llu bytes; resident memory %.1f MiB\n"),
           (unsigned long long) report->total_bytes, report->rss_bytes / 1048576.0);
  print_results (out, bk_run_get_broker (run));
  fprintf (out, "Total memory cells used: %" G_GUINT64_FORMAT "\n", report->total_cells);
}

int
bk_cli_cmd_run (int argc, char **argv)
{
  g_autofree char *data = NULL, *save = NULL, *precision_text = NULL, *dump_path = NULL;
  gboolean lendetails = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, N_("Price data (CSV); default: the bundled sample"), N_("FILE") },
    { "save", 's', 0, G_OPTION_ARG_STRING, &save, N_("Memory mode: 0, 1, -1 or -2 (default 0)"), N_("MODE") },
    { "precision", 'p', 0, G_OPTION_ARG_STRING, &precision_text, N_("Stored values: f64 (default) or f32"), N_("PRECISION") },
    { "lendetails", 'l', 0, G_OPTION_ARG_NONE, &lendetails, N_("Print every line's memory cells"), NULL },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump_path, N_("Write every bar's values as CSV (- for standard output)"), N_("FILE") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print the memory report, statistics and results as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  BkMode mode = BK_MODE_KEEP_ALL;
  BkPrecision precision;
  int status = 0;
  GError *error = NULL;
  DumpTarget target = { 0 };
  g_autoptr(BkDump) dump = NULL;

  if (!bk_cli_parse ("run", _("[STRATEGY]"), entries, &argc, &argv, &status)
      || !bk_cli_parse_mode (save, &mode, &status)
      || !bk_cli_parse_precision (precision_text, &precision, &status))
    return status;
  if (argc > 2)
    return bk_cli_usage_error (_("run takes one strategy, got '%s' too"), argv[2]);
  if (json && g_strcmp0 (dump_path, "-") == 0)
    return bk_cli_usage_error ("%s", _("--json and --dump - both write to standard output"));

  const char *strategy_id = argc > 1 ? argv[1] : "memory-savings";
  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (strategy_id, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkSource) source = bk_cli_open_source (data, &error);
  if (source == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, -1, &error);
  if (run == NULL)
    return bk_cli_fail (error);

  if (dump_path != NULL)
    {
      if (!dump_target_open (&target, dump_path, &error))
        return bk_cli_fail (error);
      dump = bk_dump_new (run, target.file);
      bk_run_set_bar_func (run, bk_dump_write_bar, dump);
    }
  if (!bk_run_execute (run, source, NULL, &error))
    {
      dump_target_close (&target, FALSE, NULL);
      return bk_cli_fail (error);
    }
  if (!dump_target_close (&target, TRUE, &error))
    return bk_cli_fail (error);

  g_autoptr(BkReport) report = bk_report_new (run);
  FILE *out = g_strcmp0 (dump_path, "-") == 0 ? stderr : stdout;
  if (json)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      append_run_json (text, run, report);
      fputs (text->str, out);
    }
  else if (lendetails)
    {
      g_autofree char *text = bk_report_format_lendetails (report);
      fputs (text, out);
    }
  else
    print_summary (out, run, report);
  return fflush (out) == 0 ? BK_EXIT_SUCCESS : BK_EXIT_FAILURE;
}

/* The seed's table (backtrader 1.3.1.92 on yhoo-1996-2015.txt, 4965 bars). */
static const struct {
  BkMode mode;
  guint64 seed_cells;
} experiment_modes[] = {
  { BK_MODE_KEEP_ALL, 506430 },
  { BK_MODE_MINIMAL, 2041 },
  { BK_MODE_PLOT_SAVE_INTERNALS, 184623 },
  { BK_MODE_PLOT_SAVE_UNPLOTTED, 174695 },
};

int
bk_cli_cmd_experiment (int argc, char **argv)
{
  g_autofree char *data = NULL, *precision_text = NULL;
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data, N_("Price data (CSV); default: the bundled sample"), N_("FILE") },
    { "precision", 'p', 0, G_OPTION_ARG_STRING, &precision_text, N_("Stored values: f64 (default) or f32"), N_("PRECISION") },
    G_OPTION_ENTRY_NULL
  };
  BkPrecision precision;
  int status = 0;
  GError *error = NULL;

  if (!bk_cli_parse ("experiment", "", entries, &argc, &argv, &status)
      || !bk_cli_parse_precision (precision_text, &precision, &status))
    return status;
  if (argc > 1)
    return bk_cli_usage_error (_("experiment takes no arguments, got '%s'"), argv[1]);

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_assert (strategy != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (experiment_modes); i++)
    {
      g_autoptr(BkSource) source = bk_cli_open_source (data, &error);
      g_autoptr(BkRun) run = source ? bk_run_new (strategy, experiment_modes[i].mode, precision, -1, &error) : NULL;
      if (run == NULL || !bk_run_execute (run, source, NULL, &error))
        return bk_cli_fail (error);
      g_autoptr(BkReport) report = bk_report_new (run);

      if (i == 0)
        {
          g_print (_("The seed's memory-savings experiment on %s (%llu bars), precision %s\n\n"),
                   bk_run_get_source_name (run), (unsigned long long) report->bars, precision == BK_PRECISION_F64 ? "f64" : "f32");
          g_print ("%4s  %-26s %12s %12s %10s %22s\n", _("mode"), _("memory mode"), _("cells"),
                   _("bytes"), _("run (ms)"), _("seed (backtrader)"));
        }
      g_print ("%4d  %-26s %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %10.2f %22" G_GUINT64_FORMAT "\n",
               (int) experiment_modes[i].mode, _(bk_mode_label (experiment_modes[i].mode)),
               report->total_cells, report->total_bytes, bk_run_get_elapsed (run) * 1000.0,
               experiment_modes[i].seed_cells);
    }
  g_print ("\n%s\n", _("The seed's figures are backtrader 1.3.1.92's on yhoo-1996-2015.txt (4965 bars)."));
  return BK_EXIT_SUCCESS;
}
