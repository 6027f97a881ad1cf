/* bk-window.c — the main window: the toolbar (data, strategy, memory
 * mode, precision), the error banner, and the views in a stack.
 *
 * Every page of the stack (bk-window.ui) is a BkView, which owns its work
 * and its actions, and the window treats them alike: it carries the
 * actions of the view on screen as "view." (the toolbar's Run and Stop,
 * their keys), shows of the toolbar what that view runs with, tells every
 * view what the toolbar chose, and shows their failures in its banner.  It
 * keeps as "win." only what acts on the whole window: opening data and
 * strategies, Compare, the universe's folder, clean-up, the banner.  What
 * joins two views (a mode clicked in Compare opens its run in the Run
 * view) is the window's too.  It knows nothing of the application: the
 * application hands it the list of live runs (bk_window_set_live_runs). */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bk-compare-view.h"
#include "bk-file-dialog.h"
#include "bk-format.h"
#include "bk-mode-choices.h"
#include "bk-run-view.h"
#include "bk-settings.h"
#include "bk-strategy-file.h"
#include "bk-sweep-view.h"
#include "bk-universe-view.h"
#include "bk-view.h"
#include "bk-widget.h"
#include "bk-window.h"

struct _BkWindow {
  AdwApplicationWindow parent_instance;

  GtkStack *run_stop_stack;
  GtkButton *run_button;
  GtkWidget *menu_button;
  AdwViewStack *view_stack;
  BkCompareView *compare_view;
  BkUniverseView *universe_view;
  BkSweepView *sweep_view;
  GtkWidget *toolbar_row;
  GtkLabel *data_label;
  GtkWidget *mode_box;
  GtkWidget *mode_spacer;
  GtkRevealer *banner_revealer;
  GtkLabel *banner_label;
  GtkDropDown *strategy_dropdown;
  GtkDropDown *mode_dropdown;
  GtkLabel *mode_explanation;
  GtkDropDown *precision_dropdown;
  BkRunView *run_view;

  GSettings *settings;
  GPtrArray *views;          /* BkView*, the stack's pages in order */
  GPtrArray *strategies;     /* BkStrategy*, in the dropdown's order */
  GPtrArray *strategy_paths; /* char*, each one's file; NULL: a built-in */
  GtkStringList *strategy_names;
  GFile *data;               /* NULL: the bundled sample */
  /* The toolbar names `data` though nothing is on screen: it was chosen
   * (a strategy that could not be loaded ran nothing on it). */
  gboolean data_chosen;
  BkStrategyDocument *document; /* the Run view's, watched for its file */
  guint choose_idle;            /* chooses the document's file in the toolbar */
};

G_DEFINE_FINAL_TYPE (BkWindow, bk_window, ADW_TYPE_APPLICATION_WINDOW)

/* The window's actions that start one view's work, off while it runs. */
static const struct {
  const char *action;
  const char *view;          /* its page's name */
} starters[] = {
  { "win.compare", "compare" },
  { "win.universe-folder", "universe" },
};

