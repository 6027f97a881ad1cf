/* bk-cli-run.c — `barkeep-cli run` and `barkeep-cli experiment`. */

#include "config.h"

#include <string.h>
#include <math.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "bk-cli-private.h"

#include "bk-compare.h"
#include "bk-parser.h"
#include "bk-strategy-file.h"
#include "bk-trades.h"

gboolean
bk_cli_parse_mode (const char *text, BkMode *mode, int *status)
{
  if (text == NULL)
    return TRUE;
  if (!bk_mode_parse (text, mode))
    {
      *status = bk_cli_usage_error (_("--mode must be 0, 1, -1 or -2, not '%s'"), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
bk_cli_parse_resample (const char *resample, const char *replay, BkCliResample *out, int *status)
{
  GError *error = NULL;
  const char *text = resample != NULL ? resample : replay;

  *out = (BkCliResample) { .mode = resample != NULL ? BK_RESAMPLE : BK_REPLAY };
  if (text == NULL)
    return TRUE;
  if (resample != NULL && replay != NULL)
    {
      *status = bk_cli_usage_error ("%s", _("--resample and --replay cannot be used together: choose one"));
      return FALSE;
    }
  if (!bk_period_parse (text, &out->period, &error))
    {
      *status = bk_cli_usage_error ("%s: %s", resample != NULL ? "--resample" : "--replay", error->message);
      g_error_free (error);
      return FALSE;
    }
  out->set = TRUE;
  return TRUE;
}

void
bk_cli_apply_resample (BkSource *source, const BkCliResample *resample)
{
  if (resample->set)
    bk_source_set_resample (source, &resample->period, resample->mode);
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

/* Parses a size such as 512M, 2G or 1.5G into bytes. */
gboolean
bk_cli_parse_size (const char *option, const char *text, guint64 *bytes, int *status)
{
  const char *p = text;
  guint64 whole = 0;
  double fraction = 0.0, scale = 0.1;
  gboolean digits = FALSE;
  guint shift = 0;

  for (; g_ascii_isdigit (*p); p++, digits = TRUE)
    {
      if (whole > (G_MAXUINT64 - 9) / 10)
        goto bad;
      whole = whole * 10 + (guint64) (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, digits = TRUE, scale /= 10.0)
      fraction += (*p - '0') * scale;
  switch (g_ascii_toupper (*p))
    {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
    default: break;
    }
  if (shift > 0 && *++p != '\0' && g_ascii_toupper (*p) == 'I')
    p++;
  if (g_ascii_toupper (*p) == 'B')
    p++;
  if (!digits || *p != '\0' || whole > (G_MAXUINT64 >> shift))
    goto bad;
  guint64 value = (whole << shift) + (guint64) (fraction * (double) (G_GUINT64_CONSTANT (1) << shift));
  if (value < (whole << shift) || value == 0)
    goto bad;
  *bytes = value;
  return TRUE;

bad:
  /* Translators: the first %s is an option (--max-memory), the second
   * what the user gave; keep the examples 512M and 2G as they are. */
  *status = bk_cli_usage_error (_("%s must be a size such as 512M or 2G, not '%s'"), option, text);
  return FALSE;
}

BkBudget *
bk_cli_max_memory_budget (guint64 max_memory)
{
  guint64 limit = max_memory > 0 ? max_memory : bk_strategy_get_default_max_cells () * sizeof (double);

  /* Cells are 8-byte values. */
  bk_strategy_set_max_cells (max_memory > 0 ? MAX (max_memory / 8, 1) : 0);
  return bk_budget_new (limit, "--max-memory");
}

/* Whether path is a file the CSV reader takes a bar from. */
static gboolean
is_price_data (const char *path)
{
  const BkCsvOptions options = { .lenient = TRUE };
  BkBar bar;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (path, &options, NULL);
  return reader != NULL && bk_csv_reader_next (reader, &bar, NULL);
}

BkStrategy *
bk_cli_open_strategy (const char *name_or_path, gboolean takes_data, GError **error)
{
  GError *local = NULL;
  BkStrategy *strategy = bk_strategy_open (name_or_path, &local);

  if (strategy != NULL || !is_price_data (name_or_path))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      return strategy;
    }
  g_error_free (local);
  g_autofree char *shown = bk_escape_text (name_or_path, -1);
  if (takes_data)
    /* Translators: both %s are the file the user gave as the strategy. */
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("%s: this looks like price data, not a strategy; use --data %s"),
                 shown, shown);
  else
    /* Translators: %s is the file the user gave to `check`. */
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                 _("%s: this looks like price data, not a strategy; check takes a strategy: a built-in name or a "
                   "strategy file"), shown);
  return NULL;
}

BkSource *
bk_cli_open_source (const char *data, gboolean lenient, GError **error)
{
  g_autofree char *sample = NULL;
  const BkCsvOptions options = { .lenient = lenient };

  if (data == NULL && (data = sample = bk_source_find_sample (error)) == NULL)
    return NULL;
  return bk_source_new_csv (data, &options, error);
}

/* Named indicators that produced no value because the data is shorter
 * than their minimum period: a node has a value once any of its lines
 * has reached its minimum period. */
typedef struct {
  GPtrArray *waiting;   /* BkNode*, named indicators without a value */
  guint needed;         /* the fewest bars any named indicator needs */
  gboolean no_values;   /* no named indicator produced a value */
} ValueCheck;

static guint
node_minperiod (BkNode *node)
{
  guint minperiod = G_MAXUINT;

  for (guint j = 0; j < bk_node_get_n_outputs (node); j++)
    minperiod = MIN (minperiod, bk_line_spec_get_minperiod (bk_node_output (node, j).spec));
  return minperiod;
}

static void
check_values (BkRun *run, guint64 bars, ValueCheck *check)
{
  GPtrArray *named = bk_run_get_named (run);

  check->waiting = g_ptr_array_new ();
  check->needed = G_MAXUINT;
  for (guint i = 0; i < named->len; i++)
    {
      BkNode *node = g_ptr_array_index (named, i);
      guint minperiod = node_minperiod (node);

      check->needed = MIN (check->needed, minperiod);
      if (bk_node_get_n_outputs (node) > 0 && bars < minperiod)
        g_ptr_array_add (check->waiting, node);
    }
  check->no_values = named->len > 0 && check->waiting->len == named->len;
}

/* One sentence for the summary and the JSON, or NULL when every named
 * indicator produced a value. */
static char *
describe_values (const ValueCheck *check, guint64 bars)
{
  if (check->no_values)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: the data is too short for any indicator
                                          * of the strategy; %llu is the number of bars, %u the
                                          * fewest any indicator needs. */
                                         "No indicator produced a value: the data has %llu bar and "
                                         "the indicators need at least %u.",
                                         "No indicator produced a value: the data has %llu bars and "
                                         "the indicators need at least %u.", bars),
                            (unsigned long long) bars, check->needed);
  if (check->waiting->len == 0)
    return NULL;

  g_autoptr(GString) list = g_string_new (NULL);
  for (guint i = 0; i < check->waiting->len; i++)
    {
      BkNode *node = g_ptr_array_index (check->waiting, i);
      if (i > 0)
        g_string_append (list, ", ");
      /* Translators: a named indicator and the bars it needs, in a list. */
      g_string_append_printf (list, _("%s (needs %u)"), bk_node_get_name (node), node_minperiod (node));
    }
  /* Translators: %s is a list of indicators, "macd (needs 34), cci (needs 20)". */
  return g_strdup_printf (_("Too few bars for a value from %s."), list->str);
}

