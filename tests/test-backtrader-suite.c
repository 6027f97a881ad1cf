/* test-backtrader-suite.c — backtrader's own indicator tests, as data.
 *
 * backtrader checks each indicator (tests/test_ind_*.py) on 2006-day-001.txt
 * at three bars — the last, the strategy's first (its minimum period) and
 * one between — with the values printed by '%f'.  tests/data/
 * backtrader-indicator-tests.txt holds those expectations; each becomes a
 * test here that runs the indicator through a strategy file, in all four
 * memory modes, and compares the three values of every line as backtrader
 * prints them.  An indicator the library does not have yet is skipped and
 * named; one it has must match. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bk-indicator.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"

#define DATA "datas/2006-day-001.txt"

typedef struct {
  char *file;
  char *indicator;
  char *args;                   /* Python keyword arguments, "" for none */
  guint datas;
  guint min;
  char *input;                  /* what the indicator is given instead of the data, or NULL */
  char *extra;                  /* indicators the test's strategy adds: "SMA(data), MACD(data)" */
  char *status;                 /* why backtrader does not run it, or NULL */
  char *left_out;               /* "line: why", its last line that Barkeep's indicator has not, or NULL */
  GPtrArray *lines;             /* GStrv of three values each */
  char *note;
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->file);
  g_free (c->indicator);
  g_free (c->args);
  g_free (c->input);
  g_free (c->extra);
  g_free (c->status);
  g_free (c->left_out);
  g_ptr_array_unref (c->lines);
  g_free (c->note);
  g_free (c);
}

static GPtrArray *
load_cases (void)
{
  g_autofree char *path = bk_test_data_file ("backtrader-indicator-tests.txt");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (case_free);
  Case *c = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *colon = strchr (line, ':');

      if (*line == '#' || colon == NULL)
        continue;
      g_autofree char *key = g_strstrip (g_strndup (line, colon - line));
      g_autofree char *value = g_strstrip (g_strdup (colon + 1));
      if (g_str_equal (key, "file"))
        {
          c = g_new0 (Case, 1);
          c->file = g_steal_pointer (&value);
          c->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          c->args = g_strdup ("");
          g_ptr_array_add (cases, c);
          continue;
        }
      g_assert_nonnull (c);
      if (g_str_equal (key, "indicator"))
        c->indicator = g_steal_pointer (&value);
      else if (g_str_equal (key, "args"))
        {
          g_free (c->args);
          c->args = g_str_equal (value, "(none)") ? g_strdup ("") : g_steal_pointer (&value);
        }
      else if (g_str_equal (key, "datas"))
        c->datas = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "min"))
        c->min = (guint) g_ascii_strtoull (value, NULL, 10);
      else if (g_str_equal (key, "extra"))
        c->extra = g_str_equal (value, "(none)") ? NULL : g_steal_pointer (&value);
      else if (g_str_equal (key, "input"))
        c->input = g_steal_pointer (&value);
      else if (g_str_equal (key, "status"))
        c->status = g_steal_pointer (&value);
      else if (g_str_equal (key, "left-out"))
        c->left_out = g_steal_pointer (&value);
      else if (g_str_equal (key, "line"))
        {
          GStrv values = g_strsplit_set (value, " \t", -1);
          GPtrArray *kept = g_ptr_array_new ();

          for (guint j = 0; values[j] != NULL; j++)
            if (*values[j] != '\0')
              g_ptr_array_add (kept, g_strdup (values[j]));
          g_ptr_array_add (kept, NULL);
          g_strfreev (values);
          g_assert_cmpuint (kept->len, ==, 4);
          g_ptr_array_add (c->lines, g_ptr_array_free (kept, FALSE));
        }
      else if (g_str_equal (key, "note"))
        c->note = g_steal_pointer (&value);
    }
  return cases;
}

/* Python's keyword arguments as a strategy file writes them: True and
 * False are 1 and 0; anything naming a class (movav=...) is not ours yet. */
static char *
strategy_args (const char *args, char **unsupported)
{
  g_auto(GStrv) parts = g_strsplit (args, ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      const char *eq = strchr (part, '=');

      if (*part == '\0')
        continue;
      if (eq == NULL || (strchr (eq, '.') != NULL && !g_ascii_isdigit (eq[1]) && eq[1] != '-'))
        {
          *unsupported = g_strdup (part);
          break;
        }
      g_autofree char *name = g_strstrip (g_strndup (part, eq - part));
      g_autofree char *value = g_strstrip (g_strdup (eq + 1));
      const char *number = g_str_equal (value, "True") ? "1" : g_str_equal (value, "False") ? "0" : value;
      g_string_append_printf (out, ", %s=%s", name, number);
    }
  return g_string_free (out, FALSE);
}

