/* bk-csv.c — a streaming reader of price files, on libcsv.
 *
 * The input goes through three stages, each holding a fixed amount:
 *   1. bytes: one buffer of BK_CSV_CHUNK_SIZE plus room for one line, filled
 *      by read(2) going forward, or by pread(2) block by block going
 *      backward through a newest-first file;
 *   2. lines: the buffer is split at line breaks (LF, or the 2-byte LF of
 *      UTF-16), and each line that is not plain ASCII is decoded to UTF-8
 *      (GB18030 and UTF-16 through GIConv) into a scratch buffer of one line;
 *   3. rows: libcsv splits a line into fields, and the reader turns them into
 *      a bar, queued until next() hands it out (at most BK_CSV_QUEUE_CAPACITY).
 * Every decision is taken on whole lines, or on the first bytes of the file
 * which are always gathered before deciding, so the result never depends on
 * how read(2) happens to cut the input.
 *
 * The encoding: a BOM says UTF-8 or UTF-16; so do the first bytes of UTF-16
 * without one (an ASCII character then NUL).  Otherwise the first line that
 * is not ASCII decides: valid UTF-8 keeps UTF-8, anything else is GB18030,
 * of which GBK and ASCII are subsets.
 *
 * The layout: up to five title lines, then a header, or straight away a
 * data row (a date and at least four numbers: 通达信's order, date, open,
 * high, low, close, volume, amount).  After the data, up to five trailer
 * lines that are not rows.  Both are skipped and their numbers kept.
 *
 * The first error is kept: after it, next() yields no more bars and repeats
 * the error, so a caller never mistakes a truncated read for a whole one.
 */
#define _GNU_SOURCE             /* strtod_l, newlocale, memrchr */

#include "bk-csv.h"

#include "bk-error.h"
#include "bk-i18n.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BK_CSV_CHUNK_SIZE     (64 * 1024)
#define BK_CSV_MAX_LINE       (64 * 1024)   /* bytes of one line as stored, without its line break */
#define BK_CSV_MAX_FIELD      256           /* bytes of one field, after unquoting */
#define BK_CSV_QUEUE_CAPACITY 64
#define BK_CSV_QUOTE_CHARS    40            /* characters of bad input quoted in a message */
#define BK_CSV_MAX_TITLES     5             /* lines before the header */
#define BK_CSV_MAX_TRAILERS   5             /* lines after the data */
#define BK_CSV_MAX_NAMED      8             /* columns named in a "not OHLC" message */
/* Unix timestamps at or above this are milliseconds (1e11 s is the year 5138). */
#define BK_CSV_UNIX_MS_FROM   1e11
/* 9999-12-31T23:59:59 */
#define BK_CSV_UNIX_MAX       253402300799.0

/* libcsv's parser states (libcsv.c), to tell its two strict-mode errors apart. */
#define BK_LIBCSV_FIELD_BEGUN 2

typedef enum {
  BK_CSV_ROLE_IGNORED,
  BK_CSV_ROLE_DATE,
  BK_CSV_ROLE_TIME,
  BK_CSV_ROLE_OPEN,
  BK_CSV_ROLE_HIGH,
  BK_CSV_ROLE_LOW,
  BK_CSV_ROLE_CLOSE,
  BK_CSV_ROLE_VOLUME,
  BK_CSV_ROLE_OPENINTEREST,
  BK_CSV_N_ROLES
} BkCsvRole;

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
};

/* Column titles of a headerless file, in 通达信's order. */
static const char * const headerless_titles[BK_CSV_N_ROLES] = {
  NULL, "date", "time", "open", "high", "low", "close", "volume", "openinterest",
};

typedef enum {
  BK_CSV_DATE_TEXT,        /* a date, maybe with a time */
  BK_CSV_DATE_TIMESTAMP,   /* "timestamp": Unix seconds or milliseconds, or a date */
} BkCsvDateKind;

static const struct {
  const char *name;
  BkCsvRole role;
} header_names[] = {
  { "date", BK_CSV_ROLE_DATE },
  { "datetime", BK_CSV_ROLE_DATE },
  { "date time", BK_CSV_ROLE_DATE },
  { "timestamp", BK_CSV_ROLE_DATE },
  { "trade_date", BK_CSV_ROLE_DATE },
  { "日期", BK_CSV_ROLE_DATE },
  { "交易日期", BK_CSV_ROLE_DATE },
  { "日期时间", BK_CSV_ROLE_DATE },
  { "时间戳", BK_CSV_ROLE_DATE },
  { "time", BK_CSV_ROLE_TIME },
  { "时间", BK_CSV_ROLE_TIME },
  { "open", BK_CSV_ROLE_OPEN },
  { "开盘", BK_CSV_ROLE_OPEN },
  { "开盘价", BK_CSV_ROLE_OPEN },
  { "high", BK_CSV_ROLE_HIGH },
  { "最高", BK_CSV_ROLE_HIGH },
  { "最高价", BK_CSV_ROLE_HIGH },
  { "low", BK_CSV_ROLE_LOW },
  { "最低", BK_CSV_ROLE_LOW },
  { "最低价", BK_CSV_ROLE_LOW },
  { "close", BK_CSV_ROLE_CLOSE },
  { "收盘", BK_CSV_ROLE_CLOSE },
  { "收盘价", BK_CSV_ROLE_CLOSE },
  { "volume", BK_CSV_ROLE_VOLUME },
  { "vol", BK_CSV_ROLE_VOLUME },
  { "成交量", BK_CSV_ROLE_VOLUME },
  { "openinterest", BK_CSV_ROLE_OPENINTEREST },
  { "open interest", BK_CSV_ROLE_OPENINTEREST },
  { "持仓量", BK_CSV_ROLE_OPENINTEREST },
};

typedef enum {
  BK_ENCODING_UNDECIDED,   /* only ASCII so far */
  BK_ENCODING_UTF8,
  BK_ENCODING_GB18030,
  BK_ENCODING_UTF16LE,
  BK_ENCODING_UTF16BE,
} BkEncoding;

static const char * const encoding_names[] = {
  "UTF-8", "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE",
};

struct _BkCsvReader {
  char *display_name;           /* the path as given, or "<stdin>" */
  int fd;
  gboolean owns_fd;
  gboolean seekable;            /* a regular file: pread works */
  guint64 origin;               /* the file offset where the input starts */
  guint64 size;                 /* bytes from origin to the end; 0 when unknown */
  BkCsvOptions options;

  /* Forward input: bytes [buf_start, buf_end) of buf are read but not yet
   * split; buf_start is input offset bytes_consumed. */
  char *buf;
  gsize buf_start;
  gsize buf_end;
  gboolean at_eof;              /* read(2) has returned 0 */
  gboolean at_end;              /* every line has been taken */
  guint64 bytes_consumed;

  /* Encoding. */
  BkEncoding encoding;
  guint unit;                   /* bytes of a line break: 1, or 2 in UTF-16 */
  GIConv iconv;                 /* to UTF-8, once needed */
  char *decoded;                /* one decoded line */

  /* The line being parsed, in UTF-8, without its line break. */
  const char *line;
  gsize line_len;
  guint64 line_number;
  guint64 line_offset;          /* input offset of its first byte */

  struct csv_parser parser;
  gboolean parser_ready;
  char delimiter;

  /* The layout: one role per column, each role's column and title. */
  gboolean in_header;
  gboolean headerless;
  GByteArray *roles;
  guint n_columns;
  char *role_titles[BK_CSV_N_ROLES];
  gint role_column[BK_CSV_N_ROLES];
  BkCsvDateKind date_kind;
  gboolean unix_ms;
  gboolean first_row_seen;      /* the extra time field has been looked for */
  gboolean first_row_pending;   /* the current line is a headerless file's first row */
  guint64 header_line_number;
  guint64 data_start;           /* input offset of the first data row */
  guint64 data_start_line;

  /* The row being parsed. */
  guint field_index;
  BkBar row;
  gint64 row_days;
  double row_seconds;           /* of the day, from the date field */
  double row_time;              /* from the time column */
  gboolean row_date_has_time;
  gboolean row_undated;         /* the date field is not a date: maybe a trailer */
  gboolean row_warned;

  gboolean has_time;
  guint64 bars_parsed;
  guint64 bars_returned;
  double previous_datetime;

  BkBar queue[BK_CSV_QUEUE_CAPACITY];
  guint queue_head;
  guint queue_len;

  /* Lines after the data that are not rows: trailers, if only such lines
   * follow; otherwise the first of them is the error. */
  GError *trailer_error;
  guint64 trailer_lines[BK_CSV_MAX_TRAILERS];
  guint n_trailers;

  /* Newest-first files, read backward: bytes [rev_lo, rev_hi) of the input
   * are in buf[0, rev_hi - rev_lo) and not yet taken. */
  gboolean reversed;
  gboolean reverse_pending;
  /* The first two rows, newest-first, that made the file read backward. */
  guint64 turn_line;
  guint turn_column;
  double turn_dates[2];
  guint64 rev_lo;
  guint64 rev_hi;
  guint64 rev_line_number;      /* of the line last taken */
  gboolean rev_tail_checked;    /* the empty piece after a final line break is skipped */

