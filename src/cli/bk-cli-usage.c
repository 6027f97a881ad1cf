/* bk-cli-usage.c — barkeep-cli's one table of commands and options.
 *
 * The table dispatches a command line to its command, builds the options
 * each command parses, and writes the top-level usage, a command's
 * synopsis (after a usage error) and its --help.  A command binds its
 * variables to the table's options by name (bk_cli_parse), so the usage
 * cannot list an option the command does not take, nor miss one it does. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bk-cli-private.h"
#include "bk-parser.h"

#define SYNOPSIS_WIDTH 79
#define MAX_OPTIONS 24

typedef struct {
  const char *name;             /* without the leading "--" */
  char short_name;
  GOptionArg arg;
  const char *placeholder;      /* what the value looks like; NULL for a flag */
  const char *description;
  const char *alias_of;         /* an older name of that option: left out of synopses */
  gboolean required;
} CliOption;

typedef struct {
  const char *name;             /* "run", or a group and its command: "bench csv" */
  const char *arguments;        /* after the name, "[STRATEGY]" */
  const char *summary;
  int (*run) (int argc, char **argv);
  CliOption options[MAX_OPTIONS];
} CliCommand;

/* Options several commands share, with the same words everywhere. */
#define OPTION_DATA \
  { "data", 'd', G_OPTION_ARG_FILENAME, N_("FILE"), N_("Price data (CSV); default: the bundled sample") }
#define OPTION_LENIENT \
  { "lenient", 0, G_OPTION_ARG_NONE, NULL, \
    N_("Count bars that fail a sanity check (high below low...) as warnings instead of stopping") }
#define OPTION_RESAMPLE \
  { "resample", 0, G_OPTION_ARG_STRING, N_("PERIOD"), \
    N_("Make bars of PERIOD (30s, 1min, 5min, 1h, 1d, 1w...) from ticks or smaller bars, as backtrader's " \
       "resampledata: each bar once its period is over") }
#define OPTION_REPLAY \
  { "replay", 0, G_OPTION_ARG_STRING, N_("PERIOD"), \
    N_("Make bars of PERIOD as backtrader's replaydata: the strategy sees the bar as it forms, at every tick") }
#define OPTION_PRECISION \
  { "precision", 'p', G_OPTION_ARG_STRING, "f64|f32", N_("Stored values: f64 (default) or f32") }
#define OPTION_MODE(description) \
  { "mode", 'm', G_OPTION_ARG_STRING, "0|1|-1|-2", description }, \
  { "save", 's', G_OPTION_ARG_STRING, "0|1|-1|-2", N_("The older name of --mode"), "mode" }
#define OPTION_MAX_MEMORY \
  { "max-memory", 0, G_OPTION_ARG_STRING, N_("SIZE"), \
    N_("Bound what a run keeps (its lines, rings and trades) to SIZE (512M, 2G...; default: a quarter " \
       "of the memory); past it the run stops with an error") }
#define OPTION_CHUNK(description) \
  { "chunk", 0, G_OPTION_ARG_INT, N_("N"), description }
#define OPTION_JOBS \
  { "jobs", 0, G_OPTION_ARG_INT, "J", N_("Worker threads (default: the online cores)") }
#define OPTION_SEED \
  { "seed", 0, G_OPTION_ARG_INT64, N_("N"), N_("Random seed (default: the bundled sample's)") }

/* In the order of the top-level usage; a group's commands ("bench ...")
 * follow one another. */
