/* main.c — barkeep, the desktop workbench. */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "bk-application.h"
#include "bk-locale.h"
#include "bk-renderer-choice.h"
#include "bk-settings.h"

/* --help and --version need no display. */
static gboolean
needs_display (int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (g_str_has_prefix (argv[i], "--help") || strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "-?") == 0
        || strcmp (argv[i], "--version") == 0)
      return FALSE;
  return TRUE;
}

int
main (int argc, char **argv)
{
  bk_locale_init (GETTEXT_PACKAGE, BK_LOCALEDIR);

  /* GTK reads its renderer's variables as it opens the display. */
  if (needs_display (argc, argv))
    {
      g_autoptr(GSettings) settings = bk_settings_new ();
      bk_renderer_choose (settings);
    }

  /* Without a display GTK would stop with a message of its own that does
   * not say what to do instead. */
  if (needs_display (argc, argv) && !gtk_init_check ())
    {
      g_printerr ("%s\n", _("barkeep: no display to open a window on; run it under one (xvfb-run barkeep), "
                            "or use barkeep-cli, the same engine without a window"));
      return 1;
    }

  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
