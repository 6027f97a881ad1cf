/* test-app-window.c — the window and its actions, under Xvfb: Clean up
 * gives memory back, bad input shows the banner and keeps what was on
 * screen, every action has its keys, the command line is honoured, the
 * preferences are bound to the settings, nothing at start is drawn from
 * an SVG. */
#include <string.h>

#include "bk-mode-choices.h"
#include "bk-preferences-page.h"
#include "bk-settings.h"
#include "bk-source.h"
#include "bk-strategy.h"
#include "bk-widget.h"

#include "test-app-common.h"

static void
test_cleanup_never_raises_rss (void)
{
  guint64 before, after;

  bk_window_set_mode (window, BK_MODE_KEEP_ALL);
  open_path (NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup", NULL));
  bk_run_view_get_last_cleanup (run_view (), &before, &after);
  g_test_message ("clean up: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, before, after);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (after, <=, before);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");

  /* Forced: the data and the chart go, the window is ready for a new run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  bk_run_view_get_last_cleanup (run_view (), &before, &after);
  g_assert_cmpuint (after, <=, before);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "empty");
  g_assert_null (bk_run_view_get_run (run_view ()));
  g_assert_null (bk_memory_panel_get_report (bk_run_view_get_memory_panel (run_view ())));
  /* The toolbar names no data: none is shown. */
  g_assert_cmpstr (data_name (), ==, "None");
  run_and_wait ();
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FINISHED);
  g_assert_cmpstr (data_name (), ==, "Bundled sample");

  /* A file that fails with nothing on screen is not named either. */
  g_autofree char *bad = g_build_filename (tmpdir, "bad-after-forced.csv", NULL);
  g_assert_true (g_file_set_contents (bad, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,abc\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  open_path (bad);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FAILED);
  g_assert_cmpstr (data_name (), ==, "None");
  hide_banner ();
}

static void
test_bad_csv_shows_banner_and_keeps_result (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "bad.csv", NULL);

  open_path (NULL);
  BkRun *good = bk_run_view_get_run (run_view ());
  g_assert_true (g_file_set_contents (path, "Date,Open,High,Low,Close\n2001-01-02,1,2,0.5,abc\n", -1, NULL));
  open_path (path);
  g_assert_cmpint (bk_run_view_get_state (run_view ()), ==, BK_JOB_FAILED);
  g_autofree char *expect = g_strdup_printf ("%s:2:", path);
  g_assert_nonnull (banner_text ());
  g_assert_true (g_str_has_prefix (banner_text (), expect));
  g_assert_true (bk_run_view_get_run (run_view ()) == good);
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  /* The header names the data on screen, not the file that failed. */
  g_assert_cmpstr (data_name (), ==, "Bundled sample");
}

static void
test_bad_strategy_shows_banner (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "bad.ini", NULL);

  g_assert_true (g_file_set_contents (path, "[indicator x]\nexpr=SMAA(close)\n", -1, NULL));
  g_assert_false (bk_window_select_strategy (window, path));
  g_assert_nonnull (strstr (banner_text (), ":2:6: unknown indicator 'SMAA'"));
}

static void
test_every_action_has_accelerators (void)
{
  static const char *const actions[] = {
    "win.open", "view.run", "view.stop", "win.cleanup", "win.cleanup-force", "view.reset-view",
    "view.export-chart", "view.export-report", "win.compare", "view.export-compare", "win.universe-folder",
    "app.preferences", "app.quit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
      /* The accelerator reaches the action: the shortcut controller that
       * GtkApplication installs maps it back. */
      g_auto(GStrv) back = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), accels[0]);
      g_assert_true (g_strv_contains ((const char *const *) back, actions[i]));
    }
  /* The window carries the actions of the view on screen as "view.": the
   * Run view's reset-view only while the Run view is on screen, each
   * view's Stop while it is (with nothing going, Stop does nothing). */
  bk_window_show_view (window, "compare");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  bk_window_show_view (window, "universe");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL));
  bk_window_show_view (window, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.reset-view", NULL));
  /* F5 runs. */
  open_path (NULL);
  g_auto(GStrv) run_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "view.run");
  g_assert_cmpstr (run_accels[0], ==, "F5");
}

/* What the primary instance does with a command line (its own, or a later
 * `barkeep ...` GApplication forwards to it): a strategy that cannot be
 * had shows the banner and runs nothing in its place; --mode and
 * --strategy with a file are honoured. */
static void
test_command_line_options (void)
{
  g_autoptr(GVariantDict) bad = g_variant_dict_new (NULL);
  g_autoptr(GVariantDict) again = g_variant_dict_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autoptr(GFile) file = g_file_new_for_path (sample);

  open_path (NULL);
  BkRun *before = bk_run_view_get_run (run_view ());
  g_variant_dict_insert (bad, "strategy", "s", "nosuch");
  bk_application_handle_options (app, window, bad, NULL);
  g_assert_nonnull (banner_text ());
  g_assert_nonnull (strstr (banner_text (), "no built-in strategy named 'nosuch'"));
  g_assert_false (bk_window_is_running (window));
  g_assert_true (bk_run_view_get_run (run_view ()) == before);

  g_variant_dict_insert (again, "mode", "s", "0");
  g_variant_dict_insert (again, "strategy", "s", "sma-crossover");
  bk_application_handle_options (app, window, again, file);
  g_assert_true (wait_for (run_ended, 60));
  g_assert_null (banner_text ());
  g_assert_cmpint (bk_window_get_mode (window), ==, BK_MODE_KEEP_ALL);
  g_assert_cmpstr (bk_strategy_get_id (bk_run_get_strategy (bk_run_view_get_run (run_view ()))), ==, "sma-crossover");
  g_assert_true (bk_window_select_strategy (window, "memory-savings"));
}

