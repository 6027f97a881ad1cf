/* test-live.c — live feeds: barkeep-cli run reading a pipe, a growing
 * file and sockets as the rows come, --events as they happen, a clean
 * stop on SIGINT and SIGTERM, --strict; and the engine's live input and
 * its address parser.
 *
 * Nothing here depends on time: a test that waits for the run waits for
 * what it says (a status line counting the rows written, an event), never
 * for a clock; the suite's timeout is the only limit. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bk-error.h"
#include "bk-live-input.h"
#include "bk-source.h"
#include "bk-tick-gen.h"

#include "bk-cli-test-util.h"
#include "live-cli.h"

static char *tmpdir;

/* ---- the sample's rows -------------------------------------------------- */

/* The bundled sample's header and first `n` rows, each with its '\n'. */
static GPtrArray *
sample_lines (guint n)
{
  g_autofree char *path = g_build_filename (g_getenv ("BARKEEP_DATADIR"), "sample.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i <= n; i++)
    {
      g_assert_nonnull (lines[i]);
      g_assert_cmpstr (lines[i], !=, "");
      g_ptr_array_add (out, g_strconcat (lines[i], "\n", NULL));
    }
  return out;
}

static char *
join_lines (GPtrArray *lines, guint from, guint to)
{
  GString *out = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    g_string_append (out, g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

/* ---- events while the feed is open -------------------------------------- */

/* Rows go into a pipe a few at a time; each order, fill and trade is read
 * before the rows after it are written, so every event arrived while the
 * pipe was open; they are the events of the same rows read as a file. */
static void
test_events_arrive_while_open (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (120);
  g_autofree char *all = join_lines (lines, 0, lines->len);
  g_autofree char *path = g_build_filename (tmpdir, "events-120.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Cli) cli = { 0 };

  g_assert_true (g_file_set_contents (path, all, -1, &error));
  g_autoptr(GPtrArray) expected = file_run_events ("sma-crossover", path);
  g_assert_cmpuint (expected->len, >=, 8);

  cli_start (&cli, TRUE, "run", "sma-crossover", "--data", "-", "--events", "-", "--status-every", "0.02", NULL);
  cli_write (&cli, g_ptr_array_index (lines, 0));
  guint written = 0, seen = 0;
  for (guint row = 1; row < lines->len; row++)
    {
      cli_write (&cli, g_ptr_array_index (lines, row));
      written++;
      /* Everything up to this row, as a status line counts it. */
      cli_wait_ticks (&cli, written);
    }
  /* Every order, fill and trade was read before the pipe closed. */
  seen = count_events (&cli, "order", NULL) + count_events (&cli, "fill", NULL) + count_events (&cli, "trade", NULL);
  g_assert_cmpuint (seen, ==, expected->len);
  cli_close_input (&cli);
  g_assert_cmpint (cli_finish (&cli, NULL), ==, 0);
  assert_same_events (&cli, expected);
  g_assert_true (json_object_get_boolean_member (last_event (&cli), "final"));
  g_assert_cmpint (json_object_get_int_member (last_event (&cli), "bars"), ==, 120);
  g_assert_nonnull (strstr (cli.rest->str, "120 bars"));
  g_assert_nonnull (strstr (cli.rest->str, "Total memory cells used:"));
}

/* A file run's events add up to its --json results. */
static void
test_events_match_results (void)
{
  g_auto(BkCliResult) events = { 0 }, json = { 0 };
  g_autofree char *path = g_build_filename (tmpdir, "events.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint counts[8] = { 0 }, fills = 0, opened = 0, closed = 0, status = 0;
  static const char *const statuses[] = { "submitted", "accepted", "canceled", "expired", "margin", "rejected" };

  bk_cli_run (&events, "run", "bracketed-breakout", "--events", path, "--json", NULL);
  g_assert_cmpint (events.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) line_parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (line_parser, lines[i], -1, &error));
      JsonObject *e = json_node_get_object (json_parser_get_root (line_parser));
      const char *kind = json_object_get_string_member (e, "event");
      const char *st = json_object_get_string_member_with_default (e, "status", "");

      if (strcmp (kind, "order") == 0)
        for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
          counts[s] += strcmp (st, statuses[s]) == 0;
      else if (strcmp (kind, "fill") == 0)
        {
          fills++;
          g_assert_true (json_object_has_member (e, "price") && json_object_has_member (e, "commission"));
          g_assert_cmpfloat (json_object_get_double_member (e, "size"), >, 0);
        }
      else if (strcmp (kind, "trade") == 0)
        {
          opened += strcmp (st, "opened") == 0;
          closed += strcmp (st, "closed") == 0;
          if (strcmp (st, "closed") == 0)
            g_assert_true (json_object_has_member (json_object_get_object_member (e, "trade"), "pnlcomm"));
        }
      else if (strcmp (kind, "status") == 0)
        status++;
    }
  g_assert_cmpuint (status, ==, 1);

  /* The last line of standard output is the JSON document. */
  g_assert_true (json_parser_load_from_data (parser, events.out, -1, &error));
  JsonObject *results = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "results");
  JsonObject *by_status = json_object_get_object_member (results, "orders_by_status");
  g_assert_cmpint (counts[0], ==, json_object_get_int_member (results, "n_orders"));
  g_assert_cmpint (fills, ==, json_object_get_int_member (by_status, "completed"));
  g_assert_cmpint (counts[2], ==, json_object_get_int_member (by_status, "canceled"));
  g_assert_cmpint (counts[3], ==, json_object_get_int_member (by_status, "expired"));
  g_assert_cmpint (counts[4], ==, json_object_get_int_member (by_status, "margin"));
  g_assert_cmpint (counts[5], ==, json_object_get_int_member (by_status, "rejected"));
  g_assert_cmpint (closed, ==, json_object_get_int_member (results, "n_trades"));
  g_assert_cmpint (opened, ==, closed + (JSON_NODE_HOLDS_NULL (json_object_get_member (results, "open_trade")) ? 0 : 1));
  g_assert_cmpint (counts[0], >, 100);
}

/* ---- stopping ------------------------------------------------------------ */

static void
check_stop_signal (int signo, const char *name)
{
  g_autoptr(GPtrArray) lines = sample_lines (30);
  g_autofree char *rows = join_lines (lines, 0, lines->len);
  g_autofree char *err = NULL;
  g_auto(Cli) cli = { 0 };

  cli_start (&cli, TRUE, "run", "sma-crossover", "--data", "-", "--events", "-", "--status-every", "0.02", NULL);
  cli_write (&cli, rows);
  cli_wait_ticks (&cli, 30);
  /* The pipe stays open: only the signal ends the run. */
  g_assert_cmpint (kill (cli.pid, signo), ==, 0);
  g_assert_cmpint (cli_finish (&cli, &err), ==, 0);
  g_assert_nonnull (strstr (cli.rest->str, "30 bars"));
  g_assert_nonnull (strstr (cli.rest->str, "Total memory cells used:"));
  g_assert_nonnull (strstr (err, "stopped by a signal"));
  g_assert_nonnull (strstr (err, name));
  g_assert_true (json_object_get_boolean_member (last_event (&cli), "final"));
  g_assert_cmpint (json_object_get_int_member (last_event (&cli), "bars"), ==, 30);
}

static void
test_sigint_prints_summary (void)
{
  check_stop_signal (SIGINT, "Interrupt");
}

static void
test_sigterm_prints_summary (void)
{
  check_stop_signal (SIGTERM, "Terminated");
}

/* ---- --follow ------------------------------------------------------------ */

static void
write_file (const char *path, const char *text, int flags)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | flags, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
  g_assert_cmpint (close (fd), ==, 0);
}

/* Rows appended (one cut in two), the file truncated and written again,
 * then renamed and made anew: each row is read once, none is half read,
 * and the header each new content repeats is not a row. */
static void
test_follow_truncation_and_rotation (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (40);
  const char *header = g_ptr_array_index (lines, 0);
  g_autofree char *path = g_build_filename (tmpdir, "follow.csv", NULL);
  g_autofree char *rotated = g_build_filename (tmpdir, "follow.csv.1", NULL);
  g_autofree char *dump = g_build_filename (tmpdir, "follow-dump.csv", NULL);
  g_autofree char *first = join_lines (lines, 0, 21);
  g_autofree char *err = NULL;
  g_auto(Cli) cli = { 0 };

  write_file (path, first, O_TRUNC);
  cli_start (&cli, FALSE, "run", "sma-crossover", "--follow", path, "--events", "-", "--status-every", "0.02",
             "--dump", dump, NULL);
  cli_wait_ticks (&cli, 20);

  /* Row 21 in two writes: its first half is not a row. */
  const char *row21 = g_ptr_array_index (lines, 21);
  g_autofree char *half = g_strndup (row21, 7);
  write_file (path, half, O_APPEND);
  cli_wait_event (&cli, "status", NULL);
  write_file (path, row21 + 7, O_APPEND);
  cli_wait_ticks (&cli, 21);

  /* Truncated: a shorter content, header first. */
  g_autofree char *rows22 = join_lines (lines, 22, 27);
  g_autofree char *second = g_strconcat (header, rows22, NULL);
  write_file (path, second, O_TRUNC);
  cli_wait_ticks (&cli, 26);

  /* Rotated: renamed, and a new file made at the path. */
  g_assert_cmpint (g_rename (path, rotated), ==, 0);
  g_autofree char *rows27 = join_lines (lines, 27, 41);
  g_autofree char *third = g_strconcat (header, rows27, NULL);
  write_file (path, third, O_TRUNC | O_EXCL);
  cli_wait_ticks (&cli, 40);

  g_assert_cmpint (kill (cli.pid, SIGINT), ==, 0);
  g_assert_cmpint (cli_finish (&cli, &err), ==, 0);
  g_assert_cmpuint (count_events (&cli, "warning", NULL), ==, 0);
  g_assert_cmpint (json_object_get_int_member (last_event (&cli), "bars"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (last_event (&cli), "warnings"), ==, 0);

  /* Every row once, in order: the dump's dates are the file's. */
  g_autofree char *dumped = NULL;
  g_assert_true (g_file_get_contents (dump, &dumped, NULL, NULL));
  g_auto(GStrv) dump_lines = g_strsplit (dumped, "\n", -1);
  for (guint i = 1; i <= 40; i++)
    {
      const char *row = g_ptr_array_index (lines, i);
      g_assert_true (strncmp (dump_lines[i], row, 10) == 0);
    }
  g_assert_cmpstr (dump_lines[41], ==, "");
}

/* ---- sockets -------------------------------------------------------------- */

typedef struct {
  GSocketService *service;
  GSocketAddress *address;       /* where it listens */
  GThread *thread;
  const char *text;              /* written in random small pieces */
  guint64 seed;
  gboolean reset;                /* end with a reset, not a close */
  /* pthread's, which ThreadSanitizer sees (GLib's GMutex it does not). */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  gboolean may_end;              /* the writer may close (or reset) */
} Feed;

static gpointer
feed_thread (gpointer data)
{
  Feed *feed = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = g_socket_listener_accept (G_SOCKET_LISTENER (feed->service), NULL,
                                                                      NULL, &error);
  g_assert_no_error (error);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GRand *rand = g_rand_new_with_seed ((guint32) feed->seed);
  gsize len = strlen (feed->text);

  for (gsize at = 0; at < len;)
    {
      gsize n = MIN (len - at, (gsize) g_rand_int_range (rand, 1, 40));
      g_assert_true (g_output_stream_write_all (out, feed->text + at, n, NULL, NULL, &error));
      g_assert_no_error (error);
      at += n;
      if (g_rand_int_range (rand, 0, 8) == 0)
        g_usleep (200);
    }
  g_rand_free (rand);
  pthread_mutex_lock (&feed->lock);
  while (!feed->may_end)
    pthread_cond_wait (&feed->cond, &feed->lock);
  pthread_mutex_unlock (&feed->lock);
  if (feed->reset)
    {
      /* A zero linger: close sends a reset, a broken connection. */
      GSocket *socket = g_socket_connection_get_socket (connection);
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };
      g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return NULL;
}

static void
feed_start (Feed *feed, gboolean unix_socket, const char *text, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) wanted = NULL;

  *feed = (Feed) { .text = text, .seed = seed };
  pthread_mutex_init (&feed->lock, NULL);
  pthread_cond_init (&feed->cond, NULL);
  feed->service = g_socket_service_new ();
  if (unix_socket)
    {
      g_autofree char *path = g_build_filename (tmpdir, "feed.sock", NULL);
      g_unlink (path);
      wanted = g_unix_socket_address_new (path);
    }
  else
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      wanted = g_inet_socket_address_new (loopback, 0);
    }
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (feed->service), wanted, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL, &feed->address, &error));
  g_assert_no_error (error);
  feed->thread = g_thread_new ("feed", feed_thread, feed);
}

