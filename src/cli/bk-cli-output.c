/* bk-cli-output.c — what barkeep-cli's commands write: tables padded by
 * display width (a Chinese character takes two terminal columns, a
 * combining mark none), and standard output checked at the end: a command
 * whose output could not all be written fails. */

#define _GNU_SOURCE   /* fopencookie */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bk-cli-private.h"

/* ---- display width -------------------------------------------------- */

guint
bk_cli_text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8 (a file name, say): a terminal shows one cell a byte. */
          width++;
          p++;
          continue;
        }
      if (g_unichar_iswide (c))
        width += 2;
      else if (!g_unichar_iszerowidth (c))
        width += 1;
      p = g_utf8_next_char (p);
    }
  return width;
}

void
bk_cli_append_padded (GString *out, const char *text, guint width, gboolean align_right)
{
  guint text_width = bk_cli_text_width (text);
  guint fill = text_width < width ? width - text_width : 0;

  if (align_right)
    for (guint i = 0; i < fill; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!align_right)
    for (guint i = 0; i < fill; i++)
      g_string_append_c (out, ' ');
}

/* ---- tables ----------------------------------------------------------- */

struct _BkCliTable {
  char *align;        /* one 'l' or 'r' a column */
  guint n_columns;
  guint gap;          /* spaces between columns */
  GPtrArray *cells;   /* char*, row after row */
};

BkCliTable *
bk_cli_table_new (const char *align, guint gap)
{
  BkCliTable *table = g_new0 (BkCliTable, 1);

  table->align = g_strdup (align);
  table->n_columns = strlen (align);
  table->gap = gap;
  table->cells = g_ptr_array_new_with_free_func (g_free);
  g_return_val_if_fail (table->n_columns > 0, table);
  return table;
}

void
bk_cli_table_free (BkCliTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->cells);
  g_free (table->align);
  g_free (table);
}

void
bk_cli_table_add (BkCliTable *table, const char *text)
{
  g_ptr_array_add (table->cells, g_strdup (text));
}

void
bk_cli_table_addf (BkCliTable *table, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (table->cells, g_strdup_vprintf (format, args));
  va_end (args);
}

char *
bk_cli_table_format (BkCliTable *table)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (table->cells->len % table->n_columns == 0, g_string_free (out, FALSE));
  for (guint i = 0; i < table->cells->len; i++)
    widths[i % table->n_columns] = MAX (widths[i % table->n_columns],
                                        bk_cli_text_width (g_ptr_array_index (table->cells, i)));
  for (guint i = 0; i < table->cells->len; i++)
    {
      guint column = i % table->n_columns;
      gboolean last = column + 1 == table->n_columns;
      gboolean right = table->align[column] == 'r';

      if (column > 0)
        for (guint g = 0; g < table->gap; g++)
          g_string_append_c (out, ' ');
      /* No trailing blanks after a left-aligned last column. */
      bk_cli_append_padded (out, g_ptr_array_index (table->cells, i), last && !right ? 0 : widths[column], right);
      if (last)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---- standard output ------------------------------------------------ */

/* stdio keeps only a flag for a failed write, and by the end of a command
 * errno says something else: standard output goes through a stream of our
 * own that keeps the first write error's errno. */
static int stdout_errno;

static ssize_t
stdout_write (void *cookie, const char *buf, size_t size)
{
  size_t done = 0;

  while (done < size)
    {
      ssize_t n = write (STDOUT_FILENO, buf + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (stdout_errno == 0)
            stdout_errno = n < 0 ? errno : EIO;
          return (ssize_t) done;    /* 0: an error, for stdio */
        }
      done += (size_t) n;
    }
  return (ssize_t) done;
}

void
bk_cli_watch_stdout (void)
{
  FILE *file = fopencookie (NULL, "w", (cookie_io_functions_t) { .write = stdout_write });

  if (file == NULL)
    return;
  /* Buffered as stdio buffers a terminal or a file. */
  setvbuf (file, NULL, isatty (STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
  fflush (stdout);
  stdout = file;
}

int
bk_cli_finish_stdout (int status)
{
  /* A command that failed has said why already (its output file, "-",
   * may be standard output). */
  if ((fflush (stdout) == 0 && !ferror (stdout)) || status != BK_EXIT_SUCCESS)
    return status;
  /* Translators: %s is why the output could not be written (from the
   * system), such as "No space left on device". */
  g_printerr (_("barkeep-cli: cannot write to standard output: %s\n"),
              g_strerror (stdout_errno != 0 ? stdout_errno : EIO));
  return BK_EXIT_FAILURE;
}
