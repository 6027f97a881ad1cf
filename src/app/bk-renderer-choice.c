/* bk-renderer-choice.c — GTK's renderer for the window: the cairo one,
 * with GL and Vulkan kept unloaded, unless the user asks otherwise. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "bk-renderer-choice.h"

/* Whether a GDK_DEBUG or GDK_DISABLE value already says something about
 * GL or Vulkan (gl-disable, gl-gles, vulkan-disable; gl, gles-api, egl,
 * vulkan...): then it is the user's choice.  GTK separates keys with any
 * of ":;, " (g_parse_debug_string). */
static gboolean
mentions_gl (const char *value)
{
  static const char *const prefixes[] = { "gl", "egl", "wgl", "vulkan" };
  g_auto(GStrv) keys = value != NULL ? g_strsplit_set (value, ":;, \t", -1) : NULL;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
      if (g_str_has_prefix (keys[i], prefixes[p]))
        return TRUE;
  return FALSE;
}

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

/* `value` with `keys` after it, or `keys` alone. */
static char *
append_keys (const char *value, const char *keys)
{
  return is_set (value) ? g_strconcat (value, ",", keys, NULL) : g_strdup (keys);
}

void
bk_renderer_plan (const BkRendererInputs *in, BkRendererPlan *plan)
{
  memset (plan, 0, sizeof *plan);

  /* The user's own toolkit variables: theirs to keep, all of them. */
  if (is_set (in->gsk_renderer))
    plan->origin_detail = g_strconcat ("GSK_RENDERER=", in->gsk_renderer, NULL);
  else if (mentions_gl (in->gdk_disable))
    plan->origin_detail = g_strconcat ("GDK_DISABLE=", in->gdk_disable, NULL);
  else if (mentions_gl (in->gdk_debug))
    plan->origin_detail = g_strconcat ("GDK_DEBUG=", in->gdk_debug, NULL);
  if (plan->origin_detail != NULL)
    {
      plan->origin = BK_RENDERER_FROM_TOOLKIT_ENVIRONMENT;
      plan->renderer = BK_RENDERER_TOOLKIT;
      return;
    }

  const char *choice = in->preference;
  plan->origin = BK_RENDERER_FROM_PREFERENCE;
  if (is_set (in->barkeep_renderer))
    {
      if (g_str_equal (in->barkeep_renderer, "gl") || g_str_equal (in->barkeep_renderer, "cairo"))
        {
          choice = in->barkeep_renderer;
          plan->origin = BK_RENDERER_FROM_BARKEEP_RENDERER;
          plan->origin_detail = g_strconcat ("BARKEEP_RENDERER=", in->barkeep_renderer, NULL);
        }
      else
        plan->warning = g_strdup_printf (_("barkeep: BARKEEP_RENDERER=%s is neither gl nor cairo; "
                                           "using the preference (%s)"),
                                         in->barkeep_renderer, in->preference != NULL ? in->preference : "cairo");
    }

  /* Anything but "gl" is the default, cairo. */
  if (choice != NULL && g_str_equal (choice, "gl"))
    {
      plan->renderer = BK_RENDERER_TOOLKIT;
      return;
    }
  plan->renderer = BK_RENDERER_CAIRO;
  plan->set_gsk_renderer = g_strdup ("cairo");
  /* The cairo renderer alone would still have GDK load GL when it opens
   * the display, to choose its visual: GL itself has to be disabled.
   * GTK 4.16 moved the switch from GDK_DEBUG to GDK_DISABLE, and warns
   * about GDK_DEBUG keys it no longer has. */
  if (in->gtk_minor_version >= 16)
    plan->set_gdk_disable = append_keys (in->gdk_disable, "gl,vulkan");
  else
    plan->set_gdk_debug = append_keys (in->gdk_debug, "gl-disable,vulkan-disable");
}

void
bk_renderer_plan_clear (BkRendererPlan *plan)
{
  g_clear_pointer (&plan->origin_detail, g_free);
  g_clear_pointer (&plan->set_gsk_renderer, g_free);
  g_clear_pointer (&plan->set_gdk_debug, g_free);
  g_clear_pointer (&plan->set_gdk_disable, g_free);
  g_clear_pointer (&plan->warning, g_free);
}

static BkRendererPlan chosen;
static gboolean have_chosen;

