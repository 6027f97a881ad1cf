/* bk-cli-tools.c — `barkeep-cli gen` and `barkeep-cli bench`. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bk-cli-private.h"
#include "bk-csv.h"
#include "bk-gen-universe.h"
#include "bk-parser.h"
#include "bk-tick-gen.h"

#define SAMPLE_SEED BK_UNIVERSE_DEFAULT_SEED

int
bk_cli_cmd_gen_universe (int argc, char **argv)
{
  gint64 symbols = 300, bars = 1000, seed = SAMPLE_SEED;
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  int status = 0;
  GError *error = NULL;

  if (!bk_cli_parse ("gen universe", &argc, &argv, &status, "symbols", &symbols, "bars", &bars, "seed", &seed,
                     "output", &output, "force", &force, NULL)
      || !bk_cli_no_arguments ("gen universe", argc, argv, &status))
    return status;
  if (symbols < 1 || symbols > BK_UNIVERSE_MAX_SYMBOLS)
    return bk_cli_usage_error (_("--symbols must be between 1 and %d"), BK_UNIVERSE_MAX_SYMBOLS);
  if (bars < 1 || bars > BK_UNIVERSE_MAX_BARS)
    return bk_cli_usage_error (_("--bars must be between 1 and %d for daily bars"), BK_UNIVERSE_MAX_BARS);
  if (output == NULL)
    return bk_cli_usage_error ("%s", _("gen universe needs --output DIR, the folder for its files"));

  if (!bk_universe_generate_full (output, (guint) symbols, (guint64) bars, (guint64) seed, force, &error))
    return bk_cli_fail (error);
  g_autofree char *shown = bk_escape_text (output, -1);
  g_autofree char *bars_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu daily bar", "%llu daily bars", bars),
                                                (unsigned long long) bars);
  /* Translators: %u is the number of files, the first %s "1000 daily
   * bars", the second the folder. */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u symbol of %s to %s\n", "Wrote %u symbols of %s each to %s\n", symbols),
           (guint) symbols, bars_text, shown);
  return BK_EXIT_SUCCESS;
}

int
bk_cli_cmd_gen_sample (int argc, char **argv)
{
  gint64 bars = 4965, seed = SAMPLE_SEED;
  g_autofree char *interval = NULL, *output = NULL;
  int status = 0;

  if (!bk_cli_parse ("gen sample", &argc, &argv, &status, "bars", &bars, "seed", &seed, "interval", &interval,
                     "output", &output, NULL)
      || !bk_cli_no_arguments ("gen sample", argc, argv, &status))
    return status;
  gboolean intraday = g_strcmp0 (interval, "minute") == 0;
  if (interval != NULL && !intraday && strcmp (interval, "day") != 0)
    return bk_cli_usage_error (_("--interval must be day or minute, not '%s'"), interval);
  /* Daily bars past year 9999 would not fit YYYY-MM-DD. */
  gint64 max_bars = intraday ? G_GINT64_CONSTANT (1000000000) : 2000000;
  if (bars < 1 || bars > max_bars)
    return bk_cli_usage_error (intraday ? _("--bars must be between 1 and %lld for minute bars")
                                        : _("--bars must be between 1 and %lld for daily bars"),
                               (long long) max_bars);

  if (output == NULL)
    {
      /* Standard output is flushed and checked as the command ends. */
      bk_generator_write_csv (stdout, bars, seed, intraday);
      return BK_EXIT_SUCCESS;
    }

  BkOutputFile out = { 0 };
  GError *error = NULL;
  if (!bk_output_file_open (&out, output, BK_OUTPUT_DEFAULT, NULL, &error))
    return bk_cli_fail (error);
  /* A write error shows in the stream's error flag, which close checks. */
  bk_generator_write_csv (out.file, bars, seed, intraday);
  if (!bk_output_file_close (&out, TRUE, &error))
    return bk_cli_fail (error);
  return BK_EXIT_SUCCESS;
}

/* "1000/s" or "1000": ticks a second. */
static gboolean
parse_rate (const char *text, double *rate, int *status)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *rate = g_ascii_strtod (text, &end);
  if (end != text && (strcmp (end, "/s") == 0 || *end == '\0') && *rate > 0 && *rate <= 1e9)
    return TRUE;
  /* Translators: keep "1000/s" as it is. */
  *status = bk_cli_usage_error (_("--rate must be ticks a second such as 1000/s, not '%s'"), text);
  return FALSE;
}

