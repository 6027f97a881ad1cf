/* bk-csv-private.h — what the parts of the CSV reader share.
 *
 * The reader (bk-csv.c) ties together, from the bottom up:
 *   bk-csv-message.c    "FILE:LINE:COLUMN: problem" and quoting bad input;
 *   bk-csv-fields.c     numbers, dates and times as text, without a reader;
 *   bk-csv-source.c     bytes: the buffer, read(2) forward, pread(2) backward;
 *   bk-csv-decode.c     the encoding, and each line decoded to UTF-8;
 *   bk-csv-tokenizer.c  a line split into fields, for every dialect;
 *   bk-csv-row.c        fields into a checked bar (with the common rows' fast path);
 *   bk-csv-layout.c     titles, the header or a headerless file's columns.
 * Each calls only the ones above it in this list (the tokeniser hands
 * fields to the row or layout code through callbacks).  The reader's state
 * is one struct, its fields grouped by the stage that writes them.
 */
#pragma once

#include "bk-csv.h"
#include "bk-error.h"

G_BEGIN_DECLS

#define BK_CSV_CHUNK_SIZE     (64 * 1024)
#define BK_CSV_MAX_LINE       (64 * 1024)   /* bytes of one line as stored, without its line break */
#define BK_CSV_BUFFER_SIZE    (BK_CSV_CHUNK_SIZE + BK_CSV_MAX_LINE + 4)
#define BK_CSV_MAX_FIELD      256           /* bytes of one field, after unquoting */
#define BK_CSV_PLAIN_LINE     512           /* bytes of a line read in one pass once taken */
#define BK_CSV_QUEUE_CAPACITY 64
#define BK_CSV_QUOTE_CHARS    40            /* characters of bad input quoted in a message */
#define BK_CSV_MAX_TITLES     5             /* lines before the header */
#define BK_CSV_MAX_TRAILERS   5             /* lines after the data */
#define BK_CSV_MAX_NAMED      8             /* columns named in a "not OHLC" message */
/* Unix timestamps at or above this are milliseconds (1e11 s is the year 5138). */
#define BK_CSV_UNIX_MS_FROM   1e11
/* 9999-12-31T23:59:59 */
#define BK_CSV_UNIX_MAX       253402300799.0

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
  BK_CSV_ROLE_PRICE,            /* a tick's one price: open, high, low and close */
  BK_CSV_N_ROLES
} BkCsvRole;

typedef enum {
  BK_CSV_DATE_TEXT,        /* a date, maybe with a time */
  BK_CSV_DATE_TIMESTAMP,   /* "timestamp": Unix seconds or milliseconds, or a date */
} BkCsvDateKind;

typedef enum {
  BK_ENCODING_UNDECIDED,   /* only ASCII so far */
  BK_ENCODING_UTF8,
  BK_ENCODING_GB18030,
  BK_ENCODING_UTF16LE,
  BK_ENCODING_UTF16BE,
} BkEncoding;

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

  /* The tokeniser (bk-csv-tokenizer.c). */
  char delimiter;
  guint field_index;            /* fields of the current line taken so far */

  /* The layout: one role per column, each role's column and title. */
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
  BkBar row;
  gint64 row_days;
  double row_seconds;           /* of the day, from the date field */
  double row_time;              /* from the time column */
  gboolean row_date_has_time;
  gboolean row_fraction;        /* its time written with a fraction of a second */
  gboolean row_undated;         /* the date field is not a date: maybe a trailer */
  gboolean row_warned;

  /* The month of the last date read in one pass: its first eight bytes
   * as text ("2024-03-"), its first day and its length. */
  guint64 month_text;
  gint64 month_first_day;
  guint month_days;

  gboolean has_time;
  BkTimeResolution resolution;  /* the finest of the times so far */
  gboolean single_price;        /* one price column read as open, high, low and close */
  gboolean fraction_written;    /* a time was written with a fraction of a second */
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
  guint64 n_out_of_order;
  char *first_out_of_order;
  guint64 n_skipped;            /* rows left out with options->skip_bad_rows */
  char *first_skipped;

  GError *error;                /* the first error; sticky */
};

