/* bk-universe-view.c — the Universe view.
 *
 * The run goes on a thread of its own (a BkJob) through bk_universe_run;
 * its progress reports (at least four a second, and one for each growth
 * warning) are posted to the main loop, every one of them, where they
 * extend the memory timeline.  Stop cancels the job, which raises the flag
 * the engine looks at: it ends within a fraction of a second, and no
 * result is presented as complete.  Its charts are drawn in
 * bk-universe-view-charts.c, its actions in bk-universe-view-actions.c. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-export.h"
#include "bk-file-dialog.h"
#include "bk-format.h"
#include "bk-gen-universe.h"
#include "bk-job.h"
#include "bk-memory-panel.h"
#include "bk-mode-choices.h"
#include "bk-painter.h"
#include "bk-report.h"
#include "bk-universe-view.h"
#include "bk-view.h"

#include "bk-universe-view-private.h"

static void bk_universe_view_view_init (BkViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BkUniverseView, bk_universe_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BK_TYPE_VIEW, bk_universe_view_view_init))

enum { PROP_0, PROP_STATE, PROP_HAS_RESULT, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const BkCleanup cleanup_order[] = { BK_CLEANUP_NORMAL, BK_CLEANUP_FORCED, BK_CLEANUP_OFF };

static void
job_free (Job *job)
{
  g_object_unref (job->view);
  g_clear_pointer (&job->model, bk_model_unref);
  g_free (job->source);
  g_clear_pointer (&job->result, bk_universe_result_free);
  g_clear_pointer (&job->fit, bk_bma_result_free);
  g_free (job);
}

static void
set_state (BkUniverseView *self, BkJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
series_clear (Series *series)
{
  g_clear_pointer (&series->points, g_array_unref);
}

/* ---- results ------------------------------------------------------------ */

