/* bk-preferences-page.h — the Preferences: the chart's style and colours,
 * the mode and precision new windows start in; every row bound to its
 * GSettings key (ui/bk-preferences-page.ui). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BK_TYPE_PREFERENCES_PAGE (bk_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (BkPreferencesPage, bk_preferences_page, BK, PREFERENCES_PAGE, AdwPreferencesPage)

/* A page whose rows show and change `settings` (the application's). */
GtkWidget *bk_preferences_page_new (GSettings *settings);

G_END_DECLS
