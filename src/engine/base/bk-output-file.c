/* bk-output-file.c — one atomic file writer for the engine and the CLI. */
#include "bk-output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk-error.h"
#include "bk-i18n.h"

static void
set_write_error (GError **error, const char *path, int errsv)
{
  /* Translators: the first %s is a file name, the second why it cannot be
   * written (from the system). */
  g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot write: %s"), path, g_strerror (errsv));
}

static void
output_clear (BkOutputFile *output)
{
  g_clear_pointer (&output->path, g_free);
  g_clear_pointer (&output->target_path, g_free);
  g_clear_pointer (&output->tmp_path, g_free);
  g_clear_pointer (&output->buffer, g_free);
}

/* stdio writes a file in pieces of its block size, 4 KiB here: a dump of
 * a gigabyte made a quarter of a million write calls, half a second of
 * the kernel's time.  Pieces of 64 KiB take half of that. */
#define OUTPUT_BUFFER_SIZE (64 * 1024)

/* Creates the temporary file that will replace `path` (the target of a
 * symlink, not the link), with the permissions of the file it replaces or
 * 0666 & ~umask for a new one.  Returns 0, or the errno of the failure. */
static int
open_temporary (BkOutputFile *output, const char *path, const struct stat *existing, int *fd)
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

/* The input `st` is, if any: a device node such as /dev/null may be both. */
static const char *
find_input (const struct stat *st, const char *const *inputs)
{
  struct stat in;

  if (!S_ISREG (st->st_mode))
    return NULL;
  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    if (g_stat (inputs[i], &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino)
      return inputs[i];
  return NULL;
}

gboolean
bk_output_file_open (BkOutputFile *output, const char *path, BkOutputFlags flags,
                     const char *const *inputs, GError **error)
{
  struct stat st;
  const char *input;
  int fd, errsv;

  memset (output, 0, sizeof *output);
  if (strcmp (path, "-") == 0)
    {
      output->path = g_strdup (path);
      output->file = stdout;
      return TRUE;
    }

  gboolean exists = g_stat (path, &st) == 0;
  if (exists && (input = find_input (&st, inputs)) != NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: the file to write, then the input it is the same file as */
                   _("%s: refusing to write over %s, which is read as input"), path, input);
      return FALSE;
    }
  if ((flags & BK_OUTPUT_NO_REPLACE) && (exists || g_file_test (path, G_FILE_TEST_IS_SYMLINK)))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: %s is a file that exists; --force is an option, keep it as is */
                   _("%s already exists: refusing to overwrite it (--force does)"), path);
      return FALSE;
    }
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
      output_clear (output);
      set_write_error (error, path, errsv);
      return FALSE;
    }
  /* A file that appears only when complete; a FIFO or a device, read as
   * it is written, keeps stdio's own buffering. */
  if (output->tmp_path != NULL)
    {
      output->buffer = g_malloc (OUTPUT_BUFFER_SIZE);
      setvbuf (output->file, output->buffer, _IOFBF, OUTPUT_BUFFER_SIZE);
    }
  output->path = g_strdup (path);
  return TRUE;
}

gboolean
bk_output_file_close (BkOutputFile *output, gboolean keep, GError **error)
{
  gboolean ok;
  int errsv = 0;

  if (output->file == NULL)
    {
      output_clear (output);
      return TRUE;
    }
  if (output->file == stdout)
    {
      errno = 0;
      ok = fflush (stdout) == 0 && !ferror (stdout);
      errsv = errno != 0 ? errno : EIO;
    }
  else
    {
      errno = 0;
      ok = fflush (output->file) == 0 && !ferror (output->file);
      errsv = ok ? 0 : errno != 0 ? errno : EIO;
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
  if (keep && !ok)
    set_write_error (error, output->file == stdout ? _("standard output") : output->path, errsv);
  output->file = NULL;
  output_clear (output);
  return ok || !keep;
}

gboolean
bk_output_file_set_contents (const char *path, const char *contents, gsize length, BkOutputFlags flags,
                             GError **error)
{
  BkOutputFile output;

  if (!bk_output_file_open (&output, path, flags, NULL, error))
    return FALSE;
  /* A short write shows in the stream's error flag, which close checks. */
  fwrite (contents, 1, length, output.file);
  return bk_output_file_close (&output, TRUE, error);
}
