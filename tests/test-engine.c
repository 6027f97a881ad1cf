/* test-engine.c — lines, the memory modes and their invariants. */
#include <stdio.h>

#include <glib/gstdio.h>

#include "bk-compare.h"
#include "bk-dump.h"
#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-indicator.h"
#include "bk-observers.h"
#include "bk-pow.h"
#include "bk-random.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-run-private.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define SEED 20150101

static const BkMode all_modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

static BkStrategy *
seed_strategy (void)
{
  g_autoptr(GError) error = NULL;
  BkStrategy *strategy = bk_strategy_new_builtin ("memory-savings", &error);

  g_assert_no_error (error);
  return strategy;
}

/* Runs the seed strategy over generated bars; returns the total cells and,
 * when dump is non-NULL, the dump text. */
static guint64
run_generated (BkMode mode, BkPrecision precision, guint64 bars, char **dump_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, FALSE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, &error);

  g_assert_no_error (error);
  if (dump_text != NULL)
    *dump_text = bk_test_execute_dump (run, source);
  else
    {
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_assert_no_error (error);
    }
  g_autoptr(BkReport) report = bk_report_new (run);
  g_assert_cmpuint (report->bars, ==, bars);
  return report->total_cells;
}

static void
test_line_whole_blocks (void)
{
  BkLine *line = bk_line_new_whole (BK_PRECISION_F64, NULL);

  for (guint i = 0; i < 3 * BK_BLOCK_VALUES + 7; i++)
    bk_line_push (line, i * 0.5);
  g_assert_cmpuint (bk_line_get_cells (line), ==, 3 * BK_BLOCK_VALUES + 7);
  g_assert_cmpfloat (bk_line_get (line, 0), ==, (3 * BK_BLOCK_VALUES + 6) * 0.5);
  g_assert_cmpfloat (bk_line_get (line, 3 * BK_BLOCK_VALUES + 6), ==, 0.0);
  g_assert_true (isnan (bk_line_get (line, 3 * BK_BLOCK_VALUES + 7)));
  g_assert_cmpfloat (bk_line_get_at (line, BK_BLOCK_VALUES), ==, BK_BLOCK_VALUES * 0.5);
  g_assert_cmpuint (bk_line_get_published_length (line), ==, 3 * BK_BLOCK_VALUES + 7);

  /* Blocks never move: a pointer into the first block stays valid. */
  const double *first = line->pages[0][0];
  for (guint i = 0; i < 10 * BK_BLOCK_VALUES; i++)
    bk_line_push (line, 1.0);
  g_assert_true (first == line->pages[0][0]);
  g_assert_cmpfloat (first[1], ==, 0.5);
  bk_line_free (line);
}

static void
test_line_ring_keeps_last_values (void)
{
  gboolean overrun = FALSE;
  BkLine *line = bk_line_new_ring (BK_PRECISION_F64, 3);

  bk_line_set_overrun_flag (line, &overrun);
  for (guint i = 1; i <= 10; i++)
    bk_line_push (line, i);
  g_assert_cmpuint (bk_line_get_cells (line), ==, 3);
  g_assert_cmpfloat (bk_line_get (line, 0), ==, 10);
  g_assert_cmpfloat (bk_line_get (line, 1), ==, 9);
  g_assert_cmpfloat (bk_line_get (line, 2), ==, 8);
  g_assert_false (overrun);
  g_assert_true (isnan (bk_line_get (line, 3)));
  g_assert_true (overrun);
  g_assert_cmpuint (line->overrun_ago, ==, 4);
  bk_line_free (line);
}

static void
test_line_f32_rounds_when_stored (void)
{
  BkLine *whole = bk_line_new_whole (BK_PRECISION_F32, NULL);
  BkLine *ring = bk_line_new_ring (BK_PRECISION_F32, 2);

  bk_line_push (whole, 0.1);
  bk_line_push (ring, 0.1);
  g_assert_cmpfloat (bk_line_get (whole, 0), ==, (double) 0.1f);
  g_assert_cmpfloat (bk_line_get (ring, 0), ==, (double) 0.1f);
  g_assert_cmpfloat (bk_line_get (whole, 0), !=, 0.1);
  bk_line_free (whole);
  bk_line_free (ring);
}

/* bk_pow takes shortcuts for squares and square roots: they must give
 * pow()'s bits exactly, for prices, returns, squares of them, random bit
 * patterns over the whole range, and the special values. */
static void
check_pow_agrees (double x, double y, guint *shortcut_misses)
{
  double fast = bk_pow (x, y), slow = pow (x, y);

  if (memcmp (&fast, &slow, sizeof fast) != 0)
    {
      (*shortcut_misses)++;
      g_test_message ("pow(%a, %g): %a, bk_pow gives %a", x, y, slow, fast);
    }
}

static void
test_pow_agrees_with_libm (void)
{
  static const double specials[] = {
    0.0, -0.0, 1.0, -1.0, 2.0, 0.25, INFINITY, -INFINITY, NAN, 0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp1023,
    0x1p-480, 0x1p-481, 0x1p500, 0x1p501, 0x1p-960, 0x1p1000, 1e300, 1e-300, 14.11, 9.97,
  };
  guint64 state = 20261201;
  guint misses = 0;

  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    for (guint sign = 0; sign < 2; sign++)
      {
        check_pow_agrees (sign ? -specials[i] : specials[i], 2.0, &misses);
        check_pow_agrees (sign ? -specials[i] : specials[i], 0.5, &misses);
      }
  for (guint i = 0; i < 2000000; i++)
    {
      guint64 bits = bk_random_next (&state);
      double any, price = round (bk_random_uniform (&state) * 1e6) / 100.0;
      double ret = price / (round (bk_random_uniform (&state) * 1e6) / 100.0 + 0.01) - 1.0;

      memcpy (&any, &bits, sizeof any);
      check_pow_agrees (any, 2.0, &misses);
      check_pow_agrees (fabs (any), 0.5, &misses);
      check_pow_agrees (price, 2.0, &misses);
      check_pow_agrees (price * price / 7.0, 0.5, &misses);
      check_pow_agrees (ret, 2.0, &misses);
      check_pow_agrees (ret * ret, 0.5, &misses);
    }
  /* Other exponents go to pow() as they are. */
  check_pow_agrees (14.11, 3.0, &misses);
  check_pow_agrees (14.11, -0.5, &misses);
  g_assert_cmpuint (misses, ==, 0);
}

