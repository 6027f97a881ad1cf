/* bk-live-input.c — standard input, a followed file or a socket, as whole
 * lines that may be long in coming.
 *
 * Bytes are read into one buffer; what lies before its last line break
 * is ready to hand out, the rest waits for its line break.  A descriptor
 * that can wait (a pipe, a socket) is polled with a timeout, a followed
 * file is looked at again after a short sleep; either way the cancel flag
 * and the wait function are seen a few times a second.  A signal that
 * interrupts the wait is seen at once.  Sockets are connected with GIO
 * (GSocketClient) and then read through their descriptor, as a pipe is.
 */
#include "bk-live-input.h"

#include "bk-error.h"
#include "bk-i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFFER_SIZE     (64 * 1024)
#define WAIT_MS         50             /* between looks at a followed file, and a poll's timeout */
#define MAX_HEADER      4096           /* bytes of the first line kept to recognise it again */
#define MAX_HOST        253
#define MAX_UNIX_PATH   107            /* sun_path less its NUL */
#define CONNECT_TIMEOUT 30             /* seconds */

struct _BkLiveInput {
  BkLiveAddress address;
  char *name;
  int fd;
  gboolean owns_fd;
  GSocketConnection *connection;   /* keeps the socket open */
  const gint *cancel;
  gboolean strict;
  gboolean stopped;

  /* A followed file: the one open now, and how far it has been read. */
  dev_t dev;
  ino_t ino;
  guint64 offset;

  /* buf[0, ready) is whole lines, buf[ready, have) a line in part. */
  char *buf;
  gsize ready;
  gsize have;
  gboolean ended;                  /* the pipe or the connection closed */

  /* The first line of the first content, and whether a new content's
   * first line is still to be compared with it. */
  char *header;
  gsize header_len;
  gboolean header_known;
  gboolean check_header;
  gsize content_start;             /* where in buf the new content begins */

  BkLiveWaitFunc wait_func;
  gpointer wait_data;
  BkLiveWarningFunc warning_func;
  gpointer warning_data;
};

/* ---- addresses ---------------------------------------------------------- */

