/* bk-window.c — the main window.
 *
 * A run goes in a worker thread (GTask).  The worker posts copies of the
 * memory report to the main loop several times a second; the chart reads
 * the run's whole lines directly, below their published lengths.  Stop
 * raises the run's cancel flag, which it looks at every thousand bars.
 * The previous result stays on screen until a new run has succeeded. */
#define G_LOG_DOMAIN "barkeep"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "bk-application.h"
#include "bk-chart.h"
#include "bk-compare-view.h"
#include "bk-error.h"
#include "bk-memory-panel.h"
#include "bk-results-panel.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy-file.h"
#include "bk-window-private.h"

typedef enum {
  RUN_NONE,
  RUN_RUNNING,
  RUN_FINISHED,
  RUN_STOPPED,
  RUN_FAILED,
} RunState;

/* What the worker thread and the main loop share about one run. */
typedef struct {
  BkWindow *window;        /* a strong reference while the job lives */
  BkRun *run;
  BkSource *source;
  GFile *data;               /* NULL: the bundled sample */
  GCancellable *cancellable; /* Stop cancels it ... */
  gulong cancelled_id;
  gint cancel;               /* ... which raises the flag the run looks at */
} RunJob;

struct _BkWindow {
  AdwApplicationWindow parent_instance;

  GtkStack *run_stop_stack;
  GtkButton *run_button;
  GtkWidget *menu_button;
  AdwViewStack *view_stack;
  BkCompareView *compare_view;
  GtkLabel *data_label;
  GtkWidget *mode_box;
  GtkWidget *compare_spacer;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkDropDown *strategy_dropdown;
  GtkDropDown *mode_dropdown;
  GtkLabel *mode_explanation;
  GtkDropDown *precision_dropdown;
  AdwToastOverlay *toast_overlay;
  GtkStack *chart_stack;
  BkChart *chart;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  BkMemoryPanel *memory_panel;
  GtkStack *side_stack;
  GtkRevealer *stale_revealer;
  GtkLabel *stale_label;
  BkResultsPanel *results_panel;

  GSettings *settings;
  GPtrArray *strategies;     /* BkStrategy*, in the dropdown's order */
  GtkStringList *strategy_names;
  GFile *data;               /* NULL: the bundled sample */
  GFile *shown_data;         /* the data of the run on screen */

  BkRun *shown;              /* the last run that ended well */
  RunJob *job;               /* the run going on, or NULL */
  RunState state;
  gboolean start_when_stopped;
  gboolean cleanup_pending;
  gboolean cleanup_force_pending;
  guint64 cleanup_before;
  guint64 cleanup_after;
  /* Resident memory and heap before the first run: the program and its
   * toolkit. */
  gboolean have_baseline;
  guint64 baseline_rss;
  guint64 baseline_heap;
};

G_DEFINE_FINAL_TYPE (BkWindow, bk_window, ADW_TYPE_APPLICATION_WINDOW)

static const BkMode mode_order[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

static const char *
mode_explanation (BkMode mode)
{
  switch (mode)
    {
    case BK_MODE_KEEP_ALL:
      return _("Every line keeps every bar.");
    case BK_MODE_MINIMAL:
      return _("Every line is a ring of the values its readers need; prices stream; no chart.");
    case BK_MODE_PLOT_SAVE_INTERNALS:
      return _("Prices, observers and named indicators kept whole; their internals as rings.");
    case BK_MODE_PLOT_SAVE_UNPLOTTED:
    default:
      return _("As -1, and indicators declared plot=false kept as rings too.");
    }
}

static void
run_job_free (RunJob *job)
{
  if (job->cancellable != NULL)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->data);
  g_clear_pointer (&job->run, bk_run_free);
  g_clear_pointer (&job->source, bk_source_free);
  g_clear_object (&job->window);
  g_free (job);
}

static void
show_error (BkWindow *self, const char *message)
{
  gtk_label_set_text (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
hide_error (BkWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
toast (BkWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The memory modes as the choosers list them: "0 · Keep everything", ... */
GtkStringList *
bk_mode_choices_new (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (mode_order); i++)
    {
      g_autofree char *label = g_strdup_printf ("%d · %s", (int) mode_order[i], _(bk_mode_label (mode_order[i])));
      gtk_string_list_append (list, label);
    }
  return list;
}

BkMode
bk_mode_choice_get (guint index)
{
  return mode_order[MIN (index, G_N_ELEMENTS (mode_order) - 1)];
}

guint
bk_mode_choice_index (BkMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_order); i++)
    if (mode_order[i] == mode)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

BkMode
bk_window_get_mode (BkWindow *self)
{
  return bk_mode_choice_get (gtk_drop_down_get_selected (self->mode_dropdown));
}

void
bk_window_set_mode (BkWindow *self, BkMode mode)
{
  guint index = bk_mode_choice_index (mode);

  if (index != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->mode_dropdown, index);
}

static BkPrecision
selected_precision (BkWindow *self)
{
  return gtk_drop_down_get_selected (self->precision_dropdown) == 1 ? BK_PRECISION_F32 : BK_PRECISION_F64;
}

static BkStrategy *
selected_strategy (BkWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);

  return selected < self->strategies->len ? g_ptr_array_index (self->strategies, selected) : NULL;
}

static char *
data_display_name (GFile *data)
{
  return data != NULL ? g_file_get_basename (data) : g_strdup (_("Bundled sample"));
}

/* The name of the data the view shows — the run going on, or the one on
 * screen, else none — in the toolbar (its path in the tooltip) and in the
 * window's title. */
static void
update_subtitle (BkWindow *self)
{
  GFile *data = self->job != NULL ? self->job->data : self->shown_data;
  gboolean shown = self->job != NULL || self->shown != NULL;
  g_autofree char *name = shown ? data_display_name (data) : g_strdup (_("None"));
  g_autofree char *path = shown && data != NULL ? g_file_get_parse_name (data) : NULL;
  g_autofree char *title = g_strdup_printf ("%s — %s", _("Barkeep"), name);

  gtk_label_set_text (self->data_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->data_label), path);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static gboolean
compare_page_visible (BkWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "compare") == 0;
}