/* What a run computes on generated bars: its dump and its broker's end. */
static char *
run_result (BkRun *run, guint64 seed)
{
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 400, seed, FALSE);
  g_autofree char *dump = bk_test_execute_dump (run, source);
  const BkBroker *broker = bk_run_get_broker (run);

  return g_strdup_printf ("%s\nvalue %a, %u trades, %" G_GUINT64_FORMAT " bars, %" G_GUINT64_FORMAT " cells",
                          dump, broker->value, broker->trades->len, bk_run_get_bars (run),
                          bk_run_get_cells (run));
}

/* A run made as new by bk_run_reset, after a run on other bars, computes
 * what a new run does, bit for bit. */
static void
check_reset_run_equals_new (BkStrategy *strategy)
{
  static const BkPrecision precisions[] = { BK_PRECISION_F64, BK_PRECISION_F32 };

  for (guint p = 0; p < G_N_ELEMENTS (precisions); p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkRun) fresh = bk_run_new (strategy, BK_MODE_MINIMAL, precisions[p], &error);
      g_autoptr(BkRun) reused = bk_run_new (strategy, BK_MODE_MINIMAL, precisions[p], &error);

      g_assert_no_error (error);
      g_autofree char *expected = run_result (fresh, 7);
      g_autofree char *other = run_result (reused, 3);
      g_assert_cmpstr (other, !=, expected);
      g_assert_true (bk_run_reset (reused));
      g_assert_cmpuint (bk_run_get_bars (reused), ==, 0);
      g_autofree char *again = run_result (reused, 7);
      g_assert_cmpstr (again, ==, expected);
    }
}

static void
test_run_reset_equals_new (void)
{
  guint n_indicators = 0;

  /* Every indicator of the library, with its defaults. */
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      g_autoptr(GError) error = NULL;
      /* Oscillator needs an indicator to oscillate around its data. */
      gboolean of_sma = g_str_equal (desc->name, "Oscillator");
      g_autofree char *text = g_strdup_printf ("[indicator x]\nexpr=%s(%s)\n", desc->name, of_sma ? "SMA()" : "");
      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "reset.ini", &error);

      g_assert_no_error (error);
      g_test_message ("%s", desc->name);
      check_reset_run_equals_new (strategy);
      n_indicators++;
    }
  g_assert_cmpuint (n_indicators, >=, 40);

  /* Every built-in strategy: rules, orders and trades too. */
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, &error);

      g_assert_no_error (error);
      g_test_message ("%s", *id);
      check_reset_run_equals_new (strategy);
    }

  /* Whole lines are not reset: the run stays as it was. */
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", NULL);
  g_autoptr(BkRun) whole = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, NULL);
  g_autofree char *done = run_result (whole, 7);
  g_assert_nonnull (strstr (done, ", 400 bars, "));
  g_assert_false (bk_run_reset (whole));
  g_assert_cmpuint (bk_run_get_bars (whole), ==, 400);
}

/* ---- comparing the modes ---- */

static char *
write_generated_csv (guint64 bars)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("barkeep-compare-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  FILE *out = fdopen (fd, "w");
  g_assert_cmpint (bk_generator_write_csv (out, bars, SEED, FALSE), ==, 0);
  g_assert_cmpint (fclose (out), ==, 0);
  return path;
}

/* The four modes of the seed's strategy: each mode's cells are those of a
 * run of its own, they compute the same, mode 0's cells climb bar by bar
 * and mode 1's stay where they started. */
static void
test_compare_four_modes (void)
{
  g_autofree char *path = write_generated_csv (3000);
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (compare);
  g_assert_cmpuint (compare->n_modes, ==, BK_COMPARE_N_MODES);
  g_assert_false (compare->stopped);
  g_assert_null (compare->difference);
  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    {
      const BkCompareMode *mode = &compare->modes[i];
      g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
      g_autoptr(BkRun) run = bk_run_new (strategy, mode->mode, BK_PRECISION_F64, &error);

      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_autoptr(BkReport) report = bk_report_new (run);
      g_assert_cmpuint (mode->report->total_cells, ==, report->total_cells);
      g_assert_cmpuint (mode->bars, ==, 3000);

      /* The timeline runs from bar 0 to the last bar. */
      GArray *t = mode->timeline;
      g_assert_cmpuint (g_array_index (t, BkCompareSample, 0).bars, ==, 0);
      g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).bars, ==, 3000);
      g_assert_cmpuint (g_array_index (t, BkCompareSample, t->len - 1).cells, ==, bk_run_get_cells (run));
      for (guint k = 1; k < t->len; k++)
        {
          const BkCompareSample *a = &g_array_index (t, BkCompareSample, k - 1);
          const BkCompareSample *b = &g_array_index (t, BkCompareSample, k);

          g_assert_cmpuint (b->bars, >, a->bars);
          if (mode->mode == BK_MODE_KEEP_ALL)
            g_assert_cmpuint (b->cells, >, a->cells);
          else if (mode->mode == BK_MODE_MINIMAL)
            g_assert_cmpuint (b->cells, ==, a->cells);
        }
    }
  g_remove (path);
}

/* A strategy whose second build (the compare's mode 1) averages over 31
 * bars instead of 30: the difference is found and named. */
static gboolean
build_unsteady (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  guint *builds = user_data;

  return bk_test_add_named_sma (graph, build, "x", (*builds)++ == 1 ? 31 : 30, error) != NULL;
}

static void
test_compare_names_a_difference (void)
{
  g_autofree char *path = write_generated_csv (200);
  guint builds = 0;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_custom ("unsteady", "Unsteady", NULL, build_unsteady, &builds, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (compare->n_modes, ==, BK_COMPARE_N_MODES);
  g_assert_nonnull (compare->difference);
  g_assert_true (g_str_has_prefix (compare->difference, "mode 1 differs from mode 0 at bar 30 ("));
  g_assert_nonnull (strstr (compare->difference, ") in x.sma: no value against "));
  g_remove (path);
}

static void
stop_in_third_mode (guint mode_index, double fraction, gpointer user_data)
{
  if (mode_index == 2)
    g_atomic_int_set ((gint *) user_data, 1);
}

/* Stopped in the third mode: the first two stay, finished. */
static void
test_compare_stop_keeps_finished_modes (void)
{
  g_autofree char *path = write_generated_csv (20000);
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(GError) error = NULL;
  gint cancel = 0;
  g_autoptr(BkCompare) compare = bk_compare_run (strategy, path, NULL, BK_PRECISION_F64, &cancel,
                                                 stop_in_third_mode, &cancel, &error);

  g_assert_no_error (error);
  g_assert_true (compare->stopped);
  g_assert_cmpuint (compare->n_modes, ==, 2);
  g_assert_null (compare->difference);
  g_assert_cmpuint (compare->modes[1].bars, ==, 20000);
  g_assert_null (compare->modes[2].run);
  g_remove (path);
}

static void
test_fsum_is_exactly_rounded (void)
{
  const double cancel[] = { 1e100, 1.0, -1e100 };
  const double tenths[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
  const double tiny[] = { 1.0, 1e-16, 1e-16 };

  g_assert_cmpfloat (bk_fsum (cancel, 3), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tenths, 10), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tiny, 3), ==, 1.0000000000000002);
  g_assert_cmpfloat (bk_fsum (NULL, 0), ==, 0.0);
}

