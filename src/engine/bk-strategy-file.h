/* bk-strategy-file.h — strategies written as INI files
 * (the language: docs/strategy-files.md).
 *
 * Loading reads the file with positions kept for every value, parses each
 * expression into a tree, and builds the whole strategy once into a scratch
 * graph, so that every mistake is reported, with its file, line and
 * column, when the file is opened rather than when it runs.  The strategy
 * keeps the parsed form and builds it afresh for each run. */
#pragma once

#include "bk-strategy.h"

G_BEGIN_DECLS

/* Hands the strategy language's formula compiler down to the indicator
 * registry, which compiles the built-in formulas then; later calls return
 * the first call's result. */
gboolean bk_formula_install (GError **error);
/* The same, for every way of making a strategy: a mistake in a shipped
 * formula is a critical warning (fatal in the tests). */
void bk_formula_install_once (void);

/* Limits that keep hostile files harmless. */
#define BK_STRATEGY_FILE_MAX_BYTES (1024 * 1024)

BkStrategy *bk_strategy_new_from_file (const char *path, GError **error);
/* A built-in strategy by id, or a strategy file: a name with a slash or an
 * .ini ending, or an existing file.  An unknown name's error lists the
 * built-in ones and suggests the closest. */
BkStrategy *bk_strategy_open (const char *name_or_path, GError **error);

/* `text` is `len` bytes (-1: NUL-terminated); `display_name` names it in
 * errors, and without its ".ini" gives the strategy's id. */
BkStrategy *bk_strategy_new_from_data (const char *text, gssize len,
                                       const char *display_name, GError **error);

/* The strategies shipped as files in data/strategies/, embedded in the
 * engine at build time: NULL-terminated ids, and a strategy by id. */
const char *const *bk_strategy_file_builtin_ids (void);
BkStrategy *bk_strategy_file_new_builtin (const char *id, GError **error);
/* The embedded text of a built-in strategy file, or NULL. */
const char *bk_strategy_file_builtin_text (const char *id);

/* Private: the tables generated from data/strategies/ and data/models/
 * at build time. */
typedef struct {
  const char *id;
  const char *text;
} BkStrategyFileBuiltin;
extern const BkStrategyFileBuiltin bk_strategy_file_builtins[];
extern const char *const bk_strategy_file_builtin_id_list[];
extern const BkStrategyFileBuiltin bk_model_file_builtins[];
extern const char *const bk_model_file_builtin_id_list[];

/* Private, for bk-model.c: what a file's [model] section says.
 * Loading has checked every feature against the file's indicators. */
typedef struct {
  char *name;                 /* name=, or NULL when not given */
  char **features;            /* NULL-terminated, as written ("ret20", "macd.signal") */
  guint horizon;
  gboolean has_split;
  double split;               /* as BkBar's datetime: 00:00 UTC of the day */
} BkStrategyFileModel;

void bk_strategy_file_model_free (BkStrategyFileModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategyFileModel, bk_strategy_file_model_free)

/* As bk_strategy_new_from_data(); `model` (may be NULL) receives the
 * [model] section, or NULL when the file has none. */
BkStrategy *bk_strategy_new_from_data_full (const char *text, gssize len, const char *display_name,
                                            BkStrategyFileModel **model, GError **error);
/* A strategy file's text, NUL-terminated, read up to one byte past
 * BK_STRATEGY_FILE_MAX_BYTES (enough for loading to say it is too large). */
char *bk_strategy_file_read (const char *path, gsize *len, GError **error);

G_END_DECLS
