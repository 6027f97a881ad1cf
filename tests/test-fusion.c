/* test-fusion.c — fused chains of operations and windows that compute
 * their input again give the bits the lines they replace would hold, in
 * every mode, and keep the cells `check` says. */
#include <string.h>

#include "bk-broker.h"
#include "bk-error.h"
#include "bk-fuse-private.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define SEED 20261207

static const BkMode modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

typedef struct {
  char *dump;
  BkResults results;
  guint64 cells;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->dump);
}

/* Runs `strategy` in `mode` over generated bars, fused or not. */
static void
run_outcome (BkStrategy *strategy, BkMode mode, BkPrecision precision, guint64 bars, gboolean intraday,
             gboolean fusion, Outcome *outcome)
{
  g_autoptr(GError) error = NULL;

  if (!fusion)
    g_setenv ("BARKEEP_NO_FUSION", "1", TRUE);
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, &error);
  g_unsetenv ("BARKEEP_NO_FUSION");
  g_assert_no_error (error);
  g_assert_cmpint (bk_graph_get_fusion (bk_run_get_graph (run)), ==, fusion);
  g_autoptr(BkSource) source = bk_source_new_generated ("generated", bars, SEED, intraday);
  outcome->dump = bk_test_execute_dump (run, source);
  memset (&outcome->results, 0, sizeof outcome->results);
  bk_broker_get_results (bk_run_get_broker (run), &outcome->results);
  outcome->cells = bk_run_get_cells (run);
}

/* The same dump and results fused and unfused, in every mode and both
 * precisions; returns the cells mode 1 keeps fused and unfused. */
static void
check_same (BkStrategy *strategy, guint64 bars, guint64 *fused_cells, guint64 *unfused_cells)
{
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    for (BkPrecision p = BK_PRECISION_F64; p <= BK_PRECISION_F32; p++)
      {
        Outcome fused = { 0 }, unfused = { 0 };

        run_outcome (strategy, modes[m], p, bars, (m & 1) != 0, TRUE, &fused);
        run_outcome (strategy, modes[m], p, bars, (m & 1) != 0, FALSE, &unfused);
        if (g_strcmp0 (fused.dump, unfused.dump) != 0)
          g_error ("%s, mode %d, %s: the fused dump differs from the unfused one", bk_strategy_get_id (strategy),
                   modes[m], p == BK_PRECISION_F32 ? "f32" : "f64");
        g_assert_cmpmem (&fused.results, sizeof fused.results, &unfused.results, sizeof unfused.results);
        g_assert_cmpuint (fused.cells, <=, unfused.cells);
        if (modes[m] == BK_MODE_KEEP_ALL)
          g_assert_cmpuint (fused.cells, ==, unfused.cells);
        if (modes[m] == BK_MODE_MINIMAL && p == BK_PRECISION_F64)
          {
            *fused_cells = fused.cells;
            *unfused_cells = unfused.cells;
          }
        outcome_clear (&fused);
        outcome_clear (&unfused);
      }
}

static void
test_builtin_fused_unfused (void)
{
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, &error);
      guint64 fused = 0, unfused = 0;

      g_assert_no_error (error);
      check_same (strategy, 2000, &fused, &unfused);
      g_test_message ("%s: mode 1 keeps %" G_GUINT64_FORMAT " cells fused, %" G_GUINT64_FORMAT " unfused", *id,
                      fused, unfused);
    }
}

/* The seed's sample: 159 cells in mode 1, where unfused it keeps 191.
 * Stochastic's and CCI's chains go into the operations that read them as
 * their left operand (or a product's right, after a number); CCI's first
 * SMA and TestInd's compute their input again from high, low and close,
 * which grow from 14 to 20 values. */
