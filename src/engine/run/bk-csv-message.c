/* bk-csv-message.c — the reader's messages: "FILE:LINE:COLUMN: problem",
 * columns counted in characters, and bad input quoted so that a message is
 * one printable line whatever the file holds. */
#include "bk-csv-private.h"

#include <string.h>

/* 1-based column of byte offset in the current line, counting characters:
 * a UTF-8 sequence is one column.  Bytes before offset are valid UTF-8. */
guint
bk_csv_column_at (BkCsvReader *reader, gsize offset)
{
  guint column = 1;

  for (gsize i = 0; i < offset && i < reader->line_len; i++)
    if (((guchar) reader->line[i] & 0xC0) != 0x80)
      column++;
  return column;
}

char *
bk_csv_format_at (BkCsvReader *reader, guint column, const char *format, va_list args)
{
  g_autofree char *problem = g_strdup_vprintf (format, args);

  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%u: %s",
                          reader->display_name, reader->line_number, column, problem);
}

void
bk_csv_fail_at_column_va (BkCsvReader *reader, BkError code, guint column, const char *format, va_list args)
{
  if (reader->error != NULL)
    return;
  g_autofree char *message = bk_csv_format_at (reader, column, format, args);
  reader->error = g_error_new_literal (BK_ERROR, code, message);
}

void
bk_csv_fail_at_column (BkCsvReader *reader, BkError code, guint column, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  bk_csv_fail_at_column_va (reader, code, column, format, args);
  va_end (args);
}

void
bk_csv_fail_at_offset (BkCsvReader *reader, BkError code, gsize offset, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  bk_csv_fail_at_column_va (reader, code, bk_csv_column_at (reader, offset), format, args);
  va_end (args);
}

/* Appends at most BK_CSV_QUOTE_CHARS characters of text, in quotes, with
 * control bytes, invalid UTF-8, quotes and backslashes escaped: a message
 * is one printable line whatever the input holds. */
void
bk_csv_append_quoted (GString *out, const char *text, gsize len)
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

char *
bk_csv_quote_text (const char *text, gsize len)
{
  GString *out = g_string_sized_new (len + 8);

  bk_csv_append_quoted (out, text, len);
  return g_string_free (out, FALSE);
}

/* A column's title for messages: as the header writes it, quoted safely. */
char *
bk_csv_quote_title (const char *title)
{
  g_autofree char *quoted = bk_csv_quote_text (title, strlen (title));

  /* Without the quotes bk_csv_quote_text adds: messages put the title in their own. */
  return g_strndup (quoted + 1, strlen (quoted) - 2);
}
