/* bk-model-run.h — a model's features in a run.
 *
 * A model (bk-model.h) is language: its file, its features, its horizon.
 * Finding those features among a run's lines needs the run, one layer up,
 * so it lives here, beside the run, and the model does not know runs. */
#pragma once

#include "bk-line.h"
#include "bk-model.h"
#include "bk-run.h"

G_BEGIN_DECLS

/* The feature lines of a run built from bk_model_get_strategy(model)
 * (bk_run_new), in feature order: `lines` has room for
 * bk_model_get_n_features() pointers, owned by the run. */
gboolean bk_model_get_feature_lines (BkModel *model, BkRun *run, BkLine **lines, GError **error);

G_END_DECLS
