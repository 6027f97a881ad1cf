/* bk-sweep-view.c — the Sweep view: the parameters' panel, the sweep on a
 * BkJob, what it shows when it ends.
 *
 * The panel is a row a parameter varied: its name, chosen from the
 * strategy file's numbers (bk-strategy-params), and its values as the
 * CLI's --param takes them (A:B, A:B:STEP, a,b,c), checked as they are
 * typed.  The job reads the data once and runs bk_sweep_run on every core;
 * Stop raises the flag the combinations look at, and those that finished
 * stay on screen.  A combination opened goes out as "open-combination"
 * with its rewritten text: the window loads it and runs it in the Run
 * view. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-format.h"
#include "bk-source.h"
#include "bk-strategy-file.h"
#include "bk-strategy-params.h"
#include "bk-sweep-view-private.h"
#include "bk-view.h"
#include "bk-widget.h"

/* What the worker thread and the main loop share about one sweep: the
 * data of its BkJob. */
typedef struct {
  BkSweepView *view;            /* a strong reference while the job lives */
  BkSweep *sweep;               /* what it computed, stopped or not */
  GArray *axis_values[BK_SWEEP_VIEW_MAX_AXES];
  char *strategy_name;
  char *file;
  char *path;
  char *data_name;              /* as the source names it, once read */
  guint64 n_bars;
  gint64 start;
} Job;

/* A parameter varied: a row of the panel. */
typedef struct {
  BkSweepView *view;
  GtkWidget *box;
  GtkDropDown *name;
  GtkEntry *spec;
} AxisRow;

static void bk_sweep_view_view_init (BkViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BkSweepView, bk_sweep_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BK_TYPE_VIEW, bk_sweep_view_view_init))

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_FAILED, SIGNAL_OPEN_COMBINATION, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
free_axis_values (GArray **values)
{
  for (guint a = 0; a < BK_SWEEP_VIEW_MAX_AXES; a++)
    g_clear_pointer (&values[a], g_array_unref);
}

static void
job_free (Job *job)
{
  g_object_unref (job->view);
  g_clear_pointer (&job->sweep, bk_sweep_free);
  free_axis_values (job->axis_values);
  g_free (job->strategy_name);
  g_free (job->file);
  g_free (job->path);
  g_free (job->data_name);
  g_free (job);
}

/* ---- the parameters' panel ---------------------------------------------- */

static void update_actions (BkSweepView *self);

/* Values for a parameter to start from: some ten across the range the
 * parameter panel gives it. */
static char *
default_spec (const BkStrategyParams *params, guint index)
{
  const BkStrategyParam *param = bk_strategy_params_get (params, index);
  char from[BK_STRATEGY_PARAMS_NUMBER_SIZE], to[BK_STRATEGY_PARAMS_NUMBER_SIZE], by[BK_STRATEGY_PARAMS_NUMBER_SIZE];
  double lower = param->lower, upper = param->upper, step;

  if (!(upper > lower))
    {
      bk_strategy_params_format_number (param->value, from);
      return g_strdup (from);
    }
  if (param->integer)
    {
      step = MAX (1.0, round ((upper - lower) / 8.0));
      lower = ceil (lower);
    }
  else
    {
      step = bk_painter_nice_step (upper - lower, 5.0);
      lower = ceil (lower / step) * step;
      /* A step of 0.1 makes 0.30000000000000004 of 3 × 0.1: what is
       * written is what the range gives (bk_sweep_parse_spec). */
      lower = round (lower / step) * step;
    }
  /* A range that starts where the file may not (a cash of 0) starts a
   * step on. */
  if (!bk_strategy_params_check_value (params, index, lower, NULL) && lower + step <= upper)
    lower += step;
  upper = lower + floor ((upper - lower) / step + 1e-9) * step;
  bk_strategy_params_format_number (lower, from);
  bk_strategy_params_format_number (upper, to);
  bk_strategy_params_format_number (step, by);
  return step == 1.0 ? g_strdup_printf ("%s:%s", from, to) : g_strdup_printf ("%s:%s:%s", from, to, by);
}