static const CliCommand commands[] = {
  { "run", N_("[STRATEGY]"),
    N_("Runs a strategy (a built-in name or a file; default memory-savings) on price data in one memory "
       "mode and prints what its lines kept and its results, as backtrader's analyzers compute them. The "
       "Sharpe ratio is backtrader's SharpeRatio by days: the mean daily return over its sample standard "
       "deviation, times the square root of 252, with no risk-free rate."),
    bk_cli_cmd_run,
    { OPTION_DATA, OPTION_LENIENT,
      OPTION_MODE (N_("Memory mode: 0, 1, -1 or -2 (default 0)")),
      OPTION_PRECISION, OPTION_MAX_MEMORY,
      { "lendetails", 'l', G_OPTION_ARG_NONE, NULL, N_("Print every line's memory cells") },
      { "dump", 0, G_OPTION_ARG_FILENAME, N_("FILE|-"), N_("Write every bar's values as CSV (- for standard output)") },
      { "json", 'j', G_OPTION_ARG_NONE, NULL, N_("Print the memory report, statistics and results as JSON") },
      { "keep-trades", 0, G_OPTION_ARG_INT, N_("N"),
        N_("In memory mode 1, keep the newest N orders and trades (default 5000); counts stay exact") },
      OPTION_RESAMPLE, OPTION_REPLAY,
      { "follow", 'f', G_OPTION_ARG_FILENAME, N_("FILE"),
        N_("Read a price file as it grows, as tail -F does (across truncation and rotation), until stopped") },
      { "events", 0, G_OPTION_ARG_FILENAME, N_("FILE|-"),
        N_("Write each order, fill, trade and warning as a line of JSON as it happens (- for standard output)") },
      { "status-every", 0, G_OPTION_ARG_DOUBLE, N_("SECONDS"),
        N_("Also write a status line to --events every SECONDS: bars, ticks, speed, memory, position, value") },
      { "max-gap", 0, G_OPTION_ARG_DOUBLE, N_("SECONDS"),
        N_("Warn of two rows more than SECONDS apart (a gap in the feed)") },
      { "strict", 0, G_OPTION_ARG_NONE, NULL,
        N_("Stop at a malformed line, a row out of order, a gap or a broken connection instead of warning") } } },
  { "experiment", "",
    N_("Runs backtrader's memory-savings experiment: the sample strategy in each of the four memory modes, "
       "beside backtrader's figures."),
    bk_cli_cmd_experiment,
    { OPTION_DATA, OPTION_LENIENT, OPTION_PRECISION } },
  { "compare", N_("[STRATEGY]"),
    N_("Runs a strategy in the four memory modes and checks that every bar's values and the results "
       "are the same in each."),
    bk_cli_cmd_compare,
    { OPTION_DATA, OPTION_LENIENT, OPTION_PRECISION,
      { "json", 'j', G_OPTION_ARG_NONE, NULL, N_("Print the four runs as JSON") }, OPTION_RESAMPLE } },
  { "sweep", N_("STRATEGY"),
    N_("Runs a strategy over a grid of its parameters (backtrader's optstrategy), each combination in memory "
       "mode 1 on the data read once, and prints the results best first. A parameter is a number the file "
       "sets, named from it: sma.period, rules.size, broker.commission (barkeep-cli sweep STRATEGY --param x=1 "
       "with an unknown name lists them)."),
    bk_cli_cmd_sweep,
    { { "param", 'P', G_OPTION_ARG_STRING_ARRAY, N_("NAME=SPEC"),
        N_("A parameter and its values: A:B (A to B), A:B:STEP or a list a,b,c; repeat for each parameter"),
        NULL, TRUE },
      OPTION_DATA, OPTION_LENIENT,
      { "jobs", 'j', G_OPTION_ARG_INT, "J", N_("Worker threads (default: the online cores)") },
      { "sort", 0, G_OPTION_ARG_STRING, N_("METRIC"),
        N_("Best first by final_value (default), total_return, sharpe, max_drawdown, n_trades, win_rate, "
           "profit_factor...") },
      { "json", 0, G_OPTION_ARG_NONE, NULL, N_("Print the results as a JSON array") },
      { "csv", 0, G_OPTION_ARG_NONE, NULL, N_("Print the results as CSV: the parameters, then the metrics") },
      OPTION_MAX_MEMORY,
      { "yes", 'y', G_OPTION_ARG_NONE, NULL,
        N_("Run a grid that would take over ten minutes or has over 100,000 combinations") } } },
  { "gen sample", "",
    N_("Writes generated price bars as CSV; by default the bundled sample's."),
    bk_cli_cmd_gen_sample,
    { { "bars", 'n', G_OPTION_ARG_INT64, N_("N"), N_("Number of bars (default 4965, as the bundled sample)") },
      OPTION_SEED,
      { "interval", 'i', G_OPTION_ARG_STRING, "day|minute", N_("day (default) or minute") },
      { "output", 'o', G_OPTION_ARG_FILENAME, N_("FILE"), N_("Write to FILE instead of standard output") } } },
  { "gen ticks", "",
    N_("Writes generated ticks as CSV (a time with milliseconds, a price, a volume; some ticks share a "
       "millisecond), at a given rate if asked, to simulate a live feed: barkeep-cli gen ticks --rate 1000/s | "
       "barkeep-cli run --data - --events -."),
    bk_cli_cmd_gen_ticks,
    { { "count", 'n', G_OPTION_ARG_INT64, N_("N"), N_("Number of ticks (default 100000; 0: no end)") },
      { "rate", 0, G_OPTION_ARG_STRING, N_("N/s"), N_("Write N ticks a second, each as its time comes") },
      OPTION_SEED } },
  { "gen universe", "",
    N_("Writes a universe of generated symbols into a folder, one CSV file each. The files are not synced "
       "to disk (no fsync): what a crash loses, the same command with --force writes again, byte for byte."),
    bk_cli_cmd_gen_universe,
    { { "symbols", 0, G_OPTION_ARG_INT64, N_("N"), N_("Number of symbols, one file each (default 300)") },
      { "bars", 'n', G_OPTION_ARG_INT64, N_("N"), N_("Daily bars per symbol (default 1000)") },
      OPTION_SEED,
      { "output", 'o', G_OPTION_ARG_FILENAME, N_("DIR"), N_("Folder to write the files in (made if missing)"),
        NULL, TRUE },
      { "force", 'f', G_OPTION_ARG_NONE, NULL, N_("Write over files of the same names (refused without it)") } } },
  { "universe", N_("SOURCE [MODEL]"),
    N_("Reads every symbol of a folder or a list of files in chunks, builds a model's features "
       "(default seed-features) and fits it by Bayesian model averaging. A symbol is a file's name without "
       "its extension: a file named by two paths counts once, two files of one symbol (S1.csv, S1.txt) are "
       "an error, and a folder, a FIFO, a broken link or a temporary file of an interrupted write is "
       "skipped and named in the results."),
    bk_cli_cmd_universe,
    { OPTION_CHUNK (N_("Symbols a chunk (default 30; 0: all in one)")),
      OPTION_JOBS,
      OPTION_MODE (N_("Memory mode: 0, 1, -1 or -2 (default 1)")),
      OPTION_PRECISION, OPTION_MAX_MEMORY,
      { "split", 0, G_OPTION_ARG_STRING, N_("DATE"), N_("Rows dated on or before DATE train, later ones test") },
      { "cleanup", 0, G_OPTION_ARG_STRING, "normal|forced|off",
        N_("After each chunk, give back its runs and freed memory (normal, the default), also the files' "
           "cached pages (forced), or nothing (off)") },
      { "warn-growth", 0, G_OPTION_ARG_INT, "MB", N_("Warn when resident memory grows more than MB (default 200)") },
      { "strict", 0, G_OPTION_ARG_NONE, NULL,
        N_("A file that cannot be read, a folder, a FIFO or a broken link is an error, not a skip") },
      { "lenient", 0, G_OPTION_ARG_NONE, NULL, N_("Count bars that fail a sanity check as warnings") },
      OPTION_RESAMPLE, OPTION_REPLAY,
      { "shard", 0, G_OPTION_ARG_STRING, "K/N", N_("Run the K-th of N parts of the universe") },
      { "stats", 0, G_OPTION_ARG_FILENAME, N_("FILE"), N_("Write the statistics to FILE, for merge") },
      { "json", 0, G_OPTION_ARG_NONE, NULL, N_("Print the results as JSON") } } },
  { "merge", N_("FILE..."),
    N_("Merges the statistics files of a universe run in shards (--shard, --stats) and fits the model once."),
    bk_cli_cmd_merge,
    { { "json", 0, G_OPTION_ARG_NONE, NULL, N_("Print the results as JSON") } } },
  { "bench experiment", "",
    N_("Times the experiment's four runs: the best and the median of many."),
    bk_cli_cmd_bench_experiment,
    { { "data", 'd', G_OPTION_ARG_FILENAME, N_("FILE"), N_("Price data (default: the bundled sample)") },
      OPTION_LENIENT,
      { "repeat", 'r', G_OPTION_ARG_INT, N_("N"), N_("Runs per mode (default 50)") } } },
  { "bench stream", "",
    N_("Streams generated minute bars through the sample strategy and reports the speed and the resident memory."),
    bk_cli_cmd_bench_stream,
    { { "bars", 'n', G_OPTION_ARG_INT64, N_("N"), N_("Bars to stream (default 10,000,000)") },
      { "strategy", 0, G_OPTION_ARG_FILENAME, N_("NAME|FILE"),
        N_("The strategy, a built-in name or a file (default: memory-savings, the sample)") },
      OPTION_MODE (N_("Memory mode (default 1)")),
      { "precision", 'p', G_OPTION_ARG_STRING, "f64|f32", N_("f64 (default) or f32") } } },
  { "bench csv", N_("FILE"),
    N_("Times reading a CSV file."),
    bk_cli_cmd_bench_csv,
    { OPTION_LENIENT } },
  { "bench universe", N_("SOURCE [MODEL]"),
    N_("Times a universe run, the best of several, and the model's fit."),
    bk_cli_cmd_bench_universe,
    { OPTION_MODE (N_("Memory mode: 0, 1, -1 or -2 (default 1)")),
      OPTION_CHUNK (N_("Symbols a chunk (default 30; 0: all in one)")),
      OPTION_JOBS,
      { "repeat", 0, G_OPTION_ARG_INT, N_("N"), N_("Runs to time (default 3)") } } },
  { "check", N_("STRATEGY"),
    N_("Checks a strategy (a built-in name or a file) and prints its lines and what each memory mode keeps of them."),
    bk_cli_cmd_check,
    { OPTION_MAX_MEMORY,
      { "data", 'd', G_OPTION_ARG_FILENAME, N_("FILE"),
        N_("Price data to check: refused when its rows would not fit under --max-memory in --mode") },
      OPTION_MODE (N_("Memory mode the data is checked for: 0, 1, -1 or -2 (default 0)")) } },
  { "indicators", N_("[NAME]"),
    N_("Lists the indicator library: each indicator's inputs, parameters and lines; with NAME, one "
       "indicator (by name or alias) and its formula."),
    bk_cli_cmd_indicators },
  { "strategies", "",
    N_("Lists the built-in strategies, by the names run, compare and check take."),
    bk_cli_cmd_strategies },
  { "models", "",
    N_("Lists the built-in models, by the names universe takes."),
    bk_cli_cmd_models },
};

