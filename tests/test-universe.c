/* test-universe.c — universe runs: results that do not depend on how the
 * work was cut up, skipped files, statistics files and their merge. */
#include "bk-universe.h"

#include "bk-error.h"
#include "bk-gen-universe.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_SYMBOLS 24
#define N_BARS 260

static char *universe_dir;      /* N_SYMBOLS generated files */
static char *work_dir;          /* lists, broken copies, stats files */

static void
write_symbol (const char *dir, guint symbol, guint n_symbols, guint bars)
{
  BkUniverseGenerator gen;
  g_autoptr(GString) text = g_string_new (bk_universe_csv_header);
  g_autofree char *name = bk_universe_symbol_name (symbol, n_symbols);
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GError *error = NULL;

  bk_universe_generator_init (&gen, 7, symbol);
  for (guint i = 0; i < bars; i++)
    {
      char row[BK_UNIVERSE_ROW_MAX];
      BkBar bar;

      bk_universe_generator_next (&gen, &bar);
      g_string_append_len (text, row, bk_universe_format_row (&bar, row));
    }
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
}

static BkModel *
seed_model (gboolean with_split)
{
  GError *error = NULL;
  BkModel *model = bk_model_new_builtin ("seed-features", &error);
  double split;

  g_assert_no_error (error);
  if (with_split)
    {
      g_assert_true (bk_model_parse_date ("2000-08-31", &split, &error));
      g_assert_no_error (error);
      bk_model_set_split (model, TRUE, split);
    }
  return model;
}

static BkUniverseResult *
run_universe (BkModel *model, const char *source, guint chunk, guint jobs, BkMode mode, GError **error)
{
  BkUniverseOptions options;

  bk_universe_options_init (&options);
  options.chunk = chunk;
  options.jobs = jobs;
  options.mode = mode;
  return bk_universe_run (model, source, &options, NULL, NULL, NULL, error);
}

/* rows and bma as the JSON would print them: symbols, their counts and
 * dates, and every number of the fit, bit for bit. */
static void
assert_same_results (const BkUniverseResult *a, const BkUniverseResult *b)
{
  GError *error = NULL;

  g_assert_cmpuint (a->symbols->len, ==, b->symbols->len);
  for (guint i = 0; i < a->symbols->len; i++)
    {
      const BkUniverseSymbol *x = &g_array_index (a->symbols, BkUniverseSymbol, i);
      const BkUniverseSymbol *y = &g_array_index (b->symbols, BkUniverseSymbol, i);

      g_assert_cmpstr (x->symbol, ==, y->symbol);
      g_assert_cmpuint (x->train, ==, y->train);
      g_assert_cmpuint (x->test, ==, y->test);
      g_assert_cmpmem (&x->first, sizeof (double), &y->first, sizeof (double));
      g_assert_cmpmem (&x->last, sizeof (double), &y->last, sizeof (double));
    }
  g_assert_true (bk_reg_sum_equal (a->train, b->train));
  g_assert_true (bk_reg_sum_equal (a->test, b->test));

  g_autoptr(BkBmaResult) fa = bk_universe_fit (a, &error);
  g_assert_no_error (error);
  g_autoptr(BkBmaResult) fb = bk_universe_fit (b, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (fa->pip, sizeof fa->pip, fb->pip, sizeof fb->pip);
  g_assert_cmpmem (fa->mean, sizeof fa->mean, fb->mean, sizeof fb->mean);
  g_assert_cmpmem (fa->sd, sizeof fa->sd, fb->sd, sizeof fb->sd);
  g_assert_cmpmem (fa->models, sizeof fa->models, fb->models, sizeof fb->models);
  g_assert_cmpmem (&fa->test_r2_bma, sizeof (double), &fb->test_r2_bma, sizeof (double));
  g_assert_cmpmem (&fa->test_r2_best, sizeof (double), &fb->test_r2_best, sizeof (double));
}

static BkUniverseResult *reference;

static const BkUniverseResult *
get_reference (void)
{
  if (reference == NULL)
    {
      g_autoptr(BkModel) model = seed_model (TRUE);
      GError *error = NULL;

      reference = run_universe (model, universe_dir, 30, 1, BK_MODE_MINIMAL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (reference->symbols->len, ==, N_SYMBOLS);
      g_assert_cmpuint (reference->skipped->len, ==, 0);
    }
  return reference;
}

static void
test_reference_has_rows (void)
{
  const BkUniverseResult *r = get_reference ();
  GError *error = NULL;
  g_autoptr(BkBmaResult) fit = bk_universe_fit (r, &error);

  g_assert_no_error (error);
  /* 260 bars: the first row with every feature is bar 50 (ret50 looks
   * 50 bars back), and the last 5 wait for a target that never comes. */
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);

      g_assert_cmpuint (s->train + s->test, ==, N_BARS - 50 - 5);
      g_assert_cmpuint (s->train, >, 0);
      g_assert_cmpuint (s->test, >, 0);
    }
  for (guint j = 0; j < r->n_features; j++)
    {
      g_assert_true (isfinite (fit->pip[j]) && fit->pip[j] >= 0.0 && fit->pip[j] <= 1.0);
      g_assert_true (isfinite (fit->mean[j]) && isfinite (fit->sd[j]));
    }
  g_assert_true (fit->has_test_r2);
}

