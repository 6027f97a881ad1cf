/* bk-universe-files.c — the symbols of a universe: its price files.
 *
 * A universe is a folder of price files or a list file naming them.  The
 * listing keeps what is a price file, skips (or refuses, when strict) what
 * is not, and gives each file its symbol: the name without its extension,
 * one file a symbol.
 */

#include "bk-universe.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the symbols -------------------------------------------------------- */

char *
bk_universe_symbol_of (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

/* Reads a whole file that must be a regular one: a FIFO, a device or
 * /dev/zero would hang the reader or never end.  Opened without blocking,
 * so that a FIFO with no writer is refused rather than waited on. */
gboolean
bk_universe_read_regular (const char *path, char **text, gsize *length, GError **error)
{
  g_autofree char *shown = bk_escape_text (path, -1);
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  struct stat st;

  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), shown, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: not a regular file"), shown);
      return FALSE;
    }
  close (fd);

  g_autoptr(GError) local_error = NULL;
  if (!g_file_get_contents (path, text, length, &local_error))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot read: %s"), shown, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* A temporary file of an atomic write (bk_output_file_open's, as GLib's
 * g_file_set_contents: "NAME.EXT" written as "NAME.EXT.XXXXXX", six
 * letters or digits, then renamed), left behind by a run that was
 * interrupted: never a symbol. */
gboolean
bk_universe_is_temporary_name (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || strlen (dot + 1) != 6)
    return FALSE;
  for (const char *c = dot + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  /* The name it was to replace has an extension of its own. */
  const char *inner = g_strrstr_len (name, dot - name, ".");
  return inner != NULL && inner != name && inner + 1 < dot;
}

/* A path the listing found, before it is checked. */
typedef struct {
  char *path;
  gboolean in_folder;           /* found in a folder, not named by a list */
} Candidate;

static void
candidate_clear (gpointer data)
{
  g_free (((Candidate *) data)->path);
}

static gint
compare_candidates (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Candidate *) a)->path, ((const Candidate *) b)->path);
}

static GArray *
candidates_new (void)
{
  GArray *candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));

  g_array_set_clear_func (candidates, candidate_clear);
  return candidates;
}

static GArray *
list_folder (const char *folder, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &local_error);
  GArray *candidates;
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *shown = bk_escape_text (folder, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open the folder: %s"), shown,
                   local_error->message);
      return NULL;
    }
  candidates = candidates_new ();
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      {
        Candidate c = { g_build_filename (folder, name, NULL), TRUE };
        g_array_append_val (candidates, c);
      }
  return candidates;
}

static GArray *
list_file (const char *list, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!bk_universe_read_regular (list, &text, &length, error))
    return NULL;
  if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, length, NULL))
    {
      g_autofree char *shown = bk_escape_text (list, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s:1:1: not a list of files: it is not UTF-8 text"), shown);
      return NULL;
    }

  g_autofree char *dir = g_path_get_dirname (list);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *candidates = candidates_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      Candidate c = { g_path_is_absolute (line) ? g_strdup (line) : g_build_filename (dir, line, NULL), FALSE };
      g_array_append_val (candidates, c);
    }
  return candidates;
}

/* Why a path is not a price file, or NULL when it may be one (`st` then
 * filled).  A path that does not exist is left to the reader, which
 * names it in its own error. */
static char *
why_not_a_price_file (const Candidate *c, struct stat *st)
{
  if (g_stat (c->path, st) != 0)
    {
      int errsv = errno;
      struct stat link;

      if (errsv == ELOOP)
        return g_strdup (_("a symbolic link in a loop"));
      if (errsv == ENOENT && g_lstat (c->path, &link) == 0 && S_ISLNK (link.st_mode))
        return g_strdup (_("a symbolic link to nothing"));
      if (errsv == ENOENT && !c->in_folder)
        return NULL;
      return g_strdup_printf (_("cannot open: %s"), g_strerror (errsv));
    }
  if (S_ISDIR (st->st_mode))
    return g_strdup (_("a folder, not a price file"));
  if (S_ISFIFO (st->st_mode))
    return g_strdup (_("a FIFO, not a price file"));
  if (!S_ISREG (st->st_mode))
    return g_strdup (_("not a regular file"));
  return NULL;
}

