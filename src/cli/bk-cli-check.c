/* bk-cli-check.c — `barkeep-cli check` and `barkeep-cli indicators`: what
 * a strategy builds and what the library offers. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bk-cli-private.h"
#include "bk-strategy-file.h"
#include "bk-error.h"
#include "bk-indicator.h"
#include "bk-parser.h"

static const BkMode check_modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

static char *
describe_storage (BkGraph *graph, BkLineSpec *spec, BkMode mode)
{
  guint ring;

  if (bk_line_spec_is_whole_in (spec, mode))
    /* Translators: a line kept whole (every value since the first bar). */
    return g_strdup (_("whole"));
  ring = bk_graph_get_ring_in (graph, spec, mode);
  if (ring == 0)
    /* Translators: a line not kept at all: the operations that read it
     * compute it themselves (it is fused into them). */
    return g_strdup (_("fused"));
  /* Translators: a line kept as a ring of %u values. */
  return g_strdup_printf (_("ring %u"), ring);
}

static char *line_owner_path (BkLineSpec *spec);

/* What fusion does in mode 1: the operations computed in their readers,
 * the windows that compute their input again, and the cells it saves. */
static void
print_fused (BkGraph *graph, guint64 saved)
{
  gboolean any = FALSE;

  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      BkNode *node = bk_graph_get_node (graph, i);
      gboolean fused = bk_graph_is_fused_in (graph, node, BK_MODE_MINIMAL);

      if (!fused && !bk_graph_recomputes_in (graph, node, BK_MODE_MINIMAL))
        continue;
      if (!any)
        g_print ("%s\n", _("Fused in mode 1:"));
      any = TRUE;
      g_autofree char *path = line_owner_path (bk_node_get_output (node, 0));
      if (fused)
        /* Translators: an operation whose line is not kept: every operation
         * or window that reads it computes it itself. */
        g_print (_("  %s: computed by its readers, no line kept\n"), path);
      else
        {
          BkInput input = bk_node_get_input (node, 0);
          /* Translators: a moving window (SMA) that computes its input's
           * values (the second %s) again from what the input is made of,
           * instead of keeping them in a ring. */
          g_print (_("  %s: computes %s again from its operands, as far back as it reads\n"), path,
                   bk_node_get_label (bk_line_spec_get_writer (input.spec)));
        }
    }
  if (any)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Fusion saves %llu cell in mode 1 (BARKEEP_NO_FUSION=1 turns it off).\n",
                          "Fusion saves %llu cells in mode 1 (BARKEEP_NO_FUSION=1 turns it off).\n", saved),
             (unsigned long long) saved);
}

static char *
line_owner_path (BkLineSpec *spec)
{
  GString *path = g_string_new (NULL);
  BkNode *owner = bk_line_spec_get_owner (spec);

  for (BkNode *node = owner; node != NULL; node = bk_node_get_parent (node))
    {
      const char *name = bk_node_get_name (node);
      g_string_prepend (path, name != NULL ? name : bk_node_get_label (node));
      if (bk_node_get_parent (node) != NULL)
        g_string_prepend (path, " / ");
    }
  /* An expression's one line is the expression itself. */
  if (bk_node_get_role (owner) != BK_ROLE_EXPRESSION || bk_node_get_n_outputs (owner) > 1)
    g_string_append_printf (path, ".%s", bk_line_spec_get_name (spec));
  return g_string_free (path, FALSE);
}

/* A number as a person writes it: 100000, 0.5, 1e-05. */
static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.12g", value));
}

/* A fraction as a percentage: 0.001 is "0.1 %". */
static char *
format_percent (double fraction)
{
  g_autofree char *number = format_number (fraction * 100.0);

  return g_strdup_printf ("%s %%", number);
}

/* Prints a message of a table, translated, with its one %s filled in. */
static void
print_filled (const char *format, const char *text)
{
  const char *at = strstr (format, "%s");

  g_return_if_fail (at != NULL);
  g_print ("%.*s%s%s", (int) (at - format), format, text, at + 2);
}

/* A value of [rules] as the file wrote it, or as the build has it. */
static char *
describe_value (BkStrategy *strategy, const char *key, BkInput input)
{
  const char *text = bk_strategy_file_get_text (strategy, key);

  return text != NULL ? g_strdup (text) : bk_input_describe (input);
}

/* What the strategy does, in words: its rules from the warm-up on, its
 * entry orders and their exits, its size, and its broker. */
