/* main.c — barkeep, the desktop workbench. */
#define G_LOG_DOMAIN "barkeep"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bk-application.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BK_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
