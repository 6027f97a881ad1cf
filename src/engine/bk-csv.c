/* bk-csv.c — a streaming reader of price CSV files, on libcsv.
 *
 * The reader owns one input buffer (a 64 KiB chunk plus room for one
 * partial line), libcsv's field buffer (at most one line long) and a queue
 * of at most BK_CSV_QUEUE_CAPACITY parsed bars; none of them grows with the
 * file.  It splits the input into physical lines itself and hands libcsv one
 * line at a time: libcsv does not report where a field starts, and error
 * messages must name the line and column.  Knowing the line also lets the
 * reader refuse binary input and overlong lines before libcsv sees them.
 * Quoted fields therefore cannot span lines; such a field is reported as
 * not closed.
 *
 * The first error is kept: after it, next() yields no more bars and repeats
 * the error, so a caller never mistakes a truncated read for a whole one.
 */
#define _GNU_SOURCE             /* strtod_l, newlocale */

#include "bk-csv.h"

#include "bk-error.h"

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
#define BK_CSV_MAX_LINE       (64 * 1024)   /* bytes of one line, without its LF */
#define BK_CSV_MAX_FIELD      256           /* bytes of one field, after unquoting */
#define BK_CSV_QUEUE_CAPACITY 64
#define BK_CSV_QUOTE_CHARS    40            /* characters of bad input quoted in a message */

/* libcsv's parser states (libcsv.c), to tell its two strict-mode errors apart. */
#define BK_LIBCSV_FIELD_BEGUN 2

typedef enum {
  BK_CSV_ROLE_IGNORED,
  BK_CSV_ROLE_DATE,
  BK_CSV_ROLE_OPEN,
  BK_CSV_ROLE_HIGH,
  BK_CSV_ROLE_LOW,
  BK_CSV_ROLE_CLOSE,
  BK_CSV_ROLE_VOLUME,
  BK_CSV_ROLE_OPENINTEREST,
  BK_CSV_N_ROLES
} BkCsvRole;

static const char * const role_names[BK_CSV_N_ROLES] = {
  NULL, "date", "open", "high", "low", "close", "volume", "openinterest",
};

static const gsize role_offsets[BK_CSV_N_ROLES] = {
  0,
  offsetof (BkBar, datetime),
  offsetof (BkBar, open),
  offsetof (BkBar, high),
  offsetof (BkBar, low),
  offsetof (BkBar, close),
  offsetof (BkBar, volume),
  offsetof (BkBar, openinterest),
};