static void
print_orders (BkStrategy *strategy, const BkStrategyBuild *build)
{
  static const char *const rule_keys[BK_RULE_N] = { "buy", "sell", "short", "cover" };
  const BkBrokerSettings *broker = bk_strategy_get_broker_settings (strategy);

  /* Translators: %u is a bar's number, 1 for the first; `check` lists the rules after it */
  g_print (_("\nRules, read from bar %u on (once every named indicator has a value):\n"), build->warmup);
  for (guint r = 0; r < BK_RULE_N; r++)
    {
      g_autofree char *text = build->has_rule[r] ? describe_value (strategy, rule_keys[r], build->rule[r])
                                                 /* Translators: a rule the file does not give */
                                                 : g_strdup (_("(not given: never fires)"));
      g_print ("  %-6s %s\n", rule_keys[r], text);
    }

  g_autofree char *price = build->has_entry_price ? describe_value (strategy, "entry_price", build->entry_price) : NULL;
  g_autofree char *limit = build->has_entry_limit ? describe_value (strategy, "entry_limit", build->entry_limit) : NULL;
  g_autofree char *entry = NULL;
  switch (build->entry)
    {
    case BK_ENTRY_MARKET:
      entry = g_strdup (_("a market order, filled at the next bar's open"));
      break;
    case BK_ENTRY_CLOSE:
      entry = g_strdup (_("a market order, filled at the next bar's close"));
      break;
    case BK_ENTRY_LIMIT:
      /* Translators: %s is the limit price as the file writes it */
      entry = g_strdup_printf (_("a limit order at %s or better"), price);
      break;
    case BK_ENTRY_STOP:
      /* Translators: %s is the stop price as the file writes it */
      entry = g_strdup_printf (_("a stop order, a market order once the price reaches %s"), price);
      break;
    case BK_ENTRY_STOPLIMIT:
      /* Translators: the stop price, then the limit price, as the file writes them */
      entry = g_strdup_printf (_("a stop-limit order: once the price reaches %s, a limit order at %s"), price, limit);
      break;
    default:
      g_return_if_reached ();
    }
  g_autofree char *valid = build->entry_valid > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "it waits %u bar, then expires", "it waits %u bars, then expires",
                                    build->entry_valid), build->entry_valid)
    /* Translators: what an unfilled entry order does when entry_valid is not given */
    : g_strdup (_("it waits until it fills or a new signal replaces it"));
  if (build->entry_valid > 0 || build->has_entry_price)
    /* Translators: an entry order described, then how long it waits */
    g_print (_("Entry: %s; %s\n"), entry, valid);
  else
    /* Translators: an entry order described */
    g_print (_("Entry: %s\n"), entry);

  g_autofree char *size = describe_value (strategy, "size", build->size);
  g_autofree char *rounding = broker->fractional ? g_strdup (_("fractional units allowed"))
                              : broker->lot > 1 ? g_strdup_printf (_("rounded down to lots of %u"), broker->lot)
                              : g_strdup (_("rounded down to whole units"));
  /* Translators: the size as the file writes it, then how it is rounded */
  g_print (_("Size: %s units, read at the signal bar, %s\n"), size, rounding);

  /* The exits of an entry, each a value of [rules] (NULL key: the trail's
   * fraction). */
  const struct { gboolean given; const char *key; BkInput value; const char *format; } exits[] = {
    { build->has_stop_loss, "stop_loss", build->stop_loss,
      /* Translators: the stop price as the file writes it */
      N_("Stop loss: a stop order at %s, live from the bar after the entry fills\n") },
    { build->has_take_profit, "take_profit", build->take_profit,
      /* Translators: the target price as the file writes it */
      N_("Take profit: a limit order at %s, one-cancels-other with the stop\n") },
    { build->trail_percent > 0, NULL, bk_input_const (build->trail_percent),
      /* Translators: a percentage ("5 %") or a distance in price as the file writes it */
      N_("Trailing stop: %s from the best close since the entry\n") },
    { build->has_trail_amount, "trail_amount", build->trail_amount,
      N_("Trailing stop: %s from the best close since the entry\n") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (exits); i++)
    if (exits[i].given)
      {
        g_autofree char *text = exits[i].key != NULL ? describe_value (strategy, exits[i].key, exits[i].value)
                                                     : format_percent (exits[i].value.value);
        print_filled (_(exits[i].format), text);
      }

  g_autofree char *cash = format_number (broker->cash);
  /* Translators: the starting cash */
  g_print (_("Broker: starting cash %s\n"), cash);
  if (broker->commission == 0 && broker->commission_per_unit == 0)
    g_print ("  %s\n", _("no commission"));
  const struct { double value; gboolean percent; const char *format; } costs[] = {
    /* Translators: a percentage, "0.1 %" */
    { broker->commission, TRUE, N_("  commission %s of the traded value\n") },
    /* Translators: an amount of money */
    { broker->commission_per_unit, FALSE, N_("  commission %s a unit traded\n") },
    /* Translators: an amount of money */
    { broker->commission_min, FALSE, N_("  at least %s of commission a fill\n") },
    /* Translators: a percentage, "0.05 %" */
    { broker->stamp_duty, TRUE, N_("  stamp duty %s of the value of every sale\n") },
    /* Translators: a percentage, "0.1 %" */
    { broker->slippage_percent, TRUE, N_("  slippage %s of the price, within the bar's range\n") },
    /* Translators: an amount of price */
    { broker->slippage_fixed, FALSE, N_("  slippage %s in price, within the bar's range\n") },
  };
  for (guint i = 0; i < G_N_ELEMENTS (costs); i++)
    if (costs[i].value > 0)
      {
        g_autofree char *text = costs[i].percent ? format_percent (costs[i].value) : format_number (costs[i].value);
        print_filled (_(costs[i].format), text);
      }
  if (broker->cheat_on_close)
    g_print ("  %s\n", _("cheat-on-close: market orders fill at the signal bar's close"));
}