static void
test_same_whatever_the_chunks_and_jobs (void)
{
  static const guint chunks[] = { 1, 7, 30, 0 };
  g_autoptr(BkModel) model = seed_model (TRUE);

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    for (guint jobs = 1; jobs <= 2; jobs++)
      {
        GError *error = NULL;
        g_autoptr(BkUniverseResult) r = run_universe (model, universe_dir, chunks[c], jobs, BK_MODE_MINIMAL, &error);

        g_assert_no_error (error);
        g_test_message ("chunk %u, jobs %u: %u chunks", chunks[c], jobs, r->n_chunks);
        assert_same_results (get_reference (), r);
      }
}

static void
test_same_in_every_mode (void)
{
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autoptr(BkModel) model = seed_model (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      GError *error = NULL;
      g_autoptr(BkUniverseResult) r = run_universe (model, universe_dir, 7, 2, modes[i], &error);

      g_assert_no_error (error);
      assert_same_results (get_reference (), r);
    }
}

static char *
write_list (const char *name, gboolean reverse, const char *extra)
{
  g_autoptr(GPtrArray) files = bk_universe_list_files (universe_dir, NULL);
  g_autoptr(GString) text = g_string_new ("# the universe, listed\n");
  g_autofree char *path = g_build_filename (work_dir, name, NULL);
  GError *error = NULL;

  g_assert_nonnull (files);
  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (files, reverse ? files->len - 1 - i : i));
  if (extra != NULL)
    g_string_append_printf (text, "\n%s\n", extra);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_same_from_a_reversed_list (void)
{
  g_autofree char *list = write_list ("reversed.txt", TRUE, NULL);
  g_autoptr(BkModel) model = seed_model (TRUE);
  GError *error = NULL;
  g_autoptr(BkUniverseResult) r = run_universe (model, list, 5, 2, BK_MODE_MINIMAL, &error);

  g_assert_no_error (error);
  assert_same_results (get_reference (), r);
}

/* Three shards, each written to a statistics file, read back and merged:
 * the same as one run. */