static const struct {
  const char *name;
  BkCsvRole role;
} header_names[] = {
  { "date", BK_CSV_ROLE_DATE },
  { "datetime", BK_CSV_ROLE_DATE },
  { "time", BK_CSV_ROLE_DATE },
  { "日期", BK_CSV_ROLE_DATE },
  { "时间", BK_CSV_ROLE_DATE },
  { "交易日期", BK_CSV_ROLE_DATE },
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

struct _BkCsvReader {
  char *display_name;           /* the path as given, or "<stdin>" */
  int fd;
  gboolean owns_fd;
  guint64 size;
  guint64 bytes_consumed;

  /* Input: bytes [buf_start, buf_end) of buf are read but not yet split. */
  char *buf;
  gsize buf_start;
  gsize buf_end;
  gboolean at_eof;              /* read(2) has returned 0 */
  gboolean at_end;              /* every line has been taken */

  /* The line being parsed, without its line break or a BOM. */
  const char *line;
  gsize line_len;
  guint64 line_number;
  guint64 header_line_number;

  struct csv_parser parser;
  gboolean parser_ready;
  char delimiter;

  /* The header: one role per column, and each role's column as written. */
  gboolean in_header;
  GByteArray *roles;
  guint n_columns;
  char *role_titles[BK_CSV_N_ROLES];

  /* The row being parsed. */
  guint field_index;
  BkBar row;

  gboolean has_time;
  guint64 bars_parsed;
  double previous_datetime;

  BkBar queue[BK_CSV_QUEUE_CAPACITY];
  guint queue_head;
  guint queue_len;

  GError *error;                /* the first error; sticky */

  GArray *skipped_lines;
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

static void
fail_at_column_va (BkCsvReader *reader, BkError code, guint column, const char *format, va_list args)
{
  if (reader->error != NULL)
    return;
  g_autofree char *problem = g_strdup_vprintf (format, args);
  g_set_error (&reader->error, BK_ERROR, code, "%s:%" G_GUINT64_FORMAT ":%u: %s",
               reader->display_name, reader->line_number, column, problem);
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
 * the closing quote and the delimiter.  Only called on the error path. */
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

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
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

/* Accepts [+-]digits[.digits][(e|E)[+-]digits] between optional blanks:
 * what strtod would also take as hexadecimal, "nan", "inf" or "1e" is
 * refused here, so a price column only ever holds decimal numbers. */
static BkNumberStatus
parse_number (const char *text, gsize len, double *value)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && is_blank_char (*p))
    p++;
  while (end > p && is_blank_char (end[-1]))
    end--;
  if (p == end)
    return BK_NUMBER_EMPTY;

  const char *q = p;
  guint digits = 0;

  if (*q == '+' || *q == '-')
    q++;
  for (; q < end && is_digit (*q); q++)
    digits++;
  if (q < end && *q == '.')
    for (q++; q < end && is_digit (*q); q++)
      digits++;
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

  /* text is NUL-terminated (CSV_APPEND_NULL) and the grammar above stops
   * strtod exactly at end. */
  char *stop;
  double v = strtod_l (p, &stop, get_c_locale ());

  if (stop != end)
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
  gboolean has_time;
} BkCivilTime;

static gboolean
read_digits (const char *s, guint count, guint *value)
{
  guint v = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!is_digit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *value = v;
  return TRUE;
}

/* The syntax of YYYY-MM-DD, YYYYMMDD or YYYY/MM/DD, then optionally ' ' or
 * 'T' and HH:MM or HH:MM:SS; ranges are checked by the caller. */
static gboolean
scan_datetime (const char *s, gsize len, BkCivilTime *t)
{
  guint year, pos;

  memset (t, 0, sizeof *t);
  if (len < 8 || !read_digits (s, 4, &year))
    return FALSE;
  t->year = year;
  if (s[4] == '-' || s[4] == '/')
    {
      if (len < 10 || !read_digits (s + 5, 2, &t->month) || s[7] != s[4]
          || !read_digits (s + 8, 2, &t->day))
        return FALSE;
      pos = 10;
    }
  else
    {
      if (!read_digits (s + 4, 2, &t->month) || !read_digits (s + 6, 2, &t->day))
        return FALSE;
      pos = 8;
    }
  if (pos == len)
    return TRUE;

  if ((s[pos] != ' ' && s[pos] != 'T') || len - pos < 6
      || !read_digits (s + pos + 1, 2, &t->hour) || s[pos + 3] != ':'
      || !read_digits (s + pos + 4, 2, &t->minute))
    return FALSE;
  pos += 6;
  t->has_time = TRUE;
  if (pos == len)
    return TRUE;
  return len - pos == 3 && s[pos] == ':' && read_digits (s + pos + 1, 2, &t->second);
}

static guint
days_in_month (gint64 year, guint month)
{
  static const guint days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/* ---- rows --------------------------------------------------------------- */

static void
store_date (BkCsvReader *reader, const char *text, gsize len)
{
  const char *title = reader->role_titles[BK_CSV_ROLE_DATE];
  const char *p = text;
  const char *end = text + len;
  BkCivilTime t;

  while (p < end && is_blank_char (*p))
    p++;
  while (end > p && is_blank_char (end[-1]))
    end--;

  if (!scan_datetime (p, end - p, &t))
    {
      g_autofree char *quoted = quote_text (text, len);
      fail_at_offset (reader, BK_ERROR_PARSE, field_start_offset (reader, reader->field_index),
                      "expected a date (YYYY-MM-DD, YYYYMMDD or YYYY/MM/DD, optionally with HH:MM[:SS]) "
                      "in column '%s', got %s", title, quoted);
      return;
    }

  const char *problem = NULL;
  guint month_days = 0;   /* set when the day is the problem */

  if (t.month < 1 || t.month > 12)
    problem = "month must be 01 to 12";
  else if (t.day < 1 || t.day > days_in_month (t.year, t.month))
    {
      month_days = days_in_month (t.year, t.month);
      problem = "day out of range";
    }
  else if (t.hour > 23)
    problem = "hour must be 00 to 23";
  else if (t.minute > 59)
    problem = "minute must be 00 to 59";
  else if (t.second > 59)
    problem = "second must be 00 to 59";
  if (problem != NULL)
    {
      g_autofree char *quoted = quote_text (p, end - p);
      gsize offset = field_start_offset (reader, reader->field_index);

      if (month_days != 0)
        fail_at_offset (reader, BK_ERROR_PARSE, offset,
                        "invalid date %s in column '%s': day must be 01 to %02u in %04" G_GINT64_FORMAT "-%02u",
                        quoted, title, month_days, t.year, t.month);
      else
        fail_at_offset (reader, BK_ERROR_PARSE, offset, "invalid date %s in column '%s': %s",
                        quoted, title, problem);
      return;
    }

  double datetime = (double) (bk_days_from_civil (t.year, t.month, t.day) * 86400
                              + t.hour * 3600 + t.minute * 60 + t.second);

  if (reader->bars_parsed == 0)
    reader->has_time = t.has_time;
  else if (datetime <= reader->previous_datetime)
    {
      gboolean with_time = reader->has_time || t.has_time;
      char this_date[32], previous_date[32];
      gsize offset = field_start_offset (reader, reader->field_index);

      bk_format_datetime (datetime, with_time, this_date);
      if (datetime == reader->previous_datetime)
        fail_at_offset (reader, BK_ERROR_PARSE, offset,
                        "date %s repeats the previous bar's date", this_date);
      else
        {
          bk_format_datetime (reader->previous_datetime, with_time, previous_date);
          fail_at_offset (reader, BK_ERROR_PARSE, offset,
                          "date %s is earlier than the previous bar's %s", this_date, previous_date);
        }
      return;
    }
  reader->row.datetime = datetime;
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

  const char *title = reader->role_titles[role];
  gsize offset = field_start_offset (reader, reader->field_index);
  g_autofree char *quoted = quote_text (text, len);

  if (status == BK_NUMBER_EMPTY)
    fail_at_offset (reader, BK_ERROR_PARSE, offset,
                    "expected a number in column '%s', got an empty field", title);
  else if (status == BK_NUMBER_NOT_FINITE)
    fail_at_offset (reader, BK_ERROR_PARSE, offset,
                    "expected a finite number in column '%s', got %s", title, quoted);
  else
    fail_at_offset (reader, BK_ERROR_PARSE, offset,
                    "expected a number in column '%s', got %s", title, quoted);
}

static void
store_header_name (BkCsvReader *reader, const char *text, gsize len)
{
  const char *p = text;
  const char *end = text + len;
  BkCsvRole role = BK_CSV_ROLE_IGNORED;

  while (p < end && (is_blank_char (*p) || *p == '"' || *p == '\''))
    p++;
  while (end > p && (is_blank_char (end[-1]) || end[-1] == '"' || end[-1] == '\''))
    end--;

  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (strlen (header_names[i].name) == (gsize) (end - p)
        && g_ascii_strncasecmp (p, header_names[i].name, end - p) == 0)
      {
        role = header_names[i].role;
        break;
      }

  /* A second column for a role ("Date" and "Time") is ignored: the first wins. */
  if (role != BK_CSV_ROLE_IGNORED && reader->role_titles[role] != NULL)
    role = BK_CSV_ROLE_IGNORED;
  if (role != BK_CSV_ROLE_IGNORED)
    reader->role_titles[role] = g_strndup (p, end - p);

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
      fail_at_offset (reader, BK_ERROR_LIMIT, field_start_offset (reader, index),
                      "field longer than %d bytes", BK_CSV_MAX_FIELD);
      return;
    }

  if (reader->in_header)
    store_header_name (reader, text, len);
  else if (index < reader->n_columns)
    {
      BkCsvRole role = reader->roles->data[index];

      if (role == BK_CSV_ROLE_DATE)
        store_date (reader, text, len);
      else if (role != BK_CSV_ROLE_IGNORED)
        store_number (reader, role, text, len);
    }
  reader->field_index++;
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
                      "carriage return in the middle of a line");
      return;
    }
  if (reader->in_header)
    return;

  if (reader->field_index != reader->n_columns)
    {
      gsize offset = reader->field_index > reader->n_columns
                     ? field_start_offset (reader, reader->n_columns)
                     : reader->line_len;

      fail_at_offset (reader, BK_ERROR_PARSE, offset, "expected %u fields, found %u",
                      reader->n_columns, reader->field_index);
      return;
    }

  g_assert (reader->queue_head == 0 && reader->queue_len < BK_CSV_QUEUE_CAPACITY);
  reader->queue[reader->queue_len++] = reader->row;
  reader->previous_datetime = reader->row.datetime;
  reader->bars_parsed++;
}

