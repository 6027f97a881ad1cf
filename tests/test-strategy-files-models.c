/* test-strategy-files-models.c — model files (features, horizon, split,
 * a run's feature lines) and the limits every strategy file is held to. */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-gen-universe.h"
#include "bk-indicator.h"
#include "bk-model.h"
#include "bk-model-run.h"
#include "bk-parser.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "test-strategy-files-common.h"

static void
test_file_too_large (void)
{
  GString *text = g_string_new ("[indicator s]\nexpr=close\n");

  while (text->len <= BK_STRATEGY_FILE_MAX_BYTES)
    g_string_append (text, "# padding padding padding padding padding padding padding\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text->str, (gssize) text->len, "big.ini", &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "big.ini:"));
  g_assert_true (g_str_has_suffix (error->message, ": the file is larger than the limit of 1 MiB (1048576 bytes)"));

  /* The same through a file on disk, read no further than the limit. */
  g_autofree char *path = NULL;
  g_autoptr(GError) io_error = NULL;
  int fd = g_file_open_tmp ("bk-big-XXXXXX.ini", &path, &io_error);
  g_assert_no_error (io_error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &io_error));
  g_clear_error (&error);
  g_assert_null (bk_strategy_new_from_file (path, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_unlink (path);
  g_string_free (text, TRUE);
}

static void
test_too_many_nodes (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    {
      g_string_append_printf (text, "[indicator i%u]\nexpr=close", i);
      for (guint k = 0; k < 1000; k++)
        g_string_append (text, "+close");
      g_string_append_c (text, '\n');
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text->str, &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:20:5945: the strategy needs more than 10000 nodes");
  g_string_free (text, TRUE);
}

static void
test_long_chain_is_bounded (void)
{
  GString *text = g_string_new ("[indicator s]\nexpr=close");

  for (guint k = 0; k < 5000; k++)
    g_string_append (text, "-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (text->str, &error);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:2:2057: expression is too long: more than 1024 operations deep");
  g_string_free (text, TRUE);
}

/* A file of `n` indicators, one node each. */
static GString *
many_indicators (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "[indicator i%u]\nexpr=SMA(period=2)\n", i);
  return text;
}

static void
test_node_limit_checked_at_load (void)
{
  g_autoptr(GError) error = NULL;

  /* As many as the limit allows load, and run: the observers a run adds
   * do not count against the strategy. */
  GString *fits = many_indicators (BK_GRAPH_MAX_NODES - 1);
  g_autoptr(BkStrategy) strategy = load_text (fits->str, &error);
  g_assert_no_error (error);
  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 20, NULL);
  g_assert_nonnull (dump);
  g_string_free (fits, TRUE);

  /* One more is refused when the file is read, where it is written. */
  GString *over = many_indicators (BK_GRAPH_MAX_NODES);
  g_autoptr(BkStrategy) refused = load_text (over->str, &error);
  g_assert_null (refused);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "s.ini:20000:6: the strategy needs more than 10000 nodes");
  g_string_free (over, TRUE);
}

static const char lookback_bomb[] =
  "[indicator a]\n"
  "expr=(close + 1)[-40000]\n"
  "[indicator b]\n"
  "expr=SMA(close, period=40000)\n"
  "[indicator c]\n"
  "expr=(close + 3)[-40000]\n"
  "[indicator d]\n"
  "expr=(close + 4)[-40000]\n";

static void
test_memory_limit_refused_at_load (void)
{
  g_autoptr(GError) error = NULL;

  /* The expression that passes the limit is named, with what the whole
   * strategy would need. */
  bk_strategy_set_max_cells (100000);
  g_autoptr(BkStrategy) strategy = load_text (lookback_bomb, &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==,
                   "s.ini:6:17: the strategy needs 160016 memory cells (1.3\xc2\xa0MB) for its lines, "
                   "more than the limit of 100000 cells (800.0\xc2\xa0kB)");
}

