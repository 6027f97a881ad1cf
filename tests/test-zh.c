/* test-zh.c — Barkeep in Chinese: under LANG=zh_CN.UTF-8 (set by meson)
 * the window's labels and `barkeep-cli --help` come from po/zh_CN.po. */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "bk-application.h"
#include "bk-locale.h"
#include "bk-run-view.h"
#include "bk-settings.h"
#include "bk-window.h"

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

static void
collect_labels (GtkWidget *widget, GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
window_idle (gpointer data)
{
  return !bk_window_is_running (data);
}

static void
test_window_speaks_chinese (void)
{
  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  BkWindow *window = bk_window_new (GTK_APPLICATION (app));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint chinese = 0;

  gtk_window_present (GTK_WINDOW (window));
  bk_window_open_data (window, NULL);
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((!window_idle (window) || !gtk_widget_get_mapped (GTK_WIDGET (window)))
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  collect_labels (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    if (has_cjk (g_ptr_array_index (texts, i)))
      {
        g_test_message ("%s", (const char *) g_ptr_array_index (texts, i));
        chinese++;
      }
  g_test_message ("%u of %u visible labels are in Chinese", chinese, texts->len);
  g_assert_cmpuint (chinese, >=, 8);
  /* Speeds are counted in 万 (ten thousands) bars a second. */
  gboolean speed_in_wan = FALSE;
  for (guint i = 0; i < texts->len; i++)
    speed_in_wan = speed_in_wan || strstr (g_ptr_array_index (texts, i), "万根/秒") != NULL;
  g_assert_true (speed_in_wan);
  /* The words the issue names. */
  g_assert_true (has_cjk (g_dgettext (GETTEXT_PACKAGE, "_Clean Up")));
  g_assert_true (has_cjk (g_dgettext (GETTEXT_PACKAGE, "Memory mode")));
  /* The chart's own words: the observers' panes and lines. */
  g_assert_true (has_cjk (g_dpgettext2 (GETTEXT_PACKAGE, "chart pane", "Broker")));
  g_assert_true (has_cjk (g_dpgettext2 (GETTEXT_PACKAGE, "chart legend", "value")));
  /* Red for rising prices is the default in Chinese (the setting, still
   * the user's to change), and the chart follows it. */
  g_autoptr(GSettings) settings = bk_settings_new ();
  g_assert_true (g_settings_get_boolean (settings, "red-up"));
  gboolean red_up = FALSE;
  g_object_get (bk_run_view_get_chart (BK_RUN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, "run_view"))), "red-up", &red_up, NULL);
  g_assert_true (red_up);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cli_help_speaks_chinese (void)
{
  g_autofree char *out = NULL;
  g_autofree char *command = g_strdup_printf ("\"%s\" --help", g_getenv ("BARKEEP_CLI"));
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", out);
  g_assert_true (has_cjk (out));
  g_assert_nonnull (strstr (out, "barkeep-cli run"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() sets en_US.UTF-8 for every test; this one is about
   * the user's locale, as barkeep's main() sets it. */
  bk_locale_init (GETTEXT_PACKAGE, BK_LOCALEDIR);
  g_test_add_func ("/zh_CN/window", test_window_speaks_chinese);
  g_test_add_func ("/zh_CN/cli-help", test_cli_help_speaks_chinese);
  return g_test_run ();
}
