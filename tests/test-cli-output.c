/* test-cli-output.c — what barkeep-cli writes: dumps, generated samples and
 * universes, statistics files, standard output; FIFOs, symlinks, modes. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk-cli-test-util.h"
#include "test-cli-common.h"

static void
test_gen_is_deterministic (void)
{
  g_auto(BkCliResult) a = { 0 };
  g_auto(BkCliResult) b = { 0 };

  bk_cli_run (&a, "gen", "sample", "--bars", "300", NULL);
  bk_cli_run (&b, "gen", "sample", "--bars", "300", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_true (g_str_has_prefix (a.out, "Date,Open,High,Low,Close,Volume,OpenInterest\n1996-04-12,"));
  g_auto(GStrv) lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 302);
}

/* ---- where dumps and generated files go ---------------------------- */

typedef struct {
  char *path;
  char *contents;
} FifoReader;

static gpointer
read_fifo_thread (gpointer data)
{
  FifoReader *reader = data;

  /* Blocks until a writer opens the FIFO; ends at the writer's close. */
  g_assert_true (g_file_get_contents (reader->path, &reader->contents, NULL, NULL));
  return NULL;
}

/* Runs barkeep-cli writing to a FIFO that a thread reads; returns what
 * the thread read. */
static char *
run_into_fifo (BkCliResult *r, const char *name, const char *option, const char *first, const char *second)
{
  g_autofree char *fifo = g_build_filename (tmpdir, name, NULL);
  FifoReader reader = { .path = fifo };
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  GThread *thread = g_thread_new ("fifo-reader", read_fifo_thread, &reader);
  bk_cli_run (r, first, second, option, fifo, NULL);
  /* Had the CLI never opened the FIFO, the reader would wait for ever:
   * open it for writing once, which ends its read either way. */
  int fd = open (fifo, O_WRONLY | O_NONBLOCK);
  if (fd >= 0)
    close (fd);
  g_thread_join (thread);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_unlink (fifo);
  return reader.contents;
}

static void
test_dump_to_fifo (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) stdout_dump = { 0 };
  g_autofree char *contents = run_into_fifo (&r, "dump.fifo", "--dump", "run", "--save=1");

  g_assert_cmpint (r.status, ==, 0);
  bk_cli_run (&stdout_dump, "run", "--save=1", "--dump", "-", NULL);
  g_assert_cmpstr (contents, ==, stdout_dump.out);
}

static void
test_gen_output_to_fifo (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) to_stdout = { 0 };
  g_autofree char *contents = run_into_fifo (&r, "gen.fifo", "--output", "gen", "sample");

  g_assert_cmpint (r.status, ==, 0);
  bk_cli_run (&to_stdout, "gen", "sample", NULL);
  g_assert_cmpstr (contents, ==, to_stdout.out);
}

static void
test_dump_to_dev_null (void)
{
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  bk_cli_run (&r, "run", "--dump", "/dev/null", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

static void
test_dump_through_symlink_keeps_link (void)
{
  g_autofree char *target = write_input ("link-target.csv", "old\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "link.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link_text = NULL;
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  g_assert_cmpint (symlink ("link-target.csv", link), ==, 0);
  bk_cli_run (&r, "run", "--dump", link, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link, NULL);
  g_assert_cmpstr (link_text, ==, "link-target.csv");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "date,open,high,low,close,volume,"));
  g_unlink (link);
  g_unlink (target);
}

/* Runs `first second option PATH` under umask 022 and returns the mode of
 * the new file. */
static guint
mode_of_new_file (const char *name, const char *option, const char *first, const char *second)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_auto(BkCliResult) r = { 0 };
  struct stat st;
  mode_t saved = umask (022);

  bk_cli_run (&r, first, second, option, path, NULL);
  umask (saved);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_unlink (path);
  return st.st_mode & 07777;
}

static void
test_dump_respects_umask (void)
{
  g_assert_cmpuint (mode_of_new_file ("umask-dump.csv", "--dump", "run", "--save=1"), ==, 0644);
}

