/* test-app-renderer.c — which renderer the window asks GTK for: the
 * choice from the environment and the preference, the variables it sets,
 * and, in a fresh process, that they are set before GTK opens its display
 * and take effect (under Xvfb). */
#include <string.h>

#include <gtk/gtk.h>

#include "bk-renderer-choice.h"
#include "bk-settings.h"

static BkRendererInputs
inputs_for (const char *preference, guint gtk_minor_version)
{
  return (BkRendererInputs) { .preference = preference, .gtk_minor_version = gtk_minor_version };
}

/* By default GTK 4.8 gets the cairo renderer and GL disabled through
 * GDK_DEBUG; nothing else is touched. */
static void
test_default_cairo_without_gl (void)
{
  BkRendererInputs in = inputs_for ("cairo", 8);
  BkRendererPlan plan;

  bk_renderer_plan (&in, &plan);
  g_assert_cmpint (plan.renderer, ==, BK_RENDERER_CAIRO);
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_PREFERENCE);
  g_assert_cmpstr (plan.set_gsk_renderer, ==, "cairo");
  g_assert_cmpstr (plan.set_gdk_debug, ==, "gl-disable,vulkan-disable");
  g_assert_null (plan.set_gdk_disable);
  g_assert_null (plan.origin_detail);
  g_assert_null (plan.warning);
  bk_renderer_plan_clear (&plan);
}

/* GTK 4.16 took the switch out of GDK_DEBUG: GDK_DISABLE then. */
static void
test_gtk_4_16_uses_gdk_disable (void)
{
  BkRendererInputs in = inputs_for ("cairo", 16);
  BkRendererPlan plan;

  bk_renderer_plan (&in, &plan);
  g_assert_cmpstr (plan.set_gsk_renderer, ==, "cairo");
  g_assert_cmpstr (plan.set_gdk_disable, ==, "gl,vulkan");
  g_assert_null (plan.set_gdk_debug);
  bk_renderer_plan_clear (&plan);

  in.gtk_minor_version = 18;
  in.gdk_disable = "dmabuf";
  bk_renderer_plan (&in, &plan);
  g_assert_cmpstr (plan.set_gdk_disable, ==, "dmabuf,gl,vulkan");
  bk_renderer_plan_clear (&plan);
}

/* Keys of GDK_DEBUG that are not about GL stay, ours after them. */
static void
test_appends_to_gdk_debug (void)
{
  BkRendererInputs in = inputs_for ("cairo", 8);
  BkRendererPlan plan;

  in.gdk_debug = "events:misc";
  bk_renderer_plan (&in, &plan);
  g_assert_cmpstr (plan.set_gdk_debug, ==, "events:misc,gl-disable,vulkan-disable");
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_PREFERENCE);
  bk_renderer_plan_clear (&plan);
}

/* The user's own GSK_RENDERER, or GDK_DEBUG / GDK_DISABLE keys about GL
 * or Vulkan, are theirs: nothing is set, whatever the preference and
 * BARKEEP_RENDERER say, and the panel can name the variable. */
static void
test_user_toolkit_variables_untouched (void)
{
  static const struct {
    const char *gsk_renderer, *gdk_debug, *gdk_disable, *detail;
  } cases[] = {
    { "ngl", NULL, NULL, "GSK_RENDERER=ngl" },
    { "cairo", "events", NULL, "GSK_RENDERER=cairo" },
    { NULL, "gl-gles", NULL, "GDK_DEBUG=gl-gles" },
    { NULL, "events,vulkan-disable", NULL, "GDK_DEBUG=events,vulkan-disable" },
    { NULL, NULL, "vulkan", "GDK_DISABLE=vulkan" },
    { NULL, NULL, "gles-api", "GDK_DISABLE=gles-api" },
    { NULL, NULL, "egl", "GDK_DISABLE=egl" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BkRendererInputs in = inputs_for ("cairo", 8);
      BkRendererPlan plan;

      in.gsk_renderer = cases[i].gsk_renderer;
      in.gdk_debug = cases[i].gdk_debug;
      in.gdk_disable = cases[i].gdk_disable;
      in.barkeep_renderer = "cairo";
      bk_renderer_plan (&in, &plan);
      g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_TOOLKIT_ENVIRONMENT);
      g_assert_cmpint (plan.renderer, ==, BK_RENDERER_TOOLKIT);
      g_assert_cmpstr (plan.origin_detail, ==, cases[i].detail);
      g_assert_null (plan.set_gsk_renderer);
      g_assert_null (plan.set_gdk_debug);
      g_assert_null (plan.set_gdk_disable);
      bk_renderer_plan_clear (&plan);
    }
}