gboolean
bk_live_is_address (const char *text)
{
  return g_str_has_prefix (text, "tcp:") || g_str_has_prefix (text, "unix:");
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_address (const char *text, gsize offset, GError **error, const char *format, ...)
{
  g_autofree char *shown = g_strescape (text, NULL);
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: an address given as --data, a column in it (1 is its
   * first character) and what is wrong there. */
  g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s: column %u: %s"), shown, (guint) offset + 1, problem);
  return FALSE;
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

static gboolean
is_ipv6_char (char c)
{
  return g_ascii_isxdigit (c) || c == ':' || c == '.';
}

static gboolean
parse_tcp (const char *text, BkLiveAddress *address, GError **error)
{
  const char *start = text + strlen ("tcp:");
  const char *host = start, *host_end, *p;

  if (*host == '[')
    {
      host++;
      for (p = host; *p != '\0' && *p != ']'; p++)
        if (!is_ipv6_char (*p))
          return fail_address (text, p - text, error, _("expected an IPv6 address in brackets, got '%c'"),
                               g_ascii_isprint (*p) ? *p : '?');
      if (*p != ']')
        return fail_address (text, p - text, error, _("expected ']' after the IPv6 address"));
      host_end = p++;
    }
  else
    {
      for (p = host; *p != '\0' && *p != ':'; p++)
        if (!is_host_char (*p))
          return fail_address (text, p - text, error,
                               _("expected a host name or an IPv4 address, got '%c' (an IPv6 address goes "
                                 "in brackets: tcp:[::1]:PORT)"), g_ascii_isprint (*p) ? *p : '?');
      host_end = p;
    }
  if (host_end == host)
    return fail_address (text, host - text, error, _("expected a host: tcp:HOST:PORT"));
  if (host_end - host > MAX_HOST)
    return fail_address (text, host - text, error, _("a host name is at most %d characters"), MAX_HOST);
  /* tcp:[1]:80 would read as tcp:1:80: brackets hold an IPv6 address. */
  if (host[-1] == '[' && memchr (host, ':', (gsize) (host_end - host)) == NULL)
    return fail_address (text, host - text, error,
                         _("expected an IPv6 address in brackets (a name or an IPv4 address goes without them)"));
  if (*p != ':')
    return fail_address (text, p - text, error, _("expected ':' and a port: tcp:HOST:PORT"));
  if (host[-1] != '[' && strchr (p + 1, ':') != NULL)
    return fail_address (text, host - text, error, _("an IPv6 address goes in brackets: tcp:[::1]:PORT"));
  const char *port = ++p;
  guint value = 0;
  for (; g_ascii_isdigit (*p) && p - port < 5; p++)
    value = value * 10 + (guint) (*p - '0');
  if (p == port || *p != '\0')
    return fail_address (text, p - text, error, _("expected a port number from 1 to 65535"));
  if (value == 0 || value > 65535)
    return fail_address (text, port - text, error, _("port %u is not from 1 to 65535"), value);

  address->kind = BK_LIVE_TCP;
  address->host = g_strndup (host, host_end - host);
  address->port = (guint16) value;
  return TRUE;
}

gboolean
bk_live_address_parse (const char *text, BkLiveAddress *address, GError **error)
{
  g_return_val_if_fail (text != NULL && address != NULL, FALSE);

  *address = (BkLiveAddress) { 0 };
  if (g_str_has_prefix (text, "tcp:"))
    return parse_tcp (text, address, error);
  if (!g_str_has_prefix (text, "unix:"))
    return fail_address (text, 0, error, _("expected tcp:HOST:PORT or unix:PATH"));

  const char *path = text + strlen ("unix:");
  if (*path == '\0')
    return fail_address (text, path - text, error, _("expected the socket's path: unix:PATH"));
  if (strlen (path) > MAX_UNIX_PATH)
    return fail_address (text, path - text, error, _("a socket's path is at most %d bytes"), MAX_UNIX_PATH);
  for (const char *p = path; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return fail_address (text, p - text, error, _("a control character in the socket's path"));
  address->kind = BK_LIVE_UNIX;
  address->path = g_strdup (path);
  return TRUE;
}

void
bk_live_address_clear (BkLiveAddress *address)
{
  g_clear_pointer (&address->host, g_free);
  g_clear_pointer (&address->path, g_free);
}

/* ---- opening ------------------------------------------------------------ */

static int
open_file (const char *path, struct stat *st)
{
  int fd;

  do
    fd = open (path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd >= 0 && fstat (fd, st) != 0)
    {
      int saved_errno = errno;
      close (fd);
      errno = saved_errno;
      return -1;
    }
  return fd;
}

static gboolean
connect_socket (BkLiveInput *input, GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) connectable = NULL;
  GError *local = NULL;

  if (input->address.kind == BK_LIVE_TCP)
    connectable = g_network_address_new (input->address.host, input->address.port);
  else
    connectable = G_SOCKET_CONNECTABLE (g_unix_socket_address_new (input->address.path));
  g_socket_client_set_timeout (client, CONNECT_TIMEOUT);
  input->connection = g_socket_client_connect (client, connectable, NULL, &local);
  if (input->connection == NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot connect: %s"), input->name, local->message);
      g_error_free (local);
      return FALSE;
    }
  input->fd = g_socket_get_fd (g_socket_connection_get_socket (input->connection));
  return TRUE;
}

BkLiveInput *
bk_live_input_open (const char *data, gboolean follow, const gint *cancel, GError **error)
{
  g_autoptr(BkLiveInput) input = g_new0 (BkLiveInput, 1);

  g_return_val_if_fail (data != NULL, NULL);
  input->fd = -1;
  input->cancel = cancel;
  input->buf = g_malloc (BUFFER_SIZE);
  input->name = g_strdup (strcmp (data, "-") == 0 ? "<stdin>" : data);
  if (follow)
    {
      struct stat st;

      input->address.kind = BK_LIVE_FILE;
      input->address.path = g_strdup (data);
      input->fd = open_file (data, &st);
      if (input->fd < 0)
        {
          int saved_errno = errno;
          g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), data, g_strerror (saved_errno));
          return NULL;
        }
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: --follow takes a file that grows, not this"), data);
          return NULL;
        }
      input->owns_fd = TRUE;
      input->dev = st.st_dev;
      input->ino = st.st_ino;
    }
  else if (strcmp (data, "-") == 0)
    {
      input->address.kind = BK_LIVE_STDIN;
      input->fd = STDIN_FILENO;
    }
  else if (!bk_live_address_parse (data, &input->address, error) || !connect_socket (input, error))
    return NULL;
  return g_steal_pointer (&input);
}

