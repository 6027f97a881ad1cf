/* bk-live-input.h — bytes from a source that may wait for more: standard
 * input from a pipe, a file that grows (as `tail -F` follows it), a TCP
 * or Unix socket (connected with GIO, then read through its descriptor).
 *
 * It hands the CSV reader whole lines only: a last line without its line
 * break waits for it, so a writer caught mid-line never makes a bad row.
 * A followed file survives truncation (read again from the top of the new
 * content) and rotation (the old file read to its end, then the new one
 * from its start); a new content's first line that repeats the first
 * file's first line (its header) is skipped.  The input never ends of
 * itself until the pipe or connection closes; it ends early when the
 * caller's cancel flag is raised, dropping a line it has only in part.
 * While it waits it calls a wait function a few times a second, on the
 * reading thread, so that its caller can report how the run is going.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BK_LIVE_STDIN,    /* "-" */
  BK_LIVE_FILE,     /* a file followed as it grows */
  BK_LIVE_TCP,      /* "tcp:HOST:PORT" */
  BK_LIVE_UNIX,     /* "unix:PATH" */
} BkLiveKind;

typedef struct {
  BkLiveKind kind;
  char *host;       /* TCP: a name, an IPv4 address or an IPv6 one without its brackets */
  guint16 port;
  char *path;       /* a Unix socket's or the followed file's path */
} BkLiveAddress;

/* TRUE for a text that names a socket: "tcp:..." or "unix:...". */
gboolean bk_live_is_address (const char *text);
/* Parses "tcp:HOST:PORT" (HOST may be "[::1]") or "unix:PATH"; FALSE with
 * a BK_ERROR_PARSE error that names the column where it is wrong. */
gboolean bk_live_address_parse (const char *text, BkLiveAddress *address, GError **error);
void bk_live_address_clear (BkLiveAddress *address);

typedef struct _BkLiveInput BkLiveInput;
typedef void (*BkLiveWaitFunc) (gpointer user_data);
typedef void (*BkLiveWarningFunc) (const char *message, gpointer user_data);

/* Standard input, a socket address or (follow) a file.  `cancel` (may be
 * NULL) is read, never written: raised, the input ends. */
BkLiveInput *bk_live_input_open (const char *data, gboolean follow, const gint *cancel, GError **error);
void bk_live_input_free (BkLiveInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkLiveInput, bk_live_input_free)

const char *bk_live_input_get_name (BkLiveInput *input);
void bk_live_input_set_wait_func (BkLiveInput *input, BkLiveWaitFunc func, gpointer user_data);
/* A connection that breaks is told here and ends the input as a close
 * would; with `strict` it is a read error instead. */
void bk_live_input_set_warning_func (BkLiveInput *input, BkLiveWarningFunc func, gpointer user_data);
void bk_live_input_set_strict (BkLiveInput *input, gboolean strict);
/* TRUE once the cancel flag ended it. */
gboolean bk_live_input_was_stopped (BkLiveInput *input);

/* As read(2): bytes (whole lines), 0 at the end, -1 with errno set.
 * Blocks until there is a whole line, the end, or the cancel flag. */
gssize bk_live_input_read (gpointer input, void *buf, gsize len);

G_END_DECLS
