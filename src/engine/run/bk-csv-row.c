/* bk-csv-row.c — a line of data into a bar.
 *
 * Each field is read by its column's role (a date, a time, a price...)
 * into the row; at the row's end its timestamp must follow the previous
 * bar's and its prices pass the sanity checks, and the bar is queued.
 * Ticks — times with seconds or finer — may repeat the previous time; a
 * tick earlier than the previous one is dropped with a warning, as a
 * live feed must go on (or, with options->strict, is an error).
 * Rows as nearly every price file's are (unquoted, unpadded, plain
 * decimals) are read in one pass without the tokeniser, for the speed of
 * universe runs; anything else is tokenised, which gives the same bar or
 * says what is wrong.
 */
#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const gsize role_offsets[BK_CSV_N_ROLES] = {
  0,
  0,
  0,
  offsetof (BkBar, open),
  offsetof (BkBar, high),
  offsetof (BkBar, low),
  offsetof (BkBar, close),
  offsetof (BkBar, volume),
  offsetof (BkBar, openinterest),
  offsetof (BkBar, close),
};

static void
fail_field (BkCsvReader *reader, BkError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* An error at the start of the field being parsed. */
static void
fail_field (BkCsvReader *reader, BkError code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  bk_csv_fail_at_column_va (reader, code,
                     bk_csv_column_at (reader, bk_csv_field_start_offset (reader, reader->field_index)),
                     format, args);
  va_end (args);
}

/* Unix seconds or milliseconds in a "timestamp" column; FALSE if the text
 * is not a plain number (then it may still be a date). */
static gboolean
store_unix_time (BkCsvReader *reader, const char *p, const char *end)
{
  const char *q = p;
  double value;

  for (; q < end && (bk_csv_is_digit (*q) || *q == '.'); q++)
    ;
  if (q != end || bk_csv_parse_number (p, end - p, &value) != BK_NUMBER_OK)
    return FALSE;
  if (!reader->first_row_seen || reader->bars_parsed == 0)
    reader->unix_ms = value >= BK_CSV_UNIX_MS_FROM;
  if ((reader->unix_ms ? value / 1000.0 : value) > BK_CSV_UNIX_MAX)
    {
      g_autofree char *quoted = bk_csv_quote_text (p, end - p);
      g_autofree char *title = bk_csv_quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);
      fail_field (reader, BK_ERROR_PARSE, _("Unix time %s in column '%s' is after the year 9999"),
                  quoted, title);
      return TRUE;
    }
  /* Whole milliseconds, as the text-date path keeps them. */
  gint64 ms = reader->unix_ms ? (gint64) floor (value) : (gint64) floor (value * 1000.0 + 0.5);
  reader->row_days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  reader->row_seconds = (double) (ms - reader->row_days * 86400000) / 1000.0;
  reader->row_date_has_time = TRUE;
  return TRUE;
}

/* Takes a scanned date into the row if its ranges are right; FALSE (and
 * nothing stored) if not. */
static gboolean
store_valid_date (BkCsvReader *reader, const BkCivilTime *t)
{
  if (!bk_csv_civil_time_is_valid (t))
    return FALSE;
  reader->row_days = bk_days_from_civil (t->year, t->month, t->day);
  reader->row_seconds = bk_csv_seconds_of_day (t);
  reader->row_date_has_time = t->has_time;
  reader->row_fraction = t->has_fraction;
  return TRUE;
}

static void
store_date (BkCsvReader *reader, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t;

  bk_csv_trim_blanks (&p, &end);
  if (reader->date_kind == BK_CSV_DATE_TIMESTAMP && store_unix_time (reader, p, end))
    return;
  if (!bk_csv_scan_datetime (p, end - p, &t))
    {
      g_autofree char *quoted = bk_csv_quote_text (text, len);
      g_autofree char *title = bk_csv_quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);
      reader->row_undated = TRUE;
      fail_field (reader, BK_ERROR_PARSE,
                  _("expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) "
                    "in column '%s', got %s"), title, quoted);
      return;
    }

  if (G_LIKELY (store_valid_date (reader, &t)))
    return;

  const char *problem = bk_csv_time_problem (&t);
  gboolean bad_day = FALSE;

  if (t.month < 1 || t.month > 12)
    problem = _("month must be 01 to 12");
  else
    bad_day = t.day < 1 || t.day > bk_csv_days_in_month (t.year, t.month);

  g_autofree char *quoted = bk_csv_quote_text (p, end - p);
  g_autofree char *title = bk_csv_quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);

  if (bad_day)
    {
      /* TRANSLATORS: an invalid date: the text, the column, the month's
       * last day, year and month. */
      fail_field (reader, BK_ERROR_PARSE,
                  _("invalid date %s in column '%s': day must be 01 to %02u in %04lld-%02u"),
                  quoted, title, bk_csv_days_in_month (t.year, t.month), (long long) t.year, t.month);
      return;
    }
  fail_field (reader, BK_ERROR_PARSE, _("invalid date %s in column '%s': %s"), quoted, title, problem);
}

