/* bk-locale.h — what both front ends do first: the user's locale, and
 * their translations from `localedir`, or from $BARKEEP_LOCALEDIR when it
 * is set (a build or an install tree that is not where the binaries were
 * configured to live). */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>

static inline void
bk_locale_init (const char *domain, const char *localedir)
{
  const char *override = g_getenv ("BARKEEP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (domain, override != NULL && *override != '\0' ? override : localedir);
  bind_textdomain_codeset (domain, "UTF-8");
  textdomain (domain);
}
