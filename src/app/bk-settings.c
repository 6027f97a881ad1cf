/* bk-settings.c — the application's GSettings, from the installed schema
 * or, for a build run by its path, from the build tree's. */

#include "config.h"

/* For g_memory_settings_backend_new(), the fallback's backend. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "bk-settings.h"

/* The schema compiled in the build tree (data/meson.build), read where it
 * is: for a build run by its path, outside `meson devenv`. */
static GSettingsSchema *
load_build_tree_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsSchemaSource) source = g_settings_schema_source_new_from_directory (BK_BUILD_DATADIR, NULL,
                                                                                        TRUE, &error);
  GSettingsSchema *schema = source != NULL ? g_settings_schema_source_lookup (source, APPLICATION_ID, FALSE) : NULL;

  if (schema == NULL)
    g_error ("the settings schema '%s' is neither installed nor in the build tree %s%s%s", APPLICATION_ID,
             BK_BUILD_DATADIR, error != NULL ? ": " : "", error != NULL ? error->message : "");
  return schema;
}

GSettings *
bk_settings_new (void)
{
  static GSettingsSchema *fallback;
  static GSettingsBackend *memory;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;

  if (schema != NULL)
    return g_settings_new_full (schema, NULL, NULL);

  /* One schema and one backend for every window, so that Preferences
   * still reach the windows of this process. */
  if (g_once_init_enter (&fallback))
    {
      g_warning ("Settings schema '%s' is not installed: using the defaults, kept only until Barkeep "
                 "quits. Run an uninstalled build with 'meson devenv -C BUILDDIR barkeep', "
                 "or install it.", APPLICATION_ID);
      memory = g_memory_settings_backend_new ();
      g_once_init_leave (&fallback, load_build_tree_schema ());
    }
  return g_settings_new_full (fallback, memory, NULL);
}
