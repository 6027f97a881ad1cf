/* bk-application.c — the application object: it makes the window, hands
 * it the list of live runs, and does to it what a command line asks. */

#include "config.h"

#include <glib/gi18n.h>

#include "bk-application.h"
#include "bk-preferences-page.h"
#include "bk-settings.h"
#include "bk-window.h"

struct _BkApplication {
  AdwApplication parent_instance;

  GListStore *live_runs;        /* BkLiveRun, as the views publish them */
};

G_DEFINE_FINAL_TYPE (BkApplication, bk_application, ADW_TYPE_APPLICATION)

static BkWindow *
get_window (BkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (bk_window_new (GTK_APPLICATION (self)));
  return BK_WINDOW (window);
}

static void
bk_application_activate (GApplication *application)
{
  BkWindow *window = get_window (BK_APPLICATION (application));
  gboolean fresh = !gtk_widget_get_visible (GTK_WIDGET (window));

  gtk_window_present (GTK_WINDOW (window));
  /* With no file the bundled sample is open at start. */
  if (fresh)
    bk_window_open_data (window, NULL);
}

static void
bk_application_open (GApplication *application, GFile **files, int n_files, const char *hint)
{
  BkWindow *window = get_window (BK_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  if (n_files > 0)
    bk_window_open_data (window, files[0]);
}

void
bk_application_handle_options (BkApplication *self, BkWindow *window, GVariantDict *options, GFile *file)
{
  const char *mode_text = NULL, *strategy = NULL, *universe = NULL, *model = NULL;
  BkMode mode;
  gboolean fresh = !gtk_widget_get_visible (GTK_WIDGET (window));

  gtk_window_present (GTK_WINDOW (window));
  /* A universe run, in the Universe view; a model that cannot be loaded
   * is said in the banner, and nothing runs in place of it. */
  g_variant_dict_lookup (options, "model", "^&ay", &model);
  if (g_variant_dict_lookup (options, "universe", "^&ay", &universe))
    {
      if (model == NULL || bk_window_set_universe_model (window, model))
        bk_window_universe (window, universe);
      return;
    }
  if (model != NULL)
    {
      bk_window_set_universe_model (window, model);
      return;
    }
  if (g_variant_dict_lookup (options, "mode", "&s", &mode_text) && bk_mode_parse (mode_text, &mode))
    bk_window_set_mode (window, mode);
  /* A strategy that cannot be had is said in the banner, and nothing runs
   * in place of it. */
  if (g_variant_dict_lookup (options, "strategy", "&s", &strategy) && !bk_window_select_strategy (window, strategy))
    {
      if (file != NULL || fresh)
        bk_window_set_data (window, file);
    }
  else if (g_variant_dict_contains (options, "compare"))
    bk_window_compare_data (window, file);
  else if (file != NULL || fresh || strategy != NULL || mode_text != NULL)
    bk_window_open_data (window, file);
}

/* In the primary instance, for its own command line and for every later
 * `barkeep ...`, whose options GApplication forwards here. */
static int
bk_application_command_line (GApplication *application, GApplicationCommandLine *command_line)
{
  BkApplication *self = BK_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **files = NULL;
  g_autoptr(GFile) file = NULL;

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files) && files[0] != NULL)
    file = g_application_command_line_create_file_for_arg (command_line, files[0]);
  /* Paths as the caller meant them, from the caller's folder. */
  const char *path_options[] = { "universe", "model" };
  for (guint i = 0; i < G_N_ELEMENTS (path_options); i++)
    {
      const char *arg = NULL;

      if (g_variant_dict_lookup (options, path_options[i], "^&ay", &arg))
        {
          g_autoptr(GFile) resolved = g_application_command_line_create_file_for_arg (command_line, arg);
          g_autofree char *path = g_file_get_path (resolved);

          if (path != NULL)
            g_variant_dict_insert (options, path_options[i], "^ay", path);
        }
    }
  bk_application_handle_options (self, get_window (self), options, file);
  return 0;
}

static int
bk_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  const char *mode = NULL;
  BkMode parsed;

  if (g_variant_dict_lookup (options, "mode", "&s", &mode) && !bk_mode_parse (mode, &parsed))
    {
      g_printerr (_("barkeep: --mode must be 0, 1, -1 or -2, not '%s'\n"), mode);
      return 2;
    }
  return -1;
}

static void
action_quit_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (user_data));
}

static void
action_about_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *developers[] = { "The Barkeep developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_show_about_dialog (GTK_WIDGET (parent),
#else
  adw_show_about_window (parent,
#endif
                         "application-name", _("Barkeep"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See, and choose, what every line of every indicator costs in memory"),
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/barkeep/barkeep",
                         "issue-url", "https://github.com/barkeep/barkeep/issues",
                         NULL);
}

static void
action_preferences_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr(GSettings) settings = bk_settings_new ();
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *page = bk_preferences_page_new (settings);
#if ADW_CHECK_VERSION (1, 5, 0)
  GtkWidget *window = adw_preferences_dialog_new ();

  adw_preferences_dialog_set_search_enabled (ADW_PREFERENCES_DIALOG (window), FALSE);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (window), ADW_PREFERENCES_PAGE (page));
  adw_dialog_present (ADW_DIALOG (window), GTK_WIDGET (parent));
