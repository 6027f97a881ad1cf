/* bk-output-file.h — writing a file so that it appears only when complete.
 *
 * The one way Barkeep writes an output file (the dump, a generated
 * sample or universe, a statistics file): a regular file, or a path that
 * does not exist yet, is written to a temporary file beside it and renamed
 * into place on success, keeping the permissions of the file it replaces;
 * through a symlink the link's target is replaced and the link stays; a
 * FIFO, a device or a terminal is written directly, never replaced by a
 * regular file.  A path that is one of the command's own inputs (the same
 * device and inode) is refused, and so, when asked, is any existing file. */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BK_OUTPUT_DEFAULT = 0,
  BK_OUTPUT_NO_REPLACE = 1 << 0,   /* refuse a path that exists */
} BkOutputFlags;

typedef struct {
  FILE *file;
  char *path;         /* as the caller gave it; "-" for standard output */
  char *target_path;  /* what the temporary file replaces (a symlink's target) */
  char *tmp_path;     /* NULL when written directly */
  char *buffer;       /* the file's stdio buffer */
} BkOutputFile;

/* Opens `path` ("-": standard output) for writing.  `inputs`, NULL or
 * NULL-terminated, are the files the caller reads: writing over one of
 * them is refused. */
gboolean bk_output_file_open (BkOutputFile *output, const char *path, BkOutputFlags flags,
                              const char *const *inputs, GError **error);
/* keep=FALSE drops a temporary file (a failed run); returns FALSE with
 * error set only when keep and the file could not be completed (a write,
 * flush or rename failed). */
gboolean bk_output_file_close (BkOutputFile *output, gboolean keep, GError **error);
/* Writes `length` bytes of `contents` as the whole file. */
gboolean bk_output_file_set_contents (const char *path, const char *contents, gsize length,
                                      BkOutputFlags flags, GError **error);

G_END_DECLS
