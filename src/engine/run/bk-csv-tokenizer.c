/* bk-csv-tokenizer.c — a line of the file split into fields.
 *
 * Every line is one row: fields spanning lines are refused.  The grammar is
 * strict: a field is unquoted, or quoted with "" for a quote and only
 * blanks between the closing quote and the delimiter; blanks around a field
 * are dropped; a quote anywhere else is an error, and so is a carriage
 * return outside quotes once the row has begun.  A line without quotes or
 * carriage returns, as rows almost always are, is split at its delimiters
 * with memchr; any other goes through the grammar written out as a state
 * machine.  (The common rows of a price file do not come here at all:
 * bk-csv-row.c reads them in one pass of its own.)
 */
#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <string.h>

typedef struct {
  BkCsvReader *reader;
  BkCsvFieldFunc on_field;
  BkCsvRowEndFunc on_row_end;
} BkCsvTokenizerCall;

/* Byte offset in the current line where field number index starts (its
 * first non-blank byte), following the strict grammar: a field is
 * either unquoted, or quoted with "" for a quote and only blanks between
 * the closing quote and the delimiter. */
gsize
bk_csv_field_start_offset (BkCsvReader *reader, guint index)
{
  const char *line = reader->line;
  gsize len = reader->line_len;
  char delimiter = reader->delimiter;
  gsize pos = 0;

  for (guint i = 0;; i++)
    {
      while (pos < len && bk_csv_is_blank (line[pos]) && line[pos] != delimiter)
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
/* The end of field number reader->field_index. */
static G_ALWAYS_INLINE inline void
take_field (BkCsvTokenizerCall *call, const char *text, gsize len)
{
  BkCsvReader *reader = call->reader;

  if (reader->error != NULL)
    return;
  if (len > BK_CSV_MAX_FIELD)
    {
      bk_csv_fail_at_column (reader, BK_ERROR_LIMIT,
                             bk_csv_column_at (reader, bk_csv_field_start_offset (reader, reader->field_index)),
                             _("field longer than %d bytes"), BK_CSV_MAX_FIELD);
      return;
    }
  call->on_field (reader, text, len);
  reader->field_index++;
}

/* terminator: -1 at the end of the line, else the byte that ended the row. */
static G_ALWAYS_INLINE inline void
take_row_end (BkCsvTokenizerCall *call, int terminator)
{
  BkCsvReader *reader = call->reader;

  if (reader->error != NULL)
    return;
  if (terminator != -1)
    {
      /* The grammar ends a row at CR as well as LF; lines are split at LF,
       * so a row ending here means a lone CR inside the line. */
      const char *cr = memchr (reader->line, '\r', reader->line_len);
      bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, cr != NULL ? (gsize) (cr - reader->line) : 0,
                             _("carriage return in the middle of a line"));
      return;
    }
  call->on_row_end (reader);
}

/* A line without quotes or carriage returns: split at the delimiter and
 * trimmed of blanks, as the grammar would. */
static void
tokenize_plain_line (BkCsvTokenizerCall *call)
{
  BkCsvReader *reader = call->reader;
  const char *p = reader->line;
  const char *end = p + reader->line_len;
  char delimiter = reader->delimiter;

  for (;;)
    {
      const char *stop = memchr (p, delimiter, end - p);
      const char *q = stop != NULL ? stop : end;

      while (p < q && bk_csv_is_blank (*p))
        p++;
      while (q > p && bk_csv_is_blank (q[-1]))
        q--;
      take_field (call, p, q - p);
      if (stop == NULL || reader->error != NULL)
        break;
      p = stop + 1;
    }
  take_row_end (call, -1);
}

/* The byte at offset is a quote inside an unquoted field, or follows a
 * quoted field's closing quote (and blanks). */
static void
fail_quote (BkCsvReader *reader, gsize offset, gboolean after_closing_quote)
{
  if (after_closing_quote)
    bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, offset, _("unexpected text after a closing quote"));
  else
    bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, offset,
                           _("quote inside an unquoted field (quote the whole field and double the quote)"));
}

static void
fail_unclosed_quote (BkCsvReader *reader)
{
  bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, bk_csv_field_start_offset (reader, reader->field_index),
                         _("quoted field is not closed on its line (fields spanning lines are not supported)"));
}

/* The strict grammar as a state machine, for lines with quotes or carriage
 * returns. */
typedef enum {
  ROW_NOT_BEGUN,
  FIELD_NOT_BEGUN,
  FIELD_BEGUN,
  FIELD_MIGHT_HAVE_ENDED,      /* a quote inside a quoted field: its end, or "" */
} BkCsvTokenState;

typedef struct {
  char text[BK_CSV_MAX_FIELD + 1];
  gsize len;                   /* may pass the buffer: take_field refuses it */
  gsize spaces;                /* blanks at the end of text */
  gboolean quoted;
} BkCsvEntry;

static inline void
entry_put (BkCsvEntry *entry, char c)
{
  if (entry->len < sizeof entry->text)
    entry->text[entry->len] = c;
  entry->len++;
}