  /* The first column not read whose title reads like a volume. */
  char *volume_like_title;
  guint volume_like_column;

  GArray *skipped_lines;
  guint64 n_warnings;
  char *first_warning;

  GError *error;                /* the first error; sticky */
};

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

/* ---- positions and messages ------------------------------------------- */

/* 1-based column of byte offset in the current line, counting characters:
 * a UTF-8 sequence is one column.  Bytes before offset are valid UTF-8. */
static guint
column_at (BkCsvReader *reader, gsize offset)
{
  guint column = 1;

  for (gsize i = 0; i < offset && i < reader->line_len; i++)
    if (((guchar) reader->line[i] & 0xC0) != 0x80)
      column++;
  return column;
}

static G_GNUC_PRINTF (3, 0) char *
format_at (BkCsvReader *reader, guint column, const char *format, va_list args)
{
  g_autofree char *problem = g_strdup_vprintf (format, args);

  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%u: %s",
                          reader->display_name, reader->line_number, column, problem);
}

static G_GNUC_PRINTF (4, 0) void
fail_at_column_va (BkCsvReader *reader, BkError code, guint column, const char *format, va_list args)
{
  if (reader->error != NULL)
    return;
  g_autofree char *message = format_at (reader, column, format, args);
  reader->error = g_error_new_literal (BK_ERROR, code, message);
}

static G_GNUC_PRINTF (4, 5) void
fail_at_column (BkCsvReader *reader, BkError code, guint column, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_at_column_va (reader, code, column, format, args);
  va_end (args);
}

static G_GNUC_PRINTF (4, 5) void
fail_at_offset (BkCsvReader *reader, BkError code, gsize offset, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_at_column_va (reader, code, column_at (reader, offset), format, args);
  va_end (args);
}

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t';
}

/* Byte offset in the current line where field number index starts (its
 * first non-blank byte), following libcsv's strict grammar: a field is
 * either unquoted, or quoted with "" for a quote and only blanks between
 * the closing quote and the delimiter. */
static gsize
field_start_offset (BkCsvReader *reader, guint index)
{
  const char *line = reader->line;
  gsize len = reader->line_len;
  char delimiter = reader->delimiter;
  gsize pos = 0;

  for (guint i = 0;; i++)
    {
      while (pos < len && is_blank_char (line[pos]) && line[pos] != delimiter)
        pos++;
      if (i == index)
        return pos;
      if (pos < len && line[pos] == '"')
        {
          pos++;
          while (pos < len)
            {
              if (line[pos] == '"')
                {
                  if (pos + 1 < len && line[pos + 1] == '"')
                    {
                      pos += 2;
                      continue;
                    }
                  pos++;
                  break;
                }
              pos++;
            }
        }
      while (pos < len && line[pos] != delimiter)
        pos++;
      if (pos >= len)
        return len;
      pos++;
    }
}

/* Appends at most BK_CSV_QUOTE_CHARS characters of text, in quotes, with
 * control bytes, invalid UTF-8, quotes and backslashes escaped: a message
 * is one printable line whatever the input holds. */
static void
append_quoted (GString *out, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  guint chars = 0;

  g_string_append_c (out, '\'');
  while (p < end)
    {
      guchar c = (guchar) *p;

      if (chars == BK_CSV_QUOTE_CHARS)
        {
          g_string_append (out, "...");
          break;
        }
      if (c == '\'' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
          p++;
        }
      else if (c < 0x20 || c == 0x7F)
        {
          g_string_append_printf (out, "\\x%02X", c);
          p++;
        }
      else if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          p++;
        }
      else
        {
          gunichar ch = g_utf8_get_char_validated (p, end - p);

          if (ch == (gunichar) -1 || ch == (gunichar) -2 || g_unichar_iscntrl (ch))
            {
              g_string_append_printf (out, "\\x%02X", c);
              p++;
            }
          else
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
        }
      chars++;
    }
  g_string_append_c (out, '\'');
}

static char *
quote_text (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len + 8);

  append_quoted (out, text, len);
  return g_string_free (out, FALSE);
}

/* A column's title for messages: as the header writes it, quoted safely. */
static char *
quote_title (const char *title)
{
  g_autofree char *quoted = quote_text (title, strlen (title));

  /* Without the quotes quote_text adds: messages put the title in their own. */
  return g_strndup (quoted + 1, strlen (quoted) - 2);
}

/* ---- values ------------------------------------------------------------- */

typedef enum {
  BK_NUMBER_OK,
  BK_NUMBER_EMPTY,
  BK_NUMBER_MALFORMED,
  BK_NUMBER_NOT_FINITE,
} BkNumberStatus;

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static void
trim_blanks (const char **p, const char **end)
{
  while (*p < *end && is_blank_char (**p))
    (*p)++;
  while (*end > *p && is_blank_char ((*end)[-1]))
    (*end)--;
}

/* Clinger's fast path, what prices almost always are: with at most 15
 * digits the mantissa and 10^fraction_digits are exact doubles, and one
 * division rounds correctly, to what strtod gives. */
#define CLINGER_DIGITS 15

static inline double
clinger_value (guint64 mantissa, guint fraction_digits)
{
  static const double powers_of_ten[CLINGER_DIGITS + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };

  return (double) mantissa / powers_of_ten[fraction_digits];
}

/* Accepts [+-]digits[.digits][(e|E)[+-]digits] between optional blanks:
 * what strtod would also take as hexadecimal, "nan", "inf" or "1e" is
 * refused here, so a price column only ever holds decimal numbers. */