static void
add_skip (GArray *skipped, const char *path, const char *problem)
{
  if (skipped == NULL)
    return;
  BkUniverseSkip skip = { bk_escape_text (path, -1), NULL };
  skip.error = g_strdup_printf ("%s: %s", skip.file, problem);
  g_array_append_val (skipped, skip);
}

/* A listing's paths checked: what is not a price file skipped (an error
 * with `strict`, but for a temporary file), one path a file (the first in
 * name order: the same whatever the list's order), one file a symbol. */
static GPtrArray *
check_candidates (GArray *candidates, gboolean strict, GArray *skipped, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_identity = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                             (GDestroyNotify) g_bytes_unref, NULL);
  g_autoptr(GHashTable) by_symbol = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      g_autofree char *name = g_path_get_basename (c->path);
      g_autofree char *shown = bk_escape_text (c->path, -1);
      struct stat st = { 0 };

      if (c->in_folder && bk_universe_is_temporary_name (name))
        {
          add_skip (skipped, c->path, _("a temporary file left by an interrupted write"));
          continue;
        }
      g_autofree char *problem = why_not_a_price_file (c, &st);
      if (problem != NULL)
        {
          if (strict)
            {
              g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: %s", shown, problem);
              return NULL;
            }
          add_skip (skipped, c->path, problem);
          continue;
        }

      /* The same file by two paths: its first path only. */
      if (st.st_ino != 0)
        {
          const guint64 identity[2] = { (guint64) st.st_dev, (guint64) st.st_ino };
          GBytes *key = g_bytes_new (identity, sizeof identity);
          const char *first = g_hash_table_lookup (by_identity, key);

          if (first != NULL)
            {
              g_autofree char *first_shown = bk_escape_text (first, -1);
              g_autofree char *same = g_strdup_printf (_("the same file as %s"), first_shown);
              add_skip (skipped, c->path, same);
              g_bytes_unref (key);
              continue;
            }
          g_hash_table_insert (by_identity, key, c->path);
        }

      /* Two files of one symbol: which one is meant cannot be guessed. */
      char *symbol = bk_universe_symbol_of (c->path);
      const char *other = g_hash_table_lookup (by_symbol, symbol);
      if (other != NULL)
        {
          g_autofree char *other_shown = bk_escape_text (other, -1);
          g_autofree char *symbol_shown = bk_escape_text (symbol, -1);
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("%s and %s are both symbol %s: remove or rename one of them"), other_shown, shown,
                       symbol_shown);
          g_free (symbol);
          return NULL;
        }
      g_hash_table_insert (by_symbol, symbol, c->path);
      g_ptr_array_add (files, g_strdup (c->path));
    }
  return g_steal_pointer (&files);
}

GPtrArray *
bk_universe_list_sources (const char *source, gboolean strict, GArray *skipped, GError **error)
{
  g_autofree char *shown = bk_escape_text (source, -1);
  g_autoptr(GArray) candidates = NULL;
  struct stat st;
  gboolean folder = FALSE;

  if (g_stat (source, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), shown, g_strerror (errsv));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      folder = TRUE;
      candidates = list_folder (source, error);
    }
  else if (S_ISREG (st.st_mode))
    candidates = list_file (source, error);
  else
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: neither a folder nor a list of files"), shown);
      return NULL;
    }
  if (candidates == NULL)
    return NULL;

  GPtrArray *files = check_candidates (candidates, strict, skipped, error);
  if (files != NULL && files->len == 0)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   folder ? _("%s: the folder has no price files") : _("%s: the list names no files"), shown);
      g_clear_pointer (&files, g_ptr_array_unref);
    }
  return files;
}

GPtrArray *
bk_universe_list_files (const char *source, GError **error)
{
  return bk_universe_list_sources (source, FALSE, NULL, error);
}