/* Hands the field over (an unquoted one without its trailing blanks);
 * FALSE when that set an error. */
static G_ALWAYS_INLINE inline gboolean
submit_field (BkCsvTokenizerCall *call, BkCsvEntry *entry)
{
  if (!entry->quoted)
    entry->len -= entry->spaces;
  take_field (call, entry->text, entry->len);
  entry->len = 0;
  entry->spaces = 0;
  entry->quoted = FALSE;
  return call->reader->error == NULL;
}

static void
tokenize_quoted_line (BkCsvTokenizerCall *call)
{
  BkCsvReader *reader = call->reader;
  const char *line = reader->line;
  char delimiter = reader->delimiter;
  BkCsvTokenState state = ROW_NOT_BEGUN;
  BkCsvEntry entry;

  entry.len = 0;
  entry.spaces = 0;
  entry.quoted = FALSE;
  for (gsize i = 0; i < reader->line_len; i++)
    {
      char c = line[i];

      switch (state)
        {
        case ROW_NOT_BEGUN:
        case FIELD_NOT_BEGUN:
          if (bk_csv_is_blank (c) && c != delimiter)
            break;
          if (c == '\r')
            {
              /* A CR before the row begins is skipped. */
              if (state == ROW_NOT_BEGUN)
                break;
              if (submit_field (call, &entry))
                take_row_end (call, '\r');
              return;
            }
          if (c == delimiter)
            {
              if (!submit_field (call, &entry))
                return;
              state = FIELD_NOT_BEGUN;
              break;
            }
          state = FIELD_BEGUN;
          entry.quoted = c == '"';
          if (!entry.quoted)
            entry_put (&entry, c);
          break;

        case FIELD_BEGUN:
          if (c == '"')
            {
              if (!entry.quoted)
                {
                  fail_quote (reader, i, FALSE);
                  return;
                }
              entry_put (&entry, c);
              state = FIELD_MIGHT_HAVE_ENDED;
            }
          else if (entry.quoted)
            entry_put (&entry, c);
          else if (c == delimiter)
            {
              if (!submit_field (call, &entry))
                return;
              state = FIELD_NOT_BEGUN;
            }
          else if (c == '\r')
            {
              if (submit_field (call, &entry))
                take_row_end (call, '\r');
              return;
            }
          else
            {
              entry_put (&entry, c);
              entry.spaces = bk_csv_is_blank (c) ? entry.spaces + 1 : 0;
            }
          break;

        case FIELD_MIGHT_HAVE_ENDED:
          if (c == delimiter || c == '\r')
            {
              entry.len -= entry.spaces + 1;   /* the blanks and the closing quote */
              if (!submit_field (call, &entry))
                return;
              if (c == '\r')
                {
                  take_row_end (call, '\r');
                  return;
                }
              state = FIELD_NOT_BEGUN;
            }
          else if (bk_csv_is_blank (c))
            {
              entry_put (&entry, c);
              entry.spaces++;
            }
          else if (c == '"' && entry.spaces == 0)
            state = FIELD_BEGUN;               /* "": one quote kept */
          else
            {
              fail_quote (reader, i, TRUE);
              return;
            }
          break;
        }
    }

  if (state == FIELD_BEGUN && entry.quoted)
    {
      fail_unclosed_quote (reader);
      return;
    }
  if (state == ROW_NOT_BEGUN)
    return;
  if (state == FIELD_MIGHT_HAVE_ENDED)
    entry.len -= entry.spaces + 1;
  if (submit_field (call, &entry))
    take_row_end (call, -1);
}

/* Splits the current line into fields, from field_index 0, and ends its
 * row; stops at the first error. */
void
bk_csv_tokenize_line (BkCsvReader *reader, BkCsvFieldFunc on_field, BkCsvRowEndFunc on_row_end)
{
  BkCsvTokenizerCall call = { reader, on_field, on_row_end };

  reader->field_index = 0;
  if (memchr (reader->line, '"', reader->line_len) == NULL && memchr (reader->line, '\r', reader->line_len) == NULL)
    tokenize_plain_line (&call);
  else
    tokenize_quoted_line (&call);
}

/* The delimiter is the most frequent of ',' ';' and tab outside quotes;
 * ties go in that order, and a line without any gets ','. */
char
bk_csv_detect_delimiter (const char *line, gsize len)
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
 * layout: leniently, as rows are tokenised strictly afterwards. */
GPtrArray *
bk_csv_split_fields (BkCsvReader *reader, char delimiter)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  const char *line = reader->line;
  gsize len = reader->line_len;
  gsize pos = 0;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      while (pos < len && bk_csv_is_blank (line[pos]) && line[pos] != delimiter)
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
          while (end > start && bk_csv_is_blank (line[end - 1]))
            end--;
          g_string_append_len (field, line + start, end - start);
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      if (pos >= len)
        return fields;
      pos++;
    }
}