static const char *
mode_explanation (BkMode mode)
{
  switch (mode)
    {
    case BK_MODE_KEEP_ALL:
      return _("Every line keeps every bar.");
    case BK_MODE_MINIMAL:
      return _("Every line is a ring of the values its readers need; prices stream; no chart, but a followed "
               "source's last bars.");
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

/* The view on screen.  (The stack's pages hold the views themselves.) */
static BkView *
visible_view (BkWindow *self)
{
  return BK_VIEW (adw_view_stack_get_visible_child (self->view_stack));
}

/* The name of the data on screen — what the view on screen names (the
 * comparison going on or shown), else the Run view's run going on or
 * shown, else the data chosen, else none — in the toolbar (its path in the
 * tooltip) and in the window's title. */
static void
update_subtitle (BkWindow *self)
{
  g_autofree char *name = NULL, *path = NULL;

  if (!bk_view_get_data_name (visible_view (self), &name, &path))
    {
      gboolean shown;
      GFile *data = bk_run_view_get_data (self->run_view, &shown);

      if (!shown && self->data_chosen)
        {
          shown = TRUE;
          data = self->data;
        }
      name = shown ? bk_format_data_name (data) : g_strdup (_("None"));
      path = shown && data != NULL ? g_file_get_parse_name (data) : NULL;
    }
  g_autofree char *title = g_strdup_printf ("%s — %s", _("Barkeep"), name);

  gtk_label_set_text (self->data_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->data_label), path);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* What acts on the view on screen (Run, Stop, its exports) is that view's
 * own action group, which the window carries as "view."; the window's own
 * actions are the ones that act on the whole window. */
static void
update_actions (BkWindow *self)
{
  BkView *view = visible_view (self);
  BkViewTakes takes = bk_view_get_takes (view);

  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    {
      GtkWidget *starts = adw_view_stack_get_child_by_name (self->view_stack, starters[i].view);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), starters[i].action, !bk_view_is_running (BK_VIEW (starts)));
    }
  /* The toolbar shows what the view on screen runs with. */
  gtk_widget_set_visible (self->toolbar_row, (takes & BK_VIEW_TAKES_DATA) != 0);
  gtk_widget_set_visible (self->mode_box, (takes & BK_VIEW_TAKES_MODE) != 0);
  gtk_widget_set_visible (self->mode_spacer, (takes & BK_VIEW_TAKES_MODE) == 0);
  gtk_button_set_label (self->run_button, bk_view_get_run_label (view));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_button), bk_view_get_run_tooltip (view));
  gtk_stack_set_visible_child_name (self->run_stop_stack, bk_view_is_running (view) ? "stop" : "run");
}

static void
on_visible_view_cb (BkWindow *self)
{
  gtk_widget_insert_action_group (GTK_WIDGET (self), "view", bk_view_get_actions (visible_view (self)));
  update_actions (self);
  update_subtitle (self);
}

/* What the views run is what the toolbar chose. */
static void
tell_chosen (BkWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->strategy_dropdown);
  BkViewChoice chosen = {
    .data = self->data,
    .strategy = selected_strategy (self),
    .strategy_name = selected < self->strategies->len ? gtk_string_list_get_string (self->strategy_names, selected)
                                                      : NULL,
    .strategy_path = selected < self->strategies->len ? g_ptr_array_index (self->strategy_paths, selected) : NULL,
    .mode = bk_window_get_mode (self),
    .precision = selected_precision (self),
  };

  for (guint i = 0; i < self->views->len; i++)
    bk_view_set_chosen (g_ptr_array_index (self->views, i), &chosen);
}

static void
set_data (BkWindow *self, GFile *data)
{
  g_set_object (&self->data, data);
  tell_chosen (self);
  update_subtitle (self);
}

/* The current data, strategy, mode and precision, in the Run view. */
static void
start_run (BkWindow *self)
{
  hide_error (self);
  self->data_chosen = FALSE;
  bk_run_view_run (self->run_view);
}

/* ---- every view ---------------------------------------------------------- */

/* A view's work began or ended: work that begins takes the banner of the
 * last away. */
static void
on_view_state_cb (BkWindow *self, GParamSpec *pspec, BkView *view)
{
  BkJobState state;

  g_object_get (view, "state", &state, NULL);
  if (state == BK_JOB_RUNNING)
    hide_error (self);
  update_actions (self);
  update_subtitle (self);
}

/* What a view could not do: the banner says where. */
static void
on_view_failed_cb (BkView *view, const char *message, BkWindow *self)
{
  show_error (self, message);
}

/* ---- the Run view ------------------------------------------------------ */

/* A run started: the data named is its. */
static void
on_run_state_cb (BkWindow *self)
{
  if (bk_run_view_get_state (self->run_view) == BK_JOB_RUNNING)
    self->data_chosen = FALSE;
}

/* A run failed: the data is the shown run's again.  (An export that failed
 * leaves the data alone.) */
static void
on_run_failed_cb (BkRunView *view, const char *message, BkWindow *self)
{
  gboolean shown;
  GFile *data = bk_run_view_get_data (view, &shown);

  if (bk_run_view_get_state (view) == BK_JOB_FAILED && bk_run_view_get_shown (view) != NULL)
    set_data (self, data);
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

/* A comparison began or ended: its runs count in the memory panel; one
 * that begins measures, before the first run anywhere, what the program
 * holds. */
static void
on_compare_state_cb (BkWindow *self)
{
  if (bk_compare_view_get_state (self->compare_view) == BK_JOB_RUNNING)
    bk_run_view_note_baseline (self->run_view);
  bk_run_view_update_memory (self->run_view);
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

void
bk_window_compare (BkWindow *self)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "compare");
  bk_compare_view_run (self->compare_view);
}