static void
store_time (BkCsvReader *reader, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t = { 0 };

  bk_csv_trim_blanks (&p, &end);
  gboolean scanned = p < end && bk_csv_scan_time (p, end, &t);
  const char *problem = scanned ? bk_csv_time_problem (&t) : NULL;
  if (G_LIKELY (scanned && problem == NULL))
    {
      reader->row_time = bk_csv_seconds_of_day (&t);
      reader->row_fraction = t.has_fraction;
      return;
    }

  g_autofree char *quoted = bk_csv_quote_text (text, len);
  g_autofree char *title = bk_csv_quote_title (reader->role_titles[BK_CSV_ROLE_TIME]);
  if (!scanned)
    {
      fail_field (reader, BK_ERROR_PARSE, _("expected a time (HH:MM or HH:MM:SS) in column '%s', got %s"),
                  title, quoted);
      return;
    }
  fail_field (reader, BK_ERROR_PARSE, _("invalid time %s in column '%s': %s"), quoted, title, problem);
}

static void
store_number (BkCsvReader *reader, BkCsvRole role, const char *text, gsize len)
{
  double value = 0.0;
  BkNumberStatus status = bk_csv_parse_number (text, len, &value);

  if (status == BK_NUMBER_OK)
    {
      *(double *) ((char *) &reader->row + role_offsets[role]) = value;
      return;
    }

  g_autofree char *title = bk_csv_quote_title (reader->role_titles[role]);
  g_autofree char *quoted = bk_csv_quote_text (text, len);

  if (status == BK_NUMBER_EMPTY)
    fail_field (reader, BK_ERROR_PARSE, _("expected a number in column '%s', got an empty field"), title);
  else if (status == BK_NUMBER_NOT_FINITE)
    fail_field (reader, BK_ERROR_PARSE, _("expected a finite number in column '%s', got %s"), title, quoted);
  else
    fail_field (reader, BK_ERROR_PARSE, _("expected a number in column '%s', got %s"), title, quoted);
}

static void
take_field (BkCsvReader *reader, const char *text, gsize len)
{
  guint index = reader->field_index;

  if (index < reader->n_columns)
    {
      BkCsvRole role = reader->roles->data[index];

      if (role == BK_CSV_ROLE_DATE)
        store_date (reader, text, len);
      else if (role == BK_CSV_ROLE_TIME)
        store_time (reader, text, len);
      else if (role != BK_CSV_ROLE_IGNORED)
        store_number (reader, role, text, len);
    }
}

/* A sanity check failed at role's column: an error, or with --lenient a
 * counted warning (once per bar) and the bar is kept. */
static G_GNUC_PRINTF (3, 4) void
fail_sanity (BkCsvReader *reader, BkCsvRole role, const char *format, ...)
{
  va_list args;
  guint column = bk_csv_column_at (reader, bk_csv_field_start_offset (reader, (guint) reader->role_column[role]));

  va_start (args, format);
  if (!reader->options.lenient)
    bk_csv_fail_at_column_va (reader, BK_ERROR_PARSE, column, format, args);
  else if (!reader->row_warned)
    {
      g_autofree char *message = bk_csv_format_at (reader, column, format, args);

      reader->row_warned = TRUE;
      reader->n_warnings++;
      if (reader->first_warning == NULL)
        reader->first_warning = g_strdup (message);
      if (reader->options.on_warning != NULL)
        reader->options.on_warning (message, reader->options.warning_data);
    }
  va_end (args);
}

/* Prices must be positive, high the highest and low the lowest of the bar,
 * volume not negative. */