static void
test_gen_output_respects_umask (void)
{
  g_assert_cmpuint (mode_of_new_file ("umask-gen.csv", "--output", "gen", "sample"), ==, 0644);
}

static void
test_dump_replacing_keeps_mode (void)
{
  g_autofree char *path = write_input ("private-dump.csv", "old\n", -1);
  g_auto(BkCliResult) r = { 0 };
  struct stat st;

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  bk_cli_run (&r, "run", "--dump", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 1000);
  g_unlink (path);
}

static void
test_dump_unwritable_fails_one_line (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such-dir", "dump.csv", NULL);
  g_autofree char *expect = g_strdup_printf ("barkeep-cli: %s: ", path);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--dump", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_true (g_str_has_prefix (r.err, expect));
  g_assert_true (g_str_has_suffix (r.err, "\n"));
  g_assert_null (strchr (r.err, '\n')[1] == '\0' ? NULL : "more than one line");
}

/* ---- numbers in dumps -------------------------------------------------- */

static void
test_dump_numbers_shortest (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "run", "--dump", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The sample's first bar, as gen wrote it, and no %.17g tails. */
  g_assert_nonnull (strstr (r.out, "\n1996-04-12,39.94,40.17,39.83,39.93,1195929,"));
  g_assert_null (strstr (r.out, "39.939999999999998"));
}

static void
test_dump_numbers_round_trip (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  bk_cli_run (&r, "run", "--dump", "-", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      for (guint j = 1; fields[j] != NULL; j++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          if (fields[j][0] == '\0')
            continue;
          double value = g_ascii_strtod (fields[j], NULL);
          /* Shortest: one digit fewer would not read back as the same. */
          g_ascii_formatd (buf, sizeof buf, "%.17g", value);
          g_assert_cmpfloat (g_ascii_strtod (buf, NULL), ==, value);
          g_assert_cmpuint (strlen (fields[j]), <=, strlen (buf));
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 4965 * 5);
}

static char *
read_file_or_fail (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in `dir`, sorted. */
static GPtrArray *
list_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_rmdir (dir);
}

static void
gen_universe_into (const char *dir, const char *symbols, const char *bars, const char *seed)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "gen", "universe", "--symbols", symbols, "--bars", bars, "--seed", seed, "--output", dir, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  /* Success says what was written. */
  g_autofree char *said = g_strdup_printf ("Wrote %s symbols of %s daily %s each to %s\n", symbols, bars,
                                           g_str_equal (bars, "1") ? "bar" : "bars", dir);
  g_assert_cmpstr (r.out, ==, said);
}