static JsonObject *
results_json (const BkBroker *broker, gboolean with_time, const ValueCheck *check, const char *values_message)
{
  JsonObject *o = json_object_new ();
  BkResults r;

  bk_broker_get_results (broker, &r);
  json_object_set_double_member (o, "start_cash", r.start_cash);
  json_object_set_double_member (o, "final_value", r.final_value);
  json_object_set_double_member (o, "final_cash", r.final_cash);
  json_object_set_double_member (o, "position", r.position);
  json_object_set_double_member (o, "total_return", r.total_return);
  json_object_set_double_member (o, "annual_return", r.annual_return);
  json_object_set_double_member (o, "max_drawdown", r.max_drawdown);
  json_object_set_int_member (o, "max_drawdown_bars", r.max_drawdown_bars);
  json_object_set_double_member (o, "sharpe", r.sharpe);
  json_object_set_int_member (o, "n_trades", r.n_trades);
  json_object_set_double_member (o, "win_rate", r.win_rate);
  json_object_set_double_member (o, "profit_factor", r.profit_factor);
  json_object_set_int_member (o, "rejected_orders", r.rejected_orders);
  json_object_set_int_member (o, "n_orders", r.n_orders);
  JsonObject *statuses = bk_json_object_add_object (o, "orders_by_status");
  for (guint i = 0; i < BK_ORDER_N_STATUS; i++)
    json_object_set_int_member (statuses, bk_order_status_name (i), r.status_count[i]);
  json_object_set_int_member (o, "skipped_entries", r.skipped_entries);
  json_object_set_int_member (o, "invalid_prices", r.invalid_prices);
  json_object_set_int_member (o, "n_long", r.n_long);
  json_object_set_int_member (o, "n_short", r.n_short);
  json_object_set_int_member (o, "n_won", r.n_won);
  json_object_set_int_member (o, "n_lost", r.n_lost);
  json_object_set_double_member (o, "largest_win", r.largest_win);
  json_object_set_double_member (o, "largest_loss", r.largest_loss);
  json_object_set_int_member (o, "dropped_orders", r.dropped_orders);
  json_object_set_int_member (o, "dropped_trades", r.dropped_trades);
  /* As the backtrader reference corpus has them (bk-trades.h). */
  json_object_set_array_member (o, "orders", bk_broker_orders_to_json (broker, with_time));
  json_object_set_array_member (o, "trades", bk_broker_trades_to_json (broker, with_time));
  json_object_set_member (o, "open_trade", bk_broker_open_trade_to_json (broker, with_time));
  /* backtrader's analyzers, key for key (bk-analyzers.h). */
  json_object_set_object_member (o, "analyzers", bk_analyzers_to_json (bk_broker_get_analyzers (broker)));
  json_object_set_boolean_member (o, "no_values", check->no_values);
  JsonArray *waiting = bk_json_object_add_array (o, "indicators_without_values");
  for (guint i = 0; i < check->waiting->len; i++)
    json_array_add_string_element (waiting, bk_node_get_name (g_ptr_array_index (check->waiting, i)));
  if (values_message != NULL)
    bk_json_object_set_text (o, "values_message", values_message);
  return o;
}