void
bk_live_input_free (BkLiveInput *input)
{
  if (input == NULL)
    return;
  if (input->owns_fd && input->fd >= 0)
    close (input->fd);
  g_clear_object (&input->connection);
  bk_live_address_clear (&input->address);
  g_free (input->header);
  g_free (input->buf);
  g_free (input->name);
  g_free (input);
}

const char *
bk_live_input_get_name (BkLiveInput *input)
{
  return input->name;
}

void
bk_live_input_set_wait_func (BkLiveInput *input, BkLiveWaitFunc func, gpointer user_data)
{
  input->wait_func = func;
  input->wait_data = user_data;
}

void
bk_live_input_set_warning_func (BkLiveInput *input, BkLiveWarningFunc func, gpointer user_data)
{
  input->warning_func = func;
  input->warning_data = user_data;
}

void
bk_live_input_set_strict (BkLiveInput *input, gboolean strict)
{
  input->strict = strict;
}

gboolean
bk_live_input_was_stopped (BkLiveInput *input)
{
  return input->stopped;
}

/* ---- reading ------------------------------------------------------------ */

static gboolean
cancelled (BkLiveInput *input)
{
  return input->cancel != NULL && g_atomic_int_get (input->cancel);
}

/* New bytes at buf[from, have): whole lines become ready.  A buffer full
 * of one line hands it on as it is: the reader says it is too long. */
static void
take_lines (BkLiveInput *input, gsize from)
{
  for (gsize i = input->have; i > from; i--)
    if (input->buf[i - 1] == '\n')
      {
        input->ready = i;
        break;
      }
  if (input->ready == 0 && input->have == BUFFER_SIZE)
    input->ready = input->have;
}

/* The first whole line of the first content is remembered; a new
 * content's first whole line that repeats it is dropped. */
static void
look_at_first_line (BkLiveInput *input)
{
  gsize start = input->header_known ? input->content_start : 0;

  if (input->ready <= start || (input->header_known && !input->check_header))
    return;
  char *line = input->buf + start;
  const char *nl = memchr (line, '\n', input->ready - start);
  gsize len = nl != NULL ? (gsize) (nl - line) + 1 : input->ready - start;

  if (!input->header_known)
    {
      input->header_known = TRUE;
      input->header_len = MIN (len, (gsize) MAX_HEADER);
      input->header = g_memdup2 (line, input->header_len);
      return;
    }
  input->check_header = FALSE;
  if (len == input->header_len && memcmp (line, input->header, len) == 0)
    {
      memmove (line, line + len, input->have - start - len);
      input->have -= len;
      input->ready -= len;
    }
}

/* A new content begins after what the buffer holds. */
static void
begin_new_content (BkLiveInput *input)
{
  input->offset = 0;
  input->content_start = input->have;
  input->check_header = input->header_known;
}

/* The file at the path is not the one open any more (rotation), or the
 * open one is shorter than what was read (truncation): go on with the
 * new content from its start. */
