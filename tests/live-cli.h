/* live-cli.h — barkeep-cli as a process whose output is read as it comes:
 * the events of --events -, one JSON object a line, and the rest (the
 * summary); for test-live.c. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Spawned and waited for with fork, exec and waitpid: GSubprocess waits
 * through GLib's worker thread, whose hand-overs ThreadSanitizer cannot
 * see (GLib is not built for it), and the test runs under it. */
typedef struct {
  GPid pid;                /* 0 once waited for */
  GInputStream *err;       /* its standard error */
  GOutputStream *in;       /* its standard input, or NULL */
  GDataInputStream *out;   /* its standard output, line by line */
  GPtrArray *events;       /* JsonObject*, every event read */
  GString *rest;           /* lines that were not events (the summary) */
} Cli;

/* Starts $BARKEEP_CLI with the arguments up to NULL, its standard input a
 * pipe (with_stdin) or the test's. */
void cli_start (Cli *cli, gboolean with_stdin, const char *first, ...);
void cli_write (Cli *cli, const char *text);
/* The next event of its standard output (NULL at its end), of a kind (and
 * status), the status line that counts `ticks` rows read. */
JsonObject *cli_next_event (Cli *cli);
JsonObject *cli_wait_event (Cli *cli, const char *kind, const char *status);
JsonObject *cli_wait_ticks (Cli *cli, gint64 ticks);
/* Reads the rest and its standard error, waits: its exit status. */
int cli_finish (Cli *cli, char **err);
void cli_close_input (Cli *cli);
void cli_clear (Cli *cli);
/* What it told: the events of a kind, the only warning, the last event;
 * a file run's events, and that a live run told the same. */
guint count_events (Cli *cli, const char *kind, const char *status);
JsonObject *only_warning (Cli *cli);
JsonObject *last_event (Cli *cli);
GPtrArray *file_run_events (const char *strategy, const char *path);
void assert_same_events (Cli *cli, GPtrArray *expected);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

G_END_DECLS
