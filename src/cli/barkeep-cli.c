/* barkeep-cli — the engine without a window: runs strategies, reproduces
 * the seed's memory-savings experiment, generates sample data and
 * measures speed.  Exit status: 0 success, 2 bad usage, 1 anything else. */
#define G_LOG_DOMAIN "barkeep-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bk-cli-private.h"
#include "bk-locale.h"
#include "bk-model.h"

static const char *const usage_text =
  N_("Usage:\n"
     "  barkeep-cli run [STRATEGY] [--data FILE] [--save 0|1|-1|-2]\n"
     "                  [--precision f64|f32] [--lendetails] [--dump FILE|-] [--json]\n"
     "  barkeep-cli experiment [--data FILE] [--precision f64|f32]\n"
     "  barkeep-cli compare [STRATEGY] [--data FILE] [--precision f64|f32] [--json]\n"
     "  barkeep-cli gen sample [--bars N] [--seed N] [--interval day|minute] [--output FILE]\n"
     "  barkeep-cli gen universe [--symbols N] [--bars N] [--seed N] --output DIR\n"
     "  barkeep-cli universe SOURCE [MODEL] [--chunk N] [--jobs J] [--save 0|1|-1|-2] [OPTIONS]\n"
     "  barkeep-cli merge FILE... [--json]\n"
     "  barkeep-cli bench experiment|stream|csv|universe [OPTIONS]\n"
     "  barkeep-cli check STRATEGY\n"
     "  barkeep-cli indicators [NAME]\n"
     "  barkeep-cli strategies\n"
     "  barkeep-cli models\n"
     "  barkeep-cli --help | --version\n"
     "\n"
     "Run 'barkeep-cli COMMAND --help' for a command's options.\n");

/* Each command's synopsis, for its usage errors and `bench --help`. */
static const struct {
  const char *command;
  const char *synopsis;
} synopses[] = {
  /* Translators: command synopses; translate only the placeholders in
   * capitals (FILE, N, SIZE...), not the command or option names. */
  { "run", N_("barkeep-cli run [STRATEGY] [--data FILE] [--lenient] [--save 0|1|-1|-2]\n"
              "                [--precision f64|f32] [--max-memory SIZE] [--lendetails]\n"
              "                [--dump FILE|-] [--json]") },
  { "experiment", N_("barkeep-cli experiment [--data FILE] [--lenient] [--precision f64|f32]") },
  { "compare", N_("barkeep-cli compare [STRATEGY] [--data FILE] [--lenient] [--precision f64|f32] [--json]") },
  { "gen", N_("barkeep-cli gen sample [--bars N] [--seed N] [--interval day|minute] [--output FILE]") },
  { "gen universe", N_("barkeep-cli gen universe [--symbols N] [--bars N] [--seed N] --output DIR") },
  { "bench experiment", N_("barkeep-cli bench experiment [--data FILE] [--lenient] [--repeat N]") },
  { "bench stream", N_("barkeep-cli bench stream [--bars N] [--save 0|1|-1|-2] [--precision f64|f32]") },
  { "bench csv", N_("barkeep-cli bench csv FILE [--lenient]") },
  { "bench universe", N_("barkeep-cli bench universe SOURCE [MODEL] [--save 0|1|-1|-2] [--chunk N] [--jobs J] [--repeat N]") },
  { "universe", N_("barkeep-cli universe SOURCE [MODEL] [--chunk N] [--jobs J] [--save 0|1|-1|-2]\n"
                   "                    [--precision f64|f32] [--split DATE] [--cleanup normal|forced|off]\n"
                   "                    [--warn-growth MB] [--strict] [--lenient] [--shard K/N] [--stats FILE] [--json]") },
  { "merge", N_("barkeep-cli merge FILE... [--json]") },
  { "check", N_("barkeep-cli check STRATEGY [--max-memory SIZE]") },
  { "indicators", N_("barkeep-cli indicators [NAME]") },
  { "strategies", N_("barkeep-cli strategies") },
  { "models", N_("barkeep-cli models") },
};

static char *current_command;

void
bk_cli_set_command (const char *command)
{
  g_free (current_command);
  current_command = g_strdup (command);
}

/* "Usage:" and the synopses of `command` and of its subcommands ("bench"
 * lists "bench csv" too), or NULL when no command has one. */
static char *
format_command_usage (const char *command)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize length = strlen (command);

  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (synopses); i++)
    if (strncmp (synopses[i].command, command, length) == 0
        && (synopses[i].command[length] == '\0' || synopses[i].command[length] == ' '))
      {
        g_auto(GStrv) lines = g_strsplit (_(synopses[i].synopsis), "\n", -1);
        for (guint j = 0; lines[j] != NULL; j++)
          g_string_append_printf (out, "  %s\n", lines[j]);
        n++;
      }
  if (n == 0)
    return NULL;
  g_string_prepend (out, "\n");
  g_string_prepend (out, _("Usage:"));
  g_string_append_c (out, '\n');
  if (n == 1)
    /* Translators: %s is a command, "run" or "bench csv". */
    g_string_append_printf (out, _("Run 'barkeep-cli %s --help' for its options.\n"), command);
  else
    /* Translators: %s is a command with subcommands, "bench". */
    g_string_append_printf (out, _("Run 'barkeep-cli %s COMMAND --help' for a command's options.\n"), command);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
