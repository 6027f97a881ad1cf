/* test-conformance.c — our values against backtrader's own, bar by bar,
 * on backtrader's data in tests/data. */
#include <math.h>

#include "bk-test-util.h"

typedef struct {
  guint n_rows;
  GStrv header;
  GPtrArray *rows;   /* GStrv per data row */
} Table;

static void
table_free (Table *table)
{
  g_strfreev (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_parse (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  Table *table = g_new0 (Table, 1);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->header = g_strsplit (g_strchomp (lines[0]), ",", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] != '\0')
        g_ptr_array_add (table->rows, g_strsplit (lines[i], ",", -1));
    }
  return table;
}

static gint
table_column (Table *table, const char *name)
{
  for (guint i = 0; table->header[i] != NULL; i++)
    if (g_strcmp0 (table->header[i], name) == 0)
      return (gint) i;
  g_error ("no column %s", name);
  return -1;
}

static Table *
load_reference (const char *relative)
{
  g_autofree char *path = bk_test_data_file (relative);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  return table_parse (text);
}

/* Compares column `ours` of the dump with `theirs` of the reference. */
static void
compare_column (Table *dump, const char *ours, Table *reference, const char *theirs)
{
  gint a = table_column (dump, ours), b = table_column (reference, theirs);
  double worst = 0;

  g_assert_cmpuint (dump->rows->len, ==, reference->rows->len);
  for (guint r = 0; r < dump->rows->len; r++)
    {
      const char *x = ((GStrv) g_ptr_array_index (dump->rows, r))[a];
      const char *y = ((GStrv) g_ptr_array_index (reference->rows, r))[b];

      if (*x == '\0' || *y == '\0')
        {
          if ((*x == '\0') != (*y == '\0'))
            g_error ("%s row %u: ours '%s', backtrader's '%s'", ours, r + 2, x, y);
          continue;
        }
      double u = g_ascii_strtod (x, NULL), v = g_ascii_strtod (y, NULL);
      double scale = MAX (fabs (u), fabs (v));
      double rel = scale > 0 ? fabs (u - v) / scale : 0;
      if (!(rel <= 1e-15))
        g_error ("%s row %u: ours %s, backtrader's %s (relative difference %g)", ours, r + 2, x, y, rel);
      worst = MAX (worst, rel);
    }
  g_test_message ("%-14s vs %-12s worst relative difference %.3g", ours, theirs, worst);
}

static void
test_seed_lines_match_backtrader (void)
{
  static const char *const columns[][2] = {
    { "open", "open" }, { "high", "high" }, { "low", "low" }, { "close", "close" },
    { "volume", "volume" }, { "sma.sma", "sma30" }, { "stoch.percK", "stoch_k" },
    { "stoch.percD", "stoch_d" }, { "rsi.rsi", "rsi14" }, { "macd.macd", "macd" },
    { "macd.signal", "macd_signal" }, { "cci.cci", "cci20" }, { "testind.a", "testind_a" },
    { "testind.b", "testind_b" },
  };
  g_autoptr(Table) reference = load_reference ("reference/yhoo-1996-2015.seed-lines.csv");
  g_autofree char *data = bk_test_data_file ("datas/yhoo-1996-2015.txt");
  g_autoptr(GError) error = NULL;

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_autofree char *text = bk_test_run_dump (strategy, data, BK_MODE_PLOT_SAVE_INTERNALS, BK_PRECISION_F64, NULL);
  g_autoptr(Table) dump = table_parse (text);

  g_assert_cmpuint (dump->rows->len, ==, 4965);
  gint date_ours = table_column (dump, "date"), date_theirs = table_column (reference, "date");
  for (guint r = 0; r < dump->rows->len; r++)
    g_assert_cmpstr (((GStrv) g_ptr_array_index (dump->rows, r))[date_ours], ==,
                     ((GStrv) g_ptr_array_index (reference->rows, r))[date_theirs]);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    compare_column (dump, columns[c][0], reference, columns[c][1]);
}

static void
test_seed_lines_identical_in_every_mode_on_real_data (void)
{
  static const BkMode modes[] = { BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autofree char *data = bk_test_data_file ("datas/yhoo-1996-2015.txt");
  g_autoptr(GError) error = NULL;
  guint64 cells[4];

  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_autofree char *reference = bk_test_run_dump (strategy, data, BK_MODE_KEEP_ALL, BK_PRECISION_F64, &cells[0]);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *dump = bk_test_run_dump (strategy, data, modes[m], BK_PRECISION_F64, &cells[m + 1]);
      g_assert_cmpstr (dump, ==, reference);
    }
  g_test_message ("cells on yhoo-1996-2015.txt: 0=%" G_GUINT64_FORMAT " 1=%" G_GUINT64_FORMAT
                  " -1=%" G_GUINT64_FORMAT " -2=%" G_GUINT64_FORMAT, cells[0], cells[1], cells[2], cells[3]);
  g_assert_cmpuint (cells[1], <=, 200);
  g_assert_cmpuint (cells[1], <, cells[3]);
  g_assert_cmpuint (cells[3], <, cells[2]);
  g_assert_cmpuint (cells[2], <, cells[0]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conformance/seed-lines-match-backtrader", test_seed_lines_match_backtrader);
  g_test_add_func ("/conformance/seed-lines-identical-in-every-mode", test_seed_lines_identical_in_every_mode_on_real_data);
  return g_test_run ();
}