static void
feed_let_end (Feed *feed)
{
  pthread_mutex_lock (&feed->lock);
  feed->may_end = TRUE;
  pthread_cond_signal (&feed->cond);
  pthread_mutex_unlock (&feed->lock);
}

static void
feed_finish (Feed *feed)
{
  feed_let_end (feed);
  g_thread_join (feed->thread);
  g_socket_service_stop (feed->service);
  g_socket_listener_close (G_SOCKET_LISTENER (feed->service));
  g_clear_object (&feed->service);
  g_clear_object (&feed->address);
  pthread_mutex_destroy (&feed->lock);
  pthread_cond_destroy (&feed->cond);
}

static char *
feed_data_arg (Feed *feed)
{
  if (G_IS_UNIX_SOCKET_ADDRESS (feed->address))
    return g_strdup_printf ("unix:%s", g_unix_socket_address_get_path (G_UNIX_SOCKET_ADDRESS (feed->address)));
  return g_strdup_printf ("tcp:127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (feed->address)));
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The same rows through a TCP socket, a Unix socket and a followed file,
 * each written in random small pieces, give the bars of the file read at
 * once, byte for byte. */
static void
test_same_bars_however_they_arrive (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (300);
  g_autofree char *all = join_lines (lines, 0, lines->len);
  g_autofree char *path = g_build_filename (tmpdir, "arrive.csv", NULL);
  g_autofree char *want_dump = g_build_filename (tmpdir, "arrive-file.dump", NULL);
  g_auto(BkCliResult) file_run = { 0 };

  g_assert_true (g_file_set_contents (path, all, -1, NULL));
  bk_cli_run (&file_run, "run", "sma-crossover", "--data", path, "--dump", want_dump, NULL);
  g_assert_cmpint (file_run.status, ==, 0);
  g_autofree char *want = read_text (want_dump);

  for (guint way = 0; way < 2; way++)
    {
      Feed feed;
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *dump = g_build_filename (tmpdir, way == 0 ? "arrive-tcp.dump" : "arrive-unix.dump", NULL);

      feed_start (&feed, way == 1, all, 17 + way);
      feed_let_end (&feed);
      g_autofree char *data = feed_data_arg (&feed);
      bk_cli_run (&r, "run", "sma-crossover", "--data", data, "--dump", dump, NULL);
      feed_finish (&feed);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "300 bars"));
      g_autofree char *got = read_text (dump);
      g_assert_cmpstr (got, ==, want);
    }

  /* Followed: the file grows by random small writes. */
  g_autofree char *grown = g_build_filename (tmpdir, "arrive-follow.csv", NULL);
  g_autofree char *dump = g_build_filename (tmpdir, "arrive-follow.dump", NULL);
  g_auto(Cli) cli = { 0 };
  GRand *rand = g_rand_new_with_seed (23);
  gsize len = strlen (all), at = strlen (g_ptr_array_index (lines, 0)) + strlen (g_ptr_array_index (lines, 1));

  g_autofree char *start = g_strndup (all, at);
  write_file (grown, start, O_TRUNC);   /* the header and a first row */
  cli_start (&cli, FALSE, "run", "sma-crossover", "--follow", grown, "--dump", dump, "--events", "-",
             "--status-every", "0.02", NULL);
  while (at < len)
    {
      gsize n = MIN (len - at, (gsize) g_rand_int_range (rand, 1, 40));
      g_autofree char *piece = g_strndup (all + at, n);
      write_file (grown, piece, O_APPEND);
      at += n;
    }
  g_rand_free (rand);
  cli_wait_ticks (&cli, 300);
  g_assert_cmpint (kill (cli.pid, SIGINT), ==, 0);
  g_assert_cmpint (cli_finish (&cli, NULL), ==, 0);
  g_assert_cmpint (json_object_get_int_member (last_event (&cli), "warnings"), ==, 0);
  g_autofree char *got = read_text (dump);
  g_assert_cmpstr (got, ==, want);
}

