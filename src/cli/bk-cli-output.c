/* bk-cli-output.c — what barkeep-cli's commands write: tables padded by
 * display width (a Chinese character takes two terminal columns, a
 * combining mark none), and output files (--dump, gen --output) that
 * appear only when complete without replacing what is not a regular file. */
#define G_LOG_DOMAIN "barkeep-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ---- output files ---------------------------------------------------- */

static void
set_write_error (GError **error, const char *path, int errsv)
{
  /* Translators: the first %s is a file name, the second why it cannot be
   * written (from the system). */
  g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot write: %s"), path, g_strerror (errsv));
}

/* Creates the temporary file that will replace `path` (the target of a
 * symlink, not the link), with the permissions of the file it replaces or
 * 0666 & ~umask for a new one.  Returns 0, or the errno of the failure. */
static int
open_temporary (BkCliOutput *output, const char *path, const struct stat *existing, int *fd)
{
  /* realpath() resolves a symlink to its target; a path that does not
   * exist yet is used as given. */
  char *resolved = existing != NULL ? realpath (path, NULL) : NULL;
  g_autofree char *target = g_strdup (resolved != NULL ? resolved : path);
  free (resolved);

  g_autofree char *tmp_path = g_strconcat (target, ".XXXXXX", NULL);
  *fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (*fd < 0)
    return errno;
  if (existing != NULL)
    (void) fchmod (*fd, existing->st_mode & 07777);
  output->target_path = g_steal_pointer (&target);
  output->tmp_path = g_steal_pointer (&tmp_path);
  return 0;
}

/* A regular file (or a path that does not exist yet) is written to a
 * temporary file beside it and renamed into place at the end, so that a
 * failed run leaves the old file or nothing.  Through a symlink the
 * temporary file goes beside the link's target, which is replaced: the
 * link stays a link.  Anything else (a FIFO, a terminal, /dev/null) is
 * written directly: renaming over it would replace the device with a
 * regular file. */
gboolean
bk_cli_output_open (BkCliOutput *output, const char *path, GError **error)
{
  struct stat st;
  int fd, errsv;

  memset (output, 0, sizeof *output);
  if (strcmp (path, "-") == 0)
    {
      output->path = g_strdup (path);
      output->file = stdout;
      return TRUE;
    }

  gboolean exists = g_stat (path, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
      if (fd < 0)
        {
          set_write_error (error, path, errno);
          return FALSE;
        }
    }
  else if ((errsv = open_temporary (output, path, exists ? &st : NULL, &fd)) != 0)
    {
      /* A file the user may write in a directory they may not: write it
       * in place rather than refuse. */
      if (!exists || (errsv != EACCES && errsv != EPERM)
          || (fd = g_open (path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0)) < 0)
        {
          set_write_error (error, path, errsv);
          return FALSE;
        }
    }

  output->file = fdopen (fd, "w");
  if (output->file == NULL)
    {
      errsv = errno;
      close (fd);
      if (output->tmp_path != NULL)
        g_unlink (output->tmp_path);
      bk_cli_output_clear (output);
      set_write_error (error, path, errsv);
      return FALSE;
    }
  output->path = g_strdup (path);
  return TRUE;
}

gboolean
bk_cli_output_close (BkCliOutput *output, gboolean keep, GError **error)
{
  gboolean ok;
  int errsv = 0;

  if (output->file == NULL)
    {
      bk_cli_output_clear (output);
      return TRUE;
    }
  if (output->file == stdout)
    {
      ok = fflush (stdout) == 0;
      errsv = errno;
    }
  else
    {
      ok = !ferror (output->file);
      errsv = ok ? 0 : EIO;
      if (fclose (output->file) != 0 && ok)
        {
          ok = FALSE;
          errsv = errno;
        }
      if (output->tmp_path != NULL)
        {
          if (keep && ok && g_rename (output->tmp_path, output->target_path) != 0)
            {
              ok = FALSE;
              errsv = errno;
            }
          if (!keep || !ok)
            g_unlink (output->tmp_path);
        }
    }
  output->file = NULL;
  if (keep && !ok)
    set_write_error (error, output->path, errsv);
  bk_cli_output_clear (output);
  return ok || !keep;
}

void
bk_cli_output_clear (BkCliOutput *output)
{
  g_clear_pointer (&output->path, g_free);
  g_clear_pointer (&output->target_path, g_free);
  g_clear_pointer (&output->tmp_path, g_free);
}