static GtkWidget *
cell (const char *text, gboolean numeric, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  return label;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
show_fit (BkUniverseView *self)
{
  const BkUniverseResult *r = self->result;
  const BkBmaResult *fit = self->fit;

  clear_grid (self->coef_grid);
  clear_grid (self->models_grid);
  gtk_widget_set_visible (self->fit_box, r != NULL && fit != NULL);
  if (r == NULL || fit == NULL)
    return;

  const char *coef_heads[] = { _("Feature"), _("PIP"), _("Posterior mean"), _("± sd") };
  for (guint c = 0; c < G_N_ELEMENTS (coef_heads); c++)
    gtk_grid_attach (self->coef_grid, cell (coef_heads[c], c > 0, TRUE), (int) c, 0, 1, 1);
  for (guint j = 0; j < r->n_features; j++)
    {
      g_autofree char *pip = g_strdup_printf ("%.3f", fit->pip[j]);
      /* The sign readable at a glance: a plus or a minus in front. */
      g_autofree char *mean = g_strdup_printf ("%+.4g", fit->mean[j]);
      g_autofree char *sd = g_strdup_printf ("%.4g", fit->sd[j]);
      GtkWidget *mean_cell = cell (mean, TRUE, FALSE);

      gtk_widget_add_css_class (mean_cell, fit->mean[j] >= 0 ? "success" : "error");
      gtk_grid_attach (self->coef_grid, cell (r->features[j], FALSE, FALSE), 0, (int) j + 1, 1, 1);
      gtk_grid_attach (self->coef_grid, cell (pip, TRUE, FALSE), 1, (int) j + 1, 1, 1);
      gtk_grid_attach (self->coef_grid, mean_cell, 2, (int) j + 1, 1, 1);
      gtk_grid_attach (self->coef_grid, cell (sd, TRUE, FALSE), 3, (int) j + 1, 1, 1);
    }

  const char *model_heads[] = { _("Features"), _("Probability"), _("R²"), _("BIC") };
  for (guint c = 0; c < G_N_ELEMENTS (model_heads); c++)
    gtk_grid_attach (self->models_grid, cell (model_heads[c], c > 0, TRUE), (int) c, 0, 1, 1);
  for (guint i = 0; i < fit->n_models; i++)
    {
      const BkBmaModel *m = &fit->models[i];
      g_autofree char *probability = g_strdup_printf ("%.4f", m->probability);
      g_autofree char *r2 = g_strdup_printf ("%.5f", m->r2);
      g_autofree char *bic = g_strdup_printf ("%.1f", m->bic);
      GtkWidget *chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      /* The model's features as chips; the model without any says so. */
      for (guint j = 0; j < r->n_features; j++)
        if (m->features & (1u << j))
          {
            GtkWidget *chip = gtk_label_new (r->features[j]);

            gtk_widget_add_css_class (chip, "chip");
            gtk_box_append (GTK_BOX (chips), chip);
          }
      if (m->features == 0)
        gtk_box_append (GTK_BOX (chips), cell (_("(none)"), FALSE, FALSE));
      gtk_widget_set_hexpand (chips, TRUE);
      gtk_widget_set_valign (chips, GTK_ALIGN_CENTER);
      gtk_grid_attach (self->models_grid, chips, 0, (int) i + 1, 1, 1);
      gtk_grid_attach (self->models_grid, cell (probability, TRUE, FALSE), 1, (int) i + 1, 1, 1);
      gtk_grid_attach (self->models_grid, cell (r2, TRUE, FALSE), 2, (int) i + 1, 1, 1);
      gtk_grid_attach (self->models_grid, cell (bic, TRUE, FALSE), 3, (int) i + 1, 1, 1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->pip_chart));
}

/* The per-symbol table: rows to train on and to test, first and last
 * dates.  Its items are the symbols' indices in the result. */
typedef enum {
  SYMBOL_NAME,
  SYMBOL_TRAIN,
  SYMBOL_TEST,
  SYMBOL_FIRST,
  SYMBOL_LAST,
} SymbolColumn;

static void
on_symbol_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (column) == SYMBOL_NAME ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
on_symbol_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer column)
{
  BkUniverseView *self = g_object_get_data (G_OBJECT (factory), "bk-view");
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  guint index = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
  char text[64] = "";

  if (self->result != NULL && index < self->result->symbols->len)
    {
      const BkUniverseSymbol *symbol = &g_array_index (self->result->symbols, BkUniverseSymbol, index);

      switch (GPOINTER_TO_INT (column))
        {
        case SYMBOL_NAME:
          g_strlcpy (text, symbol->symbol, sizeof text);
          break;
        case SYMBOL_TRAIN:
        case SYMBOL_TEST:
          {
            g_autofree char *rows = bk_format_count (GPOINTER_TO_INT (column) == SYMBOL_TRAIN ? symbol->train
                                                                                            : symbol->test);
            g_strlcpy (text, rows, sizeof text);
          }
          break;
        default:
          {
            double when = GPOINTER_TO_INT (column) == SYMBOL_FIRST ? symbol->first : symbol->last;
            if (!isnan (when))
              bk_format_datetime (when, FALSE, text);
          }
        }
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
add_symbol_column (BkUniverseView *self, const char *title, SymbolColumn column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "bk-view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (on_symbol_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_symbol_bind_cb), GINT_TO_POINTER (column));
  g_autoptr(GtkColumnViewColumn) view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_append_column (self->symbols_view, view_column);
}

/* The table fills when it is opened: GTK 4.8 makes its rows' widgets at
 * once (80 ms and more for a few thousand symbols), which the end of a
 * run should not wait for. */
static void
fill_symbols (BkUniverseView *self)
{
  const BkUniverseResult *r = self->result;
  guint n = r != NULL && gtk_expander_get_expanded (self->symbols_expander) ? r->symbols->len : 0;
  g_auto(GStrv) indices = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    indices[i] = g_strdup_printf ("%u", i);
  GtkStringList *items = gtk_string_list_new ((const char *const *) indices);
  g_autoptr(GtkSelectionModel) selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (items)));
  gtk_column_view_set_model (self->symbols_view, selection);
}

static void
show_symbols (BkUniverseView *self)
{
  const BkUniverseResult *r = self->result;
  guint n = r != NULL ? r->symbols->len : 0;
  g_autofree char *count = bk_format_count (n);
  /* TRANSLATORS: the heading of the per-symbol table; the number of symbols. */
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s symbol: rows and dates",
                                                         "%s symbols: rows and dates", n),
                                            count);

  gtk_expander_set_label (self->symbols_expander, label);
  gtk_widget_set_visible (GTK_WIDGET (self->symbols_expander), n > 0);
  fill_symbols (self);
}

