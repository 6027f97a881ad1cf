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
#include "bk-gen-universe.h"
#include "bk-universe-view.h"
#include "bk-error.h"
#include "bk-memory-panel.h"
#include "bk-results-panel.h"
#include "bk-run-view.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy-file.h"
#include "bk-window-private.h"


struct _BkWindow {
  AdwApplicationWindow parent_instance;

  GtkStack *run_stop_stack;
  GtkButton *run_button;
  GtkWidget *menu_button;
  AdwViewStack *view_stack;
  BkCompareView *compare_view;
  BkUniverseView *universe_view;
  GtkWidget *toolbar_row;
  GtkLabel *data_label;
  GtkWidget *mode_box;
  GtkWidget *compare_spacer;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkDropDown *strategy_dropdown;
  GtkDropDown *mode_dropdown;
  GtkLabel *mode_explanation;
  GtkDropDown *precision_dropdown;
  BkRunView *run_view;

  GSettings *settings;
  GPtrArray *strategies;     /* BkStrategy*, in the dropdown's order */
  GtkStringList *strategy_names;
  GFile *data;               /* NULL: the bundled sample */
  /* The toolbar names `data` though nothing is on screen: it was chosen
   * (a strategy that could not be loaded ran nothing on it). */
  gboolean data_chosen;
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

static gboolean compare_page_visible (BkWindow *self);

/* The name of the data the view shows — the run or comparison going on, or
 * the one on screen, else none — in the toolbar (its path in the tooltip)
 * and in the window's title. */
static void
update_subtitle (BkWindow *self)
{
  gboolean shown;
  GFile *data = bk_run_view_get_data (self->run_view, &shown);
  const char *compare_path = NULL;
  const char *compared = bk_compare_view_get_data (self->compare_view, &compare_path);
  g_autofree char *name = NULL, *path = NULL;

  if (compare_page_visible (self) && compared != NULL)
    {
      name = g_strdup (compared);
      path = g_strdup (compare_path);
    }
  else
    {
      if (!shown && self->data_chosen)
        {
          shown = TRUE;
          data = self->data;
        }
      name = shown ? data_display_name (data) : g_strdup (_("None"));
      path = shown && data != NULL ? g_file_get_parse_name (data) : NULL;
    }
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

static gboolean
universe_page_visible (BkWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "universe") == 0;
}

static void
update_actions (BkWindow *self)
{
  gboolean comparing = bk_compare_view_is_running (self->compare_view);
  gboolean compare_page = compare_page_visible (self);
  gboolean universe_page = universe_page_visible (self);
  gboolean universe_running = bk_universe_view_is_running (self->universe_view);
  gboolean universe_result = bk_universe_view_get_result (self->universe_view) != NULL;
  /* Run and Stop act on the view on screen. */
  gboolean running = universe_page  ? universe_running
                     : compare_page ? comparing : bk_run_view_is_running (self->run_view);
  BkRun *shown = bk_run_view_get_shown (self->run_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", !comparing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-compare",
                                 !comparing && bk_compare_view_get_compare (self->compare_view) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-compare-charts",
                                 !comparing && bk_compare_view_get_compare (self->compare_view) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.universe-folder", !universe_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.universe-list", !universe_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.universe-model", !universe_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.universe-generated", !universe_running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-universe", !universe_running && universe_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-universe-charts",
                                 !universe_running && universe_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-universe-stats", !universe_running && universe_result);
  /* The universe has its own settings: the data and strategy are not its. */
  gtk_widget_set_visible (self->toolbar_row, !universe_page);
  gtk_widget_set_visible (self->mode_box, !compare_page);
  gtk_button_set_label (self->run_button, compare_page ? _("_Compare") : _("_Run"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button),
                               universe_page  ? _("Run the universe (F5)")
                               : compare_page ? _("Compare the four memory modes (F5)") : _("Run the strategy (F5)"));
  gtk_widget_set_visible (self->compare_spacer, compare_page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chart",
                                 shown != NULL && bk_graph_get_mode (bk_run_get_graph (shown)) != BK_MODE_MINIMAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-report", shown != NULL);
  gtk_stack_set_visible_child_name (self->run_stop_stack, running ? "stop" : "run");
}

/* ---- the Run view ------------------------------------------------------ */

/* The current data, strategy, mode and precision, in the Run view. */
static void
start_run (BkWindow *self)
{
  hide_error (self);
  self->data_chosen = FALSE;
  bk_run_view_start (self->run_view, selected_strategy (self), self->data, bk_window_get_mode (self),
                     selected_precision (self));
}

static void
stop_run (BkWindow *self)
{
  bk_run_view_stop (self->run_view);
}

static void
toast (BkWindow *self, const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (bk_run_view_get_chart (self->run_view)),
                                                ADW_TYPE_TOAST_OVERLAY);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

/* What the Run view needs of the toolbar: the settings chosen now. */
static void
tell_chosen (BkWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);

  bk_run_view_set_chosen (self->run_view, bk_window_get_mode (self), selected_precision (self),
                          selected_strategy (self),
                          selected < self->strategies->len ? gtk_string_list_get_string (self->strategy_names, selected)
                                                           : NULL);
}

/* A run failed: the banner says where; the data is the shown run's again. */
static void
on_run_failed_cb (BkRunView *view, const char *message, BkWindow *self)
{
  gboolean shown;
  GFile *data = bk_run_view_get_data (view, &shown);

  show_error (self, message);
  if (bk_run_view_get_shown (view) != NULL)
    g_set_object (&self->data, data);
  update_subtitle (self);
  update_actions (self);
}

static void
on_run_changed_cb (BkWindow *self)
{
  update_subtitle (self);
  update_actions (self);
}

/* ---- compare ---------------------------------------------------------- */

/* A comparison began or ended: its runs count in the memory panel. */
static void
on_compare_running_cb (BkWindow *self)
{
  update_actions (self);
  bk_run_view_update_memory (self->run_view);
}

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
  bk_run_view_note_baseline (self->run_view);
  const char *strategy_name = gtk_string_list_get_string (self->strategy_names,
                                                         gtk_drop_down_get_selected (self->strategy_dropdown));
  bk_compare_view_start (self->compare_view, strategy, strategy_name, path, name, selected_precision (self));
  update_subtitle (self);
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
  if (bk_run_view_is_running (self->run_view))
    return;
  bk_window_set_mode (self, bk_graph_get_mode (bk_run_get_graph (run)));
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  bk_run_view_show_run (self->run_view, run, self->data);
}

/* ---- universe ---------------------------------------------------------- */

/* The Universe view's folder and settings; a folder is asked for when
 * there is none yet. */
static void
start_universe (BkWindow *self)
{
  hide_error (self);
  if (bk_universe_view_get_source (self->universe_view) == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.universe-folder", NULL);
  else
    bk_universe_view_start (self->universe_view);
}

static void
on_universe_failed_cb (BkUniverseView *view, const char *message, BkWindow *self)
{
  show_error (self, message);
}

void
bk_window_universe (BkWindow *self, const char *source)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "universe");
  if (source != NULL)
    bk_universe_view_set_source (self->universe_view, source);
  start_universe (self);
}

