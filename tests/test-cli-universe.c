/* test-cli-universe.c — `barkeep-cli universe` and `merge` as a user runs
 * them: the JSON's rows and bma the same however the run is cut up (chunks,
 * jobs, list order, shards through GNU parallel), one-line errors, and
 * memory that stays flat in mode 1 and grows in mode 0 without chunks. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bk-cli-test-util.h"

static char *tmpdir;
static char *universe;          /* 30 generated symbols */

static char *
path_in_tmp (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* The JSON's "rows" and "bma", serialised the same way. */
static char *
rows_and_bma (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_autofree char *rows = json_to_string (json_object_get_member (root, "rows"), FALSE);
  g_autofree char *symbols = json_to_string (json_object_get_member (
                               json_object_get_object_member (root, "symbols"), "rows"), FALSE);
  g_autofree char *bma = json_to_string (json_object_get_member (root, "bma"), FALSE);
  return g_strconcat (rows, "\n", symbols, "\n", bma, NULL);
}

static char *reference_json;
static char *reference;

/* The whole JSON of the default run, with a split. */
static const char *
get_json (void)
{
  if (reference_json == NULL)
    {
      g_auto(BkCliResult) r = { 0 };

      bk_cli_run (&r, "universe", universe, "--split", "2000-08-31", "--json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      reference_json = g_steal_pointer (&r.out);
    }
  return reference_json;
}

static const char *
get_reference (void)
{
  if (reference == NULL)
    reference = rows_and_bma (get_json ());
  return reference;
}

static void
test_json_has_the_names (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char *const paths[] = {
    "$.model.name", "$.model.features", "$.model.horizon", "$.model.split", "$.symbols.used", "$.symbols.skipped",
    "$.symbols.rows[0].symbol", "$.symbols.rows[0].train", "$.symbols.rows[0].test", "$.symbols.rows[0].first",
    "$.symbols.rows[0].last", "$.rows.train", "$.rows.test", "$.bma.features[0].name", "$.bma.features[0].pip",
    "$.bma.features[0].mean", "$.bma.features[0].sd", "$.bma.intercept.mean", "$.bma.intercept.sd",
    "$.bma.models[0].features", "$.bma.models[0].probability", "$.bma.models[0].r2", "$.bma.models[0].bic",
    "$.bma.excluded", "$.bma.test_r2.bma", "$.bma.test_r2.best", "$.memory.start_rss_bytes",
    "$.memory.peak_rss_bytes", "$.memory.warn_growth_bytes", "$.memory.timeline[0].t",
    "$.memory.timeline[0].symbols", "$.memory.timeline[0].chunk", "$.memory.timeline[0].rss_bytes",
    "$.memory.timeline[0].cells", "$.memory.warnings", "$.memory.cleanups[0].chunk",
    "$.memory.cleanups[0].before_bytes", "$.memory.cleanups[0].after_bytes", "$.stats.symbols", "$.stats.bars",
    "$.stats.elapsed_seconds", "$.stats.bars_per_second",
  };

  bk_cli_run (&r, "universe", universe, "--split", "2000-08-31", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) found = json_path_query (paths[i], json_parser_get_root (parser), &error);

      g_assert_no_error (error);
      if (json_array_get_length (json_node_get_array (found)) != 1)
        g_error ("%s is not in the JSON", paths[i]);
    }
}

static void
test_summary_reads (void)
{
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "universe", universe, "--split", "2000-08-31", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Symbols:"));
  g_assert_nonnull (strstr (r.out, "30 used, 0 skipped"));
  g_assert_nonnull (strstr (r.out, "dist20"));
  g_assert_nonnull (strstr (r.out, "Test R²"));
}

static void
test_same_json_whatever_the_cut (void)
{
  static const char *const variants[][4] = {
    { "--chunk", "1", "--jobs", "1" },
    { "--chunk", "7", "--jobs", "2" },
    { "--chunk", "30", "--jobs", "2" },
    { "--chunk", "0", "--jobs", "1" },
    { "--chunk", "7", "--save", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_auto(BkCliResult) r = { 0 };

      bk_cli_run (&r, "universe", universe, "--split", "2000-08-31", "--json", variants[i][0], variants[i][1],
               variants[i][2], variants[i][3], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_autofree char *got = rows_and_bma (r.out);
      g_assert_cmpstr (got, ==, get_reference ());
    }
}

/* float32 storage, the seed's downcast: the same rows, a fit that moves
 * only in the last digits. */
static void
test_float32_close_to_float64 (void)
{
  g_auto(BkCliResult) r = { 0 };
  g_autoptr(JsonParser) p64 = json_parser_new ();
  g_autoptr(JsonParser) p32 = json_parser_new ();

  bk_cli_run (&r, "universe", universe, "--split", "2000-08-31", "--json", "--precision", "f32", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (p32, r.out, -1, NULL));
  g_assert_true (json_parser_load_from_data (p64, get_json (), -1, NULL));
  JsonObject *o32 = json_node_get_object (json_parser_get_root (p32));
  JsonObject *o64 = json_node_get_object (json_parser_get_root (p64));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o32, "model"), "precision"), ==, "f32");
  JsonArray *f32 = json_object_get_array_member (json_object_get_object_member (o32, "bma"), "features");
  JsonArray *f64 = json_object_get_array_member (json_object_get_object_member (o64, "bma"), "features");
  gboolean differs = FALSE;
  for (guint j = 0; j < json_array_get_length (f64); j++)
    {
      double a = json_object_get_double_member (json_array_get_object_element (f32, j), "mean");
      double b = json_object_get_double_member (json_array_get_object_element (f64, j), "mean");
      double sd = json_object_get_double_member (json_array_get_object_element (f64, j), "sd");

      differs = differs || a != b;
      g_assert_cmpfloat (fabs (a - b), <=, 0.05 * sd + 1e-12);
    }
  g_assert_true (differs);
}