static void
test_fsum_overflow_gives_infinity (void)
{
  double up[1000], down[5];

  /* Python raises OverflowError here; the engine must neither abort nor
   * return a finite number. */
  for (guint i = 0; i < G_N_ELEMENTS (up); i++)
    up[i] = G_MAXDOUBLE;
  for (guint i = 0; i < G_N_ELEMENTS (down); i++)
    down[i] = -1e308;
  g_assert_cmpfloat (bk_fsum (up, G_N_ELEMENTS (up)), ==, INFINITY);
  g_assert_cmpfloat (bk_fsum (down, G_N_ELEMENTS (down)), ==, -INFINITY);
}

static void
test_fsum_overflow_cancels_exactly (void)
{
  /* Intermediate sums out of range, totals in range: the exact total. */
  const double back[] = { 1e308, 1e308, -1e308 };
  const double cancel[] = { G_MAXDOUBLE, G_MAXDOUBLE, 1.0, -G_MAXDOUBLE, -G_MAXDOUBLE };
  const double tiny[] = { 1e308, 1e308, 1e308, -1e308, -1e308, -1e308, 1e-300 };
  double window[64];

  g_assert_cmpfloat (bk_fsum (back, G_N_ELEMENTS (back)), ==, 1e308);
  g_assert_cmpfloat (bk_fsum (cancel, G_N_ELEMENTS (cancel)), ==, 1.0);
  g_assert_cmpfloat (bk_fsum (tiny, G_N_ELEMENTS (tiny)), ==, 1e-300);

  /* A window's sum as SMA keeps it: values in, the same values out. */
  BkFsum sum = BK_FSUM_INIT;
  for (guint i = 0; i < G_N_ELEMENTS (window); i++)
    {
      window[i] = (i % 3 == 0 ? -1 : 1) * G_MAXDOUBLE / (1 + i % 5);
      bk_fsum_add (&sum, window[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (window); i++)
    bk_fsum_add (&sum, -window[i]);
  bk_fsum_add (&sum, 0.5);
  g_assert_cmpfloat (bk_fsum_result (&sum), ==, 0.5);
}

static void
test_fsum_specials_add_as_ieee (void)
{
  const double mixed[] = { INFINITY, 1.0, -INFINITY };
  const double huge_and_inf[] = { 1e308, 1e308, -INFINITY };
  const double with_nan[] = { 1e308, NAN, 1e308 };

  g_assert_true (isnan (bk_fsum (mixed, G_N_ELEMENTS (mixed))));
  g_assert_cmpfloat (bk_fsum (huge_and_inf, G_N_ELEMENTS (huge_and_inf)), ==, -INFINITY);
  g_assert_true (isnan (bk_fsum (with_nan, G_N_ELEMENTS (with_nan))));
}

/* A graph over a feed of its own, stepped over `closes` (every other feed
 * line the same value). */
typedef struct {
  BkGraph *graph;
  BkNode *feed;
} GraphOver;

static GraphOver *
graph_over_new (void)
{
  GraphOver *over = g_new0 (GraphOver, 1);

  over->graph = bk_graph_new ();
  over->feed = bk_graph_get_feed (over->graph);
  return over;
}

static void
graph_over_free (GraphOver *over)
{
  bk_graph_free (over->graph);
  g_free (over);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GraphOver, graph_over_free)

/* Plans the graph in mode 1 and steps it; `node`'s first output, bar by
 * bar. */
static double *
graph_over_run (GraphOver *over, BkNode *node, const double *closes, guint n)
{
  double *out = g_new (double, n);

  bk_graph_note_read (over->graph, node->outputs[0], 1);
  bk_graph_plan (over->graph, BK_MODE_MINIMAL, BK_PRECISION_F64, -1);
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j < BK_FEED_N_LINES; j++)
        bk_line_push (over->feed->outputs[j]->line, j == BK_FEED_DATETIME ? i : closes[i]);
      bk_graph_step_nodes (over->graph, i + 1, BK_ROLE_INDICATOR);
      out[i] = bk_line_get (node->outputs[0]->line, 0);
    }
  g_assert_false (*bk_graph_get_overrun_flag (over->graph));
  return out;
}

/* Steps one indicator over `closes`; returns its first output, bar by bar. */
static double *
indicator_over (const char *type, double period, const double *closes, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GraphOver) over = graph_over_new ();
  BkNode *node = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup (type), NULL, 0, &period, 1, &error);

  g_assert_no_error (error);
  return graph_over_run (over, node, closes, n);
}

static void
assert_same_values (const double *got, const double *expected, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("bar %u: got %g, expected %g", i + 1, got[i], expected[i]);
      if (isnan (expected[i]))
        g_assert_true (isnan (got[i]));
      else
        g_assert_cmpfloat (got[i], ==, expected[i]);
    }
}