/* The connection breaks after 30 rows: a warning, and the run ends with
 * its summary; with --strict, the one-line error. */
static void
test_dropped_connection (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (30);
  g_autofree char *all = join_lines (lines, 0, lines->len);

  for (guint strict = 0; strict < 2; strict++)
    {
      Feed feed;
      g_auto(Cli) cli = { 0 };
      g_autofree char *err = NULL;

      feed_start (&feed, FALSE, all, 5);
      feed.reset = TRUE;
      g_autofree char *data = feed_data_arg (&feed);
      cli_start (&cli, FALSE, "run", "sma-crossover", "--data", data, "--events", "-", "--status-every", "0.02",
                 strict ? "--strict" : NULL, NULL);
      cli_wait_ticks (&cli, 30);
      feed_finish (&feed);
      int status = cli_finish (&cli, &err);
      if (!strict)
        {
          g_assert_cmpint (status, ==, 0);
          JsonObject *warning = only_warning (&cli);
          g_assert_cmpstr (json_object_get_string_member (warning, "kind"), ==, "disconnected");
          g_assert_nonnull (strstr (json_object_get_string_member (warning, "message"), data));
          g_assert_nonnull (strstr (cli.rest->str, "30 bars"));
        }
      else
        {
          g_assert_cmpint (status, ==, 1);
          g_assert_true (g_str_has_prefix (err, "barkeep-cli: "));
          g_assert_nonnull (strstr (err, "cannot read"));
          /* One line. */
          g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
        }
    }
}

