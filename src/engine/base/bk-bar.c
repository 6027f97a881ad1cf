/* bk-bar.c — calendar arithmetic for bar timestamps.
 *
 * Dates are proleptic Gregorian and UTC: a bar's datetime counts seconds
 * from 1970-01-01T00:00:00 with no time zone and no leap seconds, so the
 * same file gives the same numbers on every machine.  The conversions are
 * Howard Hinnant's days_from_civil and civil_from_days, which are exact for
 * negative days (dates before 1970) as well.
 */
#include "bk-bar.h"

#include <math.h>
#include <stdio.h>

/* Floor division: C's '/' truncates toward zero, which would put
 * 1969-12-31T23:59:59 (-1 s) on day 0 instead of day -1. */
static gint64
floor_div (gint64 a, gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

gint64
bk_days_from_civil (gint64 year, guint month, guint day)
{
  gint64 y = year - (month <= 2);
  gint64 era = floor_div (y, 400);
  gint64 yoe = y - era * 400;                                         /* [0, 399] */
  gint64 mp = (month + 9) % 12;                                       /* March = 0 */
  gint64 doy = (153 * mp + 2) / 5 + (gint64) day - 1;                 /* [0, 365] */
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                 /* [0, 146096] */

  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 days, gint64 *year, guint *month, guint *day)
{
  gint64 z = days + 719468;
  gint64 era = floor_div (z, 146097);
  gint64 doe = z - era * 146097;                                      /* [0, 146096] */
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
  gint64 mp = (5 * doy + 2) / 153;                                    /* [0, 11] */

  *day = (guint) (doy - (153 * mp + 2) / 5 + 1);
  *month = (guint) (mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

/* Beyond ±2^53 s a double no longer holds whole seconds, and a year there
 * would not fit the buffer; such values are not dates a feed produces. */
#define BK_DATETIME_MAX 9007199254740992.0

gboolean
bk_datetime_split (double datetime, gboolean with_time, gint64 *day, guint *second_of_day, guint *millisecond)
{
  if (!isfinite (datetime) || fabs (datetime) > BK_DATETIME_MAX)
    return FALSE;
  /* Milliseconds are shown where there are any (tick data); rounding to
   * them first keeps 10:00:00.9996 from printing as 10:00:00.1000. */
  double total_ms = floor (datetime * 1000.0 + 0.5);
  gboolean exact_ms = with_time && fabs (datetime) < 1e12;
  gint64 seconds = exact_ms ? floor_div ((gint64) total_ms, 1000) : (gint64) floor (datetime);

  *millisecond = exact_ms ? (guint) ((gint64) total_ms - seconds * 1000) : 0;
  *day = floor_div (seconds, 86400);
  *second_of_day = (guint) (seconds - *day * 86400);
  return TRUE;
}

void
bk_format_datetime (double datetime, gboolean with_time, char buf[32])
{
  gint64 days, year;
  guint second_of_day, millisecond, month, day;

  if (!bk_datetime_split (datetime, with_time, &days, &second_of_day, &millisecond))
    {
      g_strlcpy (buf, "invalid-date", 32);
      return;
    }
  civil_from_days (days, &year, &month, &day);
  if (with_time && millisecond != 0)
    g_snprintf (buf, 32, "%04" G_GINT64_FORMAT "-%02u-%02uT%02u:%02u:%02u.%03u",
                year, month, day,
                second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60, millisecond);
  else if (with_time)
    g_snprintf (buf, 32, "%04" G_GINT64_FORMAT "-%02u-%02uT%02u:%02u:%02u",
                year, month, day,
                second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
  else
    g_snprintf (buf, 32, "%04" G_GINT64_FORMAT "-%02u-%02u", year, month, day);
}
