/* bk-strategy-sections.h — the section validators of strategy files, and
 * what the [model] section allows (bk-model.h shows it to the front ends). */
#pragma once

#include "bk-strategy-compiler.h"

G_BEGIN_DECLS

/* Limits: exact enumeration of 2^k models keeps k small; a run keeps a
 * ring of `horizon` rows per symbol. */
#define BK_MODEL_MAX_FEATURES 20
#define BK_MODEL_MAX_HORIZON 10000

/* Every section and key of `sections` (bk_ini_read) checked and read into
 * `sf`, and every feature checked against the indicators. */
gboolean bk_strategy_read_sections (BkParsedStrategy *sf, GPtrArray *sections, GError **error);

/* Parses a split date "YYYY-MM-DD"; the error names the text. */
gboolean bk_model_parse_date (const char *text, double *datetime, GError **error);

G_END_DECLS