static void
test_same_json_from_a_reversed_list (void)
{
  g_autoptr(GDir) dir = g_dir_open (universe, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *list_path = path_in_tmp ("reversed.txt");
  const char *name;
  g_auto(BkCliResult) r = { 0 };

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (universe, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = names->len; i > 0; i--)
    g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (names, i - 1));
  g_assert_true (g_file_set_contents (list_path, list->str, -1, NULL));
  bk_cli_run (&r, "universe", list_path, "--split", "2000-08-31", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autofree char *got = rows_and_bma (r.out);
  g_assert_cmpstr (got, ==, get_reference ());
}

/* Three shards through GNU parallel, then merge. */
static void
test_three_shards_through_parallel (void)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *pattern = path_in_tmp ("part-{}.stats");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(BkCliResult) shards = { 0 };
  g_auto(BkCliResult) merged = { 0 };

  if (parallel == NULL)
    {
      g_test_skip ("GNU parallel is not installed (Debian package parallel)");
      return;
    }
  g_autofree char *shard = g_strdup ("{}/3");
  g_ptr_array_add (argv, parallel);
  g_ptr_array_add (argv, "--will-cite");
  g_ptr_array_add (argv, "--halt");
  g_ptr_array_add (argv, "now,fail=1");
  g_ptr_array_add (argv, (char *) g_getenv ("BARKEEP_CLI"));
  g_ptr_array_add (argv, "universe");
  g_ptr_array_add (argv, universe);
  g_ptr_array_add (argv, "--split");
  g_ptr_array_add (argv, "2000-08-31");
  g_ptr_array_add (argv, "--shard");
  g_ptr_array_add (argv, shard);
  g_ptr_array_add (argv, "--stats");
  g_ptr_array_add (argv, pattern);
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, ":::");
  g_ptr_array_add (argv, "1");
  g_ptr_array_add (argv, "2");
  g_ptr_array_add (argv, "3");
  g_ptr_array_add (argv, NULL);
  bk_cli_spawn (&shards, NULL, (const char *const *) argv->pdata);
  g_assert_cmpint (shards.status, ==, 0);

  g_autofree char *p1 = path_in_tmp ("part-1.stats");
  g_autofree char *p2 = path_in_tmp ("part-2.stats");
  g_autofree char *p3 = path_in_tmp ("part-3.stats");
  bk_cli_run (&merged, "merge", p3, p1, p2, "--json", NULL);
  g_assert_cmpint (merged.status, ==, 0);
  g_autofree char *got = rows_and_bma (merged.out);
  g_assert_cmpstr (got, ==, get_reference ());
}

