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

static const char *const usage_text =
  N_("Usage:\n"
     "  barkeep-cli run [STRATEGY] [--data FILE] [--save 0|1|-1|-2]\n"
     "                  [--precision f64|f32] [--lendetails] [--dump FILE|-] [--json]\n"
     "  barkeep-cli experiment [--data FILE] [--precision f64|f32]\n"
     "  barkeep-cli gen sample [--bars N] [--seed N] [--interval day|minute] [--output FILE]\n"
     "  barkeep-cli bench experiment|stream|csv [OPTIONS]\n"
     "  barkeep-cli check STRATEGY\n"
     "  barkeep-cli indicators\n"
     "  barkeep-cli strategies\n"
     "  barkeep-cli --help | --version\n"
     "\n"
     "Run 'barkeep-cli COMMAND --help' for a command's options.\n");

int
bk_cli_usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("barkeep-cli: %s\n\n%s", message, _(usage_text));
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
 * the problem and the usage and returns FALSE. */
gboolean
bk_cli_parse (const char *command, const char *parameters, const GOptionEntry *entries,
              int *argc, char ***argv, int *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("barkeep-cli %s", command);

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

static int
cmd_strategies (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  int status = 0;

  if (!bk_cli_parse ("strategies", "", entries, &argc, &argv, &status))
    return status;
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, NULL);
      g_print ("%-18s %s\n", *id, bk_strategy_get_description (strategy));
    }
  return BK_EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "run", bk_cli_cmd_run },
    { "experiment", bk_cli_cmd_experiment },
    { "gen", bk_cli_cmd_gen },
    { "bench", bk_cli_cmd_bench },
    { "strategies", cmd_strategies },
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
      return commands[i].run (argc - 1, argv + 1);
  return bk_cli_usage_error (_("unknown command '%s'"), argv[1]);
}
