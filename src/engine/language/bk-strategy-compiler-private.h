/* bk-strategy-compiler-private.h — building one parsed strategy file into
 * one graph: the expression compiler's state and entry points, for the
 * rules (bk-strategy-rules.c), which build on it.  Private to the language layer. */
#pragma once

#include "bk-strategy-compiler.h"

G_BEGIN_DECLS

typedef struct {
  BkParsedStrategy *sf;
  BkGraph *graph;
  BkParsedIndicator *current;             /* the lines= indicator being built, or NULL */
  guint current_line;         /* lines before this one may be used */
  /* Each named indicator's node in this graph, by BkParsedIndicator.index: kept here,
   * not in the parsed file, so that threads may build one strategy at once. */
  BkNode **nodes;
  GError **error;
  guint64 max_cells;          /* bk_strategy_get_max_cells () */
  guint over_line, over_column; /* where the cells first passed it; 0: not yet */
  /* Building a descriptor's formula: the indicator node, and the lines its
   * statements made so far (FormulaLine*); NULL otherwise. */
  BkNode *formula;
  GPtrArray *formula_lines;
  BkNode *account;            /* made when an expression first reads it */
  gboolean in_rules;          /* building a value of [rules]: logic as Python's */
} BkStrategyBuilder;

/* An expression into nodes under `parent` (NULL: the strategy's own). */
gboolean bk_strategy_build_expr (BkStrategyBuilder *b, BkNode *parent, const BkExpr *expr, BkInput *out);
/* Remembers where the graph's cells first pass the limit.  Building goes
 * on (the lines are only planned, not allocated), so that the error can
 * say how much the whole strategy would need. */
void bk_strategy_note_cells (BkStrategyBuilder *b, guint line, guint column);
/* The named indicators in dependency order into build->named, and the
 * lines the rules read of them. */
gboolean bk_strategy_build_indicators (BkStrategyBuilder *b, BkStrategyBuild *build);

G_END_DECLS
