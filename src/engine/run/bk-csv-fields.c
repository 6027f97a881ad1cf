/* bk-csv-fields.c — the values of a price file's fields, as text: decimal
 * numbers (Clinger's fast path, else strtod_l in the C locale), dates
 * (Y-M-D, Y/M/D, YYYYMMDD, with an optional time) and times of day.  No
 * reader state: the row and layout code decide what a value means. */
#define _GNU_SOURCE             /* strtod_l, newlocale */

#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* strtod_l with the C locale: a comma-decimal desktop locale must not
 * change what "1.5" means, and glibc's strtod rounds correctly. */
static locale_t
get_c_locale (void)
{
  static gsize once = 0;
  static locale_t c_locale;

  if (g_once_init_enter (&once))
    {
      c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      if (c_locale == (locale_t) 0)
        g_error ("newlocale(\"C\") failed: %s", g_strerror (errno));
      g_once_init_leave (&once, 1);
    }
  return c_locale;
}

/* Accepts [+-]digits[.digits][(e|E)[+-]digits] between optional blanks:
 * what strtod would also take as hexadecimal, "nan", "inf" or "1e" is
 * refused here, so a price column only ever holds decimal numbers. */
BkNumberStatus
bk_csv_parse_number (const char *text, gsize len, double *value)
{
  const char *p = text;
  const char *end = text + len;

  bk_csv_trim_blanks (&p, &end);
  if (p == end)
    return BK_NUMBER_EMPTY;

  const char *q = p;
  guint digits = 0, fraction_digits = 0;
  guint64 mantissa = 0;

  if (*q == '+' || *q == '-')
    q++;
  for (; q < end && bk_csv_is_digit (*q); q++, digits++)
    mantissa = mantissa * 10 + (guint64) (*q - '0');
  if (q < end && *q == '.')
    for (q++; q < end && bk_csv_is_digit (*q); q++, digits++, fraction_digits++)
      mantissa = mantissa * 10 + (guint64) (*q - '0');

  if (G_LIKELY (q == end && digits > 0 && digits <= BK_CSV_CLINGER_DIGITS))
    {
      double v = bk_csv_clinger_value (mantissa, fraction_digits);

      *value = *p == '-' ? -v : v;
      return BK_NUMBER_OK;
    }
  if (digits > 0 && q < end && (*q == 'e' || *q == 'E'))
    {
      q++;
      if (q < end && (*q == '+' || *q == '-'))
        q++;
      if (q == end || !bk_csv_is_digit (*q))
        return BK_NUMBER_MALFORMED;
      while (q < end && bk_csv_is_digit (*q))
        q++;
    }
  if (digits == 0 || q != end)
    {
      static const char * const non_finite[] = {
        "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity",
      };

      for (guint i = 0; i < G_N_ELEMENTS (non_finite); i++)
        if ((gsize) (end - p) == strlen (non_finite[i])
            && g_ascii_strncasecmp (p, non_finite[i], end - p) == 0)
          return BK_NUMBER_NOT_FINITE;
      return BK_NUMBER_MALFORMED;
    }

  /* strtod_l needs a terminated string; a field is at most
   * BK_CSV_MAX_FIELD bytes and the grammar above stops strtod at end. */
  char copy[BK_CSV_MAX_FIELD + 1];
  gsize n = MIN ((gsize) (end - p), sizeof copy - 1);
  memcpy (copy, p, n);
  copy[n] = '\0';

  char *stop;
  double v = strtod_l (copy, &stop, get_c_locale ());

  if (stop != copy + n)
    return BK_NUMBER_MALFORMED;
  if (!isfinite (v))
    return BK_NUMBER_NOT_FINITE;
  *value = v;
  return BK_NUMBER_OK;
}

/* Reads between min and max digits at *p (not past end); FALSE if fewer. */
static gboolean
read_number (const char **p, const char *end, guint min, guint max, guint *value)
{
  guint v = 0, n = 0;

  while (*p < end && n < max && bk_csv_is_digit (**p))
    {
      v = v * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  *value = v;
  return n >= min;
}

/* H:MM or HH:MM, then optionally :SS and a fraction (kept to the
 * millisecond); the whole of [p, end) must be used. */
gboolean
bk_csv_scan_time (const char *p, const char *end, BkCivilTime *t)
{
  if (!read_number (&p, end, 1, 2, &t->hour) || p == end || *p != ':')
    return FALSE;
  p++;
  if (!read_number (&p, end, 2, 2, &t->minute))
    return FALSE;
  if (p < end && *p == ':')
    {
      p++;
      if (!read_number (&p, end, 2, 2, &t->second))
        return FALSE;
      if (p < end && (*p == '.' || *p == ','))
        {
          guint digits = 0, ms = 0;

          p++;
          while (p < end && bk_csv_is_digit (*p))
            {
              if (digits < 3)
                ms = ms * 10 + (guint) (*p - '0');
              digits++;
              p++;
            }
          if (digits == 0)
            return FALSE;
          for (; digits < 3; digits++)
            ms *= 10;
          t->millisecond = ms;
          t->has_fraction = TRUE;
        }
    }
  if (p < end && *p == 'Z')
    p++;
  t->has_time = TRUE;
  return p == end;
}

/* The syntax of Y-M-D, Y/M/D (month and day with one or two digits) or
 * YYYYMMDD, then optionally 'T' or blanks and a time; ranges are checked
 * by the caller. */
gboolean
bk_csv_scan_datetime (const char *s, gsize len, BkCivilTime *t)
{
  const char *p = s;
  const char *end = s + len;
  guint year;

  memset (t, 0, sizeof *t);
  if (!read_number (&p, end, 4, 4, &year))
    return FALSE;
  t->year = year;
  if (p < end && (*p == '-' || *p == '/'))
    {
      char separator = *p++;

      if (!read_number (&p, end, 1, 2, &t->month) || p == end || *p != separator)
        return FALSE;
      p++;
      if (!read_number (&p, end, 1, 2, &t->day))
        return FALSE;
    }
  else if (!read_number (&p, end, 2, 2, &t->month) || !read_number (&p, end, 2, 2, &t->day))
    return FALSE;
  if (p == end)
    return TRUE;
  if (*p != 'T' && !bk_csv_is_blank (*p))
    return FALSE;
  if (*p == 'T')
    p++;
  else
    while (p < end && bk_csv_is_blank (*p))
      p++;
  return bk_csv_scan_time (p, end, t);
}

gboolean
bk_csv_looks_like_time (const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t = { 0 };

  bk_csv_trim_blanks (&p, &end);
  return p < end && bk_csv_scan_time (p, end, &t);
}

gboolean
bk_csv_looks_like_date (const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t;

  bk_csv_trim_blanks (&p, &end);
  return p < end && bk_csv_scan_datetime (p, end - p, &t);
}

/* The problem with a time of day's ranges (translated), or NULL when
 * bk_csv_civil_time_is_valid() would take it. */
const char *
bk_csv_time_problem (const BkCivilTime *t)
{
  if (t->hour > 23)
    return _("hour must be 00 to 23");
  if (t->minute > 59)
    return _("minute must be 00 to 59");
  if (t->second > 59)
    return _("second must be 00 to 59");
  return NULL;
}


gboolean
bk_csv_is_number_text (const char *text)
{
  double value;

  return bk_csv_parse_number (text, strlen (text), &value) == BK_NUMBER_OK;
}