static gint
param_index (BkSweepView *self, const char *name)
{
  for (guint i = 0; i < self->params_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->params_names, i), name))
      return (gint) i;
  return -1;
}

static const char *
row_name (AxisRow *row)
{
  guint selected = gtk_drop_down_get_selected (row->name);

  return selected < row->view->params_names->len ? g_ptr_array_index (row->view->params_names, selected) : NULL;
}

/* The sweep the panel describes (its axes' values in `axis_values` when
 * given), or NULL with an error naming the parameter. */
static BkSweep *
build_sweep (BkSweepView *self, GArray **axis_values, GError **error)
{
  if (self->chosen_text == NULL)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID,
                           _("This strategy is not a strategy file: it has no parameters to sweep"));
      return NULL;
    }
  if (self->rows->len == 0)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID, _("Add a parameter to sweep"));
      return NULL;
    }
  BkStrategyParams *params = bk_strategy_params_new (self->chosen_text, -1, self->chosen_file, error);
  if (params == NULL)
    return NULL;
  g_autoptr(BkSweep) sweep = bk_sweep_new (params);
  for (guint r = 0; r < self->rows->len; r++)
    {
      AxisRow *row = g_ptr_array_index (self->rows, r);
      const char *name = row_name (row);
      g_autofree char *spec = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->spec))));
      g_autofree char *param = g_strdup_printf ("%s=%s", name, spec);

      if (name == NULL)
        continue;
      if (!bk_sweep_add_axis (sweep, param, error))
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      if (axis_values != NULL)
        axis_values[r] = bk_sweep_parse_spec (spec, NULL);
    }
  return g_steal_pointer (&sweep);
}

/* How many combinations the panel's grid has, or what is wrong with it. */
static void
update_grid (BkSweepView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkSweep) sweep = build_sweep (self, NULL, &error);

  if (sweep == NULL)
    {
      gtk_label_set_text (self->grid_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->grid_label), "error");
    }
  else
    {
      guint64 n = bk_sweep_get_n_combinations (sweep);
      g_autofree char *count = bk_format_count (n);
      /* TRANSLATORS: how many combinations the grid has. */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s combination, each in memory mode 1",
                                                            "%s combinations, each in memory mode 1",
                                                            (gulong) MIN (n, G_MAXULONG)),
                                               count);
      gtk_label_set_text (self->grid_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->grid_label), "error");
    }
  update_actions (self);
}

static void
on_spec_changed_cb (GtkEditable *editable, AxisRow *row)
{
  update_grid (row->view);
}

/* A parameter chosen anew starts from its default values. */
static void
on_name_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, AxisRow *row)
{
  BkSweepView *self = row->view;
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->params != NULL && selected < bk_strategy_params_get_n (self->params))
    {
      const BkStrategyParam *param = bk_strategy_params_get (self->params, selected);
      g_autofree char *spec = default_spec (self->params, selected);
      char value[BK_STRATEGY_PARAMS_NUMBER_SIZE], min[BK_STRATEGY_PARAMS_NUMBER_SIZE],
        max[BK_STRATEGY_PARAMS_NUMBER_SIZE];
      bk_strategy_params_format_number (param->value, value);
      bk_strategy_params_format_number (param->min, min);
      bk_strategy_params_format_number (param->max, max);
      /* TRANSLATORS: a parameter's tooltip: its value in the file, where,
       * and what the file may hold there. */
      g_autofree char *tooltip = g_strdup_printf (_("%s at line %u, column %u; allowed from %s to %s"), value,
                                                  param->line, param->column, min, max);

      gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), tooltip);
      gtk_editable_set_text (GTK_EDITABLE (row->spec), spec);
    }
  update_grid (self);
}

static void
remove_row (BkSweepView *self, AxisRow *row)
{
  gtk_box_remove (self->axes_box, row->box);
  g_ptr_array_remove (self->rows, row);
}

static void
on_remove_clicked_cb (GtkButton *button, AxisRow *row)
{
  BkSweepView *self = row->view;

  remove_row (self, row);
  update_grid (self);
}