/* The rows of a price file, counted before reading any: its lines but an
 * empty one and a header (a first line that starts with a letter); -1 when
 * the size cannot be known (standard input, a FIFO). */
static gint64
count_data_rows (const char *path, GError **error)
{
  if (strcmp (path, "-") == 0 || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return -1;

  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return -2;
  const char *text = g_mapped_file_get_contents (mapped);
  gsize length = g_mapped_file_get_length (mapped);
  gint64 rows = 0;

  for (gsize start = 0; start < length;)
    {
      const char *newline = memchr (text + start, '\n', length - start);
      gsize end = newline != NULL ? (gsize) (newline - text) : length;
      gboolean empty = end == start || (end == start + 1 && text[start] == '\r');

      if (!empty && !(start == 0 && g_ascii_isalpha (text[0])))
        rows++;
      start = end + 1;
    }
  return rows;
}

/* A file of ticks says so ("ticks, 135 rows, millisecond times"): read
 * through, as only the reader knows. */
static gboolean
report_ticks (const char *data, const char *shown, GError **error)
{
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new (data, NULL, error);
  BkBar bar;

  if (reader == NULL)
    return FALSE;
  while (bk_csv_reader_next (reader, &bar, error))
    ;
  if (error != NULL && *error != NULL)
    return FALSE;
  g_autofree char *ticks = bk_csv_reader_describe_ticks (reader);
  if (ticks != NULL)
    g_print ("%s: %s\n", shown, ticks);
  return TRUE;
}

/* How many bars each mode keeps under the budget, and whether --data's
 * rows fit in --mode; FALSE with `error` set when they do not. */
static gboolean
report_budget (BkGraph *graph, BkBudget *budget, const char *data, BkMode mode, GError **error)
{
  g_autofree char *limit = bk_budget_format_limit (budget);
  guint64 fit = 0;

  /* Translators: %s is the limit, "64.0 MiB (--max-memory)". */
  g_print (_("\nUnder the memory limit of %s a run keeps:\n"), limit);
  for (guint m = 0; m < G_N_ELEMENTS (check_modes); m++)
    {
      guint64 fixed, per_bar;
      guint64 bars = bk_graph_get_bars_within (graph, check_modes[m], BK_PRECISION_F64, bk_budget_get_limit (budget));

      bk_graph_get_plan_bytes (graph, check_modes[m], BK_PRECISION_F64, &fixed, &per_bar);
      if (check_modes[m] == mode)
        fit = bars;
      if (bars == G_MAXUINT64)
        /* Translators: a memory mode, 1; "any number" of bars fits in it. */
        g_print (_("  mode %d: any number of bars\n"), (int) check_modes[m]);
      else if (bars == 0)
        /* Translators: a memory mode, in which not one bar fits. */
        g_print (_("  mode %d: not one bar\n"), (int) check_modes[m]);
      else
        /* Translators: a memory mode, a number of bars and the bytes each bar adds. */
        g_print (g_dngettext (GETTEXT_PACKAGE, "  mode %d: up to %llu bar (%llu bytes a bar)\n",
                              "  mode %d: up to %llu bars (%llu bytes a bar)\n", bars),
                 (int) check_modes[m], (unsigned long long) bars, (unsigned long long) per_bar);
    }
  if (data == NULL)
    return TRUE;

  g_autofree char *shown = bk_escape_text (data, -1);
  gint64 rows = count_data_rows (data, error);
  if (rows == -2)
    return FALSE;
  if (rows < 0)
    {
      /* Translators: %s is a file (or "-", standard input). */
      g_print (_("%s: the number of bars cannot be known before reading; a run stops at the limit\n"), shown);
      return TRUE;
    }
  if ((guint64) rows > fit)
    {
      /* Translators: a file, its rows, the bars that fit, a memory mode and
       * the limit, "64.0 MiB (--max-memory)". */
      g_set_error (error, BK_ERROR, BK_ERROR_MEMORY,
                   _("%s: %llu rows, more than the %llu bars mode %d keeps under the memory limit of %s; "
                     "use mode 1 or -1, or raise the limit"),
                   shown, (unsigned long long) rows, (unsigned long long) fit, (int) mode, limit);
      return FALSE;
    }
  /* Translators: a file, its rows and a memory mode. */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %llu row, within the limit in mode %d\n",
                        "%s: %llu rows, within the limit in mode %d\n", rows),
           shown, (unsigned long long) rows, (int) mode);
  return report_ticks (data, shown, error);
}