/* Every bad input: exit 1, nothing on stdout, one line on stderr. */
static void
assert_one_line_error (BkCliResult *r, const char *needle)
{
  g_test_message ("%s", r->err);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "barkeep-cli: "));
  g_assert_true (g_str_has_suffix (r->err, "\n"));
  g_assert_true (strchr (r->err, '\n') == r->err + strlen (r->err) - 1);
  g_assert_nonnull (strstr (r->err, needle));
}

static char *
write_file (const char *name, const char *contents)
{
  char *path = path_in_tmp (name);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_errors_are_one_line (void)
{
  g_autofree char *empty = path_in_tmp ("empty");
  g_autofree char *feature = write_file ("unknown-feature.ini", "[model]\nname=x\nfeatures=nosuch\nhorizon=5\n"
                                         "[indicator sma]\nexpr=SMA(close, period=5)\n");
  g_autofree char *horizon = write_file ("horizon.ini", "[model]\nname=x\nfeatures=sma\nhorizon=0\n"
                                         "[indicator sma]\nexpr=SMA(close, period=5)\n");
  g_autofree char *stats = path_in_tmp ("whole.stats");
  g_autofree char *truncated = path_in_tmp ("truncated.stats");
  g_autofree char *text = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", empty, NULL);
    assert_one_line_error (&r, "no price files");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", universe, feature, NULL);
    assert_one_line_error (&r, "unknown-feature.ini:3:");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", universe, horizon, NULL);
    assert_one_line_error (&r, "horizon.ini:4:");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", universe, "--split", "2000-13-45", NULL);
    assert_one_line_error (&r, "2000-13-45");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", universe, "--stats", stats, "--split", "2000-08-31", NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_true (g_file_get_contents (stats, &text, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, text, length / 2, NULL));
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "merge", truncated, NULL);
    assert_one_line_error (&r, "truncated.stats:");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "merge", stats, stats, NULL);
    assert_one_line_error (&r, "shard 1 of 1 is given twice");
  }
  /* Mismatched: shards of runs with another horizon. */
  {
    g_autofree char *short_model = write_file ("horizon3.ini", "[model]\nname=x\nfeatures=sma\nhorizon=3\n"
                                               "[indicator sma]\nexpr=SMA(close, period=5)\n");
    g_autofree char *long_model = write_file ("horizon4.ini", "[model]\nname=x\nfeatures=sma\nhorizon=4\n"
                                              "[indicator sma]\nexpr=SMA(close, period=5)\n");
    g_autofree char *part1 = path_in_tmp ("h-1.stats");
    g_autofree char *part2 = path_in_tmp ("h-2.stats");
    g_auto(BkCliResult) a = { 0 };
    g_auto(BkCliResult) b = { 0 };
    g_auto(BkCliResult) r = { 0 };

    bk_cli_run (&a, "universe", universe, short_model, "--shard", "1/2", "--stats", part1, NULL);
    g_assert_cmpint (a.status, ==, 0);
    bk_cli_run (&b, "universe", universe, long_model, "--shard", "2/2", "--stats", part2, NULL);
    g_assert_cmpint (b.status, ==, 0);
    bk_cli_run (&r, "merge", part1, part2, NULL);
    assert_one_line_error (&r, "do not belong together");
  }
  /* More than 20 features. */
  {
    g_autoptr(GString) model = g_string_new ("[model]\nname=x\nhorizon=5\nfeatures=");
    for (guint i = 0; i < 21; i++)
      g_string_append_printf (model, "%sf%u", i > 0 ? ", " : "", i);
    g_string_append_c (model, '\n');
    for (guint i = 0; i < 21; i++)
      g_string_append_printf (model, "[indicator f%u]\nexpr=SMA(close, period=%u)\n", i, i + 2);
    g_autofree char *many = write_file ("many.ini", model->str);
    g_auto(BkCliResult) r = { 0 };

    bk_cli_run (&r, "universe", universe, many, NULL);
    assert_one_line_error (&r, "more than 20 features");
  }
  g_rmdir (empty);
}

