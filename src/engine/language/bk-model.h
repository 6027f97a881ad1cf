/* bk-model.h — model files: strategy files with a [model] section that
 * name the features and the forward-return horizon of a universe run
 * (docs/strategy-files.md, "Model files").
 *
 * A model owns its strategy (the indicators that compute the features,
 * built afresh for each run like any strategy) and the feature list, the
 * horizon and the optional training/test split.  Loading checks every
 * feature against the indicators, so a wrong name is reported with its
 * file, line and column when the file is opened. */
#pragma once

#include "bk-strategy.h"
/* BK_MODEL_MAX_FEATURES, BK_MODEL_MAX_HORIZON, bk_model_parse_date: the
 * [model] section's, read with the rest of the file. */
#include "bk-strategy-sections.h"

G_BEGIN_DECLS

typedef struct _BkModel BkModel;

BkModel *bk_model_new_from_file (const char *path, GError **error);
/* `text` is `len` bytes (-1: NUL-terminated); `display_name` names it in
 * errors, and without its ".ini" gives the model's id. */
BkModel *bk_model_new_from_data (const char *text, gssize len, const char *display_name, GError **error);
/* The models shipped in data/models/; an unknown id is an error that lists them. */
BkModel *bk_model_new_builtin (const char *id, GError **error);
/* NULL-terminated ids of the built-in models. */
const char *const *bk_model_builtin_ids (void);
/* Reference counted, as strategies are. */
BkModel *bk_model_ref (BkModel *model);
void bk_model_unref (BkModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkModel, bk_model_unref)

/* The file name without ".ini", or the built-in id. */
const char *bk_model_get_id (BkModel *model);
/* name= of the [model] section. */
const char *bk_model_get_name (BkModel *model);
/* The model's indicators, built per run like any strategy (owned by the model). */
BkStrategy *bk_model_get_strategy (BkModel *model);
guint bk_model_get_n_features (BkModel *model);
/* As written in the file: "ret20" or "macd.signal". */
const char *bk_model_get_feature (BkModel *model, guint i);
guint bk_model_get_horizon (BkModel *model);
/* FALSE when there is none; *datetime as BkBar's (seconds since 1970,
 * 00:00 UTC of that day).  Rows dated on or before it are training rows. */
gboolean bk_model_get_split (BkModel *model, double *datetime);
/* The command line's --split overrides the file's. */
void bk_model_set_split (BkModel *model, gboolean has_split, double datetime);


G_END_DECLS