/* strtod_l with the C locale: a comma-decimal desktop locale must not
 * change what "1.5" means, and glibc's strtod rounds correctly. */

static inline gboolean
bk_csv_is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
bk_csv_is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline void
bk_csv_trim_blanks (const char **p, const char **end)
{
  while (*p < *end && bk_csv_is_blank (**p))
    (*p)++;
  while (*end > *p && bk_csv_is_blank ((*end)[-1]))
    (*end)--;
}

/* ---- bk-csv-message.c --------------------------------------------------- */

guint bk_csv_column_at (BkCsvReader *reader, gsize offset);
char *bk_csv_format_at (BkCsvReader *reader, guint column, const char *format, va_list args)
  G_GNUC_PRINTF (3, 0);
/* The first error is kept: these do nothing once reader->error is set. */
void bk_csv_fail_at_column_va (BkCsvReader *reader, BkError code, guint column,
                               const char *format, va_list args) G_GNUC_PRINTF (4, 0);
void bk_csv_fail_at_column (BkCsvReader *reader, BkError code, guint column,
                            const char *format, ...) G_GNUC_PRINTF (4, 5);
void bk_csv_fail_at_offset (BkCsvReader *reader, BkError code, gsize offset,
                            const char *format, ...) G_GNUC_PRINTF (4, 5);
void bk_csv_append_quoted (GString *out, const char *text, gsize len);
char *bk_csv_quote_text (const char *text, gsize len);
char *bk_csv_quote_title (const char *title);

/* ---- bk-csv-fields.c ---------------------------------------------------- */

typedef enum {
  BK_NUMBER_OK,
  BK_NUMBER_EMPTY,
  BK_NUMBER_MALFORMED,
  BK_NUMBER_NOT_FINITE,
} BkNumberStatus;

typedef struct {
  gint64 year;
  guint month;
  guint day;
  guint hour;
  guint minute;
  guint second;
  guint millisecond;
  gboolean has_time;
  gboolean has_fraction;   /* written with a fraction of a second */
} BkCivilTime;

/* Clinger's fast path, what prices almost always are: with at most 15
 * digits the mantissa and 10^fraction_digits are exact doubles, and one
 * division rounds correctly, to what strtod gives. */
#define BK_CSV_CLINGER_DIGITS 15

static inline double
bk_csv_clinger_value (guint64 mantissa, guint fraction_digits)
{
  static const double powers_of_ten[BK_CSV_CLINGER_DIGITS + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };

  return (double) mantissa / powers_of_ten[fraction_digits];
}

BkNumberStatus bk_csv_parse_number (const char *text, gsize len, double *value);
gboolean bk_csv_is_number_text (const char *text);
gboolean bk_csv_scan_time (const char *p, const char *end, BkCivilTime *t);
gboolean bk_csv_scan_datetime (const char *s, gsize len, BkCivilTime *t);
gboolean bk_csv_looks_like_time (const char *text, gsize len);
gboolean bk_csv_looks_like_date (const char *text, gsize len);
const char *bk_csv_time_problem (const BkCivilTime *t);

