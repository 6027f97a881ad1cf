/* bk-application.h — the Barkeep application: windows, app actions,
 * command line (`barkeep [FILE] [--mode=M] [--strategy=NAME|FILE]`). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BK_TYPE_APPLICATION (bk_application_get_type ())
G_DECLARE_FINAL_TYPE (BkApplication, bk_application, BK, APPLICATION, AdwApplication)

BkApplication *bk_application_new (GApplicationFlags extra_flags);

/* The application's GSettings.  When the schema is not installed (a build
 * run outside `meson devenv`) it warns once and returns settings with the
 * schema's defaults, kept in memory for this process only. */
GSettings *bk_application_new_settings (void);

G_END_DECLS
