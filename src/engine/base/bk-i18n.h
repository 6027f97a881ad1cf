/* bk-i18n.h — translations for the engine's messages.
 *
 * The engine is a library: it names its gettext domain (GETTEXT_PACKAGE,
 * "barkeep") instead of relying on the program's textdomain(), so its
 * messages are translated whichever front end calls it.  Each front end
 * binds the domain at start-up (bk_locale_init). */
#pragma once

#include "config.h"

#include <glib/gi18n-lib.h>