/* Inline, as every row's date comes through them. */
static inline guint
bk_csv_days_in_month (gint64 year, guint month)
{
  static const guint days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/* TRUE when a scanned date (and time) names a real day and time of day;
 * else bk_csv_time_problem() or the month and day say what is wrong. */
static inline gboolean
bk_csv_civil_time_is_valid (const BkCivilTime *t)
{
  return t->month >= 1 && t->month <= 12 && t->day >= 1 && t->day <= bk_csv_days_in_month (t->year, t->month)
         && t->hour <= 23 && t->minute <= 59 && t->second <= 59;
}

/* Counted in whole milliseconds, then divided once, so that a time read
 * as text and the same time as Unix milliseconds give the same double. */
static inline double
bk_csv_seconds_of_day (const BkCivilTime *t)
{
  return ((t->hour * 3600 + t->minute * 60 + t->second) * 1000 + t->millisecond) / 1000.0;
}

/* ---- bk-csv-source.c ---------------------------------------------------- */

typedef enum {
  BK_CSV_RAW_LINE,         /* *raw and *raw_len are the line */
  BK_CSV_RAW_END,          /* no more lines, or an error (reader->error set) */
  BK_CSV_RAW_TOO_LONG,     /* *raw holds the first BK_CSV_MAX_LINE bytes of a longer line */
} BkCsvRawLine;

gboolean bk_csv_source_open (BkCsvReader *reader, GError **error);
gboolean bk_csv_source_fill (BkCsvReader *reader);
gboolean bk_csv_source_has_line (BkCsvReader *reader);
BkCsvRawLine bk_csv_source_take_forward (BkCsvReader *reader, const char **raw, gsize *raw_len);
gboolean bk_csv_source_take_backward (BkCsvReader *reader, const char **raw, gsize *raw_len);
gboolean bk_csv_source_count_lines_after (BkCsvReader *reader, guint64 *count);

/* ---- bk-csv-decode.c ---------------------------------------------------- */

const char *bk_csv_encoding_name (BkEncoding encoding);
gboolean bk_csv_detect_encoding (BkCsvReader *reader);
gboolean bk_csv_decode_line (BkCsvReader *reader, const char *raw, gsize len, gboolean cut_tail);
void bk_csv_fail_long_line (BkCsvReader *reader, const char *start);

/* ---- bk-csv-tokenizer.c ------------------------------------------------- */

/* A field of the current line, unquoted and trimmed of blanks, and the end
 * of the line's one row.  The tokeniser has checked the field's length and
 * that the row ends at the end of the line. */
typedef void (*BkCsvFieldFunc) (BkCsvReader *reader, const char *text, gsize len);
typedef void (*BkCsvRowEndFunc) (BkCsvReader *reader);

void bk_csv_tokenize_line (BkCsvReader *reader, BkCsvFieldFunc on_field, BkCsvRowEndFunc on_row_end);
char bk_csv_detect_delimiter (const char *line, gsize len);
gsize bk_csv_field_start_offset (BkCsvReader *reader, guint index);
GPtrArray *bk_csv_split_fields (BkCsvReader *reader, char delimiter);

/* ---- bk-csv-row.c ------------------------------------------------------- */

void bk_csv_parse_row (BkCsvReader *reader);
/* Rows straight from the buffer: the line at `text`, as it lies there,
 * ends at a '\n' at `limit` at the latest.  When it is a plain row in
 * ASCII that passes every check without a word to say, queues it and
 * returns its '\n'; else changes nothing and returns NULL, and the line is
 * read the general way, which gives the same bar or says what is wrong. */
const char *bk_csv_take_plain_row (BkCsvReader *reader, const char *text, const char *limit);

/* The rows read so far are ticks (times may repeat): times of a file of
 * one price column or written to a fraction of a second, or times that
 * have had seconds.  `has_time`: the times have a time of day. */
static inline gboolean
bk_csv_reader_is_ticks (const BkCsvReader *reader, gboolean has_time)
{
  return reader->resolution >= BK_TIME_RESOLUTION_SECONDS
         || (has_time && (reader->single_price || reader->fraction_written));
}

/* ---- bk-csv-layout.c ---------------------------------------------------- */

typedef enum {
  BK_LINE_TITLE,
  BK_LINE_HEADER,        /* the header has been taken */
  BK_LINE_FIRST_ROW,     /* a headerless file's first row; its layout has been taken */
  BK_LINE_REFUSED,       /* the error is set: not OHLC, or a header that cannot be read */
} BkLineKind;

BkLineKind bk_csv_layout_take_line (BkCsvReader *reader);
void bk_csv_layout_look_for_unnamed_time (BkCsvReader *reader);

G_END_DECLS