static void
show_skipped (BkUniverseView *self)
{
  gtk_label_set_text (self->skipped_label, self->skipped_live->str);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), self->skipped_live->len > 0);
}

static void
show_result (BkUniverseView *self)
{
  const BkUniverseResult *r = self->result;

  show_fit (self);
  show_symbols (self);
  gtk_widget_set_visible (self->compare_box, self->compared);
  bk_universe_view_fill_compare (self);
  if (r == NULL)
    return;

  g_autofree char *peak = bk_format_bytes (r->peak_rss_bytes);
  g_autofree char *start = bk_format_bytes (r->start_rss_bytes);
  g_autofree char *r2 = self->fit != NULL && self->fit->has_test_r2
                        ? g_strdup_printf (_("; test R² %.4f (BMA), %.4f (best model)"), self->fit->test_r2_bma,
                                           self->fit->test_r2_best)
                        : g_strdup ("");
  guint64 train = bk_universe_rows_total (r, TRUE), test = bk_universe_rows_total (r, FALSE);
  g_autofree char *n_used = bk_format_count (r->symbols->len);
  g_autofree char *n_skipped = bk_format_count (r->skipped->len);
  g_autofree char *n_train = bk_format_count (train);
  g_autofree char *n_test = bk_format_count (test);
  g_autofree char *n_bars = bk_format_count (r->bars);
  /* TRANSLATORS: the start of a universe run's summary: symbols used
   * and skipped, e.g. "300 symbols used, 1 skipped". */
  g_autofree char *symbols = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s symbol used, %s skipped",
                                                           "%s symbols used, %s skipped", r->symbols->len),
                                              n_used, n_skipped);
  /* TRANSLATORS: rows to train the model on, and to test it on. */
  g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row to train on, %s to test",
                                                        "%s rows to train on, %s to test", train),
                                           n_train, n_test);
  /* TRANSLATORS: bars processed, and in how many seconds. */
  g_autofree char *bars = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s bar in %.2f s", "%s bars in %.2f s",
                                                        r->bars),
                                           n_bars, r->elapsed);
  /* TRANSLATORS: a universe run's summary: symbols used and skipped, rows,
   * bars and time (each said above), resident memory at the start and at
   * the peak, test R². */
  g_autofree char *summary = g_strdup_printf (_("%s; %s; %s; resident memory %s at the start, %s at the peak%s"),
                                              symbols, rows, bars, start, peak, r2);
  gtk_label_set_text (self->summary_label, summary);

  /* The final list, in file order. */
  g_string_truncate (self->skipped_live, 0);
  for (guint i = 0; i < r->skipped->len; i++)
    g_string_append_printf (self->skipped_live, "%s%s", i > 0 ? "\n" : _("Skipped:\n"),
                            g_array_index (r->skipped, BkUniverseSkip, i).error);
  show_skipped (self);
}

/* ---- running ------------------------------------------------------------ */

/* The growth warning (NULL: none): an AdwBanner with libadwaita 1.3 and
 * later, a revealed line before. */
static void
show_warning (BkUniverseView *self, const char *text)
{
  gtk_label_set_text (self->warning_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->warning_revealer, text != NULL);
#if ADW_CHECK_VERSION (1, 3, 0)
  g_autofree char *markup = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_banner_set_title (self->warning_banner, markup);
  adw_banner_set_revealed (self->warning_banner, text != NULL);
#endif
}

typedef struct {
  BkUniverseProgress progress;
  char **new_skips;             /* copies of the reported skips' errors */
  gboolean has_cleanup;
  BkUniverseCleanupRecord cleanup;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_strfreev (report->new_skips);
  g_free (report);
}

