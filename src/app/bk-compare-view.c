/* bk-compare-view.c — the Compare view.
 *
 * The four runs go on a thread of their own (a BkJob) through
 * bk_compare_run; its progress is posted to the main loop.  Stop cancels
 * the job, which raises the flag the runs look at every thousand bars:
 * the modes already finished stay on screen. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bk-compare-view.h"
#include "bk-error.h"
#include "bk-export.h"
#include "bk-file-dialog.h"
#include "bk-format.h"
#include "bk-job.h"
#include "bk-live-run.h"
#include "bk-painter.h"
#include "bk-source.h"
#include "bk-timeline-plot.h"
#include "bk-view.h"

/* What the worker thread and the main loop share about one comparison:
 * the data of its BkJob. */
typedef struct {
  BkCompareView *view;          /* a strong reference while the job lives */
  BkStrategy *strategy;
  char *path;
  BkPrecision precision;
  BkCompare *compare;           /* what it computed, stopped or not */
} Job;

struct _BkCompareView {
  GtkWidget parent_instance;

  GtkWidget *box;
  AdwToastOverlay *toast_overlay;
  GtkLabel *subject_label;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkStack *stack;
  GtkWidget *badge;
  GtkImage *badge_icon;
  GtkLabel *badge_label;
  GtkGrid *table;
  GtkDrawingArea *cells_chart;
  BkTimelinePlot *timeline_chart;
  GtkLabel *note_label;

  GSimpleActionGroup *actions;  /* the view's own: run, stop, exports */
  GListStore *live_runs;        /* the application's: where its runs go */
  /* What the "run" action compares. */
  BkStrategy *chosen_strategy;
  char *chosen_strategy_name;
  GFile *chosen_data;           /* NULL: the bundled sample */
  BkPrecision chosen_precision;

  BkJob *job;                   /* the comparison going on (its data a Job), or NULL */
  int running_index;            /* of the mode running, -1: none */
  BkCompare *compare;           /* the one on screen */
  BkJobState state;             /* of the last comparison: cancelled is stopped */
  char *data_name;              /* of the comparison going on or on screen, or NULL */
  char *data_path;

  /* Resident memory's growth in each mode, one sample a comparison, over
   * the comparisons of one strategy, file and precision (the subject):
   * it changes from one to the next, so the table gives its spread. */
  char *growth_subject;
  char *running_subject;        /* of the comparison going on */
  GArray *growth[BK_COMPARE_N_MODES];   /* guint64 */
};

static void bk_compare_view_view_init (BkViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BkCompareView, bk_compare_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BK_TYPE_VIEW, bk_compare_view_view_init))

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_FAILED, SIGNAL_OPEN_RUN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_object_unref (job->view);
  g_clear_pointer (&job->compare, bk_compare_free);
  g_free (job->path);
  g_free (job);
}

/* ---- progress ----------------------------------------------------------- */

typedef struct {
  guint mode_index;
  double fraction;
} Progress;

static const BkMode view_modes[BK_COMPARE_N_MODES] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

static void
show_progress (BkCompareView *self, guint mode_index, double fraction)
{
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, (mode_index + CLAMP (fraction, 0.0, 1.0)) / BK_COMPARE_N_MODES);
  /* TRANSLATORS: the mode running, which of the four it is, and how far
   * it has gone. */
  text = g_strdup_printf (_("Mode %d (%u of %u) · %.0f%%"), (int) view_modes[mode_index], mode_index + 1,
                          (guint) BK_COMPARE_N_MODES, CLAMP (fraction, 0.0, 1.0) * 100.0);
  gtk_label_set_text (self->progress_label, text);
}

static void
on_job_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  BkCompareView *self = BK_COMPARE_VIEW (user_data);
  const Progress *progress = data;

  /* A late report of a comparison that has already ended changes nothing. */
  if (self->job != job)
    return;
  self->running_index = (int) progress->mode_index;
  show_progress (self, progress->mode_index, progress->fraction);
}

/* On the worker thread: each report replaces one the window has not
 * taken yet. */
static void
on_compare_progress_cb (guint mode_index, double fraction, gpointer user_data)
{
  Progress *progress = g_new (Progress, 1);

  *progress = (Progress) { mode_index, fraction };
  bk_job_post_progress (BK_JOB (user_data), progress, g_free, TRUE);
}

