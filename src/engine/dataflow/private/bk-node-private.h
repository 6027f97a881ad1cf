/* bk-node-private.h — a node and a line's description themselves, and the
 * reads and writes a node makes each bar.  The engine's own (bk-node.h
 * includes it when BK_ENGINE_COMPILATION is defined, as every engine
 * library and test is built); this folder is on no front end's include
 * path, so the CLI and the window use bk-node.h's accessors. */
#pragma once

#include "bk-node.h"
#include "bk-program-private.h"

G_BEGIN_DECLS

struct _BkLineSpec {
  char *name;
  BkNode *owner;        /* the node the line is accounted to */
  BkNode *writer;       /* the node that computes it */
  guint index;          /* position among the graph's lines */
  guint lookback;       /* most values any reader takes in one step; 0: unread */
  guint minperiod;      /* bars needed before the first valid value */
  gboolean always_f64;  /* datetime: a timestamp, not a price */
  gboolean whole;       /* planned storage */
  guint external;       /* the lookback readers outside the graph noted */
  BkLine *line;
};

struct _BkNode {
  const BkIndicatorDesc *desc;  /* NULL for the feed and for groups */
  BkGraph *graph;
  BkRole role;
  char *name;                   /* a named (strategy-level) indicator's name */
  char *label;                  /* what the report shows, e.g. "SMA(30)" */
  BkNode *parent;               /* enclosing indicator, NULL at strategy level */
  GPtrArray *children;          /* BkNode*, in creation order */
  gboolean plot;
  BkPane pane;                  /* the descriptor's, unless a strategy says otherwise */
  guint index;                  /* position among the graph's nodes */
  guint n_inputs;
  BkInput inputs[BK_MAX_INPUTS];
  guint n_params;
  double params[BK_MAX_PARAMS];
  guint n_outputs;
  BkLineSpec *outputs[BK_MAX_OUTPUTS];
  char **output_names;          /* a group's line names */
  guint minperiod;
  guint first_step;             /* first bar next() is called on */
  guint64 state_cells;          /* values kept inside the node, counted as cells */
  double *state;
  /* Planned fusion (bk-fuse-private.h): the node keeps no line, its
   * readers compute it; what its next() computes, when it fuses chains
   * into its own operation; its input 0, computed again as far back as
   * its window reaches. */
  gboolean fused;
  BkProgram *program;
  BkProgram *input_program;
};

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

/* Reads input 0 `ago` bars back, where the input may be a fused chain
 * the node computes again (a descriptor with fuses_input). */
static inline double
bk_node_in_window (BkNode *node, guint ago)
{
  /* The current value of an input that keeps its line is on it. */
  if (G_UNLIKELY (node->input_program != NULL) && (ago > 0 || node->inputs[0].spec->writer->fused))
    return bk_program_eval (node->input_program, node->outputs[0]->line->length + 1, ago);
  return bk_node_in (node, 0, ago);
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

G_END_DECLS
