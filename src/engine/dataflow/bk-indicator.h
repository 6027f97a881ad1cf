/* bk-indicator.h — the dataflow layer as the layers above use it: the
 * graph (bk-graph.h, with the nodes and descriptors of bk-node.h), the
 * registry of indicator types (bk-registry.h), and the formulas.
 *
 * One descriptor per indicator type, one file per indicator under
 * indicators/, one table (bk-registry.c) that lists them.  A primitive
 * indicator has `next`, called once per bar from its minimum period on; a
 * composite one has `build`, which wires sub-indicators and expression
 * nodes together and binds its outputs to their lines (as backtrader's
 * indicators do in __init__), or a `formula` in the strategy language.
 *
 * Within the layer, from the bottom: the nodes (bk-node), the graph, the
 * operators (bk-ops) and the registry with the indicators, and the
 * formulas (bk-indicator-formula.c) on top; nothing below includes this
 * header.
 */
#pragma once

#include "bk-graph.h"
#include "bk-registry.h"

G_BEGIN_DECLS

/* A formula in the form the strategy language compiles it to.  This layer
 * cannot call up into the language: the language hands its compiler down
 * before it builds anything (bk_indicator_set_formula_compiler), and the
 * formulas hand the graph their builder the same way. */
typedef struct _BkFormula BkFormula;
typedef struct {
  /* Parses desc->formula; errors name "TYPE formula", the line and column. */
  BkFormula *(*compile) (const BkIndicatorDesc *desc, GError **error);
  /* Wires `node`, an indicator of the formula's type, and binds its outputs. */
  gboolean (*build) (const BkFormula *formula, BkNode *node, GError **error);
  void (*free) (BkFormula *formula);
} BkFormulaCompiler;

/* Installs `compiler` (static; the first call's stays), and with it the
 * graph's builder of formula indicators.  A registry type's formula is
 * compiled the first time a graph builds that type, and kept; a type
 * outside the registry is compiled for each build. */
void bk_indicator_set_formula_compiler (const BkFormulaCompiler *compiler);
/* Compiles every formula of the registry and builds each type once at its
 * defaults: FALSE with the first mistake.  For the tests, so that a
 * mistake in a shipped formula is found whichever indicators they use. */
gboolean bk_indicator_check_formulas (GError **error);

G_END_DECLS