/* ---- the table ---------------------------------------------------------- */

static const char *
mode_css_class (BkMode mode)
{
  switch (mode)
    {
    case BK_MODE_KEEP_ALL: return "mode-keep-all";
    case BK_MODE_MINIMAL: return "mode-minimal";
    case BK_MODE_PLOT_SAVE_INTERNALS: return "mode-internals";
    case BK_MODE_PLOT_SAVE_UNPLOTTED: return "mode-unplotted";
    default: return "mode-keep-all";
    }
}

static GtkWidget *
cell_label (const char *text, gboolean numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
on_mode_clicked_cb (GtkButton *button, BkCompareView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "mode-index"));

  if (self->compare != NULL && index < self->compare->n_modes)
    g_signal_emit (self, signals[SIGNAL_OPEN_RUN], 0, self->compare->modes[index].run);
}

/* A mode's name, with its colour, as a button that opens its run. */
static GtkWidget *
mode_button (BkCompareView *self, guint index, BkMode mode)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_label_new ("●");
  g_autofree char *text = g_strdup_printf ("%d · %s", (int) mode, _(bk_mode_label (mode)));
  GtkWidget *name = gtk_label_new (text);
  GtkWidget *button = gtk_button_new ();

  gtk_widget_add_css_class (swatch, mode_css_class (mode));
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open this run in the Run view"));
  g_object_set_data (G_OBJECT (button), "mode-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (on_mode_clicked_cb), self);
  return button;
}

static int
compare_guint64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The growth of resident memory in mode `index` over the comparisons of
 * this subject: the one figure, or the median and the range with how
 * many comparisons gave them. */
