/* bk-csv-decode.c — the encoding of the input, and each line in UTF-8.
 *
 * A BOM says UTF-8 or UTF-16; so do the first bytes of UTF-16 without one
 * (an ASCII character then NUL).  Otherwise the first line that is not
 * ASCII decides: valid UTF-8 keeps UTF-8, anything else is GB18030, of
 * which GBK and ASCII are subsets.  A line that is plain ASCII is used as
 * it lies in the buffer; any other goes through GIConv into a scratch
 * buffer of one line.
 */
#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <errno.h>
#include <string.h>

static const char * const encoding_names[] = {
  "UTF-8", "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE",
};

/* What was read, for reports; UTF-8 while only ASCII has been seen. */
const char *
bk_csv_encoding_name (BkEncoding encoding)
{
  return encoding_names[encoding];
}

static void
fail_nul (BkCsvReader *reader, gsize offset)
{
  bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, offset, _("not a text file: NUL byte"));
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
          bk_csv_fail_at_column (reader, BK_ERROR_IO, 1, _("cannot decode %s: this system has no converter for it"),
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
      bk_csv_fail_at_column (reader, BK_ERROR_PARSE, (guint) g_utf8_strlen (reader->line, reader->line_len) + 1,
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
gboolean
bk_csv_decode_line (BkCsvReader *reader, const char *raw, gsize len, gboolean cut_tail)
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
      bk_csv_fail_at_column (reader, BK_ERROR_PARSE,
                      reader->line_len > 0 ? bk_csv_column_at (reader, offset) : (guint) offset + 1,
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
      bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, bad - raw,
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
  bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, bad - raw,
                  _("not a text file: byte \\x%02X is neither UTF-8 nor GB18030"), (guchar) *bad);
  return FALSE;
}

/* The encoding a BOM or the first bytes show; skips the BOM. */
gboolean
bk_csv_detect_encoding (BkCsvReader *reader)
{
  while (reader->buf_end < 4 && !reader->at_eof)
    if (!bk_csv_source_fill (reader))
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


/* A line longer than the limit: binary input often has no line breaks, so
 * say that rather than blame the length when its first bytes are not
 * text.  Only the first BK_CSV_MAX_LINE bytes are looked at, however the
 * input arrived. */
void
bk_csv_fail_long_line (BkCsvReader *reader, const char *start)
{
  if (bk_csv_decode_line (reader, start, BK_CSV_MAX_LINE, TRUE))
    bk_csv_fail_at_column (reader, BK_ERROR_LIMIT, 1, _("line longer than %d bytes"), BK_CSV_MAX_LINE);
}
