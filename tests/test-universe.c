/* test-universe.c — universe runs: results that do not depend on how the
 * work was cut up, skipped files, cancelling, the budget (the listing and
 * statistics files: test-universe-files.c). */
#include "bk-universe.h"

#include "bk-error.h"
#include "bk-gen-universe.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test-universe-common.h"

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
  g_test_init (&argc, &argv, NULL);
  universe_fixture_make ();

  g_test_add_func ("/universe/reference-has-rows", test_reference_has_rows);
  g_test_add_func ("/universe/same-whatever-the-chunks-and-jobs", test_same_whatever_the_chunks_and_jobs);
  g_test_add_func ("/universe/same-in-every-mode", test_same_in_every_mode);
  g_test_add_func ("/universe/same-from-a-reversed-list", test_same_from_a_reversed_list);
  g_test_add_func ("/universe/broken-file-skipped", test_broken_file_skipped);
  g_test_add_func ("/universe/cancel-gives-no-result", test_cancel_gives_no_result);
  g_test_add_func ("/universe/keep-everything-warns", test_keep_everything_warns);
  g_test_add_func ("/universe/chunks-bound-mode-0", test_chunks_bound_mode_0);
  g_test_add_func ("/universe/budget-shared-by-workers", test_budget_shared_by_workers);

  int status = g_test_run ();

  universe_fixture_remove ();
  return status;
}