/* What the CSV reader found, as the "data" object of the statistics. */
static JsonObject *
data_json (const char *name, BkCsvReader *csv, BkResampler *resampler)
{
  JsonObject *o = json_object_new ();
  const GArray *skipped = bk_csv_reader_get_skipped_lines (csv);
  const char *first_warning = bk_csv_reader_get_first_warning (csv);

  bk_json_object_set_text (o, "path", name);
  bk_json_object_set_text (o, "encoding", bk_csv_reader_get_encoding (csv));
  json_object_set_boolean_member (o, "reversed", bk_csv_reader_get_reversed (csv));
  json_object_set_boolean_member (o, "headerless", bk_csv_reader_get_headerless (csv));
  json_object_set_boolean_member (o, "ticks", bk_csv_reader_get_ticks (csv));
  json_object_set_boolean_member (o, "single_price", bk_csv_reader_get_single_price (csv));
  json_object_set_int_member (o, "rows", bk_csv_reader_get_rows (csv));
  static const char *const resolutions[] = { "days", "minutes", "seconds", "milliseconds" };
  bk_json_object_set_text (o, "time_resolution", resolutions[bk_csv_reader_get_time_resolution (csv)]);
  json_object_set_int_member (o, "ticks_out_of_order", bk_csv_reader_get_n_out_of_order (csv));
  json_object_set_int_member (o, "rows_left_out", bk_csv_reader_get_n_skipped (csv));
  if (resampler != NULL)
    {
      g_autofree char *period = bk_period_format (bk_resampler_get_period (resampler));
      bk_json_object_set_text (o, bk_resampler_get_mode (resampler) == BK_RESAMPLE ? "resample" : "replay", period);
    }
  JsonArray *lines = bk_json_object_add_array (o, "skipped_lines");
  for (guint i = 0; skipped != NULL && i < skipped->len; i++)
    json_array_add_int_element (lines, g_array_index (skipped, guint64, i));
  json_object_set_int_member (o, "warnings", bk_csv_reader_get_n_warnings (csv));
  if (first_warning != NULL)
    bk_json_object_set_text (o, "first_warning", first_warning);
  else
    json_object_set_null_member (o, "first_warning");
  return o;
}

