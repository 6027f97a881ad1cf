/* bk-cli-universe.c — `barkeep-cli universe`, `merge` and `bench universe`. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "bk-cli-private.h"
#include "bk-parser.h"
#include "bk-report.h"
#include "bk-universe.h"

static BkModel *
open_model (const char *name_or_path, GError **error)
{
  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".ini")
      || g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    return bk_model_new_from_file (name_or_path, error);
  return bk_model_new_builtin (name_or_path, error);
}

static gboolean
parse_cleanup (const char *text, BkCleanup *cleanup, int *status)
{
  if (text == NULL || strcmp (text, "normal") == 0)
    *cleanup = BK_CLEANUP_NORMAL;
  else if (strcmp (text, "forced") == 0)
    *cleanup = BK_CLEANUP_FORCED;
  else if (strcmp (text, "off") == 0)
    *cleanup = BK_CLEANUP_OFF;
  else
    {
      *status = bk_cli_usage_error (_("--cleanup must be normal, forced or off, not '%s'"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_shard (const char *text, guint *shard, guint *n_shards, int *status)
{
  guint64 k, n;
  g_auto(GStrv) parts = text != NULL ? g_strsplit (text, "/", 3) : NULL;

  if (text == NULL)
    return TRUE;
  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[1], 10, 1, BK_UNIVERSE_MAX_SHARDS, &n, NULL)
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, n, &k, NULL))
    {
      *status = bk_cli_usage_error (_("--shard must be K/N with 1 <= K <= N, not '%s'"), text);
      return FALSE;
    }
  *shard = (guint) k;
  *n_shards = (guint) n;
  return TRUE;
}

/* ---- output ------------------------------------------------------------- */