/* Too few bars for any row: the fit says so. */
static void
test_no_rows_is_an_error (void)
{
  g_autofree char *small = path_in_tmp ("small");
  g_auto(BkCliResult) gen = { 0 };
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&gen, "gen", "universe", "--symbols", "3", "--bars", "40", "--seed", "1", "--output", small, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  bk_cli_run (&r, "universe", small, NULL);
  assert_one_line_error (&r, "rows");
}

/* Mode 1 holds as much for 10 times the symbols; mode 0 with one chunk
 * grows with them and warns.  Not in a sanitizer's build: it keeps freed
 * memory in quarantine and shadows it, and resident memory then measures
 * the sanitizer, not Barkeep. */
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
static void
test_memory_flat_in_mode_1 (void)
{
  g_autofree char *many = path_in_tmp ("many");
  g_auto(BkCliResult) gen = { 0 };
  guint64 peak[2];
  const char *counts[2] = { "300", "3000" };

  bk_cli_run (&gen, "gen", "universe", "--symbols", "3000", "--bars", "200", "--seed", "3", "--output", many, NULL);
  g_assert_cmpint (gen.status, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *list_path = path_in_tmp ("first.txt");
      g_autoptr(GString) list = g_string_new (NULL);
      g_autoptr(GDir) dir = g_dir_open (many, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      guint n = (guint) g_ascii_strtoull (counts[i], NULL, 10);

      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (many, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint j = 0; j < n; j++)
        g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (names, j));
      g_assert_true (g_file_set_contents (list_path, list->str, -1, NULL));

      g_auto(BkCliResult) r = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      bk_cli_run (&r, "universe", list_path, "--json", "--jobs", "2", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
      JsonObject *memory = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                          "memory");
      peak[i] = json_object_get_int_member (memory, "peak_rss_bytes");
      g_test_message ("%s symbols, mode 1: peak RSS %.2f MiB", counts[i], peak[i] / 1048576.0);
    }
  g_assert_cmpuint (peak[1], <=, peak[0] + 2 * 1024 * 1024);
}
#endif

static void
test_memory_grows_without_chunks (void)
{
  g_auto(BkCliResult) small = { 0 };
  g_auto(BkCliResult) whole = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  bk_cli_run (&whole, "universe", universe, "--save", "0", "--chunk", "0", "--warn-growth", "1", "--json", NULL);
  g_assert_cmpint (whole.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, whole.out, -1, NULL));
  JsonObject *memory = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "memory");
  JsonArray *warnings = json_object_get_array_member (memory, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), >=, 1);
  JsonObject *warning = json_array_get_object_element (warnings, 0);
  g_assert_true (json_object_has_member (warning, "growth_bytes"));
  g_assert_cmpint (json_object_get_int_member (warning, "chunk"), ==, 1);
  /* And the summary says so. */
  bk_cli_run (&small, "universe", universe, "--save", "0", "--chunk", "0", "--warn-growth", "1", NULL);
  g_assert_cmpint (small.status, ==, 0);
  g_assert_nonnull (strstr (small.out, "warning: resident memory grew"));
}

/* ---- hostile input (universe, merge) ------------------------------------ */

/* A small universe of its own, to add odd files to. */
static char *
odd_universe (const char *name, const char *symbols, const char *bars)
{
  char *dir = path_in_tmp (name);
  g_auto(BkCliResult) r = { 0 };

  bk_cli_run (&r, "gen", "universe", "--symbols", symbols, "--bars", bars, "--seed", "5", "--output", dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  return dir;
}

static JsonParser *
parse_json (const char *text)
{
  JsonParser *parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return parser;
}

/* A FIFO, a link to nothing and a folder are skipped, each named with its
 * reason in the summary and the JSON; --strict makes them errors. */
static void
test_odd_files_skipped_or_strict (void)
{
  g_autofree char *dir = odd_universe ("odd", "3", "120");
  g_autofree char *fifo = g_build_filename (dir, "fifo.csv", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.csv", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("nowhere.csv", dangling), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", dir, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "3 used, 3 skipped"));
    g_assert_nonnull (strstr (r.out, "fifo.csv: a FIFO, not a price file"));
    g_assert_nonnull (strstr (r.out, "dangling.csv: a symbolic link to nothing"));
    g_assert_nonnull (strstr (r.out, "sub: a folder, not a price file"));
  }
  {
    g_auto(BkCliResult) r = { 0 };
    g_autoptr(JsonParser) parser = NULL;
    bk_cli_run (&r, "universe", dir, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    parser = parse_json (r.out);
    g_autoptr(JsonNode) skipped = json_path_query ("$.symbols.skipped[*].error", json_parser_get_root (parser), NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (skipped)), ==, 3);
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", dir, "--strict", NULL);
    assert_one_line_error (&r, "dangling.csv: a symbolic link to nothing");
  }
}