static void
check_sanity (BkCsvReader *reader)
{
  const BkBar *bar = &reader->row;
  static const BkCsvRole prices[] = {
    BK_CSV_ROLE_OPEN, BK_CSV_ROLE_HIGH, BK_CSV_ROLE_LOW, BK_CSV_ROLE_CLOSE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      double value = *(const double *) ((const char *) bar + role_offsets[prices[i]]);

      if (value <= 0.0)
        {
          g_autofree char *title = bk_csv_quote_title (reader->role_titles[prices[i]]);
          fail_sanity (reader, prices[i], _("price %.15g in column '%s' is not positive"), value, title);
          return;
        }
    }
  if (bar->high < bar->low)
    fail_sanity (reader, BK_CSV_ROLE_HIGH, _("high %.15g is below low %.15g"), bar->high, bar->low);
  else if (bar->high < bar->open)
    fail_sanity (reader, BK_CSV_ROLE_HIGH, _("high %.15g is below open %.15g"), bar->high, bar->open);
  else if (bar->high < bar->close)
    fail_sanity (reader, BK_CSV_ROLE_HIGH, _("high %.15g is below close %.15g"), bar->high, bar->close);
  else if (bar->low > bar->open)
    fail_sanity (reader, BK_CSV_ROLE_LOW, _("low %.15g is above open %.15g"), bar->low, bar->open);
  else if (bar->low > bar->close)
    fail_sanity (reader, BK_CSV_ROLE_LOW, _("low %.15g is above close %.15g"), bar->low, bar->close);
  else if (reader->role_column[BK_CSV_ROLE_VOLUME] >= 0 && bar->volume < 0.0)
    fail_sanity (reader, BK_CSV_ROLE_VOLUME, _("volume %.15g is negative"), bar->volume);
}

/* The finest unit a time of day uses: milliseconds, seconds or minutes. */
static BkTimeResolution
resolution_of (gboolean has_time, double seconds_of_day)
{
  gint64 ms = (gint64) floor (seconds_of_day * 1000.0 + 0.5);

  if (!has_time)
    return BK_TIME_RESOLUTION_DAYS;
  if (ms % 1000 != 0)
    return BK_TIME_RESOLUTION_MILLISECONDS;
  if (ms / 1000 % 60 != 0)
    return BK_TIME_RESOLUTION_SECONDS;
  return BK_TIME_RESOLUTION_MINUTES;
}

/* A tick earlier than the previous one: dropped and counted, or with
 * options->strict the error.  Not the second row: that one earlier than
 * the first says the file is newest-first, for ticks as for bars, read
 * from its end (or refused from a pipe) whatever the read size. */
static G_GNUC_PRINTF (3, 4) void
warn_out_of_order (BkCsvReader *reader, gsize offset, const char *format, ...)
{
  va_list args;
  guint column = bk_csv_column_at (reader, offset);

  va_start (args, format);
  if (reader->options.strict)
    bk_csv_fail_at_column_va (reader, BK_ERROR_PARSE, column, format, args);
  else
    {
      g_autofree char *message = bk_csv_format_at (reader, column, format, args);

      reader->n_warnings++;
      reader->n_out_of_order++;
      if (reader->first_warning == NULL)
        reader->first_warning = g_strdup (message);
      if (reader->first_out_of_order == NULL)
        reader->first_out_of_order = g_strdup (message);
      if (reader->options.on_warning != NULL)
        reader->options.on_warning (message, reader->options.warning_data);
    }
  va_end (args);
}

/* A row's timestamp: its date's day and seconds, and its time column's. */
static inline double
row_datetime (gint64 days, double seconds, double time)
{
  return (double) days * 86400.0 + seconds + time;
}

/* Where the current line's date begins, for a message. */
static gsize
date_offset (BkCsvReader *reader)
{
  return bk_csv_field_start_offset (reader, (guint) reader->role_column[BK_CSV_ROLE_DATE]);
}

/* The row's timestamp from its date and time fields; checks that it
 * follows the previous bar's.  FALSE when the bar is not to be queued. */