int
bk_cli_cmd_check (int argc, char **argv)
{
  g_autofree char *max_memory_text = NULL, *data = NULL, *mode_text = NULL;
  guint64 max_memory = 0;   /* 0: the engine's default */
  BkMode mode = BK_MODE_KEEP_ALL;
  int status = 0;
  GError *error = NULL;
  g_autoptr(BkCliTable) table = bk_cli_table_new ("lrrrrrr", 1);

  if (!bk_cli_parse ("check", &argc, &argv, &status, "max-memory", &max_memory_text, "data", &data,
                     "mode", &mode_text, NULL)
      || !bk_cli_parse_mode (mode_text, &mode, &status)
      || (max_memory_text != NULL && !bk_cli_parse_size ("--max-memory", max_memory_text, &max_memory, &status)))
    return status;
  if (argc != 2)
    return bk_cli_usage_error ("%s", _("check takes one strategy: a built-in name or a file"));
  g_autoptr(BkBudget) budget = bk_cli_max_memory_budget (max_memory);

  g_autoptr(BkStrategy) strategy = bk_cli_open_strategy (argv[1], FALSE, &error);
  if (strategy == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &error);
  if (run == NULL)
    return bk_cli_fail (error);

  BkGraph *graph = bk_run_get_graph (run);
  guint64 mode1_cells = 0, unfused_cells = 0;
  guint n_named = bk_run_get_named (run)->len, n_nodes = bk_graph_get_n_nodes (graph);
  guint n_lines = bk_graph_get_n_lines (graph);
  g_autofree char *named_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u named indicator",
                                                              "%u named indicators", n_named), n_named);
  g_autofree char *nodes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u node", "%u nodes", n_nodes), n_nodes);
  g_autofree char *lines_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n_lines), n_lines);
  /* Translators: a strategy's name and id, then its counts: "2 named
   * indicators", "31 nodes", "34 lines". */
  g_print (_("%s (%s): valid; %s, %s, %s\n\n"), bk_strategy_get_name (strategy), bk_strategy_get_id (strategy),
           named_text, nodes_text, lines_text);
  /* Translators: column headers of `check`; the last four are the memory modes. */
  bk_cli_table_add (table, _("line"));
  bk_cli_table_add (table, _("lookback"));
  bk_cli_table_add (table, _("minperiod"));
  for (guint m = 0; m < G_N_ELEMENTS (check_modes); m++)
    bk_cli_table_addf (table, "%d", (int) check_modes[m]);
  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      g_autofree char *path = line_owner_path (spec);

      bk_cli_table_add (table, path);
      bk_cli_table_addf (table, "%u", bk_line_spec_get_lookback (spec));
      bk_cli_table_addf (table, "%u", bk_line_spec_get_minperiod (spec));
      for (guint m = 0; m < G_N_ELEMENTS (check_modes); m++)
        {
          g_autofree char *storage = describe_storage (graph, spec, check_modes[m]);
          bk_cli_table_add (table, storage);
        }
      mode1_cells += bk_graph_get_ring_in (graph, spec, BK_MODE_MINIMAL);
      unfused_cells += MAX (bk_line_spec_get_lookback (spec), 1);
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  guint64 state = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    state += bk_node_get_state_cells (bk_graph_get_node (graph, i));
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "\nIn mode 1 the strategy keeps %llu cell (%llu in lines, %llu inside indicators), "
                        "whatever the number of bars.\n",
                        "\nIn mode 1 the strategy keeps %llu cells (%llu in lines, %llu inside indicators), "
                        "whatever the number of bars.\n", mode1_cells + state),
           (unsigned long long) (mode1_cells + state), (unsigned long long) mode1_cells,
           (unsigned long long) state);
  print_fused (graph, unfused_cells - mode1_cells);

  g_autoptr(BkGraph) scratch = bk_graph_new ();
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  BkStrategyBuild build = { .named = named };
  if (!bk_strategy_build (strategy, scratch, &build, &error))
    return bk_cli_fail (error);
  print_orders (strategy, &build);
  if (!report_budget (graph, budget, data, mode, &error))
    return bk_cli_fail (error);
  return BK_EXIT_SUCCESS;
}

