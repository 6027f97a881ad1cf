/* fuzz-number-reference.h — what bk_number_format must write: the dump's
 * number text as it was before it, printf's %.15g, %.16g or %.17g, the
 * first that strtod reads back as the same double.  Shared by the fuzz
 * target and tests/test-number-format.c. */
#pragma once

#include <glib.h>
#include <string.h>

#include "bk-number-format.h"

static inline const char *
reference_format (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value)
{
  static const char *const formats[] = { "%.15g", "%.16g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return buf;
    }
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

/* NULL where bk_number_format writes the reference's text (and says its
 * length), else what differs. */
static inline char *
reference_difference (double value)
{
  char want[G_ASCII_DTOSTR_BUF_SIZE];
  char got[BK_NUMBER_FORMAT_SIZE];
  gsize length = bk_number_format (value, got);

  reference_format (want, value);
  if (strcmp (got, want) == 0 && length == strlen (want))
    return NULL;
  return g_strdup_printf ("%a: '%s' (length %" G_GSIZE_FORMAT "), printf and strtod give '%s'", value, got,
                          length, want);
}