static gboolean
finish_datetime (BkCsvReader *reader)
{
  gboolean time_column = reader->role_column[BK_CSV_ROLE_TIME] >= 0;
  gboolean row_has_time = reader->row_date_has_time || time_column;

  if (time_column && reader->row_date_has_time)
    {
      bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                      _("the date already has a time of day, and the file has a time column too"));
      return FALSE;
    }

  double datetime = row_datetime (reader->row_days, reader->row_seconds, reader->row_time);
  BkTimeResolution resolution = resolution_of (row_has_time, reader->row_seconds + reader->row_time);
  /* Ticks by the rows before this one for seconds (a bar of hours whose
   * time has seconds does not make itself a tick, and a file of minute
   * bars written with ":00" repeats no time); a fraction written counts
   * from its own row. */
  reader->fraction_written |= reader->row_fraction;
  gboolean ticks = bk_csv_reader_is_ticks (reader, row_has_time);

  reader->resolution = MAX (reader->resolution, resolution);
  if (reader->bars_parsed == 0)
    reader->has_time = row_has_time;
  else if (row_has_time != reader->has_time)
    {
      if (row_has_time)
        bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                        _("a date with a time of day among dates without one (from line %llu)"),
                        (unsigned long long) reader->data_start_line);
      else
        bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                        _("a date without a time of day among dates with one (from line %llu)"),
                        (unsigned long long) reader->data_start_line);
      return FALSE;
    }
  else if (ticks && datetime == reader->previous_datetime)
    ;
  else if (ticks && datetime < reader->previous_datetime && !reader->reversed && reader->bars_parsed > 1)
    {
      char this_date[40], previous_date[40];

      bk_format_datetime (datetime, TRUE, this_date);
      bk_format_datetime (reader->previous_datetime, TRUE, previous_date);
      /* TRANSLATORS: two times of day with their dates. */
      warn_out_of_order (reader, date_offset (reader), _("tick at %s is earlier than the previous tick's %s"),
                         this_date, previous_date);
      return FALSE;
    }
  else if (datetime <= reader->previous_datetime)
    {
      char this_date[40], previous_date[40];

      if (reader->bars_parsed == 1 && datetime < reader->previous_datetime && !reader->reversed)
        {
          if (reader->seekable)
            {
              reader->reverse_pending = TRUE;
              reader->turn_line = reader->line_number;
              reader->turn_column = bk_csv_column_at (reader, date_offset (reader));
              reader->turn_dates[0] = reader->previous_datetime;
              reader->turn_dates[1] = datetime;
              return FALSE;
            }
          bk_format_datetime (datetime, reader->has_time, this_date);
          bk_format_datetime (reader->previous_datetime, reader->has_time, previous_date);
          bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                          _("the data is newest-first (%s after %s) and the input cannot be read "
                            "from its end: sort it oldest-first, or read it from a file"),
                          this_date, previous_date);
          return FALSE;
        }
      bk_format_datetime (datetime, reader->has_time, this_date);
      if (datetime == reader->previous_datetime)
        bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                        _("date %s repeats the previous bar's date"), this_date);
      else
        {
          bk_format_datetime (reader->previous_datetime, reader->has_time, previous_date);
          /* Read backward, the file's last two lines are oldest-first.  If
           * its first date is also earlier than its last, the file is
           * oldest-first and its first two rows are the ones out of order:
           * say so where they are. */
          if (reader->reversed && reader->bars_parsed == 1 && reader->turn_dates[0] < reader->previous_datetime)
            {
              bk_format_datetime (reader->turn_dates[1], reader->has_time, this_date);
              bk_format_datetime (reader->turn_dates[0], reader->has_time, previous_date);
              reader->line_number = reader->turn_line;
              bk_csv_fail_at_column (reader, BK_ERROR_PARSE, reader->turn_column,
                              _("date %s is earlier than the previous bar's %s"), this_date, previous_date);
            }
          else if (reader->reversed)
            bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                            _("date %s is earlier than the next line's %s in this newest-first file"),
                            this_date, previous_date);
          else
            bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, date_offset (reader),
                            _("date %s is earlier than the previous bar's %s"), this_date, previous_date);
        }
      return FALSE;
    }
  reader->row.datetime = datetime;
  return TRUE;
}