/* A mistyped --strategy: the chart's place names it and says what to do,
 * the toolbar names the data that was given, nothing runs; a run with a
 * good strategy then takes the page's place. */
static void
test_bad_strategy_names_it (void)
{
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = bk_source_find_sample (&error);
  g_autoptr(GFile) file = g_file_new_for_path (sample);

  bk_window_set_mode (window, BK_MODE_PLOT_SAVE_INTERNALS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cleanup-force", NULL));
  g_variant_dict_insert (options, "strategy", "s", "sma-crosover");
  bk_application_handle_options (app, window, options, file);
  g_assert_false (bk_window_is_running (window));
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "no-strategy");
  const char *said = bk_run_view_get_strategy_error (run_view ());
  g_assert_nonnull (said);
  g_assert_nonnull (strstr (said, "'sma-crosover'"));
  g_assert_cmpstr (data_name (), ==, "sample.csv");

  hide_banner ();
  run_and_wait ();
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
  g_assert_null (bk_run_view_get_strategy_error (run_view ()));
}

static BkPreferencesPage *
find_preferences_page (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);
      GtkWidget *page = find_descendant (toplevel, BK_TYPE_PREFERENCES_PAGE);

      if (page != NULL)
        return BK_PREFERENCES_PAGE (page);
    }
  return NULL;
}

static AdwComboRow *
preferences_row (BkPreferencesPage *page, const char *name)
{
  return ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (page), BK_TYPE_PREFERENCES_PAGE, name));
}

/* Preferences (app.preferences) shows each setting in its row and writes
 * what the row chooses: both ways, bound. */
static void
test_preferences_bound_to_settings (void)
{
  g_autoptr(GSettings) settings = bk_settings_new ();

  g_settings_set_string (settings, "chart-style", "bars");
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  BkPreferencesPage *page = find_preferences_page ();
  g_assert_nonnull (page);
  g_assert_cmpuint (adw_combo_row_get_selected (preferences_row (page, "chart_style_row")), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (preferences_row (page, "mode_row")), ==,
                    bk_mode_choice_index (g_settings_get_int (settings, "default-mode")));

  adw_combo_row_set_selected (preferences_row (page, "mode_row"), bk_mode_choice_index (BK_MODE_PLOT_SAVE_UNPLOTTED));
  g_assert_cmpint (g_settings_get_int (settings, "default-mode"), ==, BK_MODE_PLOT_SAVE_UNPLOTTED);
  adw_combo_row_set_selected (preferences_row (page, "red_up_row"), 1);
  g_assert_true (g_settings_get_boolean (settings, "red-up"));
  adw_combo_row_set_selected (preferences_row (page, "precision_row"), 1);
  g_autofree char *precision = g_settings_get_string (settings, "default-precision");
  g_assert_cmpstr (precision, ==, "f32");
  adw_combo_row_set_selected (preferences_row (page, "chart_style_row"), 0);
  g_autofree char *style = g_settings_get_string (settings, "chart-style");
  g_assert_cmpstr (style, ==, "candles");
  /* The renderer: cairo first, GTK's default (GL) second; read at the
   * next start, which its row says. */
  AdwComboRow *renderer_row = preferences_row (page, "renderer_row");
  g_assert_cmpuint (adw_combo_row_get_selected (renderer_row), ==, 0);
  adw_combo_row_set_selected (renderer_row, 1);
  g_autofree char *renderer = g_settings_get_string (settings, "renderer");
  g_assert_cmpstr (renderer, ==, "gl");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (renderer_row)), "next time Barkeep starts"));

  const char *keys[] = { "chart-style", "red-up", "default-mode", "default-precision", "renderer" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
}

/* The window as first drawn loads no SVG: the window's icon is a PNG and
 * the status pages of the views not shown keep their large icons for
 * later, so librsvg (6 MiB resident) stays out.  Run first, before any
 * test shows a status page. */
static void
test_no_svg_at_start (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "librsvg"));
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, "io.github.barkeep.Barkeep-window");
  g_assert_cmpstr (bk_run_view_get_chart_page (run_view ()), ==, "chart");
}

/* A status page's icon is set when the page is first shown, and stays. */
static void
test_status_icons_set_when_shown (void)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *first = gtk_label_new ("first");
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *shell = gtk_window_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "folder-symbolic");
  gtk_stack_add_named (GTK_STACK (stack), first, "first");
  gtk_stack_add_named (GTK_STACK (stack), page, "status");
  gtk_window_set_child (GTK_WINDOW (shell), stack);
  bk_widget_defer_status_icons (shell);
  gtk_window_present (GTK_WINDOW (shell));
  wait_frames (1);
  g_assert_null (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)));

  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, "folder-symbolic");
  gtk_stack_set_visible_child (GTK_STACK (stack), first);
  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, "folder-symbolic");
  gtk_window_destroy (GTK_WINDOW (shell));
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/window/no-svg-at-start", test_no_svg_at_start);
  g_test_add_func ("/app/window/status-icons-set-when-shown", test_status_icons_set_when_shown);
  g_test_add_func ("/app/preferences/bound-to-settings", test_preferences_bound_to_settings);
  g_test_add_func ("/app/window/cleanup-never-raises-rss", test_cleanup_never_raises_rss);
  g_test_add_func ("/app/window/bad-csv-keeps-result", test_bad_csv_shows_banner_and_keeps_result);
  g_test_add_func ("/app/window/bad-strategy-shows-banner", test_bad_strategy_shows_banner);
  g_test_add_func ("/app/actions/accelerators", test_every_action_has_accelerators);
  g_test_add_func ("/app/command-line/options", test_command_line_options);
  g_test_add_func ("/app/window/bad-strategy-names-it", test_bad_strategy_names_it);
  return app_test_run ();
}
