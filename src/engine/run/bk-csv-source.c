/* bk-csv-source.c — the reader's bytes.
 *
 * One buffer of BK_CSV_CHUNK_SIZE plus room for one line, filled by read(2)
 * (or a live input's read function, options.read_func) going forward, or
 * by pread(2) block by block going backward through a newest-first file.  Lines are cut at line breaks (LF, or the 2-byte LF of
 * UTF-16, a whole aligned unit) and handed out raw, undecoded.
 */
#define _GNU_SOURCE             /* memrchr */

#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A regular file is read from where fd stands to its end, and can be read
 * backward; anything else (a pipe) only forward, its size unknown. */
gboolean
bk_csv_source_open (BkCsvReader *reader, GError **error)
{
  struct stat st;

  /* A live input cannot seek. */
  if (reader->options.read_func != NULL)
    return TRUE;
  if (fstat (reader->fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: is a directory, not a price file"),
                   reader->display_name);
      return FALSE;
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
  return TRUE;
}

static void
fail_io (BkCsvReader *reader, int saved_errno)
{
  reader->line = NULL;
  reader->line_len = 0;
  bk_csv_fail_at_column (reader, BK_ERROR_IO, 1, _("cannot read: %s"), g_strerror (saved_errno));
}

/* Reads more input into the buffer; FALSE on a read error. */
gboolean
bk_csv_source_fill (BkCsvReader *reader)
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
    if (reader->options.read_func != NULL)
      n = reader->options.read_func (reader->options.read_data, reader->buf + reader->buf_end,
                                     MIN (room, reader->options.read_size));
    else
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

/* TRUE when the buffer holds a whole line not yet taken: taking it
 * does not wait for a live input. */
gboolean
bk_csv_source_has_line (BkCsvReader *reader)
{
  gsize available = reader->buf_end - reader->buf_start;

  return reader->at_eof
         || find_line_break (reader, reader->buf + reader->buf_start, available, reader->bytes_consumed) != NULL;
}

/* Takes the next line going forward, without its line break; at the end
 * of the input a last line without one. */
BkCsvRawLine
bk_csv_source_take_forward (BkCsvReader *reader, const char **raw, gsize *raw_len)
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
          *raw = start;
          return BK_CSV_RAW_TOO_LONG;
        }
      if (reader->at_eof)
        {
          if (available == 0)
            return BK_CSV_RAW_END;
          *raw = start;
          *raw_len = available;
          reader->buf_start += available;
          reader->bytes_consumed += available;
          break;
        }
      if (!bk_csv_source_fill (reader))
        return BK_CSV_RAW_END;
    }
  reader->line_number++;
  return *raw_len > BK_CSV_MAX_LINE ? BK_CSV_RAW_TOO_LONG : BK_CSV_RAW_LINE;
}

/* Takes the line before the last one taken, reading a newest-first file
 * from its end down to its first data row. */
gboolean
bk_csv_source_take_backward (BkCsvReader *reader, const char **raw, gsize *raw_len)
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
          bk_csv_fail_at_column (reader, BK_ERROR_LIMIT, 1, _("line longer than %d bytes"), BK_CSV_MAX_LINE);
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

/* Lines after the current one, to number lines read from the end. */
gboolean
bk_csv_source_count_lines_after (BkCsvReader *reader, guint64 *count)
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