static void
test_memory_limit_counts_rule_reads (void)
{
  g_autoptr(GError) error = NULL;

  /* A rule reading far back needs the cells too, and says where. */
  bk_strategy_set_max_cells (30000);
  g_autoptr(BkStrategy) strategy = load_text ("[rules]\nbuy=close > 0\nsell=close[-40000]\n", &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (strategy);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "s.ini:3:11: the strategy needs 40008 memory cells"));
}

static void
test_memory_limit_checked_for_each_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = load_text (lookback_bomb, &error);
  g_assert_no_error (error);

  /* A limit lowered after loading holds for the runs that follow. */
  bk_strategy_set_max_cells (1000);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  bk_strategy_set_max_cells (0);
  g_assert_null (run);
  g_assert_error (error, BK_ERROR, BK_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "s.ini:2:17: the strategy needs "));
}

static void
test_memory_limit_default (void)
{
  guint64 fallback = bk_strategy_get_default_max_cells ();

  g_assert_cmpuint (fallback, >, 0);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, fallback);
  bk_strategy_set_max_cells (12345);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, 12345);
  bk_strategy_set_max_cells (0);
  g_assert_cmpuint (bk_strategy_get_max_cells (), ==, fallback);
}

/* --- Model files ---------------------------------------------------------- */

static char *
models_corpus_dir (void)
{
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", "models", NULL);
}

/* Each tests/models/NAME.ini is refused as a model with NAME.expected's
 * line; as a strategy file it gives the same error, unless it is a plain
 * strategy file (no [model]), which loads. */
static void
test_models_corpus (void)
{
  g_autofree char *dir = models_corpus_dir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GPtrArray) names = corpus_files (dir, 20);

  g_assert_cmpint (g_chdir (dir), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *expected = corpus_expected (name);
      g_autoptr(GError) model_error = NULL;
      g_autoptr(GError) strategy_error = NULL;

      g_autoptr(BkModel) model = bk_model_new_from_file (name, &model_error);
      g_test_message ("%s: %s", name, model_error != NULL ? model_error->message : "(loaded)");
      g_assert_null (model);
      g_assert_nonnull (model_error);
      g_assert_true (model_error->domain == BK_ERROR);
      g_assert_cmpstr (model_error->message, ==, expected);
      g_assert_null (strchr (model_error->message, '\n'));

      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (name, &strategy_error);
      if (g_str_equal (name, "no-model-section.ini"))
        {
          g_assert_no_error (strategy_error);
          g_assert_nonnull (strategy);
        }
      else
        g_assert_cmpstr (strategy_error->message, ==, expected);
    }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

static void
test_model_builtin_is_the_data_file (void)
{
  const char *const *ids = bk_model_builtin_ids ();
  const char *source = g_getenv ("BARKEEP_SOURCE_DIR");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (ids);
  g_assert_cmpstr (ids[0], ==, "seed-features");
  g_assert_null (ids[1]);

  g_autofree char *path = g_build_filename (source, "data", "models", "seed-features.ini", NULL);
  g_autoptr(BkModel) from_file = bk_model_new_from_file (path, &error);
  g_assert_no_error (error);
  g_autoptr(BkModel) builtin = bk_model_new_builtin ("seed-features", &error);
  g_assert_no_error (error);

  static const char *const features[] = { "ret20", "ret50", "vol20", "vol50", "dist20", "dist50",
                                          "rsi14", "volratio20", "range20" };
  BkModel *models[] = { from_file, builtin };
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      double split = -1;
      g_assert_cmpstr (bk_model_get_id (models[m]), ==, "seed-features");
      g_assert_cmpstr (bk_model_get_name (models[m]), ==, "Seed features (windows 20 and 50)");
      g_assert_cmpuint (bk_model_get_horizon (models[m]), ==, 5);
      g_assert_false (bk_model_get_split (models[m], &split));
      g_assert_cmpfloat (split, ==, -1);
      g_assert_cmpuint (bk_model_get_n_features (models[m]), ==, G_N_ELEMENTS (features));
      for (guint i = 0; i < G_N_ELEMENTS (features); i++)
        g_assert_cmpstr (bk_model_get_feature (models[m], i), ==, features[i]);
      g_assert_nonnull (bk_model_get_strategy (models[m]));
    }
}