static char *current_command;

void
bk_cli_set_command (const char *command)
{
  g_free (current_command);
  current_command = g_strdup (command);
}

static const CliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/* Whether `command` is `group` itself or one of its commands ("bench csv"
 * of "bench"). */
static gboolean
in_group (const CliCommand *command, const char *group)
{
  gsize length = strlen (group);

  return strncmp (command->name, group, length) == 0
         && (command->name[length] == '\0' || command->name[length] == ' ');
}

static const char *
placeholder_text (const CliOption *option)
{
  /* Placeholders in capitals are translated; value lists ("f64|f32") are not. */
  return g_ascii_isupper (option->placeholder[0]) ? _(option->placeholder) : option->placeholder;
}

static void
append_word (GString *out, guint *column, guint indent, const char *word)
{
  guint width = bk_cli_text_width (word);

  if (*column + 1 + width > SYNOPSIS_WIDTH && *column > indent)
    {
      g_string_append_c (out, '\n');
      for (guint i = 0; i < indent; i++)
        g_string_append_c (out, ' ');
      *column = indent;
    }
  else
    {
      g_string_append_c (out, ' ');
      (*column)++;
    }
  g_string_append (out, word);
  *column += width;
}

/* A paragraph, its words wrapped at the synopses' width. */
static void
append_wrapped (GString *out, const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (i == 0)
        {
          g_string_append (out, words[i]);
          column = bk_cli_text_width (words[i]);
        }
      else
        append_word (out, &column, 0, words[i]);
    }
  g_string_append_c (out, '\n');
}