static void
test_sma_nan_leaves_window (void)
{
  const double in[] = { 1, 2, NAN, 4, 5, 6, NAN, NAN, 9, 10, 11, 12, 13 };
  const double want[] = { NAN, NAN, NAN, NAN, NAN, 5, NAN, NAN, NAN, NAN, 10, 11, 12 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  assert_same_values (got, want, G_N_ELEMENTS (in));
}

static void
test_sma_long_nan_run_then_values (void)
{
  /* NaN for many windows, then values: each mean as fsum gives it. */
  enum { N = 5000, PERIOD = 100 };
  g_autofree double *in = g_new (double, N);
  g_autofree double *want = g_new (double, N);

  for (guint i = 0; i < N; i++)
    in[i] = i >= 10 && i < 3000 ? NAN : 1.0 + (i % 7) * 0.1;
  for (guint i = 0; i < N; i++)
    want[i] = i + 1 < PERIOD || (i >= 10 && i < 3000 + PERIOD - 1) ? NAN : bk_fsum (in + i + 1 - PERIOD, PERIOD) / PERIOD;
  g_autofree double *got = indicator_over ("SMA", PERIOD, in, N);
  for (guint i = 0; i < N; i++)
    {
      if (isnan (want[i]))
        g_assert_true (isnan (got[i]));
      else
        g_assert_cmpfloat_with_epsilon (got[i], want[i], 1e-12);
    }
}

static void
test_sma_infinities_in_window (void)
{
  const double in[] = { 1, INFINITY, 3, -INFINITY, 5, 6, 7, 8, INFINITY, NAN, 10, 11, 12, 13 };
  const double want[] = { NAN, NAN, INFINITY, NAN, -INFINITY, -INFINITY, 6, 7, INFINITY, NAN, NAN, NAN, 11, 12 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  assert_same_values (got, want, G_N_ELEMENTS (in));
}

static void
test_sma_overflow_recovers (void)
{
  const double in[] = { 1e308, 1e308, 1e308, 1e308, 1e308, 1, 2, 3, 4, 5, 6, -1e308, -1e308, 1e308, 7 };
  g_autofree double *got = indicator_over ("SMA", 3, in, G_N_ELEMENTS (in));

  /* Sums out of range give inf; once the huge values leave, means are
   * exact again: taking them out of the running sum did not spoil it. */
  g_assert_cmpfloat (got[2], ==, INFINITY);
  g_assert_cmpfloat (got[4], ==, INFINITY);
  g_assert_cmpfloat (got[5], ==, INFINITY);
  g_assert_cmpfloat (got[6], ==, bk_fsum ((const double[]) { 1e308, 1, 2 }, 3) / 3);
  g_assert_cmpfloat (got[7], ==, 2);
  g_assert_cmpfloat (got[10], ==, 5);
  g_assert_cmpfloat (got[11], ==, bk_fsum (in + 9, 3) / 3);
  g_assert_cmpfloat (got[12], ==, bk_fsum (in + 10, 3) / 3);
  g_assert_cmpfloat (got[13], ==, bk_fsum (in + 11, 3) / 3);
  g_assert_cmpfloat (got[14], ==, bk_fsum (in + 12, 3) / 3);
}

/* Huge values, k * 2^1020, whose window sums go out of range and back:
 * each bar's sum comes from the running sum, O(1), never from the window
 * read afresh.  The values between the newest and the oldest are made NaN
 * while each bar is stepped: a sum read afresh would be NaN. */
static void
test_sma_overflow_stays_constant_work (void)
{
  enum { N = 3000, PERIOD = 50 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GraphOver) over = graph_over_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1020);
  g_autofree double *in = g_new (double, N);
  double period = PERIOD;
  BkNode *sumn = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("SumN"), NULL, 0, &period, 1, &error);
  guint out_of_range = 0, in_range = 0, transitions = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < N; i++)
    in[i] = ldexp ((i / 300) % 2 == 0 ? g_rand_int_range (rand, -3, 16) : g_rand_int_range (rand, -15, 16), 1020);
  bk_graph_note_read (over->graph, sumn->outputs[0], 1);
  bk_graph_plan (over->graph, BK_MODE_MINIMAL, BK_PRECISION_F64, -1);
  BkLine *close = over->feed->outputs[BK_FEED_CLOSE]->line;
  g_assert_cmpint (close->storage, ==, BK_STORAGE_RING);
  g_assert_cmpuint (close->capacity, >=, PERIOD);
  double *kept = g_newa (double, PERIOD);
  for (guint i = 0; i < N; i++)
    {
      for (guint j = 0; j < BK_FEED_N_LINES; j++)
        bk_line_push (over->feed->outputs[j]->line, j == BK_FEED_DATETIME ? i : in[i]);
      /* The first full window is summed afresh, as it must be. */
      gboolean poison = i >= PERIOD;
      for (guint ago = 1; poison && ago + 1 < PERIOD; ago++)
        {
          guint slot = (close->head + close->capacity - ago) % close->capacity;
          kept[ago] = close->ring.f64[slot];
          close->ring.f64[slot] = NAN;
        }
      bk_graph_step_nodes (over->graph, i + 1, BK_ROLE_INDICATOR);
      for (guint ago = 1; poison && ago + 1 < PERIOD; ago++)
        close->ring.f64[(close->head + close->capacity - ago) % close->capacity] = kept[ago];
      if (i + 1 < PERIOD)
        continue;
      double got = bk_line_get (sumn->outputs[0]->line, 0), want = bk_fsum (in + i + 1 - PERIOD, PERIOD);
      if (memcmp (&got, &want, sizeof got) != 0)
        g_error ("bar %u: SumN %.17g, fsum %.17g", i + 1, got, want);
      transitions += i >= PERIOD && isfinite (want) != isfinite (bk_fsum (in + i - PERIOD, PERIOD));
      out_of_range += !isfinite (want);
      in_range += isfinite (want);
    }
  g_assert_false (*bk_graph_get_overrun_flag (over->graph));
  g_test_message ("%u sums out of range, %u in range, %u changes between", out_of_range, in_range, transitions);
  g_assert_cmpuint (out_of_range, >, 100);
  g_assert_cmpuint (in_range, >, 100);
  g_assert_cmpuint (transitions, >, 10);
}

/* Values as analysts' data have them, and as they do not: closes in whole
 * cents around 14.11 with long flat stretches (the case where a running
 * sum once gave 14.109999999999998 against backtrader's
 * 14.110000000000001), values of every magnitude and sign, a large value
 * among small ones leaving the window, sums that cancel to zero, and sums
 * that overflow. */
static double *
exactness_series (guint kind, guint n, GRand *rand)
{
  double *in = g_new (double, n);
  double cents = 1411;

  for (guint i = 0; i < n; i++)
    switch (kind)
      {
      case 0:
        if (i % 400 >= 200)       /* flat: the close stays 14.11 */
          cents = 1411;
        else
          cents = MAX (1, cents + g_rand_int_range (rand, -9, 10));
        in[i] = cents / 100.0;
        break;
      case 1:
        in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * pow (10, g_rand_int_range (rand, -8, 9));
        break;
      case 2:
        in[i] = i % 97 == 0 ? 1e15 + g_rand_int_range (rand, 0, 1000) : g_rand_int_range (rand, 1, 100000) * 1e-3;
        break;
      case 3:
        in[i] = i % 2 == 0 ? 0.1 * (i % 11) : -0.1 * ((i - 1) % 11);
        break;
      default:
        /* Sums out of range among values of every size, tiny ones
         * included (which a sum scaled down loses bits of). */
        switch (g_rand_int_range (rand, 0, 4))
          {
          case 0:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double_range (rand, 0.5, 1.0) * DBL_MAX;
            break;
          case 1:
            in[i] = g_rand_double_range (rand, 1, 1000) * (i % 1000 < 500 ? DBL_MAX / 8 : 1.0);
            break;
          case 2:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * 0x1p-1000;
            break;
          default:
            in[i] = (g_rand_boolean (rand) ? 1 : -1) * g_rand_double (rand) * pow (10, g_rand_int_range (rand, -300, 300));
          }
      }
  return in;
}