static char *
format_growth (BkCompareView *self, guint index)
{
  GArray *samples = self->growth[index];
  g_autoptr(GArray) sorted = g_array_copy (samples);

  if (samples->len == 0)
    return g_strdup ("—");
  g_array_sort (sorted, compare_guint64);
  guint64 low = g_array_index (sorted, guint64, 0), high = g_array_index (sorted, guint64, sorted->len - 1);
  guint64 median = sorted->len % 2 == 1 ? g_array_index (sorted, guint64, sorted->len / 2)
                                        : (g_array_index (sorted, guint64, sorted->len / 2 - 1)
                                           + g_array_index (sorted, guint64, sorted->len / 2)) / 2;
  g_autofree char *middle = bk_format_bytes (median);
  if (samples->len == 1)
    return g_steal_pointer (&middle);
  g_autofree char *from = bk_format_bytes (low);
  g_autofree char *to = bk_format_bytes (high);
  /* TRANSLATORS: resident memory's growth over several comparisons: the
   * median, then the least and the most, and how many comparisons, e.g.
   * "4.6 MiB (2.3 MiB–13.5 MiB in 3 runs)". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s–%s in %u run)", "%s (%s–%s in %u runs)",
                                       samples->len),
                          middle, from, to, samples->len);
}

/* A comparison ended: its modes' growth joins the samples of its subject,
 * or starts them for a new one. */
static void
add_growth_samples (BkCompareView *self, const BkCompare *compare, const char *subject)
{
  if (g_strcmp0 (subject, self->growth_subject) != 0)
    {
      g_free (self->growth_subject);
      self->growth_subject = g_strdup (subject);
      for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
        g_array_set_size (self->growth[i], 0);
    }
  for (guint i = 0; i < compare->n_modes; i++)
    {
      guint64 growth = bk_compare_mode_rss_growth (&compare->modes[i]);
      g_array_append_val (self->growth[i], growth);
    }
}

static void
fill_table (BkCompareView *self)
{
  static const char *const headers[] = {
    N_("Mode"), N_("Cells"), N_("Line storage"), N_("Resident growth (noisy)"), N_("Time"), N_("Bars/s"),
    N_("Final value"), N_("Trades"),
  };
  static const char *const tooltips[] = {
    N_("Open a mode's run in the Run view"),
    N_("Values the lines hold at the end, and those kept inside indicators"),
    N_("What those cells take, 8 bytes each in f64, 4 in f32: counted, the same in every run"),
    N_("How far the process's resident memory rose while the mode ran. It depends on what the allocator kept "
       "from earlier runs and on the rest of the window, so it changes from one comparison to the next: the "
       "median, and the least and the most over the comparisons of this strategy and file. Line storage is "
       "the figure to compare modes by."),
    N_("Time in the run, reading the data included"),
    N_("Bars processed a second"),
    N_("The broker's value at the last close"),
    N_("Closed trades"),
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = cell_label (_(headers[c]), c > 0);

      gtk_widget_add_css_class (label, "heading");
      gtk_widget_set_tooltip_text (label, _(tooltips[c]));
      gtk_grid_attach (self->table, label, (int) c, 0, 1, 1);
    }
  for (guint i = 0; self->compare != NULL && i < self->compare->n_modes; i++)
    {
      const BkCompareMode *mode = &self->compare->modes[i];
      const BkBroker *broker = bk_run_get_broker (mode->run);
      g_autofree char *cells = bk_format_count (mode->report->total_cells);
      g_autofree char *bytes = bk_format_bytes (mode->report->total_bytes);
      g_autofree char *growth = format_growth (self, i);
      g_autofree char *milliseconds = bk_format_number (mode->elapsed * 1000.0, 1, FALSE);
      /* TRANSLATORS: milliseconds, e.g. "14.2 ms". */
      g_autofree char *elapsed = g_strdup_printf (_("%s ms"), milliseconds);
      g_autofree char *speed = bk_format_number (mode->bars_per_second, 0, FALSE);
      g_autofree char *value = bk_format_number (broker->value, 2, FALSE);
      g_autofree char *trades = bk_format_count (broker->trades->len);
      const char *texts[] = { cells, bytes, growth, elapsed, speed, value, trades };
      int row = (int) i + 1;

      gtk_grid_attach (self->table, mode_button (self, i, mode->mode), 0, row, 1, 1);
      for (guint c = 0; c < G_N_ELEMENTS (texts); c++)
        {
          GtkWidget *label = cell_label (texts[c], TRUE);

          /* The measured growth reads as the uncertain figure it is. */
          if (c == 2)
            gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (self->table, label, (int) c + 1, row, 1, 1);
        }
    }
}

/* ---- the charts --------------------------------------------------------- */

#define AXIS_WIDTH 64.0
#define LEGEND_HEIGHT 20.0

/* The modes' legend across the top. */
static void
draw_modes_legend (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors, const BkCompare *compare)
{
  char *labels[BK_COMPARE_N_MODES] = { NULL };
  const char *names[BK_COMPARE_N_MODES];
  BkRgb rgbs[BK_COMPARE_N_MODES];

  for (guint i = 0; i < compare->n_modes; i++)
    {
      labels[i] = g_strdup_printf ("%d · %s", (int) compare->modes[i].mode, _(bk_mode_label (compare->modes[i].mode)));
      names[i] = labels[i];
      rgbs[i] = bk_painter_mode_rgb (compare->modes[i].mode);
    }
  bk_painter_legend (cr, layout, colors, 4, 2, NULL, compare->n_modes, names, rgbs, NULL);
  for (guint i = 0; i < compare->n_modes; i++)
    g_free (labels[i]);
}

/* The parts a memory report is made of, as the bar chart groups them:
 * the data feeds, each named indicator, the observers. */
static guint
report_parts (const BkReport *report, const BkReportItem **parts, guint max)
{
  guint n = 0;

  if (n < max)
    parts[n++] = report->datas;
  for (guint i = 0; i < report->indicators->children->len && n + 1 < max; i++)
    parts[n++] = g_ptr_array_index (report->indicators->children, i);
  if (n < max)
    parts[n++] = report->observers;
  return n;
}

static const char *
part_name (const BkReportItem *item)
{
  if (g_strcmp0 (item->kind, "group") == 0)
    return _(item->label);
  return item->name != NULL ? item->name : item->label;
}

#define MAX_PARTS 24

static void draw_cells_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data);

void
bk_compare_view_draw_cells (BkCompareView *self, cairo_t *cr, int width, int height)
{
  draw_cells_chart (self->cells_chart, cr, width, height, self);
}

void
bk_compare_view_draw_timelines (BkCompareView *self, cairo_t *cr, int width, int height)
{
  bk_timeline_plot_draw (self->timeline_chart, cr, width, height);
}

