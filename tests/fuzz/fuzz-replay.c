/* fuzz-replay.c — runs a fuzz target's code over files, without libFuzzer.
 *
 * Linked with one target (fuzz-csv.c or fuzz-strategy.c) and the plain
 * engine, in every build: `meson test` replays the regression corpus (every
 * crash or timeout ever found) and the seeds through exactly the code path
 * the fuzzer took.  Arguments are files or directories (their files, in
 * name order, those ending in SUFFIX after `--suffix SUFFIX`; a missing
 * directory is empty).  Prints TAP, one case a file;
 * a crash ends the program, and the test fails. */
#include "bk-fuzz.h"

#include <string.h>
#include <unistd.h>

/* Longer than this for one input is a hang (libFuzzer's -timeout in the
 * smoke runs is 10 s on an instrumented build). */
#define REPLAY_TIMEOUT_SECONDS 60

static const char *suffix;      /* --suffix: only such files of a directory */

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
collect (const char *path, GPtrArray *files)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.' && (suffix == NULL || g_str_has_suffix (name, suffix)))
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
          g_ptr_array_add (files, g_strdup (names->pdata[i]));
    }
  else if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_ptr_array_add (files, g_strdup (path));
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--suffix") == 0 && i + 1 < argc)
        suffix = argv[++i];
      else
        collect (argv[i], files);
    }

  g_print ("1..%u\n", files->len);
  if (files->len == 0)
    g_print ("# nothing to replay\n");
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_print ("not ok %u - %s: %s\n", i + 1, path, error->message);
          continue;
        }
      /* An input of exactly its length, as libFuzzer hands it: no NUL after it. */
      uint8_t *copy = g_malloc (MAX (length, 1));
      memcpy (copy, contents, length);
      g_print ("# %s\n", path);
      gint64 start = g_get_monotonic_time ();
      alarm (REPLAY_TIMEOUT_SECONDS);   /* SIGALRM ends the program: the test fails */
      LLVMFuzzerTestOneInput (copy, length);
      alarm (0);
      g_free (copy);
      g_print ("ok %u - %s (%.1f ms)\n", i + 1, path, (g_get_monotonic_time () - start) / 1000.0);
    }
  return 0;
}