gboolean
bk_window_set_universe_model (BkWindow *self, const char *path)
{
  g_autoptr(GError) error = NULL;

  adw_view_stack_set_visible_child_name (self->view_stack, "universe");
  if (bk_universe_view_set_model_file (self->universe_view, path, &error))
    return TRUE;
  show_error (self, error->message);
  return FALSE;
}

/* ---- files ------------------------------------------------------------ */

void
bk_window_set_data (BkWindow *self, GFile *file)
{
  g_set_object (&self->data, file);
  self->data_chosen = TRUE;
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
  /* A run going on stops, and this one starts when it has. */
  start_run (self);
}

/* The built-in strategies' names, for the translations; files the user
 * opens keep the names they give. */
static const char *const builtin_names[] G_GNUC_UNUSED = {
  N_("Memory savings sample"),
  N_("SMA crossover"),
  N_("RSI reversion"),
  N_("MACD signal"),
  N_("Ichimoku cloud"),
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
      bk_run_view_show_strategy_error (self->run_view, error->message);
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

/* What a file dialog asks for. */
typedef enum {
  CHOOSE_OPEN,
  CHOOSE_SAVE,
  CHOOSE_FOLDER,
} Choose;

#if GTK_CHECK_VERSION (4, 10, 0)
typedef struct {
  BkWindow *window;
  FileChosenFunc func;
  Choose choose;
} DialogData;

static void
on_file_dialog_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  DialogData *data = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  g_autoptr(GFile) file = data->choose == CHOOSE_SAVE     ? gtk_file_dialog_save_finish (dialog, result, NULL)
                          : data->choose == CHOOSE_FOLDER ? gtk_file_dialog_select_folder_finish (dialog, result, NULL)
                                                          : gtk_file_dialog_open_finish (dialog, result, NULL);

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

/* One way to ask for a file or a folder on GTK 4.8 and on 4.10 and later
 * (GtkFileDialog, through the portal in the Flatpak). */
static void
choose_file (BkWindow *self, const char *title, Choose choose, const char *suggested,
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
  data->choose = choose;
  if (choose == CHOOSE_SAVE)
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, on_file_dialog_done_cb, data);
  else if (choose == CHOOSE_FOLDER)
    gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, on_file_dialog_done_cb, data);
  else
    gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, on_file_dialog_done_cb, data);
  g_object_unref (dialog);
  g_clear_object (&filter);