/* Feeds the current line to libcsv as one whole row. */
static void
parse_line (BkCsvReader *reader)
{
  reader->field_index = 0;
  reader->row = (BkBar) { 0 };

  size_t used = csv_parse (&reader->parser, reader->line, reader->line_len,
                           on_field, on_row_end, reader);
  if (reader->error != NULL)
    return;
  if (used < reader->line_len)
    {
      if (reader->parser.pstate == BK_LIBCSV_FIELD_BEGUN && !reader->parser.quoted)
        fail_at_offset (reader, BK_ERROR_PARSE, used,
                        "quote inside an unquoted field (quote the whole field and double the quote)");
      else
        fail_at_offset (reader, BK_ERROR_PARSE, used,
                        "unexpected text after a closing quote");
      return;
    }
  if (csv_fini (&reader->parser, on_field, on_row_end, reader) != 0 && reader->error == NULL)
    fail_at_offset (reader, BK_ERROR_PARSE, field_start_offset (reader, reader->field_index),
                    "quoted field is not closed on its line (fields spanning lines are not supported)");
}

/* ---- lines -------------------------------------------------------------- */

/* The first byte of [text, text+len) that is not UTF-8 text, or NULL. */
static const char *
find_binary (const char *text, gsize len)
{
  const char *end;

  if (g_utf8_validate_len (text, len, &end))
    return NULL;
  return end;
}

