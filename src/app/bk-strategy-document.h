/* bk-strategy-document.h — one strategy file being edited: its text (a
 * GtkSourceBuffer, which the editor shows and the parameter panel
 * rewrites), the file it came from (none: new, or a built-in, which is
 * read-only), whether it changed since it was read or saved, and what the
 * engine makes of the text now — the strategy and its parameters, or the
 * loader's error with its line and column.
 *
 * The text is checked on idle after each change, once for a burst of
 * changes; bk_strategy_document_check_now checks a change still waiting
 * (Run does, before it runs).  "checked" is emitted after every check. */
#pragma once

#include <gtksourceview/gtksource.h>

#include "bk-strategy-file.h"
#include "bk-strategy-params.h"

G_BEGIN_DECLS

#define BK_TYPE_STRATEGY_DOCUMENT (bk_strategy_document_get_type ())
G_DECLARE_FINAL_TYPE (BkStrategyDocument, bk_strategy_document, BK, STRATEGY_DOCUMENT, GObject)

/* A new strategy, from the template. */
BkStrategyDocument *bk_strategy_document_new (void);
/* A built-in strategy's file (bk_strategy_list_builtin), read-only. */
BkStrategyDocument *bk_strategy_document_new_builtin (const char *id, GError **error);
/* A strategy file on disk; its text need not load (the editor shows why). */
BkStrategyDocument *bk_strategy_document_new_from_file (GFile *file, GError **error);

/* The template of a new strategy. */
const char *bk_strategy_document_get_template (void);

GtkSourceBuffer *bk_strategy_document_get_buffer (BkStrategyDocument *self);
char *bk_strategy_document_get_text (BkStrategyDocument *self);
/* Replaces the whole text (one undoable edit); checked on idle. */
void bk_strategy_document_set_text (BkStrategyDocument *self, const char *text);

/* The file it was read from or saved to, or NULL. */
GFile *bk_strategy_document_get_file (BkStrategyDocument *self);
/* The built-in it is, or NULL. */
const char *bk_strategy_document_get_builtin_id (BkStrategyDocument *self);
gboolean bk_strategy_document_get_read_only (BkStrategyDocument *self);
gboolean bk_strategy_document_get_modified (BkStrategyDocument *self);
/* What errors and the window call it: the file's path, the built-in's
 * file name, or "untitled.ini"; and the short name for a title. */
const char *bk_strategy_document_get_display_name (BkStrategyDocument *self);
char *bk_strategy_document_get_title (BkStrategyDocument *self);

/* Checks a change still waiting for its idle. */
void bk_strategy_document_check_now (BkStrategyDocument *self);
/* What the text checked last loads as: the strategy (NULL when it has an
 * error), its parameters (NULL likewise), the error (NULL when none),
 * with where it is in the text (1-based line and column in characters;
 * 0 when the message names no place) and the message without the file's
 * name. */
BkStrategy *bk_strategy_document_get_strategy (BkStrategyDocument *self);
const BkStrategyParams *bk_strategy_document_get_params (BkStrategyDocument *self);
const GError *bk_strategy_document_get_error (BkStrategyDocument *self, guint *line, guint *column,
                                              const char **message);
/* How many times the text was loaded: a burst of changes is one. */
guint bk_strategy_document_get_n_checks (BkStrategyDocument *self);

/* Parameter i of the last check's parameters set to `value`: the number
 * rewritten in the text as one undoable edit (only what changes), then
 * checked at once.  FALSE when the text changed since, or `i` is out of
 * range. */
gboolean bk_strategy_document_set_param (BkStrategyDocument *self, guint i, double value);

/* Writes the text to its file; a built-in or new document has none:
 * FALSE with G_IO_ERROR_NOT_FOUND. */
gboolean bk_strategy_document_save (BkStrategyDocument *self, GError **error);
/* Writes the text to `file`, which it is from then on: no longer
 * read-only nor a built-in. */
gboolean bk_strategy_document_save_as (BkStrategyDocument *self, GFile *file, GError **error);

G_END_DECLS