/* A row for parameter `index`, its values `spec` (NULL: its default). */
static AxisRow *
add_row (BkSweepView *self, guint index, const char *spec)
{
  AxisRow *row = g_new0 (AxisRow, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  for (guint i = 0; i < self->params_names->len; i++)
    gtk_string_list_append (names, g_ptr_array_index (self->params_names, i));
  row->view = self;
  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->name = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
  row->spec = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (row->name), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (row->spec), 11);
  gtk_entry_set_placeholder_text (row->spec, "A:B:STEP");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->spec),
                               _("The values: A:B from A to B, A:B:STEP with a step, or a list a,b,c"));
  gtk_widget_add_css_class (GTK_WIDGET (row->spec), "numeric");
  gtk_widget_set_tooltip_text (remove, _("Do not vary this parameter"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->name));
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->spec));
  gtk_box_append (GTK_BOX (row->box), remove);
  gtk_box_append (self->axes_box, row->box);
  g_ptr_array_add (self->rows, row);

  gtk_drop_down_set_selected (row->name, index);
  on_name_selected_cb (row->name, NULL, row);
  if (spec != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row->spec), spec);
  g_signal_connect (row->name, "notify::selected", G_CALLBACK (on_name_selected_cb), row);
  g_signal_connect (row->spec, "changed", G_CALLBACK (on_spec_changed_cb), row);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), row);
  return row;
}

static void
clear_rows (BkSweepView *self)
{
  while (self->rows->len > 0)
    remove_row (self, g_ptr_array_index (self->rows, self->rows->len - 1));
}

/* The first parameter no row varies: an indicator's, then a value that is
 * one number (rules.size), then the others, [broker]'s among them; -1
 * when every one is varied. */
static gint
next_free_param (BkSweepView *self)
{
  for (guint pass = 0; pass < 3 && self->params != NULL; pass++)
    for (guint i = 0; i < bk_strategy_params_get_n (self->params); i++)
      {
        const BkStrategyParam *param = bk_strategy_params_get (self->params, i);
        gboolean broker = g_str_has_prefix (param->name, "broker.");
        gboolean fits = pass == 0 ? param->kind == BK_STRATEGY_PARAM_INDICATOR
                      : pass == 1 ? !broker && strchr (param->name, '#') == NULL
                                  : TRUE;
        gboolean used = FALSE;

        for (guint r = 0; r < self->rows->len; r++)
          used = used || gtk_drop_down_get_selected (((AxisRow *) g_ptr_array_index (self->rows, r))->name) == i;
        if (fits && !used)
          return (gint) i;
      }
  return -1;
}

static void
add_parameter (BkSweepView *self)
{
  gint index = next_free_param (self);

  if (index >= 0 && self->rows->len < BK_SWEEP_VIEW_MAX_AXES)
    add_row (self, (guint) index, NULL);
  update_grid (self);
}

/* A strategy's text chosen: its parameters in the panel's lists; the rows
 * kept when it has the same parameters (another combination of the same
 * file), two to start with otherwise. */
static void
set_text (BkSweepView *self, const char *text, const char *file)
{
  g_autoptr(GPtrArray) kept_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kept_specs = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (text, self->chosen_text) == 0 && g_strcmp0 (file, self->chosen_file) == 0)
    return;
  for (guint r = 0; r < self->rows->len; r++)
    {
      AxisRow *row = g_ptr_array_index (self->rows, r);

      g_ptr_array_add (kept_names, g_strdup (row_name (row)));
      g_ptr_array_add (kept_specs, g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->spec))));
    }
  clear_rows (self);
  g_free (self->chosen_text);
  g_free (self->chosen_file);
  self->chosen_text = g_strdup (text);
  self->chosen_file = g_strdup (file);
  g_clear_pointer (&self->params, bk_strategy_params_free);
  g_autoptr(GPtrArray) old_names = g_steal_pointer (&self->params_names);
  self->params_names = g_ptr_array_new_with_free_func (g_free);
  if (text != NULL)
    self->params = bk_strategy_params_new (text, -1, file, NULL);
  for (guint i = 0; self->params != NULL && i < bk_strategy_params_get_n (self->params); i++)
    g_ptr_array_add (self->params_names, g_strdup (bk_strategy_params_get (self->params, i)->name));

  gboolean same = self->params_names->len == old_names->len;
  for (guint i = 0; same && i < old_names->len; i++)
    same = g_str_equal (g_ptr_array_index (old_names, i), g_ptr_array_index (self->params_names, i));
  for (guint r = 0; same && r < kept_names->len; r++)
    {
      const char *name = g_ptr_array_index (kept_names, r);
      gint index = name != NULL ? param_index (self, name) : -1;

      if (index >= 0)
        add_row (self, (guint) index, g_ptr_array_index (kept_specs, r));
    }
  while (self->rows->len < 2 && next_free_param (self) >= 0)
    add_parameter (self);
  update_grid (self);
}