/* SMA is fsum(window) / period and SumN fsum(window), bit for bit, at
 * every bar, for short and long periods. */
static void
test_window_sums_exactly_rounded (void)
{
  static const guint periods[] = { 1, 2, 3, 15, 30, 200 };
  enum { N = 6000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);

  for (guint kind = 0; kind < 5; kind++)
    {
      g_autofree double *in = exactness_series (kind, N, rand);

      for (guint k = 0; k < G_N_ELEMENTS (periods); k++)
        {
          guint p = periods[k], out_of_range = 0;
          g_autofree double *sma = indicator_over ("SMA", p, in, N);
          g_autofree double *sumn = indicator_over ("SumN", p, in, N);

          for (guint i = p - 1; i < N; i++)
            {
              double sum = bk_fsum (in + i + 1 - p, p);

              if (memcmp (&sma[i], &(double) { sum / p }, sizeof (double)) != 0
                  || memcmp (&sumn[i], &sum, sizeof (double)) != 0)
                g_error ("kind %u, period %u, bar %u: SMA %.17g SumN %.17g, fsum %.17g", kind, p, i + 1, sma[i],
                         sumn[i], sum);
              out_of_range += !isfinite (sum);
            }
          if (kind == 4 && p >= 3)
            g_assert_cmpuint (out_of_range, >, 0);
        }
    }
}

/* CrossOver(close, SMA(close, p)) against backtrader's computation made
 * here from the exactly rounded means: NonZeroDifference, then CrossUp
 * minus CrossDown. */
static void
test_crossover_of_own_sma_exact (void)
{
  enum { N = 6000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (14110000);
  g_autofree double *in = exactness_series (0, N, rand);
  g_autoptr(GError) error = NULL;

  for (guint p = 2; p <= 30; p += 7)
    {
      g_autoptr(GraphOver) over = graph_over_new ();
      double period = p;
      BkNode *sma = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error);
      BkInput inputs[] = { bk_node_output (over->feed, BK_FEED_CLOSE), bk_node_output (sma, 0) };
      BkNode *cross = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("CrossOver"), inputs, 2, NULL, 0,
                                              &error);
      g_assert_no_error (error);
      g_autofree double *got = graph_over_run (over, cross, in, N);
      double nzd = 0;
      guint crossings = 0;

      for (guint i = p - 1; i < N; i++)
        {
          double mean = bk_fsum (in + i + 1 - p, p) / p;
          double d = in[i] - mean;
          double want = NAN;

          if (i >= p)
            want = (nzd < 0 && in[i] > mean) - (nzd > 0 && in[i] < mean);
          nzd = d != 0.0 || i == p - 1 ? d : nzd;
          if (isnan (want))
            g_assert_true (isnan (got[i]));
          else if (got[i] != want)
            g_error ("period %u, bar %u: CrossOver %g, exact %g (close %.17g, mean %.17g)", p, i + 1, got[i], want,
                     in[i], mean);
          crossings += want != 0 && !isnan (want);
        }
      g_test_message ("period %u: %u crossings, all where exact means put them", p, crossings);
      g_assert_cmpuint (crossings, >, 10);
    }
}

/* StdDev as backtrader computes it: pow(abs(meansq - sqmean), 0.5) with
 * safepow (the default), the difference as it is without; on a constant
 * window rounding leaves a tiny difference that abs keeps. */
static void
test_stddev_safepow (void)
{
  enum { N = 60, P = 20 };
  double in[N], squares[N];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      in[i] = i < 25 ? 1.2 + i * 0.01 : 1.33;
      squares[i] = pow (in[i], 2);
    }
  for (guint safepow = 0; safepow < 2; safepow++)
    {
      g_autoptr(GraphOver) over = graph_over_new ();
      const double params[] = { P, safepow };
      BkNode *node = bk_graph_add_indicator (over->graph, NULL, bk_indicator_lookup ("StdDev"), NULL, 0, params, 2,
                                             &error);
      g_assert_no_error (error);
      g_autofree double *got = graph_over_run (over, node, in, N);
      guint tiny = 0;

      for (guint i = P - 1; i < N; i++)
        {
          double diff = bk_fsum (squares + i + 1 - P, P) / P - pow (bk_fsum (in + i + 1 - P, P) / P, 2);
          double want = pow (safepow ? fabs (diff) : diff, 0.5);

          if (isnan (want))
            g_assert_true (isnan (got[i]));
          else
            g_assert_cmpfloat (got[i], ==, want);
          tiny += diff != 0 && fabs (diff) < 1e-12;
        }
      /* The constant windows of 1.33 at the end: Python's
       * abs(fsum([1.33 ** 2] * 20) / 20 - (fsum([1.33] * 20) / 20) ** 2) ** 0.5,
       * and without abs the square root of a negative number. */
      if (safepow)
        g_assert_cmpfloat (got[N - 1], ==, 1.4901161193847656e-08);
      else
        g_assert_true (isnan (got[N - 1]));
      g_test_message ("safepow=%u: last %.17g; %u windows with a rounding-sized difference", safepow, got[N - 1], tiny);
    }
}

static void
test_cci_of_huge_values_does_not_abort (void)
{
  enum { N = 60 };
  double in[N];

  for (guint i = 0; i < N; i++)
    in[i] = i < 30 ? 1e308 : 10.0 + i % 3;
  g_autofree double *got = indicator_over ("CCI", 20, in, N);
  /* Once the huge values have left both windows, a finite CCI again. */
  g_assert_true (isfinite (got[N - 1]));
}

static void
test_graph_cells_match_mode1_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = seed_strategy ();
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 300, SEED, FALSE);

  g_assert_no_error (error);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkReport) report = bk_report_new (run);
  g_assert_cmpuint (bk_graph_get_cells (bk_run_get_graph (run)), ==, report->total_cells);
}