static void
on_job_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  BkUniverseView *self = BK_UNIVERSE_VIEW (user_data);
  const Report *report = data;
  const BkUniverseProgress *p = &report->progress;

  /* A late report of a run that has already ended changes nothing. */
  if (self->job != job)
    return;
  self->last = *p;
  Point point = { p->elapsed, p->rss_bytes, p->cells, p->chunk };
  bk_universe_view_add_point (self, &point, report->has_cleanup ? &report->cleanup : NULL);
  for (guint i = 0; report->new_skips != NULL && report->new_skips[i] != NULL; i++)
    g_string_append_printf (self->skipped_live, "%s%s", self->skipped_live->len > 0 ? "\n" : _("Skipped:\n"),
                            report->new_skips[i]);
  if (report->new_skips != NULL)
    show_skipped (self);

  double fraction = p->n_symbols > 0 ? (double) p->symbols_done / p->n_symbols : 0.0;
  double left = fraction > 0.01 ? p->elapsed * (1.0 - fraction) / fraction : 0.0;
  g_autofree char *rss = bk_format_bytes (p->rss_bytes);
  g_autofree char *done = bk_format_count (p->symbols_done);
  g_autofree char *all = bk_format_count (p->n_symbols);
  g_autofree char *speed = bk_format_number (p->bars_per_second, 0, FALSE);
  /* TRANSLATORS: a universe run's progress: symbols done of all, chunk k
   * of n, bars a second, seconds left, resident memory. */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%s of %s symbol · chunk %u of %u · %s bars/s · %.0f s left · %s",
                                                        "%s of %s symbols · chunk %u of %u · %s bars/s · %.0f s left · %s",
                                                        p->n_symbols),
                                           done, all, p->chunk, p->n_chunks, speed, ceil (left), rss);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_text (self->progress_label, text);
  if (p->warning)
    {
      g_autofree char *growth = bk_format_bytes (p->rss_bytes > self->start_rss ? p->rss_bytes - self->start_rss : 0);
      g_autofree char *cells = bk_format_count (p->cells);
      /* TRANSLATORS: a growth warning: the chunk, the growth of resident
       * memory, the cells the runs held then. */
      g_autofree char *warning = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Memory grew by %s in chunk %u, past the warning "
                                                               "threshold; the runs alive held %s cell",
                                                               "Memory grew by %s in chunk %u, past the warning "
                                                               "threshold; the runs alive held %s cells",
                                                               p->cells),
                                                  growth, p->chunk, cells);
      show_warning (self, warning);
      self->n_warnings++;
    }
}

/* On the worker thread: every report reaches the window (each is a point
 * of the timeline, and some carry skips, clean-ups and warnings). */
static void
on_universe_progress_cb (const BkUniverseProgress *progress, gpointer user_data)
{
  Report *report = g_new0 (Report, 1);

  report->progress = *progress;
  report->progress.new_skips = NULL;
  report->progress.cleanup = NULL;
  if (progress->n_new_skips > 0)
    {
      report->new_skips = g_new0 (char *, progress->n_new_skips + 1);
      for (guint i = 0; i < progress->n_new_skips; i++)
        report->new_skips[i] = g_strdup (progress->new_skips[i].error);
    }
  if (progress->cleanup != NULL)
    {
      report->has_cleanup = TRUE;
      report->cleanup = *progress->cleanup;
    }
  bk_job_post_progress (BK_JOB (user_data), report, report_free, FALSE);
}

static gboolean
universe_job_cb (BkJob *bk_job, gpointer data, GError **error)
{
  Job *job = data;

  job->result = bk_universe_run (job->model, job->source, &job->options, on_universe_progress_cb, bk_job,
                                 bk_job_get_cancel_flag (bk_job), error);
  if (job->result == NULL)
    return FALSE;
  /* The "before" of a comparison is there for its memory, not its fit. */
  if (job->phase == PHASE_BEFORE)
    return TRUE;
  job->fit = bk_universe_fit (job->result, error);
  return job->fit != NULL;
}

static void start_job (BkUniverseView *self, Phase phase);

static void
keep_series (BkUniverseView *self, Series *series, const Job *job)
{
  series_clear (series);
  series->points = g_array_copy (self->points);
  series->peak_rss_bytes = job->result->peak_rss_bytes;
  series->elapsed = job->result->elapsed;
  series->mode = job->options.mode;
  series->chunk = job->options.chunk;
}