static void
test_connection_refused (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autofree char *path = g_build_filename (tmpdir, "nobody.sock", NULL);
  g_autofree char *data = g_strdup_printf ("unix:%s", path);

  bk_cli_run (&r, "run", "--data", data, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: unix:"));
  g_assert_nonnull (strstr (r.err, "cannot connect"));
}

/* ---- warnings and --strict --------------------------------------------- */

/* A malformed line in a live stream: a warning naming its line and
 * column, the rows after it read; with --strict the one-line error. */
static void
test_malformed_line (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (40);
  g_autofree char *head = join_lines (lines, 0, 20);
  g_autofree char *tail = join_lines (lines, 20, lines->len);

  for (guint strict = 0; strict < 2; strict++)
    {
      g_auto(Cli) cli = { 0 };
      g_autofree char *err = NULL;

      cli_start (&cli, TRUE, "run", "sma-crossover", "--data", "-", "--events", "-",
                 strict ? "--strict" : NULL, NULL);
      cli_write (&cli, head);
      cli_write (&cli, "1996-05-09,not a number,1,1,1,1,0\n");
      cli_write (&cli, tail);
      cli_close_input (&cli);
      int status = cli_finish (&cli, &err);
      if (!strict)
        {
          g_assert_cmpint (status, ==, 0);
          JsonObject *warning = only_warning (&cli);
          g_assert_cmpstr (json_object_get_string_member (warning, "kind"), ==, "data");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (warning, "message"), "<stdin>:21:12: "));
          /* Told as the line is read, which may be before the bars
           * before it are stepped. */
          g_assert_cmpint (json_object_get_int_member (warning, "bar"), <=, 19);
          g_assert_nonnull (strstr (cli.rest->str, "40 bars"));
          g_assert_nonnull (strstr (cli.rest->str, "1 row that could not be read, left out (first: <stdin>:21:12: "));
        }
      else
        {
          g_assert_cmpint (status, ==, 1);
          g_assert_true (g_str_has_prefix (err, "barkeep-cli: <stdin>:21:12: "));
        }
    }
}

