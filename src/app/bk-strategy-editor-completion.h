/* bk-strategy-editor-completion.h — completion in the strategy editor,
 * from the indicator registry: indicator names (with their call and
 * summary), inside a call its parameters with their defaults, after
 * `name.` or `Call(...).` the indicator's line names, at the start of a
 * line the section's keys, and the price and account lines. */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define BK_TYPE_STRATEGY_COMPLETION (bk_strategy_completion_get_type ())
G_DECLARE_FINAL_TYPE (BkStrategyCompletion, bk_strategy_completion, BK, STRATEGY_COMPLETION, GObject)

GtkSourceCompletionProvider *bk_strategy_completion_new (void);

/* The words offered at `iter` in `buffer` (for tests): a NULL-terminated
 * array of what each proposal inserts. */
char **bk_strategy_completion_list (BkStrategyCompletion *self, GtkTextBuffer *buffer, const GtkTextIter *iter);

G_END_DECLS
