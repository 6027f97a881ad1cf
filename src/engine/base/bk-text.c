/* bk-text.c — text made safe to show in a message. */
#include "bk-text.h"

#include <string.h>

/* Characters that would act on a terminal rather than show: C0 and C1
 * controls, DEL, and the bidirectional overrides that reorder a line. */
gboolean
bk_is_hidden_char (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

char *
bk_escape_text (const char *text, gssize len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;
  GString *out = g_string_sized_new ((gsize) (end - text));

  for (const char *c = text; c < end;)
    {
      gunichar u = g_utf8_get_char_validated (c, end - c);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *c);
          c++;
          continue;
        }
      switch (u)
        {
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default:
          if (u < 0x100 && bk_is_hidden_char (u))
            g_string_append_printf (out, "\\x%02X", u);
          else if (bk_is_hidden_char (u))
            g_string_append_printf (out, "\\u%04X", u);
          else
            g_string_append_len (out, c, g_utf8_next_char (c) - c);
        }
      c = g_utf8_next_char (c);
    }
  return g_string_free (out, FALSE);
}
