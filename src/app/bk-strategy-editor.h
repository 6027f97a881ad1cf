/* bk-strategy-editor.h — the Run view's strategy editor: a GtkSourceView
 * on a BkStrategyDocument's buffer, with the strategy language's
 * highlighting and completion, the loader's error underlined at its line
 * and column (its message on hover and in the status line), and the
 * document's files: New (the template), Open, Save, Save As — a built-in
 * is read-only, and Save saves a copy — each replacement of an edited
 * document asking first (Save, Discard, Cancel).
 *
 * Signals: "run" (Ctrl+Enter), "failed" (void (*) (BkStrategyEditor *,
 * const char *message): a file could not be read or written).  The
 * "document" property changes when the editor opens another. */
#pragma once

#include <gtksourceview/gtksource.h>

#include "bk-strategy-document.h"

G_BEGIN_DECLS

#define BK_TYPE_STRATEGY_EDITOR (bk_strategy_editor_get_type ())
G_DECLARE_FINAL_TYPE (BkStrategyEditor, bk_strategy_editor, BK, STRATEGY_EDITOR, GtkWidget)

/* Shows `document` at once, without asking. */
void bk_strategy_editor_set_document (BkStrategyEditor *self, BkStrategyDocument *document);
BkStrategyDocument *bk_strategy_editor_get_document (BkStrategyEditor *self);
/* Shows `document` once the edited one is saved or given up (asking when
 * it has changes); not when the question is cancelled. */
void bk_strategy_editor_replace_document (BkStrategyEditor *self, BkStrategyDocument *document);

/* The actions' work: New, Open (a file dialog), Save (Save As for a
 * document without a file or read-only), Save As. */
void bk_strategy_editor_new_document (BkStrategyEditor *self);
void bk_strategy_editor_open (BkStrategyEditor *self);
void bk_strategy_editor_open_file (BkStrategyEditor *self, GFile *file);
void bk_strategy_editor_save (BkStrategyEditor *self);
void bk_strategy_editor_save_as (BkStrategyEditor *self);
/* Saves to `file` (Save As without the dialog). */
gboolean bk_strategy_editor_save_to (BkStrategyEditor *self, GFile *file, GError **error);

/* The window closes: TRUE when the editor asks first (it closes the
 * window itself once the document is saved or given up). */
gboolean bk_strategy_editor_close_request (BkStrategyEditor *self);
/* The question about unsaved changes on screen, or NULL (for tests). */
GtkWidget *bk_strategy_editor_get_question (BkStrategyEditor *self);

GtkSourceView *bk_strategy_editor_get_view (BkStrategyEditor *self);
/* The status line's text. */
const char *bk_strategy_editor_get_status (BkStrategyEditor *self);
/* The tag that underlines the error, in the document's buffer. */
GtkTextTag *bk_strategy_editor_get_error_tag (BkStrategyEditor *self);

/* The language definition of strategy files (barkeep-strategy.lang),
 * found in the build tree too; NULL when it is not installed. */
GtkSourceLanguage *bk_strategy_editor_get_language (void);

G_END_DECLS