/* merge and universe refuse what is not a regular file or a folder,
 * rather than read it whole (/dev/zero) or wait on it (a FIFO). */
static void
test_sources_not_regular_refused (void)
{
  g_autofree char *fifo = path_in_tmp ("stats.fifo");

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "merge", "/dev/zero", NULL);
    assert_one_line_error (&r, "/dev/zero: not a regular file");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "merge", fifo, NULL);
    assert_one_line_error (&r, "stats.fifo: not a regular file");
  }
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "universe", fifo, NULL);
    assert_one_line_error (&r, "stats.fifo: neither a folder nor a list of files");
  }
  g_remove (fifo);
}

/* S0001.csv beside S0001.txt: an error naming both. */
static void
test_two_files_of_one_symbol (void)
{
  g_autofree char *dir = odd_universe ("twice", "2", "120");
  g_autofree char *csv = g_build_filename (dir, "S0001.csv", NULL);
  g_autofree char *txt = g_build_filename (dir, "S0001.txt", NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_auto(BkCliResult) r = { 0 };

  g_assert_true (g_file_get_contents (csv, &text, &length, NULL));
  g_assert_true (g_file_set_contents (txt, text, length, NULL));
  bk_cli_run (&r, "universe", dir, NULL);
  assert_one_line_error (&r, "S0001.csv and ");
  g_assert_nonnull (strstr (r.err, "S0001.txt are both symbol S0001"));
}

/* A file name that is not UTF-8, with an escape sequence: escaped in the
 * JSON (valid, json-glib reads it) and in the summary and messages. */
static void
test_hostile_names_escaped (void)
{
  g_autofree char *dir = odd_universe ("names", "2", "120");
  g_autofree char *csv = g_build_filename (dir, "S0001.csv", NULL);
  g_autofree char *odd = g_build_filename (dir, "odd\xff\x1b[31m.csv", NULL);
  g_autofree char *broken = g_build_filename (dir, "bad\xfe\x1b]0;x\x07.csv", NULL);
  g_autofree char *stats = path_in_tmp ("names.stats");
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (csv, &text, &length, NULL));
  g_assert_true (g_file_set_contents (odd, text, length, NULL));
  g_assert_true (g_file_set_contents (broken, "Date,Close\n", -1, NULL));
  {
    g_auto(BkCliResult) r = { 0 };
    g_autoptr(JsonParser) parser = NULL;
    bk_cli_run (&r, "universe", dir, "--json", "--stats", stats, NULL);
    g_assert_cmpint (r.status, ==, 0);
    parser = parse_json (r.out);
    g_autoptr(JsonNode) symbols = json_path_query ("$.symbols.rows[*].symbol", json_parser_get_root (parser), NULL);
    JsonArray *names = json_node_get_array (symbols);
    g_assert_cmpuint (json_array_get_length (names), ==, 3);
    g_assert_cmpstr (json_array_get_string_element (names, 2), ==, "odd\\xFF\\x1B[31m");
    g_autoptr(JsonNode) files = json_path_query ("$.symbols.skipped[0].file", json_parser_get_root (parser), NULL);
    g_assert_true (g_str_has_suffix (json_array_get_string_element (json_node_get_array (files), 0),
                                     "bad\\xFE\\x1B]0;x\\x07.csv"));
  }
  const char *commands[][4] = { { "universe", dir, NULL }, { "merge", stats, NULL } };
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, commands[i][0], commands[i][1], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_utf8_validate (r.out, -1, NULL));
      g_assert_null (strchr (r.out, '\x1b'));
      g_assert_nonnull (strstr (r.out, "skipped: "));
    }
  /* The same file to run: its error escaped too. */
  const char *fail[][5] = { { "universe", dir, "--strict", NULL }, { "run", "--data", broken, NULL } };
  for (guint i = 0; i < G_N_ELEMENTS (fail); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, fail[i][0], fail[i][1], fail[i][2], NULL);
      assert_one_line_error (&r, "bad\\xFE\\x1B]0;x\\x07.csv:");
      g_assert_true (g_utf8_validate (r.err, -1, NULL));
      g_assert_null (strchr (r.err, '\x1b'));
    }
  /* A run of that file: its name in run --json is valid JSON too. */
  {
    g_auto(BkCliResult) r = { 0 };
    g_autoptr(JsonParser) parser = NULL;
    bk_cli_run (&r, "run", "--data", odd, "--json", NULL);
    g_assert_cmpint (r.status, ==, 0);
    parser = parse_json (r.out);
    g_autoptr(JsonNode) path = json_path_query ("$.stats.data.path", json_parser_get_root (parser), NULL);
    g_assert_true (g_str_has_suffix (json_array_get_string_element (json_node_get_array (path), 0),
                                     "odd\\xFF\\x1B[31m.csv"));
  }
}