/* A row earlier than the one before, and a gap wider than --max-gap. */
static void
test_out_of_order_and_gap (void)
{
  g_autoptr(GPtrArray) lines = sample_lines (30);
  g_autofree char *head = join_lines (lines, 0, 11);
  g_autofree char *early = g_strdup (g_ptr_array_index (lines, 3));   /* row 3 again, after row 10 */

  for (guint strict = 0; strict < 2; strict++)
    {
      g_auto(Cli) cli = { 0 };
      g_autofree char *err = NULL;

      /* Weekends are 3 days: a gap is more than 4. */
      cli_start (&cli, TRUE, "run", "sma-crossover", "--data", "-", "--events", "-", "--max-gap", "345600",
                 strict ? "--strict" : NULL, NULL);
      cli_write (&cli, head);
      cli_write (&cli, early);
      cli_write (&cli, "2000-01-03,40,41,39,40,1000,0\n");
      cli_close_input (&cli);
      int status = cli_finish (&cli, &err);
      if (!strict)
        {
          g_assert_cmpint (status, ==, 0);
          g_assert_cmpuint (count_events (&cli, "warning", NULL), ==, 2);
          g_assert_nonnull (strstr (cli.rest->str, "11 bars"));
          guint gaps = 0;
          for (guint i = 0; i < cli.events->len; i++)
            {
              JsonObject *e = g_ptr_array_index (cli.events, i);
              if (strcmp (json_object_get_string_member (e, "event"), "warning") == 0
                  && strcmp (json_object_get_string_member (e, "kind"), "gap") == 0)
                {
                  gaps++;
                  g_assert_nonnull (strstr (json_object_get_string_member (e, "message"), "2000-01-03"));
                }
            }
          g_assert_cmpuint (gaps, ==, 1);
        }
      else
        {
          /* The row out of order stops it first. */
          g_assert_cmpint (status, ==, 1);
          g_assert_true (g_str_has_prefix (err, "barkeep-cli: <stdin>:12:1: "));
          g_assert_nonnull (strstr (err, "earlier"));
        }
    }
}