int
bk_cli_cmd_gen_ticks (int argc, char **argv)
{
  gint64 count = 100000, seed = SAMPLE_SEED;
  g_autofree char *rate_text = NULL;
  double rate = 0.0;
  int status = 0;

  if (!bk_cli_parse ("gen ticks", &argc, &argv, &status, "count", &count, "rate", &rate_text, "seed", &seed, NULL)
      || !bk_cli_no_arguments ("gen ticks", argc, argv, &status)
      || !parse_rate (rate_text, &rate, &status))
    return status;
  if (count < 0)
    return bk_cli_usage_error (_("--count must be a number of ticks, or 0 for no end, not %lld"),
                               (long long) count);
  /* A feed without end stops cleanly on Ctrl+C, what it wrote flushed. */
  const gint *stop = bk_cli_live_install_stop ();
  /* Standard output is flushed and checked as the command ends. */
  bk_tick_generator_write_csv (stdout, (guint64) count, (guint64) seed, rate, stop);
  return BK_EXIT_SUCCESS;
}

/* Resident memory sampled at two bars: early, and once the run has
 * settled (the growth after it is what a long run adds). */
#define RSS_EARLY_BAR 10000
#define RSS_SETTLED_BAR 1000000

typedef struct {
  guint64 early_bytes;
  guint64 settled_bytes;
} RssProbe;

static void
probe_rss (BkRun *run, gpointer data)
{
  RssProbe *probe = data;
  guint64 bar = bk_run_get_bars (run);

  if (bar == RSS_EARLY_BAR)
    probe->early_bytes = bk_process_rss_bytes ();
  else if (bar == RSS_SETTLED_BAR)
    probe->settled_bytes = bk_process_rss_bytes ();
}