/* "  barkeep-cli run [STRATEGY] [--data FILE] ...", wrapped under its
 * first argument. */
static void
append_synopsis (GString *out, const CliCommand *command)
{
  g_autofree char *start = g_strdup_printf ("  barkeep-cli %s", command->name);
  guint indent = bk_cli_text_width (start) + 1;
  guint column = indent - 1;

  g_string_append (out, start);
  if (command->arguments[0] != '\0')
    append_word (out, &column, indent, _(command->arguments));
  for (const CliOption *o = command->options; o->name != NULL; o++)
    {
      if (o->alias_of != NULL)
        continue;
      g_autofree char *word = o->placeholder == NULL ? g_strdup_printf ("[--%s]", o->name)
                            : o->required ? g_strdup_printf ("--%s %s", o->name, placeholder_text (o))
                            : g_strdup_printf ("[--%s %s]", o->name, placeholder_text (o));
      append_word (out, &column, indent, word);
    }
  g_string_append_c (out, '\n');
}

/* "Usage:" and the synopses of `group`'s commands, or of every command
 * when group is NULL. */
static char *
format_usage (const char *group)
{
  g_autoptr(GString) out = g_string_new (_("Usage:"));
  guint n = 0;

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (group == NULL || in_group (&commands[i], group))
      {
        append_synopsis (out, &commands[i]);
        n++;
      }
  if (group == NULL)
    g_string_append_printf (out, "  barkeep-cli --help | --version\n\n%s\n",
                            _("Run 'barkeep-cli COMMAND --help' for a command's options."));
  else if (n == 1)
    /* Translators: %s is a command, "run" or "bench csv". */
    g_string_append_printf (out, _("\nRun 'barkeep-cli %s --help' for its options.\n"), group);
  else
    /* Translators: %s is a command with subcommands, "bench". */
    g_string_append_printf (out, _("\nRun 'barkeep-cli %s COMMAND --help' for a command's options.\n"), group);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A command's --help: its synopsis, what it does and its options. */
static char *
format_help (const CliCommand *command)
{
  g_autoptr(GString) out = g_string_new (_("Usage:"));
  g_autoptr(BkCliTable) table = bk_cli_table_new ("ll", 2);

  g_string_append_c (out, '\n');
  append_synopsis (out, command);
  g_string_append_c (out, '\n');
  append_wrapped (out, _(command->summary));
  g_string_append_printf (out, "\n%s\n", _("Options:"));
  for (const CliOption *o = command->options; o->name != NULL; o++)
    {
      g_autoptr(GString) flag = g_string_new ("  ");

      if (o->short_name != 0)
        g_string_append_printf (flag, "-%c, ", o->short_name);
      else
        g_string_append (flag, "    ");
      g_string_append_printf (flag, "--%s", o->name);
      if (o->placeholder != NULL)
        g_string_append_printf (flag, "=%s", placeholder_text (o));
      bk_cli_table_add (table, flag->str);
      bk_cli_table_add (table, _(o->description));
    }
  bk_cli_table_add (table, "  -h, --help");
  bk_cli_table_add (table, _("Show this help"));
  g_autofree char *text = bk_cli_table_format (table);
  g_string_append (out, text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
bk_cli_usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *usage = format_usage (current_command);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("barkeep-cli: %s\n\n%s", message, usage);
  return BK_EXIT_USAGE;
}

int
bk_cli_fail (GError *error)
{
  /* A message may quote a file name or a file's text: not UTF-8, or an
   * escape sequence that would rewrite the terminal. */
  g_autofree char *shown = bk_escape_text (error->message, -1);

  g_printerr ("barkeep-cli: %s\n", shown);
  g_error_free (error);
  return BK_EXIT_FAILURE;
}

/* " (did you mean 'x'?)" when one of the candidates is close to word, or "". */
static char *
suggest (const char *word, const char *const *candidates, guint n_candidates)
{
  const char *closest = bk_closest_name (word, candidates, n_candidates);

  /* Translators: after an unknown name; %s is the closest known one. */
  return closest != NULL ? g_strdup_printf (_(" (did you mean '%s'?)"), closest) : g_strdup ("");
}

static const CliOption *
find_option (const CliCommand *command, const char *name, gsize length)
{
  for (const CliOption *o = command->options; o->name != NULL; o++)
    if (strlen (o->name) == length && strncmp (o->name, name, length) == 0)
      return o;
  return NULL;
}

static const CliOption *
find_short_option (const CliCommand *command, char short_name)
{
  for (const CliOption *o = command->options; o->name != NULL; o++)
    if (o->short_name == short_name)
      return o;
  return NULL;
}

/* The first "--name" on the command line that the command does not take,
 * skipping the values of the options it does. */
static const char *
find_unknown_long_option (const CliCommand *command, int argc, char **argv, gsize *length)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        break;
      if (g_str_has_prefix (arg, "--"))
        {
          const char *equals = strchr (arg, '=');
          gsize name_length = equals != NULL ? (gsize) (equals - arg - 2) : strlen (arg) - 2;
          const CliOption *o = find_option (command, arg + 2, name_length);

          if (o == NULL)
            {
              *length = name_length + 2;
              return arg;
            }
          if (o->placeholder != NULL && equals == NULL)
            i++;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          const CliOption *o = find_short_option (command, arg[strlen (arg) - 1]);
          if (o != NULL && o->placeholder != NULL)
            i++;
        }
    }
  return NULL;
}