static void
update_actions (BkWindow *self)
{
  gboolean comparing = bk_compare_view_is_running (self->compare_view);
  gboolean compare_page = compare_page_visible (self);
  /* Run and Stop act on the view on screen. */
  gboolean running = compare_page ? comparing : self->job != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", !comparing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-compare",
                                 !comparing && bk_compare_view_get_compare (self->compare_view) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-compare-charts",
                                 !comparing && bk_compare_view_get_compare (self->compare_view) != NULL);
  gtk_widget_set_visible (self->mode_box, !compare_page);
  gtk_button_set_label (self->run_button, compare_page ? _("_Compare") : _("_Run"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               compare_page ? _("Compare the four memory modes (F5)") : _("Run the strategy (F5)"));
  gtk_widget_set_visible (self->compare_spacer, compare_page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chart",
                                 self->shown != NULL && bk_graph_get_mode (bk_run_get_graph (self->shown)) != BK_MODE_MINIMAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report", self->shown != NULL);
  gtk_stack_set_visible_child_name (self->run_stop_stack, running ? "stop" : "run");
}

static void
add_run_storage (GPtrArray *seen, BkRun *run, guint64 *lines, guint64 *rings)
{
  guint64 ring_bytes = 0;

  if (run == NULL || g_ptr_array_find (seen, run, NULL))
    return;
  g_ptr_array_add (seen, run);
  *lines += bk_run_get_storage_bytes (run, &ring_bytes);
  *rings += ring_bytes;
}

static guint64
heap_total (void)
{
  BkHeapUsage heap;

  bk_process_heap_usage (&heap);
  return heap.in_use_bytes + heap.free_bytes;
}

/* Before the first run: what the program and its toolkit hold. */
static void
note_baseline (BkWindow *self)
{
  if (self->have_baseline)
    return;
  self->have_baseline = TRUE;
  self->baseline_rss = bk_process_rss_bytes ();
  self->baseline_heap = heap_total ();
}

/* Resident memory now, split into what the lines of every run the window
 * keeps took (the run on screen, the one going on, the Compare view's),
 * the rest of the heap since the baseline, and the baseline. */
static BkMemorySplit
measure_memory (BkWindow *self)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  BkMemorySplit split = { bk_process_rss_bytes (), 0, 0, 0 };
  const BkCompare *compare = bk_compare_view_get_compare (self->compare_view);
  guint64 rings = 0;

  add_run_storage (seen, self->shown, &split.lines_bytes, &rings);
  add_run_storage (seen, self->job != NULL ? self->job->run : NULL, &split.lines_bytes, &rings);
  for (guint i = 0; compare != NULL && i < compare->n_modes; i++)
    add_run_storage (seen, compare->modes[i].run, &split.lines_bytes, &rings);
  if (self->have_baseline)
    {
      /* Rings are on the heap: counted once, with the lines. */
      guint64 heap = heap_total ();

      split.baseline_bytes = self->baseline_rss;
      split.heap_bytes = heap > self->baseline_heap + rings ? heap - self->baseline_heap - rings : 0;
    }
  return split;
}

static void
update_memory (BkWindow *self)
{
  BkMemorySplit split = measure_memory (self);

  bk_memory_panel_set_split (self->memory_panel, &split);
}

/* The run on screen was made with another mode, precision or strategy
 * than the ones now chosen: it says so until the next run. */
static void
update_stale (BkWindow *self)
{
  BkRun *run = self->shown;
  gboolean stale = FALSE;

  if (run != NULL && self->job == NULL)
    {
      BkGraph *graph = bk_run_get_graph (run);

      stale = bk_graph_get_mode (graph) != bk_window_get_mode (self)
              || bk_graph_get_precision (graph) != selected_precision (self)
              || bk_run_get_strategy (run) != selected_strategy (self);
      if (stale)
        {
          guint index = 0;
          for (guint i = 0; i < self->strategies->len; i++)
            if (g_ptr_array_index (self->strategies, i) == bk_run_get_strategy (run))
              index = i;
          /* TRANSLATORS: the run on screen was made with other settings:
           * its mode, precision and strategy. */
          g_autofree char *text = g_strdup_printf (_("Showing the run in mode %d, %s, of %s: Run (F5) to update"),
                                                   (int) bk_graph_get_mode (graph),
                                                   bk_graph_get_precision (graph) == BK_PRECISION_F64 ? "f64" : "f32",
                                                   gtk_string_list_get_string (self->strategy_names, index));
          gtk_label_set_text (self->stale_label, text);
        }
    }
  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
}

