/* bk-strategy-rules.h — a parsed strategy file built into a graph. */
#pragma once

#include "bk-strategy-compiler.h"

G_BEGIN_DECLS

/* The strategy built into a graph (a BkStrategyBuildFunc; `parsed` is the
 * BkParsedStrategy, its indicators in dependency order already). */
gboolean bk_strategy_build_parsed (BkGraph *graph, BkStrategyBuild *build, gpointer parsed, GError **error);

G_END_DECLS