static void
on_job_finished_cb (BkJob *bk_job, const GError *error, gpointer user_data)
{
  BkUniverseView *self = BK_UNIVERSE_VIEW (user_data);
  g_autoptr(BkJob) ended = g_steal_pointer (&self->job);
  Job *job = bk_job_get_data (bk_job);

  if (error != NULL)
    {
      /* No result is presented as complete: the fit, the tables and the
       * comparison of a previous run go too. */
      g_clear_pointer (&self->result, bk_universe_result_free);
      g_clear_pointer (&self->fit, bk_bma_result_free);
      self->compared = FALSE;
      show_result (self);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_RESULT]);
    }
  if (bk_job_get_state (bk_job) == BK_JOB_CANCELLED)
    {
      g_autofree char *done = bk_format_count (self->last.symbols_done);
      g_autofree char *all = bk_format_count (self->last.n_symbols);
      /* TRANSLATORS: a universe run stopped: symbols done, of all. */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after %s of %s symbol; no results",
                                                            "Stopped after %s of %s symbols; no results",
                                                            self->last.n_symbols),
                                               done, all);
      gtk_label_set_text (self->summary_label, text);
      set_state (self, BK_JOB_CANCELLED);
      return;
    }
  if (error != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->summary_label, error->message);
      set_state (self, BK_JOB_FAILED);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  if (job->phase == PHASE_BEFORE)
    {
      keep_series (self, &self->before, job);
      start_job (self, PHASE_AFTER);
      return;
    }
  if (job->phase == PHASE_AFTER)
    {
      keep_series (self, &self->after, job);
      self->compared = TRUE;
    }
  g_clear_pointer (&self->result, bk_universe_result_free);
  g_clear_pointer (&self->fit, bk_bma_result_free);
  self->result = g_steal_pointer (&job->result);
  self->fit = g_steal_pointer (&job->fit);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  set_state (self, BK_JOB_FINISHED);
  show_result (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_RESULT]);
}

/* The model chosen, with the split the entry gives. */
static BkModel *
load_model (BkUniverseView *self, GError **error)
{
  g_autoptr(BkModel) model = self->model_path != NULL ? bk_model_new_from_file (self->model_path, error)
                                                      : bk_model_new_builtin ("seed-features", error);
  const char *split = gtk_editable_get_text (GTK_EDITABLE (self->split_entry));
  double datetime;

  if (model == NULL)
    return NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (split));
  if (*trimmed != '\0')
    {
      if (!bk_model_parse_date (trimmed, &datetime, error))
        return NULL;
      bk_model_set_split (model, TRUE, datetime);
    }
  return g_steal_pointer (&model);
}

