/* bk-ini.c — GKeyFile's syntax, read by hand because GKeyFile does not
 * say where a value was: '#' or ';' comments at the start of a line,
 * [group] headers, key=value with whitespace trimmed.  The text is checked
 * first (its size, UTF-8, no control characters), the first fault named
 * with its line and column. */
#include "bk-ini.h"

#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-parser.h"

static void
entry_free (gpointer data)
{
  BkIniEntry *entry = data;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

static void
section_free (gpointer data)
{
  BkIniSection *section = data;

  g_free (section->header);
  g_ptr_array_unref (section->entries);
  g_free (section);
}

/* File text for a message: escaped, so that it cannot act on a terminal. */
char *
bk_ini_quote (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 40)
    {
      g_autofree char *escaped = bk_escape_text (text, -1);
      return g_strdup_printf ("'%s'", escaped);
    }
  g_autofree char *head = g_utf8_substring (text, 0, 37);
  g_autofree char *escaped = bk_escape_text (head, -1);
  return g_strdup_printf ("'%s...'", escaped);
}

/* Line and column (in characters) of byte `offset`; text before it is valid. */
static void
position_of (const char *text, gsize offset, guint *line, guint *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }
  *column = 1 + (guint) g_utf8_strlen (text + line_start, (gssize) (offset - line_start));
}

static gboolean
check_text (const char *text, gsize len, const char *file, GError **error)
{
  const char *end = NULL;
  guint line, column;

  if (len > BK_INI_MAX_BYTES)
    {
      /* Valid text up to the limit, or the first fault before it, decides. */
      if (g_utf8_validate_len (text, BK_INI_MAX_BYTES, &end)
          || end - text > BK_INI_MAX_BYTES - 4)
        {
          gsize at = BK_INI_MAX_BYTES;
          while (at > 0 && (text[at] & 0xC0) == 0x80)
            at--;
          position_of (text, at, &line, &column);
          bk_set_error_at (error, BK_ERROR_LIMIT, file, line, column,
                           _("the file is larger than the limit of 1 MiB (%u bytes)"),
                           BK_INI_MAX_BYTES);
          return FALSE;
        }
    }
  else if (g_utf8_validate_len (text, len, &end))
    end = NULL;

  /* The first offending byte decides, whatever kind it is. */
  gsize valid = end != NULL ? (gsize) (end - text) : len;
  for (gsize i = 0; i < valid; i++)
    {
      guchar c = (guchar) text[i];
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        {
          position_of (text, i, &line, &column);
          bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                           _("binary data: control character U+%04X where text was expected"), c);
          return FALSE;
        }
    }
  if (end != NULL)
    {
      position_of (text, valid, &line, &column);
      if (*end == '\0')
        bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                         "%s", _("binary data: a NUL byte where text was expected"));
      else
        bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                         _("invalid UTF-8: byte 0x%02x where text was expected"), (guchar) *end);
      return FALSE;
    }
  return TRUE;
}

guint
bk_ini_chars_between (const char *from, const char *to)
{
  return (guint) g_utf8_strlen (from, to - from);
}

static GPtrArray *
read_sections (const char *text, gsize len, const char *file, GError **error)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (section_free);
  BkIniSection *section = NULL;
  const char *end = text + len;
  guint line = 0;

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;   /* a byte-order mark; columns then count from after it */

  for (const char *start = text; start < end || (start == end && line == 0);)
    {
      const char *newline = memchr (start, '\n', (size_t) (end - start));
      const char *stop = newline != NULL ? newline : end;
      const char *next = newline != NULL ? newline + 1 : end;
      const char *a = start, *b = stop;

      line++;
      while (a < b && (*a == ' ' || *a == '\t'))
        a++;
      while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
        b--;
      guint column = 1 + bk_ini_chars_between (start, a);

      if (a == b || *a == '#' || *a == ';')
        ;
      else if (*a == '[')
        {
          if (b[-1] != ']' || b - a < 2)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column + bk_ini_chars_between (a, b),
                               "%s", _("expected ']' at the end of the section header"));
              return NULL;
            }
          section = g_new0 (BkIniSection, 1);
          section->header = g_strndup (a + 1, (gsize) (b - a - 2));
          section->line = line;
          section->column = column;
          section->entries = g_ptr_array_new_with_free_func (entry_free);
          g_ptr_array_add (sections, section);
        }
      else
        {
          const char *eq = memchr (a, '=', (size_t) (b - a));
          if (eq == NULL)
            {
              g_autofree char *what = g_strndup (a, (gsize) (b - a));
              g_autofree char *quoted = bk_ini_quote (what);
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                               /* Translators: %s is the line's text, quoted; key=value and [section] are syntax */
                               _("expected key=value, a [section] or a comment, found %s"), quoted);
              return NULL;
            }
          const char *key_end = eq, *value = eq + 1;
          while (key_end > a && (key_end[-1] == ' ' || key_end[-1] == '\t'))
            key_end--;
          while (value < b && (*value == ' ' || *value == '\t'))
            value++;
          if (key_end == a)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column, "%s", _("expected a key before '='"));
              return NULL;
            }
          if (section == NULL)
            {
              g_autofree char *key = bk_escape_text (a, key_end - a);
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                               _("key '%s' is outside any section: expected a [section] first"), key);
              return NULL;
            }
          BkIniEntry *entry = g_new0 (BkIniEntry, 1);
          entry->key = g_strndup (a, (gsize) (key_end - a));
          entry->value = g_strndup (value, (gsize) (b > value ? b - value : 0));
          entry->line = line;
          entry->column = column;
          entry->value_column = 1 + bk_ini_chars_between (start, value);
          g_ptr_array_add (section->entries, entry);
        }
      if (next == end && newline == NULL)
        break;
      start = next;
    }
  return g_steal_pointer (&sections);
}


GPtrArray *
bk_ini_read (const char *text, gsize len, const char *file, GError **error)
{
  if (!check_text (text, len, file, error))
    return NULL;
  return read_sections (text, len, file, error);
}