gboolean
bk_sweep_view_set_axes (BkSweepView *self, const char *const *params, guint n, GError **error)
{
  g_return_val_if_fail (BK_IS_SWEEP_VIEW (self), FALSE);
  g_return_val_if_fail (n <= BK_SWEEP_VIEW_MAX_AXES, FALSE);

  clear_rows (self);
  for (guint i = 0; i < n; i++)
    {
      const char *eq = strchr (params[i], '=');
      g_autofree char *name = eq != NULL ? g_strndup (params[i], (gsize) (eq - params[i])) : g_strdup (params[i]);
      gint index = param_index (self, name);

      if (index < 0)
        {
          /* The engine's message, with the closest name. */
          if (self->params == NULL || bk_strategy_params_lookup (self->params, name, error) >= 0)
            g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("no parameter '%s'"), name);
          update_grid (self);
          return FALSE;
        }
      add_row (self, (guint) index, eq != NULL ? eq + 1 : NULL);
    }
  update_grid (self);
  g_autoptr(BkSweep) sweep = build_sweep (self, NULL, error);
  return sweep != NULL;
}

/* ---- running ------------------------------------------------------------ */

static void
enable_action (BkSweepView *self, const char *name, gboolean enabled)
{
  /* None after dispose, when a job that ended late tells its end. */
  if (self->actions == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name)),
                               enabled);
}

static void
update_actions (BkSweepView *self)
{
  enable_action (self, "run", self->job == NULL && self->chosen_text != NULL && self->rows->len > 0);
  enable_action (self, "stop", self->job != NULL);
  enable_action (self, "add-parameter",
                 self->job == NULL && self->rows->len < BK_SWEEP_VIEW_MAX_AXES && next_free_param (self) >= 0);
  enable_action (self, "open-best", self->job == NULL && self->best >= 0);
}

static void
set_state (BkSweepView *self, BkJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

typedef struct {
  guint64 done, total;
} Progress;

static void
on_job_progress_cb (BkJob *bk_job, gpointer data, gpointer user_data)
{
  BkSweepView *self = BK_SWEEP_VIEW (user_data);
  const Progress *p = data;
  Job *job = bk_job_get_data (bk_job);

  /* A late report of a sweep that has already ended changes nothing. */
  if (self->job != bk_job || p->total == 0)
    return;
  double fraction = (double) p->done / (double) p->total;
  double elapsed = (double) (g_get_monotonic_time () - job->start) / G_USEC_PER_SEC;
  double left = p->done > 0 ? elapsed * (double) (p->total - p->done) / (double) p->done : 0.0;
  g_autofree char *done = bk_format_count (p->done);
  g_autofree char *total = bk_format_count (p->total);
  /* TRANSLATORS: a sweep's progress: combinations done of all, how far,
   * and the seconds left. */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s combination · %.0f%% · %.0f s left",
                                                        "%s of %s combinations · %.0f%% · %.0f s left",
                                                        (gulong) MIN (p->total, G_MAXULONG)),
                                           done, total, fraction * 100.0, ceil (left));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_label_set_text (self->progress_label, text);
}

/* On the worker thread: each report replaces one the window has not
 * taken yet. */
static void
on_sweep_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  Progress *progress = g_new (Progress, 1);

  *progress = (Progress) { done, total };
  bk_job_post_progress (BK_JOB (user_data), progress, g_free, TRUE);
}