static int
unknown_option_error (const CliCommand *command, const char *arg, gsize length)
{
  g_autofree char *given = g_strndup (arg, length);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (const CliOption *o = command->options; o->name != NULL; o++)
    g_ptr_array_add (names, g_strdup_printf ("--%s", o->name));
  g_ptr_array_add (names, g_strdup ("--help"));
  g_autofree char *hint = suggest (given, (const char *const *) names->pdata, names->len);
  g_autofree char *shown = bk_escape_text (given, -1);
  /* Translators: an option, and " (did you mean '--save'?)" or nothing. */
  return bk_cli_usage_error (_("unknown option '%s'%s"), shown, hint);
}

static gboolean
asks_for_help (int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "-?") == 0)
      return TRUE;
  return FALSE;
}

/* Parses a command's options as the table lists them: the variadic
 * arguments bind each option's name to its variable, NULL-terminated.
 * On --help prints the command's help and returns FALSE with status 0; on
 * an unknown or malformed option prints the problem and the command's
 * usage and returns FALSE with status 2. */
gboolean
bk_cli_parse (const char *name, int *argc, char ***argv, int *status, ...)
{
  const CliCommand *command = find_command (name);
  gpointer bound[MAX_OPTIONS] = { NULL };
  GOptionEntry entries[MAX_OPTIONS + 1];
  guint n = 0;
  va_list args;

  if (command == NULL)
    g_error ("barkeep-cli %s is not in the usage table", name);
  va_start (args, status);
  for (const char *option = va_arg (args, const char *); option != NULL; option = va_arg (args, const char *))
    {
      const CliOption *o = find_option (command, option, strlen (option));
      if (o == NULL || o->alias_of != NULL)
        g_error ("barkeep-cli %s binds --%s, which its row of the usage table does not list", name, option);
      bound[o - command->options] = va_arg (args, gpointer);
    }
  va_end (args);
  for (const CliOption *o = command->options; o->name != NULL; o++, n++)
    {
      const CliOption *target = o->alias_of != NULL ? find_option (command, o->alias_of, strlen (o->alias_of)) : o;
      gpointer data = bound[target - command->options];

      if (data == NULL)
        g_error ("barkeep-cli %s does not bind --%s of its row of the usage table", name, o->name);
      entries[n] = (GOptionEntry) { o->name, o->short_name, 0, o->arg, data, NULL, NULL };
    }
  entries[n] = (GOptionEntry) G_OPTION_ENTRY_NULL;

  bk_cli_set_command (name);
  if (asks_for_help (*argc, *argv))
    {
      g_autofree char *help = format_help (command);
      g_print ("%s", help);
      *status = BK_EXIT_SUCCESS;
      return FALSE;
    }

  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char **original = g_memdup2 (*argv, (gsize) (*argc + 1) * sizeof (char *));
  int original_argc = *argc;
  gsize length;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      const char *unknown = g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION)
                            ? find_unknown_long_option (command, original_argc, original, &length) : NULL;

      *status = unknown != NULL ? unknown_option_error (command, unknown, length)
                                : bk_cli_usage_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Refuses arguments left after the options of a command that takes none. */