/* The row is whole: checked, it joins the queue. */
static void
take_row_end (BkCsvReader *reader)
{
  if (reader->field_index != reader->n_columns)
    {
      gsize offset = reader->field_index > reader->n_columns
                     ? bk_csv_field_start_offset (reader, reader->n_columns)
                     : reader->line_len;

      /* A line too short to reach the date is not a row at all. */
      if (reader->field_index <= (guint) reader->role_column[BK_CSV_ROLE_DATE])
        reader->row_undated = TRUE;
      bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, offset, _("expected %u fields, found %u"),
                      reader->n_columns, reader->field_index);
      return;
    }

  if (!finish_datetime (reader))
    return;
  if (reader->single_price)
    reader->row.open = reader->row.high = reader->row.low = reader->row.close;
  check_sanity (reader);
  if (reader->error != NULL)
    return;

  g_assert (reader->queue_head == 0 && reader->queue_len < BK_CSV_QUEUE_CAPACITY);
  reader->queue[reader->queue_len++] = reader->row;
  reader->previous_datetime = reader->row.datetime;
  reader->bars_parsed++;
}
/* ---- rows in one pass --------------------------------------------------- */

/* Rows as nearly every price file's are — unquoted, unpadded, in ASCII,
 * the date in text, the prices plain decimals — are read in one pass,
 * for the speed of universe runs.  The pass reads a line that ends at a
 * line break, '\n', which it never passes; at the first thing it does not
 * handle itself (a sign, a blank, an exponent, a quote, a bad date, the
 * wrong number of fields...) it gives up, and the line is read the
 * general way, which gives the same bar or says what is wrong. */

/* The bytes that end a field other than a number or a date, for each
 * delimiter: the delimiter, the line's end, and what the one pass leaves
 * to the general way (a quote, NUL, what is not ASCII). */
#define BK_CSV_STOPS(delimiter) \
  { [0] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [(guchar) (delimiter)] = 1, [0x80 ... 0xff] = 1 }
static const guint8 field_stops[3][256] = {
  BK_CSV_STOPS (','), BK_CSV_STOPS (';'), BK_CSV_STOPS ('\t'),
};
#undef BK_CSV_STOPS

static inline const guint8 *
stops_for (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return field_stops[0];
    case ';':
      return field_stops[1];
    case '\t':
      return field_stops[2];
    default:
      return NULL;
    }
}

/* Reads digits[.digits] (at most BK_CSV_CLINGER_DIGITS of them) at *p, as
 * bk_csv_parse_number would, and leaves *p at the byte after them; FALSE
 * for anything else. */
static inline gboolean
scan_plain_number (const char **p, double *value)
{
  const guchar *q = (const guchar *) *p;
  guint64 mantissa = 0;
  guint digits, fraction_digits = 0;

  for (guint d; (d = *q - (guint) '0') <= 9; q++)
    mantissa = mantissa * 10 + d;
  digits = (const char *) q - *p;
  if (*q == '.')
    {
      const guchar *fraction = ++q;

      for (guint d; (d = *q - (guint) '0') <= 9; q++)
        mantissa = mantissa * 10 + d;
      fraction_digits = q - fraction;
      digits += fraction_digits;
    }
  if (digits == 0 || digits > BK_CSV_CLINGER_DIGITS)
    return FALSE;
  *value = bk_csv_clinger_value (mantissa, fraction_digits);
  *p = (const char *) q;
  return TRUE;
}

/* A date read in one pass, as store_valid_date() would take it. */
typedef struct {
  gint64 days;
  double seconds;
  gboolean has_time;
  gboolean has_fraction;
} BkPlainDate;

static inline guint
two_digits (const char *p)
{
  return (guint) (p[0] - '0') * 10 + (guint) (p[1] - '0');
}

/* Tests one byte after the other, never past a byte that is not a digit. */
static inline gboolean
are_digits (const char *p, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!bk_csv_is_digit (p[i]))
      return FALSE;
  return TRUE;
}

/* The first eight bytes of a date, "YYYY-MM-" or "YYYY/MM/", of a month
 * other than the last one's: checked once and remembered.  FALSE for other
 * text, or a month out of range. */
static gboolean
take_new_month (BkCsvReader *reader, const char *p, guint64 month_text)
{
  if (!are_digits (p, 4) || (p[4] != '-' && p[4] != '/') || !are_digits (p + 5, 2) || p[7] != p[4])
    return FALSE;

  guint year = two_digits (p) * 100 + two_digits (p + 2);
  guint month = two_digits (p + 5);

  if (month < 1 || month > 12)
    return FALSE;
  reader->month_text = month_text;
  reader->month_first_day = bk_days_from_civil (year, month, 1);
  reader->month_days = bk_csv_days_in_month (year, month);
  return TRUE;
}