bk_cli_print_command_help (const char *command)
{
  g_autofree char *usage = format_command_usage (command);

  g_print ("%s", usage != NULL ? usage : _(usage_text));
  return BK_EXIT_SUCCESS;
}

int
bk_cli_usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autofree char *usage = current_command != NULL ? format_command_usage (current_command) : NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("barkeep-cli: %s\n\n%s", message, usage != NULL ? usage : _(usage_text));
  return BK_EXIT_USAGE;
}

int
bk_cli_fail (GError *error)
{
  g_printerr ("barkeep-cli: %s\n", error->message);
  g_error_free (error);
  return BK_EXIT_FAILURE;
}

/* Parses a subcommand's options; on an unknown or malformed option prints
 * the problem and the command's usage and returns FALSE. */
gboolean
bk_cli_parse (const char *command, const char *parameters, const GOptionEntry *entries,
              int *argc, char ***argv, int *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("barkeep-cli %s", command);

  bk_cli_set_command (command);
  g_set_prgname (prgname);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = bk_cli_usage_error ("%s", error->message);
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

static int
cmd_strategies (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  int status = 0;

  g_autoptr(BkCliTable) table = bk_cli_table_new ("ll", 2);

  if (!bk_cli_parse ("strategies", "", entries, &argc, &argv, &status)
      || !bk_cli_no_arguments ("strategies", argc, argv, &status))
    return status;
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, NULL);
      bk_cli_table_add (table, *id);
      bk_cli_table_add (table, strategy != NULL ? bk_strategy_get_description (strategy) : "");
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  return BK_EXIT_SUCCESS;
}

/* The built-in models (data/models/): what a universe run can use by name. */
static int
cmd_models (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  int status = 0;
  GError *error = NULL;

  g_autoptr(BkCliTable) table = bk_cli_table_new ("llrl", 2);

  if (!bk_cli_parse ("models", "", entries, &argc, &argv, &status)
      || !bk_cli_no_arguments ("models", argc, argv, &status))
    return status;
  /* Translators: the column headers of `barkeep-cli models`; horizon is
   * how many bars ahead a model's target return looks. */
  bk_cli_table_add (table, _("model"));
  bk_cli_table_add (table, _("name"));
  bk_cli_table_add (table, _("horizon"));
  bk_cli_table_add (table, _("features"));
  for (const char *const *id = bk_model_builtin_ids (); *id != NULL; id++)
    {
      g_autoptr(BkModel) model = bk_model_new_builtin (*id, &error);
      if (model == NULL)
        return bk_cli_fail (error);
      g_autoptr(GString) features = g_string_new (NULL);
      for (guint i = 0; i < bk_model_get_n_features (model); i++)
        g_string_append_printf (features, "%s%s", i > 0 ? ", " : "", bk_model_get_feature (model, i));
      bk_cli_table_add (table, *id);
      bk_cli_table_add (table, bk_model_get_name (model));
      bk_cli_table_addf (table, "%u", bk_model_get_horizon (model));
      bk_cli_table_add (table, features->str);
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  return BK_EXIT_SUCCESS;
}

static int
run_command (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "run", bk_cli_cmd_run },
    { "experiment", bk_cli_cmd_experiment },
    { "compare", bk_cli_cmd_compare },
    { "gen", bk_cli_cmd_gen },
    { "bench", bk_cli_cmd_bench },
    { "universe", bk_cli_cmd_universe },
    { "merge", bk_cli_cmd_merge },
    { "strategies", cmd_strategies },
    { "models", cmd_models },
    { "check", bk_cli_cmd_check },
    { "indicators", bk_cli_cmd_indicators },
  };

  bk_locale_init (GETTEXT_PACKAGE, BK_LOCALEDIR);

  if (argc < 2)
    return bk_cli_usage_error ("%s", _("no command given"));
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      g_print ("%s", _(usage_text));
      return BK_EXIT_SUCCESS;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("barkeep-cli %s\n", PACKAGE_VERSION);
      return BK_EXIT_SUCCESS;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        bk_cli_set_command (commands[i].name);
        int status = commands[i].run (argc - 1, argv + 1);
        bk_cli_set_command (NULL);
        return status;
      }
  return bk_cli_usage_error (_("unknown command '%s'"), argv[1]);
}

int
main (int argc, char **argv)
{
  /* Every command's output, checked once: a full disk is an error. */
  bk_cli_watch_stdout ();
  return bk_cli_finish_stdout (run_command (argc, argv));
}