/* An empty GSK_RENDERER is as good as none. */
static void
test_empty_variables_ignored (void)
{
  BkRendererInputs in = inputs_for ("cairo", 8);
  BkRendererPlan plan;

  in.gsk_renderer = "";
  in.gdk_debug = "";
  in.barkeep_renderer = "";
  bk_renderer_plan (&in, &plan);
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_PREFERENCE);
  g_assert_cmpstr (plan.set_gsk_renderer, ==, "cairo");
  g_assert_cmpstr (plan.set_gdk_debug, ==, "gl-disable,vulkan-disable");
  bk_renderer_plan_clear (&plan);
}

/* The preference "gl" leaves GTK to choose; BARKEEP_RENDERER decides
 * before the preference, either way. */
static void
test_preference_and_barkeep_renderer (void)
{
  BkRendererInputs in = inputs_for ("gl", 8);
  BkRendererPlan plan;

  bk_renderer_plan (&in, &plan);
  g_assert_cmpint (plan.renderer, ==, BK_RENDERER_TOOLKIT);
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_PREFERENCE);
  g_assert_null (plan.set_gsk_renderer);
  g_assert_null (plan.set_gdk_debug);
  bk_renderer_plan_clear (&plan);

  in.barkeep_renderer = "cairo";
  bk_renderer_plan (&in, &plan);
  g_assert_cmpint (plan.renderer, ==, BK_RENDERER_CAIRO);
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_BARKEEP_RENDERER);
  g_assert_cmpstr (plan.origin_detail, ==, "BARKEEP_RENDERER=cairo");
  g_assert_cmpstr (plan.set_gsk_renderer, ==, "cairo");
  bk_renderer_plan_clear (&plan);

  in = inputs_for ("cairo", 8);
  in.barkeep_renderer = "gl";
  bk_renderer_plan (&in, &plan);
  g_assert_cmpint (plan.renderer, ==, BK_RENDERER_TOOLKIT);
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_BARKEEP_RENDERER);
  g_assert_null (plan.set_gsk_renderer);
  g_assert_null (plan.set_gdk_debug);
  bk_renderer_plan_clear (&plan);
}

/* A BARKEEP_RENDERER that is neither says so, and the preference holds. */
static void
test_unknown_barkeep_renderer_warns (void)
{
  BkRendererInputs in = inputs_for ("cairo", 8);
  BkRendererPlan plan;

  in.barkeep_renderer = "vulkan";
  bk_renderer_plan (&in, &plan);
  g_assert_nonnull (plan.warning);
  g_assert_nonnull (strstr (plan.warning, "BARKEEP_RENDERER=vulkan"));
  g_assert_cmpint (plan.origin, ==, BK_RENDERER_FROM_PREFERENCE);
  g_assert_cmpstr (plan.set_gsk_renderer, ==, "cairo");
  bk_renderer_plan_clear (&plan);
}

/* The line the memory panel shows, for each renderer and origin. */
static void
test_describe (void)
{
  BkRendererInputs in = inputs_for ("cairo", 8);
  BkRendererPlan plan;
  g_autofree char *version = g_strdup_printf ("GTK %u.%u.%u", gtk_get_major_version (), gtk_get_minor_version (),
                                              gtk_get_micro_version ());

  bk_renderer_plan (&in, &plan);
  g_autofree char *cairo = bk_renderer_describe ("GskCairoRenderer", FALSE, &plan);
  g_assert_nonnull (strstr (cairo, version));
  g_assert_nonnull (strstr (cairo, "cairo renderer, OpenGL not loaded"));
  g_assert_nonnull (strstr (cairo, "as set in Preferences"));
  g_autofree char *cairo_gl = bk_renderer_describe ("GskCairoRenderer", TRUE, &plan);
  g_assert_nonnull (strstr (cairo_gl, "OpenGL is loaded all the same"));
  bk_renderer_plan_clear (&plan);

  in.gsk_renderer = "gl";
  bk_renderer_plan (&in, &plan);
  g_autofree char *gl = bk_renderer_describe ("GskGLRenderer", TRUE, &plan);
  g_assert_nonnull (strstr (gl, "its OpenGL renderer"));
  g_assert_nonnull (strstr (gl, "as GSK_RENDERER=gl in the environment asks"));
  bk_renderer_plan_clear (&plan);

  g_autofree char *unchosen = bk_renderer_describe ("GskCairoRenderer", FALSE, NULL);
  g_assert_nonnull (strstr (unchosen, "left to GTK"));
}

