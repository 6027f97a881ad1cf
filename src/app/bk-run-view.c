/* bk-run-view.c — the Run view.
 *
 * A run goes on its own thread (a BkJob).  The worker posts copies of the
 * memory report to the main loop several times a second; the chart reads
 * the run's whole lines directly, below their published lengths.  Stop
 * cancels the job, which raises the flag the run looks at every thousand
 * bars.
 * The previous result stays on screen until a new run has succeeded. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "bk-error.h"
#include "bk-export.h"
#include "bk-file-dialog.h"
#include "bk-format.h"
#include "bk-job.h"
#include "bk-live-run.h"
#include "bk-report.h"
#include "bk-run-view.h"
#include "bk-run-view-private.h"
#include "bk-parameter-panel.h"
#include "bk-settings.h"
#include "bk-source.h"
#include "bk-strategy-document.h"
#include "bk-strategy-editor.h"
#include "bk-thread.h"
#include "bk-view.h"

static void bk_run_view_view_init (BkViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BkRunView, bk_run_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BK_TYPE_VIEW, bk_run_view_view_init))

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_FAILED, SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
run_job_free (RunJob *job)
{
  g_clear_object (&job->data);
  g_clear_pointer (&job->live, bk_run_live_free);
  g_clear_pointer (&job->run, bk_run_free);
  g_clear_pointer (&job->source, bk_source_free);
  g_clear_object (&job->view);
  g_free (job);
}

static void
pending_run_free (PendingRun *pending)
{
  g_clear_object (&pending->data);
  g_clear_pointer (&pending->strategy, bk_strategy_unref);
  g_free (pending);
}

static void
toast (BkRunView *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
enable_action (BkRunView *self, const char *name, gboolean enabled)
{
  /* None after dispose, when a job that ended late tells its end. */
  if (self->actions == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name)),
                               enabled);
}

/* Run while none goes, Stop while one does; the exports of a run shown. */
static void
update_actions (BkRunView *self)
{
  gboolean plotted = self->shown != NULL && bk_graph_get_mode (bk_run_get_graph (self->shown)) != BK_MODE_MINIMAL;

  enable_action (self, "run", self->job == NULL);
  enable_action (self, "stop", self->job != NULL);
  enable_action (self, "follow", self->job == NULL);
  enable_action (self, "export-chart", plotted);
  enable_action (self, "export-report", self->shown != NULL);
}

/* Whatever shows of the view (its actions, the data's name in the
 * window) may have changed. */