int
bk_cli_cmd_bench_stream (int argc, char **argv)
{
  gint64 bars = 10000000;
  g_autofree char *mode_text = NULL, *precision_text = NULL, *strategy_id = NULL;
  BkMode mode = BK_MODE_MINIMAL;
  BkPrecision precision;
  int status = 0;
  GError *error = NULL;

  if (!bk_cli_parse ("bench stream", &argc, &argv, &status, "bars", &bars, "strategy", &strategy_id,
                     "mode", &mode_text, "precision", &precision_text, NULL)
      || !bk_cli_no_arguments ("bench stream", argc, argv, &status)
      || !bk_cli_parse_mode (mode_text, &mode, &status)
      || !bk_cli_parse_precision (precision_text, &precision, &status))
    return status;
  if (bars < 10000)
    return bk_cli_usage_error ("%s", _("--bars must be at least 10000"));

  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (strategy_id != NULL ? strategy_id : "memory-savings",
                                                         FALSE, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated minute bars", bars, SAMPLE_SEED, TRUE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, &error);
  if (run == NULL)
    return bk_cli_fail (error);
  RssProbe probe = { 0 };
  bk_run_set_bar_func (run, probe_rss, &probe);
  if (!bk_run_execute (run, source, NULL, &error))
    return bk_cli_fail (error);

  g_autoptr(BkReport) report = bk_report_new (run);
  double elapsed = bk_run_get_elapsed (run);
  /* Translators: the lines of `bench stream`. */
  g_print (g_dngettext (GETTEXT_PACKAGE, "stream: %llu generated bar, mode %d (%s), %s\n",
                        "stream: %llu generated bars, mode %d (%s), %s\n", report->bars),
           (unsigned long long) report->bars,
           (int) mode, _(bk_mode_label (mode)), precision == BK_PRECISION_F64 ? "f64" : "f32");
  g_autofree char *strategy_name = bk_escape_text (bk_strategy_get_name (strategy), -1);
  /* Translators: %s is the strategy's name, then its id in parentheses. */
  g_print (_("strategy: %s (%s)\n"), strategy_name, bk_strategy_get_id (strategy));
  g_print (_("time: %.3f s, %.2f million bars/s\n"), elapsed, report->bars / elapsed / 1e6);
  g_print (_("cells: %llu, line bytes: %llu\n"),
           (unsigned long long) report->total_cells, (unsigned long long) report->total_bytes);
  g_print (_("resident memory: %.2f MiB at bar 10000, %.2f MiB at the end, growth %.3f MiB\n"),
           probe.early_bytes / 1048576.0, report->rss_bytes / 1048576.0,
           ((double) report->rss_bytes - (double) probe.early_bytes) / 1048576.0);
  if (report->bars > RSS_SETTLED_BAR)
    g_print (_("resident memory: %.2f MiB at bar 1000000, growth since %.3f MiB\n"),
             probe.settled_bytes / 1048576.0,
             ((double) report->rss_bytes - (double) probe.settled_bytes) / 1048576.0);
  return BK_EXIT_SUCCESS;
}

int
bk_cli_cmd_bench_csv (int argc, char **argv)
{
  gboolean lenient = FALSE;
  int status = 0;
  GError *error = NULL;
  BkBar bar;
  guint64 rows = 0;

  if (!bk_cli_parse ("bench csv", &argc, &argv, &status, "lenient", &lenient, NULL))
    return status;
  if (argc != 2)
    return bk_cli_usage_error ("%s", _("bench csv takes one FILE"));

  gint64 start = g_get_monotonic_time ();
  const BkCsvOptions options = { .lenient = lenient };
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (argv[1], &options, &error);
  if (reader == NULL)
    return bk_cli_fail (error);
  while (bk_csv_reader_next (reader, &bar, &error))
    rows++;
  if (error != NULL)
    return bk_cli_fail (error);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  guint64 bytes = bk_csv_reader_get_bytes_read (reader);
  /* Translators: the result of `bench csv`. */
  g_print (g_dngettext (GETTEXT_PACKAGE, "csv: %llu row, %.1f MB in %.3f s: %.2f million rows/s, %.0f MB/s, %s\n",
                        "csv: %llu rows, %.1f MB in %.3f s: %.2f million rows/s, %.0f MB/s, %s\n", rows),
           (unsigned long long) rows, bytes / 1e6, elapsed, rows / elapsed / 1e6, bytes / 1e6 / elapsed,
           bk_csv_reader_get_encoding (reader));
  if (bk_csv_reader_get_n_warnings (reader) > 0)
    {
      guint64 n = bk_csv_reader_get_n_warnings (reader);
      const char *first = bk_csv_reader_get_first_warning (reader);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Warnings: %llu bar failed a sanity check (first: %s)\n",
                            "Warnings: %llu bars failed a sanity check (first: %s)\n", n),
               (unsigned long long) n, first != NULL ? first : "?");
    }
  return BK_EXIT_SUCCESS;
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
bk_cli_cmd_bench_experiment (int argc, char **argv)
{
  g_autofree char *data = NULL;
  gint repeat = 50;
  gboolean lenient = FALSE;
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                                  BK_MODE_PLOT_SAVE_UNPLOTTED };
  int status = 0;
  GError *error = NULL;

  if (!bk_cli_parse ("bench experiment", &argc, &argv, &status, "data", &data, "lenient", &lenient,
                     "repeat", &repeat, NULL)
      || !bk_cli_no_arguments ("bench experiment", argc, argv, &status))
    return status;
  if (repeat < 1)
    return bk_cli_usage_error ("%s", _("--repeat must be at least 1"));

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_autoptr(BkCliTable) table = bk_cli_table_new ("rrrr", 2);
  /* Translators: the column headers of `bench experiment`. */
  bk_cli_table_add (table, _("mode"));
  bk_cli_table_add (table, _("best (ms)"));
  bk_cli_table_add (table, _("median (ms)"));
  bk_cli_table_add (table, _("bars/s"));
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      guint64 bars = 0;
      for (gint r = 0; r < repeat; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(BkSource) source = bk_cli_open_source (data, lenient, &error);
          g_autoptr(BkRun) run = source ? bk_run_new_full (strategy, modes[m], BK_PRECISION_F64,
                                                           BK_RUN_NO_ANALYZERS, NULL, &error) : NULL;
          if (run == NULL || !bk_run_execute (run, source, NULL, &error))
            return bk_cli_fail (error);
          g_autoptr(BkReport) report = bk_report_new (run);
          double ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (times, ms);
          bars = report->bars;
        }
      g_array_sort (times, compare_doubles);
      double best = g_array_index (times, double, 0);
      double median = g_array_index (times, double, times->len / 2);
      bk_cli_table_addf (table, "%d", (int) modes[m]);
      bk_cli_table_addf (table, "%.3f", best);
      bk_cli_table_addf (table, "%.3f", median);
      bk_cli_table_addf (table, "%.0f", bars / (median / 1000.0));
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  return BK_EXIT_SUCCESS;
}