static void
test_memory_savings_cells (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  guint64 fused = 0, unfused = 0;

  g_assert_no_error (error);
  check_same (strategy, 500, &fused, &unfused);
  g_assert_cmpuint (unfused, ==, 191);
  g_assert_cmpuint (fused, ==, 159);
  g_assert_cmpuint (fused, <=, 160);

  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  BkGraph *graph = bk_run_get_graph (run);
  BkNode *feed = bk_graph_get_feed (graph);
  g_assert_cmpuint (bk_line_get_cells (feed->outputs[BK_FEED_HIGH]->line), ==, 20);
  g_assert_cmpuint (bk_line_get_cells (feed->outputs[BK_FEED_LOW]->line), ==, 20);
  g_assert_cmpuint (bk_line_get_cells (feed->outputs[BK_FEED_CLOSE]->line), ==, 30);
  guint n_fused = 0, n_recomputing = 0;
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      BkNode *node = bk_graph_get_node (graph, i);

      if (node->fused)
        {
          g_assert_cmpuint (bk_line_get_cells (node->outputs[0]->line), ==, 0);
          g_assert_true (bk_graph_is_fused_in (graph, node, BK_MODE_MINIMAL));
          g_assert_false (bk_graph_is_fused_in (graph, node, BK_MODE_KEEP_ALL));
        }
      n_fused += node->fused;
      n_recomputing += node->input_program != NULL;
    }
  /* Stochastic's close - Lowest and ratio (into 100 * ratio, computed as
   * ratio * 100); CCI's typical price, its two sums and tp - SMA.  Highest -
   * Lowest and 0.015 * SMA, right operands of a division, keep a line. */
  g_assert_cmpuint (n_fused, ==, 6);
  /* CCI's SMA of the typical price, TestInd's; CCI's SMA of Abs(dev)
   * keeps its input's ring: computing that chain again would save one
   * cell for six steps a bar. */
  g_assert_cmpuint (n_recomputing, ==, 2);
  GPtrArray *named = bk_run_get_named (run);
  for (guint n = 0; n < named->len; n++)
    {
      BkNode *node = g_ptr_array_index (named, n);
      /* TestInd's a, read back by its SMA, keeps only its current value. */
      if (g_strcmp0 (node->name, "testind") == 0)
        g_assert_cmpuint (bk_line_get_cells (node->outputs[0]->line), ==, 1);
    }

  /* Rings stay minimal: one value smaller, and some read overruns. */
  g_autofree char *data = bk_test_data_file ("datas/2006-day-001.txt");
  g_assert_cmpuint (bk_test_check_rings_minimal (strategy, data), >=, 20);
}

/* A random expression over the price lines, some bars back, of
 * operations, functions and windows. */
static void
random_expression (GRand *rand, GString *out, guint depth)
{
  static const char *const prices[] = { "open", "high", "low", "close", "volume" };
  static const char *const binary[] = { "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or" };
  guint pick = depth == 0 ? g_rand_int_range (rand, 0, 3) : g_rand_int_range (rand, 0, 10);

  switch (pick)
    {
    case 0:
    case 1:
      g_string_append (out, prices[g_rand_int_range (rand, 0, G_N_ELEMENTS (prices))]);
      if (g_rand_boolean (rand))
        g_string_append_printf (out, "[-%d]", g_rand_int_range (rand, 1, 4));
      return;
    case 2:
      g_string_append_printf (out, "%d", g_rand_int_range (rand, 0, 4));
      return;
    case 3:
    case 4:
    case 5:
      g_string_append_c (out, '(');
      random_expression (rand, out, depth - 1);
      g_string_append_printf (out, " %s ", binary[g_rand_int_range (rand, 0, G_N_ELEMENTS (binary))]);
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      return;
    case 6:
      g_string_append (out, g_rand_boolean (rand) ? "(Abs(" : (g_rand_boolean (rand) ? "(-(" : "(not ("));
      random_expression (rand, out, depth - 1);
      g_string_append (out, "))");
      return;
    case 7:
      g_string_append (out, g_rand_boolean (rand) ? "Max(" : "Min(");
      random_expression (rand, out, depth - 1);
      g_string_append (out, ", ");
      random_expression (rand, out, depth - 1);
      g_string_append_c (out, ')');
      return;
    default:
      /* A line first: a number there would be the period. */
      g_string_append (out, g_rand_boolean (rand) ? "SMA(" : "SumN(");
      g_string_append_printf (out, "%s %s ", prices[g_rand_int_range (rand, 0, G_N_ELEMENTS (prices))],
                              binary[g_rand_int_range (rand, 0, 4)]);
      random_expression (rand, out, depth - 1);
      g_string_append_printf (out, ", period=%d)", g_rand_int_range (rand, 1, 25));
      return;
    }
}