static inline gboolean
ends_field (char c, char delimiter)
{
  return c == delimiter || c == '\n' || c == '\r';
}

/* HH:MM or HH:MM:SS at p, to the field's end, into *seconds and *p past
 * it; FALSE for any other text (which bk_csv_scan_time may still read) or
 * a time out of range. */
static inline gboolean
scan_plain_time (const char **p, char delimiter, double *seconds)
{
  const char *s = *p;
  BkCivilTime t = { 0 };

  if (!are_digits (s, 2) || s[2] != ':' || !are_digits (s + 3, 2))
    return FALSE;
  t.hour = two_digits (s);
  t.minute = two_digits (s + 3);
  s += 5;
  if (*s == ':')
    {
      if (!are_digits (s + 1, 2))
        return FALSE;
      t.second = two_digits (s + 1);
      s += 3;
    }
  if (!ends_field (*s, delimiter) || t.hour > 23 || t.minute > 59 || t.second > 59)
    return FALSE;
  *seconds = bk_csv_seconds_of_day (&t);
  *p = s;
  return TRUE;
}

/* The date field at *p, into *date and *p past it; FALSE for what is not a
 * valid date.  Dates as most files write them — YYYY-MM-DD or YYYY/MM/DD,
 * maybe with HH:MM[:SS] after a blank or a 'T' — are read here, their
 * month's first day remembered from the row before (a daily file has some
 * twenty rows a month); any other through bk_csv_scan_datetime().  The
 * line ends at `limit` at the latest. */
static G_ALWAYS_INLINE inline gboolean
scan_plain_date (BkCsvReader *reader, const char **p, const char *limit, const guint8 *stops,
                 BkPlainDate *date)
{
  const char *s = *p;
  const char delimiter = reader->delimiter;
  guint64 month_text;

  if (limit - s > 10)
    {
      memcpy (&month_text, s, sizeof month_text);
      if ((month_text == reader->month_text || take_new_month (reader, s, month_text)) && are_digits (s + 8, 2))
        {
          guint day = two_digits (s + 8);
          const char *end = s + 10;

          date->seconds = 0.0;
          date->has_time = !ends_field (*end, delimiter);
          date->has_fraction = FALSE;
          if (date->has_time)
            {
              if (*end != ' ' && *end != 'T')
                goto general;
              end++;
              if (!scan_plain_time (&end, delimiter, &date->seconds))
                goto general;
            }
          if (day < 1 || day > reader->month_days)
            return FALSE;
          date->days = reader->month_first_day + day - 1;
          *p = end;
          return TRUE;
        }
    }

general:
  {
    const char *end = s;
    BkCivilTime t;

    while (!stops[(guchar) *end])
      end++;
    if (end == s || bk_csv_is_blank (s[0]) || bk_csv_is_blank (end[-1]) || !bk_csv_scan_datetime (s, end - s, &t)
        || !bk_csv_civil_time_is_valid (&t))
      return FALSE;
    date->days = bk_days_from_civil (t.year, t.month, t.day);
    date->seconds = bk_csv_seconds_of_day (&t);
    date->has_time = t.has_time;
    date->has_fraction = t.has_fraction;
    *p = end;
    return TRUE;
  }
}

/* Reads the line at p, which ends at a '\n' at `limit` at the latest, into
 * *row (its datetime left out) and *date.  Returns where its last field
 * ends, for the caller to check that the line ends there; NULL at the
 * first thing the pass does not handle.  Stores nothing in the reader but
 * the month it remembers. */
static G_ALWAYS_INLINE inline const char *
scan_plain_row (BkCsvReader *reader, const char *p, const char *limit, BkBar *row, BkPlainDate *date)
{
  const guint n_columns = reader->n_columns;
  const guint8 *roles = reader->roles->data;
  const char delimiter = reader->delimiter;
  const guint8 *stops = stops_for (delimiter);
  gboolean dated = FALSE;

  if (stops == NULL)
    return NULL;
  *row = (BkBar) { 0 };
  for (guint index = 0;; index++, p++)
    {
      const char *field = p;
      BkCsvRole role = index < n_columns ? roles[index] : BK_CSV_ROLE_TIME;

      switch (role)
        {
        case BK_CSV_ROLE_TIME:
          return NULL;
        case BK_CSV_ROLE_IGNORED:
          while (!stops[(guchar) *p])
            p++;
          if (p - field > BK_CSV_MAX_FIELD)
            return NULL;
          break;
        case BK_CSV_ROLE_DATE:
          if (!scan_plain_date (reader, &p, limit, stops, date) || p - field > BK_CSV_MAX_FIELD)
            return NULL;
          dated = TRUE;
          break;
        default:
          if (!scan_plain_number (&p, (double *) ((char *) row + role_offsets[role])))
            return NULL;
          break;
        }
      if (*p != delimiter)
        return dated && index + 1 == n_columns ? p : NULL;
    }
}