static void
draw_cells_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  BkCompareView *self = user_data;
  const BkCompare *compare = self->compare;
  BkPainterColors colors;
  const BkReportItem *parts[BK_COMPARE_N_MODES][MAX_PARTS];
  guint n_parts = 0;
  double most = 1;

  if (compare == NULL || compare->n_modes == 0)
    return;
  bk_painter_colors_for_widget (&colors, GTK_WIDGET (area), FALSE);
  for (guint m = 0; m < compare->n_modes; m++)
    n_parts = report_parts (compare->modes[m].report, parts[m], MAX_PARTS);
  for (guint m = 0; m < compare->n_modes; m++)
    for (guint p = 0; p < n_parts; p++)
      most = MAX (most, (double) parts[m][p]->total_cells);

  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  BkPlotArea plot = {
    8, MAX (width - 8 - AXIS_WIDTH, 10), 0, height, LEGEND_HEIGHT + 4, height - 22, 1, most * 2, TRUE,
  };
  bk_painter_y_axis (cr, layout, &colors, &plot);
  draw_modes_legend (cr, layout, &colors, compare);

  double group = plot.width / MAX (n_parts, 1);
  double bar = group * 0.8 / compare->n_modes;
  for (guint p = 0; p < n_parts; p++)
    {
      double x0 = plot.left + p * group + group * 0.1;

      for (guint m = 0; m < compare->n_modes; m++)
        {
          double cells = (double) parts[m][p]->total_cells;

          if (cells < 1)
            continue;
          double top = bk_plot_area_y (&plot, cells);
          /* Opaque: the bars are their swatches' colour. */
          bk_painter_set_rgb (cr, bk_painter_mode_rgb (compare->modes[m].mode), 1.0);
          cairo_rectangle (cr, x0 + m * bar, top, MAX (bar - 1, 1), plot.data_bottom - top);
          cairo_fill (cr);
        }
      /* The part's name under its bars, cut to fit. */
      const char *name = part_name (parts[0][p]);
      g_autofree char *shown = g_strdup (name);
      while (g_utf8_strlen (shown, -1) > 1 && bk_painter_text_width (layout, shown) > group - 4)
        {
          char *last = g_utf8_offset_to_pointer (shown, g_utf8_strlen (shown, -1) - 1);
          *last = '\0';
        }
      bk_painter_set_rgb (cr, colors.fg, 0.75);
      bk_painter_text (cr, layout, shown, plot.left + p * group + group / 2, plot.data_bottom + 4, 0.5, 0.0);
    }
}

/* Cells held against bars processed, a line a mode in its colour, on a
 * logarithmic axis: the modes differ by orders of magnitude. */
static void
fill_timelines (BkCompareView *self)
{
  static const BkTimelineLayout layout = { 8, AXIS_WIDTH, LEGEND_HEIGHT + 4, 22, 2.0 };
  const BkCompare *compare = self->compare;

  bk_timeline_plot_clear (self->timeline_chart);
  bk_timeline_plot_set_layout (self->timeline_chart, &layout);
  if (compare == NULL)
    return;
  bk_timeline_plot_add_pane (self->timeline_chart, BK_TIMELINE_UNIT_COUNT, TRUE);
  for (guint m = 0; m < compare->n_modes; m++)
    {
      GArray *t = compare->modes[m].timeline;
      BkRgb rgb = bk_painter_mode_rgb (compare->modes[m].mode);
      g_autofree char *label = g_strdup_printf ("%d · %s", (int) compare->modes[m].mode,
                                                _(bk_mode_label (compare->modes[m].mode)));
      guint series = bk_timeline_plot_add_series (self->timeline_chart, 0, label, &rgb);

      for (guint i = 0; i < t->len; i++)
        {
          const BkCompareSample *sample = &g_array_index (t, BkCompareSample, i);

          bk_timeline_plot_append (self->timeline_chart, series, sample->bars, sample->cells);
        }
    }
}