static char *
features_text (const BkUniverseResult *r, guint32 mask)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint j = 0; j < r->n_features; j++)
    if (mask & (1u << j))
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", r->features[j]);
  if (text->len == 0)
    /* Translators: the model with the intercept alone. */
    g_string_append (text, _("(intercept only)"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static double
mib (guint64 bytes)
{
  return bytes / (1024.0 * 1024.0);
}

static char *
format_summary (const BkUniverseResult *r, const BkBmaResult *bma)
{
  GString *out = g_string_new (NULL);
  g_autoptr(BkCliTable) head = bk_cli_table_new ("ll", 1);

  bk_cli_table_add (head, _("Model:"));
  bk_cli_table_addf (head, g_dngettext (GETTEXT_PACKAGE, "%s (%s), horizon %u bar", "%s (%s), horizon %u bars",
                                       r->horizon),
                     r->model_name, r->model_id, r->horizon);
  bk_cli_table_add (head, _("Symbols:"));
  bk_cli_table_addf (head, _("%u used, %u skipped"), r->symbols->len, r->skipped->len);
  bk_cli_table_add (head, _("Rows:"));
  if (r->has_split)
    {
      char date[40];

      bk_format_datetime (r->split, FALSE, date);
      bk_cli_table_addf (head, _("%llu train, %llu test (split %s)"),
                         (unsigned long long) bk_universe_rows_total (r, TRUE), (unsigned long long) bk_universe_rows_total (r, FALSE), date);
    }
  else
    bk_cli_table_addf (head, _("%llu train, no test set (no split)"), (unsigned long long) bk_universe_rows_total (r, TRUE));
  /* Merged statistics were not timed here: their bars, without a speed. */
  if (r->elapsed > 0)
    {
      g_autofree char *bars_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu bar", "%llu bars", r->bars),
                                                    (unsigned long long) r->bars);
      bk_cli_table_add (head, _("Elapsed:"));
      /* Translators: seconds, "1000 bars", speed. */
      bk_cli_table_addf (head, _("%.2f s, %s, %.2f million bars/s"), r->elapsed, bars_text, r->bars / r->elapsed / 1e6);
    }
  else
    {
      bk_cli_table_add (head, _("Bars:"));
      bk_cli_table_addf (head, g_dngettext (GETTEXT_PACKAGE, "%llu, as the statistics count it (not timed here)",
                                            "%llu, as the statistics count them (not timed here)", r->bars),
                         (unsigned long long) r->bars);
    }
  if (r->timeline->len > 0)
    {
      g_autofree char *warnings_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                                                     r->warnings->len), r->warnings->len);
      g_autofree char *cleanups_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cleanup", "%u cleanups",
                                                                     r->cleanups->len), r->cleanups->len);
      bk_cli_table_add (head, _("Memory:"));
      /* Translators: the last two %s are "1 warning" and "3 cleanups". */
      bk_cli_table_addf (head, _("resident %.1f MiB at the start, %.1f MiB at the peak; %s, %s"),
                         mib (r->start_rss_bytes), mib (r->peak_rss_bytes), warnings_text, cleanups_text);
    }
  g_autofree char *head_text = bk_cli_table_format (head);
  g_string_append (out, head_text);

  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *s = &g_array_index (r->skipped, BkUniverseSkip, i);
      g_string_append_printf (out, _("  skipped: %s\n"), s->error);
    }
  for (guint i = 0; i < r->warnings->len; i++)
    {
      const BkUniverseSample *w = &g_array_index (r->warnings, BkUniverseSample, i);
      g_string_append_printf (out, _("  warning: resident memory grew %.1f MiB (to %.1f MiB) in chunk %u, "
                                     "%llu cells held\n"),
                              mib (w->rss_bytes - MIN (w->rss_bytes, r->start_rss_bytes)), mib (w->rss_bytes),
                              w->chunk, (unsigned long long) w->cells);
    }

  g_autoptr(BkCliTable) features = bk_cli_table_new ("lrrr", 2);
  /* Translators: the column headers of the posterior table. */
  bk_cli_table_add (features, _("feature"));
  bk_cli_table_add (features, _("PIP"));
  bk_cli_table_add (features, _("mean"));
  bk_cli_table_add (features, _("sd"));
  for (guint j = 0; j < r->n_features; j++)
    {
      bk_cli_table_add (features, r->features[j]);
      bk_cli_table_addf (features, "%.3f", bma->pip[j]);
      bk_cli_table_addf (features, "%+.4g", bma->mean[j]);
      bk_cli_table_addf (features, "%.4g", bma->sd[j]);
    }
  bk_cli_table_add (features, _("(intercept)"));
  bk_cli_table_add (features, "1.000");
  bk_cli_table_addf (features, "%+.4g", bma->intercept_mean);
  bk_cli_table_addf (features, "%.4g", bma->intercept_sd);
  g_autofree char *features_table = bk_cli_table_format (features);
  g_string_append_printf (out, "\n%s\n%s", _("Bayesian model averaging (posterior inclusion probability, "
                                           "posterior mean and sd):"), features_table);

  g_autoptr(BkCliTable) models = bk_cli_table_new ("rrrrl", 2);
  bk_cli_table_add (models, "#");
  bk_cli_table_add (models, _("p(M)"));
  bk_cli_table_add (models, _("R²"));
  bk_cli_table_add (models, _("BIC"));
  bk_cli_table_add (models, _("features"));
  for (guint i = 0; i < bma->n_models; i++)
    {
      const BkBmaModel *m = &bma->models[i];
      g_autofree char *names = features_text (r, m->features);

      bk_cli_table_addf (models, "%u", i + 1);
      bk_cli_table_addf (models, "%.4f", m->probability);
      bk_cli_table_addf (models, "%.5f", m->r2);
      bk_cli_table_addf (models, "%.1f", m->bic);
      bk_cli_table_add (models, names);
    }
  g_autofree char *models_table = bk_cli_table_format (models);
  g_string_append_printf (out, "\n%s\n%s", _("The most probable models:"), models_table);
  if (bma->n_excluded > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "%u singular model excluded (a repeated or constant feature).\n",
                                              "%u singular models excluded (a repeated or constant feature).\n",
                                              bma->n_excluded),
                            bma->n_excluded);
  if (bma->has_test_r2)
    g_string_append_printf (out, _("\nTest R²: %.5f for the averaged model, %.5f for the most probable one.\n"),
                            bma->test_r2_bma, bma->test_r2_best);
  return g_string_free (out, FALSE);
}

static int print_fit (const BkUniverseResult *r, const BkBmaResult *bma, gboolean json);

static int
print_results (const BkUniverseResult *r, gboolean json)
{
  GError *error = NULL;
  g_autoptr(BkBmaResult) bma = bk_universe_fit (r, &error);

  if (bma == NULL)
    return bk_cli_fail (error);
  return print_fit (r, bma, json);
}

static int
print_fit (const BkUniverseResult *r, const BkBmaResult *bma, gboolean json)
{
  g_autofree char *text = json ? bk_universe_format_json (r, bma) : format_summary (r, bma);
  fputs (text, stdout);
  return BK_EXIT_SUCCESS;
}

/* ---- universe ----------------------------------------------------------- */

typedef struct {
  gboolean interactive;         /* stderr is a terminal: a progress line */
} ProgressLine;