static void
test_gen_universe_deterministic (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "universe-a", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "universe-b", "nested", NULL);
  g_autofree char *b_parent = g_path_get_dirname (b);
  g_autofree char *c = g_build_filename (tmpdir, "universe-c", NULL);

  gen_universe_into (a, "12", "300", "7");
  gen_universe_into (b, "12", "300", "7");   /* the folder and its parent are made */
  gen_universe_into (c, "12", "300", "8");

  g_autoptr(GPtrArray) names = list_dir (a);
  g_assert_cmpuint (names->len, ==, 12);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "S0001.csv");
  g_assert_cmpstr (g_ptr_array_index (names, 9), ==, "S0010.csv");
  g_assert_cmpstr (g_ptr_array_index (names, 11), ==, "S0012.csv");

  /* With --force, existing files are replaced whole, leaving nothing
   * else behind. */
  g_autofree char *first = g_build_filename (b, "S0001.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(BkCliResult) forced = { 0 };
  g_assert_true (g_file_set_contents (first, "stale\n", -1, &error));
  bk_cli_run (&forced, "gen", "universe", "--symbols", "12", "--bars", "300", "--seed", "7", "--output", b, "--force",
              NULL);
  g_assert_cmpint (forced.status, ==, 0);
  g_autoptr(GPtrArray) names_b = list_dir (b);
  g_assert_cmpuint (names_b->len, ==, 12);

  guint differ = 0;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      g_autofree char *pc = g_build_filename (c, name, NULL);
      g_autofree char *ta = read_file_or_fail (pa);
      g_autofree char *tb = read_file_or_fail (pb);
      g_autofree char *tc = read_file_or_fail (pc);
      g_assert_cmpstr (ta, ==, tb);
      differ += g_strcmp0 (ta, tc) != 0;
      /* Each symbol its own walk. */
      if (i > 0)
        {
          g_autofree char *previous_path = g_build_filename (a, g_ptr_array_index (names, i - 1), NULL);
          g_autofree char *previous = read_file_or_fail (previous_path);
          g_assert_cmpstr (strchr (ta, '\n'), !=, strchr (previous, '\n'));
        }
    }
  g_assert_cmpuint (differ, ==, 12);

  /* More symbols: wider names, still in numeric order. */
  g_autofree char *wide = g_build_filename (tmpdir, "universe-wide", NULL);
  gen_universe_into (wide, "10000", "1", "7");
  g_autoptr(GPtrArray) wide_names = list_dir (wide);
  g_assert_cmpuint (wide_names->len, ==, 10000);
  g_assert_cmpstr (g_ptr_array_index (wide_names, 0), ==, "S00001.csv");
  g_assert_cmpstr (g_ptr_array_index (wide_names, 9999), ==, "S10000.csv");

  remove_tree (a);
  remove_tree (b);
  g_rmdir (b_parent);
  remove_tree (c);
  remove_tree (wide);
}

static gint64
parse_cents (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpuint (strlen (parts[1]), ==, 2);
  return g_ascii_strtoll (parts[0], NULL, 10) * 100 + g_ascii_strtoll (parts[1], NULL, 10);
}

/* Yahoo format, weekdays in order, whole cents, valid bars, positive
 * volumes; and barkeep-cli reads every file back. */
static void
test_gen_universe_valid (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-valid", NULL);

  gen_universe_into (dir, "5", "2000", "1");
  g_autoptr(GPtrArray) names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 5);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *text = read_file_or_fail (path);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autoptr(GDate) previous = NULL;

      g_assert_cmpuint (g_strv_length (lines), ==, 2002);
      g_assert_cmpstr (lines[0], ==, "Date,Open,High,Low,Close,Adj Close,Volume");
      g_assert_cmpstr (lines[2001], ==, "");
      for (guint j = 1; j <= 2000; j++)
        {
          g_auto(GStrv) f = g_strsplit (lines[j], ",", -1);
          g_assert_cmpuint (g_strv_length (f), ==, 7);
          g_autoptr(GDate) date = g_date_new ();
          g_date_set_parse (date, f[0]);
          g_assert_true (g_date_valid (date));
          g_assert_cmpint (g_date_get_weekday (date), <=, G_DATE_FRIDAY);
          g_assert_true (previous == NULL || g_date_compare (previous, date) < 0);
          g_clear_pointer (&previous, g_date_free);
          previous = g_steal_pointer (&date);

          gint64 open = parse_cents (f[1]), high = parse_cents (f[2]), low = parse_cents (f[3]);
          gint64 close = parse_cents (f[4]), adjusted = parse_cents (f[5]);
          g_assert_cmpint (low, >, 0);
          g_assert_cmpint (high, >=, MAX (open, close));
          g_assert_cmpint (low, <=, MIN (open, close));
          g_assert_cmpint (adjusted, ==, close);
          g_assert_cmpint (g_ascii_strtoll (f[6], NULL, 10), >, 0);
        }

      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, "run", "sma-crossover", "--data", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "2000 bars"));
    }
  remove_tree (dir);
}

