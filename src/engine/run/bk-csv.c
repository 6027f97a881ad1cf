/* bk-csv.c — a streaming reader of price files: the stages tied together.
 *
 * The input goes through three stages, each holding a fixed amount:
 *   1. bytes (bk-csv-source.c): one buffer of BK_CSV_CHUNK_SIZE plus room
 *      for one line, filled by read(2) going forward, or by pread(2) block
 *      by block going backward through a newest-first file;
 *   2. lines (bk-csv-decode.c): the buffer is split at line breaks (LF, or
 *      the 2-byte LF of UTF-16), and each line that is not plain ASCII is
 *      decoded to UTF-8 (GB18030 and UTF-16 through GIConv) into a scratch
 *      buffer of one line;
 *   3. rows (bk-csv-tokenizer.c, bk-csv-row.c): a line is split into
 *      fields and turned into a bar, queued here until next() hands it out
 *      (at most BK_CSV_QUEUE_CAPACITY).
 * Every decision is taken on whole lines, or on the first bytes of the file
 * which are always gathered before deciding, so the result never depends on
 * how read(2) happens to cut the input.
 *
 * The layout (bk-csv-layout.c) comes from up to five title lines and a
 * header, or a headerless file's first row.  After the data, up to five
 * trailer lines that are not rows.  Both are skipped and their numbers kept.
 * A file found newest-first by its first two rows is read again from its
 * end.
 *
 * The first error is kept: after it, next() yields no more bars and repeats
 * the error, so a caller never mistakes a truncated read for a whole one.
 */
#define _GNU_SOURCE             /* memrchr */

#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Makes the next line current, decoded to UTF-8, without its line break;
 * FALSE at the end of the input or on an error (reader->error set). */
static gboolean
next_line (BkCsvReader *reader)
{
  const char *raw;
  gsize len;

  if (reader->reversed)
    {
      if (!bk_csv_source_take_backward (reader, &raw, &len))
        return FALSE;
    }
  else
    switch (bk_csv_source_take_forward (reader, &raw, &len))
      {
      case BK_CSV_RAW_LINE:
        break;
      case BK_CSV_RAW_END:
        return FALSE;
      case BK_CSV_RAW_TOO_LONG:
        bk_csv_fail_long_line (reader, raw);
        return FALSE;
      }
  if (!bk_csv_decode_line (reader, raw, len, FALSE))
    return FALSE;
  if (reader->line_len > 0 && reader->line[reader->line_len - 1] == '\r')
    reader->line_len--;
  return TRUE;
}