/* Random strategies of expressions, fused against unfused in every mode;
 * their indicators read one another, and a rule reads one back. */
static void
test_random_expressions (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  guint saved = 0;

  for (guint n = 0; n < 40; n++)
    {
      g_autoptr(GString) text = g_string_new ("[strategy]\nname=Random\n");
      g_autoptr(GError) error = NULL;
      guint n_indicators = g_rand_int_range (rand, 1, 5);

      for (guint i = 0; i < n_indicators; i++)
        {
          g_string_append_printf (text, "[indicator x%u]\nexpr=", i);
          if (i > 0 && g_rand_boolean (rand))
            g_string_append_printf (text, "SMA(x%u - close, period=%d) + ", g_rand_int_range (rand, 0, i),
                                    g_rand_int_range (rand, 2, 9));
          random_expression (rand, text, 4);
          g_string_append_printf (text, "\nplot=%s\n", g_rand_boolean (rand) ? "true" : "false");
        }
      g_string_append (text, "[rules]\nbuy=close * ");
      random_expression (rand, text, 3);
      g_string_append_printf (text, " > x0[-%d]\nsell=close - ", g_rand_int_range (rand, 0, 3));
      random_expression (rand, text, 3);
      g_string_append (text, " < 1\n");

      g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text->str, (gssize) text->len, "random.ini", &error);
      if (error != NULL)
        g_error ("%s\n%s", error->message, text->str);
      guint64 fused = 0, unfused = 0;
      check_same (strategy, 400, &fused, &unfused);
      saved += fused < unfused;
    }
  /* The strategies give fusion something to do. */
  g_test_message ("%u of 40 keep fewer cells fused", saved);
  g_assert_cmpuint (saved, >=, 20);
}

/* A program gives what its nodes' lines would hold: NaN before a node's
 * first step, though its operands have values there (a comparison of NaN
 * is 0), and the value rounded as an f32 line stores it. */
static void
test_program_first_step (void)
{
  BkLine *line = bk_line_new_ring (BK_PRECISION_F64, 4);
  gboolean overrun = FALSE;
  BkProgram program = { .n = 2 };

  bk_line_set_overrun_flag (line, &overrun);
  /* (x > 0.1) as a node whose first step is bar 3, read 0 or 1 back. */
  program.insns[0] = (BkInsn) { .kind = BK_INSN_LOAD, .line = line };
  program.insns[1] = (BkInsn) { .kind = BK_OP_GT, .value = 0.1, .first_step = 3, .guard = TRUE, .check = TRUE };
  for (guint bar = 1; bar <= 4; bar++)
    {
      bk_line_push (line, 0.25 * bar);
      g_assert_true (isnan (bk_program_eval (&program, bar, 0)) == (bar < 3));
      g_assert_true (isnan (bk_program_eval (&program, bar, 1)) == (bar < 4));
    }
  g_assert_cmpfloat (bk_program_eval (&program, 4, 0), ==, 1.0);

  /* x / 3, rounded as an f32 line would store it. */
  program.insns[1] = (BkInsn) { .kind = BK_OP_DIV, .value = 3.0, .first_step = 1, .round = TRUE, .check = TRUE };
  g_assert_cmpfloat (bk_program_eval (&program, 4, 0), ==, (double) (float) (1.0 / 3.0));
  g_assert_cmpfloat (bk_program_eval (&program, 4, 0), !=, 1.0 / 3.0);
  g_assert_false (overrun);
  bk_line_free (line);
}