static void
show_compare (BkCompareView *self)
{
  const BkCompare *compare = self->compare;

  fill_table (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->cells_chart));
  fill_timelines (self);
  gtk_widget_remove_css_class (self->badge, "success");
  gtk_widget_remove_css_class (self->badge, "error");
  if (compare == NULL || compare->n_modes == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "results");
  if (compare->difference != NULL)
    {
      gtk_widget_add_css_class (self->badge, "error");
      gtk_image_set_from_icon_name (self->badge_icon, "dialog-warning-symbolic");
      gtk_label_set_text (self->badge_label, compare->difference);
    }
  else
    {
      g_autofree char *text = NULL;

      if (compare->n_modes == BK_COMPARE_N_MODES)
        text = g_strdup (_("Identical in all four modes: every bar's values and the results"));
      else
        /* TRANSLATORS: a comparison stopped before its end. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after %u mode; identical so far",
                                             "Stopped after %u modes; identical so far", compare->n_modes),
                                compare->n_modes);
      gtk_widget_add_css_class (self->badge, "success");
      gtk_image_set_from_icon_name (self->badge_icon, "emblem-ok-symbolic");
      gtk_label_set_text (self->badge_label, text);
    }
  gtk_label_set_text (self->note_label,
                      _("Each mode runs on its own, one after another, in this order; mode 0's run is kept, "
                        "and every later mode is checked against it bar by bar. Click a mode to open its run."));
}

/* ---- running ------------------------------------------------------------ */

static void
enable_action (BkCompareView *self, const char *name, gboolean enabled)
{
  /* None after dispose, when a job that ended late tells its end. */
  if (self->actions == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name)),
                               enabled);
}

/* Compare while none goes, Stop while one does; the exports of one shown. */
static void
update_actions (BkCompareView *self)
{
  gboolean shown = self->job == NULL && self->compare != NULL;

  enable_action (self, "run", self->job == NULL && self->chosen_strategy != NULL);
  enable_action (self, "stop", self->job != NULL);
  enable_action (self, "export-compare", shown);
  enable_action (self, "export-compare-charts", shown);
}

static void
set_state (BkCompareView *self, BkJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

/* A stopped comparison ends as cancelled, with the modes it finished. */
static gboolean
compare_job_cb (BkJob *bk_job, gpointer data, GError **error)
{
  Job *job = data;

  job->compare = bk_compare_run (job->strategy, job->path, NULL, job->precision, bk_job_get_cancel_flag (bk_job),
                                 on_compare_progress_cb, bk_job, error);
  if (job->compare == NULL)
    return FALSE;
  if (job->compare->stopped)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_CANCELLED, "Stopped");
      return FALSE;
    }
  return TRUE;
}

/* The modes' runs of the comparison on screen count in the memory the
 * window shows: they go in the application's list of live runs. */
static void
publish_runs (BkCompareView *self)
{
  BkRun *runs[BK_COMPARE_N_MODES] = { NULL };
  guint n = 0;

  if (self->live_runs == NULL)
    return;
  for (guint i = 0; self->compare != NULL && i < self->compare->n_modes; i++)
    runs[n++] = self->compare->modes[i].run;
  bk_live_runs_publish (self->live_runs, self, runs, n);
}

void
bk_compare_view_set_live_runs (BkCompareView *self, GListStore *live_runs)
{
  g_return_if_fail (BK_IS_COMPARE_VIEW (self));

  if (self->live_runs != NULL)
    bk_live_runs_publish (self->live_runs, self, NULL, 0);
  g_set_object (&self->live_runs, live_runs);
  publish_runs (self);
}

static void
on_job_finished_cb (BkJob *bk_job, const GError *error, gpointer user_data)
{
  BkCompareView *self = BK_COMPARE_VIEW (user_data);
  g_autoptr(BkJob) ended = g_steal_pointer (&self->job);
  Job *job = bk_job_get_data (bk_job);

  self->running_index = -1;
  if (job->compare == NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->progress_label, "");
      set_state (self, BK_JOB_FAILED);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  BkCompare *compare = g_steal_pointer (&job->compare);
  g_clear_pointer (&self->compare, bk_compare_free);
  self->compare = compare;
  publish_runs (self);
  add_growth_samples (self, compare, self->running_subject);
  if (compare->stopped)
    {
      g_autofree char *text = g_strdup_printf (_("Stopped during mode %d"), (int) view_modes[compare->n_modes]);
      gtk_label_set_text (self->progress_label, text);
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->progress_label, _("Done"));
    }
  set_state (self, bk_job_get_state (bk_job));
  show_compare (self);
  update_actions (self);
}

