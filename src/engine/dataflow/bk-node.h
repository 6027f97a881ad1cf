/* bk-node.h — the graph's parts, which everything in the dataflow layer
 * shares: a node, the lines it owns (BkLineSpec), its inputs, and the
 * descriptor of an indicator type (BkIndicatorDesc).  It is the bottom of
 * the layer: the graph (bk-graph.h) is built of these, and the operators,
 * the registry, the indicators and the formulas above the graph use both.
 * The structs of a node and a line, and the reads and writes a node makes
 * each bar, are the engine's (private/bk-node-private.h). */
#pragma once

#include "bk-line.h"

G_BEGIN_DECLS

typedef struct _BkGraph BkGraph;
typedef struct _BkNode BkNode;
typedef struct _BkLineSpec BkLineSpec;
typedef struct _BkIndicatorDesc BkIndicatorDesc;

typedef enum {
  BK_ROLE_FEED,
  BK_ROLE_INDICATOR,   /* an indicator or a group of lines */
  BK_ROLE_EXPRESSION,  /* one operation of an expression */
  BK_ROLE_OBSERVER,
} BkRole;

/* Where a chart draws an indicator: in a pane of its own or over the price. */
typedef enum {
  BK_PANE_OWN,
  BK_PANE_PRICE,
} BkPane;

typedef enum {
  BK_FEED_DATETIME,
  BK_FEED_OPEN,
  BK_FEED_HIGH,
  BK_FEED_LOW,
  BK_FEED_CLOSE,
  BK_FEED_VOLUME,
  BK_FEED_OPENINTEREST,
  BK_FEED_N_LINES
} BkFeedLine;

typedef enum {
  BK_MODE_KEEP_ALL = 0,          /* 0: every line whole */
  BK_MODE_MINIMAL = 1,           /* 1: every line a minimal ring */
  BK_MODE_PLOT_SAVE_INTERNALS = -1, /* -1: feed, observers, named indicators whole */
  BK_MODE_PLOT_SAVE_UNPLOTTED = -2, /* -2: as -1, plus plot=false indicators ringed */
} BkMode;

/* A reference to a line `ago` bars back, or a constant when spec is NULL. */
typedef struct {
  BkLineSpec *spec;
  guint ago;
  double value;
} BkInput;

#define BK_MAX_INPUTS 4
#define BK_MAX_PARAMS 10
#define BK_MAX_OUTPUTS 8
/* The largest period a parameter may ask for. */
#define BK_MAX_PERIOD 1000000

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
  /* Optional, for a primitive of two inputs and one output: next() as a
   * function of the inputs' values at the bar, its state (node->state)
   * and whether the bar has reached the minimum period, returning the
   * output's value.  The steps of a run of many accounts
   * (bk-graph-steps.h) call it on rings of doubles straight; next() must
   * give the same values. */
  double (*next_values) (double a, double b, double *state, gboolean warm);
  /* An element-wise operation (bk-ops.h): 1 + its BkOp; 0: none. */
  guint op;
  /* An expression node that is a function of its inputs and parameters
   * alone: inside an indicator, one node computes it for every reader. */
  gboolean pure;
  /* next() reads input 0 only through bk_node_in_window: a fused chain
   * of operations there is computed again from its operands as far back
   * as the node reads, so that its ring need not be kept (a window sum). */
  gboolean fuses_input;

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

void bk_node_set_name (BkNode *node, const char *name);
BkInput bk_node_output (BkNode *node, guint i);
BkInput bk_input_const (double value);
BkInput bk_input_delay (BkInput input, guint ago);
/* A short text for an input in labels: "close", "sma", "close[-1]", "100". */
char *bk_input_describe (BkInput input);

/* What the front ends read of a node and of a line's description; the
 * structs above are the engine's. */
const char *bk_node_get_name (const BkNode *node);        /* a named indicator's, else NULL */
const char *bk_node_get_label (const BkNode *node);
BkNode *bk_node_get_parent (const BkNode *node);           /* NULL at strategy level */
BkRole bk_node_get_role (const BkNode *node);
guint bk_node_get_n_outputs (const BkNode *node);
BkLineSpec *bk_node_get_output (const BkNode *node, guint i);
BkInput bk_node_get_input (const BkNode *node, guint i);
guint64 bk_node_get_state_cells (const BkNode *node);
/* Whether a line is kept whole in `mode`, by its owner's role. */
gboolean bk_line_spec_is_whole_in (const BkLineSpec *spec, BkMode mode);
/* Name of a mode for the user and for parsing "0", "1", "-1", "-2". */
const char *bk_mode_label (BkMode mode);
gboolean bk_mode_parse (const char *text, BkMode *mode);
const char *bk_line_spec_get_name (const BkLineSpec *spec);
BkNode *bk_line_spec_get_owner (const BkLineSpec *spec);
BkNode *bk_line_spec_get_writer (const BkLineSpec *spec);   /* the node that computes it */
guint bk_line_spec_get_lookback (const BkLineSpec *spec);
guint bk_line_spec_get_minperiod (const BkLineSpec *spec);

G_END_DECLS

/* The engine's own code sees the structs of a node and a line and reads
 * and writes them inline (private/bk-node-private.h, on no front end's
 * include path); the CLI and the window use the functions above. */
#ifdef BK_ENGINE_COMPILATION
#include "bk-node-private.h"
#endif
