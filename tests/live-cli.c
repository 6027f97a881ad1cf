/* live-cli.c — barkeep-cli as a process whose output is read as it comes
 * (live-cli.h). */
#include "live-cli.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bk-cli-test-util.h"

void
cli_start (Cli *cli, gboolean with_stdin, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("BARKEEP_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  int in = -1, out = -1, err = -1;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD
                                           | (with_stdin ? 0 : G_SPAWN_CHILD_INHERITS_STDIN),
                                           NULL, NULL, &cli->pid, with_stdin ? &in : NULL, &out, &err, &error));
  g_assert_no_error (error);
  cli->in = with_stdin ? g_unix_output_stream_new (in, TRUE) : NULL;
  g_autoptr(GInputStream) out_stream = g_unix_input_stream_new (out, TRUE);
  cli->out = g_data_input_stream_new (out_stream);
  cli->err = g_unix_input_stream_new (err, TRUE);
  cli->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  cli->rest = g_string_new (NULL);
}

void
cli_write (Cli *cli, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (cli->in, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (cli->in, NULL, &error));
}

/* Reads standard output up to the next event; NULL at its end. */
JsonObject *
cli_next_event (Cli *cli)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (cli->out, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        return NULL;
      if (line[0] != '{')
        {
          g_string_append_printf (cli->rest, "%s\n", line);
          continue;
        }
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      g_assert_no_error (error);
      JsonObject *event = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      g_ptr_array_add (cli->events, event);
      return event;
    }
}

/* Reads events until one of `kind` (and `status`, if not NULL). */
JsonObject *
cli_wait_event (Cli *cli, const char *kind, const char *status)
{
  for (;;)
    {
      JsonObject *event = cli_next_event (cli);

      g_assert_nonnull (event);
      if (strcmp (json_object_get_string_member (event, "event"), kind) == 0
          && (status == NULL || g_strcmp0 (json_object_get_string_member_with_default (event, "status", ""), status) == 0))
        return event;
    }
}

/* Reads status lines until one counts `ticks` rows read. */
JsonObject *
cli_wait_ticks (Cli *cli, gint64 ticks)
{
  for (;;)
    {
      JsonObject *status = cli_wait_event (cli, "status", NULL);

      g_assert_cmpint (json_object_get_int_member (status, "ticks"), <=, ticks);
      if (json_object_get_int_member (status, "ticks") == ticks)
        return status;
    }
}

/* Reads the rest of standard output and standard error, then waits for
 * the exit. */
int
cli_finish (Cli *cli, char **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) err_text = g_memory_output_stream_new_resizable ();

  while (cli_next_event (cli) != NULL)
    ;
  g_output_stream_splice (err_text, cli->err, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  int status;
  pid_t waited;
  while ((waited = waitpid (cli->pid, &status, 0)) < 0 && errno == EINTR)
    ;
  g_assert_cmpint (waited, ==, cli->pid);
  cli->pid = 0;
  g_autofree char *text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (err_text)),
                                     g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (err_text)));
  g_test_message ("stderr: %s", text);
  if (err != NULL)
    *err = g_steal_pointer (&text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

void
cli_close_input (Cli *cli)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (cli->in, NULL, &error));
  g_assert_no_error (error);
}

void
cli_clear (Cli *cli)
{
  g_clear_object (&cli->out);
  g_clear_object (&cli->err);
  g_clear_object (&cli->in);
  if (cli->pid > 0)
    {
      /* A test that failed half-way: no process is left behind. */
      kill (cli->pid, SIGKILL);
      waitpid (cli->pid, NULL, 0);
      cli->pid = 0;
    }
  g_clear_pointer (&cli->events, g_ptr_array_unref);
  if (cli->rest != NULL)
    g_string_free (g_steal_pointer (&cli->rest), TRUE);
}

guint
count_events (Cli *cli, const char *kind, const char *status)
{
  guint n = 0;

  for (guint i = 0; i < cli->events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (cli->events, i);
      if (strcmp (json_object_get_string_member (e, "event"), kind) == 0
          && (status == NULL || g_strcmp0 (json_object_get_string_member_with_default (e, "status", ""), status) == 0))
        n++;
    }
  return n;
}

/* The one warning among the events. */
JsonObject *
only_warning (Cli *cli)
{
  JsonObject *warning = NULL;

  g_assert_cmpuint (count_events (cli, "warning", NULL), ==, 1);
  for (guint i = 0; i < cli->events->len; i++)
    if (strcmp (json_object_get_string_member (g_ptr_array_index (cli->events, i), "event"), "warning") == 0)
      warning = g_ptr_array_index (cli->events, i);
  return warning;
}

JsonObject *
last_event (Cli *cli)
{
  g_assert_cmpuint (cli->events->len, >, 0);
  return g_ptr_array_index (cli->events, cli->events->len - 1);
}

/* The events of a run on `path` read as a file, each as its JSON text,
 * the status lines left out (their times differ). */
GPtrArray *
file_run_events (const char *strategy, const char *path)
{
  g_auto(BkCliResult) r = { 0 };
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  bk_cli_run (&r, "run", strategy, "--data", path, "--events", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_auto(GStrv) all = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_prefix (all[i], "{") && strstr (all[i], "\"event\":\"status\"") == NULL)
      g_ptr_array_add (lines, g_strdup (all[i]));
  return lines;
}

void
assert_same_events (Cli *cli, GPtrArray *expected)
{
  guint j = 0;

  for (guint i = 0; i < cli->events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (cli->events, i);
      if (strcmp (json_object_get_string_member (e, "event"), "status") == 0)
        continue;
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), e);
      g_autofree char *text = json_to_string (node, FALSE);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_assert_cmpuint (j, <, expected->len);
      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (expected, j), -1, NULL));
      g_autofree char *want = json_to_string (json_parser_get_root (parser), FALSE);
      g_assert_cmpstr (text, ==, want);
      j++;
    }
  g_assert_cmpuint (j, ==, expected->len);
}