#else
  GtkWidget *window = adw_preferences_window_new ();

  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
#endif
}

static void
bk_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "quit", action_quit_cb },
    { "about", action_about_cb },
    { "preferences", action_preferences_cb },
  };
  static const struct {
    const char *action;
    const char *accels[5];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open", { "<Control>o", NULL } },
    /* Run, and Sweep in the Sweep view; Ctrl+Enter as in the editor. */
    { "view.run", { "F5", "<Control>r", "<Control>Return", "<Control>KP_Enter", NULL } },
    { "view.stop", { "Escape", NULL } },
    { "win.compare", { "<Control>m", NULL } },
    { "win.universe-folder", { "<Control>u", NULL } },
    { "view.export-compare", { "<Control><Shift>m", NULL } },
    { "win.cleanup", { "<Control>l", NULL } },
    { "win.cleanup-force", { "<Control><Shift>l", NULL } },
    { "view.reset-view", { "<Control>0", NULL } },
    { "view.export-chart", { "<Control>e", NULL } },
    { "view.export-report", { "<Control><Shift>e", NULL } },
    /* The Run view's editor, wherever the focus is (Ctrl+O opens data). */
    { "view.new-strategy", { "<Control>n", NULL } },
    { "view.open-strategy", { "<Control><Shift>o", NULL } },
    { "view.save-strategy", { "<Control>s", NULL } },
    { "view.save-strategy-as", { "<Control><Shift>s", NULL } },
    { "view.show-editor", { "F9", NULL } },
    /* The Sweep view. */
    { "view.add-parameter", { "<Control>plus", "<Control>KP_Add", NULL } },
    { "view.open-best", { "<Control>b", NULL } },
  };

  G_APPLICATION_CLASS (bk_application_parent_class)->startup (application);
  /* PNGs only (the resources' icons/NxN): an SVG among the sizes would
   * load librsvg as the window is realized.  The desktop file keeps
   * naming the SVG, which the shell draws. */
  gtk_window_set_default_icon_name (APPLICATION_ID "-window");
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action, accels[i].accels);
}

/* Every window added, however made (bk_window_new with this application),
 * counts the live runs of all. */
static void
bk_application_window_added (GtkApplication *application, GtkWindow *window)
{
  GTK_APPLICATION_CLASS (bk_application_parent_class)->window_added (application, window);
  if (BK_IS_WINDOW (window))
    bk_window_set_live_runs (BK_WINDOW (window), BK_APPLICATION (application)->live_runs);
}

static void
bk_application_window_removed (GtkApplication *application, GtkWindow *window)
{
  if (BK_IS_WINDOW (window))
    bk_window_set_live_runs (BK_WINDOW (window), NULL);
  GTK_APPLICATION_CLASS (bk_application_parent_class)->window_removed (application, window);
}

GListStore *
bk_application_get_live_runs (BkApplication *self)
{
  g_return_val_if_fail (BK_IS_APPLICATION (self), NULL);
  return self->live_runs;
}

static void
bk_application_finalize (GObject *object)
{
  g_clear_object (&BK_APPLICATION (object)->live_runs);
  G_OBJECT_CLASS (bk_application_parent_class)->finalize (object);
}

static void
bk_application_class_init (BkApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bk_application_finalize;
  app_class->activate = bk_application_activate;
  app_class->open = bk_application_open;
  app_class->startup = bk_application_startup;
  app_class->handle_local_options = bk_application_handle_local_options;
  app_class->command_line = bk_application_command_line;
  gtk_app_class->window_added = bk_application_window_added;
  gtk_app_class->window_removed = bk_application_window_removed;
}

static void
bk_application_init (BkApplication *self)
{
  self->live_runs = g_list_store_new (BK_TYPE_LIVE_RUN);
  const GOptionEntry options[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, NULL, N_("Memory mode: 0, 1, -1 or -2"), N_("MODE") },
    { "strategy", 's', 0, G_OPTION_ARG_STRING, NULL, N_("A built-in strategy or a strategy file"), N_("NAME|FILE") },
    { "compare", 'c', 0, G_OPTION_ARG_NONE, NULL, N_("Open in the Compare view and compare the four memory modes"), NULL },
    { "universe", 'u', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open in the Universe view and run a folder or list of price files"), N_("DIR") },
    { "model", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The universe's model file (default: the built-in seed-features)"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
}

BkApplication *
bk_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (BK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE | extra_flags,
                       "resource-base-path", "/io/github/barkeep/Barkeep",
                       NULL);
}