static void
start_job (BkUniverseView *self, Phase phase)
{
  g_autoptr(GError) error = NULL;
  BkModel *model = load_model (self, &error);

  if (model == NULL)
    {
      set_state (self, BK_JOB_FAILED);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }

  Job *job = g_new0 (Job, 1);
  job->view = g_object_ref (self);
  job->model = model;
  job->source = g_strdup (self->source);
  job->phase = phase;
  bk_universe_options_init (&job->options);
  job->options.chunk = (guint) gtk_spin_button_get_value_as_int (self->chunk_spin);
  job->options.jobs = (guint) gtk_spin_button_get_value_as_int (self->jobs_spin);
  job->options.mode = bk_mode_choice_get (gtk_drop_down_get_selected (self->mode_dropdown));
  job->options.precision = gtk_drop_down_get_selected (self->precision_dropdown) == 1 ? BK_PRECISION_F32
                                                                                      : BK_PRECISION_F64;
  job->options.cleanup = cleanup_order[MIN (gtk_drop_down_get_selected (self->cleanup_dropdown),
                                            G_N_ELEMENTS (cleanup_order) - 1)];
  job->options.warn_growth_bytes = (guint64) gtk_spin_button_get_value_as_int (self->warn_spin) * 1000000;
  job->options.background = TRUE;
  if (phase == PHASE_BEFORE)
    {
      /* Seed 000 before its fixes: everything at once, kept to the end. */
      job->options.mode = BK_MODE_KEEP_ALL;
      job->options.chunk = 0;
      job->options.cleanup = BK_CLEANUP_OFF;
    }
  self->job = bk_job_new ("barkeep-universe", universe_job_cb, job, (GDestroyNotify) job_free);
  g_signal_connect (self->job, "progress", G_CALLBACK (on_job_progress_cb), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished_cb), self);
  self->warn_bytes = job->options.warn_growth_bytes;
  self->start_rss = bk_process_rss_bytes ();
  self->n_warnings = 0;
  memset (&self->last, 0, sizeof self->last);
  bk_universe_view_begin_timeline (self);
  g_string_truncate (self->skipped_live, 0);
  show_skipped (self);
  show_warning (self, NULL);
  gtk_label_set_text (self->summary_label,
                      phase == PHASE_BEFORE  ? _("Running without the memory savings: mode 0, one chunk, no clean-up…")
                      : phase == PHASE_AFTER ? _("Running with these settings…")
                                             : _("Running…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, "");
  gtk_stack_set_visible_child_name (self->stack, "results");
  set_state (self, BK_JOB_RUNNING);
  bk_job_start (self->job);
}

/* A new run: what was shown of the last goes. */
static void
begin (BkUniverseView *self, Phase phase)
{
  if (self->job != NULL || self->source == NULL)
    return;
  g_clear_pointer (&self->result, bk_universe_result_free);
  g_clear_pointer (&self->fit, bk_bma_result_free);
  self->compared = FALSE;
  show_result (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_RESULT]);
  start_job (self, phase);
}

void
bk_universe_view_start (BkUniverseView *self)
{
  g_return_if_fail (BK_IS_UNIVERSE_VIEW (self));
  begin (self, PHASE_SINGLE);
}

void
bk_universe_view_compare_memory (BkUniverseView *self)
{
  g_return_if_fail (BK_IS_UNIVERSE_VIEW (self));
  begin (self, PHASE_BEFORE);
}

void
bk_universe_view_stop (BkUniverseView *self)
{
  if (self->job != NULL)
    bk_job_cancel (self->job);
}

gboolean
bk_universe_view_is_running (BkUniverseView *self)
{
  return self->job != NULL;
}

void
bk_universe_view_set_source (BkUniverseView *self, const char *source)
{
  g_free (self->source);
  self->source = g_strdup (source);
  gtk_label_set_text (self->source_label, source != NULL ? source : _("No folder chosen"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), source);
  bk_universe_view_update_actions (self);
}

const char *
bk_universe_view_get_source (BkUniverseView *self)
{
  return self->source;
}

gboolean
bk_universe_view_set_model_file (BkUniverseView *self, const char *path, GError **error)
{
  g_autoptr(BkModel) model = path != NULL ? bk_model_new_from_file (path, error) : bk_model_new_builtin ("seed-features", error);

  if (model == NULL)
    return FALSE;
  g_free (self->model_path);
  self->model_path = g_strdup (path);
  gtk_label_set_text (self->model_label, bk_model_get_name (model));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_label), path);
  return TRUE;
}

void
bk_universe_view_set_chunk (BkUniverseView *self, guint chunk)
{
  gtk_spin_button_set_value (self->chunk_spin, chunk);
}

void
bk_universe_view_set_jobs (BkUniverseView *self, guint jobs)
{
  gtk_spin_button_set_value (self->jobs_spin, jobs);
}

void
bk_universe_view_set_mode (BkUniverseView *self, BkMode mode)
{
  gtk_drop_down_set_selected (self->mode_dropdown, bk_mode_choice_index (mode));
}

void
bk_universe_view_set_warn_growth_mb (BkUniverseView *self, guint mb)
{
  gtk_spin_button_set_value (self->warn_spin, mb);
}

const BkUniverseResult *
bk_universe_view_get_result (BkUniverseView *self)
{
  return self->result;
}

const BkBmaResult *
bk_universe_view_get_fit (BkUniverseView *self)
{
  return self->fit;
}

BkJobState
bk_universe_view_get_state (BkUniverseView *self)
{
  return self->state;
}

const char *
bk_universe_view_get_summary (BkUniverseView *self)
{
  return gtk_label_get_text (self->summary_label);
}

