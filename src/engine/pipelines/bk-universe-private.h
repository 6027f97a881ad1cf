/* bk-universe-private.h — what the universe's own files share.
 *
 * The runner (bk-universe.c) and the result's files (bk-universe-result.c)
 * build results alike and sort their symbols and skips alike.
 */
#pragma once

#include "bk-universe.h"

G_BEGIN_DECLS

/* An empty result for `k` features, its arrays' elements freed with them. */
BkUniverseResult *bk_universe_result_new (guint k);
/* Frees a BkUniverseSkip's strings: an array's clear function. */
void bk_universe_skip_clear (gpointer data);
/* The orders of a result's symbols (by symbol) and skips (by file). */
gint bk_universe_symbol_compare (gconstpointer a, gconstpointer b);
gint bk_universe_skip_compare (gconstpointer a, gconstpointer b);

G_END_DECLS
