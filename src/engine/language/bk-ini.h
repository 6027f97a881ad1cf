/* bk-ini.h — a positioned INI reader: strategy files' syntax (GKeyFile's)
 * with the line and column of every section, key and value kept, so that
 * what is found wrong later can be reported where it was written. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest text read; a larger one is an error at the limit's place. */
#define BK_INI_MAX_BYTES (1024 * 1024)

typedef struct {
  char *key;
  char *value;
  guint line, column;         /* of the key */
  guint value_column;         /* of the value's first character */
} BkIniEntry;

typedef struct {
  char *header;               /* the text between [ and ] */
  guint line, column;         /* of '[' */
  GPtrArray *entries;         /* BkIniEntry*, in file order */
} BkIniSection;

/* `text` is `len` bytes, NUL-terminated after them; `file` names it in
 * errors.  The sections (BkIniSection*, in file order), or NULL. */
GPtrArray *bk_ini_read (const char *text, gsize len, const char *file, GError **error);

/* Characters (not bytes) from `from` up to `to`: columns within a line. */
guint bk_ini_chars_between (const char *from, const char *to);
/* File text quoted for a message, escaped, cut at 40 characters. */
char *bk_ini_quote (const char *text);

G_END_DECLS