static void
test_model_unknown_builtin_lists_them (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-feature", &error);

  g_assert_null (model);
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "no built-in model named 'seed-feature' (built-in models: seed-features)");
}

typedef struct {
  BkModel *model;
  BkLine *lines[BK_MODEL_MAX_FEATURES];
  double closes[64], returns[64], volumes[64], ranges[64];
  guint64 bars;
  guint checked;
} FeatureCheck;

static double
mean_of (const double *ring, guint64 bars, guint period)
{
  double sum = 0;

  for (guint i = 0; i < period; i++)
    sum += ring[(bars - 1 - i) % 64];
  return sum / period;
}

/* At every bar, the seed's features from the model's lines equal the
 * same quantities computed here from the bars. */
static void
check_seed_features (BkRun *run, gpointer data)
{
  FeatureCheck *check = data;
  BkNode *feed_node = bk_graph_get_feed (bk_run_get_graph (run));
  double close = bk_line_get (feed_node->outputs[BK_FEED_CLOSE]->line, 0);
  double high = bk_line_get (feed_node->outputs[BK_FEED_HIGH]->line, 0);
  double low = bk_line_get (feed_node->outputs[BK_FEED_LOW]->line, 0);
  double volume = bk_line_get (feed_node->outputs[BK_FEED_VOLUME]->line, 0);
  guint64 t = check->bars++;

  check->closes[t % 64] = close;
  check->returns[t % 64] = t > 0 ? close / check->closes[(t - 1) % 64] - 1 : NAN;
  check->volumes[t % 64] = volume;
  check->ranges[t % 64] = (high - low) / close;
  if (t < 50)
    {
      /* Fifty returns need 51 bars: until then vol50 has no value. */
      g_assert_true (isnan (bk_line_get (check->lines[3], 0)));
      return;
    }
  double sma20 = mean_of (check->closes, t + 1, 20), sma50 = mean_of (check->closes, t + 1, 50);
  double r_mean = mean_of (check->returns, t + 1, 20);
  double r2 = 0;
  for (guint i = 0; i < 20; i++)
    r2 += pow (check->returns[(t - i) % 64] - r_mean, 2);
  double expected[] = {
    close / check->closes[(t - 20) % 64] - 1,
    close / check->closes[(t - 50) % 64] - 1,
    sqrt (r2 / 20),
    NAN,
    close / sma20 - 1,
    close / sma50 - 1,
    NAN,
    volume / mean_of (check->volumes, t + 1, 20),
    mean_of (check->ranges, t + 1, 20),
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      double value = bk_line_get (check->lines[i], 0);
      g_assert_true (isfinite (value));
      if (!isnan (expected[i]))
        g_assert_cmpfloat_with_epsilon (value, expected[i], 1e-9 * MAX (1.0, fabs (expected[i])));
    }
  double rsi = bk_line_get (check->lines[6], 0);
  g_assert_cmpfloat (rsi, >=, 0);
  g_assert_cmpfloat (rsi, <=, 100);
  check->checked++;
}