/* Puts `run` on screen: the chart when its mode keeps plotted lines whole,
 * the explanation when it does not, and its memory report. */
static void
show_run (BkWindow *self, BkRun *run)
{
  if (run == NULL)
    {
      bk_chart_set_run (self->chart, NULL);
      bk_memory_panel_set_report (self->memory_panel, NULL);
      bk_results_panel_set_run (self->results_panel, NULL);
      gtk_stack_set_visible_child_name (self->chart_stack, "empty");
      update_memory (self);
      update_subtitle (self);
      return;
    }
  gboolean plotted = bk_graph_get_mode (bk_run_get_graph (run)) != BK_MODE_MINIMAL;
  bk_chart_set_run (self->chart, plotted ? run : NULL);
  gtk_stack_set_visible_child_name (self->chart_stack, plotted ? "chart" : "no-plot");
  bk_memory_panel_set_report (self->memory_panel, bk_report_new (run));
  /* The broker is the worker's while the run goes: results once it ends. */
  bk_results_panel_set_run (self->results_panel, self->job != NULL && self->job->run == run ? NULL : run);
  update_stale (self);
  update_memory (self);
  update_subtitle (self);
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

static void
show_progress (BkWindow *self, guint64 bars, double fraction, double elapsed)
{
  g_autofree char *text = NULL;

  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  if (elapsed > 0 && fraction > 0.01 && fraction < 1.0 && self->job != NULL)
    {
      /* Going: how far, and how long it has left at its pace so far. */
      g_autofree char *speed = format_speed (bars / elapsed);
      double left = elapsed * (1.0 - fraction) / fraction;
      /* Translators: run progress: percent done, bars so far, speed, and
       * seconds left, e.g. "45 % · 901,120 bars · 0.6 M bars/s · 2 s left" */
      text = g_strdup_printf (_("%.0f %% · %'llu bars · %s · %.0f s left"), fraction * 100.0,
                              (unsigned long long) bars, speed, ceil (left));
    }
  else if (elapsed > 0)
    {
      g_autofree char *speed = format_speed (bars / elapsed);
      /* Translators: run progress, e.g. "1,234,567 bars · 3.1 M bars/s" */
      text = g_strdup_printf (_("%'llu bars · %s"), (unsigned long long) bars, speed);
    }
  else
    text = g_strdup_printf (_("%'llu bars"), (unsigned long long) bars);
  gtk_label_set_text (self->progress_label, text);
}

/* After a failed run the window goes on showing the previous result: the
 * data it names is that result's again. */
static void
restore_shown_data (BkWindow *self)
{
  if (self->shown == NULL)
    return;
  g_set_object (&self->data, self->shown_data);
  update_subtitle (self);
}

/* ---- the worker ------------------------------------------------------- */

typedef struct {
  RunJob *job;
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
  g_object_unref (progress->job->window);
  g_free (progress);
}

static gboolean
progress_on_main_cb (gpointer data)
{
  Progress *progress = data;
  BkWindow *self = progress->job->window;

  /* A late report of a run that has already ended changes nothing. */
  if (self->job != progress->job)
    return G_SOURCE_REMOVE;
  guint64 cells = progress->report->total_cells;
  bk_memory_panel_set_report (self->memory_panel, g_steal_pointer (&progress->report));
  update_memory (self);
  bk_memory_panel_add_sample (self->memory_panel, progress->bars, cells,
                              bk_memory_panel_get_split (self->memory_panel)->rss_bytes);
  show_progress (self, progress->bars, progress->fraction, progress->elapsed);
  bk_chart_refresh (self->chart);
  return G_SOURCE_REMOVE;
}

/* On the worker thread, a few times a second. */
static void
on_run_progress_cb (BkRun *run, gpointer user_data)
{
  RunJob *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->job = job;
  g_object_ref (job->window);
  progress->report = bk_report_new (run);
  progress->bars = bk_run_get_bars (run);
  progress->fraction = bk_run_get_fraction (run);
  progress->elapsed = bk_run_get_elapsed (run);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, progress_on_main_cb, progress, progress_free);
}