#else
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                                              choose == CHOOSE_SAVE     ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                              : choose == CHOOSE_FOLDER ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
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

static void
export_chart_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_run_view_export_chart (self->run_view, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Chart exported"));
}

static void
export_report_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_run_view_export_report (self->run_view, path, &error))
    show_error (self, error->message);
  else
    toast (self, _("Memory report exported"));
}

/* ---- actions ---------------------------------------------------------- */

static void
action_open_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Open Price Data"), CHOOSE_OPEN, NULL, csv_filter (), bk_window_open_data);
}

static void
action_open_strategy_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Strategy files"));
  gtk_file_filter_add_suffix (filter, "ini");
  choose_file (BK_WINDOW (widget), _("Open Strategy File"), CHOOSE_OPEN, NULL, filter, open_strategy_file);
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

  if (universe_page_visible (self))
    start_universe (self);
  else if (compare_page_visible (self))
    start_compare (self);
  else
    start_run (self);
}

static void
action_stop_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  BkWindow *self = BK_WINDOW (widget);

  if (universe_page_visible (self))
    bk_universe_view_stop (self->universe_view);
  else if (compare_page_visible (self))
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
  BkWindow *self = BK_WINDOW (widget);

  bk_run_view_clean_up (self->run_view, g_str_equal (name, "win.cleanup-force"));
  if (g_str_equal (name, "win.cleanup-force"))
    {
      /* seed 000's cleanup_memory(force=True): the data goes too. */
      g_clear_object (&self->data);
      self->data_chosen = FALSE;
      update_subtitle (self);
    }
}

static void
action_dismiss_error_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  hide_error (BK_WINDOW (widget));
}

static void
action_reset_view_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_chart_reset_view (bk_run_view_get_chart (BK_WINDOW (widget)->run_view));
}

static void
action_export_chart_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export Chart (PNG, SVG or PDF)"), CHOOSE_SAVE, "chart.png", NULL, export_chart_to);
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

/* Charts drawn into files beside each other: NAME-SUFFIX.EXT for each,
 * PNG, SVG or PDF by path's extension. */
typedef struct {
  const char *suffix;
  int width, height;
  BkPainterDrawFunc draw;
} ChartFile;

static gboolean
export_charts (const char *path, const ChartFile *files, guint n, gpointer data, GError **error)
{
  g_autofree char *export_path = NULL;
  BkChartFormat format;

  if (!bk_chart_format_for (path, &format, &export_path, error))
    return FALSE;
  const char *dot = strrchr (export_path, '.');
  g_autofree char *stem = g_strndup (export_path, dot - export_path);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s%s", stem, files[i].suffix, dot);

      if (!bk_painter_export (name, format, files[i].width, files[i].height, files[i].draw, data, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
bk_window_export_compare_charts (BkWindow *self, const char *path, GError **error)
{
  const ChartFile files[] = {
    { "cells", 1200, 480, draw_compare_cells },
    { "timelines", 1200, 420, draw_compare_timelines },
  };

  g_return_val_if_fail (bk_compare_view_get_compare (self->compare_view) != NULL, FALSE);
  return export_charts (path, files, G_N_ELEMENTS (files), self->compare_view, error);
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
  choose_file (BK_WINDOW (widget), _("Export the Comparison's Charts (PNG, SVG or PDF)"), CHOOSE_SAVE, "compare.png", NULL,
               export_compare_charts_to);
}

static void
action_export_compare_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Comparison (CSV or JSON)"), CHOOSE_SAVE, "compare.csv", NULL,
               export_compare_to);
}

static void
action_export_report_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export Memory Report (CSV or JSON)"), CHOOSE_SAVE, "memory-report.csv", NULL,
               export_report_to);
}

/* ---- universe actions ------------------------------------------------- */