gboolean
bk_cli_no_arguments (const char *command, int argc, char **argv, int *status)
{
  if (argc <= 1)
    return TRUE;
  /* Translators: the first %s is a command ("indicators"), the second the
   * first argument it was given. */
  *status = bk_cli_usage_error (_("%s takes no arguments, got '%s'"), command, argv[1]);
  return FALSE;
}

static gboolean
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0 || strcmp (arg, "help") == 0;
}

/* The commands of a group ("sample, universe" for "gen"). */
static char *
list_group (const char *group, const char **names, guint *n)
{
  g_autoptr(GString) list = g_string_new (NULL);

  *n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (in_group (&commands[i], group) && commands[i].name[strlen (group)] == ' ')
      {
        names[(*n)++] = commands[i].name + strlen (group) + 1;
        g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", names[*n - 1]);
      }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

int
bk_cli_dispatch (int argc, char **argv)
{
  const char *names[G_N_ELEMENTS (commands) + 1];
  guint n = 0;

  if (argc < 2)
    return bk_cli_usage_error ("%s", _("no command given"));
  if (is_help (argv[1]))
    {
      g_autofree char *usage = format_usage (NULL);
      g_print ("%s", usage);
      return BK_EXIT_SUCCESS;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("barkeep-cli %s\n", PACKAGE_VERSION);
      return BK_EXIT_SUCCESS;
    }

  const CliCommand *command = find_command (argv[1]);
  if (command != NULL)
    {
      bk_cli_set_command (command->name);
      return command->run (argc - 1, argv + 1);
    }

  g_autofree char *group_list = list_group (argv[1], names, &n);
  if (n > 0)
    {
      bk_cli_set_command (argv[1]);
      if (argc >= 3 && is_help (argv[2]))
        {
          g_autofree char *usage = format_usage (argv[1]);
          g_print ("%s", usage);
          return BK_EXIT_SUCCESS;
        }
      if (argc < 3)
        /* Translators: a group of commands ("bench") and its commands ("experiment, stream, csv, universe"). */
        return bk_cli_usage_error (_("%s needs one of its commands: %s"), argv[1], group_list);
      g_autofree char *full = g_strdup_printf ("%s %s", argv[1], argv[2]);
      command = find_command (full);
      if (command == NULL)
        {
          g_autofree char *hint = suggest (argv[2], names, n);
          g_autofree char *shown = bk_escape_text (argv[2], -1);
          /* Translators: a group ("bench"), what the user gave after it,
           * and " (did you mean 'stream'?)" or nothing. */
          return bk_cli_usage_error (_("unknown %s command '%s'%s"), argv[1], shown, hint);
        }
      bk_cli_set_command (command->name);
      return command->run (argc - 2, argv + 2);
    }

  /* Every command's first word, once: a group's commands follow one another. */
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      char *word = g_strndup (commands[i].name, strcspn (commands[i].name, " "));
      if (words->len > 0 && strcmp (g_ptr_array_index (words, words->len - 1), word) == 0)
        g_free (word);
      else
        g_ptr_array_add (words, word);
    }
  g_autofree char *hint = suggest (argv[1], (const char *const *) words->pdata, words->len);
  g_autofree char *shown = bk_escape_text (argv[1], -1);
  /* Translators: what the user gave, and " (did you mean 'run'?)" or nothing. */
  return bk_cli_usage_error (_("unknown command '%s'%s"), shown, hint);
}