static void
test_graph_node_limit_leaves_room_for_observers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkGraph) graph = bk_graph_new ();
  const double period = 2;

  /* The feed and BK_GRAPH_MAX_NODES - 1 indicators: the strategy's limit. */
  for (guint i = 1; i < BK_GRAPH_MAX_NODES; i++)
    g_assert_nonnull (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error));
  g_assert_no_error (error);
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &period, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_true (bk_observers_add_defaults (graph, &error));
  g_assert_no_error (error);
}

static void
test_modes_dumps_identical (void)
{
  g_autofree char *reference = NULL;

  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F64, 4965, &reference);
  g_assert_cmpuint (strlen (reference), >, 4965 * 50);
  for (guint m = 1; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autofree char *dump = NULL;
      run_generated (all_modes[m], BK_PRECISION_F64, 4965, &dump);
      g_assert_cmpstr (dump, ==, reference);
    }
}

static void
test_modes_dumps_identical_f32 (void)
{
  g_autofree char *reference = NULL, *f64 = NULL;

  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F32, 2000, &reference);
  run_generated (BK_MODE_KEEP_ALL, BK_PRECISION_F64, 2000, &f64);
  g_assert_cmpstr (reference, !=, f64);
  for (guint m = 1; m < G_N_ELEMENTS (all_modes); m++)
    {
      g_autofree char *dump = NULL;
      run_generated (all_modes[m], BK_PRECISION_F32, 2000, &dump);
      g_assert_cmpstr (dump, ==, reference);
    }
}

static void
test_mode1_cells_constant (void)
{
  guint64 cells_255 = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 255, NULL);
  guint64 cells_4965 = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 4965, NULL);
  guint64 cells_million = run_generated (BK_MODE_MINIMAL, BK_PRECISION_F64, 1000000, NULL);

  g_test_message ("mode 1 cells: %" G_GUINT64_FORMAT, cells_4965);
  g_assert_cmpuint (cells_4965, <=, 200);
  g_assert_cmpuint (cells_255, ==, cells_4965);
  g_assert_cmpuint (cells_million, ==, cells_4965);
}

static void
test_modes_seed_table_order (void)
{
  guint64 cells[4];

  for (guint m = 0; m < G_N_ELEMENTS (all_modes); m++)
    cells[m] = run_generated (all_modes[m], BK_PRECISION_F64, 4965, NULL);
  g_test_message ("cells: 0=%" G_GUINT64_FORMAT " 1=%" G_GUINT64_FORMAT " -1=%" G_GUINT64_FORMAT
                  " -2=%" G_GUINT64_FORMAT, cells[0], cells[1], cells[2], cells[3]);
  /* 1 < -2 < -1 < 0, as in the seed's table. */
  g_assert_cmpuint (cells[1], <, cells[3]);
  g_assert_cmpuint (cells[3], <, cells[2]);
  g_assert_cmpuint (cells[2], <, cells[0]);
}

static BkRun *
planned_run (BkMode mode, gint shrink_line)
{
  g_autoptr(GError) error = NULL;
  static BkStrategy *strategy;

  if (strategy == NULL)
    strategy = seed_strategy ();
  BkRun *run = bk_run_new_shrunk (strategy, mode, BK_PRECISION_F64, shrink_line, &error);
  g_assert_no_error (error);
  return run;
}

static gboolean
is_named_line (BkLineSpec *spec)
{
  return spec->owner->role == BK_ROLE_INDICATOR && spec->owner->parent == NULL && spec->owner->name != NULL;
}

static void
test_mode_minus1_keeps_plotted_whole (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_PLOT_SAVE_INTERNALS, -1);
  BkGraph *graph = bk_run_get_graph (run);
  guint whole = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      gboolean expect = spec->owner->role == BK_ROLE_FEED || spec->owner->role == BK_ROLE_OBSERVER
                        || is_named_line (spec);
      g_assert_cmpint (spec->whole, ==, expect);
      whole += spec->whole;
    }
  /* 7 feed lines, 9 named indicator lines, 6 observer lines. */
  g_assert_cmpuint (whole, ==, 7 + 9 + 6);
}

static void
test_mode_minus2_rings_unplotted (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_PLOT_SAVE_UNPLOTTED, -1);
  BkGraph *graph = bk_run_get_graph (run);
  guint testind_lines = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      if (is_named_line (spec) && g_strcmp0 (spec->owner->name, "testind") == 0)
        {
          g_assert_false (spec->whole);
          testind_lines++;
        }
      else
        g_assert_cmpint (spec->whole, ==, bk_line_spec_is_whole_in (spec, BK_MODE_PLOT_SAVE_INTERNALS));
    }
  g_assert_cmpuint (testind_lines, ==, 2);
}

static void
test_mode1_rings_everything (void)
{
  g_autoptr(BkRun) run = planned_run (BK_MODE_MINIMAL, -1);
  BkGraph *graph = bk_run_get_graph (run);

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      g_assert_false (spec->whole);
      g_assert_cmpuint (spec->line->capacity, ==, MAX (spec->lookback, 1));
    }
  /* Lines are sized by what is read, not by minimum period: close feeds
   * SMA(30), high and low the 14-bar Highest and Lowest. */
  BkNode *feed = bk_graph_get_feed (graph);
  g_assert_cmpuint (feed->outputs[BK_FEED_CLOSE]->line->capacity, ==, 30);
  g_assert_cmpuint (feed->outputs[BK_FEED_HIGH]->line->capacity, ==, 14);
  g_assert_cmpuint (feed->outputs[BK_FEED_LOW]->line->capacity, ==, 14);
  g_assert_cmpuint (feed->outputs[BK_FEED_VOLUME]->line->capacity, ==, 1);
}

static BkRun *
planned_run_shrunk (gint shrink, gpointer data)
{
  return planned_run (BK_MODE_MINIMAL, shrink);
}

static BkSource *
generated_source (gpointer data)
{
  return bk_source_new_generated ("generated", 300, SEED, FALSE);
}

/* Every ring is minimal: one value smaller and some read falls outside it. */
static void
test_mode1_rings_minimal (void)
{
  guint checked = bk_test_check_rings_minimal_with (planned_run_shrunk, generated_source, NULL);

  g_test_message ("%u rings shrunk, each overrun caught", checked);
  g_assert_cmpuint (checked, >=, 30);
}