/* `check` says what mode 1 keeps and what was fused. */
static void
test_check_shows_fusion (void)
{
  const char *cli = g_getenv ("BARKEEP_CLI");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint status = 0;

  if (cli == NULL)
    {
      g_test_skip ("BARKEEP_CLI is not set");
      return;
    }
  const char *argv[] = { cli, "check", "memory-savings", NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "In mode 1 the strategy keeps 159 cells (126 in lines, 33 inside indicators)"));
  g_assert_nonnull (strstr (out, "Fusion saves 32 cells in mode 1"));
  g_assert_nonnull (strstr (out, "  cci / ((high + low) + close) / 3: computed by its readers, no line kept\n"));
  g_assert_nonnull (strstr (out, "  testind.b: computes close - high again from its operands"));
  g_assert_true (g_regex_match_simple ("\\ncci / \\(\\(high \\+ low\\) \\+ close\\) / 3 +20 +1 +whole +fused +fused +fused\\n",
                                       out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\ntestind\\.a +20 +1 +whole +ring 1 +whole +ring 1\\n", out, 0, 0));
}

static guint
count_nodes (BkGraph *graph, const char *label)
{
  guint n = 0;

  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    n += g_strcmp0 (bk_graph_get_node (graph, i)->label, label) == 0;
  return n;
}

typedef struct {
  BkLine *line;
  GArray *values;
} Recording;

static void
record_value (BkRun *run, gpointer data)
{
  Recording *recording = data;
  double value = bk_line_get (recording->line, 0);

  g_array_append_val (recording->values, value);
}

/* Inside indicators, one node computes an expression for every reader:
 * one pow(r1, 2) for StdDev(r1, 20) and StdDev(r1, 50); the values are
 * those of two.  Two named indicators of one expression keep two lines. */
static void
test_shared_expressions (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "[strategy]\nname=Shared\n"
                     "[indicator r1]\nexpr=close / close[-1] - 1\nplot=false\n"
                     "[indicator vol20]\nexpr=StdDev(r1, period=20)\n"
                     "[indicator vol50]\nexpr=StdDev(r1, period=50)\n"
                     "[indicator a]\nexpr=SMA(close - high, period=3)\n"
                     "[indicator b]\nexpr=close - high\n"
                     "[indicator c]\nexpr=close - high\n";
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, -1, "shared.ini", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  BkGraph *graph = bk_run_get_graph (run);

  g_assert_cmpuint (count_nodes (graph, "pow(r1, 2)"), ==, 1);
  g_assert_cmpuint (count_nodes (graph, "pow(SMA(20), 2)"), ==, 1);
  g_assert_cmpuint (count_nodes (graph, "pow(SMA(50), 2)"), ==, 1);
  GPtrArray *named = bk_run_get_named (run);
  g_assert_cmpuint (named->len, ==, 6);
  BkLineSpec *b = ((BkNode *) g_ptr_array_index (named, 4))->outputs[0];
  BkLineSpec *c = ((BkNode *) g_ptr_array_index (named, 5))->outputs[0];
  g_assert_true (b != c);

  /* StdDev alone in a strategy gives the same bits. */
  const char *alone = "[strategy]\nname=Alone\n"
                      "[indicator r1]\nexpr=close / close[-1] - 1\nplot=false\n"
                      "[indicator vol50]\nexpr=StdDev(r1, period=50)\n";
  g_autoptr(BkStrategy) single = bk_strategy_new_from_data (alone, -1, "alone.ini", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) shared_run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) single_run = bk_run_new (single, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  Recording records[2] = {
    { ((BkNode *) g_ptr_array_index (bk_run_get_named (shared_run), 2))->outputs[0]->line,
      g_array_new (FALSE, FALSE, sizeof (double)) },
    { ((BkNode *) g_ptr_array_index (bk_run_get_named (single_run), 1))->outputs[0]->line,
      g_array_new (FALSE, FALSE, sizeof (double)) },
  };
  BkRun *runs[2] = { shared_run, single_run };
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(BkSource) source = bk_source_new_generated ("generated", 300, SEED, FALSE);
      bk_run_set_bar_func (runs[r], record_value, &records[r]);
      g_assert_true (bk_run_execute (runs[r], source, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (records[0].values->len, ==, 300);
  g_assert_cmpmem (records[0].values->data, records[0].values->len * sizeof (double), records[1].values->data,
                   records[1].values->len * sizeof (double));
  g_array_unref (records[0].values);
  g_array_unref (records[1].values);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("BARKEEP_NO_FUSION");
  g_test_add_func ("/fusion/builtin-fused-unfused", test_builtin_fused_unfused);
  g_test_add_func ("/fusion/memory-savings-cells", test_memory_savings_cells);
  g_test_add_func ("/fusion/random-expressions", test_random_expressions);
  g_test_add_func ("/fusion/program-first-step", test_program_first_step);
  g_test_add_func ("/fusion/check-shows-fusion", test_check_shows_fusion);
  g_test_add_func ("/fusion/shared-expressions", test_shared_expressions);
  return g_test_run ();
}