static void
changed (BkRunView *self)
{
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

RunJob *
bk_run_view_running (BkRunView *self)
{
  return self->job != NULL ? bk_job_get_data (self->job) : NULL;
}

static void
set_state (BkRunView *self, BkJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

/* ---- on screen ---------------------------------------------------------- */

/* The run on screen was made with another mode, precision or strategy
 * than the ones now chosen: it says so until the next run. */
static void
update_stale (BkRunView *self)
{
  BkRun *run = self->shown;
  gboolean stale = FALSE;

  BkStrategy *strategy = self->document != NULL ? bk_strategy_document_get_strategy (self->document) : NULL;

  if (run != NULL && self->job == NULL && strategy != NULL)
    {
      BkGraph *graph = bk_run_get_graph (run);

      stale = bk_graph_get_mode (graph) != self->chosen_mode
              || bk_graph_get_precision (graph) != self->chosen_precision
              || bk_run_get_strategy (run) != strategy;
      if (stale)
        {
          /* TRANSLATORS: the run on screen was made with other settings:
           * its mode, precision and strategy. */
          g_autofree char *text = g_strdup_printf (_("Showing the run in mode %d, %s, of %s: Run (F5) to update"),
                                                   (int) bk_graph_get_mode (graph),
                                                   bk_graph_get_precision (graph) == BK_PRECISION_F64 ? "f64" : "f32",
                                                   bk_strategy_get_name (bk_run_get_strategy (run)));
          gtk_label_set_text (self->stale_label, text);
        }
    }
  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
}

/* Puts `run` on screen: the chart when its mode keeps plotted lines whole,
 * the explanation when it does not, its memory report and its results. */
static void
show_run (BkRunView *self, BkRun *run)
{
  if (run == NULL)
    {
      bk_chart_set_run (self->chart, NULL);
      bk_memory_panel_set_report (self->memory_panel, NULL);
      bk_results_panel_set_run (self->results_panel, NULL);
      gtk_stack_set_visible_child_name (self->chart_stack, "empty");
    }
  else
    {
      /* Mode 1 has no chart, unless a live run kept its newest bars. */
      BkDisplayRing *ring = bk_run_view_get_display_ring (self, run);
      gboolean plotted = ring != NULL || bk_graph_get_mode (bk_run_get_graph (run)) != BK_MODE_MINIMAL;

      if (ring != NULL)
        bk_chart_set_display_ring (self->chart, ring);
      else
        bk_chart_set_run (self->chart, plotted ? run : NULL);
      gtk_stack_set_visible_child_name (self->chart_stack, plotted ? "chart" : "no-plot");
      bk_memory_panel_set_report (self->memory_panel, bk_report_new (run));
      bk_run_view_show_display_cells (self, run);
      /* The broker is the worker's while the run goes: results once it ends. */
      bk_results_panel_set_run (self->results_panel, self->job != NULL && bk_run_view_running (self)->run == run ? NULL : run);
    }
  update_stale (self);
  bk_run_view_update_memory (self);
  changed (self);
}

/* Bars a second as the language counts large numbers: in millions, or
 * in Chinese in 万 (ten thousands). */
static char *
format_speed (double bars_per_second)
{
  /* Translators: the unit speeds are counted in: "1000000" (millions,
   * as in "3.1 M bars/s"), or "10000" for 万. */
  double scale = g_ascii_strtod (C_("bars per second scale", "1000000"), NULL);

  if (!(scale >= 1))
    scale = 1e6;
  /* Translators: a speed in the unit above, e.g. "3.1 M bars/s" or "310 万根/秒". */
  return g_strdup_printf (C_("bars per second", "%.1f M bars/s"), bars_per_second / scale);
}

/* "4,965 bars". */
static char *
format_bars (guint64 bars)
{
  g_autofree char *count = bk_format_count (bars);

  /* TRANSLATORS: a number of bars, e.g. "4,965 bars". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s bar", "%s bars", bars), count);
}

static void
show_progress (BkRunView *self, guint64 bars, double fraction, double elapsed)
{
  g_autofree char *text = NULL;
  g_autofree char *counted = format_bars (bars);

  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  if (elapsed > 0 && fraction > 0.01 && fraction < 1.0 && self->job != NULL)
    {
      /* Going: how far, and how long it has left at its pace so far. */
      g_autofree char *speed = format_speed (bars / elapsed);
      double left = elapsed * (1.0 - fraction) / fraction;
      /* Translators: run progress: percent done, bars so far ("901,120
       * bars"), speed, and seconds left, e.g. "45 % · 901,120 bars ·
       * 0.6 M bars/s · 2 s left" */
      text = g_strdup_printf (_("%.0f %% · %s · %s · %.0f s left"), fraction * 100.0, counted, speed, ceil (left));
    }
  else if (elapsed > 0)
    {
      g_autofree char *speed = format_speed (bars / elapsed);
      text = g_strdup_printf ("%s · %s", counted, speed);
    }
  else
    text = g_steal_pointer (&counted);
  gtk_label_set_text (self->progress_label, text);
}

static void
clear_progress (BkRunView *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, "");
}

/* ---- the worker -------------------------------------------------------- */

/* How long the main loop waits for a run it has just started. */
#define SHORT_RUN_WAIT_US (8 * 1000)

typedef struct {
  BkReport *report;
  guint64 bars;
  double fraction;
  double elapsed;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_clear_pointer (&progress->report, bk_report_free);
  g_free (progress);
}

/* The window takes a run in at its first report or its end: the
 * timeline from its start, then what it reports. */
static void
follow_run (BkRunView *self, RunJob *run_job)
{
  run_job->shown = TRUE;
  bk_memory_panel_clear_timeline (self->memory_panel, bk_graph_get_mode (bk_run_get_graph (run_job->run)));
  bk_memory_panel_add_sample (self->memory_panel, 0, run_job->start_cells, run_job->start_rss);
}