static void
test_report_counts_every_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) run = planned_run (BK_MODE_KEEP_ALL, -1);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100, SEED, FALSE);

  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_autoptr(BkReport) report = bk_report_new (run);
  BkGraph *graph = bk_run_get_graph (run);

  /* Mode 0: every line holds every bar, each cell counted once, and so
   * is every value a node keeps inside itself. */
  guint64 state = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    state += bk_graph_get_node (graph, i)->state_cells;
  g_assert_cmpuint (state, ==, 6 * 3 + 5 * 3);
  g_assert_cmpuint (report->total_cells, ==, (guint64) bk_graph_get_n_lines (graph) * 100 + state);
  g_assert_cmpuint (report->datas->total_cells, ==, 7 * 100);
  g_assert_cmpuint (report->observers->total_cells, ==, 6 * 100);
  g_assert_cmpuint (report->observers->children->len, ==, 3);
  g_assert_cmpuint (report->indicators->children->len, ==, 6);
  g_autofree char *text = bk_report_format_lendetails (report);
  g_autofree char *last = g_strdup_printf ("Total memory cells used: %" G_GUINT64_FORMAT "\n", report->total_cells);
  g_assert_true (g_str_has_suffix (text, last));
}

static void
test_run_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) run = planned_run (BK_MODE_MINIMAL, -1);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  gint cancel = 1;

  g_assert_false (bk_run_execute (run, source, &cancel, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_CANCELLED);
  g_assert_cmpuint (bk_run_get_bars (run), <=, 1024);
}

static void
test_params_out_of_range_rejected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkGraph) graph = bk_graph_new ();
  const double zero = 0, huge = 1e7, fraction = 2.5;

  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &zero, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "SMA: period must be an integer between 1 and 1e+06, got 0");
  g_clear_error (&error);
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("SMA"), NULL, 0, &huge, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (bk_graph_add_indicator (graph, NULL, bk_indicator_lookup ("EMA"), NULL, 0, &fraction, 1, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_registry_aliases (void)
{
  g_assert_true (bk_indicator_lookup ("MovingAverageSimple") == bk_indicator_lookup ("SMA"));
  g_assert_true (bk_indicator_lookup ("rsi") == bk_indicator_lookup ("RelativeStrengthIndex"));
  g_assert_true (bk_indicator_lookup ("CommodityChannelIndex") == bk_indicator_lookup ("CCI"));
  g_assert_null (bk_indicator_lookup ("NoSuchThing"));
}

static void
test_budget_takes_within_limit (void)
{
  g_autoptr(BkBudget) budget = bk_budget_new (100, NULL);
  g_autoptr(BkBudget) unbounded = bk_budget_new (0, NULL);

  g_assert_true (bk_budget_take (budget, 60));
  g_assert_false (bk_budget_was_refused (budget));
  /* Refused, and not counted. */
  g_assert_false (bk_budget_take (budget, 41));
  g_assert_true (bk_budget_was_refused (budget));
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 60);
  g_assert_true (bk_budget_take (budget, 40));
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 100);
  bk_budget_give (budget, 100);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_assert_cmpuint (bk_budget_get_peak (budget), ==, 100);
  g_assert_true (bk_budget_take (NULL, G_MAXUINT64));
  g_assert_true (bk_budget_take (unbounded, G_GUINT64_CONSTANT (1) << 50));
  g_assert_false (bk_budget_take (unbounded, G_MAXUINT64));
}

#define BUDGET_THREADS 4
#define BUDGET_TAKES 20000

static gpointer
budget_thread (gpointer data)
{
  BkBudget *budget = data;
  guint64 held = 0;

  for (guint i = 0; i < BUDGET_TAKES; i++)
    {
      if (bk_budget_take (budget, 3))
        held += 3;
      if (i % 3 == 2)
        {
          bk_budget_give (budget, held);
          held = 0;
        }
    }
  bk_budget_give (budget, held);
  return NULL;
}

/* Threads that share a budget never pass its limit together, and what
 * they give back brings it to zero. */
static void
test_budget_shared_by_threads (void)
{
  g_autoptr(BkBudget) budget = bk_budget_new (20, NULL);
  GThread *threads[BUDGET_THREADS];

  for (guint i = 0; i < BUDGET_THREADS; i++)
    threads[i] = g_thread_new ("budget", budget_thread, budget);
  for (guint i = 0; i < BUDGET_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_assert_cmpuint (bk_budget_get_peak (budget), <=, 20);
  g_assert_cmpuint (bk_budget_get_peak (budget), >=, 3);
}

static BkRun *
budget_run_of (const char *strategy_id, BkMode mode, BkBudget *budget, GError **error)
{
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (strategy_id, error);

  if (strategy == NULL)
    return NULL;
  return bk_run_new_full (strategy, mode, BK_PRECISION_F64, BK_RUN_DEFAULT, budget, error);
}

static BkRun *
budget_run (BkMode mode, BkBudget *budget, GError **error)
{
  g_autoptr(BkStrategy) strategy = seed_strategy ();

  return bk_run_new_full (strategy, mode, BK_PRECISION_F64, BK_RUN_DEFAULT, budget, error);
}

/* Whole lines take blocks from the budget as they grow: a mode 0 run stops
 * with BK_ERROR_MEMORY at the first bar past the bars the graph says fit,
 * runs to the end on exactly those, and gives everything back when freed. */
static void
test_budget_mode0_stops_at_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (3 * BK_BLOCK_POOL_CHUNK_BYTES + 512 * 1024, NULL);
  BkRun *run = budget_run (BK_MODE_KEEP_ALL, budget, &error);
  guint64 fit;

  g_assert_no_error (error);
  fit = bk_graph_get_bars_within (bk_run_get_graph (run), BK_MODE_KEEP_ALL, BK_PRECISION_F64,
                                  bk_budget_get_limit (budget));
  g_assert_cmpuint (fit, >, 0);
  g_assert_cmpuint (fit % BK_BLOCK_VALUES, ==, 0);
  g_assert_cmpuint (bk_budget_get_used (budget), >, 0);

  g_autoptr(BkSource) longer = bk_source_new_generated ("generated", fit + 5000, SEED, FALSE);
  g_assert_false (bk_run_execute (run, longer, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_run_get_bars (run), ==, fit + 1);
  g_assert_cmpuint (bk_budget_get_used (budget), <=, bk_budget_get_limit (budget));
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
  g_clear_error (&error);

  run = budget_run (BK_MODE_KEEP_ALL, budget, &error);
  g_autoptr(BkSource) exact = bk_source_new_generated ("generated", fit, SEED, FALSE);
  g_assert_true (bk_run_execute (run, exact, NULL, &error));
  g_assert_no_error (error);
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* Mode 1 keeps the same whatever the bars: under a budget too small for a
 * block of a whole line it runs to the end, holding only its plan. */
static void
test_budget_mode1_runs_to_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (64 * 1024, NULL);
  BkRun *run = budget_run (BK_MODE_MINIMAL, budget, &error);
  guint64 fixed;

  g_assert_no_error (error);
  bk_graph_get_plan_bytes (bk_run_get_graph (run), BK_MODE_MINIMAL, BK_PRECISION_F64, &fixed, NULL);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed);
  g_assert_cmpuint (bk_graph_get_bars_within (bk_run_get_graph (run), BK_MODE_MINIMAL, BK_PRECISION_F64,
                                              bk_budget_get_limit (budget)), ==, G_MAXUINT64);

  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_true (bk_run_execute (run, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bk_run_get_bars (run), ==, 100000);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed + bk_run_get_broker (run)->trades->len * sizeof (BkTrade));
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* A plan whose rings alone pass the limit fails before the first bar. */
static void
test_budget_plan_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkBudget) budget = bk_budget_new (100, "--max-memory");
  g_autoptr(BkRun) run = budget_run (BK_MODE_MINIMAL, budget, &error);

  g_assert_null (run);
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

