/* bk-indicator.h — what every indicator type declares.
 *
 * One descriptor per indicator type, one file per indicator under
 * indicators/, one table (bk-registry.c) that lists them.  A primitive
 * indicator has `next`, called once per bar from its minimum period on; a
 * composite one has `build`, which wires sub-indicators and expression
 * nodes together and binds its outputs to their lines (as backtrader's
 * indicators do in __init__).
 */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  double default_value;
  double min;
  double max;
  gboolean integer;
} BkParamDesc;

struct _BkIndicatorDesc {
  const char *name;
  const char *aliases[6];          /* NULL-terminated */
  const char *summary;
  guint n_inputs;
  BkFeedLine default_inputs[BK_MAX_INPUTS];
  /* The input must be an indicator's line, as Oscillator's (it reads that
   * indicator's own data): a price line given or left out is refused. */
  gboolean input_is_indicator;
  guint n_params;
  BkParamDesc params[BK_MAX_PARAMS];
  guint n_outputs;
  const char *outputs[BK_MAX_OUTPUTS];
  /* Other names of the outputs, as backtrader's linealias (NULL: none). */
  const char *output_aliases[BK_MAX_OUTPUTS];
  /* A line backtrader's indicator has and this one has not, and why (N_():
   * said when a strategy asks for it). */
  const char *left_out_line;
  const char *left_out_reason;
  BkPane pane;
  gboolean dots;                   /* drawn as a dot a bar, not a line (ParabolicSAR) */
  /* Its first four outputs are open, high, low and close: drawn as candles
   * in a pane of their own (HeikinAshi). */
  gboolean candles;
  /* The area between two outputs is shaded (Ichimoku's cloud): in the
   * rising colour where the first is above the second, else the falling. */
  gboolean cloud;
  guint cloud_lines[2];
  guint n_levels;
  double levels[4];                /* reference levels drawn in the pane */

  /* Primitive: values read from input `i` per step, counting the current. */
  guint (*lookback) (const BkNode *node, guint input);
  /* Values read from its own outputs per step, counting the current; 0: none. */
  guint self_lookback;
  /* The same, output by output, where they differ (the larger counts). */
  guint self_lookbacks[BK_MAX_OUTPUTS];
  /* What the node keeps between bars (node->state, zeroed), in cells: a
   * typed state struct declares BK_STATE_CELLS (its type). */
  guint state_cells;
  /* TRUE: next() is called from the inputs' minimum period on, to take in
   * the warm-up values one at a time; it pushes NaN until its own. */
  gboolean warms_up;
  /* Minimum period from the inputs' (already in node->inputs); NULL: theirs. */
  guint (*minperiod) (const BkNode *node, const guint *input_minperiods);
  void (*next) (BkNode *node);

  /* Composite: wired in C by `build`, or written as `formula`: statements
   * `name = expression` of the strategy language, one a line, which may use
   * the indicator's parameters by name, its inputs (`data` for a single
   * one, otherwise the price lines they default to: high, low, close...)
   * and the lines of the statements before; a statement named as an output
   * is that output. */
  gboolean (*build) (BkNode *node, GError **error);
  const char *formula;
};

/* Checks parameter `i` of `desc` against its range: the one check of
 * parameters, for the graph and the strategy language alike (which puts
 * the file, line and column in front).  BK_ERROR_LIMIT above a period's
 * limit, otherwise BK_ERROR_INVALID. */
gboolean bk_indicator_check_param (const BkIndicatorDesc *desc, guint i, double value, GError **error);

/* A formula in the form the strategy language compiles it to.  This layer
 * cannot call up into the language: the language hands its compiler down
 * before it builds anything (bk_formula_install). */
typedef struct _BkFormula BkFormula;
typedef struct {
  /* Parses desc->formula; errors name "TYPE formula", the line and column. */
  BkFormula *(*compile) (const BkIndicatorDesc *desc, GError **error);
  /* Wires `node`, an indicator of the formula's type, and binds its outputs. */
  gboolean (*build) (const BkFormula *formula, BkNode *node, GError **error);
  void (*free) (BkFormula *formula);
} BkFormulaCompiler;

/* Installs `compiler` (static; the first call's stays).  A registry
 * type's formula is compiled the first time a graph builds that type, and
 * kept. */
void bk_indicator_set_formula_compiler (const BkFormulaCompiler *compiler);
/* Builds `node`'s formula (bk_graph_add_indicator): its type's compiled
 * form, or for a type outside the registry, compiled now. */
gboolean bk_indicator_build_formula (BkNode *node, GError **error);
/* Compiles every formula of the registry and builds each type once at its
 * defaults: FALSE with the first mistake.  For the tests, so that a
 * mistake in a shipped formula is found whichever indicators they use. */
gboolean bk_indicator_check_formulas (GError **error);

/* An indicator's state is a struct of its own, kept in node->state (cells
 * of doubles: aligned for one).  It takes, and the memory report counts,
 * its bytes in whole cells rounded up: a struct of n doubles is n cells; a
 * counter or a flag takes its bytes beside them, not a cell each. */
#define BK_STATE_CELLS(Type) ((sizeof (Type) + sizeof (double) - 1) / sizeof (double))
#define BK_NODE_STATE(node, Type) ((Type *) (gpointer) (node)->state)

/* Reads input i, `ago` bars back from the current bar. */
static inline double
bk_node_in (BkNode *node, guint i, guint ago)
{
  const BkInput *input = &node->inputs[i];

  if (input->spec == NULL)
    return input->value;
  return bk_line_get (input->spec->line, input->ago + ago);
}

static inline double
bk_node_self (BkNode *node, guint i, guint ago)
{
  return bk_line_get (node->outputs[i]->line, ago);
}

static inline void
bk_node_out (BkNode *node, guint i, double value)
{
  bk_line_push (node->outputs[i]->line, value);
}

/* The registry. */
guint bk_indicator_get_n_types (void);
const BkIndicatorDesc *bk_indicator_get_type (guint i);
const BkIndicatorDesc *bk_indicator_lookup (const char *name_or_alias);

/* Shorthands for composite builders: a sub-indicator by registry name. */
BkNode *bk_build_indicator (BkNode *parent, const char *type,
                            const BkInput *inputs, guint n_inputs,
                            const double *params, guint n_params,
                            GError **error);

/* Exactly rounded sum of input i's last n values (math.fsum). */
double bk_node_window_fsum (BkNode *node, guint i, guint n);
double bk_node_window_max (BkNode *node, guint i, guint n);
double bk_node_window_min (BkNode *node, guint i, guint n);

/* Lookback of a window indicator: its first parameter, the period. */
guint bk_lookback_period (const BkNode *node, guint input);

G_END_DECLS