static void
look_at_followed_file (BkLiveInput *input)
{
  struct stat st;

  if (stat (input->address.path, &st) == 0 && (st.st_dev != input->dev || st.st_ino != input->ino))
    {
      struct stat new_st;
      int fd = open_file (input->address.path, &new_st);

      if (fd < 0)
        return;
      /* The old file was read to its end; a last line without its break
       * ends there. */
      if (input->have > input->ready && input->have < BUFFER_SIZE)
        {
          input->buf[input->have++] = '\n';
          input->ready = input->have;
        }
      close (input->fd);
      input->fd = fd;
      input->dev = new_st.st_dev;
      input->ino = new_st.st_ino;
      begin_new_content (input);
      return;
    }
  if (fstat (input->fd, &st) == 0 && (guint64) st.st_size < input->offset)
    {
      lseek (input->fd, 0, SEEK_SET);
      /* What was there in part was written over. */
      input->have = input->ready;
      begin_new_content (input);
    }
}

/* Waits for the descriptor to have bytes, WAIT_MS at most. */
static void
wait_for_bytes (BkLiveInput *input)
{
  if (input->address.kind == BK_LIVE_FILE)
    poll (NULL, 0, WAIT_MS);
  else
    {
      struct pollfd p = { .fd = input->fd, .events = POLLIN };
      poll (&p, 1, WAIT_MS);
    }
}

/* The connection broke: told, and the end; or with strict the error. */
static gboolean
connection_broke (BkLiveInput *input, int saved_errno)
{
  if (input->strict || input->address.kind == BK_LIVE_FILE)
    {
      errno = saved_errno;
      return FALSE;
    }
  /* A line cut by the break is not a row. */
  input->have = input->ready;
  if (input->warning_func != NULL)
    {
      /* TRANSLATORS: a feed's name (tcp:HOST:PORT...) and why it broke. */
      g_autofree char *message = g_strdup_printf (_("%s: the connection broke: %s"), input->name,
                                                  g_strerror (saved_errno));
      input->warning_func (message, input->warning_data);
    }
  input->ended = TRUE;
  return TRUE;
}

/* Reads what there is; FALSE on an error (errno set). */
static gboolean
read_more (BkLiveInput *input)
{
  gsize from = input->have;
  ssize_t n = read (input->fd, input->buf + input->have, BUFFER_SIZE - input->have);

  if (n > 0)
    {
      input->have += n;
      input->offset += n;
      take_lines (input, from);
      look_at_first_line (input);
      return TRUE;
    }
  if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
    {
      wait_for_bytes (input);
      return TRUE;
    }
  if (n < 0)
    return connection_broke (input, errno);
  /* The end of what there is now. */
  if (input->address.kind == BK_LIVE_FILE)
    {
      look_at_followed_file (input);
      look_at_first_line (input);
      if (input->ready == 0)
        wait_for_bytes (input);
      return TRUE;
    }
  input->ended = TRUE;
  return TRUE;
}

gssize
bk_live_input_read (gpointer data, void *buf, gsize len)
{
  BkLiveInput *input = data;

  for (;;)
    {
      if (input->wait_func != NULL)
        input->wait_func (input->wait_data);
      /* Seen here too, not only while waiting: a busy feed resampled to
       * long bars may not reach the run's own look at its flag soon. */
      if (cancelled (input))
        {
          input->stopped = TRUE;
          return 0;
        }
      if (input->ready > 0)
        {
          gsize n = MIN (len, input->ready);

          memcpy (buf, input->buf, n);
          memmove (input->buf, input->buf + n, input->have - n);
          input->have -= n;
          input->ready -= n;
          input->content_start -= MIN (n, input->content_start);
          return (gssize) n;
        }
      if (input->ended)
        {
          /* A last line without its line break. */
          input->ready = input->have;
          if (input->ready > 0)
            continue;
          return 0;
        }
      if (input->address.kind != BK_LIVE_FILE)
        {
          struct pollfd p = { .fd = input->fd, .events = POLLIN };
          int r = poll (&p, 1, WAIT_MS);

          if (r <= 0)
            continue;
        }
      if (!read_more (input))
        return -1;
    }
}
