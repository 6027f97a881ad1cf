/* bk-cli-test-util.c — running barkeep-cli from a test. */
#include "bk-cli-test-util.h"

#include <sys/wait.h>

void
bk_cli_result_clear (BkCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

void
bk_cli_spawn (BkCliResult *result, char **envp, const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &result->out, &result->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

void
bk_cli_run_argv (BkCliResult *result, char **envp, const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("BARKEEP_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  bk_cli_spawn (result, envp, (const char *const *) argv->pdata);
}

static void
run_va (BkCliResult *result, char **envp, const char *first, va_list args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  bk_cli_run_argv (result, envp, (const char *const *) argv->pdata);
}

void
bk_cli_run (BkCliResult *result, const char *first, ...)
{
  va_list args;

  va_start (args, first);
  run_va (result, NULL, first, args);
  va_end (args);
}

void
bk_cli_run_zh (BkCliResult *result, const char *first, ...)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *build = g_path_get_dirname (g_getenv ("BARKEEP_DATADIR"));
  g_autofree char *localedir = g_build_filename (build, "po", NULL);
  va_list args;

  envp = g_environ_setenv (envp, "LC_ALL", "zh_CN.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANG", "zh_CN.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "BARKEEP_LOCALEDIR", localedir, TRUE);
  va_start (args, first);
  run_va (result, envp, first, args);
  va_end (args);
}