/* A folder, or a list file. */
static void
universe_folder_chosen (BkWindow *self, GFile *folder)
{
  g_autofree char *path = g_file_get_path (folder);

  if (path == NULL)
    {
      show_error (self, _("The file has no local path"));
      return;
    }
  bk_window_universe (self, path);
}

static void
action_universe_folder_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Choose a Folder of Price Files"), CHOOSE_FOLDER, NULL, NULL,
               universe_folder_chosen);
}

static void
action_universe_list_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  /* TRANSLATORS: text files listing price files, one path a line. */
  gtk_file_filter_set_name (filter, _("Lists of price files"));
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "lst");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  choose_file (BK_WINDOW (widget), _("Choose a List of Price Files"), CHOOSE_OPEN, NULL, filter,
               universe_folder_chosen);
}

static void
universe_model_chosen (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    bk_window_set_universe_model (self, path);
}

static void
action_universe_model_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Model files"));
  gtk_file_filter_add_suffix (filter, "ini");
  choose_file (BK_WINDOW (widget), _("Open Model File"), CHOOSE_OPEN, NULL, filter, universe_model_chosen);
}

/* 300 generated symbols of 1000 bars in the cache folder (made once: the
 * generator gives the same files every time), run at once. */
static void
action_universe_generated_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  BkWindow *self = BK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "barkeep", "universe-300", NULL);
  g_autofree char *last_name = bk_universe_symbol_name (299, 300);
  g_autofree char *last_file = g_strconcat (last_name, ".csv", NULL);
  g_autofree char *last = g_build_filename (folder, last_file, NULL);

  if (!g_file_test (last, G_FILE_TEST_IS_REGULAR)
      && !bk_universe_generate (folder, 300, 1000, BK_UNIVERSE_DEFAULT_SEED, &error))
    {
      show_error (self, error->message);
      return;
    }
  bk_window_universe (self, folder);
}

static void
export_universe_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_universe_view_export (self->universe_view, path, &error))
    show_error (self, error->message);
}

static void
export_universe_stats_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_universe_view_export_stats (self->universe_view, path, &error))
    show_error (self, error->message);
}

static void
draw_universe_timeline (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_timeline (data, cr, width, height);
}

static void
draw_universe_pip (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_pip (data, cr, width, height);
}

static void
draw_universe_compare (cairo_t *cr, int width, int height, gpointer data)
{
  bk_universe_view_draw_compare (data, cr, width, height);
}

gboolean
bk_window_export_universe_charts (BkWindow *self, const char *path, GError **error)
{
  guint64 peak[2];
  double elapsed[2];
  const ChartFile files[] = {
    { "memory", 1200, 420, draw_universe_timeline },
    { "pip", 1000, 400, draw_universe_pip },
    { "before-after", 1200, 420, draw_universe_compare },
  };
  guint n = bk_universe_view_get_compared (self->universe_view, peak, elapsed) ? 3 : 2;

  g_return_val_if_fail (bk_universe_view_get_result (self->universe_view) != NULL, FALSE);
  return export_charts (path, files, n, self->universe_view, error);
}

static void
export_universe_charts_to (BkWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!bk_window_export_universe_charts (self, path, &error))
    show_error (self, error->message);
}

static void
action_export_universe_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Universe's Results (JSON or CSV)"), CHOOSE_SAVE, "universe.json",
               NULL, export_universe_to);
}

static void
action_export_universe_charts_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Universe's Charts (PNG, SVG or PDF)"), CHOOSE_SAVE, "universe.png",
               NULL, export_universe_charts_to);
}

static void
action_export_universe_stats_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (BK_WINDOW (widget), _("Export the Universe's Statistics"), CHOOSE_SAVE, "universe.stats", NULL,
               export_universe_stats_to);
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
  tell_chosen (self);
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

  BkChart *chart = bk_run_view_get_chart (self->run_view);

  bk_chart_set_style (chart, g_str_equal (style, "bars") ? BK_CHART_BARS : BK_CHART_CANDLES);
  bk_chart_set_red_up (chart, g_settings_get_boolean (self->settings, "red-up"));
}

static void
bk_window_dispose (GObject *object)
{
  BkWindow *self = BK_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_WINDOW);
  g_clear_object (&self->data);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (bk_window_parent_class)->dispose (object);
}