/* The checks of take_row_end(), for a row that passes them all without a
 * warning and changes nothing the reader has found (its times' finest
 * unit, ticks or not, with or without a time of day), after the first. */
static inline gboolean
passes_quietly (BkCsvReader *reader, const BkBar *row, const BkPlainDate *date, double datetime)
{
  if (reader->bars_parsed == 0 || date->has_time != reader->has_time
      || resolution_of (date->has_time, date->seconds) > reader->resolution
      || (date->has_fraction && !reader->fraction_written))
    return FALSE;
  if (!(datetime > reader->previous_datetime
        || (datetime == reader->previous_datetime && bk_csv_reader_is_ticks (reader, date->has_time))))
    return FALSE;
  return row->open > 0.0 && row->high > 0.0 && row->low > 0.0 && row->close > 0.0 && row->high >= row->low
         && row->high >= row->open && row->high >= row->close && row->low <= row->open && row->low <= row->close;
}

const char *
bk_csv_take_plain_row (BkCsvReader *reader, const char *text, const char *limit)
{
  BkBar row;
  BkPlainDate date = { 0 };
  const char *end = scan_plain_row (reader, text, limit, &row, &date);

  if (end == NULL)
    return NULL;
  /* The line ends here, at "\n" or "\r\n", and is not too long. */
  if (*end == '\r')
    end++;
  if (*end != '\n' || end - text > BK_CSV_MAX_LINE)
    return NULL;
  if (reader->single_price)
    row.open = row.high = row.low = row.close;

  double datetime = row_datetime (date.days, date.seconds, 0.0);
  if (!passes_quietly (reader, &row, &date, datetime))
    return NULL;
  row.datetime = datetime;
  reader->queue[reader->queue_len++] = row;
  reader->previous_datetime = datetime;
  reader->bars_parsed++;
  return end;
}

static void
reset_row (BkCsvReader *reader)
{
  reader->field_index = 0;
  reader->row = (BkBar) { 0 };
  reader->row_days = 0;
  reader->row_seconds = 0.0;
  reader->row_time = 0.0;
  reader->row_date_has_time = FALSE;
  reader->row_fraction = FALSE;
  reader->row_undated = FALSE;
  reader->row_warned = FALSE;
}

/* The current line as a plain row into the reader's row, as the
 * tokeniser would read it; FALSE if it is not one.  The line is copied
 * with a '\n' after it, which the pass needs. */
static gboolean
parse_plain_row (BkCsvReader *reader)
{
  char copy[BK_CSV_PLAIN_LINE + 1];
  BkPlainDate date = { 0 };
  gsize len = reader->line_len;

  if (len > BK_CSV_PLAIN_LINE || reader->date_kind != BK_CSV_DATE_TEXT
      || reader->role_column[BK_CSV_ROLE_TIME] >= 0 || reader->options.general_rows)
    return FALSE;
  memcpy (copy, reader->line, len);
  copy[len] = '\n';
  if (scan_plain_row (reader, copy, copy + len, &reader->row, &date) != copy + len)
    return FALSE;
  reader->row_days = date.days;
  reader->row_seconds = date.seconds;
  reader->row_date_has_time = date.has_time;
  reader->row_fraction = date.has_fraction;
  reader->field_index = reader->n_columns;
  return TRUE;
}

/* Parses the current line as a row: the common rows in one pass, any
 * other through the tokeniser. */
void
bk_csv_parse_row (BkCsvReader *reader)
{
  reset_row (reader);
  if (parse_plain_row (reader))
    {
      take_row_end (reader);
      return;
    }
  reset_row (reader);
  bk_csv_tokenize_line (reader, take_field, take_row_end);
}
