/* bk-bar.h — one bar of price data, as a feed hands it to the engine. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef struct {
  double datetime;      /* seconds since 1970-01-01T00:00:00 UTC; date-only bars at 00:00 */
  double open;
  double high;
  double low;
  double close;
  double volume;
  double openinterest;
} BkBar;

/* Formats datetime as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS when with_time,
 * with .mmm after the seconds when the time has milliseconds. */
void bk_format_datetime (double datetime, gboolean with_time, char buf[32]);
/* What bk_format_datetime writes, in parts: the day (days from
 * 1970-01-01), the second of that day and the millisecond, rounded as
 * it rounds them (milliseconds only with a time and within 1e12 s of
 * 1970).  FALSE for a value it writes as "invalid-date". */
gboolean bk_datetime_split (double datetime, gboolean with_time, gint64 *day, guint *second_of_day,
                            guint *millisecond);

/* A price rounded to whole cents, at least one cent: what the generators
 * write, so that a generated file read back gives the bars generated. */
static inline double
bk_price_cents (double price)
{
  return MAX (1.0, round (price * 100.0)) / 100.0;
}

/* Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm). */
gint64 bk_days_from_civil (gint64 year, guint month, guint day);

G_END_DECLS