static void
on_job_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  BkRunView *self = BK_RUN_VIEW (user_data);
  Progress *progress = data;

  /* A late report of a run that has already ended changes nothing. */
  if (self->job != job)
    return;
  RunJob *run_job = bk_job_get_data (job);
  if (!run_job->shown)
    {
      /* A run that outlasts its first report is followed from now on. */
      follow_run (self, run_job);
      show_run (self, run_job->run);
    }
  guint64 cells = progress->report->total_cells;
  bk_memory_panel_set_report (self->memory_panel, g_steal_pointer (&progress->report));
  bk_run_view_update_memory (self);
  bk_memory_panel_add_sample (self->memory_panel, progress->bars, cells,
                              bk_memory_panel_get_split (self->memory_panel)->rss_bytes);
  show_progress (self, progress->bars, progress->fraction, progress->elapsed);
  bk_chart_refresh (self->chart);
}

/* On the worker thread, a few times a second: each report replaces one
 * the window has not taken yet. */
static void
on_run_progress_cb (BkRun *run, gpointer user_data)
{
  RunJob *run_job = bk_job_get_data (BK_JOB (user_data));

  /* The last report, as the run ends, would only be shown once more at
   * once by the end itself. */
  if (bk_run_get_fraction (run) >= 1.0)
    return;
  /* A run that outlasts its first report yields to the window from now
   * on; a short one (a slider's) keeps the priority of the change that
   * started it: lowered, it waited behind every other process. */
  if (!run_job->yielding)
    {
      run_job->yielding = TRUE;
      bk_thread_lower_priority ();
    }

  Progress *progress = g_new0 (Progress, 1);
  progress->report = bk_report_new (run);
  progress->bars = bk_run_get_bars (run);
  progress->fraction = bk_run_get_fraction (run);
  progress->elapsed = bk_run_get_elapsed (run);
  bk_job_post_progress (BK_JOB (user_data), progress, progress_free, TRUE);
}

static gboolean
run_job_cb (BkJob *job, gpointer data, GError **error)
{
  RunJob *run_job = data;

  /* The thread is the job's own: the progress may lower its priority. */
  return bk_run_execute (run_job->run, run_job->source, bk_job_get_cancel_flag (job), error);
}

static void do_cleanup (BkRunView *self, gboolean force);

static void
fail (BkRunView *self, const char *message)
{
  set_state (self, BK_JOB_FAILED);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

static void
on_job_finished_cb (BkJob *job, const GError *error, gpointer user_data)
{
  BkRunView *self = BK_RUN_VIEW (user_data);
  g_autoptr(BkJob) ended = g_steal_pointer (&self->job);
  RunJob *run_job = bk_job_get_data (job);

  g_clear_pointer (&run_job->source, bk_source_free);

  if (self->pending != NULL && bk_job_get_state (job) != BK_JOB_FAILED)
    {
      /* A newer change stopped it: what it computed is stale. */
      PendingRun *pending = g_steal_pointer (&self->pending);

      bk_run_view_start (self, pending->strategy, pending->data, pending->mode, pending->precision);
      pending_run_free (pending);
      return;
    }
  if (bk_job_get_state (job) != BK_JOB_FAILED)
    {
      /* A stopped run shows what it computed, and says so. */
      g_clear_pointer (&self->shown, bk_run_free);
      self->shown = bk_run_ref (run_job->run);
      g_set_object (&self->shown_data, run_job->data);
      set_state (self, bk_job_get_state (job));
      if (!run_job->shown)
        follow_run (self, run_job);
      show_run (self, self->shown);
      bk_memory_panel_add_sample (self->memory_panel, bk_run_get_bars (run_job->run), bk_run_get_cells (run_job->run),
                                  bk_memory_panel_get_split (self->memory_panel)->rss_bytes);
      show_progress (self, bk_run_get_bars (run_job->run), error == NULL ? 1.0 : bk_run_get_fraction (run_job->run),
                     bk_run_get_elapsed (run_job->run));
      if (error != NULL)
        {
          guint64 bars = bk_run_get_bars (run_job->run);
          g_autofree char *count = bk_format_count (bars);
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after %s bar",
                                                                "Stopped after %s bars", bars),
                                                   count);
          toast (self, text);
        }
    }
  else
    {
      /* Bad input: say where, and put the previous result back. */
      show_run (self, self->shown);
      clear_progress (self);
      fail (self, error->message);
    }
  changed (self);
  if (self->cleanup_pending)
    do_cleanup (self, self->cleanup_force_pending);
  if (self->pending != NULL)
    {
      PendingRun *pending = g_steal_pointer (&self->pending);

      bk_run_view_start (self, pending->strategy, pending->data, pending->mode, pending->precision);
      pending_run_free (pending);
    }
}