static gboolean
line_is_blank (BkCsvReader *reader)
{
  for (gsize i = 0; i < reader->line_len; i++)
    if (!bk_csv_is_blank (reader->line[i]))
      return FALSE;
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
  if (!bk_csv_source_count_lines_after (reader, &after))
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
                  bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1, _("empty file: expected a header line"));
                }
              else
                {
                  reader->line_number++;
                  bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1,
                                  _("no header and no data rows after the title lines"));
                }
            }
          return FALSE;
        }
      if (line_is_blank (reader))
        continue;
      switch (bk_csv_layout_take_line (reader))
        {
        case BK_LINE_HEADER:
          return TRUE;
        case BK_LINE_FIRST_ROW:
          reader->first_row_pending = TRUE;
          return TRUE;
        case BK_LINE_REFUSED:
          return FALSE;
        case BK_LINE_TITLE:
          break;
        }
      if (titles == BK_CSV_MAX_TITLES)
        {
          /* TRANSLATORS: %u is the number of lines looked at. */
          bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1,
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

/* With options->skip_bad_rows, a row that cannot be read is a warning,
 * counted as the lenient ones are, and left out. */
static void
skip_bad_row (BkCsvReader *reader, guint queued)
{
  GError *error = g_steal_pointer (&reader->error);

  reader->queue_len = queued;
  reader->n_warnings++;
  reader->n_skipped++;
  if (reader->first_warning == NULL)
    reader->first_warning = g_strdup (error->message);
  if (reader->first_skipped == NULL)
    reader->first_skipped = g_strdup (error->message);
  if (reader->options.on_warning != NULL)
    reader->options.on_warning (error->message, reader->options.warning_data);
  g_error_free (error);
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
      bk_csv_layout_look_for_unnamed_time (reader);
    }
  bk_csv_parse_row (reader);
  if (reader->error != NULL && reader->options.skip_bad_rows && !reader->reversed)
    {
      skip_bad_row (reader, queued);
      return;
    }

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

/* Whether the next lines may be taken straight from the buffer: a file
 * read forward, in a single-byte encoding, whose first row has set what
 * the rows are, with its dates in one column and no trailer pending. */
static gboolean
plain_rows_possible (BkCsvReader *reader)
{
  return reader->bars_parsed > 0 && !reader->reversed && reader->unit == 1 && reader->trailer_error == NULL
         && reader->options.read_func == NULL && !reader->options.general_rows
         && reader->date_kind == BK_CSV_DATE_TEXT && reader->role_column[BK_CSV_ROLE_TIME] < 0;
}

/* Takes the rows that bk_csv_take_plain_row() takes, line after line as
 * they lie in the buffer, without a copy, a decoding or the tokeniser,
 * until the queue is full or a line is not whole in the buffer or not
 * such a row: that one is read the general way.  The lines taken are
 * counted and consumed as next_line() would.  FALSE when none was. */
static gboolean
take_plain_rows (BkCsvReader *reader)
{
  const char *start = reader->buf + reader->buf_start;
  const char *limit = memrchr (start, '\n', reader->buf_end - reader->buf_start);
  const char *p = start;
  const char *line = NULL;
  const char *nl = NULL;

  if (limit == NULL)
    return FALSE;
  while (reader->queue_len < BK_CSV_QUEUE_CAPACITY && p <= limit)
    {
      const char *end = bk_csv_take_plain_row (reader, p, limit);

      if (end == NULL)
        break;
      reader->line_number++;
      line = p;
      nl = end;
      p = end + 1;
    }
  if (line == NULL)
    return FALSE;
  reader->line = line;
  reader->line_len = nl - line - (nl[-1] == '\r');
  reader->line_offset = reader->bytes_consumed + (line - start);
  reader->buf_start += p - start;
  reader->bytes_consumed += p - start;
  return TRUE;
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
      /* A live input's rows go out as they come. */
      else if (reader->options.read_func != NULL && reader->queue_len > 0 && !bk_csv_source_has_line (reader))
        return;
      else if (plain_rows_possible (reader) && take_plain_rows (reader))
        continue;
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

static const BkCsvOptions default_options = { 0 };

static BkCsvReader *
reader_open (BkCsvReader *reader, GError **error)
{
  if (!bk_csv_source_open (reader, error))
    {
      bk_csv_reader_free (reader);
      return NULL;
    }
  if (!bk_csv_detect_encoding (reader) || !read_layout (reader))
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
      bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1, _("no data rows after the header"));
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

BkCsvReader *
bk_csv_reader_new_live (const char *display_name, const BkCsvOptions *options, GError **error)
{
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->read_func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return reader_open (reader_new (-1, FALSE, display_name, options), error);
}

void
bk_csv_reader_free (BkCsvReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->owns_fd && reader->fd >= 0)
    close (reader->fd);
  if (reader->iconv != NULL)
    g_iconv_close (reader->iconv);
  for (guint i = 0; i < BK_CSV_N_ROLES; i++)
    g_free (reader->role_titles[i]);
  g_byte_array_unref (reader->roles);
  g_array_unref (reader->skipped_lines);
  g_clear_error (&reader->error);
  g_clear_error (&reader->trailer_error);
  g_free (reader->first_warning);
  g_free (reader->first_out_of_order);
  g_free (reader->first_skipped);
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
  return bk_csv_encoding_name (reader->encoding);
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

BkTimeResolution
bk_csv_reader_get_time_resolution (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, BK_TIME_RESOLUTION_DAYS);
  return reader->resolution;
}

gboolean
bk_csv_reader_get_ticks (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  return bk_csv_reader_is_ticks (reader, reader->has_time);
}

gboolean
bk_csv_reader_get_single_price (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  return reader->single_price;
}

guint64
bk_csv_reader_get_rows (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->bars_returned;
}

guint64
bk_csv_reader_get_n_out_of_order (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_out_of_order;
}

const char *
bk_csv_reader_get_first_out_of_order (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->first_out_of_order;
}

guint64
bk_csv_reader_get_n_skipped (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_skipped;
}

const char *
bk_csv_reader_get_first_skipped (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->first_skipped;
}

char *
bk_csv_reader_describe_ticks (BkCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  if (!bk_csv_reader_get_ticks (reader))
    return NULL;

  guint64 rows = reader->bars_returned;
  /* Translators: the finest unit of a tick file's times. */
  const char *unit = reader->resolution == BK_TIME_RESOLUTION_MILLISECONDS || reader->fraction_written
                     ? _("millisecond times")
                     : reader->resolution == BK_TIME_RESOLUTION_SECONDS ? _("second times") : _("minute times");
  if (reader->single_price)
    /* Translators: what the reader found in a file of ticks with one price
     * column; %llu rows, then "millisecond times" or "second times". */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ticks of one price, %llu row, %s",
                                         "ticks of one price, %llu rows, %s", rows),
                            (unsigned long long) rows, unit);
  /* Translators: what the reader found in a file of ticks; %llu rows, then
   * "millisecond times" or "second times". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ticks, %llu row, %s", "ticks, %llu rows, %s", rows),
                          (unsigned long long) rows, unit);
}