static void
on_progress (const BkUniverseProgress *p, gpointer user_data)
{
  ProgressLine *line = user_data;

  if (!line->interactive)
    return;
  /* Translators: the progress line on a terminal. */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "\r%llu/%llu symbol, chunk %u of %u, %.2f million bars/s, %.1f MiB resident   ",
                           "\r%llu/%llu symbols, chunk %u of %u, %.2f million bars/s, %.1f MiB resident   ", p->n_symbols),
              (unsigned long long) p->symbols_done, (unsigned long long) p->n_symbols, p->chunk, p->n_chunks, p->bars_per_second / 1e6,
              p->rss_bytes / (1024.0 * 1024.0));
}

int
bk_cli_cmd_universe (int argc, char **argv)
{
  g_autofree char *mode_text = NULL, *precision_text = NULL, *split_text = NULL, *cleanup_text = NULL;
  g_autofree char *shard_text = NULL, *stats_path = NULL, *max_memory_text = NULL, *resample_text = NULL;
  g_autofree char *replay_text = NULL;
  BkCliResample resample;
  guint64 max_memory = 0;   /* 0: the engine's default */
  gint chunk = 30, jobs = 0, warn_growth = 200;
  gboolean strict = FALSE, json = FALSE, lenient = FALSE;
  BkUniverseOptions options;
  int status = 0;
  GError *error = NULL;

  bk_universe_options_init (&options);
  if (!bk_cli_parse ("universe", &argc, &argv, &status, "chunk", &chunk, "jobs", &jobs, "mode", &mode_text,
                     "precision", &precision_text, "split", &split_text, "cleanup", &cleanup_text,
                     "warn-growth", &warn_growth, "strict", &strict, "lenient", &lenient, "shard", &shard_text,
                     "stats", &stats_path, "json", &json, "max-memory", &max_memory_text,
                     "resample", &resample_text, "replay", &replay_text, NULL)
      || !bk_cli_parse_resample (resample_text, replay_text, &resample, &status)
      || (max_memory_text != NULL && !bk_cli_parse_size ("--max-memory", max_memory_text, &max_memory, &status))
      || !bk_cli_parse_precision (precision_text, &options.precision, &status)
      || !parse_cleanup (cleanup_text, &options.cleanup, &status)
      || !parse_shard (shard_text, &options.shard, &options.n_shards, &status))
    return status;
  if (mode_text != NULL && !bk_cli_parse_mode (mode_text, &options.mode, &status))
    return status;
  if (argc < 2 || argc > 3)
    return bk_cli_usage_error ("%s", _("universe takes a folder or a list of files, and optionally a model"));
  if (chunk < 0 || jobs < 0 || jobs > 256 || warn_growth < 0)
    return bk_cli_usage_error ("%s", _("--chunk, --jobs and --warn-growth must not be negative (--jobs at most 256)"));
  options.chunk = (guint) chunk;
  options.jobs = (guint) jobs;
  options.warn_growth_bytes = (guint64) warn_growth * 1000 * 1000;
  options.strict = strict;
  options.lenient = lenient;
  if (resample.set)
    {
      options.resample = resample.period;
      options.replay = resample.mode == BK_REPLAY;
    }
  /* One budget for every worker: --jobs does not multiply it. */
  g_autoptr(BkBudget) budget = bk_cli_max_memory_budget (max_memory);
  options.budget = budget;

  g_autoptr(BkModel) model = open_model (argc > 2 ? argv[2] : "seed-features", &error);
  if (model == NULL)
    return bk_cli_fail (error);
  if (split_text != NULL)
    {
      double split;

      if (!bk_model_parse_date (split_text, &split, &error))
        {
          g_prefix_error (&error, "--split: ");
          return bk_cli_fail (error);
        }
      bk_model_set_split (model, TRUE, split);
    }

  ProgressLine line = { !json && isatty (STDERR_FILENO) };
  g_autoptr(BkUniverseResult) result = bk_universe_run (model, argv[1], &options, on_progress, &line, NULL, &error);
  if (line.interactive)
    g_printerr ("\r\033[K");
  if (result == NULL)
    return bk_cli_fail (error);
  if (stats_path != NULL && !bk_universe_write_stats (result, stats_path, &error))
    return bk_cli_fail (error);
  /* A shard's job is its statistics: when they are written, a shard too
   * small for a fit of its own has still done it (the merge fits). */
  if (stats_path != NULL && result->n_shards > 1)
    {
      g_autoptr(BkBmaResult) bma = bk_universe_fit (result, &error);

      if (bma != NULL)
        return print_fit (result, bma, json);
      else
        {
          g_autofree char *shown = bk_escape_text (stats_path, -1);

          /* Translators: %u of %u is the shard (K of N), the first %s the
           * statistics file, the second why there is no fit. */
          g_autofree char *note = g_strdup_printf (_("note: shard %u of %u: statistics written to %s; the shard's "
                                                     "own fit could not be made: %s"),
                                                   result->shard, result->n_shards, shown, error->message);
          g_printerr ("barkeep-cli: %s\n", note);
          g_clear_error (&error);
          return BK_EXIT_SUCCESS;
        }
    }
  return print_results (result, json);
}