static void
run_in_thread_cb (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RunJob *job = task_data;
  GError *error = NULL;

#ifdef __linux__
  /* The run yields to the window: the main loop and the display server
   * get the processor first when they need it.  (Pool threads run only
   * background work, so the lower priority may stay.) */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("could not lower the run's priority: %s", g_strerror (errno));
#endif
  if (bk_run_execute (job->run, job->source, &job->cancel, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void do_cleanup (BkWindow *self, gboolean force);
static void start_run (BkWindow *self);

static void
on_run_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  BkWindow *self = BK_WINDOW (object);
  RunJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  self->job = NULL;
  g_clear_pointer (&job->source, bk_source_free);

  if (error == NULL || g_error_matches (error, BK_ERROR, BK_ERROR_CANCELLED))
    {
      /* A stopped run shows what it computed, and says so. */
      g_clear_pointer (&self->shown, bk_run_free);
      self->shown = bk_run_ref (job->run);
      g_set_object (&self->shown_data, job->data);
      self->state = error == NULL ? RUN_FINISHED : RUN_STOPPED;
      show_run (self, self->shown);
      bk_memory_panel_add_sample (self->memory_panel, bk_run_get_bars (job->run), bk_run_get_cells (job->run),
                                  bk_memory_panel_get_split (self->memory_panel)->rss_bytes);
      show_progress (self, bk_run_get_bars (job->run), error == NULL ? 1.0 : bk_run_get_fraction (job->run),
                     bk_run_get_elapsed (job->run));
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Stopped after %'llu bars"),
                                                   (unsigned long long) bk_run_get_bars (job->run));
          toast (self, text);
        }
    }
  else
    {
      /* Bad input: say where, and put the previous result back, with
       * the name of its data. */
      self->state = RUN_FAILED;
      show_error (self, error->message);
      restore_shown_data (self);
      show_run (self, self->shown);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->progress_label, "");
    }
  update_actions (self);
  if (self->cleanup_pending)
    do_cleanup (self, self->cleanup_force_pending);
  if (self->start_when_stopped)
    {
      self->start_when_stopped = FALSE;
      start_run (self);
    }
}

static void
on_job_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  RunJob *job = user_data;

  g_atomic_int_set (&job->cancel, 1);
}

static void
start_run (BkWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BkStrategy *strategy = selected_strategy (self);

  if (self->job != NULL || strategy == NULL)
    return;
  path = self->data != NULL ? g_file_get_path (self->data) : bk_source_find_sample (&error);
  if (path == NULL)
    {
      show_error (self, error != NULL ? error->message : _("The file has no local path"));
      return;
    }
  BkSource *source = bk_source_new_csv (path, NULL, &error);
  BkRun *run = source != NULL ? bk_run_new (strategy, bk_window_get_mode (self), selected_precision (self), -1, &error) : NULL;
  if (run == NULL)
    {
      g_clear_pointer (&source, bk_source_free);
      self->state = RUN_FAILED;
      show_error (self, error->message);
      restore_shown_data (self);
      return;
    }

  hide_error (self);
  note_baseline (self);
  RunJob *job = g_new0 (RunJob, 1);
  job->window = g_object_ref (self);
  job->run = run;
  job->source = source;
  job->data = self->data != NULL ? g_object_ref (self->data) : NULL;
  bk_run_set_progress_func (run, on_run_progress_cb, job);
  self->job = job;
  self->state = RUN_RUNNING;

  /* The chart follows the run while it goes, the timeline from its start. */
  bk_memory_panel_clear_timeline (self->memory_panel, bk_window_get_mode (self));
  bk_memory_panel_add_sample (self->memory_panel, 0, bk_run_get_cells (run), bk_process_rss_bytes ());
  show_run (self, run);
  show_progress (self, 0, 0, 0);
  update_actions (self);

  job->cancellable = g_cancellable_new ();
  job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (on_job_cancelled_cb), job, NULL);
  g_autoptr(GTask) task = g_task_new (self, job->cancellable, on_run_done_cb, NULL);
  /* A stopped run still reports, so that what it computed is shown. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, (GDestroyNotify) run_job_free);
  g_task_run_in_thread (task, run_in_thread_cb);
}

static void
stop_run (BkWindow *self)
{
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
}

/* A trade clicked among the results: the chart shows it. */
static void
on_show_trade_cb (BkWindow *self, double opened, double closed)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->chart)) && bk_chart_get_run (self->chart) != NULL)
    bk_chart_show_period (self->chart, opened, closed);
}

/* ---- compare ---------------------------------------------------------- */

/* The current data and strategy, in the four modes, in the Compare view. */
static void
start_compare (BkWindow *self)
{
  g_autoptr(GError) error = NULL;
  BkStrategy *strategy = selected_strategy (self);

  if (strategy == NULL || bk_compare_view_is_running (self->compare_view))
    return;
  g_autofree char *path = self->data != NULL ? g_file_get_path (self->data) : bk_source_find_sample (&error);
  if (path == NULL)
    {
      show_error (self, error != NULL ? error->message : _("The file has no local path"));
      return;
    }
  g_autofree char *name = data_display_name (self->data);
  hide_error (self);
  note_baseline (self);
  const char *strategy_name = gtk_string_list_get_string (self->strategy_names,
                                                         gtk_drop_down_get_selected (self->strategy_dropdown));
  bk_compare_view_start (self->compare_view, strategy, strategy_name, path, name, selected_precision (self));
}

static void
on_compare_failed_cb (BkCompareView *view, const char *message, BkWindow *self)
{
  show_error (self, message);
}