/* "SMA(data)" as a strategy file writes it: "SMA()", its input close. */
static char *
python_call (const char *call)
{
  g_autoptr(GString) out = g_string_new (call);

  g_string_replace (out, "(data)", "()", 0);
  g_string_replace (out, "(data, ", "(", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Python's '%f', NaN as Python prints it. */
static void
format_f (char buf[64], double v)
{
  if (isnan (v))
    g_strlcpy (buf, "nan", 64);
  else
    g_snprintf (buf, 64, "%f", v);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  static const BkMode modes[] = { BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS,
                                  BK_MODE_PLOT_SAVE_UNPLOTTED };
  g_autofree char *path = bk_test_data_file (DATA);
  g_autoptr(GError) error = NULL;
  g_autofree char *unsupported = NULL;

  const BkIndicatorDesc *desc = bk_indicator_lookup (c->indicator);
  if (desc == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s is not in the library yet", c->file, c->indicator);
      g_test_skip (message);
      return;
    }
  if (c->datas != 1)
    {
      g_autofree char *message = g_strdup_printf ("%s: checks %u datas", c->file, c->datas);
      g_test_skip (message);
      return;
    }
  g_autofree char *args = strategy_args (c->args, &unsupported);
  if (unsupported != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: argument %s is not supported yet", c->file, unsupported);
      g_test_skip (message);
      return;
    }
  /* The indicator as a user writes it, its inputs left out (a one-input
   * indicator reads close, as backtrader's reads the data's first line),
   * and the indicators the test's strategy adds beside it. */
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *input = c->input != NULL ? python_call (c->input) : NULL;
  g_string_append_printf (text, "[strategy]\nname=%s\n\n[indicator ind]\nexpr=%s(%s%s%s)\n", c->file, c->indicator,
                          input != NULL ? input : "", input != NULL && args[0] != '\0' ? ", " : "",
                          args[0] != '\0' ? args + 2 : "");
  g_auto(GStrv) extras = g_strsplit (c->extra != NULL ? c->extra : "", "), ", -1);
  for (guint i = 0; c->extra != NULL && extras[i] != NULL; i++)
    {
      g_autofree char *call = g_str_has_suffix (extras[i], ")") ? g_strdup (extras[i]) : g_strconcat (extras[i], ")", NULL);
      g_autofree char *expr = python_call (call);
      g_autofree char *extra_name = g_strndup (expr, strcspn (expr, "("));
      const BkIndicatorDesc *extra = bk_indicator_lookup (extra_name);

      if (extra == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s: %s is not in the library yet", c->file, expr);
          g_test_skip (message);
          return;
        }
      g_string_append_printf (text, "\n[indicator extra%u]\nexpr=%s\n", i, expr);
    }
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text->str, -1, c->file, &error);
  g_assert_no_error (error);
  /* A line left out is backtrader's last, and named as none of ours. */
  guint checked_lines = c->lines->len;
  if (c->left_out != NULL)
    {
      g_autofree char *name = g_strndup (c->left_out, strcspn (c->left_out, ":"));

      for (guint k = 0; k < desc->n_outputs; k++)
        g_assert_cmpstr (desc->outputs[k], !=, name);
      checked_lines--;
      g_test_message ("%s: line %s not checked (%s)", c->file, name, g_strchug (c->left_out + strlen (name) + 1));
    }
  g_assert_cmpuint (desc->n_outputs, >=, checked_lines);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *dump = bk_test_run_dump (strategy, path, modes[m], BK_PRECISION_F64, NULL);
      g_auto(GStrv) rows = g_strsplit (dump, "\n", -1);
      guint n = g_strv_length (rows) - 2;          /* less the header and the empty string after the last \n */
      g_auto(GStrv) header = g_strsplit (rows[0], ",", -1);
      guint first_column = 0;
      while (header[first_column] != NULL && !g_str_has_prefix (header[first_column], "ind."))
        first_column++;
      /* backtrader's checkpoints: 0, -l + mp, (-l + mp) // 2 (floor). */
      int l = (int) n, mp = (int) c->min;
      int ago[3] = { 0, l - mp, -((mp - l) / 2 - ((mp - l) % 2 != 0)) };

      g_assert_cmpuint (n, ==, 255);
      /* The strategy's first bar: where every indicator has all its values. */
      guint first = 0;
      for (guint r = 1; r <= n && first == 0; r++)
        {
          g_auto(GStrv) cells = g_strsplit (rows[r], ",", -1);
          gboolean all = TRUE;

          for (guint k = 0; header[k] != NULL; k++)
            if (strchr (header[k], '.') != NULL && *cells[k] == '\0')
              all = FALSE;
          first = all ? r : 0;
        }
      if (first != c->min)
        g_error ("%s: the strategy's first bar is %u, backtrader's %u (mode %d)", c->file, first, c->min,
                 (int) modes[m]);
      for (guint k = 0; k < checked_lines; k++)
        {
          GStrv want = g_ptr_array_index (c->lines, k);
          g_autofree char *column = g_strdup_printf ("ind.%s", desc->outputs[k]);

          g_assert_cmpstr (header[first_column + k], ==, column);
          for (guint p = 0; p < 3; p++)
            {
              g_auto(GStrv) cells = g_strsplit (rows[n - ago[p]], ",", -1);
              const char *cell = cells[first_column + k];
              char got[64];

              format_f (got, *cell != '\0' ? g_ascii_strtod (cell, NULL) : NAN);
              if (!g_str_equal (got, want[p]))
                g_error ("%s: %s line %s at bar %d (mode %d): ours %s, backtrader's %s", c->file, c->indicator,
                         desc->outputs[k], l - ago[p], (int) modes[m], got, want[p]);
            }
        }
    }
  /* And in mode 1 each of its rings holds no more than it must. */
  guint rings = bk_test_check_rings_minimal (strategy, path);
  g_test_message ("%s: %u rings shrunk, each overrun caught", c->file, rings);
  g_assert_cmpuint (rings, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr(GPtrArray) cases = load_cases ();

  for (guint i = 0; i < cases->len; i++)
    {
      const Case *c = g_ptr_array_index (cases, i);
      g_autofree char *name = g_strdup_printf ("/backtrader/%s", c->file);

      /* A test backtrader itself does not run (test_ind_aroon.py's values
       * are stale, copied from another test; test_ind_williams.py is
       * superseded by test_ind_williamsr.py) checks nothing: left out,
       * not skipped, so that no skip is ever expected. */
      if (c->status != NULL)
        {
          g_test_message ("left out: %s: %s (backtrader does not run it)", c->file, c->status);
          continue;
        }
      g_test_add_data_func (name, c, test_case);
    }
  return g_test_run ();
}