void
bk_run_view_start (BkRunView *self, BkStrategy *strategy, GFile *data, BkMode mode, BkPrecision precision)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BK_IS_RUN_VIEW (self));
  if (strategy == NULL)
    return;
  if (self->job != NULL)
    {
      /* The new run starts as soon as the current one has stopped. */
      g_clear_pointer (&self->pending, pending_run_free);
      self->pending = g_new0 (PendingRun, 1);
      *self->pending = (PendingRun) { bk_strategy_ref (strategy), data != NULL ? g_object_ref (data) : NULL, mode,
                                      precision };
      if (!g_cancellable_is_cancelled (bk_job_get_cancellable (self->job)))
        self->n_superseded++;
      bk_run_view_stop (self);
      return;
    }
  path = data != NULL ? g_file_get_path (data) : bk_source_find_sample (&error);
  if (path == NULL)
    {
      fail (self, error != NULL ? error->message : _("The file has no local path"));
      return;
    }
  BkSource *source = bk_source_new_csv (path, NULL, &error);
  BkRun *run = source != NULL ? bk_run_new (strategy, mode, precision, &error) : NULL;
  if (run == NULL)
    {
      g_clear_pointer (&source, bk_source_free);
      fail (self, error->message);
      changed (self);
      return;
    }

  bk_run_view_note_baseline (self);
  /* A run that ends is shown whole as it grows. */
  bk_chart_set_live_span (self->chart, 0);
  /* The first run is on its way: its chart, empty until it reports, in
   * place of the page that asks for data. */
  if (self->shown == NULL)
    gtk_stack_set_visible_child_name (self->chart_stack, "chart");
  RunJob *job = g_new0 (RunJob, 1);
  job->view = g_object_ref (self);
  job->run = run;
  job->source = source;
  job->data = data != NULL ? g_object_ref (data) : NULL;
  self->job = bk_job_new ("barkeep-run", run_job_cb, job, (GDestroyNotify) run_job_free);
  bk_run_set_progress_func (run, on_run_progress_cb, self->job);
  g_signal_connect (self->job, "progress", G_CALLBACK (on_job_progress_cb), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished_cb), self);
  set_state (self, BK_JOB_RUNNING);

  /* The window follows the run from its first report (1/8 s): until then
   * it shows the last run, so that a run that ends before (a slider's, on
   * a few thousand bars) costs one layout and one frame, not an empty
   * chart, timeline and progress drawn in between, which the end would
   * wait behind.  Only the actions change now (Stop). */
  job->start_cells = bk_run_get_cells (run);
  job->start_rss = bk_process_rss_bytes ();
  update_stale (self);
  changed (self);
  bk_job_start (self->job);
  /* A run of a few thousand bars (a slider's) ends in 2 or 3 ms: waited
   * for here, its result is shown in the frame that shows the change,
   * where otherwise that frame went first and the result's waited a whole
   * frame interval behind it.  A longer run goes on behind the window. */
  bk_job_wait_returned (self->job, SHORT_RUN_WAIT_US);
}

void
bk_run_view_run (BkRunView *self)
{
  const GError *error;

  g_return_if_fail (BK_IS_RUN_VIEW (self));
  if (self->document == NULL)
    return;
  /* The text as it is now, not as it was at the last idle. */
  bk_strategy_document_check_now (self->document);
  error = bk_strategy_document_get_error (self->document, NULL, NULL, NULL);
  if (error != NULL)
    {
      /* Nothing runs; the banner and the editor's status line say why. */
      fail (self, error->message);
      changed (self);
      return;
    }
  bk_run_view_start (self, bk_strategy_document_get_strategy (self->document), self->chosen_data, self->chosen_mode,
                     self->chosen_precision);
}

/* ---- the document -------------------------------------------------------- */

static void
on_document_checked_cb (BkRunView *self)
{
  update_stale (self);
}

/* The editor shows another document: it is what runs now. */
static void
on_editor_document_cb (BkRunView *self)
{
  BkStrategyDocument *document = bk_strategy_editor_get_document (self->editor);

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  g_signal_connect_swapped (document, "checked", G_CALLBACK (on_document_checked_cb), self);
  bk_parameter_panel_set_document (self->parameter_panel, document);
  update_stale (self);
}

void
bk_run_view_set_document (BkRunView *self, BkStrategyDocument *document)
{
  g_return_if_fail (BK_IS_RUN_VIEW (self));
  g_return_if_fail (BK_IS_STRATEGY_DOCUMENT (document));

  bk_strategy_editor_set_document (self->editor, document);
}

