/* bk-format.h — how the window writes numbers, one rule for every view.
 *
 * The window groups digits itself, always, in threes, with the separator
 * of the interface's language (',' in English and Chinese; translators
 * give theirs), and writes '.' as the decimal mark: the same figures
 * whatever LC_NUMERIC says (C.UTF-8 groups nothing, zh_CN.UTF-8 does), so
 * that a number reads the same in every view and every screenshot.
 * Sizes in bytes are IEC units (KiB, MiB). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A count: "1,500". */
char *bk_format_count (guint64 count);
/* A number with `decimals` digits after the mark, grouped: "98,855.37";
 * a '+' in front of a positive one with `sign`; "—" for NaN or infinity. */
char *bk_format_number (double value, int decimals, gboolean sign);
/* A size: "1.6 MiB". */
char *bk_format_bytes (guint64 bytes);
/* How a price file is named on screen: its file name, or "Bundled
 * sample" for NULL. */
char *bk_format_data_name (GFile *data);

G_END_DECLS
