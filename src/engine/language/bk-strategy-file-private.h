/* bk-strategy-file-private.h — what loading strategy files gives the
 * rest of the language layer: the [model] section for bk-model.c, and the
 * file reader.  Not for the front ends. */
#pragma once

#include "bk-strategy-file.h"

G_BEGIN_DECLS

/* What a file's [model] section says, for bk-model.c.  Loading has
 * checked every feature against the file's indicators. */
typedef struct {
  char *name;                 /* name=, or NULL when not given */
  char **features;            /* NULL-terminated, as written ("ret20", "macd.signal") */
  guint horizon;
  gboolean has_split;
  double split;               /* as BkBar's datetime: 00:00 UTC of the day */
} BkStrategyFileModel;

void bk_strategy_file_model_free (BkStrategyFileModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategyFileModel, bk_strategy_file_model_free)

/* As bk_strategy_new_from_data(), built once to check it or not; `model`
 * (may be NULL) receives the [model] section, or NULL when the file has
 * none. */
BkStrategy *bk_strategy_new_from_data_full (const char *text, gssize len, const char *display_name,
                                            gboolean check_build, BkStrategyFileModel **model,
                                            GError **error);
/* A strategy file's text, NUL-terminated, read up to one byte past
 * BK_STRATEGY_FILE_MAX_BYTES (enough for loading to say it is too large). */
char *bk_strategy_file_read (const char *path, gsize *len, GError **error);

G_END_DECLS
