/* bk-text.h — text made safe to show in a message.
 *
 * Every message that quotes a file's text or a file's name escapes it
 * here first, whichever layer writes the message. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `text` (`len` bytes, -1: NUL-terminated) made safe to quote in a
 * message: tabs, newlines and carriage returns as \t \n \r, other control
 * characters and invalid bytes as \xNN, bidirectional overrides as \uNNNN,
 * so that a file cannot move the cursor or rewrite the terminal's line. */
char *bk_escape_text (const char *text, gssize len);

/* TRUE for a character that would act on a terminal rather than show:
 * C0 and C1 controls, DEL, and the bidirectional overrides that reorder
 * a line. */
gboolean bk_is_hidden_char (gunichar c);

G_END_DECLS