/* A mode clicked in the Compare view: its run, in the Run view. */
static void
on_compare_open_run_cb (BkCompareView *view, BkRun *run, BkWindow *self)
{
  if (self->job != NULL)
    return;
  g_clear_pointer (&self->shown, bk_run_free);
  self->shown = bk_run_ref (run);
  g_set_object (&self->shown_data, self->data);
  self->state = RUN_FINISHED;
  bk_window_set_mode (self, bk_graph_get_mode (bk_run_get_graph (run)));
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  show_run (self, run);
  show_progress (self, bk_run_get_bars (run), 1.0, bk_run_get_elapsed (run));
  update_actions (self);
}

/* ---- clean up --------------------------------------------------------- */

static void
do_cleanup (BkWindow *self, gboolean force)
{
  BkMemorySplit before = measure_memory (self);

  self->cleanup_pending = self->cleanup_force_pending = FALSE;
  if (force)
    {
      /* seed 000's cleanup_memory(force=True): drop the data and the
       * chart too, leaving the window ready for a new run. */
      g_clear_pointer (&self->shown, bk_run_free);
      g_clear_object (&self->data);
      g_clear_object (&self->shown_data);
      self->state = RUN_NONE;
      show_run (self, NULL);
      update_subtitle (self);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->progress_label, "");
      update_actions (self);
    }
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  BkMemorySplit after = measure_memory (self);
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
}

static void
request_cleanup (BkWindow *self, gboolean force)
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

/* ---- files ------------------------------------------------------------ */

void
bk_window_set_data (BkWindow *self, GFile *file)
{
  g_set_object (&self->data, file);
  update_subtitle (self);
}

void
bk_window_compare_data (BkWindow *self, GFile *file)
{
  g_set_object (&self->data, file);
  update_subtitle (self);
  bk_window_compare (self);
}

void
bk_window_open_data (BkWindow *self, GFile *file)
{
  g_set_object (&self->data, file);
  update_subtitle (self);
  if (self->job == NULL)
    start_run (self);
  else
    {
      /* The new file runs as soon as the current run has stopped. */
      self->start_when_stopped = TRUE;
      stop_run (self);
    }
}

/* The built-in strategies' names, for the translations; files the user
 * opens keep the names they give. */
static const char *const builtin_names[] G_GNUC_UNUSED = {
  N_("Memory savings sample"),
  N_("SMA crossover"),
  N_("RSI reversion"),
  N_("MACD signal"),
};

static guint
add_strategy (BkWindow *self, BkStrategy *strategy, gboolean builtin)
{
  const char *name = bk_strategy_get_name (strategy);

  g_ptr_array_add (self->strategies, strategy);
  gtk_string_list_append (self->strategy_names, builtin ? _(name) : name);
  return self->strategies->len - 1;
}

gboolean
bk_window_select_strategy (BkWindow *self, const char *name_or_path)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->strategies->len; i++)
    if (g_strcmp0 (bk_strategy_get_id (g_ptr_array_index (self->strategies, i)), name_or_path) == 0)
      {
        gtk_drop_down_set_selected (self->strategy_dropdown, i);
        return TRUE;
      }
  BkStrategy *strategy = bk_strategy_open (name_or_path, &error);
  if (strategy == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  gtk_drop_down_set_selected (self->strategy_dropdown, add_strategy (self, strategy, FALSE));
  return TRUE;
}

static GtkFileFilter *
csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Price data (CSV)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  return filter;
}

typedef void (*FileChosenFunc) (BkWindow *self, GFile *file);

#if GTK_CHECK_VERSION (4, 10, 0)
typedef struct {
  BkWindow *window;
  FileChosenFunc func;
  gboolean save;
} DialogData;

static void
on_file_dialog_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  DialogData *data = user_data;
  g_autoptr(GFile) file = data->save
                          ? gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL)
                          : gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    data->func (data->window, file);
  g_object_unref (data->window);
  g_free (data);
}
#else
static void
on_file_chooser_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  FileChosenFunc func = (FileChosenFunc) g_object_get_data (G_OBJECT (dialog), "bk-func");
  BkWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      func (self, file);
    }
  g_object_unref (dialog);
}
#endif

/* One way to ask for a file on GTK 4.8 and on 4.10 and later. */
static void
choose_file (BkWindow *self, const char *title, gboolean save, const char *suggested,
             GtkFileFilter *filter, FileChosenFunc func)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  GtkFileDialog *dialog = gtk_file_dialog_new ();
  DialogData *data = g_new0 (DialogData, 1);

  gtk_file_dialog_set_title (dialog, title);
  if (filter != NULL)
    gtk_file_dialog_set_default_filter (dialog, filter);
  if (suggested != NULL)
    gtk_file_dialog_set_initial_name (dialog, suggested);
  data->window = g_object_ref (self);
  data->func = func;
  data->save = save;
  if (save)
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, on_file_dialog_done_cb, data);
  else
    gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, on_file_dialog_done_cb, data);
  g_object_unref (dialog);
  g_clear_object (&filter);
#else
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                              save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                                   : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              NULL, NULL);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_object_set_data (G_OBJECT (dialog), "bk-func", (gpointer) func);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  g_clear_object (&filter);
#endif
}

static void
open_strategy_file (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL && bk_window_select_strategy (self, path))
    start_run (self);
}