static BkNumberStatus
parse_number (const char *text, gsize len, double *value)
{
  const char *p = text;
  const char *end = text + len;

  trim_blanks (&p, &end);
  if (p == end)
    return BK_NUMBER_EMPTY;

  const char *q = p;
  guint digits = 0, fraction_digits = 0;
  guint64 mantissa = 0;

  if (*q == '+' || *q == '-')
    q++;
  for (; q < end && is_digit (*q); q++, digits++)
    mantissa = mantissa * 10 + (guint64) (*q - '0');
  if (q < end && *q == '.')
    for (q++; q < end && is_digit (*q); q++, digits++, fraction_digits++)
      mantissa = mantissa * 10 + (guint64) (*q - '0');

  if (G_LIKELY (q == end && digits > 0 && digits <= CLINGER_DIGITS))
    {
      double v = clinger_value (mantissa, fraction_digits);

      *value = *p == '-' ? -v : v;
      return BK_NUMBER_OK;
    }
  if (digits > 0 && q < end && (*q == 'e' || *q == 'E'))
    {
      q++;
      if (q < end && (*q == '+' || *q == '-'))
        q++;
      if (q == end || !is_digit (*q))
        return BK_NUMBER_MALFORMED;
      while (q < end && is_digit (*q))
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

typedef struct {
  gint64 year;
  guint month;
  guint day;
  guint hour;
  guint minute;
  guint second;
  guint millisecond;
  gboolean has_time;
} BkCivilTime;

/* Reads between min and max digits at *p (not past end); FALSE if fewer. */
static gboolean
read_number (const char **p, const char *end, guint min, guint max, guint *value)
{
  guint v = 0, n = 0;

  while (*p < end && n < max && is_digit (**p))
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
static gboolean
scan_time (const char *p, const char *end, BkCivilTime *t)
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
          while (p < end && is_digit (*p))
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
static gboolean
scan_datetime (const char *s, gsize len, BkCivilTime *t)
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
  if (*p != 'T' && !is_blank_char (*p))
    return FALSE;
  if (*p == 'T')
    p++;
  else
    while (p < end && is_blank_char (*p))
      p++;
  return scan_time (p, end, t);
}

static gboolean
looks_like_time (const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t = { 0 };

  trim_blanks (&p, &end);
  return p < end && scan_time (p, end, &t);
}

static gboolean
looks_like_date (const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t;

  trim_blanks (&p, &end);
  return p < end && scan_datetime (p, end - p, &t);
}

static guint
days_in_month (gint64 year, guint month)
{
  static const guint days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/* The problem with a time of day's ranges (translated), or NULL. */
static const char *
time_problem (const BkCivilTime *t)
{
  if (t->hour > 23)
    return _("hour must be 00 to 23");
  if (t->minute > 59)
    return _("minute must be 00 to 59");
  if (t->second > 59)
    return _("second must be 00 to 59");
  return NULL;
}

/* ---- rows --------------------------------------------------------------- */

static void
fail_field (BkCsvReader *reader, BkError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* An error at the start of the field being parsed. */
static void
fail_field (BkCsvReader *reader, BkError code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fail_at_column_va (reader, code,
                     column_at (reader, field_start_offset (reader, reader->field_index)),
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

  for (; q < end && (is_digit (*q) || *q == '.'); q++)
    ;
  if (q != end || parse_number (p, end - p, &value) != BK_NUMBER_OK)
    return FALSE;
  if (!reader->first_row_seen || reader->bars_parsed == 0)
    reader->unix_ms = value >= BK_CSV_UNIX_MS_FROM;
  if ((reader->unix_ms ? value / 1000.0 : value) > BK_CSV_UNIX_MAX)
    {
      g_autofree char *quoted = quote_text (p, end - p);
      g_autofree char *title = quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);
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

/* Counted in whole milliseconds, then divided once, so that a time read
 * as text and the same time as Unix milliseconds give the same double. */
static double
seconds_of_day (const BkCivilTime *t)
{
  return ((t->hour * 3600 + t->minute * 60 + t->second) * 1000 + t->millisecond) / 1000.0;
}

/* Takes a scanned date into the row if its ranges are right; FALSE (and
 * nothing stored) if not. */
static gboolean
store_valid_date (BkCsvReader *reader, const BkCivilTime *t)
{
  if (t->month < 1 || t->month > 12 || t->day < 1 || t->day > days_in_month (t->year, t->month)
      || time_problem (t) != NULL)
    return FALSE;
  reader->row_days = bk_days_from_civil (t->year, t->month, t->day);
  reader->row_seconds = seconds_of_day (t);
  reader->row_date_has_time = t->has_time;
  return TRUE;
}

static void
store_date (BkCsvReader *reader, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t;

  trim_blanks (&p, &end);
  if (reader->date_kind == BK_CSV_DATE_TIMESTAMP && store_unix_time (reader, p, end))
    return;
  if (!scan_datetime (p, end - p, &t))
    {
      g_autofree char *quoted = quote_text (text, len);
      g_autofree char *title = quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);
      reader->row_undated = TRUE;
      fail_field (reader, BK_ERROR_PARSE,
                  _("expected a date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD, optionally with HH:MM[:SS]) "
                    "in column '%s', got %s"), title, quoted);
      return;
    }

  if (G_LIKELY (store_valid_date (reader, &t)))
    return;

  const char *problem = time_problem (&t);
  gboolean bad_day = FALSE;

  if (t.month < 1 || t.month > 12)
    problem = _("month must be 01 to 12");
  else
    bad_day = t.day < 1 || t.day > days_in_month (t.year, t.month);

  g_autofree char *quoted = quote_text (p, end - p);
  g_autofree char *title = quote_title (reader->role_titles[BK_CSV_ROLE_DATE]);

  if (bad_day)
    {
      /* TRANSLATORS: an invalid date: the text, the column, the month's
       * last day, year and month. */
      fail_field (reader, BK_ERROR_PARSE,
                  _("invalid date %s in column '%s': day must be 01 to %02u in %04lld-%02u"),
                  quoted, title, days_in_month (t.year, t.month), (long long) t.year, t.month);
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

  trim_blanks (&p, &end);
  gboolean scanned = p < end && scan_time (p, end, &t);
  const char *problem = scanned ? time_problem (&t) : NULL;
  if (G_LIKELY (scanned && problem == NULL))
    {
      reader->row_time = seconds_of_day (&t);
      return;
    }

  g_autofree char *quoted = quote_text (text, len);
  g_autofree char *title = quote_title (reader->role_titles[BK_CSV_ROLE_TIME]);
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
  BkNumberStatus status = parse_number (text, len, &value);

  if (status == BK_NUMBER_OK)
    {
      *(double *) ((char *) &reader->row + role_offsets[role]) = value;
      return;
    }

  g_autofree char *title = quote_title (reader->role_titles[role]);
  g_autofree char *quoted = quote_text (text, len);

  if (status == BK_NUMBER_EMPTY)
    fail_field (reader, BK_ERROR_PARSE, _("expected a number in column '%s', got an empty field"), title);
  else if (status == BK_NUMBER_NOT_FINITE)
    fail_field (reader, BK_ERROR_PARSE, _("expected a finite number in column '%s', got %s"), title, quoted);
  else
    fail_field (reader, BK_ERROR_PARSE, _("expected a number in column '%s', got %s"), title, quoted);
}

static BkCsvRole role_of_name (const char *text, gsize len, gboolean *is_timestamp);

/* Volume in a unit: 成交量(股), 成交量（手）, Volume(shares), Vol.  Read as
 * the file gives it, unscaled: 手 (a lot, 100 shares in China) stays lots,
 * as volume indicators compare a file's volumes with each other.  FALSE
 * for anything else. */
static gboolean
is_volume_with_unit (const char *p, const char *end)
{
  static const char *const units[] = { "股", "shares", "share", "手", "lots", "lot" };
  const char *open = NULL;
  gsize close_len = 0;

  if (end > p && end[-1] == '.')
    return role_of_name (p, end - 1 - p, NULL) == BK_CSV_ROLE_VOLUME;
  if (end > p && end[-1] == ')')
    close_len = 1;
  else if (end - p >= 3 && memcmp (end - 3, "）", 3) == 0)
    close_len = 3;
  else
    return FALSE;
  for (const char *q = p; q < end - close_len; q++)
    if (*q == '(' || (end - q >= 3 && memcmp (q, "（", 3) == 0))
      open = q;
  if (open == NULL || role_of_name (p, open - p, NULL) != BK_CSV_ROLE_VOLUME)
    return FALSE;
  const char *unit = open + (*open == '(' ? 1 : 3);
  const char *unit_end = end - close_len;
  while (unit < unit_end && is_blank_char (*unit))
    unit++;
  while (unit_end > unit && is_blank_char (unit_end[-1]))
    unit_end--;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strlen (units[i]) == (gsize) (unit_end - unit) && g_ascii_strncasecmp (unit, units[i], unit_end - unit) == 0)
      return TRUE;
  return FALSE;
}

/* A title that is not read but reads like a volume ("Volume BTC",
 * "成交量(万股)"): better an error than a volume of zero. */
static gboolean
looks_like_volume (const char *p, const char *end)
{
  g_autofree char *title = g_ascii_strdown (p, end - p);

  return (strstr (title, "vol") != NULL && strstr (title, "volatil") == NULL) || strstr (title, "成交量") != NULL;
}

static BkCsvRole
role_of_name (const char *text, gsize len, gboolean *is_timestamp)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && (is_blank_char (*p) || *p == '"' || *p == '\''))
    p++;
  while (end > p && (is_blank_char (end[-1]) || end[-1] == '"' || end[-1] == '\''))
    end--;
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (strlen (header_names[i].name) == (gsize) (end - p)
        && g_ascii_strncasecmp (p, header_names[i].name, end - p) == 0)
      {
        if (is_timestamp != NULL)
          *is_timestamp = g_ascii_strncasecmp (p, "timestamp", end - p) == 0
                          || strncmp (p, "时间戳", end - p) == 0;
        return header_names[i].role;
      }
  return is_volume_with_unit (p, end) ? BK_CSV_ROLE_VOLUME : BK_CSV_ROLE_IGNORED;
}

static void
store_header_name (BkCsvReader *reader, const char *text, gsize len)
{
  gboolean is_timestamp = FALSE;
  BkCsvRole role = role_of_name (text, len, &is_timestamp);
  const char *p = text;
  const char *end = text + len;

  while (p < end && (is_blank_char (*p) || *p == '"' || *p == '\''))
    p++;
  while (end > p && (is_blank_char (end[-1]) || end[-1] == '"' || end[-1] == '\''))
    end--;

  /* A second column for a role is ignored: the first wins. */
  if (role != BK_CSV_ROLE_IGNORED && reader->role_titles[role] != NULL)
    role = BK_CSV_ROLE_IGNORED;
  if (role != BK_CSV_ROLE_IGNORED)
    {
      reader->role_titles[role] = g_strndup (p, end - p);
      reader->role_column[role] = (gint) reader->roles->len;
      if (role == BK_CSV_ROLE_DATE && is_timestamp)
        reader->date_kind = BK_CSV_DATE_TIMESTAMP;
    }

  else if (reader->volume_like_title == NULL && looks_like_volume (p, end))
    {
      reader->volume_like_title = g_strndup (p, end - p);
      reader->volume_like_column = reader->roles->len;
    }

  guint8 byte = (guint8) role;
  g_byte_array_append (reader->roles, &byte, 1);
}

static void
on_field (void *text, size_t len, void *data)
{
  BkCsvReader *reader = data;
  guint index = reader->field_index;

  if (reader->error != NULL)
    return;
  if (len > BK_CSV_MAX_FIELD)
    {
      fail_field (reader, BK_ERROR_LIMIT, _("field longer than %d bytes"), BK_CSV_MAX_FIELD);
      return;
    }

  if (reader->in_header)
    store_header_name (reader, text, len);
  else if (index < reader->n_columns)
    {
      BkCsvRole role = reader->roles->data[index];

      if (role == BK_CSV_ROLE_DATE)
        store_date (reader, text, len);
      else if (role == BK_CSV_ROLE_TIME)
        store_time (reader, text, len);
      else if (role != BK_CSV_ROLE_IGNORED)
        store_number (reader, role, text, len);
    }
  reader->field_index++;
}

/* A sanity check failed at role's column: an error, or with --lenient a
 * counted warning (once per bar) and the bar is kept. */
static G_GNUC_PRINTF (3, 4) void
fail_sanity (BkCsvReader *reader, BkCsvRole role, const char *format, ...)
{
  va_list args;
  guint column = column_at (reader, field_start_offset (reader, (guint) reader->role_column[role]));

  va_start (args, format);
  if (!reader->options.lenient)
    fail_at_column_va (reader, BK_ERROR_PARSE, column, format, args);
  else if (!reader->row_warned)
    {
      reader->row_warned = TRUE;
      reader->n_warnings++;
      if (reader->first_warning == NULL)
        reader->first_warning = format_at (reader, column, format, args);
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
          g_autofree char *title = quote_title (reader->role_titles[prices[i]]);
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

/* The row's timestamp from its date and time fields; checks that it
 * follows the previous bar's.  FALSE when the bar is not to be queued. */
static gboolean
finish_datetime (BkCsvReader *reader)
{
  gboolean time_column = reader->role_column[BK_CSV_ROLE_TIME] >= 0;
  gboolean row_has_time = reader->row_date_has_time || time_column;
  gsize date_offset = field_start_offset (reader, (guint) reader->role_column[BK_CSV_ROLE_DATE]);

  if (time_column && reader->row_date_has_time)
    {
      fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                      _("the date already has a time of day, and the file has a time column too"));
      return FALSE;
    }

  double datetime = (double) reader->row_days * 86400.0 + reader->row_seconds + reader->row_time;

  if (reader->bars_parsed == 0)
    reader->has_time = row_has_time;
  else if (row_has_time != reader->has_time)
    {
      if (row_has_time)
        fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                        _("a date with a time of day among dates without one (from line %llu)"),
                        (unsigned long long) reader->data_start_line);
      else
        fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                        _("a date without a time of day among dates with one (from line %llu)"),
                        (unsigned long long) reader->data_start_line);
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
              reader->turn_column = column_at (reader, date_offset);
              reader->turn_dates[0] = reader->previous_datetime;
              reader->turn_dates[1] = datetime;
              return FALSE;
            }
          bk_format_datetime (datetime, reader->has_time, this_date);
          bk_format_datetime (reader->previous_datetime, reader->has_time, previous_date);
          fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                          _("the data is newest-first (%s after %s) and the input cannot be read "
                            "from its end: sort it oldest-first, or read it from a file"),
                          this_date, previous_date);
          return FALSE;
        }
      bk_format_datetime (datetime, reader->has_time, this_date);
      if (datetime == reader->previous_datetime)
        fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
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
              fail_at_column (reader, BK_ERROR_PARSE, reader->turn_column,
                              _("date %s is earlier than the previous bar's %s"), this_date, previous_date);
            }
          else if (reader->reversed)
            fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                            _("date %s is earlier than the next line's %s in this newest-first file"),
                            this_date, previous_date);
          else
            fail_at_offset (reader, BK_ERROR_PARSE, date_offset,
                            _("date %s is earlier than the previous bar's %s"), this_date, previous_date);
        }
      return FALSE;
    }
  reader->row.datetime = datetime;
  return TRUE;
}

