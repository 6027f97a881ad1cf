/* test-universe-common.c — what the universe's test programs share. */
#include "bk-universe.h"
#include "bk-error.h"
#include "bk-gen-universe.h"
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-universe-common.h"

char *universe_dir;      /* N_SYMBOLS generated files */

char *work_dir;          /* lists, broken copies, stats files */

void
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

BkModel *
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

BkUniverseResult *
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
void
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

BkUniverseResult *reference;

const BkUniverseResult *
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

char *
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


void
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

void
universe_fixture_make (void)
{
  GError *error = NULL;

  universe_dir = g_dir_make_tmp ("barkeep-test-universe-XXXXXX", &error);
  g_assert_no_error (error);
  work_dir = g_dir_make_tmp ("barkeep-test-universe-work-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_SYMBOLS; i++)
    write_symbol (universe_dir, i, N_SYMBOLS, N_BARS);
}

void
universe_fixture_remove (void)
{
  g_clear_pointer (&reference, bk_universe_result_free);
  remove_tree (universe_dir);
  remove_tree (work_dir);
  g_clear_pointer (&universe_dir, g_free);
  g_clear_pointer (&work_dir, g_free);
}