/* The bars, read once; then every combination on every core. */
static gboolean
sweep_job_cb (BkJob *bk_job, gpointer data, GError **error)
{
  Job *job = data;
  g_autoptr(BkSource) source = bk_source_new_csv (job->path, NULL, error);
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  const gint *cancel = bk_job_get_cancel_flag (bk_job);
  GError *local = NULL;
  BkBar bar;

  if (source == NULL)
    return FALSE;
  while (bk_source_next (source, &bar, &local))
    {
      g_array_append_val (bars, bar);
      if (bars->len % 65536 == 0 && g_atomic_int_get (cancel))
        {
          g_set_error_literal (error, BK_ERROR, BK_ERROR_CANCELLED, _("the sweep was stopped"));
          return FALSE;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  job->data_name = g_strdup (bk_source_get_name (source));
  job->n_bars = bars->len;
  return bk_sweep_run (job->sweep, (const BkBar *) (gpointer) bars->data, bars->len, job->data_name,
                       bk_source_has_time (source), g_get_num_processors (), NULL, cancel, on_sweep_progress_cb,
                       bk_job, error);
}

static void show_sweep (BkSweepView *self);

static void
on_job_finished_cb (BkJob *bk_job, const GError *error, gpointer user_data)
{
  BkSweepView *self = BK_SWEEP_VIEW (user_data);
  g_autoptr(BkJob) ended = g_steal_pointer (&self->job);
  Job *job = bk_job_get_data (bk_job);
  BkJobState state = bk_job_get_state (bk_job);

  if (state == BK_JOB_FAILED || bk_sweep_get_n_done (job->sweep) == 0)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->progress_label, state == BK_JOB_CANCELLED ? _("Stopped") : "");
      set_state (self, state);
      update_actions (self);
      if (state == BK_JOB_FAILED)
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }
  g_clear_pointer (&self->sweep, bk_sweep_free);
  self->sweep = g_steal_pointer (&job->sweep);
  free_axis_values (self->axis_values);
  for (guint a = 0; a < BK_SWEEP_VIEW_MAX_AXES; a++)
    self->axis_values[a] = g_steal_pointer (&job->axis_values[a]);
  g_free (self->sweep_strategy_name);
  self->sweep_strategy_name = g_strdup (job->strategy_name);
  g_free (self->sweep_file);
  self->sweep_file = g_strdup (job->file);
  self->n_bars = job->n_bars;

  g_autofree char *done = bk_format_count (bk_sweep_get_n_done (self->sweep));
  g_autofree char *total = bk_format_count (bk_sweep_get_n_combinations (self->sweep));
  if (state == BK_JOB_CANCELLED)
    {
      /* TRANSLATORS: a sweep stopped: combinations finished, of all. */
      g_autofree char *text = g_strdup_printf (_("Stopped: %s of %s combinations finished"), done, total);
      gtk_label_set_text (self->progress_label, text);
    }
  else
    {
      double elapsed = (double) (g_get_monotonic_time () - job->start) / G_USEC_PER_SEC;
      g_autofree char *seconds = bk_format_number (elapsed, 2, FALSE);
      /* TRANSLATORS: a sweep done: the combinations, the seconds it took. */
      g_autofree char *text = g_strdup_printf (_("%s combinations in %s s"), total, seconds);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->progress_label, text);
    }
  set_state (self, state);
  show_sweep (self);
}