static void
on_row_end (int terminator, void *data)
{
  BkCsvReader *reader = data;

  if (reader->error != NULL)
    return;
  if (terminator != -1)
    {
      /* libcsv ends a row at CR as well as LF; lines are split at LF, so a
       * row ending here means a lone CR inside the line. */
      const char *cr = memchr (reader->line, '\r', reader->line_len);
      fail_at_offset (reader, BK_ERROR_PARSE, cr != NULL ? (gsize) (cr - reader->line) : 0,
                      _("carriage return in the middle of a line"));
      return;
    }
  if (reader->in_header)
    return;

  if (reader->field_index != reader->n_columns)
    {
      gsize offset = reader->field_index > reader->n_columns
                     ? field_start_offset (reader, reader->n_columns)
                     : reader->line_len;

      /* A line too short to reach the date is not a row at all. */
      if (reader->field_index <= (guint) reader->role_column[BK_CSV_ROLE_DATE])
        reader->row_undated = TRUE;
      fail_at_offset (reader, BK_ERROR_PARSE, offset, _("expected %u fields, found %u"),
                      reader->n_columns, reader->field_index);
      return;
    }

  if (!finish_datetime (reader))
    return;
  check_sanity (reader);
  if (reader->error != NULL)
    return;

  g_assert (reader->queue_head == 0 && reader->queue_len < BK_CSV_QUEUE_CAPACITY);
  reader->queue[reader->queue_len++] = reader->row;
  reader->previous_datetime = reader->row.datetime;
  reader->bars_parsed++;
}

/* Puts libcsv back at the start of a row, whatever happened on the last
 * line (csv_fini keeps a strict-mode error's state). */
static void
reset_parser (BkCsvReader *reader)
{
  reader->parser.pstate = 0;
  reader->parser.quoted = 0;
  reader->parser.spaces = 0;
  reader->parser.entry_pos = 0;
  reader->parser.status = 0;
}

/* A line without quotes or carriage returns, as rows almost always are:
 * split at the delimiter and trimmed of blanks, as libcsv would. */
static void
parse_plain_line (BkCsvReader *reader)
{
  const char *p = reader->line;
  const char *end = p + reader->line_len;
  char delimiter = reader->delimiter;

  for (;;)
    {
      const char *stop = memchr (p, delimiter, end - p);
      const char *field_end = stop != NULL ? stop : end;
      const char *q = field_end;

      while (p < q && is_blank_char (*p))
        p++;
      while (q > p && is_blank_char (q[-1]))
        q--;
      on_field ((void *) p, q - p, reader);
      if (stop == NULL || reader->error != NULL)
        break;
      p = stop + 1;
    }
  on_row_end (-1, reader);
}

/* Reads a field of the form digits[.digits] (at most CLINGER_DIGITS of
 * them) from *p up to a delimiter or the end, as parse_number would, and
 * leaves *p at the byte after it; FALSE for anything else. */
static inline gboolean
scan_plain_number (const char **p, const char *end, char delimiter, double *value)
{
  const char *q = *p;
  guint64 mantissa = 0;
  guint digits = 0, fraction_digits = 0;

  for (; q < end && is_digit (*q); q++, digits++)
    mantissa = mantissa * 10 + (guint64) (*q - '0');
  if (q < end && *q == '.')
    for (q++; q < end && is_digit (*q); q++, digits++, fraction_digits++)
      mantissa = mantissa * 10 + (guint64) (*q - '0');
  if (digits == 0 || digits > CLINGER_DIGITS || (q < end && *q != delimiter))
    return FALSE;
  *value = clinger_value (mantissa, fraction_digits);
  *p = q;
  return TRUE;
}

/* Rows as nearly every price file's are — unquoted, unpadded, the date in
 * text, the prices plain decimals — in one pass, for the speed of universe
 * runs.  Stores nothing and returns FALSE at the first thing it does not
 * handle itself (a sign, a blank, an exponent, a quote, a bad date, the
 * wrong number of fields...): the caller then reads the line the general
 * way, which gives the same bar or says what is wrong. */
static gboolean
parse_simple_row (BkCsvReader *reader)
{
  const char *p = reader->line;
  const char *end = p + reader->line_len;
  char delimiter = reader->delimiter;
  BkBar row = { 0 };
  BkCivilTime t;
  guint index = 0;

  for (;; index++)
    {
      const char *field = p;
      BkCsvRole role = index < reader->n_columns ? reader->roles->data[index] : BK_CSV_ROLE_TIME;

      if (role == BK_CSV_ROLE_TIME)
        return FALSE;
      if (role == BK_CSV_ROLE_IGNORED || role == BK_CSV_ROLE_DATE)
        {
          while (p < end && *p != delimiter)
            {
              if (*p == '"' || *p == '\r')
                return FALSE;
              p++;
            }
          if (p - field > BK_CSV_MAX_FIELD)
            return FALSE;
          if (role == BK_CSV_ROLE_DATE
              && (p == field || is_blank_char (field[0]) || is_blank_char (p[-1])
                  || !scan_datetime (field, p - field, &t)))
            return FALSE;
        }
      else if (!scan_plain_number (&p, end, delimiter,
                                   (double *) ((char *) &row + role_offsets[role])))
        return FALSE;
      if (p == end)
        break;
      p++;
    }
  if (index + 1 != reader->n_columns || !store_valid_date (reader, &t))
    return FALSE;
  reader->row = row;
  reader->field_index = reader->n_columns;
  on_row_end (-1, reader);
  return TRUE;
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
  reader->row_undated = FALSE;
  reader->row_warned = FALSE;
}