static char *
format_run_json (BkRun *run, BkSource *source, const BkReport *report, const ValueCheck *check,
                 const char *values_message)
{
  BkStrategy *strategy = bk_run_get_strategy (run);
  double elapsed = bk_run_get_elapsed (run);
  BkCsvReader *csv = bk_source_get_csv (source);
  g_autoptr(JsonObject) object = json_object_new ();
  GString *out = g_string_new (NULL);

  JsonObject *about = bk_json_object_add_object (object, "strategy");
  bk_json_object_set_text (about, "id", bk_strategy_get_id (strategy));
  bk_json_object_set_text (about, "name", bk_strategy_get_name (strategy));
  bk_json_object_set_text (object, "data", bk_run_get_source_name (run));
  json_object_set_int_member (object, "mode", report->mode);
  bk_json_object_set_text (object, "mode_label", bk_mode_label (report->mode));
  json_object_set_string_member (object, "precision", report->precision == BK_PRECISION_F64 ? "f64" : "f32");
  JsonObject *stats = bk_json_object_add_object (object, "stats");
  json_object_set_int_member (stats, "bars", report->bars);
  json_object_set_double_member (stats, "elapsed_seconds", elapsed);
  json_object_set_double_member (stats, "bars_per_second", elapsed > 0 ? report->bars / elapsed : NAN);
  if (csv != NULL)
    json_object_set_object_member (stats, "data", data_json (bk_run_get_source_name (run), csv,
                                                                    bk_source_get_resampler (source)));
  json_object_set_object_member (object, "memory", bk_report_to_json (report));
  json_object_set_object_member (object, "results",
                                 results_json (bk_run_get_broker (run), bk_run_has_time (run), check, values_message));
  bk_json_append_object (out, object);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
add_row (BkCliTable *table, const char *label, char *value)
{
  bk_cli_table_add (table, label);
  bk_cli_table_add (table, value);
  g_free (value);
}

static void
add_results_rows (BkCliTable *table, const BkBroker *broker)
{
  BkResults r;
  char sharpe[32], annual[32];

  bk_broker_get_results (broker, &r);
  /* Translators: the run summary is a table of labels ending in a colon
   * and values; its columns line up by display width. */
  add_row (table, _("Final value:"),
           g_strdup_printf (_("%.2f (cash %.2f, start %.2f)"), r.final_value, r.final_cash, r.start_cash));
  if (isnan (r.sharpe))
    /* Translators: the Sharpe ratio when it cannot be computed. */
    g_strlcpy (sharpe, _("n/a"), sizeof sharpe);
  else
    g_snprintf (sharpe, sizeof sharpe, "%.2f", r.sharpe);
  /* A yearly return needs more than one bar's time. */
  if (isnan (r.annual_return))
    g_strlcpy (annual, _("n/a"), sizeof annual);
  else
    g_snprintf (annual, sizeof annual, "%.2f%%", r.annual_return * 100.0);
  add_row (table, _("Return:"),
           /* Translators: the second %s is a percentage ("12.34%") or "n/a". */
           g_strdup_printf (_("%.2f%% total, %s a year; Sharpe ratio %s"), r.total_return * 100.0, annual, sharpe));
  add_row (table, _("Maximum drawdown:"),
           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.2f%%, longest %llu bar", "%.2f%%, longest %llu bars",
                                         r.max_drawdown_bars),
                            r.max_drawdown * 100.0, (unsigned long long) r.max_drawdown_bars));
  if (r.n_trades > 0)
    add_row (table, _("Trades:"),
             g_strdup_printf (_("%u closed, %.1f%% won, profit factor %.2f"), r.n_trades,
                              r.win_rate * 100.0, r.profit_factor));
  else
    add_row (table, _("Trades:"),
             /* Translators: no trade was closed. */
             g_strdup (_("none")));
  if (r.n_trades > 0)
    add_row (table, _("Long and short:"),
             g_strdup_printf (_("%llu long, %llu short; largest win %.2f, largest loss %.2f"),
                              (unsigned long long) r.n_long, (unsigned long long) r.n_short,
                              r.largest_win, r.largest_loss));
  if (r.n_orders > 0)
    add_row (table, _("Orders:"),
             /* Translators: what became of the orders a run made: refused
              * for want of cash (when made or at the fill), rejected with
              * an entry that was refused (its stop and target), canceled,
              * expired, still waiting at the end. */
             g_strdup_printf (_("%llu made: %llu filled, %llu refused for want of cash, %llu rejected with their "
                                "entry, %llu canceled, %llu expired, %llu waiting"),
                              (unsigned long long) r.n_orders,
                              (unsigned long long) r.status_count[BK_ORDER_COMPLETED],
                              (unsigned long long) r.status_count[BK_ORDER_MARGIN],
                              (unsigned long long) r.status_count[BK_ORDER_REJECTED],
                              (unsigned long long) r.status_count[BK_ORDER_CANCELED],
                              (unsigned long long) r.status_count[BK_ORDER_EXPIRED],
                              (unsigned long long) (r.status_count[BK_ORDER_SUBMITTED]
                                                    + r.status_count[BK_ORDER_ACCEPTED]
                                                    + r.status_count[BK_ORDER_PARTIAL])));
  if (r.skipped_entries > 0 || r.invalid_prices > 0)
    add_row (table, _("Entries not made:"),
             g_strdup_printf (_("%llu of no units, %llu with a price that is not a positive number"),
                              (unsigned long long) r.skipped_entries, (unsigned long long) r.invalid_prices));
  if (r.dropped_orders > 0 || r.dropped_trades > 0)
    add_row (table, _("History:"),
             /* Translators: in memory mode 1 only the newest orders and
              * trades are kept (--keep-trades); the counts above are of all. */
             g_strdup_printf (_("%llu older orders and %llu older trades not kept (counts are of all)"),
                              (unsigned long long) r.dropped_orders, (unsigned long long) r.dropped_trades));
}

/* backtrader's analyzers, in short: won and lost by side, streaks, SQN,
 * exposure and the annual returns (AnnualReturn). */
#define YEARS_A_ROW 5

