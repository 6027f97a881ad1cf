/* bk-cli-live.c — what `run` does for a feed that goes on: live sources
 * (standard input from a pipe, --follow FILE, tcp:HOST:PORT, unix:PATH),
 * SIGINT and SIGTERM as a clean stop, and --events with its status lines.
 *
 * The signal handler only raises an atomic flag, which the run reads as
 * its cancel flag and the live input reads while it waits; the run then
 * ends as if its data had, and the summary is printed as for any run. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk-cli-private.h"
#include "bk-live-input.h"

static gint stop_requested;

static void
on_stop_signal (int signo)
{
  g_atomic_int_set (&stop_requested, signo);
}

const gint *
bk_cli_live_install_stop (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = on_stop_signal;
  sigemptyset (&action.sa_mask);
  /* No SA_RESTART: a wait in poll(2) ends at once. */
  action.sa_flags = 0;
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  return &stop_requested;
}

gboolean
bk_cli_live_check_options (const BkCliLive *live, const char *data, int *status)
{
  if (live->follow != NULL && data != NULL)
    *status = bk_cli_usage_error ("%s", _("--follow and --data both name the data; give one"));
  else if (live->status_every < 0 || isnan (live->status_every))
    *status = bk_cli_usage_error (_("--status-every must be a number of seconds, not %g"), live->status_every);
  else if (live->status_every > 0 && live->events == NULL)
    *status = bk_cli_usage_error ("%s", _("--status-every writes status lines to --events; give --events too"));
  else if (live->max_gap < 0 || isnan (live->max_gap))
    *status = bk_cli_usage_error (_("--max-gap must be a number of seconds, not %g"), live->max_gap);
  else if (data != NULL && bk_live_is_address (data))
    {
      BkLiveAddress address;
      GError *error = NULL;

      if (!bk_live_address_parse (data, &address, &error))
        {
          *status = bk_cli_usage_error ("--data %s", error->message);
          g_error_free (error);
          return FALSE;
        }
      bk_live_address_clear (&address);
      return TRUE;
    }
  else
    return TRUE;
  return FALSE;
}

/* Standard input that is a pipe, a socket or a terminal waits for more;
 * a file given as standard input is read as a file. */
static gboolean
is_live (const BkCliLive *live, const char *data)
{
  struct stat st;

  if (live->follow != NULL)
    return TRUE;
  if (data == NULL)
    return FALSE;
  if (bk_live_is_address (data))
    return TRUE;
  return strcmp (data, "-") == 0 && !(fstat (STDIN_FILENO, &st) == 0 && S_ISREG (st.st_mode));
}

static void
on_data_warning (const char *message, gpointer user_data)
{
  BkCliLive *live = user_data;

  if (live->log != NULL)
    bk_event_log_warn (live->log, BK_WARNING_DATA, message);
}

static void
on_gap (const char *message, gpointer user_data)
{
  BkCliLive *live = user_data;

  if (live->log != NULL)
    bk_event_log_warn (live->log, BK_WARNING_GAP, message);
}

static void
on_disconnected (const char *message, gpointer user_data)
{
  BkCliLive *live = user_data;

  live->disconnected = TRUE;
  if (live->log != NULL)
    bk_event_log_warn (live->log, BK_WARNING_DISCONNECTED, message);
}

static void
on_wait (gpointer user_data)
{
  BkCliLive *live = user_data;

  if (live->log != NULL)
    bk_event_log_poll (live->log);
}

gboolean
bk_cli_live_open_events (BkCliLive *live, const char *const *inputs, GError **error)
{
  if (live->events == NULL)
    return TRUE;
  if (strcmp (live->events, "-") == 0)
    live->events_file = stdout;
  else
    {
      for (guint i = 0; inputs[i] != NULL; i++)
        if (strcmp (inputs[i], live->events) == 0)
          {
            g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("%s: --events would write over the run's input"),
                         live->events);
            return FALSE;
          }
      /* Not an atomic write: its lines are for reading while it grows. */
      live->events_file = fopen (live->events, "we");
      if (live->events_file == NULL)
        {
          int saved_errno = errno;
          g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot write: %s"), live->events,
                       g_strerror (saved_errno));
          return FALSE;
        }
      live->close_events = TRUE;
    }
  live->log = bk_event_log_new (live->events_file, NULL, NULL);
  bk_event_log_set_status_every (live->log, live->status_every);
  return TRUE;
}

BkSource *
bk_cli_live_open_source (BkCliLive *live, const char *data, gboolean lenient, const gint *stop, GError **error)
{
  BkCsvOptions options = {
    .lenient = lenient,
    .strict = live->strict,
    .on_warning = on_data_warning,
    .warning_data = live,
  };
  BkSource *source;

  if (!is_live (live, data))
    {
      g_autofree char *sample = NULL;

      if (data == NULL && (data = sample = bk_source_find_sample (error)) == NULL)
        return NULL;
      source = bk_source_new_csv (data, &options, error);
    }
  else
    {
      BkLiveInput *input = bk_live_input_open (live->follow != NULL ? live->follow : data, live->follow != NULL,
                                               stop, error);
      if (input == NULL)
        return NULL;
      bk_live_input_set_strict (input, live->strict);
      bk_live_input_set_warning_func (input, on_disconnected, live);
      bk_live_input_set_wait_func (input, on_wait, live);
      source = bk_source_new_live (input, &options, error);
    }
  if (source != NULL && live->max_gap > 0)
    bk_source_set_max_gap (source, live->max_gap, live->strict, on_gap, live);
  return source;
}

static void
on_progress (BkRun *run, gpointer user_data)
{
  on_wait (user_data);
}

void
bk_cli_live_attach (BkCliLive *live, BkRun *run, BkSource *source)
{
  if (live->log == NULL)
    return;
  bk_event_log_attach (live->log, run, source);
  bk_run_set_progress_func (run, on_progress, live);
}

gboolean
bk_cli_live_ended (BkCliLive *live, BkRun *run, gboolean ok, GError **error)
{
  int signo = g_atomic_int_get (&stop_requested);
  guint64 bars = bk_run_get_bars (run);

  if (!ok && (signo == 0 || !g_error_matches (*error, BK_ERROR, BK_ERROR_CANCELLED)))
    return FALSE;
  g_clear_error (error);
  if (signo != 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             /* Translators: %s names the signal (Interrupt, Terminated); the
                              * summary of what ran follows on standard output. */
                             "barkeep-cli: stopped by a signal (%s) after %llu bar\n",
                             "barkeep-cli: stopped by a signal (%s) after %llu bars\n", bars),
                g_strsignal (signo), (unsigned long long) bars);
  return TRUE;
}

gboolean
bk_cli_live_finish (BkCliLive *live, GError **error)
{
  if (live->log == NULL)
    return TRUE;
  bk_event_log_status (live->log, TRUE);
  return bk_event_log_check (live->log, error);
}

void
bk_cli_live_clear (BkCliLive *live)
{
  g_clear_pointer (&live->log, bk_event_log_free);
  if (live->close_events)
    fclose (live->events_file);
  live->events_file = NULL;
  live->close_events = FALSE;
  g_clear_pointer (&live->follow, g_free);
  g_clear_pointer (&live->events, g_free);
}