/* Feeds the current line to libcsv as one whole row. */
static void
parse_line (BkCsvReader *reader)
{
  reset_row (reader);
  if (!reader->in_header && !reader->options.libcsv_only && reader->date_kind == BK_CSV_DATE_TEXT
      && reader->role_column[BK_CSV_ROLE_DATE] >= 0 && reader->role_column[BK_CSV_ROLE_TIME] < 0
      && parse_simple_row (reader))
    return;
  if (!reader->options.libcsv_only && memchr (reader->line, '"', reader->line_len) == NULL
      && memchr (reader->line, '\r', reader->line_len) == NULL)
    {
      parse_plain_line (reader);
      return;
    }

  size_t used = csv_parse (&reader->parser, reader->line, reader->line_len,
                           on_field, on_row_end, reader);
  if (reader->error == NULL && used < reader->line_len)
    {
      if (reader->parser.pstate == BK_LIBCSV_FIELD_BEGUN && !reader->parser.quoted)
        fail_at_offset (reader, BK_ERROR_PARSE, used,
                        _("quote inside an unquoted field (quote the whole field and double the quote)"));
      else
        fail_at_offset (reader, BK_ERROR_PARSE, used, _("unexpected text after a closing quote"));
    }
  if (reader->error == NULL
      && csv_fini (&reader->parser, on_field, on_row_end, reader) != 0 && reader->error == NULL)
    fail_at_offset (reader, BK_ERROR_PARSE, field_start_offset (reader, reader->field_index),
                    _("quoted field is not closed on its line (fields spanning lines are not supported)"));
  reset_parser (reader);
}

/* ---- bytes -------------------------------------------------------------- */

#define BK_CSV_BUFFER_SIZE (BK_CSV_CHUNK_SIZE + BK_CSV_MAX_LINE + 4)

static void
fail_io (BkCsvReader *reader, int saved_errno)
{
  reader->line = NULL;
  reader->line_len = 0;
  fail_at_column (reader, BK_ERROR_IO, 1, _("cannot read: %s"), g_strerror (saved_errno));
}

/* Reads more input into the buffer; FALSE on a read error. */
static gboolean
fill_buffer (BkCsvReader *reader)
{
  if (reader->buf_start > 0)
    {
      memmove (reader->buf, reader->buf + reader->buf_start, reader->buf_end - reader->buf_start);
      reader->buf_end -= reader->buf_start;
      reader->buf_start = 0;
    }

  gsize room = BK_CSV_BUFFER_SIZE - reader->buf_end;
  ssize_t n;

  do
    n = read (reader->fd, reader->buf + reader->buf_end, MIN (room, reader->options.read_size));
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      reader->line_number++;
      fail_io (reader, errno);
      return FALSE;
    }
  if (n == 0)
    reader->at_eof = TRUE;
  reader->buf_end += n;
  return TRUE;
}

/* Reads exactly len bytes at input offset; FALSE on an error or a file
 * that shrank under the reader. */
static gboolean
read_at (BkCsvReader *reader, char *dest, gsize len, guint64 offset)
{
  while (len > 0)
    {
      ssize_t n = pread (reader->fd, dest, len, (off_t) (reader->origin + offset));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          fail_io (reader, n < 0 ? errno : EIO);
          return FALSE;
        }
      dest += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

static gboolean
is_line_break_at (BkCsvReader *reader, const char *p)
{
  if (reader->encoding == BK_ENCODING_UTF16LE)
    return p[0] == '\n' && p[1] == '\0';
  return p[0] == '\0' && p[1] == '\n';
}

/* The first line break in [start, start + len), which begins at input
 * offset `offset`; in UTF-16 a break is a whole, aligned unit. */
static const char *
find_line_break (BkCsvReader *reader, const char *start, gsize len, guint64 offset)
{
  if (reader->unit == 1)
    return memchr (start, '\n', len);
  for (gsize i = offset & 1; i + 1 < len; i += 2)
    if (is_line_break_at (reader, start + i))
      return start + i;
  return NULL;
}

static const char *
find_last_line_break (BkCsvReader *reader, const char *start, gsize len, guint64 offset)
{
  if (reader->unit == 1)
    return memrchr (start, '\n', len);
  if (len < 2)
    return NULL;
  gsize i = len - 2;
  if (((offset + i) & 1) != 0)
    {
      if (i == 0)
        return NULL;
      i--;
    }
  for (;; i -= 2)
    {
      if (is_line_break_at (reader, start + i))
        return start + i;
      if (i < 2)
        return NULL;
    }
}

/* ---- decoding ----------------------------------------------------------- */

static void
fail_nul (BkCsvReader *reader, gsize offset)
{
  fail_at_offset (reader, BK_ERROR_PARSE, offset, _("not a text file: NUL byte"));
}

/* Decodes [raw, raw + len) from the encoding's iconv into reader->decoded.
 * With cut_tail, a sequence cut at the end is not an error (the first
 * bytes of an overlong line). */
static gboolean
decode_with_iconv (BkCsvReader *reader, const char *raw, gsize len, gboolean cut_tail)
{
  if (reader->iconv == NULL)
    {
      reader->iconv = g_iconv_open ("UTF-8", encoding_names[reader->encoding]);
      if (reader->iconv == (GIConv) -1)
        {
          reader->iconv = NULL;
          fail_at_column (reader, BK_ERROR_IO, 1, _("cannot decode %s: this system has no converter for it"),
                          encoding_names[reader->encoding]);
          return FALSE;
        }
    }
  if (reader->decoded == NULL)
    reader->decoded = g_malloc (2 * BK_CSV_BUFFER_SIZE);

  char *in = (char *) raw;
  gsize in_left = len;
  char *out = reader->decoded;
  gsize out_left = 2 * BK_CSV_BUFFER_SIZE;

  g_iconv (reader->iconv, NULL, NULL, NULL, NULL);
  gsize result = g_iconv (reader->iconv, &in, &in_left, &out, &out_left);
  int saved_errno = errno;

  reader->line = reader->decoded;
  reader->line_len = out - reader->decoded;
  if (result == (gsize) -1 && !(saved_errno == EINVAL && cut_tail))
    {
      /* TRANSLATORS: the byte's value, then an encoding (GB18030, UTF-16LE). */
      fail_at_column (reader, BK_ERROR_PARSE, (guint) g_utf8_strlen (reader->line, reader->line_len) + 1,
                      _("not a text file: byte \\x%02X is not valid %s"),
                      in_left > 0 ? (guchar) *in : 0, encoding_names[reader->encoding]);
      return FALSE;
    }
  const char *nul = memchr (reader->line, '\0', reader->line_len);
  if (nul != NULL)
    {
      fail_nul (reader, nul - reader->line);
      return FALSE;
    }
  return TRUE;
}

/* Length of the ASCII prefix of [p, p + len). */
static gsize
ascii_prefix (const char *p, gsize len)
{
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, p + i, 8);
      if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
        break;
    }
  while (i < len && ((guchar) p[i] & 0x80) == 0)
    i++;
  return i;
}

/* Makes [raw, raw + len) the current line in UTF-8; FALSE with an error
 * when it is not text in the file's encoding. */
static gboolean
decode_line (BkCsvReader *reader, const char *raw, gsize len, gboolean cut_tail)
{
  reader->line = raw;
  reader->line_len = len;
  if (reader->unit == 2)
    return decode_with_iconv (reader, raw, len, cut_tail);

  const char *nul = memchr (raw, '\0', len);
  if (nul != NULL)
    {
      const char *valid_end;
      gsize offset = nul - raw;

      /* Columns count characters where the text before is UTF-8. */
      if (!g_utf8_validate_len (raw, offset, &valid_end))
        reader->line_len = 0;
      fail_at_column (reader, BK_ERROR_PARSE,
                      reader->line_len > 0 ? column_at (reader, offset) : (guint) offset + 1,
                      _("not a text file: NUL byte"));
      return FALSE;
    }
  if (reader->encoding == BK_ENCODING_GB18030)
    return ascii_prefix (raw, len) == len || decode_with_iconv (reader, raw, len, cut_tail);
  if (ascii_prefix (raw, len) == len)
    return TRUE;

  const char *bad;
  if (g_utf8_validate_len (raw, len, &bad) || (cut_tail && len - (bad - raw) < 4))
    {
      reader->encoding = BK_ENCODING_UTF8;
      return TRUE;
    }
  if (reader->encoding == BK_ENCODING_UTF8)
    {
      fail_at_offset (reader, BK_ERROR_PARSE, bad - raw,
                      _("not a text file: byte \\x%02X is not valid UTF-8"), (guchar) *bad);
      return FALSE;
    }
  /* The first line that is not ASCII, and not UTF-8: GB18030, or binary. */
  reader->encoding = BK_ENCODING_GB18030;
  if (decode_with_iconv (reader, raw, len, cut_tail))
    return TRUE;
  g_clear_error (&reader->error);
  reader->encoding = BK_ENCODING_UNDECIDED;
  reader->line = raw;
  reader->line_len = len;
  fail_at_offset (reader, BK_ERROR_PARSE, bad - raw,
                  _("not a text file: byte \\x%02X is neither UTF-8 nor GB18030"), (guchar) *bad);
  return FALSE;
}

/* ---- lines -------------------------------------------------------------- */

/* A line longer than the limit: binary input often has no line breaks, so
 * say that rather than blame the length when its first bytes are not
 * text.  Only the first BK_CSV_MAX_LINE bytes are looked at, however the
 * input arrived. */
static void
fail_long_line (BkCsvReader *reader, const char *start)
{
  if (decode_line (reader, start, BK_CSV_MAX_LINE, TRUE))
    fail_at_column (reader, BK_ERROR_LIMIT, 1, _("line longer than %d bytes"), BK_CSV_MAX_LINE);
}