/* ---- in a fresh process, under Xvfb ------------------------------------ */

static void
clear_toolkit_variables (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("GDK_DISABLE");
  g_unsetenv ("BARKEEP_RENDERER");
}

static GType
window_renderer_type (void)
{
  GtkWidget *window = gtk_window_new ();
  GType type;

  gtk_widget_realize (window);
  type = G_OBJECT_TYPE (gtk_native_get_renderer (GTK_NATIVE (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  return type;
}

/* Chosen before GTK opens the display, the cairo renderer is what the
 * window gets, GL is neither loaded nor to be had; chosen after, nothing
 * changes. */
static void
test_chosen_before_display (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(GError) error = NULL;

      clear_toolkit_variables ();
      settings = bk_settings_new ();
      g_assert_true (bk_renderer_choose (settings));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_nonnull (bk_renderer_get_chosen ());
      g_assert_cmpint (bk_renderer_get_chosen ()->renderer, ==, BK_RENDERER_CAIRO);
      gtk_init ();
      g_assert_true (window_renderer_type () == GSK_TYPE_CAIRO_RENDERER);
      g_assert_false (bk_renderer_gl_loaded ());
      g_assert_false (gdk_display_prepare_gl (gdk_display_get_default (), &error));

      /* Too late now: the variables stay as they are. */
      g_setenv ("BARKEEP_RENDERER", "gl", TRUE);
      g_assert_false (bk_renderer_choose (settings));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpint (bk_renderer_get_chosen ()->origin, ==, BK_RENDERER_FROM_PREFERENCE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The preference is read from the settings: "gl" leaves every variable
 * unset. */
static void
test_preference_read (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = NULL;

      clear_toolkit_variables ();
      settings = bk_settings_new ();
      g_settings_set_string (settings, "renderer", "gl");
      g_assert_true (bk_renderer_choose (settings));
      g_assert_null (g_getenv ("GSK_RENDERER"));
      g_assert_null (g_getenv ("GDK_DEBUG"));
      g_assert_null (g_getenv ("GDK_DISABLE"));
      g_assert_cmpint (bk_renderer_get_chosen ()->renderer, ==, BK_RENDERER_TOOLKIT);
      g_assert_cmpint (bk_renderer_get_chosen ()->origin, ==, BK_RENDERER_FROM_PREFERENCE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A user's GSK_RENDERER reaches GTK as they set it. */
static void
test_user_gsk_renderer_reaches_gtk (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GSettings) settings = NULL;

      clear_toolkit_variables ();
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      g_setenv ("BARKEEP_RENDERER", "gl", TRUE);
      settings = bk_settings_new ();
      g_assert_true (bk_renderer_choose (settings));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_null (g_getenv ("GDK_DEBUG"));
      g_assert_cmpint (bk_renderer_get_chosen ()->origin, ==, BK_RENDERER_FROM_TOOLKIT_ENVIRONMENT);
      gtk_init ();
      g_assert_true (window_renderer_type () == GSK_TYPE_CAIRO_RENDERER);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/renderer/default-cairo-without-gl", test_default_cairo_without_gl);
  g_test_add_func ("/app/renderer/gtk-4-16-uses-gdk-disable", test_gtk_4_16_uses_gdk_disable);
  g_test_add_func ("/app/renderer/appends-to-gdk-debug", test_appends_to_gdk_debug);
  g_test_add_func ("/app/renderer/user-toolkit-variables-untouched", test_user_toolkit_variables_untouched);
  g_test_add_func ("/app/renderer/empty-variables-ignored", test_empty_variables_ignored);
  g_test_add_func ("/app/renderer/preference-and-barkeep-renderer", test_preference_and_barkeep_renderer);
  g_test_add_func ("/app/renderer/unknown-barkeep-renderer-warns", test_unknown_barkeep_renderer_warns);
  g_test_add_func ("/app/renderer/describe", test_describe);
  g_test_add_func ("/app/renderer/chosen-before-display", test_chosen_before_display);
  g_test_add_func ("/app/renderer/preference-read", test_preference_read);
  g_test_add_func ("/app/renderer/user-gsk-renderer-reaches-gtk", test_user_gsk_renderer_reaches_gtk);
  return g_test_run ();
}