const char *
bk_universe_view_get_warning (BkUniverseView *self)
{
  return gtk_revealer_get_reveal_child (self->warning_revealer) ? gtk_label_get_text (self->warning_label) : NULL;
}

const char *
bk_universe_view_get_skipped (BkUniverseView *self)
{
  return self->skipped_live->str;
}

guint
bk_universe_view_get_n_points (BkUniverseView *self)
{
  return self->points->len;
}

guint
bk_universe_view_get_n_warnings (BkUniverseView *self)
{
  return self->n_warnings;
}

gboolean
bk_universe_view_get_compared (BkUniverseView *self, guint64 peak_rss[2], double elapsed[2])
{
  if (!self->compared)
    return FALSE;
  peak_rss[0] = self->before.peak_rss_bytes;
  peak_rss[1] = self->after.peak_rss_bytes;
  elapsed[0] = self->before.elapsed;
  elapsed[1] = self->after.elapsed;
  return TRUE;
}

/* ---- exports ------------------------------------------------------------ */

gboolean
bk_universe_view_export (BkUniverseView *self, const char *path, GError **error)
{
  const BkUniverseResult *r = self->result;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (r != NULL && self->fit != NULL, FALSE);
  if (g_str_has_suffix (path, ".json"))
    {
      g_autofree char *json = bk_universe_format_json (r, self->fit);
      g_string_append_printf (out, "%s\n", json);
    }
  else
    {
      /* One row a feature: its probability and coefficient. */
      g_string_append (out, "feature,pip,mean,sd\n");
      for (guint j = 0; j < r->n_features; j++)
        g_string_append_printf (out, "%s,%.17g,%.17g,%.17g\n", r->features[j], self->fit->pip[j], self->fit->mean[j],
                                self->fit->sd[j]);
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

gboolean
bk_universe_view_export_stats (BkUniverseView *self, const char *path, GError **error)
{
  g_return_val_if_fail (self->result != NULL, FALSE);
  return bk_universe_write_stats (self->result, path, error);
}

/* ---- the class ---------------------------------------------------------- */

static void
bk_universe_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkUniverseView *self = BK_UNIVERSE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HAS_RESULT:
      g_value_set_boolean (value, self->result != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_universe_view_dispose (GObject *object)
{
  BkUniverseView *self = BK_UNIVERSE_VIEW (object);

  bk_universe_view_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_UNIVERSE_VIEW);
  g_clear_pointer (&self->result, bk_universe_result_free);
  g_clear_pointer (&self->fit, bk_bma_result_free);
  G_OBJECT_CLASS (bk_universe_view_parent_class)->dispose (object);
}

static void
bk_universe_view_finalize (GObject *object)
{
  BkUniverseView *self = BK_UNIVERSE_VIEW (object);

  g_array_unref (self->points);
  g_string_free (self->skipped_live, TRUE);
  series_clear (&self->before);
  series_clear (&self->after);
  g_free (self->source);
  g_free (self->model_path);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (bk_universe_view_parent_class)->finalize (object);
}

static void
bk_universe_view_class_init (BkUniverseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_universe_view_get_property;
  object_class->dispose = bk_universe_view_dispose;
  object_class->finalize = bk_universe_view_finalize;
  /* Of the last run (both of "Compare memory"): cancelled when it was
   * stopped. */
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* A run could not go: the message names file, line and column. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (BK_TYPE_TIMELINE_PLOT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-universe-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, box);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, source_label);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, model_label);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, split_entry);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, chunk_spin);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, jobs_spin);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, precision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, cleanup_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, warn_spin);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, warning_label);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, stack);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, timeline_chart);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, compare_box);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, compare_chart);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, fit_box);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, pip_chart);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, coef_grid);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, models_grid);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, symbols_expander);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, symbols_view);
  gtk_widget_class_bind_template_child (widget_class, BkUniverseView, skipped_label);
}

