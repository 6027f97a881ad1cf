/* bk-format.c — numbers as the window writes them (see bk-format.h). */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-format.h"

/* The separator between groups of three digits, in the interface's
 * language, whatever the numeric locale. */
static const char *
group_separator (void)
{
  /* TRANSLATORS: put between groups of three digits, as in "1,500"
   * (',' in English and Chinese; '.', ' ' or ' ' in other languages). */
  return C_("digit group separator", ",");
}

/* Appends `digits` (ASCII, no sign) to `out` with the separator every
 * three from the right. */
static void
append_grouped (GString *out, const char *digits, gsize n)
{
  const char *separator = group_separator ();

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
bk_format_count (guint64 count)
{
  char digits[G_ASCII_DTOSTR_BUF_SIZE];
  GString *out = g_string_new (NULL);

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, count);
  append_grouped (out, digits, strlen (digits));
  return g_string_free (out, FALSE);
}

char *
bk_format_number (double value, int decimals, gboolean sign)
{
  char format[16], digits[G_ASCII_DTOSTR_BUF_SIZE + 320];
  GString *out;

  if (!isfinite (value))
    return g_strdup ("—");
  decimals = CLAMP (decimals, 0, 12);
  /* The digits in the C locale: '.' as the mark, no grouping. */
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (digits, sizeof digits, format, fabs (value));
  out = g_string_new (NULL);
  /* A value that rounds to zero carries no sign. */
  if (strspn (digits, "0.") != strlen (digits))
    {
      if (value < 0)
        g_string_append_c (out, '-');
      else if (sign)
        g_string_append_c (out, '+');
    }
  const char *mark = strchr (digits, '.');
  append_grouped (out, digits, mark != NULL ? (gsize) (mark - digits) : strlen (digits));
  if (mark != NULL)
    g_string_append (out, mark);
  return g_string_free (out, FALSE);
}

char *
bk_format_bytes (guint64 bytes)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double value = (double) bytes;
  guint unit = 0;

  if (bytes < 1024)
    {
      g_autofree char *count = bk_format_count (bytes);
      /* TRANSLATORS: a size under 1 KiB. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", bytes), count);
    }
  value /= 1024.0;
  /* 1023.96 KiB would read "1,024.0 KiB": it is the next unit's 1.0. */
  while (value >= 1023.95 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024.0;
      unit++;
    }
  g_autofree char *number = bk_format_number (value, 1, FALSE);
  return g_strdup_printf ("%s %s", number, units[unit]);
}

char *
bk_format_data_name (GFile *data)
{
  return data != NULL ? g_file_get_basename (data) : g_strdup (_("Bundled sample"));
}