int
bk_cli_cmd_merge (int argc, char **argv)
{
  gboolean json = FALSE;
  int status = 0;
  GError *error = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_universe_result_free);

  if (!bk_cli_parse ("merge", &argc, &argv, &status, "json", &json, NULL))
    return status;
  if (argc < 2)
    return bk_cli_usage_error ("%s", _("merge takes the statistics files of every shard"));
  for (int i = 1; i < argc; i++)
    {
      BkUniverseResult *part = bk_universe_read_stats (argv[i], &error);

      if (part == NULL)
        return bk_cli_fail (error);
      g_ptr_array_add (parts, part);
    }
  g_autoptr(BkUniverseResult) merged = bk_universe_merge (parts, &error);
  if (merged == NULL)
    return bk_cli_fail (error);
  return print_results (merged, json);
}

/* ---- bench universe ----------------------------------------------------- */

int
bk_cli_cmd_bench_universe (int argc, char **argv)
{
  g_autofree char *mode_text = NULL;
  gint chunk = 30, jobs = 0, repeat = 3;
  BkUniverseOptions options;
  int status = 0;
  GError *error = NULL;
  double best = G_MAXDOUBLE;
  guint64 bars = 0, peak = 0, start = bk_process_rss_bytes ();

  bk_universe_options_init (&options);
  if (!bk_cli_parse ("bench universe", &argc, &argv, &status, "mode", &mode_text, "chunk", &chunk, "jobs", &jobs,
                     "repeat", &repeat, NULL))
    return status;
  if (mode_text != NULL && !bk_cli_parse_mode (mode_text, &options.mode, &status))
    return status;
  if (argc < 2 || argc > 3)
    return bk_cli_usage_error ("%s", _("bench universe takes a folder or a list of files, and optionally a model"));
  if (chunk < 0 || jobs < 0 || jobs > 256 || repeat < 1 || repeat > 1000)
    return bk_cli_usage_error ("%s", _("--chunk and --jobs must not be negative, --repeat must be 1 to 1000"));
  options.chunk = (guint) chunk;
  options.jobs = (guint) jobs;
  options.warn_growth_bytes = 0;

  g_autoptr(BkModel) model = open_model (argc > 2 ? argv[2] : "seed-features", &error);
  if (model == NULL)
    return bk_cli_fail (error);
  g_autoptr(BkUniverseResult) last = NULL;
  for (gint i = 0; i < repeat; i++)
    {
      g_clear_pointer (&last, bk_universe_result_free);
      last = bk_universe_run (model, argv[1], &options, NULL, NULL, NULL, &error);
      if (last == NULL)
        return bk_cli_fail (error);
      best = MIN (best, last->elapsed);
      bars = last->bars;
      peak = MAX (peak, last->peak_rss_bytes);
    }
  gint64 fit_start = g_get_monotonic_time ();
  g_autoptr(BkBmaResult) fit = bk_universe_fit (last, &error);
  if (fit == NULL)
    return bk_cli_fail (error);
  double fit_seconds = (g_get_monotonic_time () - fit_start) / (double) G_USEC_PER_SEC;

  /* Translators: the result of `bench universe`. */
  guint n_jobs = options.jobs > 0 ? options.jobs : g_get_num_processors ();
  g_autofree char *bars_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu bar", "%llu bars", bars),
                                                (unsigned long long) bars);
  g_autofree char *jobs_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u job", "%u jobs", n_jobs), n_jobs);
  /* Translators: the first %s is "1000 bars", the second "2 jobs". */
  g_print (_("universe: %s, mode %d, chunk %u, %s: best of %d %.3f s, %.2f million bars/s; "
             "resident memory %.1f MiB at the start, %.1f MiB at the peak; BMA %.3f s\n"),
           bars_text, options.mode, options.chunk, jobs_text, repeat, best, bars / best / 1e6,
           mib (start), mib (peak), fit_seconds);
  return BK_EXIT_SUCCESS;
}