BkStrategyEditor *
bk_run_view_get_editor (BkRunView *self)
{
  return self->editor;
}

BkParameterPanel *
bk_run_view_get_parameter_panel (BkRunView *self)
{
  return self->parameter_panel;
}

guint
bk_run_view_get_n_superseded (BkRunView *self)
{
  return self->n_superseded;
}

gboolean
bk_run_view_close_request (BkRunView *self)
{
  return bk_strategy_editor_close_request (self->editor);
}

/* A slider moved: its number is in the text; run it at once, stopping a
 * run of the numbers before. */
static void
on_parameter_changed_cb (BkRunView *self)
{
  bk_run_view_run (self);
}

static void
on_editor_failed_cb (BkRunView *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

BkStrategyDocument *
bk_run_view_get_document (BkRunView *self)
{
  g_return_val_if_fail (BK_IS_RUN_VIEW (self), NULL);
  return self->document;
}

/* The toolbar's strategy: a built-in's file, or the file it was read from. */
static void
load_chosen_document (BkRunView *self, BkStrategy *strategy, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyDocument) document = NULL;

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      document = bk_strategy_document_new_from_file (file, &error);
    }
  else
    document = bk_strategy_document_new_builtin (bk_strategy_get_id (strategy), &error);
  if (document == NULL)
    {
      fail (self, error->message);
      return;
    }
  /* An edited document is saved or given up first. */
  bk_strategy_editor_replace_document (self->editor, document);
}

void
bk_run_view_show_strategy_error (BkRunView *self, const char *message)
{
  g_return_if_fail (BK_IS_RUN_VIEW (self));

  /* A result on screen stays there: the banner says what went wrong. */
  if (self->shown != NULL || self->job != NULL)
    return;
  /* TRANSLATORS: under "The Strategy Could Not Be Loaded": why (a
   * message naming the strategy or the file, line and column), and what
   * to do. */
  g_autofree char *text = g_strdup_printf (_("%s\n\nChoose a strategy in the toolbar and run it (F5), "
                                             "or open a strategy file."),
                                           message);
  /* The description is markup: the message is text. */
  g_autofree char *markup = g_markup_escape_text (text, -1);
  adw_status_page_set_description (self->strategy_status, markup);
  g_free (self->strategy_error);
  self->strategy_error = g_steal_pointer (&text);
  gtk_stack_set_visible_child_name (self->chart_stack, "no-strategy");
}

void
bk_run_view_stop (BkRunView *self)
{
  if (self->job != NULL)
    bk_job_cancel (self->job);
}

gboolean
bk_run_view_is_running (BkRunView *self)
{
  return self->job != NULL;
}

void
bk_run_view_show_run (BkRunView *self, BkRun *run, GFile *data)
{
  if (self->job != NULL)
    return;
  g_clear_pointer (&self->shown, bk_run_free);
  self->shown = bk_run_ref (run);
  g_set_object (&self->shown_data, data);
  set_state (self, BK_JOB_FINISHED);
  /* Shown whole, as any run that ended. */
  bk_chart_set_live_span (self->chart, 0);
  show_run (self, run);
  show_progress (self, bk_run_get_bars (run), 1.0, bk_run_get_elapsed (run));
  changed (self);
}

/* ---- clean up --------------------------------------------------------- */

static void
do_cleanup (BkRunView *self, gboolean force)
{
  BkMemorySplit before = bk_run_view_measure_memory (self);

  self->cleanup_pending = self->cleanup_force_pending = FALSE;
  if (force)
    {
      /* seed 000's cleanup_memory(force=True): drop the data and the
       * chart too, leaving the view ready for a new run. */
      g_clear_pointer (&self->shown, bk_run_free);
      g_clear_object (&self->shown_data);
      set_state (self, BK_JOB_IDLE);
      show_run (self, NULL);
      clear_progress (self);
    }
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  BkMemorySplit after = bk_run_view_measure_memory (self);
  self->cleanup_before = before.rss_bytes;
  self->cleanup_after = after.rss_bytes;
  bk_memory_panel_set_split (self->memory_panel, &after);

  g_autofree char *from = bk_format_bytes (before.rss_bytes);
  g_autofree char *to = bk_format_bytes (after.rss_bytes);
  g_autofree char *freed = bk_format_bytes (before.rss_bytes > after.rss_bytes ? before.rss_bytes - after.rss_bytes : 0);
  g_autofree char *lines = bk_format_bytes (before.lines_bytes > after.lines_bytes ? before.lines_bytes - after.lines_bytes : 0);
  g_autofree char *heap = bk_format_bytes (before.heap_bytes > after.heap_bytes ? before.heap_bytes - after.heap_bytes : 0);
  /* Translators: resident memory before → after a clean-up, what went back,
   * and from which part: the lines and the rest of the heap. */
  g_autofree char *text = g_strdup_printf (_("Memory %s → %s: %s given back (lines %s, heap %s)"), from, to, freed,
                                           lines, heap);
  toast (self, text);
  changed (self);
}