static void
test_gen_universe_usage (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-usage", NULL);
  static const char *const cases[][5] = {
    { "--symbols", "3", NULL },
    { "--symbols", "0", "--output", "OUT" },
    { "--bars", "0", "--output", "OUT" },
    { "--bars", "1000001", "--output", "OUT" },
    { "--output", "OUT", "stray", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      const char *args[4];
      for (guint k = 0; k < 4; k++)
        args[k] = g_strcmp0 (cases[i][k], "OUT") == 0 ? dir : cases[i][k];
      bk_cli_run (&r, "gen", "universe", args[0], args[1], args[2], args[3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
      g_assert_nonnull (strstr (r.err, "barkeep-cli gen universe [--symbols N]"));
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    }

  /* A file where the folder should be: one line, exit 1. */
  g_autofree char *file = write_input ("universe-file", "x", -1);
  g_autofree char *inside = g_build_filename (file, "sub", NULL);
  g_auto(BkCliResult) r = { 0 };
  bk_cli_run (&r, "gen", "universe", "--symbols", "2", "--output", inside, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r.err, inside));
  g_assert_cmpuint (strlen (strchr (r.err, '\n')), ==, 1);
  g_unlink (file);
}

/* ---- output that cannot be written ------------------------------------ */

static void
assert_one_line_error (const BkCliResult *r, const char *part)
{
  g_test_message ("status %d, stderr: %s", r->status, r->err);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "barkeep-cli: "));
  g_assert_nonnull (strstr (r->err, part));
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_true (strchr (r->err, '\n')[1] == '\0');
}

/* Standard output on a full disk: every command fails with one line that
 * says why, instead of leaving half its output and exit 0. */
static void
test_stdout_full_disk_fails (void)
{
  static const char *const commands[] = {
    "run --json", "run", "run --dump -", "run --lendetails", "strategies", "models", "indicators",
    "indicators SMA", "gen sample", "check sma-crossover", "--help", "--version",
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *script = g_strdup_printf ("exec \"$0\" %s > /dev/full", commands[i]);
      const char *argv[] = { "/bin/sh", "-c", script, g_getenv ("BARKEEP_CLI"), NULL };
      g_auto(BkCliResult) r = { 0 };

      g_test_message ("barkeep-cli %s > /dev/full", commands[i]);
      bk_cli_spawn (&r, NULL, argv);
      assert_one_line_error (&r, "standard output");
      g_assert_nonnull (strstr (r.err, g_strerror (ENOSPC)));
    }
}

/* --dump over the price data or the strategy the run reads: refused, by
 * the file itself (a symlink to it too), and the file is left as it was. */
