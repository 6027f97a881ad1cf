/* bk-csv-tokenizer.c — a line of the file split into fields.
 *
 * Every line is one row: fields spanning lines are refused.  The grammar is
 * libcsv's strict one: a field is unquoted, or quoted with "" for a quote
 * and only blanks between the closing quote and the delimiter; blanks
 * around a field are dropped.  A line without quotes or carriage returns,
 * as rows almost always are, is split at its delimiters with memchr; any
 * other goes through the same grammar written out as a state machine.
 * libcsv itself, through its public API, is used only when
 * BkCsvOptions.libcsv_only asks, so that the tests compare the two on
 * every file.  (The common rows of a price file do not come here at all:
 * bk-csv-row.c reads them in one pass of its own.)
 */
#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <csv.h>
#include <string.h>

typedef struct {
  BkCsvReader *reader;
  BkCsvFieldFunc on_field;
  BkCsvRowEndFunc on_row_end;
} BkCsvTokenizerCall;

static void
start_parser (BkCsvReader *reader)
{
  reader->parser = g_new0 (struct csv_parser, 1);
  if (csv_init (reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed");
  csv_set_realloc_func (reader->parser, g_realloc);
  csv_set_free_func (reader->parser, g_free);
}

void
bk_csv_tokenizer_init (BkCsvReader *reader)
{
  start_parser (reader);
}

void
bk_csv_tokenizer_clear (BkCsvReader *reader)
{
  if (reader->parser == NULL)
    return;
  csv_free (reader->parser);
  g_clear_pointer (&reader->parser, g_free);
}

/* Byte offset in the current line where field number index starts (its
 * first non-blank byte), following libcsv's strict grammar: a field is
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
      /* libcsv ends a row at CR as well as LF; lines are split at LF, so a
       * row ending here means a lone CR inside the line. */
      const char *cr = memchr (reader->line, '\r', reader->line_len);
      bk_csv_fail_at_offset (reader, BK_ERROR_PARSE, cr != NULL ? (gsize) (cr - reader->line) : 0,
                             _("carriage return in the middle of a line"));
      return;
    }
  call->on_row_end (reader);
}

static void
on_libcsv_field (void *text, size_t len, void *data)
{
  take_field (data, text, len);
}

static void
on_libcsv_row_end (int terminator, void *data)
{
  take_row_end (data, terminator);
}

/* A line without quotes or carriage returns: split at the delimiter and
 * trimmed of blanks, as libcsv would. */
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

/* libcsv stopped in strict mode at the byte at offset, which is either a
 * quote inside an unquoted field, or follows a quoted field's closing
 * quote (and blanks).  An unquoted field holds no quote before this one,
 * and begins with a byte that is neither a blank nor a quote; so looking
 * back over blanks finds a quote only after a quoted field. */
static gboolean
follows_closing_quote (const char *line, gsize offset)
{
  if (line[offset] != '"')
    return TRUE;
  while (offset > 0 && bk_csv_is_blank (line[offset - 1]))
    offset--;
  return offset > 0 && line[offset - 1] == '"';
}

static void
tokenize_with_libcsv (BkCsvTokenizerCall *call)
{
  BkCsvReader *reader = call->reader;
  gboolean finished = FALSE;

  csv_set_delim (reader->parser, (unsigned char) reader->delimiter);
  size_t used = csv_parse (reader->parser, reader->line, reader->line_len,
                           on_libcsv_field, on_libcsv_row_end, call);
  if (reader->error == NULL && used < reader->line_len)
    fail_quote (reader, used, follows_closing_quote (reader->line, used));
  if (reader->error == NULL)
    {
      finished = csv_fini (reader->parser, on_libcsv_field, on_libcsv_row_end, call) == 0;
      if (!finished && reader->error == NULL)
        fail_unclosed_quote (reader);
    }
  /* csv_fini puts libcsv back at the start of a row.  An error leaves it
   * inside the line, and its public API has no reset: a new parser. */
  if (!finished)
    {
      bk_csv_tokenizer_clear (reader);
      start_parser (reader);
    }
}

/* libcsv's strict grammar by hand, its states named as libcsv names them,
 * for lines with quotes or carriage returns: a sixth fewer instructions
 * than libcsv on a file of quoted rows, and the state is ours to read when
 * a line is wrong. */
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
              /* libcsv skips a CR before a row begins. */
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
  if (!reader->options.libcsv_only && memchr (reader->line, '"', reader->line_len) == NULL
      && memchr (reader->line, '\r', reader->line_len) == NULL)
    tokenize_plain_line (&call);
  else if (!reader->options.libcsv_only)
    tokenize_quoted_line (&call);
  else
    tokenize_with_libcsv (&call);
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