gboolean
bk_renderer_choose (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *preference = NULL;

  /* An older schema installed beside a newer program has no such key. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "renderer"))
    preference = g_settings_get_string (settings, "renderer");
  BkRendererInputs inputs = {
    .gsk_renderer = g_getenv ("GSK_RENDERER"),
    .gdk_debug = g_getenv ("GDK_DEBUG"),
    .gdk_disable = g_getenv ("GDK_DISABLE"),
    .barkeep_renderer = g_getenv ("BARKEEP_RENDERER"),
    .preference = preference,
    .gtk_minor_version = gtk_get_minor_version (),
  };

  /* GTK has read its variables when it opened the display. */
  if (gtk_is_initialized ())
    return FALSE;
  if (have_chosen)
    bk_renderer_plan_clear (&chosen);
  bk_renderer_plan (&inputs, &chosen);
  have_chosen = TRUE;
  if (chosen.warning != NULL)
    g_printerr ("%s\n", chosen.warning);
  if (chosen.set_gsk_renderer != NULL)
    g_setenv ("GSK_RENDERER", chosen.set_gsk_renderer, TRUE);
  if (chosen.set_gdk_debug != NULL)
    g_setenv ("GDK_DEBUG", chosen.set_gdk_debug, TRUE);
  if (chosen.set_gdk_disable != NULL)
    g_setenv ("GDK_DISABLE", chosen.set_gdk_disable, TRUE);
  return TRUE;
}

const BkRendererPlan *
bk_renderer_get_chosen (void)
{
  return have_chosen ? &chosen : NULL;
}

gboolean
bk_renderer_gl_loaded (void)
{
  /* The drivers GTK's GL or Vulkan would dlopen: glvnd's front ends,
   * Mesa's and others' drivers, the Vulkan loader.  (GTK links libepoxy,
   * libwayland-egl and libxcb-glx always: not these.) */
  static const char *const drivers[] = { "libGL.so", "libGLX", "libEGL", "libvulkan", "_dri.so", "libgallium",
                                         "libnvidia-gl" };
  g_autofree char *maps = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return FALSE;
  for (char *line = maps; line != NULL && *line != '\0';)
    {
      char *end = strchr (line, '\n');
      const char *name;

      if (end != NULL)
        *end = '\0';
      name = strrchr (line, '/');
      for (guint i = 0; name != NULL && i < G_N_ELEMENTS (drivers); i++)
        if (strstr (name, drivers[i]) != NULL)
          return TRUE;
      line = end != NULL ? end + 1 : NULL;
    }
  return FALSE;
}

char *
bk_renderer_describe (const char *renderer_type, gboolean gl_loaded, const BkRendererPlan *plan)
{
  const char *type_name = renderer_type != NULL ? renderer_type : "";
  g_autofree char *renderer = NULL;
  g_autofree char *origin = NULL;

  if (g_str_equal (type_name, "GskCairoRenderer"))
    renderer = g_strdup (gl_loaded ? _("its cairo renderer; OpenGL is loaded all the same")
                                   : _("its cairo renderer, OpenGL not loaded"));
  else if (g_str_equal (type_name, "GskGLRenderer") || g_str_equal (type_name, "GskNglRenderer"))
    renderer = g_strdup (_("its OpenGL renderer"));
  else if (g_str_equal (type_name, "GskVulkanRenderer"))
    renderer = g_strdup (_("its Vulkan renderer"));
  else if (type_name[0] != '\0')
    /* Translators: %s is the name of one of GTK's renderers, e.g. "GskBroadwayRenderer" */
    renderer = g_strdup_printf (_("its renderer %s"), type_name);
  else
    renderer = g_strdup (_("a renderer not chosen yet"));

  if (plan == NULL)
    origin = g_strdup (_("left to GTK"));
  else if (plan->origin == BK_RENDERER_FROM_PREFERENCE)
    origin = g_strdup (_("as set in Preferences"));
  else
    /* Translators: %s is an environment variable with its value, e.g. "GSK_RENDERER=ngl" */
    origin = g_strdup_printf (_("as %s in the environment asks"), plan->origin_detail);

  /* Translators: the toolkit the window is drawn with: GTK's version, its
   * renderer ("its cairo renderer, OpenGL not loaded") and who chose it
   * ("as set in Preferences"). */
  return g_strdup_printf (_("Drawn by GTK %u.%u.%u with %s (%s)"), gtk_get_major_version (),
                          gtk_get_minor_version (), gtk_get_micro_version (), renderer, origin);
}
