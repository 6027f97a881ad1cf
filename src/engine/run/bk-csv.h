/* bk-csv.h — a streaming reader of price files as analysts have them.
 *
 * The reader holds one buffer of input and the bars parsed from it, never
 * the whole file: memory does not depend on the file's size.  It reads
 * UTF-8 (with or without a BOM), UTF-16 (LE or BE) and GB18030 (GBK's
 * superset, what Chinese Windows programs write), decoding line by line;
 * headers in English or Chinese, up to five title lines before the header
 * and a few trailer lines after the data; headerless 通达信 exports (date,
 * open, high, low, close, volume, amount); a separate time column; ISO
 * timestamps with milliseconds; Unix timestamps; padded or unpadded dates.
 * A newest-first regular file is read from its end, block by block.
 *
 * Every error is a BK_ERROR whose message reads "FILE:LINE:COLUMN: problem";
 * after an error the reader yields nothing more.  The result never depends
 * on how the input arrives (read sizes, pipes), except that a newest-first
 * input that cannot seek is refused.
 */
#pragma once

#include "bk-bar.h"
#include "bk-resample.h"

G_BEGIN_DECLS

typedef struct _BkCsvReader BkCsvReader;

typedef struct {
  /* Bars failing a sanity check (high below low, a non-positive price...)
   * are kept and counted as warnings instead of ending the read. */
  gboolean lenient;
  /* Bytes asked of each read(2); 0 for the default.  Tests vary it to show
   * that the result does not depend on it. */
  gsize read_size;
  /* A tick earlier than the one before it ends the read with an error
   * instead of being dropped with a warning. */
  gboolean strict;
  /* Called with each warning as it is found ("FILE:LINE:COLUMN: problem"),
   * on the reading thread; may be NULL. */
  void (*on_warning) (const char *message, gpointer user_data);
  gpointer warning_data;
  /* Bars made from the rows, as backtrader's resampledata() or
   * replaydata() makes them (bk-resample.h); a count of 0 for the rows as
   * they are.  Applied by bk_source_new_csv(), not by the reader. */
  BkPeriod resample;
  BkResampleMode resample_mode;
  /* Bytes from here instead of read(2) (bk_csv_reader_new_live): a live
   * input that may wait for more, as read(2) returns.  next() then hands
   * out each row once its line is read, without waiting to fill its queue. */
  gssize (*read_func) (gpointer read_data, void *buf, gsize len);
  gpointer read_data;
  /* A data row that cannot be read is a warning (on_warning, counted)
   * and left out, instead of the end: a live stream goes on. */
  gboolean skip_bad_rows;
  /* Every row through the tokeniser, none read in one pass: tests compare
   * the two ways, which must give the same bars and messages. */
  gboolean general_rows;
} BkCsvOptions;

/* The finest unit the times of a file have used so far: a file whose
 * times have seconds or finer holds ticks, which may repeat a timestamp
 * (two trades in one millisecond) and are kept in file order. */
typedef enum {
  BK_TIME_RESOLUTION_DAYS,          /* dates without a time of day */
  BK_TIME_RESOLUTION_MINUTES,
  BK_TIME_RESOLUTION_SECONDS,
  BK_TIME_RESOLUTION_MILLISECONDS,
} BkTimeResolution;

/* path "-" reads standard input.  options may be NULL. */
BkCsvReader *bk_csv_reader_new (const char *path, const BkCsvOptions *options, GError **error);
/* Reads fd, which the reader does not close; display_name names it in
 * messages.  A regular file must be positioned at its start. */
BkCsvReader *bk_csv_reader_new_for_fd (int fd, const char *display_name,
                                       const BkCsvOptions *options, GError **error);
/* Reads through options->read_func; display_name names it in messages. */
BkCsvReader *bk_csv_reader_new_live (const char *display_name, const BkCsvOptions *options, GError **error);
void bk_csv_reader_free (BkCsvReader *reader);

/* TRUE and *bar filled; FALSE with *error unset at the end of the data;
 * FALSE with *error set on bad input. */
gboolean bk_csv_reader_next (BkCsvReader *reader, BkBar *bar, GError **error);

/* TRUE when the date column carries a time of day (intraday bars). */
gboolean bk_csv_reader_has_time (BkCsvReader *reader);
guint64 bk_csv_reader_get_bytes_read (BkCsvReader *reader);
guint64 bk_csv_reader_get_size (BkCsvReader *reader); /* 0 when unknown (a pipe) */

/* What was read, for reports: "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030". */
const char *bk_csv_reader_get_encoding (BkCsvReader *reader);
/* TRUE when the file was newest-first and has been read from its end. */
gboolean bk_csv_reader_get_reversed (BkCsvReader *reader);
/* TRUE for a headerless file read in 通达信 order. */
gboolean bk_csv_reader_get_headerless (BkCsvReader *reader);
/* The finest unit of the times read so far (see BkTimeResolution). */
BkTimeResolution bk_csv_reader_get_time_resolution (BkCsvReader *reader);
/* TRUE when times have seconds or finer. */
gboolean bk_csv_reader_get_ticks (BkCsvReader *reader);
/* TRUE for a file with one price column (price, last, 成交价...): each
 * row is a bar whose open, high, low and close are that price. */
gboolean bk_csv_reader_get_single_price (BkCsvReader *reader);
/* Rows handed out by next() so far. */
guint64 bk_csv_reader_get_rows (BkCsvReader *reader);
/* Ticks dropped for being earlier than the tick before them (each also
 * counted as a warning), and the first such message, or NULL. */
guint64 bk_csv_reader_get_n_out_of_order (BkCsvReader *reader);
const char *bk_csv_reader_get_first_out_of_order (BkCsvReader *reader);
/* With options->skip_bad_rows: rows that could not be read and were left
 * out (each also counted as a warning), and the first one's message. */
guint64 bk_csv_reader_get_n_skipped (BkCsvReader *reader);
const char *bk_csv_reader_get_first_skipped (BkCsvReader *reader);
/* What was found, for reports ("ticks, 135 rows, millisecond times"),
 * translated; NULL for a file that is not ticks. */
char *bk_csv_reader_describe_ticks (BkCsvReader *reader);
/* Line numbers (guint64) of the lines skipped as titles before the header
 * and trailers after the data, in increasing order; complete once next()
 * has returned FALSE. */
const GArray *bk_csv_reader_get_skipped_lines (BkCsvReader *reader);
/* Warnings: with options->lenient, bars that failed a sanity check, and
 * in a tick file, ticks out of order; and the first warning's message
 * ("FILE:LINE:COLUMN: problem"), or NULL when there was none. */
guint64 bk_csv_reader_get_n_warnings (BkCsvReader *reader);
const char *bk_csv_reader_get_first_warning (BkCsvReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkCsvReader, bk_csv_reader_free)

G_END_DECLS