/* The format a file name asks for: .png, .svg or .pdf, in any case; a
 * name without an extension gets .png.  FALSE (and *error) for any other
 * extension, which would otherwise get PNG bytes under a name that says
 * otherwise. */
static gboolean
chart_format_for (const char *path, BkChartFormat *format, char **export_path, GError **error)
{
  static const struct { const char *extension; BkChartFormat format; } formats[] = {
    { ".png", BK_CHART_FORMAT_PNG }, { ".svg", BK_CHART_FORMAT_SVG }, { ".pdf", BK_CHART_FORMAT_PDF },
  };
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  if (dot == NULL || dot == base)
    {
      *format = BK_CHART_FORMAT_PNG;
      *export_path = g_strconcat (path, ".png", NULL);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot, formats[i].extension) == 0)
      {
        *format = formats[i].format;
        *export_path = g_strdup (path);
        return TRUE;
      }
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
               _("Cannot export the chart as '%s': the name must end in .png, .svg or .pdf"), base);
  return FALSE;
}

gboolean
bk_window_export_chart (BkWindow *self, const char *path, GError **error)
{
  g_autofree char *export_path = NULL;
  BkChartFormat format;
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self->chart)), 1200);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self->chart)), 800);

  if (!chart_format_for (path, &format, &export_path, error))
    return FALSE;
  return bk_chart_export (self->chart, export_path, format, width, height, error);
}

static void
export_chart_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_window_export_chart (self, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Chart exported"));
}

/* A CSV field in double quotes, quotes inside doubled. */
static void
append_csv_quoted (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
append_report_csv (GString *out, const BkReportItem *item, const char *parent)
{
  g_autofree char *path = parent != NULL ? g_strdup_printf ("%s/%s", parent, item->name != NULL ? item->name : item->label)
                                         : g_strdup (item->label);

  for (guint i = 0; i < item->lines->len; i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      append_csv_quoted (out, path);
      g_string_append_printf (out, ",%s,%s,%s,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              item->kind, line->name, line->whole ? "whole" : "ring",
                              line->cells, line->bytes);
    }
  if (item->state_cells > 0)
    {
      append_csv_quoted (out, path);
      g_string_append_printf (out, ",%s,,inside,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              item->kind, item->state_cells, item->state_cells * 8);
    }
  for (guint c = 0; c < item->children->len; c++)
    append_report_csv (out, g_ptr_array_index (item->children, c), path);
}

gboolean
bk_window_export_report (BkWindow *self, const char *path, GError **error)
{
  g_return_val_if_fail (self->shown != NULL, FALSE);
  g_autoptr(BkReport) report = bk_report_new (self->shown);
  g_autoptr(GString) out = g_string_new (NULL);

  if (g_str_has_suffix (path, ".json"))
    {
      bk_report_append_json (report, out);
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append (out, "item,kind,line,storage,cells,bytes\n");
      append_report_csv (out, report->datas, NULL);
      append_report_csv (out, report->indicators, NULL);
      append_report_csv (out, report->observers, NULL);
      g_string_append_printf (out, "total,,,,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              report->total_cells, report->total_bytes);
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

static void
export_report_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_window_export_report (self, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Memory report exported"));
}

/* ---- actions ---------------------------------------------------------- */

static void
action_open_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Open Price Data"), FALSE, NULL, csv_filter (), bk_window_open_data);
}

static void
action_open_strategy_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Strategy files"));
  gtk_file_filter_add_suffix (filter, "ini");
  choose_file (BK_WINDOW (widget), _("Open Strategy File"), FALSE, NULL, filter, open_strategy_file);
}

static void start_compare (BkWindow *self);

static void
action_compare_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  BkWindow *self = BK_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "compare");
  start_compare (self);
}

static void
action_run_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  BkWindow *self = BK_WINDOW (widget);

  if (compare_page_visible (self))
    start_compare (self);
  else
    start_run (self);
}

static void
action_stop_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  BkWindow *self = BK_WINDOW (widget);

  if (compare_page_visible (self))
    bk_compare_view_stop (self->compare_view);
  else
    stop_run (self);
}

static void
action_rerun_plotted_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_window_set_mode (BK_WINDOW (widget), BK_MODE_PLOT_SAVE_INTERNALS);
  start_run (BK_WINDOW (widget));
}

static void
action_cleanup_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  request_cleanup (BK_WINDOW (widget), g_str_equal (name, "win.cleanup-force"));
}

static void
action_dismiss_error_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  hide_error (BK_WINDOW (widget));
}

static void
action_reset_view_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_chart_reset_view (BK_WINDOW (widget)->chart);
}

static void
action_export_chart_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export Chart (PNG, SVG or PDF)"), TRUE, "chart.png", NULL, export_chart_to);
}

gboolean
bk_window_export_compare (BkWindow *self, const char *path, GError **error)
{
  const BkCompare *compare = bk_compare_view_get_compare (self->compare_view);
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (compare != NULL, FALSE);
  if (g_str_has_suffix (path, ".json"))
    {
      bk_compare_append_json (compare, out);
      g_string_append_c (out, '\n');
    }
  else
    bk_compare_append_csv (compare, out);
  return g_file_set_contents (path, out->str, out->len, error);
}