static void
fail_binary (BkCsvReader *reader, const char *bad)
{
  if (*bad == '\0')
    fail_at_offset (reader, BK_ERROR_PARSE, bad - reader->line, "not a text file: NUL byte");
  else
    fail_at_offset (reader, BK_ERROR_PARSE, bad - reader->line,
                    "not a text file: byte \\x%02X is not valid UTF-8", (guchar) *bad);
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

  gsize room = BK_CSV_CHUNK_SIZE + BK_CSV_MAX_LINE + 1 - reader->buf_end;
  ssize_t n;

  do
    n = read (reader->fd, reader->buf + reader->buf_end, MIN (room, BK_CSV_CHUNK_SIZE));
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved_errno = errno;

      reader->line_number++;
      reader->line = NULL;
      reader->line_len = 0;
      fail_at_column (reader, BK_ERROR_IO, 1, "cannot read: %s", g_strerror (saved_errno));
      return FALSE;
    }
  if (n == 0)
    reader->at_eof = TRUE;
  reader->buf_end += n;
  return TRUE;
}

/* Makes the next physical line current; FALSE at the end of the input or
 * on an error (reader->error set). */
static gboolean
take_line (BkCsvReader *reader)
{
  const char *line;
  gsize len;

  for (;;)
    {
      char *start = reader->buf + reader->buf_start;
      gsize available = reader->buf_end - reader->buf_start;
      const char *nl = memchr (start, '\n', MIN (available, (gsize) BK_CSV_MAX_LINE + 1));

      if (nl != NULL)
        {
          line = start;
          len = nl - start;
          reader->buf_start += len + 1;
          reader->bytes_consumed += len + 1;
          break;
        }
      if (available > BK_CSV_MAX_LINE)
        {
          /* Binary input often has no line breaks: say so rather than
           * blame the line's length.  The last bytes may be a cut sequence. */
          reader->line_number++;
          reader->line = start;
          reader->line_len = available;
          const char *bad = find_binary (start, available - 4);
          if (bad != NULL)
            fail_binary (reader, bad);
          else
            fail_at_column (reader, BK_ERROR_LIMIT, 1, "line longer than %d bytes", BK_CSV_MAX_LINE);
          return FALSE;
        }
      if (reader->at_eof)
        {
          if (available == 0)
            {
              reader->at_end = TRUE;
              return FALSE;
            }
          line = start;
          len = available;
          reader->buf_start += len;
          reader->bytes_consumed += len;
          break;
        }
      if (!fill_buffer (reader))
        return FALSE;
    }

  reader->line_number++;
  reader->line = line;
  reader->line_len = len;
  if (len > 0 && reader->line[len - 1] == '\r')
    reader->line_len--;
  if (reader->line_number == 1 && reader->line_len >= 3
      && memcmp (reader->line, "\xEF\xBB\xBF", 3) == 0)
    {
      reader->line += 3;
      reader->line_len -= 3;
    }

  const char *bad = find_binary (reader->line, reader->line_len);
  if (bad != NULL)
    {
      fail_binary (reader, bad);
      return FALSE;
    }
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

/* ---- header ------------------------------------------------------------- */

/* The delimiter is the most frequent of ',' ';' and tab outside quotes in
 * the header; ties go in that order, and a one-column header gets ','. */
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

static gboolean
read_header (BkCsvReader *reader)
{
  do
    {
      if (!take_line (reader))
        {
          if (reader->error == NULL)
            {
              reader->line_number = 1;
              reader->line = NULL;
              reader->line_len = 0;
              fail_at_column (reader, BK_ERROR_PARSE, 1, "empty file: expected a header line");
            }
          return FALSE;
        }
    }
  while (line_is_blank (reader));

  reader->header_line_number = reader->line_number;
  reader->delimiter = detect_delimiter (reader->line, reader->line_len);
  csv_set_delim (&reader->parser, (unsigned char) reader->delimiter);

  reader->in_header = TRUE;
  parse_line (reader);
  reader->in_header = FALSE;
  if (reader->error != NULL)
    return FALSE;
  reader->n_columns = reader->roles->len;

  for (BkCsvRole role = BK_CSV_ROLE_DATE; role <= BK_CSV_ROLE_CLOSE; role++)
    if (reader->role_titles[role] == NULL)
      {
        fail_at_column (reader, BK_ERROR_PARSE, 1, "no %s column in the header", role_names[role]);
        return FALSE;
      }
  return TRUE;
}

/* ---- public API ------------------------------------------------------- */

/* Parses lines until the queue is full, the input ends or an error. */
static void
fill_queue (BkCsvReader *reader)
{
  reader->queue_head = 0;
  reader->queue_len = 0;
  while (reader->queue_len < BK_CSV_QUEUE_CAPACITY && reader->error == NULL)
    {
      if (!take_line (reader))
        return;
      if (reader->line_len == 0 || line_is_blank (reader))
        continue;
      parse_line (reader);
    }
}

BkCsvReader *
bk_csv_reader_new (const char *path, const BkCsvOptions *options, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr(BkCsvReader) reader = g_new0 (BkCsvReader, 1);
  gboolean from_stdin = strcmp (path, "-") == 0;

  reader->display_name = g_strdup (from_stdin ? "<stdin>" : path);
  reader->roles = g_byte_array_new ();
  reader->skipped_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  reader->buf = g_malloc (BK_CSV_CHUNK_SIZE + BK_CSV_MAX_LINE + 1);
  reader->fd = -1;

  if (csv_init (&reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed");
  csv_set_realloc_func (&reader->parser, g_realloc);
  csv_set_free_func (&reader->parser, g_free);
  reader->parser_ready = TRUE;

  if (from_stdin)
    reader->fd = STDIN_FILENO;
  else
    {
      do
        reader->fd = open (path, O_RDONLY | O_CLOEXEC);
      while (reader->fd < 0 && errno == EINTR);
      if (reader->fd < 0)
        {
          int saved_errno = errno;

          g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s:1:1: cannot open: %s",
                       reader->display_name, g_strerror (saved_errno));
          return NULL;
        }
      reader->owns_fd = TRUE;
    }

  struct stat st;
  if (fstat (reader->fd, &st) == 0 && S_ISREG (st.st_mode))
    reader->size = st.st_size;

  if (!read_header (reader))
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }

  /* The first bar tells has_time(), which a caller may want before next(). */
  fill_queue (reader);
  if (reader->queue_len == 0)
    {
      if (reader->error == NULL)
        g_set_error (&reader->error, BK_ERROR, BK_ERROR_PARSE,
                     "%s:%" G_GUINT64_FORMAT ":1: no data rows after the header",
                     reader->display_name, reader->header_line_number + 1);
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }
  return g_steal_pointer (&reader);
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
  for (guint i = 0; i < BK_CSV_N_ROLES; i++)
    g_free (reader->role_titles[i]);
  g_byte_array_unref (reader->roles);
  g_array_unref (reader->skipped_lines);
  g_clear_error (&reader->error);
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
  return reader->bytes_consumed;
}

guint64
bk_csv_reader_get_size (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->size;
}

BkCsvReader *
bk_csv_reader_new_for_fd (int fd, const char *display_name, const BkCsvOptions *options, GError **error)
{
  g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: not implemented yet", display_name);
  return NULL;
}

const char *
bk_csv_reader_get_encoding (BkCsvReader *reader)
{
  return "UTF-8";
}

gboolean
bk_csv_reader_get_reversed (BkCsvReader *reader)
{
  return FALSE;
}

gboolean
bk_csv_reader_get_headerless (BkCsvReader *reader)
{
  return FALSE;
}

const GArray *
bk_csv_reader_get_skipped_lines (BkCsvReader *reader)
{
  return reader->skipped_lines;
}

guint64
bk_csv_reader_get_n_warnings (BkCsvReader *reader)
{
  return 0;
}

const char *
bk_csv_reader_get_first_warning (BkCsvReader *reader)
{
  return NULL;
}