static gboolean
take_raw_line_forward (BkCsvReader *reader, const char **raw, gsize *raw_len)
{
  guint unit = reader->unit;

  for (;;)
    {
      char *start = reader->buf + reader->buf_start;
      gsize available = reader->buf_end - reader->buf_start;
      const char *nl = find_line_break (reader, start, MIN (available, (gsize) BK_CSV_MAX_LINE + unit),
                                        reader->bytes_consumed);

      reader->line_offset = reader->bytes_consumed;
      if (nl != NULL)
        {
          *raw = start;
          *raw_len = nl - start;
          reader->buf_start += *raw_len + unit;
          reader->bytes_consumed += *raw_len + unit;
          break;
        }
      if (available >= BK_CSV_MAX_LINE + unit)
        {
          reader->line_number++;
          fail_long_line (reader, start);
          return FALSE;
        }
      if (reader->at_eof)
        {
          if (available == 0)
            return FALSE;
          *raw = start;
          *raw_len = available;
          reader->buf_start += available;
          reader->bytes_consumed += available;
          break;
        }
      if (!fill_buffer (reader))
        return FALSE;
    }
  reader->line_number++;
  if (*raw_len > BK_CSV_MAX_LINE)
    {
      fail_long_line (reader, *raw);
      return FALSE;
    }
  return TRUE;
}

static gboolean
take_raw_line_backward (BkCsvReader *reader, const char **raw, gsize *raw_len)
{
  for (;;)
    {
      gsize have = reader->rev_hi - reader->rev_lo;
      const char *nl = find_last_line_break (reader, reader->buf, have, reader->rev_lo);

      if (nl != NULL)
        {
          gsize start = (nl - reader->buf) + reader->unit;

          *raw = reader->buf + start;
          *raw_len = have - start;
          reader->rev_hi = reader->rev_lo + (nl - reader->buf);
          if (!reader->rev_tail_checked)
            {
              /* What follows the last line break is a line only if not empty. */
              reader->rev_tail_checked = TRUE;
              if (*raw_len == 0)
                continue;
            }
          break;
        }
      if (have > BK_CSV_MAX_LINE)
        {
          reader->line_number = reader->rev_line_number - 1;
          reader->line = NULL;
          reader->line_len = 0;
          fail_at_column (reader, BK_ERROR_LIMIT, 1, _("line longer than %d bytes"), BK_CSV_MAX_LINE);
          return FALSE;
        }
      if (reader->rev_lo == reader->data_start)
        {
          if (have == 0)
            return FALSE;
          *raw = reader->buf;
          *raw_len = have;
          reader->rev_hi = reader->rev_lo;
          reader->rev_tail_checked = TRUE;
          break;
        }
      /* The block before: what is held moves up to make room. */
      guint64 lo = reader->rev_lo - reader->data_start > BK_CSV_CHUNK_SIZE
                   ? reader->rev_lo - BK_CSV_CHUNK_SIZE : reader->data_start;
      memmove (reader->buf + (reader->rev_lo - lo), reader->buf, have);
      if (!read_at (reader, reader->buf, reader->rev_lo - lo, lo))
        return FALSE;
      reader->rev_lo = lo;
    }
  reader->line_number = --reader->rev_line_number;
  reader->line_offset = reader->rev_lo + (*raw - reader->buf);
  return TRUE;
}

/* Makes the next line current, decoded to UTF-8, without its line break;
 * FALSE at the end of the input or on an error (reader->error set). */
static gboolean
next_line (BkCsvReader *reader)
{
  const char *raw;
  gsize len;

  if (reader->reversed ? !take_raw_line_backward (reader, &raw, &len)
                       : !take_raw_line_forward (reader, &raw, &len))
    return FALSE;
  if (!decode_line (reader, raw, len, FALSE))
    return FALSE;
  if (reader->line_len > 0 && reader->line[reader->line_len - 1] == '\r')
    reader->line_len--;
  return TRUE;
}

static gboolean
line_is_blank (BkCsvReader *reader)
{
  for (gsize i = 0; i < reader->line_len; i++)
    if (!is_blank_char (reader->line[i]))
      return FALSE;
  return TRUE;
}

/* Lines after the current one, to number lines read from the end. */
static gboolean
count_lines_after (BkCsvReader *reader, guint64 *count)
{
  guint64 offset = reader->bytes_consumed;
  guint64 lines = 0;
  gboolean open_line = FALSE;   /* bytes after the last line break */

  while (offset < reader->size)
    {
      gsize n = (gsize) MIN (reader->size - offset, (guint64) BK_CSV_CHUNK_SIZE);
      const char *p;
      gsize left = n;

      if (!read_at (reader, reader->buf, n, offset))
        return FALSE;
      p = reader->buf;
      while (left > 0)
        {
          const char *nl = find_line_break (reader, p, left, offset + (p - reader->buf));

          if (nl == NULL)
            {
              open_line = TRUE;
              break;
            }
          lines++;
          open_line = FALSE;
          left -= (nl - p) + reader->unit;
          p = nl + reader->unit;
        }
      offset += n;
    }
  *count = lines + (open_line ? 1 : 0);
  return TRUE;
}

/* The file is newest-first: read it again from its end, down to the
 * first data row. */
static void
start_reverse (BkCsvReader *reader)
{
  guint64 after;

  reader->reverse_pending = FALSE;
  g_assert (reader->bars_returned == 0);
  if (!count_lines_after (reader, &after))
    return;
  reader->reversed = TRUE;
  reader->rev_line_number = reader->line_number + after + 1;
  reader->rev_lo = reader->rev_hi = reader->size;
  reader->rev_tail_checked = FALSE;
  reader->queue_head = 0;
  reader->queue_len = 0;
  reader->bars_parsed = 0;
  reader->previous_datetime = 0.0;
  reader->has_time = FALSE;
  reader->n_trailers = 0;
}

/* ---- layout ------------------------------------------------------------- */

/* The delimiter is the most frequent of ',' ';' and tab outside quotes;
 * ties go in that order, and a line without any gets ','. */
static char
detect_delimiter (const char *line, gsize len)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean in_quotes = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = line[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }
  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

/* The fields of the current line, unquoted and trimmed, to recognise a
 * layout; libcsv parses rows strictly afterwards. */
static GPtrArray *
split_fields (BkCsvReader *reader, char delimiter)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char *line = reader->line;
  gsize len = reader->line_len;
  gsize pos = 0;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      while (pos < len && is_blank_char (line[pos]) && line[pos] != delimiter)
        pos++;
      if (pos < len && line[pos] == '"')
        {
          for (pos++; pos < len; pos++)
            {
              if (line[pos] == '"')
                {
                  if (pos + 1 < len && line[pos + 1] == '"')
                    pos++;
                  else
                    break;
                }
              g_string_append_c (field, line[pos]);
            }
          while (pos < len && line[pos] != delimiter)
            pos++;
        }
      else
        {
          gsize start = pos;

          while (pos < len && line[pos] != delimiter)
            pos++;
          gsize end = pos;
          while (end > start && is_blank_char (line[end - 1]))
            end--;
          g_string_append_len (field, line + start, end - start);
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (pos >= len)
        return fields;
      pos++;
    }
}

static gboolean
is_number_text (const char *text)
{
  double value;

  return parse_number (text, strlen (text), &value) == BK_NUMBER_OK;
}

typedef enum {
  BK_LINE_TITLE,
  BK_LINE_HEADER,
  BK_LINE_FIRST_ROW,     /* a headerless file's first row */
  BK_LINE_NOT_OHLC,      /* the error is set */
} BkLineKind;

static const char *
role_display_name (BkCsvRole role)
{
  switch (role)
    {
    case BK_CSV_ROLE_DATE: return _("a date");
    case BK_CSV_ROLE_OPEN: return "open";
    case BK_CSV_ROLE_HIGH: return "high";
    case BK_CSV_ROLE_LOW: return "low";
    case BK_CSV_ROLE_CLOSE: return "close";
    default: return "?";
    }
}

/* "not OHLC": names the columns found and the ones missing. */
static void
fail_not_ohlc (BkCsvReader *reader, GPtrArray *fields, const gboolean *present)
{
  g_autoptr(GString) found = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < fields->len && i < BK_CSV_MAX_NAMED; i++)
    {
      const char *name = g_ptr_array_index (fields, i);

      if (i > 0)
        g_string_append (found, ", ");
      append_quoted (found, name, strlen (name));
    }
  if (fields->len > BK_CSV_MAX_NAMED)
    g_string_append_printf (found, _(" and %u more"), fields->len - BK_CSV_MAX_NAMED);
  for (BkCsvRole role = BK_CSV_ROLE_DATE; role <= BK_CSV_ROLE_CLOSE; role++)
    if (role != BK_CSV_ROLE_TIME && !present[role])
      {
        if (missing->len > 0)
          g_string_append (missing, ", ");
        g_string_append (missing, role_display_name (role));
      }
  /* TRANSLATORS: the columns of the header as written, then the ones that
   * are missing ("open, high, low, close", "a date"). */
  fail_at_column (reader, BK_ERROR_PARSE, 1, _("not OHLC: found columns %s; need %s"),
                  found->str, missing->str);
}