void
bk_compare_view_start (BkCompareView *self, BkStrategy *strategy, const char *strategy_name, const char *path,
                       const char *data_name, BkPrecision precision)
{
  g_return_if_fail (BK_IS_COMPARE_VIEW (self));

  if (self->job != NULL)
    return;
  Job *job = g_new0 (Job, 1);
  job->view = g_object_ref (self);
  job->strategy = strategy;
  job->path = g_strdup (path);
  job->precision = precision;
  self->job = bk_job_new ("barkeep-compare", compare_job_cb, job, (GDestroyNotify) job_free);
  g_signal_connect (self->job, "progress", G_CALLBACK (on_job_progress_cb), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished_cb), self);
  g_free (self->data_name);
  g_free (self->data_path);
  self->data_name = g_strdup (data_name);
  self->data_path = g_strdup (path);
  g_free (self->running_subject);
  self->running_subject = g_strdup_printf ("%p %d %s", (gpointer) strategy, (int) precision, path);

  /* TRANSLATORS: the strategy, the data file and the precision compared. */
  g_autofree char *subject = g_strdup_printf (_("%s on %s, precision %s"), strategy_name, data_name, precision == BK_PRECISION_F64 ? "f64" : "f32");
  gtk_label_set_text (self->subject_label, subject);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subject_label), path);
  show_progress (self, 0, 0.0);
  set_state (self, BK_JOB_RUNNING);
  bk_job_start (self->job);
}

/* What the "run" action compares (the toolbar's mode is not its). */
static void
set_chosen (BkView *view, const BkViewChoice *chosen)
{
  BkCompareView *self = BK_COMPARE_VIEW (view);

  self->chosen_strategy = chosen->strategy;
  g_free (self->chosen_strategy_name);
  self->chosen_strategy_name = g_strdup (chosen->strategy_name);
  g_set_object (&self->chosen_data, chosen->data);
  self->chosen_precision = chosen->precision;
  update_actions (self);
}

void
bk_compare_view_run (BkCompareView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BK_IS_COMPARE_VIEW (self));
  if (self->chosen_strategy == NULL || self->job != NULL)
    return;
  g_autofree char *path = self->chosen_data != NULL ? g_file_get_path (self->chosen_data)
                                                    : bk_source_find_sample (&error);
  if (path == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error != NULL ? error->message : _("The file has no local path"));
      return;
    }
  g_autofree char *name = bk_format_data_name (self->chosen_data);
  bk_compare_view_start (self, self->chosen_strategy, self->chosen_strategy_name, path, name, self->chosen_precision);
}

void
bk_compare_view_stop (BkCompareView *self)
{
  g_return_if_fail (BK_IS_COMPARE_VIEW (self));

  if (self->job != NULL)
    bk_job_cancel (self->job);
}

gboolean
bk_compare_view_is_running (BkCompareView *self)
{
  return self->job != NULL;
}

const BkCompare *
bk_compare_view_get_compare (BkCompareView *self)
{
  return self->compare;
}

BkJobState
bk_compare_view_get_state (BkCompareView *self)
{
  return self->state;
}

int
bk_compare_view_get_running_mode (BkCompareView *self)
{
  return self->running_index;
}

/* The data of the comparison going on or on screen; none before the first. */
static gboolean
get_data_name (BkView *view, char **name, char **path)
{
  BkCompareView *self = BK_COMPARE_VIEW (view);

  *name = g_strdup (self->data_name);
  *path = g_strdup (self->data_path);
  return self->data_name != NULL;
}

const char *
bk_compare_view_get_cell (BkCompareView *self, guint row, guint column)
{
  GtkWidget *child = gtk_grid_get_child_at (self->table, (int) column, (int) row);

  return GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
}

const char *
bk_compare_view_get_badge (BkCompareView *self)
{
  return gtk_label_get_text (self->badge_label);
}

/* ---- exports and actions ------------------------------------------------ */

gboolean
bk_compare_view_export (BkCompareView *self, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (self->compare != NULL, FALSE);
  if (g_str_has_suffix (path, ".json"))
    {
      bk_compare_append_json (self->compare, out);
      g_string_append_c (out, '\n');
    }
  else
    bk_compare_append_csv (self->compare, out);
  return g_file_set_contents (path, out->str, out->len, error);
}

static void
draw_cells_on_white (cairo_t *cr, int width, int height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bk_compare_view_draw_cells (data, cr, width, height);
}