void
bk_run_view_clean_up (BkRunView *self, gboolean force)
{
  if (self->job != NULL)
    {
      /* Runs keep their memory until they end; clean up then. */
      self->cleanup_pending = TRUE;
      self->cleanup_force_pending = self->cleanup_force_pending || force;
      toast (self, _("Cleaning up when the run ends"));
      return;
    }
  do_cleanup (self, force);
}

/* ---- settings and accessors -------------------------------------------- */

/* The settings chosen now: what the "run" action runs; the view says when
 * the run it shows was made with others. */
static void
set_chosen (BkView *view, const BkViewChoice *chosen)
{
  BkRunView *self = BK_RUN_VIEW (view);

  g_set_object (&self->chosen_data, chosen->data);
  self->chosen_mode = chosen->mode;
  self->chosen_precision = chosen->precision;
  if (chosen->strategy != NULL && chosen->strategy != self->chosen_strategy)
    load_chosen_document (self, chosen->strategy, chosen->strategy_path);
  self->chosen_strategy = chosen->strategy;
  g_free (self->chosen_strategy_name);
  self->chosen_strategy_name = g_strdup (chosen->strategy_name);
  update_stale (self);
}

/* ---- actions ------------------------------------------------------------ */

static void
export_chart_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_run_view_export_chart, BK_RUN_VIEW (widget)->toast_overlay,
                     _("Chart exported"));
}

static void
export_report_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_run_view_export_report, BK_RUN_VIEW (widget)->toast_overlay,
                     _("Memory report exported"));
}

static void
action_run_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_run_view_run (BK_RUN_VIEW (user_data));
}

static void
action_follow_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_run_view_open_follow_dialog (BK_RUN_VIEW (user_data));
}

static void
action_stop_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_run_view_stop (BK_RUN_VIEW (user_data));
}

static void
action_new_strategy_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_strategy_editor_new_document (BK_RUN_VIEW (user_data)->editor);
}

static void
action_open_strategy_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_strategy_editor_open (BK_RUN_VIEW (user_data)->editor);
}

static void
action_save_strategy_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_strategy_editor_save (BK_RUN_VIEW (user_data)->editor);
}

static void
action_save_strategy_as_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_strategy_editor_save_as (BK_RUN_VIEW (user_data)->editor);
}

static void
action_reset_view_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_chart_reset_view (BK_RUN_VIEW (user_data)->chart);
}

static void
action_export_chart_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export Chart (PNG, SVG or PDF)"), BK_FILE_DIALOG_SAVE,
                         "chart.png", NULL, export_chart_to);
}

static void
action_export_report_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export Memory Report (CSV or JSON)"), BK_FILE_DIALOG_SAVE,
                         "memory-report.csv", NULL, export_report_to);
}

GActionGroup *
bk_run_view_get_actions (BkRunView *self)
{
  g_return_val_if_fail (BK_IS_RUN_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

/* ---- the class ---------------------------------------------------------- */

/* A trade clicked among the results: the chart shows it. */
static void
on_show_trade_cb (BkRunView *self, double opened, double closed)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->chart)) && bk_chart_get_run (self->chart) != NULL)
    bk_chart_show_period (self->chart, opened, closed);
}

static void
bk_run_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkRunView *self = BK_RUN_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_run_view_dispose (GObject *object)
{
  BkRunView *self = BK_RUN_VIEW (object);

  bk_run_view_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_RUN_VIEW);
  g_clear_pointer (&self->shown, bk_run_free);
  g_clear_object (&self->shown_data);
  g_clear_pointer (&self->live_ring, bk_display_ring_unref);
  g_clear_pointer (&self->pending, pending_run_free);
  g_clear_pointer (&self->chosen_strategy_name, g_free);
  g_clear_object (&self->chosen_data);
  if (self->live_runs != NULL)
    g_signal_handlers_disconnect_by_data (self->live_runs, self);
  g_clear_object (&self->live_runs);
  g_clear_object (&self->actions);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->strategy_error, g_free);
  G_OBJECT_CLASS (bk_run_view_parent_class)->dispose (object);
}