static void
add_analyzer_rows (BkCliTable *table, const BkAnalyzers *analyzers)
{
  BkAnalysis a;
  char sqn[32];

  bk_analyzers_get_analysis (analyzers, &a);
  /* A run that never traded has nothing to show here. */
  if (a.total == 0)
    return;
  if (a.closed > 0)
    {
      add_row (table, _("Won and lost:"),
               /* Translators: closed trades won (pnl after commission >= 0) and lost, by side. */
               g_strdup_printf (_("long %llu won, %llu lost; short %llu won, %llu lost"),
                                (unsigned long long) a.long_side.won.count, (unsigned long long) a.long_side.lost.count,
                                (unsigned long long) a.short_side.won.count,
                                (unsigned long long) a.short_side.lost.count));
      add_row (table, _("Streaks:"),
               /* Translators: the longest runs of won and of lost trades in a row. */
               g_strdup_printf (_("at most %llu won and %llu lost in a row"),
                                (unsigned long long) a.streak_won_longest, (unsigned long long) a.streak_lost_longest));
      if (isnan (a.sqn))
        g_strlcpy (sqn, _("n/a"), sizeof sqn);
      else
        g_snprintf (sqn, sizeof sqn, "%.2f", a.sqn);
      add_row (table, _("SQN:"),
               /* Translators: Van Tharp's system quality number ("1.85" or "n/a") and the trades it is of. */
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s over %llu trade", "%s over %llu trades", a.sqn_trades),
                                sqn, (unsigned long long) a.sqn_trades));
    }
  add_row (table, _("Exposure:"),
           /* Translators: the share of bars at whose close a position was held. */
           g_strdup_printf (_("%.1f%% of bars in a position"), a.exposure * 100.0));
  /* AnnualReturn, YEARS_A_ROW years a row. */
  guint n_years = bk_analyzers_get_n_years (analyzers);
  for (guint first = 0; first < n_years; first += YEARS_A_ROW)
    {
      g_autoptr(GString) returns = g_string_new (NULL);
      guint last = MIN (first + YEARS_A_ROW, n_years) - 1;
      int first_year = 0, year = 0;
      double annual_return;

      for (guint i = first; i <= last; i++)
        {
          bk_analyzers_get_year (analyzers, i, &year, &annual_return);
          if (i == first)
            first_year = year;
          g_string_append_printf (returns, "%s%+7.2f%%", i > first ? "  " : "", annual_return * 100.0);
        }
      g_autofree char *label = first == last
                                 /* Translators: a row of the annual returns, of one calendar year. */
                                 ? g_strdup_printf (_("Return in %d:"), year)
                                 /* Translators: a row of the annual returns, one for each
                                  * calendar year from the first to the second. */
                                 : g_strdup_printf (_("Returns %d–%d:"), first_year, year);
      add_row (table, label, g_string_free (g_steal_pointer (&returns), FALSE));
    }
}

/* "sample.csv — 4965 bars in 3.1 ms, GB18030, read newest-first from the
 * end, 2 lines skipped (1, 250)": only what applies. */
/* ", resampled to 5min" or ", replayed as 5min". */
static void
describe_resampling (GString *text, BkResampler *resampler)
{
  if (resampler == NULL)
    return;
  g_autofree char *period = bk_period_format (bk_resampler_get_period (resampler));
  if (bk_resampler_get_mode (resampler) == BK_RESAMPLE)
    /* Translators: %s is a period, "5min", "1h", "1d". */
    g_string_append_printf (text, _(", resampled to %s"), period);
  else
    /* Translators: %s is a period, "5min", "1h", "1d". */
    g_string_append_printf (text, _(", replayed as %s"), period);
}

static char *
describe_data (BkRun *run, BkSource *source, BkCsvReader *csv, guint64 bars)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: the data row of the run summary: a file, its bars and
   * the time the run took. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s — %llu bar in %.1f ms", "%s — %llu bars in %.1f ms",
                                            bars),
                          bk_run_get_source_name (run), (unsigned long long) bars, bk_run_get_elapsed (run) * 1000.0);
  describe_resampling (text, bk_source_get_resampler (source));
  if (csv == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);
  /* Translators: what separates the facts of the data row ("GB18030, read
   * newest-first from the end"). */
  const char *separator = _(", ");
  if (g_strcmp0 (bk_csv_reader_get_encoding (csv), "UTF-8") != 0)
    g_string_append_printf (text, "%s%s", separator, bk_csv_reader_get_encoding (csv));
  if (bk_csv_reader_get_reversed (csv))
    g_string_append_printf (text, "%s%s", separator, _("read newest-first from the end"));
  if (bk_csv_reader_get_headerless (csv))
    /* Translators: a file without a header, read as date, open, high, low,
     * close, volume, amount (the order 通达信 exports use). */
    g_string_append_printf (text, "%s%s", separator, _("no header: read in 通达信 column order"));
  g_autofree char *ticks = bk_csv_reader_describe_ticks (csv);
  if (ticks != NULL)
    g_string_append_printf (text, "%s%s", separator, ticks);

  const GArray *skipped = bk_csv_reader_get_skipped_lines (csv);
  if (skipped != NULL && skipped->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);
      for (guint i = 0; i < skipped->len && i < 10; i++)
        g_string_append_printf (lines, "%s%" G_GUINT64_FORMAT, i > 0 ? ", " : "",
                                g_array_index (skipped, guint64, i));
      if (skipped->len > 10)
        g_string_append (lines, ", …");
      /* Translators: lines of the file that were not data (titles before
       * the header, trailers after the data); %s lists their numbers. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", %u line skipped (%s)",
                                                 ", %u lines skipped (%s)", skipped->len),
                              skipped->len, lines->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_summary (BkRun *run, BkSource *source, const BkReport *report, const char *values_message)
{
  BkStrategy *strategy = bk_run_get_strategy (run);
  BkCsvReader *csv = bk_source_get_csv (source);
  g_autoptr(BkCliTable) table = bk_cli_table_new ("ll", 1);

  add_row (table, _("Strategy:"),
           g_strdup_printf ("%s (%s)", bk_strategy_get_name (strategy), bk_strategy_get_id (strategy)));
  add_row (table, _("Data:"), describe_data (run, source, csv, report->bars));
  if (csv != NULL && bk_csv_reader_get_n_out_of_order (csv) > 0)
    {
      guint64 n = bk_csv_reader_get_n_out_of_order (csv);
      add_row (table, _("Warnings:"),
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: ticks earlier than the tick before
                                              * them, left out; %s is the first such message. */
                                             "%llu tick out of order, left out (first: %s)",
                                             "%llu ticks out of order, left out (first: %s)", n),
                                (unsigned long long) n, bk_csv_reader_get_first_out_of_order (csv)));
    }
  if (csv != NULL && bk_csv_reader_get_n_skipped (csv) > 0)
    {
      guint64 n = bk_csv_reader_get_n_skipped (csv);
      add_row (table, _("Warnings:"),
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: in a live feed, rows that could not be
                                              * read (malformed, out of order), left out; %s is the
                                              * first such message. */
                                             "%llu row that could not be read, left out (first: %s)",
                                             "%llu rows that could not be read, left out (first: %s)", n),
                                (unsigned long long) n, bk_csv_reader_get_first_skipped (csv)));
    }
  guint64 sanity = csv != NULL ? bk_csv_reader_get_n_warnings (csv) - bk_csv_reader_get_n_out_of_order (csv)
                                 - bk_csv_reader_get_n_skipped (csv) : 0;
  if (sanity > 0)
    {
      guint64 n = sanity;
      const char *first = bk_csv_reader_get_first_warning (csv);
      add_row (table, _("Warnings:"),
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: with --lenient, bars that failed a sanity
                                              * check (high below low...); the second %s is the
                                              * first such message. */
                                             "%llu bar failed a sanity check (first: %s)",
                                             "%llu bars failed a sanity check (first: %s)", n),
                                (unsigned long long) n, first != NULL ? first : "?"));
    }
  if (values_message != NULL)
    add_row (table, _("Indicators:"), g_strdup (values_message));
  add_row (table, _("Memory mode:"),
           g_strdup_printf (_("%d (%s), precision %s"), (int) report->mode, _(bk_mode_label (report->mode)),
                            report->precision == BK_PRECISION_F64 ? "f64" : "f32"));
  add_row (table, _("Line storage:"),
           g_strdup_printf (_("%llu bytes; resident memory %.1f MiB"),
                            (unsigned long long) report->total_bytes, report->rss_bytes / 1048576.0));
  add_results_rows (table, bk_run_get_broker (run));
  add_analyzer_rows (table, bk_run_get_analyzers (run));

  g_autofree char *text = bk_cli_table_format (table);
  /* The last line is backtrader's, word for word, for scripts that
   * compare the two: it is not translated. */
  return g_strdup_printf ("%sTotal memory cells used: %" G_GUINT64_FORMAT "\n", text, report->total_cells);
}