static void
test_shards_merged_equal_one_run (void)
{
  g_autoptr(BkModel) model = seed_model (TRUE);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_universe_result_free);
  GError *error = NULL;

  for (guint k = 1; k <= 3; k++)
    {
      BkUniverseOptions options;
      g_autofree char *name = g_strdup_printf ("shard-%u.stats", k);
      g_autofree char *path = g_build_filename (work_dir, name, NULL);

      bk_universe_options_init (&options);
      options.shard = k;
      options.n_shards = 3;
      options.chunk = 4;
      g_autoptr(BkUniverseResult) part = bk_universe_run (model, universe_dir, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (part->symbols->len, ==, N_SYMBOLS / 3);
      g_assert_true (bk_universe_write_stats (part, path, &error));
      g_assert_no_error (error);
      BkUniverseResult *back = bk_universe_read_stats (path, &error);
      g_assert_no_error (error);
      g_assert_true (bk_reg_sum_equal (part->train, back->train));
      /* In any order. */
      g_ptr_array_insert (parts, 0, back);
    }
  g_autoptr(BkUniverseResult) merged = bk_universe_merge (parts, &error);
  g_assert_no_error (error);
  assert_same_results (get_reference (), merged);

  /* A shard missing, or given twice. */
  g_ptr_array_remove_index (parts, 0);
  g_assert_null (bk_universe_merge (parts, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is missing"));
  g_clear_error (&error);
}

typedef struct {
  guint reports;
  guint warnings;
  guint64 last_done;
  guint skips;                  /* reported as they happen */
  char *first_skip;
  guint cleanups;
} Progress;

static void
on_progress (const BkUniverseProgress *p, gpointer data)
{
  Progress *progress = data;

  g_assert_cmpuint (p->symbols_done, >=, progress->last_done);
  g_assert_cmpuint (p->symbols_done, <=, p->n_symbols);
  g_assert_cmpuint (p->chunk, >=, 1);
  g_assert_cmpuint (p->chunk, <=, p->n_chunks);
  progress->last_done = p->symbols_done;
  progress->reports++;
  progress->warnings += p->warning;
  for (guint i = 0; i < p->n_new_skips; i++)
    if (progress->skips++ == 0)
      progress->first_skip = g_strdup (p->new_skips[i].error);
  g_assert_cmpuint (progress->skips, ==, p->skipped);
  if (p->cleanup != NULL)
    {
      progress->cleanups++;
      g_assert_cmpuint (p->cleanup->chunk, ==, p->chunk);
      g_assert_cmpuint (p->cleanup->after_bytes, >, 0);
    }
}

/* A broken file among good ones is skipped, named with its position, and
 * changes nothing else; --strict makes it an error. */
static void
test_broken_file_skipped (void)
{
  g_autofree char *broken = g_build_filename (work_dir, "BROKEN.csv", NULL);
  g_autofree char *list = NULL;
  g_autoptr(BkModel) model = seed_model (TRUE);
  BkUniverseOptions options;
  GError *error = NULL;

  g_file_set_contents (broken, "Date,Open,High,Low,Close,Adj Close,Volume\n"
                               "1996-01-02,1,2,0.5,1.5,1.5,100\n1996-01-03,1,abc,0.5,1.5,1.5,100\n", -1, &error);
  g_assert_no_error (error);
  list = write_list ("with-broken.txt", FALSE, broken);

  /* The skip is reported as it happens, and each chunk's cleanup. */
  Progress progress = { 0 };
  bk_universe_options_init (&options);
  options.chunk = 7;
  options.jobs = 2;
  g_autoptr(BkUniverseResult) r = bk_universe_run (model, list, &options, on_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->skipped->len, ==, 1);
  const BkUniverseSkip *skip = &g_array_index (r->skipped, BkUniverseSkip, 0);
  g_assert_cmpstr (skip->file, ==, broken);
  g_autofree char *expected = g_strconcat (broken, ":3:14: expected a number in column 'High', got 'abc'", NULL);
  g_assert_cmpstr (skip->error, ==, expected);
  g_assert_cmpuint (progress.skips, ==, 1);
  g_assert_cmpstr (progress.first_skip, ==, expected);
  g_free (progress.first_skip);
  g_assert_cmpuint (progress.cleanups, ==, r->cleanups->len);
  g_assert_cmpuint (r->cleanups->len, ==, r->n_chunks);
  assert_same_results (get_reference (), r);

  bk_universe_options_init (&options);
  options.strict = TRUE;
  g_assert_null (bk_universe_run (model, list, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
}

static void
test_empty_folder_is_an_error (void)
{
  g_autofree char *empty = g_build_filename (work_dir, "empty", NULL);
  g_autoptr(BkModel) model = seed_model (FALSE);
  GError *error = NULL;

  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_null (run_universe (model, empty, 30, 1, BK_MODE_MINIMAL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (error->message, ": the folder has no price files"));
  g_clear_error (&error);
  g_rmdir (empty);
}

/* Statistics files that are not whole: one error naming the position. */
static void
test_bad_stats_files (void)
{
  g_autofree char *path = g_build_filename (work_dir, "whole.stats", NULL);
  g_autofree char *bad = g_build_filename (work_dir, "bad.stats", NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;
  gsize length;

  g_assert_true (bk_universe_write_stats (get_reference (), path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &length, &error));

  /* Truncated: every cut gives an error, never a result. */
  for (gsize cut = 0; cut + 1 < length; cut += MAX (length / 97, 1))
    {
      g_file_set_contents (bad, text, cut, &error);
      g_assert_no_error (error);
      BkUniverseResult *r = bk_universe_read_stats (bad, &error);
      if (r != NULL)
        g_error ("a statistics file cut at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " was read", cut, length);
      g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, bad));
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
    }

  /* Corrupted: a digit of a sum changed into a letter. */
  g_autofree char *corrupt = g_strdup (text);
  char *train = strstr (corrupt, "\ntrain\n");
  g_assert_nonnull (train);
  char *digit = strpbrk (train + 7, "0123456789");
  *digit = 'z';
  g_file_set_contents (bad, corrupt, length, &error);
  g_assert_null (bk_universe_read_stats (bad, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_clear_error (&error);

  /* Mismatched: another horizon cannot be merged. */
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_universe_result_free);
  g_ptr_array_add (parts, bk_universe_read_stats (path, &error));
  g_assert_no_error (error);
  BkUniverseResult *other = bk_universe_read_stats (path, &error);
  g_assert_no_error (error);
  other->horizon = 10;
  g_ptr_array_add (parts, other);
  g_assert_null (bk_universe_merge (parts, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_clear_error (&error);
  g_remove (bad);
  g_remove (path);
}

/* Stop: the run ends soon after the flag is set, with no result. */
typedef struct {
  gint cancel;
  gint64 cancelled_at;
} Stopper;

static void
stop_at_first_report (const BkUniverseProgress *p, gpointer data)
{
  Stopper *stopper = data;

  if (stopper->cancelled_at == 0)
    {
      stopper->cancelled_at = g_get_monotonic_time ();
      g_atomic_int_set (&stopper->cancel, 1);
    }
}

static void
test_cancel_gives_no_result (void)
{
  g_autoptr(BkModel) model = seed_model (TRUE);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GPtrArray) files = bk_universe_list_files (universe_dir, NULL);
  g_autofree char *list_path = g_build_filename (work_dir, "long.txt", NULL);
  BkUniverseOptions options;
  Stopper stopper = { 0 };
  GError *error = NULL;

  /* The universe 200 times over: long enough for a progress report. */
  for (guint n = 0; n < 200; n++)
    for (guint i = 0; i < files->len; i++)
      g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (files, i));
  g_file_set_contents (list_path, list->str, list->len, &error);
  g_assert_no_error (error);

  bk_universe_options_init (&options);
  options.jobs = 2;
  BkUniverseResult *r = bk_universe_run (model, list_path, &options, stop_at_first_report, &stopper,
                                         &stopper.cancel, &error);
  gint64 ended = g_get_monotonic_time ();
  g_assert_null (r);
  g_assert_error (error, BK_ERROR, BK_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (stopper.cancelled_at, >, 0);
  g_test_message ("stopped %.1f ms after the flag was set", (ended - stopper.cancelled_at) / 1000.0);

  /* Set before the start: nothing runs. */
  gint cancel = 1;
  g_assert_null (bk_universe_run (model, universe_dir, &options, NULL, NULL, &cancel, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_CANCELLED);
  g_clear_error (&error);
}

/* Mode 0 with everything in one chunk keeps every symbol's lines to the
 * end: memory grows, and a small threshold raises the warning once. */
static void
test_keep_everything_warns (void)
{
  g_autoptr(BkModel) model = seed_model (TRUE);
  BkUniverseOptions options;
  Progress progress = { 0 };
  GError *error = NULL;

  bk_universe_options_init (&options);
  options.chunk = 0;
  options.mode = BK_MODE_KEEP_ALL;
  options.cleanup = BK_CLEANUP_NORMAL;
  options.warn_growth_bytes = 1;
  g_autoptr(BkUniverseResult) r = bk_universe_run (model, universe_dir, &options, on_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_chunks, ==, 1);
  g_assert_cmpuint (progress.reports, >=, 1);
  g_assert_cmpuint (r->warnings->len, ==, progress.warnings);
  /* Before the cleanup, the chunk held every symbol's whole lines: at
   * least a value per bar for each of the feed's 7 lines. */
  guint64 most = 0;
  for (guint i = 0; i < r->timeline->len; i++)
    most = MAX (most, g_array_index (r->timeline, BkUniverseSample, i).cells);
  g_test_message ("cells held at most: %" G_GUINT64_FORMAT, most);
  g_assert_cmpuint (most, >=, (guint64) N_SYMBOLS * N_BARS * 7);
  g_assert_cmpuint (r->cleanups->len, ==, 1);
  assert_same_results (get_reference (), r);
}

static guint64
most_cells_held (const BkUniverseResult *r)
{
  guint64 most = 0;

  for (guint i = 0; i < r->timeline->len; i++)
    most = MAX (most, g_array_index (r->timeline, BkUniverseSample, i).cells);
  return most;
}

/* Mode 0: without chunks the cells held grow with every symbol; with
 * chunks they are bounded by one chunk's, whatever the universe's size. */
static void
test_chunks_bound_mode_0 (void)
{
  g_autoptr(BkModel) model = seed_model (TRUE);
  GError *error = NULL;
  g_autoptr(BkUniverseResult) whole = run_universe (model, universe_dir, 0, 2, BK_MODE_KEEP_ALL, &error);
  g_assert_no_error (error);
  g_autoptr(BkUniverseResult) chunked = run_universe (model, universe_dir, 4, 2, BK_MODE_KEEP_ALL, &error);
  g_assert_no_error (error);

  /* Every symbol has the same bars: a chunk of 4 holds a sixth of 24. */
  guint64 all = most_cells_held (whole), one_chunk = most_cells_held (chunked);
  g_test_message ("cells held at most: %" G_GUINT64_FORMAT " without chunks, %" G_GUINT64_FORMAT " in chunks of 4",
                  all, one_chunk);
  g_assert_cmpuint (all, >=, (guint64) N_SYMBOLS * N_BARS * 7);
  g_assert_cmpuint (one_chunk * (N_SYMBOLS / 4), ==, all);
  g_assert_cmpuint (chunked->cleanups->len, ==, N_SYMBOLS / 4);
  assert_same_results (whole, chunked);
}

/* ---- hostile input ------------------------------------------------------ */

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/* A folder of `n` good symbols in work_dir, made afresh. */
static char *
small_universe (const char *name, guint n)
{
  char *dir = g_build_filename (work_dir, name, NULL);

  remove_tree (dir);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    write_symbol (dir, i, N_SYMBOLS, N_BARS);
  return dir;
}

static char *
make_path (const char *dir, const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* What a folder holds that is not a price file is skipped, each with its
 * reason; --strict makes each of them an error but for a temporary file
 * of an interrupted write, which is never a symbol. */
static void
test_folder_skips_what_is_not_a_price_file (void)
{
  g_autofree char *dir = small_universe ("odd-folder", 3);
  g_autofree char *fifo = make_path (dir, "fifo.csv");
  g_autofree char *dangling = make_path (dir, "dangling.csv");
  g_autofree char *loop1 = make_path (dir, "loop1.csv");
  g_autofree char *loop2 = make_path (dir, "loop2.csv");
  g_autofree char *sub = make_path (dir, "sub");
  g_autofree char *first = bk_universe_symbol_name (0, N_SYMBOLS);
  g_autofree char *temp_name = g_strconcat (first, ".csv.Ab3dE9", NULL);
  g_autofree char *temp = make_path (dir, temp_name);
  g_autofree char *first_name = g_strconcat (first, ".csv", NULL);
  g_autofree char *first_path = make_path (dir, first_name);
  g_autoptr(BkModel) model = seed_model (FALSE);
  static const char *const reasons[] = {
    "a symbolic link to nothing", "a FIFO, not a price file", "a symbolic link in a loop",
    "a symbolic link in a loop", "a folder, not a price file",
  };
  GError *error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("nowhere.csv", dangling), ==, 0);
  g_assert_cmpint (symlink ("loop2.csv", loop1), ==, 0);
  g_assert_cmpint (symlink ("loop1.csv", loop2), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_get_contents (first_path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (temp, text, length / 2, NULL));

  g_autoptr(BkUniverseResult) r = run_universe (model, dir, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->symbols->len, ==, 3);
  g_assert_cmpuint (r->skipped->len, ==, G_N_ELEMENTS (reasons) + 1);
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *skip = &g_array_index (r->skipped, BkUniverseSkip, i);
      g_test_message ("%s", skip->error);
      g_assert_true (g_str_has_prefix (skip->error, skip->file));
    }
  /* In name order: the temporary file first (S0000.csv.Ab3dE9). */
  g_assert_cmpstr (g_array_index (r->skipped, BkUniverseSkip, 0).file, ==, temp);
  g_assert_true (g_str_has_suffix (g_array_index (r->skipped, BkUniverseSkip, 0).error,
                                   ": a temporary file left by an interrupted write"));
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    g_assert_true (g_str_has_suffix (g_array_index (r->skipped, BkUniverseSkip, i + 1).error, reasons[i]));

  /* --strict: one error for each, the first in name order. */
  /* (The loop goes whole: either link alone would lead nowhere.) */
  const char *in_order[] = { dangling, fifo, loop1, loop2, sub };
  for (guint i = 0; i < G_N_ELEMENTS (in_order); i++)
    {
      if (in_order[i] == loop2)
        continue;
      BkUniverseOptions options;

      bk_universe_options_init (&options);
      options.strict = TRUE;
      g_assert_null (bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error));
      g_assert_error (error, BK_ERROR, BK_ERROR_IO);
      g_autofree char *expected = g_strdup_printf ("%s: %s", in_order[i], reasons[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      remove_tree (in_order[i]);
      if (in_order[i] == loop1)
        remove_tree (loop2);
    }
  BkUniverseOptions options;
  bk_universe_options_init (&options);
  options.strict = TRUE;
  g_autoptr(BkUniverseResult) strict = bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strict->symbols->len, ==, 3);
  g_assert_cmpuint (strict->skipped->len, ==, 1);
  g_assert_true (bk_universe_is_temporary_name ("S0001.csv.zZ09aB"));
  g_assert_false (bk_universe_is_temporary_name ("AAPL.prices"));
  g_assert_false (bk_universe_is_temporary_name ("S0001.csv"));
  g_assert_false (bk_universe_is_temporary_name ("S0001.csv.tar-gz"));
  remove_tree (dir);
}

/* One file named by two paths (and a link to it) is one symbol, whatever
 * the order of the list; two files of one symbol are an error naming
 * both. */
static void
test_duplicates_count_once (void)
{
  g_autofree char *dir = small_universe ("duplicates", 3);
  g_autofree char *name = bk_universe_symbol_name (1, N_SYMBOLS);
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = make_path (dir, file);
  g_autofree char *other = g_strdup_printf ("%s/./%s", dir, file);
  g_autofree char *link = make_path (work_dir, "link.csv");
  g_autofree char *list = make_path (work_dir, "twice.txt");
  g_autofree char *reversed = make_path (work_dir, "twice-reversed.txt");
  g_autoptr(GPtrArray) files = bk_universe_list_files (dir, NULL);
  g_autoptr(BkModel) model = seed_model (FALSE);
  GError *error = NULL;

  g_assert_cmpint (symlink (path, link), ==, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  for (guint i = 0; i < files->len; i++)
    g_string_append_printf (text, "%s\n", (char *) files->pdata[i]);
  g_string_append_printf (text, "%s\n%s\n", other, link);
  g_assert_true (g_file_set_contents (list, text->str, -1, NULL));
  g_autoptr(GString) back = g_string_new (NULL);
  g_string_append_printf (back, "%s\n%s\n", link, other);
  for (guint i = files->len; i-- > 0;)
    g_string_append_printf (back, "%s\n", (char *) files->pdata[i]);
  g_assert_true (g_file_set_contents (reversed, back->str, -1, NULL));

  g_autoptr(BkUniverseResult) a = run_universe (model, list, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_autoptr(BkUniverseResult) b = run_universe (model, reversed, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_autoptr(BkUniverseResult) once = run_universe (model, dir, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->symbols->len, ==, 3);
  g_assert_cmpuint (a->skipped->len, ==, 2);
  assert_same_results (once, a);
  assert_same_results (a, b);
  for (guint i = 0; i < a->skipped->len; i++)
    {
      const char *message = g_array_index (a->skipped, BkUniverseSkip, i).error;
      g_test_message ("%s", message);
      g_assert_nonnull (strstr (message, ": the same file as "));
      g_assert_cmpstr (message, ==, g_array_index (b->skipped, BkUniverseSkip, i).error);
    }

  /* S0001.csv beside S0001.txt. */
  g_autofree char *txt_name = g_strconcat (name, ".txt", NULL);
  g_autofree char *txt = make_path (dir, txt_name);
  g_assert_true (g_file_set_contents (txt, "Date,Close\n", -1, NULL));
  for (guint strict = 0; strict <= 1; strict++)
    {
      BkUniverseOptions options;

      bk_universe_options_init (&options);
      options.strict = strict;
      g_assert_null (bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error));
      g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
      g_autofree char *expected = g_strdup_printf ("%s and %s are both symbol %s: remove or rename one of them",
                                                   path, txt, name);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }
  g_remove (list);
  g_remove (reversed);
  g_remove (link);
  remove_tree (dir);
}

/* A source that is neither a folder nor a regular file is refused, not
 * read: a FIFO would wait for a writer, /dev/zero never end. */
static void
test_sources_must_be_regular (void)
{
  g_autofree char *fifo = make_path (work_dir, "source.fifo");
  g_autoptr(BkModel) model = seed_model (FALSE);
  GError *error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_null (run_universe (model, fifo, 30, 1, BK_MODE_MINIMAL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_autofree char *expected = g_strconcat (fifo, ": neither a folder nor a list of files", NULL);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  const char *stats[] = { fifo, "/dev/zero" };
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    {
      g_assert_null (bk_universe_read_stats (stats[i], &error));
      g_assert_error (error, BK_ERROR, BK_ERROR_IO);
      g_autofree char *message = g_strconcat (stats[i], ": not a regular file", NULL);
      g_assert_cmpstr (error->message, ==, message);
      g_clear_error (&error);
    }

  /* A list that names a FIFO: skipped, or with --strict an error. */
  g_autofree char *list = write_list ("with-fifo.txt", FALSE, fifo);
  g_autoptr(BkUniverseResult) r = run_universe (model, list, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->symbols->len, ==, N_SYMBOLS);
  g_assert_cmpuint (r->skipped->len, ==, 1);
  BkUniverseOptions options;
  bk_universe_options_init (&options);
  options.strict = TRUE;
  g_assert_null (bk_universe_run (model, list, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "a FIFO"));
  g_clear_error (&error);
  g_remove (list);
  g_remove (fifo);
}

/* The statistics text of the reference, with `from` replaced by `to`
 * (the first time), read back: NULL and the error expected. */
static void
assert_edit_refused (const char *text, const char *from, const char *to, const char *message)
{
  g_autofree char *path = make_path (work_dir, "edited.stats");
  const char *at = strstr (text, from);
  GError *error = NULL;

  g_assert_nonnull (at);
  g_autofree char *edited = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
  g_autoptr(BkUniverseResult) r = bk_universe_read_stats_from_data (edited, strlen (edited), path, &error);
  if (r != NULL)
    g_error ("'%s' for '%s' was read", to, from);
  g_test_message ("%s", error->message);
  g_assert_error (error, BK_ERROR, BK_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, message));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
}

/* Hand-edited statistics whose numbers disagree with each other are
 * refused with the line where they do; a count is checked before
 * anything is sized by it. */
static void
test_stats_numbers_must_agree (void)
{
  g_autofree char *path = make_path (work_dir, "agree.stats");
  g_autofree char *text = NULL;
  GError *error = NULL;
  gsize length;

  g_assert_true (bk_universe_write_stats (get_reference (), path, &error));
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_remove (path);
  g_autoptr(BkUniverseResult) whole = bk_universe_read_stats_from_data (text, length, "whole", &error);
  g_assert_no_error (error);

  const BkUniverseSymbol *s0 = &g_array_index (whole->symbols, BkUniverseSymbol, 0);
  const BkUniverseSymbol *s1 = &g_array_index (whole->symbols, BkUniverseSymbol, 1);
  g_autofree char *s1_line = g_strdup_printf ("symbol\t%s\t", s1->symbol);
  g_autofree char *s0_again = g_strdup_printf ("symbol\t%s\t", s0->symbol);
  g_autofree char *s0_rows = g_strdup_printf ("symbol\t%s\t%" G_GUINT64_FORMAT "\t", s0->symbol, s0->train);
  g_autofree char *s0_more = g_strdup_printf ("symbol\t%s\t%" G_GUINT64_FORMAT "\t", s0->symbol, s0->train + 1);
  g_autofree char *bars = g_strdup_printf ("bars\t%" G_GUINT64_FORMAT "\n", whole->bars);

  assert_edit_refused (text, "shard\t1\t1", "shard\t1\t4294967295", "4294967295 is more than 100000");
  assert_edit_refused (text, "shard\t1\t1", "shard\t0\t1", "shards are numbered from 1");
  assert_edit_refused (text, "horizon\t5", "horizon\t0", "the horizon");
  assert_edit_refused (text, s1_line, s0_again, "is listed twice");
  assert_edit_refused (text, s0_rows, s0_more, "training rows, but the symbols have");
  assert_edit_refused (text, bars, "bars\t10\n", "bars cannot give");
  assert_edit_refused (text, "xtx 0 0 ", "xtx 0 0 -", "xtx 0 0 is a sum of squares");
  assert_edit_refused (text, "xtx 3 3 ", "xtx 3 3 nan ", "xtx 3 3 is a sum of squares");
  assert_edit_refused (text, "yty ", "yty -", "yty is a sum of squares");

  /* The most shards a file may claim, one part given: missing, with no
   * table of that many shards made. */
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_universe_result_free);
  g_autofree char *many = g_strdup_printf ("shard\t%u\t%u", BK_UNIVERSE_MAX_SHARDS, BK_UNIVERSE_MAX_SHARDS);
  const char *at = strstr (text, "shard\t1\t1");
  g_autofree char *edited = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, many, at + strlen ("shard\t1\t1"));
  BkUniverseResult *last = bk_universe_read_stats_from_data (edited, strlen (edited), "last", &error);
  g_assert_no_error (error);
  g_ptr_array_add (parts, last);
  g_assert_null (bk_universe_merge (parts, &error));
  g_autofree char *missing = g_strdup_printf ("shard 1 of %u is missing", BK_UNIVERSE_MAX_SHARDS);
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, missing);
  g_clear_error (&error);
}

/* A symbol in two shards would count twice: the merge refuses it.  The
 * files the listing skipped, which every shard tells, are kept once. */
static void
test_merge_refuses_a_symbol_twice (void)
{
  g_autofree char *dir = small_universe ("merge-twice", 4);
  g_autofree char *sub = make_path (dir, "sub");
  g_autoptr(BkModel) model = seed_model (FALSE);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_universe_result_free);
  GError *error = NULL;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  for (guint k = 1; k <= 2; k++)
    {
      BkUniverseOptions options;

      bk_universe_options_init (&options);
      options.shard = k;
      options.n_shards = 2;
      BkUniverseResult *part = bk_universe_run (model, dir, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (part->skipped->len, ==, 1);
      g_ptr_array_add (parts, part);
    }
  g_autoptr(BkUniverseResult) merged = bk_universe_merge (parts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->symbols->len, ==, 4);
  g_assert_cmpuint (merged->skipped->len, ==, 1);

  BkUniverseResult *second = g_ptr_array_index (parts, 1);
  BkUniverseSymbol *s = &g_array_index (second->symbols, BkUniverseSymbol, 0);
  g_free (s->symbol);
  s->symbol = g_strdup (g_array_index (((BkUniverseResult *) parts->pdata[0])->symbols, BkUniverseSymbol, 0).symbol);
  g_assert_null (bk_universe_merge (parts, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_autofree char *expected = g_strdup_printf ("symbol %s is in shard 1 and in shard 2", s->symbol);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  remove_tree (dir);
}

static void
assert_shown_safely (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
}

/* A file name need not be UTF-8 nor free of escape sequences: symbols,
 * skipped files and their messages are escaped (\xNN), in the results and
 * in statistics files read back. */
static void
test_names_are_escaped (void)
{
  g_autofree char *dir = small_universe ("hostile-names", 2);
  g_autofree char *good = make_path (dir, "bad\xff\x1b[31mname.csv");
  g_autofree char *bad = make_path (dir, "x\xfe\x1b]0;title\x07.csv");
  g_autofree char *first = bk_universe_symbol_name (0, N_SYMBOLS);
  g_autofree char *first_name = g_strconcat (first, ".csv", NULL);
  g_autofree char *first_path = make_path (dir, first_name);
  g_autofree char *text = NULL;
  g_autoptr(BkModel) model = seed_model (FALSE);
  GError *error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (first_path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (good, text, length, NULL));
  g_assert_true (g_file_set_contents (bad, "Date,Close\n1996-01-02,abc\n", -1, NULL));
  g_autoptr(BkUniverseResult) r = run_universe (model, dir, 30, 1, BK_MODE_MINIMAL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->symbols->len, ==, 3);
  g_assert_cmpuint (r->skipped->len, ==, 1);
  g_assert_cmpstr (g_array_index (r->symbols, BkUniverseSymbol, 2).symbol, ==, "bad\\xFF\\x1B[31mname");
  for (guint i = 0; i < r->symbols->len; i++)
    assert_shown_safely (g_array_index (r->symbols, BkUniverseSymbol, i).symbol);
  const BkUniverseSkip *skip = &g_array_index (r->skipped, BkUniverseSkip, 0);
  g_test_message ("%s", skip->error);
  assert_shown_safely (skip->file);
  assert_shown_safely (skip->error);
  g_assert_true (g_str_has_suffix (skip->file, "x\\xFE\\x1B]0;title\\x07.csv"));

  /* Through a statistics file and back: the same names. */
  g_autofree char *stats = make_path (work_dir, "hostile.stats");
  g_assert_true (bk_universe_write_stats (r, stats, &error));
  g_autoptr(BkUniverseResult) back = bk_universe_read_stats (stats, &error);
  g_assert_no_error (error);
  assert_same_results (r, back);
  g_assert_cmpstr (g_array_index (back->skipped, BkUniverseSkip, 0).error, ==, skip->error);

  /* A hand-written file with raw bytes in a name (octal escapes). */
  g_autofree char *written = NULL;
  g_assert_true (g_file_get_contents (stats, &written, &length, NULL));
  const char *at = strstr (written, "symbol\tbad");
  g_assert_nonnull (at);
  g_autofree char *hand = g_strdup_printf ("%.*ssymbol\t\\377\\033%s", (int) (at - written), written,
                                           at + strlen ("symbol\tbad"));
  g_autoptr(BkUniverseResult) raw = bk_universe_read_stats_from_data (hand, strlen (hand), "hand", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < raw->symbols->len; i++)
    assert_shown_safely (g_array_index (raw->symbols, BkUniverseSymbol, i).symbol);
  g_autofree char *json = NULL;
  {
    g_autoptr(BkBmaResult) fit = bk_universe_fit (raw, &error);
    g_assert_no_error (error);
    json = bk_universe_format_json (raw, fit);
  }
  assert_shown_safely (g_strchomp (json));
  g_remove (stats);
  remove_tree (dir);
}

/* One budget bounds every worker's runs together: mode 0 with the whole
 * universe in one chunk passes 40 MiB and stops with BK_ERROR_MEMORY;
 * chunks of 6 give their runs back and finish with the same results; all
 * is given back either way. */
static void
test_budget_shared_by_workers (void)
{
  g_autoptr(BkModel) model = seed_model (TRUE);
  g_autoptr(BkBudget) budget = bk_budget_new (40u << 20, "--max-memory");
  g_autoptr(GError) error = NULL;
  BkUniverseOptions options;

  bk_universe_options_init (&options);
  options.mode = BK_MODE_KEEP_ALL;
  options.jobs = 2;
  options.chunk = 0;
  options.budget = budget;
  g_assert_null (bk_universe_run (model, universe_dir, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_true (g_str_has_prefix (error->message, universe_dir));
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_assert_cmpuint (bk_budget_get_peak (budget), <=, 40u << 20);
  g_clear_error (&error);

  options.chunk = 6;
  g_autoptr(BkUniverseResult) chunked = bk_universe_run (model, universe_dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_results (chunked, get_reference ());
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);

  options.mode = BK_MODE_MINIMAL;
  options.chunk = 0;
  g_autoptr(BkUniverseResult) streamed = bk_universe_run (model, universe_dir, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_results (streamed, get_reference ());
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

int
main (int argc, char **argv)
{
  GError *error = NULL;

  g_test_init (&argc, &argv, NULL);
  universe_dir = g_dir_make_tmp ("barkeep-test-universe-XXXXXX", &error);
  g_assert_no_error (error);
  work_dir = g_dir_make_tmp ("barkeep-test-universe-work-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_SYMBOLS; i++)
    write_symbol (universe_dir, i, N_SYMBOLS, N_BARS);

  g_test_add_func ("/universe/reference-has-rows", test_reference_has_rows);
  g_test_add_func ("/universe/same-whatever-the-chunks-and-jobs", test_same_whatever_the_chunks_and_jobs);
  g_test_add_func ("/universe/same-in-every-mode", test_same_in_every_mode);
  g_test_add_func ("/universe/same-from-a-reversed-list", test_same_from_a_reversed_list);
  g_test_add_func ("/universe/shards-merged-equal-one-run", test_shards_merged_equal_one_run);
  g_test_add_func ("/universe/broken-file-skipped", test_broken_file_skipped);
  g_test_add_func ("/universe/empty-folder-is-an-error", test_empty_folder_is_an_error);
  g_test_add_func ("/universe/bad-stats-files", test_bad_stats_files);
  g_test_add_func ("/universe/cancel-gives-no-result", test_cancel_gives_no_result);
  g_test_add_func ("/universe/keep-everything-warns", test_keep_everything_warns);
  g_test_add_func ("/universe/chunks-bound-mode-0", test_chunks_bound_mode_0);
  g_test_add_func ("/universe/folder-skips-what-is-not-a-price-file", test_folder_skips_what_is_not_a_price_file);
  g_test_add_func ("/universe/duplicates-count-once", test_duplicates_count_once);
  g_test_add_func ("/universe/sources-must-be-regular", test_sources_must_be_regular);
  g_test_add_func ("/universe/stats-numbers-must-agree", test_stats_numbers_must_agree);
  g_test_add_func ("/universe/merge-refuses-a-symbol-twice", test_merge_refuses_a_symbol_twice);
  g_test_add_func ("/universe/names-are-escaped", test_names_are_escaped);

  g_test_add_func ("/universe/budget-shared-by-workers", test_budget_shared_by_workers);

  int status = g_test_run ();

  g_clear_pointer (&reference, bk_universe_result_free);
  remove_tree (universe_dir);
  remove_tree (work_dir);
  g_free (universe_dir);
  g_free (work_dir);
  return status;
}
