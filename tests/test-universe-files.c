/* test-universe-files.c — a universe's files: the listing of a folder or a
 * list (what is skipped, what is refused, names escaped) and statistics
 * files read back and merged. */
#include "bk-universe.h"

#include "bk-error.h"
#include "bk-gen-universe.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test-universe-common.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  universe_fixture_make ();

  g_test_add_func ("/universe/shards-merged-equal-one-run", test_shards_merged_equal_one_run);
  g_test_add_func ("/universe/empty-folder-is-an-error", test_empty_folder_is_an_error);
  g_test_add_func ("/universe/bad-stats-files", test_bad_stats_files);
  g_test_add_func ("/universe/folder-skips-what-is-not-a-price-file", test_folder_skips_what_is_not_a_price_file);
  g_test_add_func ("/universe/duplicates-count-once", test_duplicates_count_once);
  g_test_add_func ("/universe/sources-must-be-regular", test_sources_must_be_regular);
  g_test_add_func ("/universe/stats-numbers-must-agree", test_stats_numbers_must_agree);
  g_test_add_func ("/universe/merge-refuses-a-symbol-twice", test_merge_refuses_a_symbol_twice);
  g_test_add_func ("/universe/names-are-escaped", test_names_are_escaped);

  int status = g_test_run ();

  universe_fixture_remove ();
  return status;
}