int
bk_cli_cmd_run (int argc, char **argv)
{
  g_autofree char *data = NULL, *mode_text = NULL, *precision_text = NULL, *dump_path = NULL, *max_memory_text = NULL;
  gboolean lendetails = FALSE, json = FALSE, lenient = FALSE;
  BkMode mode = BK_MODE_KEEP_ALL;
  BkPrecision precision;
  guint64 max_memory = 0;   /* 0: the engine's default */
  gint keep_trades = BK_BROKER_DEFAULT_KEEP;
  int status = 0;
  GError *error = NULL;
  BkOutputFile output = { 0 };
  g_autoptr(BkDump) dump = NULL;
  g_auto(BkCliLive) live = { 0 };
  g_autofree char *resample_text = NULL, *replay_text = NULL;
  BkCliResample resample;

  if (!bk_cli_parse ("run", &argc, &argv, &status, "data", &data, "lenient", &lenient, "mode", &mode_text,
                     "precision", &precision_text, "max-memory", &max_memory_text, "lendetails", &lendetails,
                     "dump", &dump_path, "json", &json, "keep-trades", &keep_trades, "follow", &live.follow,
                     "events", &live.events, "status-every", &live.status_every, "max-gap", &live.max_gap,
                     "strict", &live.strict, "resample", &resample_text, "replay", &replay_text, NULL)
      || !bk_cli_live_check_options (&live, data, &status)
      || !bk_cli_parse_resample (resample_text, replay_text, &resample, &status)
      || !bk_cli_parse_mode (mode_text, &mode, &status)
      || !bk_cli_parse_precision (precision_text, &precision, &status)
      || (max_memory_text != NULL && !bk_cli_parse_size ("--max-memory", max_memory_text, &max_memory, &status)))
    return status;
  if (argc > 2)
    return bk_cli_usage_error (_("run takes one strategy, got '%s' too"), argv[2]);
  if (keep_trades < 1)
    return bk_cli_usage_error (_("--keep-trades must be a positive number, got %d"), keep_trades);
  if (json && g_strcmp0 (dump_path, "-") == 0)
    return bk_cli_usage_error ("%s", _("--json and --dump - both write to standard output"));
  if (g_strcmp0 (live.events, "-") == 0 && g_strcmp0 (dump_path, "-") == 0)
    return bk_cli_usage_error ("%s", _("--events - and --dump - both write to standard output"));
  g_autoptr(BkBudget) budget = bk_cli_max_memory_budget (max_memory);

  const char *strategy_id = argc > 1 ? argv[1] : "memory-savings";
  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (strategy_id, TRUE, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  /* Never the price data or the strategy file this run reads. */
  const char *inputs[] = { strategy_id, data != NULL ? data : live.follow, NULL };
  if (!bk_cli_live_open_events (&live, inputs, &error))
    return bk_cli_fail (error);
  const gint *stop = bk_cli_live_install_stop ();
  g_autoptr(BkSource) source = bk_cli_live_open_source (&live, data, lenient, stop, &error);
  if (source == NULL)
    return bk_cli_fail (error);
  bk_cli_apply_resample (source, &resample);
  g_autoptr(BkRun) run = bk_run_new_full (strategy, mode, precision, BK_RUN_DEFAULT, budget, &error);
  if (run == NULL)
    return bk_cli_fail (error);
  bk_cli_live_attach (&live, run, source);
  /* Only mode 1 keeps a bounded history; the others keep every order. */
  if (mode == BK_MODE_MINIMAL)
    bk_run_set_keep_trades (run, keep_trades);

  if (dump_path != NULL)
    {
      if (!bk_output_file_open (&output, dump_path, BK_OUTPUT_DEFAULT, inputs, &error))
        return bk_cli_fail (error);
      dump = bk_dump_new (run, output.file);
      bk_run_set_bar_func (run, bk_dump_write_bar, dump);
    }
  gboolean ok = bk_run_execute (run, source, stop, &error);
  if (!bk_cli_live_ended (&live, run, ok, &error))
    {
      bk_output_file_close (&output, FALSE, NULL);
      return bk_cli_fail (error);
    }
  if (!bk_output_file_close (&output, TRUE, &error) || !bk_cli_live_finish (&live, &error))
    return bk_cli_fail (error);

  g_autoptr(BkReport) report = bk_report_new (run);
  ValueCheck check;
  check_values (run, report->bars, &check);
  g_autoptr(GPtrArray) waiting G_GNUC_UNUSED = check.waiting;   /* freed on every return */
  g_autofree char *values_message = describe_values (&check, report->bars);
  g_autofree char *text = NULL;
  if (json)
    text = format_run_json (run, source, report, &check, values_message);
  else if (lendetails)
    text = bk_report_format_lendetails (report);
  else
    text = format_summary (run, source, report, values_message);
  /* Standard output is flushed and checked as the command ends. */
  fputs (text, g_strcmp0 (dump_path, "-") == 0 ? stderr : stdout);
  return BK_EXIT_SUCCESS;
}

/* The columns the experiment and the comparison share: the mode, its
 * name, the cells and bytes its lines hold. */
static void
add_mode_headers (BkCliTable *table)
{
  /* Translators: the column headers of the experiment's and the
   * comparison's tables. */
  bk_cli_table_add (table, _("mode"));
  bk_cli_table_add (table, _("memory mode"));
  bk_cli_table_add (table, _("cells"));
  bk_cli_table_add (table, _("bytes"));
}

static void
add_mode_cells (BkCliTable *table, const BkReport *report)
{
  bk_cli_table_addf (table, "%d", (int) report->mode);
  bk_cli_table_add (table, _(bk_mode_label (report->mode)));
  bk_cli_table_addf (table, "%" G_GUINT64_FORMAT, report->total_cells);
  bk_cli_table_addf (table, "%" G_GUINT64_FORMAT, report->total_bytes);
}

/* backtrader's own figures (version 1.3.1.92 on yhoo-1996-2015.txt, 4965 bars). */
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
  gboolean lenient = FALSE;
  BkPrecision precision;
  int status = 0;
  GError *error = NULL;
  g_autoptr(BkCliTable) table = bk_cli_table_new ("rlrrrr", 2);
  g_autofree char *title = NULL, *warnings = NULL;

  if (!bk_cli_parse ("experiment", &argc, &argv, &status, "data", &data, "lenient", &lenient,
                     "precision", &precision_text, NULL)
      || !bk_cli_parse_precision (precision_text, &precision, &status))
    return status;
  if (argc > 1)
    return bk_cli_usage_error (_("experiment takes no arguments, got '%s'"), argv[1]);

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_assert (strategy != NULL);
  add_mode_headers (table);
  bk_cli_table_add (table, _("run (ms)"));
  bk_cli_table_add (table, _("backtrader 1.3.1.92"));
  for (guint i = 0; i < G_N_ELEMENTS (experiment_modes); i++)
    {
      g_autoptr(BkSource) source = bk_cli_open_source (data, lenient, &error);
      /* As backtrader's script: no analyzers. */
      g_autoptr(BkRun) run = source ? bk_run_new_full (strategy, experiment_modes[i].mode, precision,
                                                       BK_RUN_NO_ANALYZERS, NULL, &error) : NULL;
      if (run == NULL || !bk_run_execute (run, source, NULL, &error))
        return bk_cli_fail (error);
      g_autoptr(BkReport) report = bk_report_new (run);

      if (i == 0)
        {
          BkCsvReader *csv = bk_source_get_csv (source);
          guint64 n = csv != NULL ? bk_csv_reader_get_n_warnings (csv) : 0;

          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "backtrader's memory-savings experiment on %s (%llu bar), precision %s\n\n",
                                                "backtrader's memory-savings experiment on %s (%llu bars), precision %s\n\n",
                                                report->bars),
                                   bk_run_get_source_name (run), (unsigned long long) report->bars,
                                   precision == BK_PRECISION_F64 ? "f64" : "f32");
          if (n > 0)
            {
              const char *first = bk_csv_reader_get_first_warning (csv);
              warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* Translators: with --lenient; the second %s is
                                                        * the first bar's message (FILE:LINE:COLUMN: problem). */
                                                       "Warnings: %llu bar failed a sanity check (first: %s)\n",
                                                       "Warnings: %llu bars failed a sanity check (first: %s)\n", n),
                                          (unsigned long long) n, first != NULL ? first : "?");
            }
        }
      add_mode_cells (table, report);
      bk_cli_table_addf (table, "%.2f", bk_run_get_elapsed (run) * 1000.0);
      bk_cli_table_addf (table, "%" G_GUINT64_FORMAT, experiment_modes[i].seed_cells);
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s%s", title, text);
  if (warnings != NULL)
    g_print ("\n%s", warnings);
  g_print ("\n%s\n", _("The backtrader figures are those of its version 1.3.1.92 on yhoo-1996-2015.txt (4965 bars)."));
  return BK_EXIT_SUCCESS;
}