static void
export_compare_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_window_export_compare (self, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Comparison exported"));
}

static void
draw_compare_cells (cairo_t *cr, int width, int height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bk_compare_view_draw_cells (data, cr, width, height);
}

static void
draw_compare_timelines (cairo_t *cr, int width, int height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bk_compare_view_draw_timelines (data, cr, width, height);
}

gboolean
bk_window_export_compare_charts (BkWindow *self, const char *path, GError **error)
{
  g_autofree char *export_path = NULL;
  BkChartFormat format;

  g_return_val_if_fail (bk_compare_view_get_compare (self->compare_view) != NULL, FALSE);
  if (!chart_format_for (path, &format, &export_path, error))
    return FALSE;

  /* Two files beside each other: NAME-cells.EXT and NAME-timelines.EXT. */
  const char *dot = strrchr (export_path, '.');
  g_autofree char *stem = g_strndup (export_path, dot - export_path);
  g_autofree char *cells = g_strdup_printf ("%s-cells%s", stem, dot);
  g_autofree char *timelines = g_strdup_printf ("%s-timelines%s", stem, dot);

  return bk_painter_export (cells, format, 1200, 480, draw_compare_cells, self->compare_view, error)
         && bk_painter_export (timelines, format, 1200, 420, draw_compare_timelines, self->compare_view, error);
}

static void
export_compare_charts_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_window_export_compare_charts (self, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Charts exported: …-cells and …-timelines"));
}

static void
action_export_compare_charts_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Comparison's Charts (PNG, SVG or PDF)"), TRUE, "compare.png", NULL,
               export_compare_charts_to);
}

static void
action_export_compare_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Comparison (CSV or JSON)"), TRUE, "compare.csv", NULL,
               export_compare_to);
}

static void
action_export_report_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export Memory Report (CSV or JSON)"), TRUE, "memory-report.csv", NULL,
               export_report_to);
}

/* ---- drag and drop, settings ------------------------------------------ */

static gboolean
on_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, BkWindow *self)
{
  GSList *files = g_value_get_boxed (value);

  if (files == NULL)
    return FALSE;
  bk_window_open_data (self, files->data);
  return TRUE;
}

static void
on_mode_selected_cb (BkWindow *self)
{
  gtk_label_set_text (self->mode_explanation, mode_explanation (bk_window_get_mode (self)));
  update_stale (self);
}

/* A short tooltip on one line.  GTK 4.8 wraps a tooltip near the window's
 * edge down to its narrowest: Chinese, breakable after every character,
 * then stands one character a line. */
static gboolean
on_query_unwrapped_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                               gpointer user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "bk-tooltip");
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

static void
use_unwrapped_tooltip (GtkWidget *widget)
{
  g_object_set_data_full (G_OBJECT (widget), "bk-tooltip", g_strdup (gtk_widget_get_tooltip_text (widget)), g_free);
  gtk_widget_set_tooltip_text (widget, NULL);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_unwrapped_tooltip_cb), NULL);
}

static void
apply_chart_settings (BkWindow *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "chart-style");

  bk_chart_set_style (self->chart, g_str_equal (style, "bars") ? BK_CHART_BARS : BK_CHART_CANDLES);
  bk_chart_set_red_up (self->chart, g_settings_get_boolean (self->settings, "red-up"));
}

static void
bk_window_dispose (GObject *object)
{
  BkWindow *self = BK_WINDOW (object);

  stop_run (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_WINDOW);
  g_clear_pointer (&self->shown, bk_run_free);
  g_clear_object (&self->data);
  g_clear_object (&self->shown_data);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (bk_window_parent_class)->dispose (object);
}

static void
bk_window_finalize (GObject *object)
{
  BkWindow *self = BK_WINDOW (object);

  /* Strategies outlive every run, which borrows them. */
  g_ptr_array_unref (self->strategies);
  G_OBJECT_CLASS (bk_window_parent_class)->finalize (object);
}

static gboolean
bk_window_close_request (GtkWindow *window)
{
  BkWindow *self = BK_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  stop_run (self);
  return GTK_WINDOW_CLASS (bk_window_parent_class)->close_request (window);
}

static void
bk_window_class_init (BkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bk_window_dispose;
  object_class->finalize = bk_window_finalize;
  window_class->close_request = bk_window_close_request;

  g_type_ensure (BK_TYPE_CHART);
  g_type_ensure (BK_TYPE_MEMORY_PANEL);
  g_type_ensure (BK_TYPE_COMPARE_VIEW);
  g_type_ensure (BK_TYPE_RESULTS_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, data_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_box);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, compare_spacer);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_stop_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_explanation);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, precision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, memory_panel);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, stale_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, results_panel);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open_cb);
  gtk_widget_class_install_action (widget_class, "win.open-strategy", NULL, action_open_strategy_cb);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, action_run_cb);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, action_stop_cb);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, action_compare_cb);
  gtk_widget_class_install_action (widget_class, "win.export-compare", NULL, action_export_compare_cb);
  gtk_widget_class_install_action (widget_class, "win.export-compare-charts", NULL, action_export_compare_charts_cb);
  gtk_widget_class_install_action (widget_class, "win.rerun-plotted", NULL, action_rerun_plotted_cb);
  gtk_widget_class_install_action (widget_class, "win.cleanup", NULL, action_cleanup_cb);
  gtk_widget_class_install_action (widget_class, "win.cleanup-force", NULL, action_cleanup_cb);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, action_dismiss_error_cb);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, action_reset_view_cb);
  gtk_widget_class_install_action (widget_class, "win.export-chart", NULL, action_export_chart_cb);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, action_export_report_cb);
}