/* What the current line is: a title, a header, the first row of a file
 * without one, or a header of something that is not OHLC. */
static BkLineKind
classify_line (BkCsvReader *reader)
{
  char delimiter = detect_delimiter (reader->line, reader->line_len);
  g_autoptr(GPtrArray) fields = split_fields (reader, delimiter);
  gboolean present[BK_CSV_N_ROLES] = { FALSE };
  guint known = 0, numbers = 0, empty = 0;

  reader->delimiter = delimiter;
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);
      BkCsvRole role = role_of_name (field, strlen (field), NULL);

      if (role != BK_CSV_ROLE_IGNORED)
        {
          present[role] = TRUE;
          known++;
        }
      if (*field == '\0')
        empty++;
      else if (is_number_text (field))
        numbers++;
    }
  if (present[BK_CSV_ROLE_TIME])
    present[BK_CSV_ROLE_DATE] = TRUE;
  if (present[BK_CSV_ROLE_DATE] && present[BK_CSV_ROLE_OPEN] && present[BK_CSV_ROLE_HIGH]
      && present[BK_CSV_ROLE_LOW] && present[BK_CSV_ROLE_CLOSE])
    return BK_LINE_HEADER;

  const char *first = g_ptr_array_index (fields, 0);
  if (looks_like_date (first, strlen (first)))
    {
      guint i = 1, prices = 0;

      if (i < fields->len)
        {
          const char *second = g_ptr_array_index (fields, i);
          if (looks_like_time (second, strlen (second)))
            i++;
        }
      for (; i < fields->len && is_number_text (g_ptr_array_index (fields, i)); i++)
        prices++;
      if (prices >= 4)
        return BK_LINE_FIRST_ROW;
      /* TRANSLATORS: %u is how many numbers follow the date. */
      fail_at_column (reader, BK_ERROR_PARSE, 1,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "not OHLC: the first row has a date and %u number; need a date, then open, high, low and close",
                                   "not OHLC: the first row has a date and %u numbers; need a date, then open, high, low and close",
                                   prices),
                      prices);
      return BK_LINE_NOT_OHLC;
    }
  if ((known >= 1 && fields->len >= 2) || (fields->len >= 3 && numbers == 0 && empty == 0))
    {
      fail_not_ohlc (reader, fields, present);
      return BK_LINE_NOT_OHLC;
    }
  return BK_LINE_TITLE;
}

static void
set_role (BkCsvReader *reader, guint column, BkCsvRole role, const char *title)
{
  reader->roles->data[column] = (guint8) role;
  reader->role_column[role] = (gint) column;
  g_free (reader->role_titles[role]);
  reader->role_titles[role] = g_strdup (title);
}

/* The header's roles; a time column alone holds whole timestamps. */
static gboolean
take_header (BkCsvReader *reader)
{
  reader->header_line_number = reader->line_number;
  csv_set_delim (&reader->parser, (unsigned char) reader->delimiter);
  reader->in_header = TRUE;
  parse_line (reader);
  reader->in_header = FALSE;
  if (reader->error != NULL)
    return FALSE;
  reader->n_columns = reader->roles->len;
  if (reader->role_titles[BK_CSV_ROLE_VOLUME] == NULL && reader->volume_like_title != NULL)
    {
      g_autofree char *title = quote_title (reader->volume_like_title);
      fail_at_column (reader, BK_ERROR_PARSE,
                      column_at (reader, field_start_offset (reader, reader->volume_like_column)),
                      /* Translators: %s is a column's title; keep Volume, Volume(shares) and
                       * 成交量(手) as they are: they are the titles Barkeep reads */
                      _("column '%s' looks like a volume in a unit Barkeep does not read; "
                        "title it Volume, Volume(shares) or 成交量(手), or remove it"), title);
      return FALSE;
    }
  if (reader->role_titles[BK_CSV_ROLE_DATE] == NULL)
    {
      g_autofree char *title = g_steal_pointer (&reader->role_titles[BK_CSV_ROLE_TIME]);
      guint column = (guint) reader->role_column[BK_CSV_ROLE_TIME];

      reader->role_column[BK_CSV_ROLE_TIME] = -1;
      set_role (reader, column, BK_CSV_ROLE_DATE, title);
    }
  return TRUE;
}

/* A file without a header: 通达信's order, date, [time], open, high, low,
 * close, [volume], then anything (amount) ignored. */
static void
take_headerless_layout (BkCsvReader *reader)
{
  g_autoptr(GPtrArray) fields = split_fields (reader, reader->delimiter);
  static const BkCsvRole order[] = {
    BK_CSV_ROLE_OPEN, BK_CSV_ROLE_HIGH, BK_CSV_ROLE_LOW, BK_CSV_ROLE_CLOSE, BK_CSV_ROLE_VOLUME,
  };
  guint column = 0;

  reader->headerless = TRUE;
  csv_set_delim (&reader->parser, (unsigned char) reader->delimiter);
  g_byte_array_set_size (reader->roles, fields->len);
  memset (reader->roles->data, BK_CSV_ROLE_IGNORED, fields->len);
  reader->n_columns = fields->len;
  set_role (reader, column++, BK_CSV_ROLE_DATE, headerless_titles[BK_CSV_ROLE_DATE]);
  const char *second = g_ptr_array_index (fields, 1);
  if (looks_like_time (second, strlen (second)))
    set_role (reader, column++, BK_CSV_ROLE_TIME, headerless_titles[BK_CSV_ROLE_TIME]);
  for (guint i = 0; i < G_N_ELEMENTS (order) && column < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, column);

      /* Volume only where the first row has a number there. */
      if (order[i] == BK_CSV_ROLE_VOLUME && !is_number_text (field))
        break;
      set_role (reader, column++, order[i], headerless_titles[order[i]]);
    }
}

/* A row with one field more than the header, right after the date, of the
 * form HH:MM[:SS]: an unnamed time column (backtrader's own intraday files). */
static void
look_for_unnamed_time (BkCsvReader *reader)
{
  gint date = reader->role_column[BK_CSV_ROLE_DATE];

  if (reader->headerless || reader->role_column[BK_CSV_ROLE_TIME] >= 0 || date < 0)
    return;
  g_autoptr(GPtrArray) fields = split_fields (reader, reader->delimiter);
  if (fields->len != reader->n_columns + 1)
    return;
  const char *date_text = g_ptr_array_index (fields, date);
  const char *time_text = g_ptr_array_index (fields, date + 1);
  BkCivilTime t;
  if (!scan_datetime (date_text, strlen (date_text), &t) || t.has_time
      || !looks_like_time (time_text, strlen (time_text)))
    return;

  g_byte_array_set_size (reader->roles, reader->n_columns + 1);
  memmove (reader->roles->data + date + 2, reader->roles->data + date + 1, reader->n_columns - date - 1);
  reader->roles->data[date + 1] = BK_CSV_ROLE_IGNORED;
  reader->n_columns++;
  for (BkCsvRole role = BK_CSV_ROLE_DATE; role < BK_CSV_N_ROLES; role++)
    if (reader->role_column[role] > date)
      reader->role_column[role]++;
  set_role (reader, (guint) date + 1, BK_CSV_ROLE_TIME, headerless_titles[BK_CSV_ROLE_TIME]);
}

/* Titles, then a header or the first row. */
static gboolean
read_layout (BkCsvReader *reader)
{
  guint titles = 0;

  for (;;)
    {
      if (!next_line (reader))
        {
          if (reader->error == NULL)
            {
              reader->line = NULL;
              reader->line_len = 0;
              if (titles == 0)
                {
                  reader->line_number = 1;
                  fail_at_column (reader, BK_ERROR_PARSE, 1, _("empty file: expected a header line"));
                }
              else
                {
                  reader->line_number++;
                  fail_at_column (reader, BK_ERROR_PARSE, 1,
                                  _("no header and no data rows after the title lines"));
                }
            }
          return FALSE;
        }
      if (line_is_blank (reader))
        continue;
      switch (classify_line (reader))
        {
        case BK_LINE_HEADER:
          return take_header (reader);
        case BK_LINE_FIRST_ROW:
          take_headerless_layout (reader);
          reader->header_line_number = reader->line_number - 1;
          reader->first_row_pending = TRUE;
          return TRUE;
        case BK_LINE_NOT_OHLC:
          return FALSE;
        case BK_LINE_TITLE:
          break;
        }
      if (titles == BK_CSV_MAX_TITLES)
        {
          /* TRANSLATORS: %u is the number of lines looked at. */
          fail_at_column (reader, BK_ERROR_PARSE, 1,
                          _("no header in the first %u lines: expected one naming date, open, high, low "
                            "and close, or rows of a date and four prices"), BK_CSV_MAX_TITLES + 1);
          return FALSE;
        }
      titles++;
      g_array_append_val (reader->skipped_lines, reader->line_number);
    }
}

/* ---- rows, trailers and the queue --------------------------------------- */