int
bk_cli_cmd_compare (int argc, char **argv)
{
  g_autofree char *data = NULL, *precision_text = NULL, *sample = NULL;
  gboolean lenient = FALSE, json = FALSE;
  BkPrecision precision;
  int status = 0;
  GError *error = NULL;

  g_autofree char *resample_text = NULL;
  BkCliResample resample;

  /* Not --replay: the comparison checks each bar's values as they end. */
  if (!bk_cli_parse ("compare", &argc, &argv, &status, "data", &data, "lenient", &lenient,
                     "precision", &precision_text, "json", &json, "resample", &resample_text, NULL)
      || !bk_cli_parse_precision (precision_text, &precision, &status)
      || !bk_cli_parse_resample (resample_text, NULL, &resample, &status))
    return status;
  if (argc > 2)
    return bk_cli_usage_error (_("compare takes one strategy, got '%s' too"), argv[2]);

  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (argc > 1 ? argv[1] : "memory-savings", TRUE, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  const char *path = data != NULL ? data : (sample = bk_source_find_sample (&error));
  if (path == NULL)
    return bk_cli_fail (error);
  const BkCsvOptions csv = { .lenient = lenient, .resample = resample.period, .resample_mode = resample.mode };
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, &csv, precision, NULL, NULL, NULL, &error);
  if (compare == NULL)
    return bk_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(GString) out = g_string_new (NULL);

      bk_json_object_set_text (object, "strategy", bk_strategy_get_id (strategy));
      bk_json_object_set_text (object, "data", path);
      json_object_set_string_member (object, "precision", precision == BK_PRECISION_F64 ? "f64" : "f32");
      json_object_set_object_member (object, "compare", bk_compare_to_json (compare));
      bk_json_append_object (out, object);
      g_string_append_c (out, '\n');
      fputs (out->str, stdout);
    }
  else
    {
      g_autoptr(BkCliTable) table = bk_cli_table_new ("rlrrrrrrr", 2);

      add_mode_headers (table);
      /* Translators: more column headers of the comparison's table. */
      bk_cli_table_add (table, _("RSS growth"));
      bk_cli_table_add (table, _("run (ms)"));
      bk_cli_table_add (table, _("bars/s"));
      bk_cli_table_add (table, _("final value"));
      bk_cli_table_add (table, _("trades"));
      for (guint i = 0; i < compare->n_modes; i++)
        {
          const BkCompareMode *mode = &compare->modes[i];
          const BkBroker *broker = bk_run_get_broker (mode->run);
          g_autofree char *growth = g_format_size_full (bk_compare_mode_rss_growth (mode), G_FORMAT_SIZE_IEC_UNITS);

          add_mode_cells (table, mode->report);
          bk_cli_table_add (table, growth);
          bk_cli_table_addf (table, "%.2f", mode->elapsed * 1000.0);
          bk_cli_table_addf (table, "%.0f", mode->bars_per_second);
          bk_cli_table_addf (table, "%.2f", broker->value);
          bk_cli_table_addf (table, "%u", broker->trades->len);
        }
      g_autofree char *text = bk_cli_table_format (table);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s in the four memory modes on %s (%llu bar), precision %s\n\n",
                            "%s in the four memory modes on %s (%llu bars), precision %s\n\n", compare->modes[0].bars),
               bk_strategy_get_name (strategy), path, (unsigned long long) compare->modes[0].bars,
               precision == BK_PRECISION_F64 ? "f64" : "f32");
      g_print ("%s\n", text);
      if (compare->difference == NULL)
        g_print ("%s\n", _("Identical in all four modes: every bar's values and the results."));
      else
        g_print (_("Not identical: %s\n"), compare->difference);
    }
  return compare->difference == NULL ? BK_EXIT_SUCCESS : BK_EXIT_FAILURE;
}
