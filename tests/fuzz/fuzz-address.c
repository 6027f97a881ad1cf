/* fuzz-address.c — bytes → a live feed's address (run --data
 * tcp:HOST:PORT or unix:PATH).
 *
 * The input, up to its first NUL, is the text.  A text that is refused
 * has one line of message that quotes it and names a column within it
 * (or just after its end).  A text that is read is written back exactly:
 * "tcp:" HOST ":" PORT, HOST in brackets when it is IPv6, or "unix:" PATH;
 * the port is from 1 to 65535 and the host never empty. */
#include "bk-fuzz.h"

#include <stdio.h>
#include <string.h>

#include "bk-error.h"
#include "bk-live-input.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  bk_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  BkLiveAddress address;

  if (!bk_live_address_parse (text, &address, &error))
    {
      g_autofree char *shown = g_strescape (text, NULL);
      g_autofree char *prefix = g_strconcat (shown, ": column ", NULL);
      guint column = 0;

      BK_FUZZ_CHECK (error != NULL && error->domain == BK_ERROR && error->code == BK_ERROR_PARSE,
                     "refused without a parse error");
      bk_fuzz_check_message (error->message);
      BK_FUZZ_CHECK (g_str_has_prefix (error->message, prefix), "the message does not quote the text: %s",
                     error->message);
      BK_FUZZ_CHECK (sscanf (error->message + strlen (prefix), "%u:", &column) == 1
                     && column >= 1 && column <= strlen (text) + 1,
                     "no column within the text: %s", error->message);
      return 0;
    }

  g_autofree char *again = NULL;
  if (address.kind == BK_LIVE_TCP)
    {
      BK_FUZZ_CHECK (address.host != NULL && address.host[0] != '\0', "an empty host");
      BK_FUZZ_CHECK (address.port >= 1, "port 0");
      again = strchr (address.host, ':') != NULL ? g_strdup_printf ("tcp:[%s]:%u", address.host, address.port)
                                                 : g_strdup_printf ("tcp:%s:%u", address.host, address.port);
    }
  else
    {
      BK_FUZZ_CHECK (address.kind == BK_LIVE_UNIX && address.path != NULL && address.path[0] != '\0',
                     "neither TCP nor a Unix path");
      again = g_strconcat ("unix:", address.path, NULL);
    }
  /* Leading zeros of a port are the one thing not written back. */
  if (address.kind == BK_LIVE_UNIX || strstr (text, ":0") == NULL)
    BK_FUZZ_CHECK (strcmp (again, text) == 0, "read '%s' as '%s'", text, again);
  bk_live_address_clear (&address);
  return 0;
}