static void
draw_timelines_on_white (cairo_t *cr, int width, int height, gpointer data)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bk_compare_view_draw_timelines (data, cr, width, height);
}

gboolean
bk_compare_view_export_charts (BkCompareView *self, const char *path, GError **error)
{
  const BkExportChart charts[] = {
    { "cells", 1200, 480, draw_cells_on_white },
    { "timelines", 1200, 420, draw_timelines_on_white },
  };

  g_return_val_if_fail (self->compare != NULL, FALSE);
  return bk_export_charts (path, charts, G_N_ELEMENTS (charts), self, error);
}

static void
export_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_compare_view_export, BK_COMPARE_VIEW (widget)->toast_overlay,
                     _("Comparison exported"));
}

static void
export_charts_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_compare_view_export_charts,
                     BK_COMPARE_VIEW (widget)->toast_overlay, _("Charts exported: …-cells and …-timelines"));
}

static void
action_run_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_compare_view_run (BK_COMPARE_VIEW (user_data));
}

static void
action_stop_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_compare_view_stop (BK_COMPARE_VIEW (user_data));
}

static void
action_export_compare_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export the Comparison (CSV or JSON)"), BK_FILE_DIALOG_SAVE,
                         "compare.csv", NULL, export_to);
}

static void
action_export_compare_charts_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export the Comparison's Charts (PNG, SVG or PDF)"),
                         BK_FILE_DIALOG_SAVE, "compare.png", NULL, export_charts_to);
}

GActionGroup *
bk_compare_view_get_actions (BkCompareView *self)
{
  g_return_val_if_fail (BK_IS_COMPARE_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

/* ---- the class ---------------------------------------------------------- */

static void
bk_compare_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkCompareView *self = BK_COMPARE_VIEW (object);

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
bk_compare_view_dispose (GObject *object)
{
  BkCompareView *self = BK_COMPARE_VIEW (object);

  bk_compare_view_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_COMPARE_VIEW);
  g_clear_pointer (&self->compare, bk_compare_free);
  bk_compare_view_set_live_runs (self, NULL);
  g_clear_pointer (&self->data_name, g_free);
  g_clear_pointer (&self->data_path, g_free);
  g_clear_pointer (&self->growth_subject, g_free);
  g_clear_pointer (&self->running_subject, g_free);
  g_clear_pointer (&self->chosen_strategy_name, g_free);
  g_clear_object (&self->chosen_data);
  g_clear_object (&self->actions);
  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    g_clear_pointer (&self->growth[i], g_array_unref);
  G_OBJECT_CLASS (bk_compare_view_parent_class)->dispose (object);
}

static void
bk_compare_view_class_init (BkCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_compare_view_get_property;
  object_class->dispose = bk_compare_view_dispose;

  /* Of the last comparison: cancelled when it was stopped. */
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* A comparison could not run: the message names file, line and column. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A mode was clicked: its finished run (a BkRun*, borrowed). */
  signals[SIGNAL_OPEN_RUN] = g_signal_new ("open-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (BK_TYPE_TIMELINE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, box);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, badge);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, badge_label);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, table);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, cells_chart);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, timeline_chart);
  gtk_widget_class_bind_template_child (widget_class, BkCompareView, note_label);
}

static void
bk_compare_view_init (BkCompareView *self)
{
  static const GActionEntry actions[] = {
    { "run", action_run_cb },
    { "stop", action_stop_cb },
    { "export-compare", action_export_compare_cb },
    { "export-compare-charts", action_export_compare_charts_cb },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  self->running_index = -1;
  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    self->growth[i] = g_array_new (FALSE, FALSE, sizeof (guint64));
  gtk_drawing_area_set_draw_func (self->cells_chart, draw_cells_chart, self, NULL);
  show_compare (self);
  update_actions (self);
}

static void
bk_compare_view_view_init (BkViewInterface *iface)
{
  iface->takes = BK_VIEW_TAKES_DATA;
  iface->run_label = N_("_Compare");
  iface->run_tooltip = N_("Compare the four memory modes (F5)");
  iface->get_actions = (gpointer) bk_compare_view_get_actions;
  iface->is_running = (gpointer) bk_compare_view_is_running;
  iface->set_chosen = set_chosen;
  iface->get_data_name = get_data_name;
}