/* A shard too small for a fit of its own has done its work once its
 * statistics are written: exit 0 and a note; the merge fits. */
static void
test_shard_without_a_fit_succeeds (void)
{
  g_autofree char *dir = odd_universe ("tiny", "3", "62");
  char *part[3] = { NULL };

  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("tiny-%u.stats", k + 1);
      g_autofree char *shard = g_strdup_printf ("%u/3", k + 1);
      g_auto(BkCliResult) r = { 0 };

      part[k] = path_in_tmp (name);
      bk_cli_run (&r, "universe", dir, "--shard", shard, "--stats", part[k], NULL);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_true (g_str_has_prefix (r.err, "barkeep-cli: note: shard "));
      g_assert_nonnull (strstr (r.err, "could not be made"));
      g_assert_true (g_file_test (part[k], G_FILE_TEST_IS_REGULAR));
    }
  g_auto(BkCliResult) merged = { 0 };
  bk_cli_run (&merged, "merge", part[0], part[1], part[2], NULL);
  g_assert_cmpint (merged.status, ==, 0);
  g_assert_nonnull (strstr (merged.out, "3 used, 0 skipped"));
  for (guint k = 0; k < 3; k++)
    g_free (part[k]);
}

/* A well-formed --split that is not a date says which part is wrong. */
static void
test_split_names_the_wrong_part (void)
{
  static const char *const cases[][2] = {
    { "2003-13-01", "--split: '2003-13-01' is not a date: month 13 is not 01 to 12" },
    { "2003-02-29", "--split: '2003-02-29' is not a date: 2003-02 has 28 days" },
    { "2003-04-00", "--split: '2003-04-00' is not a date: 2003-04 has 30 days" },
    { "2003-1-01", "--split: expected a date YYYY-MM-DD, found '2003-1-01'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BkCliResult) r = { 0 };
      bk_cli_run (&r, "universe", universe, "--split", cases[i][0], NULL);
      assert_one_line_error (&r, cases[i][1]);
    }
}

/* merge did not time the shards' runs: it shows their bars, not a speed. */
static void
test_merge_shows_no_time (void)
{
  g_autofree char *part1 = path_in_tmp ("untimed-1.stats");
  g_autofree char *part2 = path_in_tmp ("untimed-2.stats");
  g_auto(BkCliResult) shard1 = { 0 };
  g_auto(BkCliResult) shard2 = { 0 };
  g_auto(BkCliResult) merged = { 0 };

  bk_cli_run (&shard1, "universe", universe, "--shard", "1/2", "--stats", part1, "--mode", "1", NULL);
  bk_cli_run (&shard2, "universe", universe, "--shard", "2/2", "--stats", part2, "--save", "1", NULL);
  g_assert_cmpint (shard1.status, ==, 0);
  g_assert_cmpint (shard2.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Elapsed: ", shard1.out, G_REGEX_MULTILINE, 0));
  bk_cli_run (&merged, "merge", part1, part2, NULL);
  g_assert_cmpint (merged.status, ==, 0);
  g_assert_null (strstr (merged.out, "Elapsed:"));
  g_assert_null (strstr (merged.out, "bars/s"));
  g_assert_true (g_regex_match_simple ("^Bars: +7800, as the statistics count them \\(not timed here\\)$", merged.out,
                                       G_REGEX_MULTILINE, 0));
}

/* --max-memory is one budget for every worker: two jobs without chunks
 * pass it and stop with a one-line error, while chunks of 30 give their
 * runs back after each chunk and finish; kept to the end (--cleanup off)
 * they do not. */
static void
test_max_memory_shared_by_jobs (void)
{
  g_autofree char *dir = odd_universe ("budget", "60", "100");
  g_auto(BkCliResult) whole = { 0 };
  g_auto(BkCliResult) chunked = { 0 };
  g_auto(BkCliResult) kept = { 0 };

  bk_cli_run (&whole, "universe", dir, "--mode", "0", "--jobs", "2", "--chunk", "0", "--max-memory", "100M", NULL);
  assert_one_line_error (&whole, "the lines kept need more than the memory limit of 100.0\xc2\xa0MiB (--max-memory)");
  g_assert_nonnull (strstr (whole.err, "run stopped at bar "));
  bk_cli_run (&chunked, "universe", dir, "--mode", "0", "--jobs", "2", "--chunk", "30", "--max-memory", "100M", NULL);
  g_assert_cmpstr (chunked.err, ==, "");
  g_assert_cmpint (chunked.status, ==, 0);
  bk_cli_run (&kept, "universe", dir, "--mode", "0", "--jobs", "2", "--chunk", "30", "--cleanup", "off",
              "--max-memory", "100M", NULL);
  assert_one_line_error (&kept, "(--max-memory)");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("barkeep-test-cli-universe-XXXXXX", &error);
  g_assert_no_error (error);
  universe = g_build_filename (tmpdir, "universe", NULL);
  {
    g_auto(BkCliResult) r = { 0 };
    bk_cli_run (&r, "gen", "universe", "--symbols", "30", "--bars", "260", "--seed", "11", "--output", universe, NULL);
    if (r.status != 0)
      g_error ("gen universe failed: %s", r.err);
  }

  g_test_add_func ("/cli-universe/json-has-the-names", test_json_has_the_names);
  g_test_add_func ("/cli-universe/summary-reads", test_summary_reads);
  g_test_add_func ("/cli-universe/same-json-whatever-the-cut", test_same_json_whatever_the_cut);
  g_test_add_func ("/cli-universe/same-json-from-a-reversed-list", test_same_json_from_a_reversed_list);
  g_test_add_func ("/cli-universe/float32-close-to-float64", test_float32_close_to_float64);
  g_test_add_func ("/cli-universe/three-shards-through-parallel", test_three_shards_through_parallel);
  g_test_add_func ("/cli-universe/errors-are-one-line", test_errors_are_one_line);
  g_test_add_func ("/cli-universe/no-rows-is-an-error", test_no_rows_is_an_error);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  g_test_add_func ("/cli-universe/memory-flat-in-mode-1", test_memory_flat_in_mode_1);
#endif
  g_test_add_func ("/cli-universe/memory-grows-without-chunks", test_memory_grows_without_chunks);
  g_test_add_func ("/cli-universe/odd-files-skipped-or-strict", test_odd_files_skipped_or_strict);
  g_test_add_func ("/cli-universe/sources-not-regular-refused", test_sources_not_regular_refused);
  g_test_add_func ("/cli-universe/two-files-of-one-symbol", test_two_files_of_one_symbol);
  g_test_add_func ("/cli-universe/hostile-names-escaped", test_hostile_names_escaped);
  g_test_add_func ("/cli-universe/shard-without-a-fit-succeeds", test_shard_without_a_fit_succeeds);
  g_test_add_func ("/cli-universe/split-names-the-wrong-part", test_split_names_the_wrong_part);
  g_test_add_func ("/cli-universe/merge-shows-no-time", test_merge_shows_no_time);

  g_test_add_func ("/cli-universe/max-memory-shared-by-jobs", test_max_memory_shared_by_jobs);

  int status = g_test_run ();

  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmpdir);
  (void) system (rm);
  g_free (reference);
  g_free (reference_json);
  g_free (universe);
  g_free (tmpdir);
  return status;
}