/* ---- universe ---------------------------------------------------------- */

void
bk_window_universe (BkWindow *self, const char *source)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "universe");
  if (source != NULL)
    bk_universe_view_set_source (self->universe_view, source);
  /* Without a source, Run asks for a folder. */
  g_action_group_activate_action (bk_universe_view_get_actions (self->universe_view), "run", NULL);
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
  self->data_chosen = TRUE;
  set_data (self, file);
}

void
bk_window_compare_data (BkWindow *self, GFile *file)
{
  set_data (self, file);
  bk_window_compare (self);
}

void
bk_window_open_data (BkWindow *self, GFile *file)
{
  set_data (self, file);
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
  N_("Bracketed breakout"),
  N_("Long/short crossover"),
};

static guint
add_strategy (BkWindow *self, BkStrategy *strategy, const char *path)
{
  const char *name = bk_strategy_get_name (strategy);
  gboolean builtin = path == NULL;

  g_ptr_array_add (self->strategies, strategy);
  g_ptr_array_add (self->strategy_paths, g_strdup (path));
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
  gtk_drop_down_set_selected (self->strategy_dropdown, add_strategy (self, strategy, name_or_path));
  return TRUE;
}

/* ---- the editor's file ------------------------------------------------- */

/* The toolbar's strategy read from `path`, or the list's length. */
static guint
find_strategy_path (BkWindow *self, const char *path)
{
  guint index = 0;

  while (index < self->strategy_paths->len && g_strcmp0 (g_ptr_array_index (self->strategy_paths, index), path) != 0)
    index++;
  return index;
}

static char *
document_path (BkStrategyDocument *document)
{
  GFile *file = document != NULL ? bk_strategy_document_get_file (document) : NULL;

  return file != NULL ? g_file_get_path (file) : NULL;
}

/* The editor's file, once listed, is the toolbar's choice, so that the
 * toolbar names what runs; not when the editor went on to another
 * document meanwhile (saved when asked, before another one loads), nor
 * while it has changes, which choosing would ask about.  Choosing loads
 * the file again into the editor: the cursor stays where it was. */
static gboolean
choose_document_idle (gpointer user_data)
{
  BkWindow *self = user_data;
  BkStrategyDocument *document = self->document;
  g_autofree char *path = document_path (document);
  guint index;

  self->choose_idle = 0;
  if (path == NULL || bk_strategy_document_get_modified (document)
      || (index = find_strategy_path (self, path)) == self->strategy_paths->len
      || index == gtk_drop_down_get_selected (self->strategy_dropdown))
    return G_SOURCE_REMOVE;

  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (document));
  GtkTextIter iter;
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  int offset = gtk_text_iter_get_offset (&iter);

  gtk_drop_down_set_selected (self->strategy_dropdown, index);
  if (self->document != document)
    {
      GtkTextView *view = GTK_TEXT_VIEW (bk_strategy_editor_get_view (bk_run_view_get_editor (self->run_view)));

      buffer = GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (self->document));
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (buffer));
    }
  return G_SOURCE_REMOVE;
}

/* The editor's document has a file the toolbar does not list (saved to a
 * new file, or opened in the editor): it joins the list, named as the
 * file names it (with the file's name when another has that name).  A
 * file that does not load is not listed; saved again, it is tried again. */
static void
on_document_file_cb (BkWindow *self)
{
  g_autofree char *path = document_path (self->document);

  if (path == NULL)
    return;
  if (find_strategy_path (self, path) == self->strategy_paths->len)
    {
      BkStrategy *strategy = bk_strategy_open (path, NULL);

      if (strategy == NULL)
        return;
      guint index = add_strategy (self, strategy, path);
      const char *name = gtk_string_list_get_string (self->strategy_names, index);
      for (guint i = 0; i < index; i++)
        if (g_str_equal (gtk_string_list_get_string (self->strategy_names, i), name))
          {
            g_autofree char *base = g_path_get_basename (path);
            g_autofree char *named = g_strdup_printf ("%s (%s)", name, base);

            gtk_string_list_splice (self->strategy_names, index, 1, (const char *const[]) { named, NULL });
            break;
          }
    }
  if (self->choose_idle == 0)
    self->choose_idle = g_idle_add (choose_document_idle, self);
}