/* One indicator: its call with the inputs and parameters it takes by
 * default, its lines, what it computes, its aliases and its formula. */
static void
print_indicator (const BkIndicatorDesc *desc)
{
  g_autoptr(GString) line = g_string_new (desc->name);

  g_string_append_c (line, '(');
  for (guint j = 0; j < desc->n_inputs; j++)
    /* Translators: what Oscillator(...) takes in the listing of indicators, instead of a price line */
    g_string_append_printf (line, "%s%s", j > 0 ? ", " : "",
                            desc->input_is_indicator ? _("indicator")
                                                     : bk_graph_feed_line_name (desc->default_inputs[j]));
  for (guint j = 0; j < desc->n_params; j++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (line, "%s%s=%s", j > 0 || desc->n_inputs > 0 ? ", " : "",
                              desc->params[j].name,
                              g_ascii_formatd (buf, sizeof buf, "%g", desc->params[j].default_value));
    }
  g_string_append (line, ") -> ");
  for (guint j = 0; j < desc->n_outputs; j++)
    {
      g_string_append_printf (line, "%s%s", j > 0 ? ", " : "", desc->outputs[j]);
      if (desc->output_aliases[j] != NULL)
        g_string_append_printf (line, " (%s)", desc->output_aliases[j]);
    }
  g_print ("%s\n    %s%s", line->str, desc->summary != NULL ? _(desc->summary) : "",
           desc->pane == BK_PANE_PRICE ? _(" (drawn over the price)") : "");
  if (desc->aliases[0] != NULL)
    {
      g_autofree char *aliases = g_strjoinv (", ", (char **) desc->aliases);
      g_print (_("; also %s"), aliases);
    }
  g_print ("\n");
  /* A formula shows how the indicator is made, one statement a line. */
  if (desc->formula != NULL)
    {
      g_auto(GStrv) statements = g_strsplit (desc->formula, "\n", -1);
      for (guint j = 0; statements[j] != NULL; j++)
        if (*statements[j] != '\0')
          g_print ("      %s\n", statements[j]);
    }
}

int
bk_cli_cmd_indicators (int argc, char **argv)
{
  int status = 0;

  if (!bk_cli_parse ("indicators", &argc, &argv, &status, NULL))
    return status;
  if (argc > 2)
    return bk_cli_usage_error ("%s", _("indicators takes at most one indicator's name"));
  if (argc == 2)
    {
      const BkIndicatorDesc *desc = bk_indicator_lookup (argv[1]);
      if (desc == NULL)
        {
          guint n = bk_indicator_get_n_types ();
          g_autofree const char **names = g_new0 (const char *, n);
          for (guint i = 0; i < n; i++)
            names[i] = bk_indicator_get_type (i)->name;
          const char *closest = bk_closest_name (argv[1], names, n);
          g_autofree char *hint = closest != NULL ? g_strdup_printf (_(" (did you mean '%s'?)"), closest) : g_strdup ("");
          g_autofree char *shown = bk_escape_text (argv[1], -1);
          GError *error = NULL;
          /* Translators: a name, and " (did you mean '...'?)" or nothing */
          g_set_error (&error, BK_ERROR, BK_ERROR_INVALID, _("unknown indicator '%s'%s"), shown, hint);
          return bk_cli_fail (error);
        }
      print_indicator (desc);
      return BK_EXIT_SUCCESS;
    }
  g_print ("%s\n\n", _("Each indicator with the inputs it reads when given none: as in backtrader, a one-input "
                       "indicator reads the data's first line, close (Highest(period=14) is the highest close; "
                       "Highest(high, period=14) the highest high)."));
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    print_indicator (bk_indicator_get_type (i));
  return BK_EXIT_SUCCESS;
}