void
bk_sweep_view_run (BkSweepView *self)
{
  g_autoptr(GError) error = NULL;
  GArray *axis_values[BK_SWEEP_VIEW_MAX_AXES] = { NULL };

  g_return_if_fail (BK_IS_SWEEP_VIEW (self));
  if (self->job != NULL)
    return;
  BkSweep *sweep = build_sweep (self, axis_values, &error);
  g_autofree char *path = sweep == NULL ? NULL
                        : self->chosen_data != NULL ? g_file_get_path (self->chosen_data)
                                                    : bk_source_find_sample (&error);
  if (sweep == NULL || path == NULL)
    {
      g_clear_pointer (&sweep, bk_sweep_free);
      free_axis_values (axis_values);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error != NULL ? error->message : _("The file has no local path"));
      return;
    }

  Job *job = g_new0 (Job, 1);
  job->view = g_object_ref (self);
  job->sweep = sweep;
  memcpy (job->axis_values, axis_values, sizeof axis_values);
  job->strategy_name = g_strdup (self->chosen_strategy_name);
  job->file = g_strdup (self->chosen_file);
  job->path = g_strdup (path);
  job->start = g_get_monotonic_time ();
  self->job = bk_job_new ("barkeep-sweep", sweep_job_cb, job, (GDestroyNotify) job_free);
  g_signal_connect (self->job, "progress", G_CALLBACK (on_job_progress_cb), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_job_finished_cb), self);
  g_free (self->data_name);
  g_free (self->data_path);
  self->data_name = bk_format_data_name (self->chosen_data);
  self->data_path = g_strdup (path);

  guint64 n = bk_sweep_get_n_combinations (sweep);
  g_autofree char *count = bk_format_count (n);
  /* TRANSLATORS: the strategy swept, the data, the combinations. */
  g_autofree char *subject = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s on %s, %s combination",
                                                           "%s on %s, %s combinations", (gulong) MIN (n, G_MAXULONG)),
                                              self->chosen_strategy_name, self->data_name, count);
  gtk_label_set_text (self->subject_label, subject);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subject_label), path);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_text (self->progress_label, "");
  set_state (self, BK_JOB_RUNNING);
  update_actions (self);
  bk_job_start (self->job);
}

void
bk_sweep_view_stop (BkSweepView *self)
{
  g_return_if_fail (BK_IS_SWEEP_VIEW (self));

  if (self->job != NULL)
    bk_job_cancel (self->job);
}

gboolean
bk_sweep_view_is_running (BkSweepView *self)
{
  return self->job != NULL;
}

BkJobState
bk_sweep_view_get_state (BkSweepView *self)
{
  return self->state;
}

BkSweep *
bk_sweep_view_get_sweep (BkSweepView *self)
{
  return self->sweep;
}

/* ---- what it shows ------------------------------------------------------ */

static void
find_best (BkSweepView *self)
{
  self->best = -1;
  if (self->sweep == NULL)
    return;
  g_autoptr(GArray) order = bk_sweep_rank (self->sweep, self->metric);
  if (order->len > 0 && isfinite (bk_sweep_metric_value (bk_sweep_get_result (self->sweep,
                                                                               g_array_index (order, guint64, 0)),
                                                         self->metric)))
    self->best = (gint64) g_array_index (order, guint64, 0);
}

static void
show_best (BkSweepView *self)
{
  find_best (self);
  update_actions (self);
  if (self->sweep == NULL)
    return;
  guint n_axes = bk_sweep_get_n_axes (self->sweep);
  g_autofree char *title = NULL;
  if (self->best >= 0)
    {
      g_autofree char *best = bk_sweep_view_describe (self, (guint64) self->best);
      g_autofree char *value = bk_sweep_view_format_metric (
        self->metric, bk_sweep_metric_value (bk_sweep_get_result (self->sweep, (guint64) self->best), self->metric));
      /* TRANSLATORS: the plot's title: the metric, then the best
       * combination and its value. */
      title = g_strdup_printf (_("%s — best: %s (%s)"), bk_sweep_view_metric_label (self->metric), best, value);
    }
  else
    title = g_strdup (bk_sweep_view_metric_label (self->metric));
  gtk_label_set_text (self->plot_title, title);
  if (n_axes <= 2)
    gtk_widget_queue_draw (GTK_WIDGET (self->plot));
  else
    bk_sweep_view_table_fill (self);
}