static void
test_model_features_resolve_on_a_run (void)
{
  const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                           BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-features", &error);
  g_assert_no_error (error);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      FeatureCheck check = { .model = model };
      BkUniverseGenerator gen;
      g_autoptr(BkRun) run = bk_run_new (bk_model_get_strategy (model), modes[m], BK_PRECISION_F64, &error);
      g_assert_no_error (error);
      g_assert_true (bk_model_get_feature_lines (model, run, check.lines, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < bk_model_get_n_features (model); i++)
        g_assert_nonnull (check.lines[i]);

      /* Generated universe bars, through a file like a universe run's. */
      g_autofree char *path = NULL;
      int fd = g_file_open_tmp ("bk-model-XXXXXX.csv", &path, &error);
      g_assert_no_error (error);
      FILE *out = fdopen (fd, "w");
      fputs (bk_universe_csv_header, out);
      bk_universe_generator_init (&gen, 7, 3);
      for (guint b = 0; b < 400; b++)
        {
          BkBar bar;
          char row[BK_UNIVERSE_ROW_MAX];
          bk_universe_generator_next (&gen, &bar);
          fwrite (row, 1, bk_universe_format_row (&bar, row), out);
        }
      fclose (out);
      g_autoptr(BkSource) source = bk_source_new_csv (path, NULL, &error);
      g_assert_no_error (error);
      bk_run_set_bar_func (run, check_seed_features, &check);
      g_assert_true (bk_run_execute (run, source, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (check.checked, ==, 400 - 50);
      g_unlink (path);
    }
}

/* Lines of multi-line indicators, by name.line, in a file with rules too. */
static void
test_model_feature_lines_by_name (void)
{
  static const char text[] =
    "[model]\n"
    "features=macd.signal, pair.b, macd, pair\n"
    "horizon=3\n"
    "split=2001-02-03\n"
    "[indicator macd]\n"
    "expr=MACD(period_me1=12, period_me2=26, period_signal=9)\n"
    "[indicator pair]\n"
    "lines=a;b\n"
    "a=close - open\n"
    "b=a * 2\n"
    "[rules]\n"
    "buy=close > macd\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_from_data (text, -1, "dir/m.ini", &error);
  double split = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (bk_model_get_id (model), ==, "m");
  g_assert_cmpstr (bk_model_get_name (model), ==, "m");
  g_assert_cmpuint (bk_model_get_horizon (model), ==, 3);
  g_assert_true (bk_model_get_split (model, &split));
  g_assert_cmpfloat (split, ==, 981158400.0);   /* 2001-02-03T00:00:00Z */

  g_autoptr(BkRun) run = bk_run_new (bk_model_get_strategy (model), BK_MODE_MINIMAL, BK_PRECISION_F32, &error);
  g_assert_no_error (error);
  BkLine *lines[4];
  g_assert_true (bk_model_get_feature_lines (model, run, lines, &error));
  GPtrArray *named = bk_run_get_named (run);
  BkNode *macd = g_ptr_array_index (named, 0), *pair = g_ptr_array_index (named, 1);
  g_assert_true (lines[0] == macd->outputs[1]->line);
  g_assert_true (lines[1] == pair->outputs[1]->line);
  g_assert_true (lines[2] == macd->outputs[0]->line);
  g_assert_true (lines[3] == pair->outputs[0]->line);

  /* A run of another strategy has no such lines. */
  g_autoptr(BkStrategy) other = bk_strategy_new_builtin ("sma-crossover", &error);
  g_autoptr(BkRun) other_run = bk_run_new (other, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_assert_false (bk_model_get_feature_lines (model, other_run, lines, &error));
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
}

static void
test_model_split_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkModel) model = bk_model_new_builtin ("seed-features", &error);
  double datetime = 0;

  g_assert_true (bk_model_parse_date ("1970-01-01", &datetime, &error));
  g_assert_cmpfloat (datetime, ==, 0);
  g_assert_true (bk_model_parse_date ("2012-02-29", &datetime, &error));
  g_assert_cmpfloat (datetime, ==, 15399.0 * 86400.0);
  g_assert_no_error (error);

  static const char *const bad[] = { "", "2012-2-03", "2012-02-03T00:00", " 2012-02-03", "2012/02/03", "tomorrow" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_assert_false (bk_model_parse_date (bad[i], &datetime, &bad_error));
      g_assert_error (bad_error, BK_ERROR, BK_ERROR_PARSE);
      g_autofree char *expected = g_strdup_printf ("expected a date YYYY-MM-DD, found '%s'", bad[i]);
      g_assert_cmpstr (bad_error->message, ==, expected);
    }
  /* In the right format but not a date: the message names the wrong part. */
  static const char *const not_dates[][2] = {
    { "2012-02-30", "'2012-02-30' is not a date: 2012-02 has 29 days" },
    { "2011-02-29", "'2011-02-29' is not a date: 2011-02 has 28 days" },
    { "2011-13-01", "'2011-13-01' is not a date: month 13 is not 01 to 12" },
    { "0000-01-01", "'0000-01-01' is not a date: there is no year 0" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (not_dates); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_assert_false (bk_model_parse_date (not_dates[i][0], &datetime, &bad_error));
      g_assert_error (bad_error, BK_ERROR, BK_ERROR_PARSE);
      g_assert_cmpstr (bad_error->message, ==, not_dates[i][1]);
    }

  /* --split overrides the file's, or removes it. */
  bk_model_set_split (model, TRUE, 15399.0 * 86400.0);
  g_assert_true (bk_model_get_split (model, &datetime));
  g_assert_cmpfloat (datetime, ==, 15399.0 * 86400.0);
  bk_model_set_split (model, FALSE, 0);
  g_assert_false (bk_model_get_split (model, NULL));
}

/* A model file is a strategy file: it runs, and [model] changes nothing
 * of the strategy it also is. */
static void
test_model_file_is_a_strategy_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (
    bk_strategy_file_builtin_text ("sma-crossover"), -1, "sma-crossover.ini", &error);
  g_assert_no_error (error);
  g_autofree char *with_model_text = g_strconcat (bk_strategy_file_builtin_text ("sma-crossover"),
                                                  "\n[model]\nfeatures=sma\nhorizon=1\n", NULL);
  g_autoptr(BkStrategy) with_model = bk_strategy_new_from_data (with_model_text, -1, "sma-crossover.ini", &error);
  g_assert_no_error (error);

  g_autofree char *dump = run_generated (strategy, BK_MODE_MINIMAL, 500, NULL);
  g_autofree char *dump_with_model = run_generated (with_model, BK_MODE_MINIMAL, 500, NULL);
  g_assert_cmpstr (dump, ==, dump_with_model);
  g_assert_cmpstr (bk_strategy_get_name (strategy), ==, bk_strategy_get_name (with_model));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strategy-files/limits/file-size", test_file_too_large);
  g_test_add_func ("/strategy-files/limits/nodes", test_too_many_nodes);
  g_test_add_func ("/strategy-files/limits/chain-depth", test_long_chain_is_bounded);
  g_test_add_func ("/strategy-files/limits/nodes-checked-at-load", test_node_limit_checked_at_load);
  g_test_add_func ("/strategy-files/limits/memory-refused-at-load", test_memory_limit_refused_at_load);
  g_test_add_func ("/strategy-files/limits/memory-counts-rule-reads", test_memory_limit_counts_rule_reads);
  g_test_add_func ("/strategy-files/limits/memory-checked-for-each-run", test_memory_limit_checked_for_each_run);
  g_test_add_func ("/strategy-files/limits/memory-default", test_memory_limit_default);
  g_test_add_func ("/strategy-files/models/errors-corpus", test_models_corpus);
  g_test_add_func ("/strategy-files/models/builtin-is-the-data-file", test_model_builtin_is_the_data_file);
  g_test_add_func ("/strategy-files/models/unknown-builtin-lists-them", test_model_unknown_builtin_lists_them);
  g_test_add_func ("/strategy-files/models/seed-features-on-a-run", test_model_features_resolve_on_a_run);
  g_test_add_func ("/strategy-files/models/feature-lines-by-name", test_model_feature_lines_by_name);
  g_test_add_func ("/strategy-files/models/split-dates", test_model_split_dates);
  g_test_add_func ("/strategy-files/models/is-a-strategy-file", test_model_file_is_a_strategy_file);

  return g_test_run ();
}