static void
on_editor_document_cb (BkWindow *self)
{
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, bk_run_view_get_document (self->run_view));
  if (self->document == NULL)
    return;
  g_signal_connect_swapped (self->document, "notify::file", G_CALLBACK (on_document_file_cb), self);
  g_signal_connect_swapped (self->document, "notify::modified", G_CALLBACK (on_document_file_cb), self);
  on_document_file_cb (self);
}

/* ---- sweep ------------------------------------------------------------- */

/* A combination of a sweep, as a strategy file of its own (in the cache,
 * named for its text, so that the same text is the same file): chosen in
 * the toolbar, shown by `name`, and run in the Run view, whose editor can
 * keep it. */
static void
on_sweep_open_cb (BkSweepView *view, const char *text, const char *file, const char *name, BkWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_path_get_basename (file);
  if (g_str_has_suffix (id, ".ini"))
    id[strlen (id) - 4] = '\0';
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "barkeep", "sweeps", NULL);
  g_autofree char *base = g_strdup_printf ("%s-%08x.ini", id, g_str_hash (text));
  g_autofree char *path = g_build_filename (dir, base, NULL);
  guint index = find_strategy_path (self, path);

  if (index == self->strategy_paths->len)
    {
      BkStrategy *strategy;

      if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents (path, text, -1, &error)
          || (strategy = bk_strategy_open (path, &error)) == NULL)
        {
          show_error (self, error != NULL ? error->message : g_strerror (errno));
          return;
        }
      index = add_strategy (self, strategy, path);
      gtk_string_list_splice (self->strategy_names, index, 1, (const char *const[]) { name, NULL });
    }
  gtk_drop_down_set_selected (self->strategy_dropdown, index);
  adw_view_stack_set_visible_child_name (self->view_stack, "run");
  start_run (self);
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

static void
open_data_chosen (GtkWidget *widget, GFile *file)
{
  bk_window_open_data (BK_WINDOW (widget), file);
}

static void
open_strategy_file (GtkWidget *widget, GFile *file)
{
  BkWindow *self = BK_WINDOW (widget);
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL && bk_window_select_strategy (self, path))
    start_run (self);
}

/* A folder, or a list file. */
static void
universe_folder_chosen (GtkWidget *widget, GFile *folder)
{
  BkWindow *self = BK_WINDOW (widget);
  g_autofree char *path = g_file_get_path (folder);

  if (path == NULL)
    {
      show_error (self, _("The file has no local path"));
      return;
    }
  bk_window_universe (self, path);
}

/* ---- actions ---------------------------------------------------------- */

static void
action_open_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_file_dialog_choose (widget, _("Open Price Data"), BK_FILE_DIALOG_OPEN, NULL, csv_filter (), open_data_chosen);
}

static void
action_open_strategy_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Strategy files"));
  gtk_file_filter_add_suffix (filter, "ini");
  bk_file_dialog_choose (widget, _("Open Strategy File"), BK_FILE_DIALOG_OPEN, NULL, filter, open_strategy_file);
}

static void
action_compare_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_window_compare (BK_WINDOW (widget));
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
      self->data_chosen = FALSE;
      set_data (self, NULL);
    }
}

static void
action_dismiss_error_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  hide_error (BK_WINDOW (widget));
}

static void
action_universe_folder_cb (GtkWidget *widget, const char *name, GVariant *param)
{
  bk_file_dialog_choose (widget, _("Choose a Folder of Price Files"), BK_FILE_DIALOG_FOLDER, NULL, NULL,
                         universe_folder_chosen);
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

/* The Compare view publishes its runs there, the Run view counts them. */
void
bk_window_set_live_runs (BkWindow *self, GListStore *live_runs)
{
  g_return_if_fail (BK_IS_WINDOW (self));

  bk_run_view_set_live_runs (self->run_view, G_LIST_MODEL (live_runs));
  bk_compare_view_set_live_runs (self->compare_view, live_runs);
}

/* The views: the stack's pages, each a BkView. */
static GPtrArray *
stack_views (AdwViewStack *stack)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  GPtrArray *views = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);

      g_ptr_array_add (views, BK_VIEW (adw_view_stack_page_get_child (page)));
    }
  return views;
}