static void
show_sweep (BkSweepView *self)
{
  if (self->sweep == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->memory_label, "");
      return;
    }
  self->hovered = -1;
  gtk_stack_set_visible_child_name (self->stack, bk_sweep_get_n_axes (self->sweep) <= 2 ? "plot" : "table");

  /* What the combinations held: each its own, and what its group's one
   * graph shared. */
  guint64 own = 0, shared = 0;
  guint group = 0;
  for (guint64 k = 0; k < bk_sweep_get_n_combinations (self->sweep); k++)
    {
      const BkSweepResult *result = bk_sweep_get_result (self->sweep, k);

      if (!result->done)
        continue;
      own = MAX (own, result->cells);
      shared = MAX (shared, result->shared_cells);
      group = MAX (group, result->group);
    }
  g_autofree char *own_text = bk_format_count (own);
  g_autofree char *shared_text = bk_format_count (shared);
  g_autofree char *bars_text = bk_format_count (self->n_bars);
  /* TRANSLATORS: the memory of a sweep: the most combinations sharing one
   * graph, the cells such a group shared, the most cells one combination
   * held of its own, the bars of the data. */
  g_autofree char *memory = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Memory, mode 1: one graph for each group of up to %u "
                                                          "combination, %s cells shared by a group (the data's lines, "
                                                          "the indicators common to several) and at most %s of each "
                                                          "combination's own (its rules, its account); the data's %s "
                                                          "bars were read once for all.",
                                                          "Memory, mode 1: one graph for each group of up to %u "
                                                          "combinations, %s cells shared by a group (the data's lines, "
                                                          "the indicators common to several) and at most %s of each "
                                                          "combination's own (its rules, its account); the data's %s "
                                                          "bars were read once for all.",
                                                          group),
                                             group, shared_text, own_text, bars_text);
  gtk_label_set_text (self->memory_label, memory);
  show_best (self);
}

guint
bk_sweep_view_get_metric (BkSweepView *self)
{
  return self->metric;
}

void
bk_sweep_view_set_metric (BkSweepView *self, guint metric)
{
  g_return_if_fail (metric < bk_sweep_get_n_metrics ());
  gtk_drop_down_set_selected (self->metric_dropdown, metric);
}

static void
on_metric_selected_cb (BkSweepView *self)
{
  guint selected = gtk_drop_down_get_selected (self->metric_dropdown);

  if (selected >= bk_sweep_get_n_metrics ())
    return;
  self->metric = selected;
  show_best (self);
}

gint64
bk_sweep_view_get_best (BkSweepView *self)
{
  return self->best;
}

void
bk_sweep_view_open (BkSweepView *self, guint64 k)
{
  g_return_if_fail (self->sweep != NULL && k < bk_sweep_get_n_combinations (self->sweep));

  gsize len;
  g_autofree char *text = bk_sweep_get_text (self->sweep, k, &len);
  g_autofree char *which = bk_sweep_view_describe (self, k);
  g_autofree char *name = g_strdup_printf ("%s (%s)", self->sweep_strategy_name, which);

  g_signal_emit (self, signals[SIGNAL_OPEN_COMBINATION], 0, text, self->sweep_file, name);
}

const char *
bk_sweep_view_get_memory_text (BkSweepView *self)
{
  return gtk_label_get_text (self->memory_label);
}

const char *
bk_sweep_view_get_page (BkSweepView *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* ---- the view ----------------------------------------------------------- */

static void
set_chosen (BkView *view, const BkViewChoice *chosen)
{
  BkSweepView *self = BK_SWEEP_VIEW (view);

  self->chosen_strategy = chosen->strategy;
  g_free (self->chosen_strategy_name);
  self->chosen_strategy_name = g_strdup (chosen->strategy_name);
  g_set_object (&self->chosen_data, chosen->data);

  /* The strategy file's text: the file's, or the built-in's. */
  g_autofree char *text = NULL, *file = NULL;
  if (chosen->strategy != NULL && chosen->strategy_path != NULL)
    {
      if (g_file_get_contents (chosen->strategy_path, &text, NULL, NULL))
        file = g_strdup (chosen->strategy_path);
    }
  else if (chosen->strategy != NULL && bk_strategy_file_builtin_text (bk_strategy_get_id (chosen->strategy)) != NULL)
    {
      text = g_strdup (bk_strategy_file_builtin_text (bk_strategy_get_id (chosen->strategy)));
      file = g_strconcat (bk_strategy_get_id (chosen->strategy), ".ini", NULL);
    }
  set_text (self, text, file);
  update_actions (self);
}

/* The data of the sweep going on or on screen; none before the first. */
static gboolean
get_data_name (BkView *view, char **name, char **path)
{
  BkSweepView *self = BK_SWEEP_VIEW (view);

  *name = g_strdup (self->data_name);
  *path = g_strdup (self->data_path);
  return self->data_name != NULL;
}

static void
action_run_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_sweep_view_run (BK_SWEEP_VIEW (user_data));
}