/* Jobs 0 says what it means: a worker for each processor, and how many. */
static gboolean
on_jobs_output_cb (GtkSpinButton *spin, gpointer user_data)
{
  int jobs = gtk_spin_button_get_value_as_int (spin);
  /* TRANSLATORS: the Jobs field at 0: a worker for each of the processors. */
  g_autofree char *text = jobs == 0 ? g_strdup_printf (_("all (%u)"), g_get_num_processors ())
                                    : g_strdup_printf ("%d", jobs);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* What on_jobs_output_cb writes reads back as 0; a number as itself. */
static int
on_jobs_input_cb (GtkSpinButton *spin, double *value, gpointer user_data)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));
  g_autofree char *all = g_strdup_printf (_("all (%u)"), g_get_num_processors ());
  char *end = NULL;
  guint64 jobs;

  if (g_str_equal (text, all) || *text == '\0')
    {
      *value = 0;
      return TRUE;
    }
  jobs = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0')
    return GTK_INPUT_ERROR;
  *value = (double) jobs;
  return TRUE;
}

const char *
bk_universe_view_get_jobs_text (BkUniverseView *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->jobs_spin));
}

static void
bk_universe_view_init (BkUniverseView *self)
{
  /* TRANSLATORS: after each chunk: the three kinds of clean-up. */
  const char *cleanups[] = { N_("Clean up: normal"), N_("Clean up: forced"), N_("Clean up: off"), NULL };
  const char *precisions[] = { "f64", "f32", NULL };
  g_autoptr(GtkStringList) cleanup_list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  bk_universe_view_init_actions (self);
#if ADW_CHECK_VERSION (1, 3, 0)
  self->warning_banner = ADW_BANNER (adw_banner_new (""));
  gtk_widget_insert_after (GTK_WIDGET (self->warning_banner), self->box, GTK_WIDGET (self->warning_revealer));
  gtk_widget_set_visible (GTK_WIDGET (self->warning_revealer), FALSE);
#endif
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->skipped_live = g_string_new (NULL);
  g_autoptr(GtkStringList) modes = bk_mode_choices_new ();
  gtk_drop_down_set_model (self->mode_dropdown, G_LIST_MODEL (modes));
  gtk_drop_down_set_selected (self->mode_dropdown, bk_mode_choice_index (BK_MODE_MINIMAL));
  g_autoptr(GtkStringList) precision_list = gtk_string_list_new (precisions);
  gtk_drop_down_set_model (self->precision_dropdown, G_LIST_MODEL (precision_list));
  for (guint i = 0; cleanups[i] != NULL; i++)
    gtk_string_list_append (cleanup_list, _(cleanups[i]));
  gtk_drop_down_set_model (self->cleanup_dropdown, G_LIST_MODEL (cleanup_list));
  g_signal_connect (self->jobs_spin, "output", G_CALLBACK (on_jobs_output_cb), NULL);
  g_signal_connect (self->jobs_spin, "input", G_CALLBACK (on_jobs_input_cb), NULL);
  on_jobs_output_cb (self->jobs_spin, NULL);
  bk_universe_view_init_charts (self);
  add_symbol_column (self, _("Symbol"), SYMBOL_NAME);
  add_symbol_column (self, _("Rows to train"), SYMBOL_TRAIN);
  add_symbol_column (self, _("Rows to test"), SYMBOL_TEST);
  add_symbol_column (self, _("First"), SYMBOL_FIRST);
  add_symbol_column (self, _("Last"), SYMBOL_LAST);
  bk_universe_view_set_source (self, NULL);
  bk_universe_view_set_model_file (self, NULL, NULL);
  g_signal_connect (self, "notify::state", G_CALLBACK (bk_universe_view_update_actions), NULL);
  g_signal_connect (self, "notify::has-result", G_CALLBACK (bk_universe_view_update_actions), NULL);
  g_signal_connect_swapped (self->symbols_expander, "notify::expanded", G_CALLBACK (fill_symbols), self);
  bk_universe_view_update_actions (self);
}

/* The universe has its own settings: none of the toolbar's are its. */
static void
bk_universe_view_view_init (BkViewInterface *iface)
{
  iface->run_label = N_("_Run");
  iface->run_tooltip = N_("Run the universe (F5)");
  iface->get_actions = (gpointer) bk_universe_view_get_actions;
  iface->is_running = (gpointer) bk_universe_view_is_running;
}
