/* bk-settings.h — Barkeep's GSettings, for the window, Preferences and
 * the tests alike. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's settings.  When the schema is not installed (a build
 * run by its path, outside `meson devenv`) it warns once and returns
 * settings with the schema's defaults, read from the build tree and kept
 * in memory for this process only. */
GSettings *bk_settings_new (void);

G_END_DECLS