static void
bk_window_finalize (GObject *object)
{
  BkWindow *self = BK_WINDOW (object);

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

  g_type_ensure (BK_TYPE_RUN_VIEW);
  g_type_ensure (BK_TYPE_COMPARE_VIEW);
  g_type_ensure (BK_TYPE_UNIVERSE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, universe_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, toolbar_row);
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
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_view);

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
  gtk_widget_class_install_action (widget_class, "win.universe-folder", NULL, action_universe_folder_cb);
  gtk_widget_class_install_action (widget_class, "win.universe-list", NULL, action_universe_list_cb);
  gtk_widget_class_install_action (widget_class, "win.universe-model", NULL, action_universe_model_cb);
  gtk_widget_class_install_action (widget_class, "win.universe-generated", NULL, action_universe_generated_cb);
  gtk_widget_class_install_action (widget_class, "win.export-universe", NULL, action_export_universe_cb);
  gtk_widget_class_install_action (widget_class, "win.export-universe-charts", NULL,
                                   action_export_universe_charts_cb);
  gtk_widget_class_install_action (widget_class, "win.export-universe-stats", NULL, action_export_universe_stats_cb);
}

static void
bk_window_init (BkWindow *self)
{
  const char *precisions[] = { "f64", "f32", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  use_unwrapped_tooltip (self->menu_button);
  self->settings = bk_application_new_settings ();
  self->strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_strategy_unref);
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
  g_signal_connect_swapped (self->strategy_dropdown, "notify::selected", G_CALLBACK (tell_chosen), self);
  g_signal_connect_swapped (self->precision_dropdown, "notify::selected", G_CALLBACK (tell_chosen), self);
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
  g_signal_connect (self->run_view, "failed", G_CALLBACK (on_run_failed_cb), self);
  g_signal_connect_swapped (self->run_view, "changed", G_CALLBACK (on_run_changed_cb), self);
  g_signal_connect_swapped (self->run_view, "notify::state", G_CALLBACK (update_actions), self);
  bk_run_view_set_compare_view (self->run_view, self->compare_view);
  tell_chosen (self);
  g_signal_connect (self->compare_view, "open-run", G_CALLBACK (on_compare_open_run_cb), self);
  g_signal_connect_swapped (self->compare_view, "notify::state", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->compare_view, "notify::state", G_CALLBACK (on_compare_running_cb), self);
  g_signal_connect (self->universe_view, "failed", G_CALLBACK (on_universe_failed_cb), self);
  g_signal_connect_swapped (self->universe_view, "notify::state", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->universe_view, "notify::has-result", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (update_subtitle), self);
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
  return bk_run_view_is_running (self->run_view);
}

const char *
bk_window_get_data_name (BkWindow *self)
{
  return gtk_label_get_text (self->data_label);
}

BkRunView *
bk_window_get_run_view (BkWindow *self)
{
  return self->run_view;
}

const char *
bk_window_get_stale_note (BkWindow *self)
{
  return bk_run_view_get_stale_note (self->run_view);
}

BkMemorySplit
bk_window_measure_memory (BkWindow *self)
{
  return bk_run_view_measure_memory (self->run_view);
}

BkResultsPanel *
bk_window_get_results_panel (BkWindow *self)
{
  return bk_run_view_get_results_panel (self->run_view);
}

BkUniverseView *
bk_window_get_universe_view (BkWindow *self)
{
  return self->universe_view;
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
  return bk_run_view_get_chart (self->run_view);
}

BkMemoryPanel *
bk_window_get_memory_panel (BkWindow *self)
{
  return bk_run_view_get_memory_panel (self->run_view);
}

const char *
bk_window_get_chart_page (BkWindow *self)
{
  return bk_run_view_get_chart_page (self->run_view);
}

const char *
bk_window_get_error (BkWindow *self)
{
  return gtk_revealer_get_reveal_child (self->banner_revealer) ? gtk_label_get_text (self->banner_label) : NULL;
}

BkRun *
bk_window_get_run (BkWindow *self)
{
  return bk_run_view_get_run (self->run_view);
}

BkJobState
bk_window_get_run_state (BkWindow *self)
{
  return bk_run_view_get_state (self->run_view);
}

void
bk_window_get_last_cleanup (BkWindow *self, guint64 *before, guint64 *after)
{
  bk_run_view_get_last_cleanup (self->run_view, before, after);
}

gboolean
bk_window_export_chart (BkWindow *self, const char *path, GError **error)
{
  return bk_run_view_export_chart (self->run_view, path, error);
}

gboolean
bk_window_export_report (BkWindow *self, const char *path, GError **error)
{
  return bk_run_view_export_report (self->run_view, path, error);
}
