/* bk-universe-view-actions.c — what the Universe view does on request:
 * run and stop, "Compare memory", other sources (a list file, a model, a
 * generated universe), exports.  The window carries these as "view."
 * while the view is on screen. */
#include "config.h"

#include <glib/gi18n.h>

#include "bk-export.h"
#include "bk-file-dialog.h"
#include "bk-gen-universe.h"
#include "bk-universe-view-private.h"

static void
enable_action (BkUniverseView *self, const char *name, gboolean enabled)
{
  /* None after dispose, when a job that ended late tells its end. */
  if (self->actions == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), name)),
                               enabled);
}

void
bk_universe_view_update_actions (BkUniverseView *self)
{
  gboolean idle = self->job == NULL;
  gboolean result = idle && self->result != NULL;

  enable_action (self, "run", idle);
  enable_action (self, "stop", !idle);
  enable_action (self, "compare-memory", idle && self->source != NULL);
  enable_action (self, "universe-list", idle);
  enable_action (self, "universe-model", idle);
  enable_action (self, "universe-generated", idle);
  enable_action (self, "export-universe", result);
  enable_action (self, "export-universe-charts", result);
  enable_action (self, "export-universe-stats", result);
}

static void
failed (BkUniverseView *self, const char *message)
{
  g_signal_emit_by_name (self, "failed", message);
}

/* A folder or a list file of price files, run at once. */
static void
run_source (BkUniverseView *self, const char *source)
{
  bk_universe_view_set_source (self, source);
  bk_universe_view_start (self);
}

static void
list_chosen (GtkWidget *widget, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    failed (BK_UNIVERSE_VIEW (widget), _("The file has no local path"));
  else
    run_source (BK_UNIVERSE_VIEW (widget), path);
}

static void
model_chosen (GtkWidget *widget, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (path != NULL && !bk_universe_view_set_model_file (BK_UNIVERSE_VIEW (widget), path, &error))
    failed (BK_UNIVERSE_VIEW (widget), error->message);
}

static void
export_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_universe_view_export, NULL, NULL);
}

static void
export_charts_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_universe_view_export_charts, NULL, NULL);
}

static void
export_stats_to (GtkWidget *widget, GFile *file)
{
  bk_export_to_file (widget, file, (BkExportFunc) bk_universe_view_export_stats, NULL, NULL);
}

/* Without a source yet, the window asks for a folder first. */
static void
action_run_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  BkUniverseView *self = user_data;

  if (self->source == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.universe-folder", NULL);
  else
    bk_universe_view_start (self);
}

static void
action_stop_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_universe_view_stop (BK_UNIVERSE_VIEW (user_data));
}

static void
action_compare_memory_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_universe_view_compare_memory (BK_UNIVERSE_VIEW (user_data));
}

static void
action_universe_list_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  /* TRANSLATORS: text files listing price files, one path a line. */
  gtk_file_filter_set_name (filter, _("Lists of price files"));
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "lst");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Choose a List of Price Files"), BK_FILE_DIALOG_OPEN, NULL, filter,
                         list_chosen);
}

static void
action_universe_model_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Model files"));
  gtk_file_filter_add_suffix (filter, "ini");
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Open Model File"), BK_FILE_DIALOG_OPEN, NULL, filter,
                         model_chosen);
}

/* 300 generated symbols of 1000 bars in the cache folder (made once: the
 * generator gives the same files every time), run at once. */
static void
action_universe_generated_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  BkUniverseView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "barkeep", "universe-300", NULL);
  g_autofree char *last_name = bk_universe_symbol_name (299, 300);
  g_autofree char *last_file = g_strconcat (last_name, ".csv", NULL);
  g_autofree char *last = g_build_filename (folder, last_file, NULL);

  if (!g_file_test (last, G_FILE_TEST_IS_REGULAR)
      && !bk_universe_generate (folder, 300, 1000, BK_UNIVERSE_DEFAULT_SEED, &error))
    {
      failed (self, error->message);
      return;
    }
  run_source (self, folder);
}

static void
action_export_universe_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export the Universe's Results (JSON or CSV)"), BK_FILE_DIALOG_SAVE,
                         "universe.json", NULL, export_to);
}

static void
action_export_universe_charts_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export the Universe's Charts (PNG, SVG or PDF)"),
                         BK_FILE_DIALOG_SAVE, "universe.png", NULL, export_charts_to);
}

static void
action_export_universe_stats_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bk_file_dialog_choose (GTK_WIDGET (user_data), _("Export the Universe's Statistics"), BK_FILE_DIALOG_SAVE,
                         "universe.stats", NULL, export_stats_to);
}

GActionGroup *
bk_universe_view_get_actions (BkUniverseView *self)
{
  g_return_val_if_fail (BK_IS_UNIVERSE_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

void
bk_universe_view_init_actions (BkUniverseView *self)
{
  static const GActionEntry actions[] = {
    { "run", action_run_cb },
    { "stop", action_stop_cb },
    { "compare-memory", action_compare_memory_cb },
    { "universe-list", action_universe_list_cb },
    { "universe-model", action_universe_model_cb },
    { "universe-generated", action_universe_generated_cb },
    { "export-universe", action_export_universe_cb },
    { "export-universe-charts", action_export_universe_charts_cb },
    { "export-universe-stats", action_export_universe_stats_cb },
  };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
}