static void
bk_window_dispose (GObject *object)
{
  BkWindow *self = BK_WINDOW (object);

  g_clear_handle_id (&self->choose_idle, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
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
  g_ptr_array_unref (self->strategy_paths);
  g_ptr_array_unref (self->views);
  G_OBJECT_CLASS (bk_window_parent_class)->finalize (object);
}

static gboolean
bk_window_close_request (GtkWindow *window)
{
  BkWindow *self = BK_WINDOW (window);
  int width, height;

  /* An edited strategy is saved or given up first. */
  if (bk_run_view_close_request (self->run_view))
    return TRUE;
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  bk_run_view_stop (self->run_view);
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
  g_type_ensure (BK_TYPE_SWEEP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, universe_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, sweep_view);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, toolbar_row);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, data_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_box);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_spacer);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_stop_stack);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, mode_explanation);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, precision_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BkWindow, run_view);

  /* What acts on the whole window; each view's own are its "view." ones. */
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open_cb);
  gtk_widget_class_install_action (widget_class, "win.open-strategy", NULL, action_open_strategy_cb);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, action_compare_cb);
  gtk_widget_class_install_action (widget_class, "win.rerun-plotted", NULL, action_rerun_plotted_cb);
  gtk_widget_class_install_action (widget_class, "win.cleanup", NULL, action_cleanup_cb);
  gtk_widget_class_install_action (widget_class, "win.cleanup-force", NULL, action_cleanup_cb);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, action_dismiss_error_cb);
  gtk_widget_class_install_action (widget_class, "win.universe-folder", NULL, action_universe_folder_cb);
}

static void
bk_window_init (BkWindow *self)
{
  const char *precisions[] = { "f64", "f32", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  bk_widget_defer_status_icons (GTK_WIDGET (self));
  self->views = stack_views (self->view_stack);
  use_unwrapped_tooltip (self->menu_button);
  self->settings = bk_settings_new ();
  self->strategies = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_strategy_unref);
  self->strategy_paths = g_ptr_array_new_with_free_func (g_free);
  self->strategy_names = gtk_string_list_new (NULL);
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      BkStrategy *strategy = bk_strategy_new_builtin (*id, NULL);
      if (strategy != NULL)
        add_strategy (self, strategy, NULL);
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

  /* What joins two views, before what every view does. */
  g_signal_connect (self->run_view, "failed", G_CALLBACK (on_run_failed_cb), self);
  g_signal_connect_swapped (self->run_view, "changed", G_CALLBACK (on_run_changed_cb), self);
  g_signal_connect_swapped (self->run_view, "notify::state", G_CALLBACK (on_run_state_cb), self);
  g_signal_connect (self->compare_view, "open-run", G_CALLBACK (on_compare_open_run_cb), self);
  g_signal_connect (self->sweep_view, "open-combination", G_CALLBACK (on_sweep_open_cb), self);
  /* After the Run view's own handler: its document is the editor's then. */
  g_signal_connect_swapped (bk_run_view_get_editor (self->run_view), "notify::document",
                            G_CALLBACK (on_editor_document_cb), self);
  on_editor_document_cb (self);
  g_signal_connect_swapped (self->compare_view, "notify::state", G_CALLBACK (on_compare_state_cb), self);
  for (guint i = 0; i < self->views->len; i++)
    {
      BkView *view = g_ptr_array_index (self->views, i);

      g_signal_connect (view, "failed", G_CALLBACK (on_view_failed_cb), self);
      g_signal_connect_swapped (view, "notify::state", G_CALLBACK (on_view_state_cb), self);
    }
  tell_chosen (self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (on_visible_view_cb), self);
  on_visible_view_cb (self);
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

void
bk_window_show_view (BkWindow *self, const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

