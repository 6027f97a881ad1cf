/* bk-strategy-file.h — strategies written as INI files
 * (the language: docs/strategy-files.md).
 *
 * Loading reads the file with positions kept for every value (bk-ini.h),
 * checks its sections (bk-strategy-sections.c), parses each expression
 * into a tree, and builds the whole strategy once into a scratch graph
 * (bk-strategy-compiler.c), so that every mistake is reported, with its
 * file, line and column, when the file is opened rather than when it
 * runs.  The strategy keeps the parsed form and builds it afresh for each
 * run. */
#pragma once

#include "bk-ini.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

/* Limits that keep hostile files harmless. */
#define BK_STRATEGY_FILE_MAX_BYTES BK_INI_MAX_BYTES

BkStrategy *bk_strategy_new_from_file (const char *path, GError **error);
/* A built-in strategy by id, or a strategy file: a name with a slash or an
 * .ini ending, or an existing file.  An unknown name's error lists the
 * built-in ones and suggests the closest. */
BkStrategy *bk_strategy_open (const char *name_or_path, GError **error);

/* `text` is `len` bytes (-1: NUL-terminated); `display_name` names it in
 * errors, and without its ".ini" gives the strategy's id. */
BkStrategy *bk_strategy_new_from_data (const char *text, gssize len,
                                       const char *display_name, GError **error);
/* The same without the one build that loading makes to find the mistakes
 * only a build finds (an indicator's input of the wrong kind, a lookback
 * past the limit): for a text the caller builds at once anyway, where the
 * build reports them in the same words (a sweep's combinations, each
 * built into its group's graph). */
BkStrategy *bk_strategy_new_from_data_unbuilt (const char *text, gssize len,
                                               const char *display_name, GError **error);

/* The value of a [rules] key of a strategy file as written: buy, sell,
 * short, cover, size, entry_price, entry_limit, stop_loss, take_profit or
 * trail_amount.  NULL when the file does not give it, or when `strategy`
 * is not a strategy file. */
const char *bk_strategy_file_get_text (BkStrategy *strategy, const char *key);

/* The embedded text of a built-in strategy file (bk_strategy_list_builtin),
 * or NULL. */
const char *bk_strategy_file_builtin_text (const char *id);

G_END_DECLS