static void
record_trailers (BkCsvReader *reader)
{
  /* Read from the end, a reversed file's trailers come newest line first. */
  for (guint i = 0; i < reader->n_trailers; i++)
    {
      guint index = reader->reversed ? reader->n_trailers - 1 - i : i;
      g_array_append_val (reader->skipped_lines, reader->trailer_lines[index]);
    }
  reader->n_trailers = 0;
}

/* Parses the current line as a row.  A line whose date is not a date may
 * be a trailer: that is known only when nothing but such lines follows. */
static void
take_row (BkCsvReader *reader)
{
  guint queued = reader->queue_len;

  if (!reader->first_row_seen)
    {
      reader->first_row_seen = TRUE;
      reader->data_start = reader->line_offset;
      reader->data_start_line = reader->line_number;
      look_for_unnamed_time (reader);
    }
  parse_line (reader);

  gboolean undated = reader->error != NULL && reader->row_undated;

  if (reader->reversed)
    {
      /* From the end, trailers come before any row. */
      if (undated && reader->bars_parsed == 0 && reader->n_trailers < BK_CSV_MAX_TRAILERS)
        {
          reader->trailer_lines[reader->n_trailers++] = reader->line_number;
          g_clear_error (&reader->error);
        }
      return;
    }
  if (reader->trailer_error != NULL)
    {
      if (undated && reader->n_trailers < BK_CSV_MAX_TRAILERS)
        {
          reader->trailer_lines[reader->n_trailers++] = reader->line_number;
          g_clear_error (&reader->error);
          return;
        }
      /* Rows (or too much) after the line: it was a bad row after all. */
      reader->queue_len = queued;
      reader->reverse_pending = FALSE;
      g_clear_error (&reader->error);
      reader->error = g_steal_pointer (&reader->trailer_error);
      return;
    }
  if (undated && reader->bars_parsed > 0)
    {
      reader->trailer_error = g_steal_pointer (&reader->error);
      reader->trailer_lines[0] = reader->line_number;
      reader->n_trailers = 1;
    }
}

/* Parses lines until the queue is full, the input ends or an error. */
static void
fill_queue (BkCsvReader *reader)
{
  reader->queue_head = 0;
  reader->queue_len = 0;
  while (reader->queue_len < BK_CSV_QUEUE_CAPACITY && reader->error == NULL && !reader->at_end)
    {
      if (reader->first_row_pending)
        reader->first_row_pending = FALSE;
      else if (!next_line (reader))
        {
          if (reader->error == NULL)
            {
              g_clear_error (&reader->trailer_error);
              record_trailers (reader);
              reader->at_end = TRUE;
            }
          return;
        }
      if (line_is_blank (reader))
        continue;
      take_row (reader);
      if (reader->reverse_pending && reader->error == NULL)
        start_reverse (reader);
    }
}

/* ---- public API --------------------------------------------------------- */

static const BkCsvOptions default_options = { FALSE, 0, FALSE };

/* The encoding a BOM or the first bytes show; skips the BOM. */
static gboolean
detect_encoding (BkCsvReader *reader)
{
  while (reader->buf_end < 4 && !reader->at_eof)
    if (!fill_buffer (reader))
      return FALSE;

  const guchar *b = (const guchar *) reader->buf;
  gsize n = reader->buf_end;
  gsize bom = 0;

  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    {
      reader->encoding = BK_ENCODING_UTF8;
      bom = 3;
    }
  else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    {
      reader->encoding = BK_ENCODING_UTF16LE;
      bom = 2;
    }
  else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    {
      reader->encoding = BK_ENCODING_UTF16BE;
      bom = 2;
    }
  /* Without a BOM: two ASCII characters, each with a NUL byte. */
  else if (n >= 4 && b[0] != 0 && b[0] < 0x80 && b[1] == 0 && b[2] != 0 && b[2] < 0x80 && b[3] == 0)
    reader->encoding = BK_ENCODING_UTF16LE;
  else if (n >= 4 && b[0] == 0 && b[1] != 0 && b[1] < 0x80 && b[2] == 0 && b[3] != 0 && b[3] < 0x80)
    reader->encoding = BK_ENCODING_UTF16BE;
  if (reader->encoding == BK_ENCODING_UTF16LE || reader->encoding == BK_ENCODING_UTF16BE)
    reader->unit = 2;
  reader->buf_start = bom;
  reader->bytes_consumed = bom;
  return TRUE;
}

static BkCsvReader *
reader_open (BkCsvReader *reader, GError **error)
{
  struct stat st;

  if (fstat (reader->fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: is a directory, not a price file"),
                   reader->display_name);
      bk_csv_reader_free (reader);
      return NULL;
    }
  if (fstat (reader->fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      off_t here = lseek (reader->fd, 0, SEEK_CUR);

      if (here >= 0 && here <= st.st_size)
        {
          reader->seekable = TRUE;
          reader->origin = (guint64) here;
          reader->size = (guint64) (st.st_size - here);
        }
    }

  if (!detect_encoding (reader) || !read_layout (reader))
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      bk_csv_reader_free (reader);
      return NULL;
    }

  /* The first bar tells has_time(), which a caller may want before next(). */
  fill_queue (reader);
  if (reader->queue_len == 0 && reader->error == NULL)
    {
      reader->line_number = reader->header_line_number + 1;
      reader->line = NULL;
      reader->line_len = 0;
      fail_at_column (reader, BK_ERROR_PARSE, 1, _("no data rows after the header"));
    }
  if (reader->queue_len == 0)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      bk_csv_reader_free (reader);
      return NULL;
    }
  return reader;
}

static BkCsvReader *
reader_new (int fd, gboolean owns_fd, const char *display_name, const BkCsvOptions *options)
{
  BkCsvReader *reader = g_new0 (BkCsvReader, 1);

  reader->display_name = g_strdup (display_name);
  reader->fd = fd;
  reader->owns_fd = owns_fd;
  reader->options = options != NULL ? *options : default_options;
  if (reader->options.read_size == 0)
    reader->options.read_size = BK_CSV_CHUNK_SIZE;
  reader->unit = 1;
  reader->roles = g_byte_array_new ();
  reader->skipped_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  reader->buf = g_malloc (BK_CSV_BUFFER_SIZE);
  for (guint i = 0; i < BK_CSV_N_ROLES; i++)
    reader->role_column[i] = -1;

  if (csv_init (&reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed");
  csv_set_realloc_func (&reader->parser, g_realloc);
  csv_set_free_func (&reader->parser, g_free);
  reader->parser_ready = TRUE;
  return reader;
}

BkCsvReader *
bk_csv_reader_new (const char *path, const BkCsvOptions *options, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strcmp (path, "-") == 0)
    return reader_open (reader_new (STDIN_FILENO, FALSE, "<stdin>", options), error);

  int fd;
  do
    fd = open (path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  return reader_open (reader_new (fd, TRUE, path, options), error);
}

BkCsvReader *
bk_csv_reader_new_for_fd (int fd, const char *display_name, const BkCsvOptions *options, GError **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return reader_open (reader_new (fd, FALSE, display_name, options), error);
}

void
bk_csv_reader_free (BkCsvReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->owns_fd && reader->fd >= 0)
    close (reader->fd);
  if (reader->parser_ready)
    csv_free (&reader->parser);
  if (reader->iconv != NULL)
    g_iconv_close (reader->iconv);
  for (guint i = 0; i < BK_CSV_N_ROLES; i++)
    g_free (reader->role_titles[i]);
  g_byte_array_unref (reader->roles);
  g_array_unref (reader->skipped_lines);
  g_clear_error (&reader->error);
  g_clear_error (&reader->trailer_error);
  g_free (reader->first_warning);
  g_free (reader->volume_like_title);
  g_free (reader->decoded);
  g_free (reader->buf);
  g_free (reader->display_name);
  g_free (reader);
}

gboolean
bk_csv_reader_next (BkCsvReader *reader, BkBar *bar, GError **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (bar != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reader->queue_len == 0 && reader->error == NULL && !reader->at_end)
    fill_queue (reader);
  if (reader->queue_len > 0)
    {
      *bar = reader->queue[reader->queue_head++];
      reader->queue_len--;
      reader->bars_returned++;
      return TRUE;
    }
  if (reader->error != NULL)
    g_propagate_error (error, g_error_copy (reader->error));
  return FALSE;
}

gboolean
bk_csv_reader_has_time (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  return reader->has_time;
}

guint64
bk_csv_reader_get_bytes_read (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  if (reader->reversed)
    return reader->data_start + (reader->size - reader->rev_hi);
  return reader->bytes_consumed;
}

guint64
bk_csv_reader_get_size (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->size;
}

const char *
bk_csv_reader_get_encoding (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return encoding_names[reader->encoding];
}

gboolean
bk_csv_reader_get_reversed (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  return reader->reversed;
}

gboolean
bk_csv_reader_get_headerless (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  return reader->headerless;
}

const GArray *
bk_csv_reader_get_skipped_lines (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->skipped_lines;
}

guint64
bk_csv_reader_get_n_warnings (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_warnings;
}

const char *
bk_csv_reader_get_first_warning (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->first_warning;
}