static void
action_stop_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_sweep_view_stop (BK_SWEEP_VIEW (user_data));
}

static void
action_add_parameter_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  add_parameter (BK_SWEEP_VIEW (user_data));
}

static void
action_open_best_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  BkSweepView *self = BK_SWEEP_VIEW (user_data);

  if (self->best >= 0)
    bk_sweep_view_open (self, (guint64) self->best);
}

GActionGroup *
bk_sweep_view_get_actions (BkSweepView *self)
{
  g_return_val_if_fail (BK_IS_SWEEP_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

static void
bk_sweep_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkSweepView *self = BK_SWEEP_VIEW (object);

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
bk_sweep_view_dispose (GObject *object)
{
  BkSweepView *self = BK_SWEEP_VIEW (object);

  bk_sweep_view_stop (self);
  bk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_SWEEP_VIEW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sweep, bk_sweep_free);
  free_axis_values (self->axis_values);
  g_clear_pointer (&self->params, bk_strategy_params_free);
  g_clear_pointer (&self->params_names, g_ptr_array_unref);
  g_clear_pointer (&self->chosen_strategy_name, g_free);
  g_clear_pointer (&self->chosen_text, g_free);
  g_clear_pointer (&self->chosen_file, g_free);
  g_clear_pointer (&self->sweep_strategy_name, g_free);
  g_clear_pointer (&self->sweep_file, g_free);
  g_clear_pointer (&self->data_name, g_free);
  g_clear_pointer (&self->data_path, g_free);
  g_clear_object (&self->chosen_data);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (bk_sweep_view_parent_class)->dispose (object);
}

static void
bk_sweep_view_class_init (BkSweepViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_sweep_view_get_property;
  object_class->dispose = bk_sweep_view_dispose;

  /* Of the last sweep: cancelled when it was stopped. */
  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* A sweep could not run: the message names the parameter, or the file,
   * line and column. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A combination asked for in the Run view: its strategy file's text,
   * how errors name that file, and the name to show it by. */
  signals[SIGNAL_OPEN_COMBINATION] = g_signal_new ("open-combination", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                                                   G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-sweep-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, axes_box);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, grid_label);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, stack);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, plot);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, plot_title);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, table);
  gtk_widget_class_bind_template_child (widget_class, BkSweepView, memory_label);
}

static void
bk_sweep_view_init (BkSweepView *self)
{
  static const GActionEntry actions[] = {
    { "run", action_run_cb },
    { "stop", action_stop_cb },
    { "add-parameter", action_add_parameter_cb },
    { "open-best", action_open_best_cb },
  };
  g_autoptr(GtkStringList) metrics = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->params_names = g_ptr_array_new_with_free_func (g_free);
  self->best = -1;
  self->hovered = -1;
  for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
    gtk_string_list_append (metrics, bk_sweep_view_metric_label (m));
  gtk_drop_down_set_model (self->metric_dropdown, G_LIST_MODEL (metrics));
  gtk_drop_down_set_selected (self->metric_dropdown, 0);
  g_signal_connect_swapped (self->metric_dropdown, "notify::selected", G_CALLBACK (on_metric_selected_cb), self);
  bk_sweep_view_plot_init (self);
  update_grid (self);
  show_sweep (self);
}

static void
bk_sweep_view_view_init (BkViewInterface *iface)
{
  iface->takes = BK_VIEW_TAKES_DATA;
  iface->run_label = N_("_Sweep");
  iface->run_tooltip = N_("Run the strategy for every combination of the parameters (F5)");
  iface->get_actions = (gpointer) bk_sweep_view_get_actions;
  iface->is_running = (gpointer) bk_sweep_view_is_running;
  iface->set_chosen = set_chosen;
  iface->get_data_name = get_data_name;
}