/* ---- the engine's live input -------------------------------------------- */

static void
test_address_parse (void)
{
  static const struct {
    const char *text;
    const char *host;     /* NULL: refused */
    guint port;
    const char *error;    /* refused: the start of the message after the text */
  } cases[] = {
    { "tcp:localhost:9000", "localhost", 9000, NULL },
    { "tcp:127.0.0.1:1", "127.0.0.1", 1, NULL },
    { "tcp:[::1]:65535", "::1", 65535, NULL },
    { "tcp:feed.example.com:443", "feed.example.com", 443, NULL },
    { "tcp::9000", NULL, 0, "column 5: expected a host" },
    { "tcp:host", NULL, 0, "column 9: expected ':' and a port" },
    { "tcp:host:", NULL, 0, "column 10: expected a port number" },
    { "tcp:host:0", NULL, 0, "column 10: port 0 is not" },
    { "tcp:host:65536", NULL, 0, "column 10: port 65536 is not" },
    { "tcp:host:123456", NULL, 0, "column 15: expected a port number" },
    { "tcp:host:12x", NULL, 0, "column 12: expected a port number" },
    { "tcp:::1:80", NULL, 0, "column 5: expected a host" },
    { "tcp:fe80::1:80", NULL, 0, "column 5: an IPv6 address goes in brackets" },
    { "tcp:[::1:80", NULL, 0, "column 12: expected ']'" },
    { "tcp:[::g]:80", NULL, 0, "column 8: expected an IPv6 address" },
    { "tcp:ho st:80", NULL, 0, "column 7: expected a host name" },
    { "unix:", NULL, 0, "column 6: expected the socket's path" },
    { "unix:/tmp/a\tb", NULL, 0, "column 12: a control character" },
    { "udp:host:1", NULL, 0, "column 1: expected tcp:HOST:PORT" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BkLiveAddress address;
      g_autoptr(GError) error = NULL;
      gboolean ok = bk_live_address_parse (cases[i].text, &address, &error);

      if (cases[i].host != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (address.kind, ==, BK_LIVE_TCP);
          g_assert_cmpstr (address.host, ==, cases[i].host);
          g_assert_cmpuint (address.port, ==, cases[i].port);
          bk_live_address_clear (&address);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
      g_autofree char *shown = g_strescape (cases[i].text, NULL);
      g_autofree char *prefix = g_strdup_printf ("%s: %s", shown, cases[i].error);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("%s: got '%s', expected it to begin '%s'", cases[i].text, error->message, prefix);
    }

  BkLiveAddress address;
  g_assert_true (bk_live_address_parse ("unix:/run/feed.sock", &address, NULL));
  g_assert_cmpint (address.kind, ==, BK_LIVE_UNIX);
  g_assert_cmpstr (address.path, ==, "/run/feed.sock");
  bk_live_address_clear (&address);
}

/* Generated ticks written as CSV and read back are the ticks generated,
 * the same for a seed every time; some share a millisecond. */
static void
test_generated_ticks_read_back (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "ticks.csv", NULL);
  g_autoptr(GError) error = NULL;
  BkTickGenerator gen;
  BkBar want, got;
  guint repeated = 0;
  double previous = -1;

  FILE *out = fopen (path, "w");
  g_assert_nonnull (out);
  g_assert_cmpint (bk_tick_generator_write_csv (out, 5000, 42, 0, NULL), ==, 0);
  g_assert_cmpint (fclose (out), ==, 0);

  g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
  g_assert_no_error (error);
  bk_tick_generator_init (&gen, 42);
  for (guint i = 0; i < 5000; i++)
    {
      g_assert_true (bk_source_next (source, &got, &error));
      bk_tick_generator_next (&gen, &want);
      g_assert_cmpfloat (got.datetime, ==, want.datetime);
      g_assert_cmpfloat (got.close, ==, want.close);
      g_assert_cmpfloat (got.open, ==, want.close);
      g_assert_cmpfloat (got.volume, ==, want.volume);
      repeated += got.datetime == previous;
      previous = got.datetime;
    }
  g_assert_false (bk_source_next (source, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (repeated, >, 100);
  g_assert_cmpuint (repeated, <, 500);
}

/* gen ticks: the same bytes for a seed, at a rate or not; a rate that is
 * not one is a usage error. */
static void
test_gen_ticks_command (void)
{
  g_auto(BkCliResult) a = { 0 }, b = { 0 }, paced = { 0 }, other = { 0 }, bad = { 0 };

  bk_cli_run (&a, "gen", "ticks", "--count", "300", "--seed", "3", NULL);
  bk_cli_run (&b, "gen", "ticks", "--count", "300", "--seed", "3", NULL);
  bk_cli_run (&paced, "gen", "ticks", "--count", "300", "--seed", "3", "--rate", "100000/s", NULL);
  bk_cli_run (&other, "gen", "ticks", "--count", "300", "--seed", "4", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (paced.status, ==, 0);
  g_assert_true (g_str_has_prefix (a.out, "Datetime,Price,Volume\n2024-01-02T09:30:00,"));
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_cmpstr (a.out, ==, paced.out);
  g_assert_cmpstr (a.out, !=, other.out);
  g_auto(GStrv) lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 302);

  bk_cli_run (&bad, "gen", "ticks", "--rate", "fast", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--rate must be ticks a second such as 1000/s, not 'fast'"));
}

/* Options that do not go together are usage errors (exit 2). */
static void
test_usage_errors (void)
{
  static const struct {
    const char *args[8];
    const char *message;
  } cases[] = {
    { { "run", "--events", "-", "--dump", "-" }, "--events - and --dump - both write to standard output" },
    { { "run", "--follow", "a.csv", "--data", "b.csv" }, "--follow and --data both name the data" },
    { { "run", "--status-every", "1" }, "--status-every writes status lines to --events" },
    { { "run", "--events", "-", "--status-every", "-1" }, "--status-every must be a number of seconds" },
    { { "run", "--max-gap", "-5" }, "--max-gap must be a number of seconds" },
    { { "run", "--data", "tcp:localhost" }, "--data tcp:localhost: column 14: expected ':' and a port" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };

      bk_cli_run_argv (&r, NULL, cases[i].args);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
      if (strstr (r.err, cases[i].message) == NULL)
        g_error ("expected '%s' in: %s", cases[i].message, r.err);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  tmpdir = g_dir_make_tmp ("barkeep-live-XXXXXX", NULL);

  g_test_add_func ("/live/events/arrive-while-the-feed-is-open", test_events_arrive_while_open);
  g_test_add_func ("/live/events/add-up-to-the-results", test_events_match_results);
  g_test_add_func ("/live/stop/sigint-prints-the-summary", test_sigint_prints_summary);
  g_test_add_func ("/live/stop/sigterm-prints-the-summary", test_sigterm_prints_summary);
  g_test_add_func ("/live/follow/truncation-and-rotation", test_follow_truncation_and_rotation);
  g_test_add_func ("/live/sockets/same-bars-however-they-arrive", test_same_bars_however_they_arrive);
  g_test_add_func ("/live/sockets/dropped-connection", test_dropped_connection);
  g_test_add_func ("/live/sockets/connection-refused", test_connection_refused);
  g_test_add_func ("/live/strict/malformed-line", test_malformed_line);
  g_test_add_func ("/live/strict/out-of-order-and-gap", test_out_of_order_and_gap);
  g_test_add_func ("/live/address/parse", test_address_parse);
  g_test_add_func ("/live/usage/options-that-do-not-go-together", test_usage_errors);
  g_test_add_func ("/live/ticks/generated-read-back", test_generated_ticks_read_back);
  g_test_add_func ("/live/ticks/gen-ticks-command", test_gen_ticks_command);
  return g_test_run ();
}