static void
bk_window_init (BkWindow *self)
{
  const char *precisions[] = { "f64", "f32", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  use_unwrapped_tooltip (self->menu_button);
  self->settings = bk_application_new_settings ();
  self->strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_strategy_free);
  self->strategy_names = gtk_string_list_new (NULL);
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      BkStrategy *strategy = bk_strategy_new_builtin (*id, NULL);
      if (strategy != NULL)
        add_strategy (self, strategy, TRUE);
    }
  gtk_drop_down_set_model (self->strategy_dropdown, G_LIST_MODEL (self->strategy_names));
  g_object_unref (self->strategy_names);

  g_autoptr(GtkStringList) mode_list = bk_mode_choices_new ();
  gtk_drop_down_set_model (self->mode_dropdown, G_LIST_MODEL (mode_list));
  g_autoptr(GtkStringList) precision_list = gtk_string_list_new (precisions);
  gtk_drop_down_set_model (self->precision_dropdown, G_LIST_MODEL (precision_list));

  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (on_mode_selected_cb), self);
  g_signal_connect_swapped (self->strategy_dropdown, "notify::selected", G_CALLBACK (update_stale), self);
  g_signal_connect_swapped (self->precision_dropdown, "notify::selected", G_CALLBACK (update_stale), self);
  bk_window_set_mode (self, g_settings_get_int (self->settings, "default-mode"));
  on_mode_selected_cb (self);
  g_autofree char *precision = g_settings_get_string (self->settings, "default-precision");
  gtk_drop_down_set_selected (self->precision_dropdown, g_str_equal (precision, "f32") ? 1 : 0);

  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  g_signal_connect_swapped (self->settings, "changed::chart-style", G_CALLBACK (apply_chart_settings), self);
  g_signal_connect_swapped (self->settings, "changed::red-up", G_CALLBACK (apply_chart_settings), self);
  apply_chart_settings (self);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect (self->compare_view, "failed", G_CALLBACK (on_compare_failed_cb), self);
  g_signal_connect_swapped (self->results_panel, "show-trade", G_CALLBACK (on_show_trade_cb), self);
  g_signal_connect (self->compare_view, "open-run", G_CALLBACK (on_compare_open_run_cb), self);
  g_signal_connect_swapped (self->compare_view, "notify::running", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->compare_view, "notify::running", G_CALLBACK (update_memory), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (update_actions), self);
  update_subtitle (self);
  update_actions (self);
}

BkWindow *
bk_window_new (GtkApplication *application)
{
  return g_object_new (BK_TYPE_WINDOW, "application", application, NULL);
}

gboolean
bk_window_is_running (BkWindow *self)
{
  return self->job != NULL;
}

const char *
bk_window_get_data_name (BkWindow *self)
{
  return gtk_label_get_text (self->data_label);
}

const char *
bk_window_get_stale_note (BkWindow *self)
{
  return gtk_revealer_get_reveal_child (self->stale_revealer) ? gtk_label_get_text (self->stale_label) : NULL;
}

BkMemorySplit
bk_window_measure_memory (BkWindow *self)
{
  return measure_memory (self);
}

BkResultsPanel *
bk_window_get_results_panel (BkWindow *self)
{
  return self->results_panel;
}

BkCompareView *
bk_window_get_compare_view (BkWindow *self)
{
  return self->compare_view;
}

void
bk_window_show_view (BkWindow *self, const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
bk_window_compare (BkWindow *self)
{
  action_compare_cb (GTK_WIDGET (self), "win.compare", NULL);
}

BkChart *
bk_window_get_chart (BkWindow *self)
{
  return self->chart;
}

BkMemoryPanel *
bk_window_get_memory_panel (BkWindow *self)
{
  return self->memory_panel;
}

const char *
bk_window_get_chart_page (BkWindow *self)
{
  return gtk_stack_get_visible_child_name (self->chart_stack);
}

const char *
bk_window_get_error (BkWindow *self)
{
  return gtk_revealer_get_reveal_child (self->banner_revealer) ? gtk_label_get_text (self->banner_label) : NULL;
}

BkRun *
bk_window_get_run (BkWindow *self)
{
  return self->job != NULL ? self->job->run : self->shown;
}

const char *
bk_window_get_run_state (BkWindow *self)
{
  static const char *const names[] = { "none", "running", "finished", "stopped", "failed" };

  return names[self->state];
}

void
bk_window_get_last_cleanup (BkWindow *self, guint64 *before, guint64 *after)
{
  *before = self->cleanup_before;
  *after = self->cleanup_after;
}