static void
test_dump_refuses_its_inputs (void)
{
  g_auto(BkCliResult) gen = { 0 };
  bk_cli_run (&gen, "gen", "sample", "--bars", "300", NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_autofree char *data = write_input ("own-data.csv", gen.out, -1);
  g_autofree char *strategy = write_input ("own.ini", "[indicator fast]\nexpr=SMA(close, 5)\n[rules]\nbuy=close > fast\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "own-data-link.csv", NULL);
  g_assert_cmpint (symlink ("own-data.csv", link), ==, 0);
  const char *targets[] = { data, link, strategy };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      g_autofree char *data_after = NULL, *strategy_after = NULL;

      bk_cli_run (&r, "run", strategy, "--data", data, "--dump", targets[i], NULL);
      assert_one_line_error (&r, targets[i]);
      g_assert_true (g_file_get_contents (data, &data_after, NULL, NULL));
      g_assert_cmpstr (data_after, ==, gen.out);
      g_assert_true (g_file_get_contents (strategy, &strategy_after, NULL, NULL));
      g_assert_true (g_str_has_prefix (strategy_after, "[indicator fast]\n"));
    }
  g_unlink (link);
  g_unlink (data);
  g_unlink (strategy);
}

/* gen universe writes over nothing unless --force: the files already
 * there are left as they were, and no file is written. */
static void
test_gen_universe_refuses_existing (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-existing", NULL);
  g_autofree char *second = g_build_filename (dir, "S0002.csv", NULL);
  g_autofree char *first = g_build_filename (dir, "S0001.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(BkCliResult) r = { 0 };
  g_auto(BkCliResult) forced = { 0 };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (second, "mine\n", -1, NULL));
  bk_cli_run (&r, "gen", "universe", "--symbols", "3", "--bars", "20", "--output", dir, NULL);
  assert_one_line_error (&r, second);
  g_assert_nonnull (strstr (r.err, "--force"));
  g_assert_true (g_file_get_contents (second, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine\n");
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  bk_cli_run (&forced, "gen", "universe", "--symbols", "3", "--bars", "20", "--output", dir, "--force", NULL);
  g_assert_cmpint (forced.status, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (second, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "Date,"));
  g_autoptr(GPtrArray) names = list_dir (dir);
  g_assert_cmpuint (names->len, ==, 3);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* universe --stats writes as --dump does: through a symlink the link
 * stays, a 0600 file stays 0600, a FIFO stays a FIFO. */
static void
test_universe_stats_written_like_dump (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "universe-stats", NULL);
  g_autofree char *target = write_input ("stats-target.stats", "old\n", -1);
  g_autofree char *link = g_build_filename (tmpdir, "stats-link.stats", NULL);
  g_autofree char *private = write_input ("private.stats", "old\n", -1);
  g_autofree char *link_text = NULL, *contents = NULL;
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) fifo_r = { 0 };
  struct stat st;

  bk_cli_run (&gen, "gen", "universe", "--symbols", "3", "--bars", "60", "--output", dir, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  g_assert_cmpint (symlink ("stats-target.stats", link), ==, 0);
  g_assert_cmpint (g_chmod (private, 0600), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(BkCliResult) one = { 0 };
      bk_cli_run (&one, "universe", dir, "--stats", i == 0 ? link : private, NULL);
      g_assert_cmpint (one.status, ==, 0);
    }
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link, NULL);
  g_assert_cmpstr (link_text, ==, "stats-target.stats");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, !=, "old\n");
  g_assert_cmpint (g_stat (private, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 100);

  g_autofree char *from_fifo = run_into_fifo (&fifo_r, "stats.fifo", "--stats", "universe", dir);
  g_assert_cmpint (fifo_r.status, ==, 0);
  g_assert_cmpstr (from_fifo, ==, contents);

  g_autoptr(GPtrArray) names = list_dir (dir);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_unlink (link);
  g_unlink (target);
  g_unlink (private);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("barkeep-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/gen/deterministic", test_gen_is_deterministic);
  g_test_add_func ("/cli/dump/to-fifo", test_dump_to_fifo);
  g_test_add_func ("/cli/dump/to-dev-null", test_dump_to_dev_null);
  g_test_add_func ("/cli/dump/through-symlink-keeps-link", test_dump_through_symlink_keeps_link);
  g_test_add_func ("/cli/dump/new-file-respects-umask", test_dump_respects_umask);
  g_test_add_func ("/cli/dump/replacing-keeps-mode", test_dump_replacing_keeps_mode);
  g_test_add_func ("/cli/dump/unwritable-fails-one-line", test_dump_unwritable_fails_one_line);
  g_test_add_func ("/cli/dump/numbers-shortest", test_dump_numbers_shortest);
  g_test_add_func ("/cli/dump/numbers-round-trip", test_dump_numbers_round_trip);
  g_test_add_func ("/cli/gen/output-to-fifo", test_gen_output_to_fifo);
  g_test_add_func ("/cli/gen/output-respects-umask", test_gen_output_respects_umask);
  g_test_add_func ("/cli/gen/universe-deterministic", test_gen_universe_deterministic);
  g_test_add_func ("/cli/gen/universe-valid", test_gen_universe_valid);
  g_test_add_func ("/cli/gen/universe-usage", test_gen_universe_usage);
  g_test_add_func ("/cli/output/stdout-full-disk-fails", test_stdout_full_disk_fails);
  g_test_add_func ("/cli/dump/refuses-its-inputs", test_dump_refuses_its_inputs);
  g_test_add_func ("/cli/gen/universe-refuses-existing", test_gen_universe_refuses_existing);
  g_test_add_func ("/cli/universe/stats-written-like-dump", test_universe_stats_written_like_dump);

  int status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
