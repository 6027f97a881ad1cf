/* main.c — barkeep, the desktop workbench. */
#define G_LOG_DOMAIN "barkeep"

#include "config.h"

#include <glib/gi18n.h>

#include "bk-application.h"
#include "bk-locale.h"

int
main (int argc, char **argv)
{
  bk_locale_init (GETTEXT_PACKAGE, BK_LOCALEDIR);

  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
