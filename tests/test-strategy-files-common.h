/* test-strategy-files-common.h — what the strategy-file test programs share. */
#pragma once

#include "bk-run.h"
#include "bk-test-util.h"

G_BEGIN_DECLS

#define SEED 20150101

char *run_generated (BkStrategy *strategy, BkMode mode, guint64 bars, guint64 *cells);
BkStrategy *load_text (const char *text, GError **error);
gint compare_strings (gconstpointer a, gconstpointer b);
GPtrArray *corpus_files (const char *dir, guint least);
char *corpus_expected (const char *name);

G_END_DECLS