/* The broker's trades count: a mode 1 run whose budget leaves room for
 * three of them stops after the fourth. */
static void
test_budget_counts_trades (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkRun) probe = budget_run_of ("sma-crossover", BK_MODE_MINIMAL, NULL, &error);
  guint64 fixed;

  g_assert_no_error (error);
  bk_graph_get_plan_bytes (bk_run_get_graph (probe), BK_MODE_MINIMAL, BK_PRECISION_F64, &fixed, NULL);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_true (bk_run_execute (probe, source, NULL, &error));
  g_assert_cmpuint (bk_run_get_broker (probe)->trades->len, >, 4);

  g_autoptr(BkBudget) budget = bk_budget_new (fixed + 3 * sizeof (BkTrade), NULL);
  BkRun *run = budget_run_of ("sma-crossover", BK_MODE_MINIMAL, budget, &error);
  g_autoptr(BkSource) again = bk_source_new_generated ("generated", 100000, SEED, FALSE);
  g_assert_no_error (error);
  g_assert_false (bk_run_execute (run, again, NULL, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_MEMORY);
  g_assert_cmpuint (bk_run_get_broker (run)->trades->len, ==, 4);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, fixed + 3 * sizeof (BkTrade));
  bk_run_free (run);
  g_assert_cmpuint (bk_budget_get_used (budget), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/line/whole-blocks-never-move", test_line_whole_blocks);
  g_test_add_func ("/engine/line/ring-keeps-last-values", test_line_ring_keeps_last_values);
  g_test_add_func ("/engine/line/f32-rounds-when-stored", test_line_f32_rounds_when_stored);
  g_test_add_func ("/engine/pow/agrees-with-libm", test_pow_agrees_with_libm);
  g_test_add_func ("/engine/run/reset-equals-new", test_run_reset_equals_new);
  g_test_add_func ("/engine/compare/four-modes", test_compare_four_modes);
  g_test_add_func ("/engine/compare/names-a-difference", test_compare_names_a_difference);
  g_test_add_func ("/engine/compare/stop-keeps-finished-modes", test_compare_stop_keeps_finished_modes);
  g_test_add_func ("/engine/fsum/exactly-rounded", test_fsum_is_exactly_rounded);
  g_test_add_func ("/engine/fsum/overflow-gives-infinity", test_fsum_overflow_gives_infinity);
  g_test_add_func ("/engine/fsum/overflow-cancels-exactly", test_fsum_overflow_cancels_exactly);
  g_test_add_func ("/engine/fsum/specials-add-as-ieee", test_fsum_specials_add_as_ieee);
  g_test_add_func ("/engine/sma/nan-leaves-window", test_sma_nan_leaves_window);
  g_test_add_func ("/engine/sma/long-nan-run-then-values", test_sma_long_nan_run_then_values);
  g_test_add_func ("/engine/sma/infinities-in-window", test_sma_infinities_in_window);
  g_test_add_func ("/engine/sma/overflow-recovers", test_sma_overflow_recovers);
  g_test_add_func ("/engine/sma/overflow-stays-constant-work", test_sma_overflow_stays_constant_work);
  g_test_add_func ("/engine/sma/window-sums-exactly-rounded", test_window_sums_exactly_rounded);
  g_test_add_func ("/engine/sma/crossover-of-own-sma-exact", test_crossover_of_own_sma_exact);
  g_test_add_func ("/engine/stddev/safepow", test_stddev_safepow);
  g_test_add_func ("/engine/cci/huge-values-do-not-abort", test_cci_of_huge_values_does_not_abort);
  g_test_add_func ("/engine/graph/cells-match-mode1-report", test_graph_cells_match_mode1_report);
  g_test_add_func ("/engine/graph/node-limit-leaves-room-for-observers", test_graph_node_limit_leaves_room_for_observers);
  g_test_add_func ("/engine/modes/dumps-identical", test_modes_dumps_identical);
  g_test_add_func ("/engine/modes/dumps-identical-f32", test_modes_dumps_identical_f32);
  g_test_add_func ("/engine/modes/mode1-cells-constant", test_mode1_cells_constant);
  g_test_add_func ("/engine/modes/seed-table-order", test_modes_seed_table_order);
  g_test_add_func ("/engine/modes/minus1-keeps-plotted-whole", test_mode_minus1_keeps_plotted_whole);
  g_test_add_func ("/engine/modes/minus2-rings-unplotted", test_mode_minus2_rings_unplotted);
  g_test_add_func ("/engine/modes/mode1-rings-everything", test_mode1_rings_everything);
  g_test_add_func ("/engine/modes/mode1-rings-minimal", test_mode1_rings_minimal);
  g_test_add_func ("/engine/report/counts-every-line", test_report_counts_every_line);
  g_test_add_func ("/engine/run/cancelled", test_run_cancelled);
  g_test_add_func ("/engine/graph/params-out-of-range-rejected", test_params_out_of_range_rejected);
  g_test_add_func ("/engine/registry/aliases", test_registry_aliases);
  g_test_add_func ("/engine/budget/takes-within-limit", test_budget_takes_within_limit);
  g_test_add_func ("/engine/budget/shared-by-threads", test_budget_shared_by_threads);
  g_test_add_func ("/engine/budget/mode0-stops-at-limit", test_budget_mode0_stops_at_limit);
  g_test_add_func ("/engine/budget/mode1-runs-to-end", test_budget_mode1_runs_to_end);
  g_test_add_func ("/engine/budget/plan-refused", test_budget_plan_refused);
  g_test_add_func ("/engine/budget/counts-trades", test_budget_counts_trades);
  return g_test_run ();
}