static void
bk_run_view_class_init (BkRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_run_view_get_property;
  object_class->dispose = bk_run_view_dispose;

  /* Of the last run: cancelled when it was stopped. */
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* A run could not start or failed: the message names file, line and column. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* What the view shows changed: a run started or ended, a clean-up. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (BK_TYPE_CHART);
  g_type_ensure (BK_TYPE_MEMORY_PANEL);
  g_type_ensure (BK_TYPE_RESULTS_PANEL);
  g_type_ensure (BK_TYPE_EVENTS_LIST);
  g_type_ensure (BK_TYPE_STRATEGY_EDITOR);
  g_type_ensure (BK_TYPE_PARAMETER_PANEL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BkRunView, paned);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, editor);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, parameter_panel);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, strategy_status);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, chart);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, stale_label);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, side_stack);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, memory_panel);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, results_panel);
  gtk_widget_class_bind_template_child (widget_class, BkRunView, events_list);
}

static void
bk_run_view_init (BkRunView *self)
{
  static const GActionEntry actions[] = {
    { "run", action_run_cb },
    { "stop", action_stop_cb },
    { "follow", action_follow_cb },
    { "reset-view", action_reset_view_cb },
    { "export-chart", action_export_chart_cb },
    { "export-report", action_export_report_cb },
    { "new-strategy", action_new_strategy_cb },
    { "open-strategy", action_open_strategy_cb },
    { "save-strategy", action_save_strategy_cb },
    { "save-strategy-as", action_save_strategy_as_cb },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The window opens data at start: an empty chart until its run is
   * shown, rather than the page that asks for data, whose large icon
   * would load librsvg as the window is first drawn. */
  gtk_stack_set_visible_child_name (self->chart_stack, "chart");
  self->live_window = 500;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  update_actions (self);
  g_signal_connect_swapped (self->results_panel, "show-trade", G_CALLBACK (on_show_trade_cb), self);

  /* The editor's document is what runs; hidden, the chart takes its place. */
  g_signal_connect_swapped (self->editor, "notify::document", G_CALLBACK (on_editor_document_cb), self);
  g_signal_connect_swapped (self->editor, "run", G_CALLBACK (bk_run_view_run), self);
  g_signal_connect_swapped (self->editor, "failed", G_CALLBACK (on_editor_failed_cb), self);
  g_signal_connect_swapped (self->parameter_panel, "changed", G_CALLBACK (on_parameter_changed_cb), self);
  on_editor_document_cb (self);
  self->settings = bk_settings_new ();
  g_settings_bind (self->settings, "show-editor", self->editor_pane, "visible", G_SETTINGS_BIND_DEFAULT);
  g_autoptr(GAction) show_editor = g_settings_create_action (self->settings, "show-editor");
  g_action_map_add_action (G_ACTION_MAP (self->actions), show_editor);
}

/* ---- as a view of the window ------------------------------------------- */

static void
bk_run_view_view_init (BkViewInterface *iface)
{
  iface->takes = BK_VIEW_TAKES_DATA | BK_VIEW_TAKES_MODE;
  iface->run_label = N_("_Run");
  iface->run_tooltip = N_("Run the strategy (F5)");
  iface->get_actions = (gpointer) bk_run_view_get_actions;
  iface->is_running = (gpointer) bk_run_view_is_running;
  iface->set_chosen = set_chosen;
}

/* ---- for the live runs (bk-run-view-live.c) ----------------------------- */

BkJob *
bk_run_view_begin_job (BkRunView *self, RunJob *job, BkJobFunc func)
{
  bk_run_view_note_baseline (self);
  self->job = bk_job_new ("barkeep-run", func, job, (GDestroyNotify) run_job_free);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished_cb), self);
  set_state (self, BK_JOB_RUNNING);
  update_stale (self);
  changed (self);
  return self->job;
}

void
bk_run_view_show (BkRunView *self, BkRun *run)
{
  show_run (self, run);
}

void
bk_run_view_fail (BkRunView *self, const char *message)
{
  fail (self, message);
  changed (self);
}
