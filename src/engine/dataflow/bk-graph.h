/* bk-graph.h — the graph of lines and the nodes that compute them.
 *
 * A graph holds the feed, every indicator, sub-indicator and expression
 * node, and the observers.  Nodes are added in dependency order, which is
 * also the order they step in.  Each line is described by a BkLineSpec:
 * who owns it (for accounting and for the memory modes), who writes it,
 * how far back anyone reads it (its lookback) and its first valid bar
 * (minimum period).  bk_graph_plan() then gives every line its storage
 * for one of the four memory modes.
 *
 * The graph knows the parts of bk-node.h and nothing above them: a
 * formula indicator is built by the builder the layer above installs
 * (bk-graph-private.h), and bk-indicator.h gathers the layer's API.
 */
#pragma once

#include "bk-budget.h"
#include "bk-node.h"

G_BEGIN_DECLS

BkGraph *bk_graph_new (void);
void bk_graph_free (BkGraph *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkGraph, bk_graph_free)

BkNode *bk_graph_get_feed (BkGraph *graph);
const char *bk_graph_feed_line_name (BkFeedLine line);
BkInput bk_graph_feed_input (BkGraph *graph, BkFeedLine line);
guint bk_graph_get_n_nodes (BkGraph *graph);
BkNode *bk_graph_get_node (BkGraph *graph, guint index);
guint bk_graph_get_n_lines (BkGraph *graph);
BkLineSpec *bk_graph_get_line (BkGraph *graph, guint index);
void bk_graph_set_context (BkGraph *graph, gpointer context);
gpointer bk_graph_get_context (BkGraph *graph);

/* Limits that keep hostile strategies harmless.  The nodes are the
 * strategy's: the feed, its indicators and operations, not the observers
 * a run adds. */
#define BK_GRAPH_MAX_NODES 10000

/* Adds a node computing `desc` (primitive or composite) over `inputs`.
 * Missing inputs default to the descriptor's feed lines; params may be
 * NULL (defaults) and are checked against the descriptor's ranges. */
BkNode *bk_graph_add_indicator (BkGraph *graph,
                                BkNode *parent,
                                const BkIndicatorDesc *desc,
                                const BkInput *inputs,
                                guint n_inputs,
                                const double *params,
                                guint n_params,
                                GError **error);

/* Adds a group of named lines whose values other nodes compute; a named
 * custom indicator (`lines=a;b` in a strategy file). */
BkNode *bk_graph_add_group (BkGraph *graph,
                            BkNode *parent,
                            const char *label,
                            const char *const *line_names,
                            GError **error);

/* Adds a source of lines beside the feed: values that come from outside
 * the graph, as the account a strategy's rules read (position, cash ...).
 * The run pushes one value to each of its lines every bar, before the
 * nodes step for that bar; it is never stepped.  Its lines are planned
 * and counted as the feed's are (kept whole where the feed is), and it is
 * accounted under the feed node, as data the run brings in. */
BkNode *bk_graph_add_source (BkGraph *graph,
                             const char *label,
                             const char *const *line_names,
                             GError **error);

/* Makes `node`'s output `i` the line that `source` computes: composite
 * indicators expose their sub-nodes' lines this way, without a copy. */
gboolean bk_node_bind_output (BkNode *node, guint i, BkInput source, GError **error);


/* Registers that someone outside the graph (broker, dump, rules) reads
 * `lookback` values of a line per step. */
void bk_graph_note_read (BkGraph *graph, BkLineSpec *spec, guint lookback);

/* The cells mode 1 keeps: every line's ring (its lookback, at least 1;
 * none for an operation fused into its readers) and every node's state.
 * No mode keeps more in rings; whole lines grow with the bars instead.
 * Before bk_graph_plan, a bound counted as the graph is built, without
 * fusion (which only lowers it). */
guint64 bk_graph_get_cells (BkGraph *graph);

/* Gives every line storage for `mode`.  `shrink_line` (a line index, or -1)
 * makes that ring one value smaller than it must be: tests use it to see
 * that every ring is minimal. */
void bk_graph_plan (BkGraph *graph, BkMode mode, BkPrecision precision, gint shrink_line);
/* What the graph keeps is taken from `budget` (before bk_graph_plan; NULL,
 * the default: no bound): the rings and the nodes' state as it is planned,
 * the whole lines' blocks as they grow; all of it goes back when the graph
 * is freed.  A refusal raises the overrun flag, so that the run stops at
 * the bar, and makes bk_graph_is_over_budget() TRUE. */
void bk_graph_set_budget (BkGraph *graph, BkBudget *budget);
gboolean bk_graph_is_over_budget (BkGraph *graph);
/* The bytes the graph's plan in `mode` keeps whatever the number of bars
 * (rings and node state, `fixed`), and those its whole lines add a bar
 * (`per_bar`, 0 in mode 1), counting values at `precision`. */
void bk_graph_get_plan_bytes (BkGraph *graph, BkMode mode, BkPrecision precision,
                              guint64 *fixed, guint64 *per_bar);
/* The bars a run of the graph in `mode` keeps within a budget of `limit`
 * bytes, its trades aside: whole lines take blocks of BK_BLOCK_VALUES
 * values, from mappings of BK_BLOCK_POOL_CHUNK_BYTES, and their
 * directories.  G_MAXUINT64: any number (no whole lines); 0: not one. */
guint64 bk_graph_get_bars_within (BkGraph *graph, BkMode mode, BkPrecision precision, guint64 limit);
BkMode bk_graph_get_mode (BkGraph *graph);
BkPrecision bk_graph_get_precision (BkGraph *graph);
gboolean *bk_graph_get_overrun_flag (BkGraph *graph);
/* Puts a planned graph whose lines are all rings back as bk_graph_plan()
 * left it: empty lines, zero state.  FALSE (and nothing changed) when a
 * line is whole. */
gboolean bk_graph_reset (BkGraph *graph);



/* Sharing, for a run of several strategies over one graph (a sweep):
 * with it on (before anything is added), an indicator or an operation
 * that a node of the same descriptor, parameters and inputs already
 * computes is that node, returned again, not a new one; a group's output
 * bound to a line another node owns points at that line instead of a
 * copy.  The values are the same either way: sharing only computes them
 * once.  Off by default, as a normal run has it. */
void bk_graph_set_sharing (BkGraph *graph, gboolean sharing);
/* Starts part `part` (1, 2, ...: one strategy's build) of a sharing
 * graph: what is added from now on is that part's, and a node it is
 * handed again by another part becomes shared.  The node limit counts
 * each part apart.  Nodes made outside any part (the feed) are shared. */
void bk_graph_begin_part (BkGraph *graph, guint part);
/* After bk_graph_plan: the cells of `part`'s own lines and node state,
 * or with part 0 of those shared by several parts (the feed's included).
 * The parts' cells and the shared ones add up to every cell the run
 * holds. */
guint64 bk_graph_get_part_cells (BkGraph *graph, guint part);

/* Fusion: a chain of element-wise operations (arithmetic, comparisons,
 * logic, Abs, Max, Min) is computed in its readers, in registers, where
 * its lines are rings: an operation read only by operations keeps no
 * line, and a window sum (SMA, SumN) over an operation computes the
 * value that leaves its window again from the operation's operands, where
 * that keeps fewer values than the operation's ring.  The values are the
 * same bits either way.  On by default; off in a graph made while the
 * environment has BARKEEP_NO_FUSION, or with this (before bk_graph_plan). */
void bk_graph_set_fusion (BkGraph *graph, gboolean fusion);
gboolean bk_graph_get_fusion (BkGraph *graph);
/* The values a ring line keeps in `mode`: its lookback there, at least 1,
 * or 0 when its node is fused into its readers. */
guint bk_graph_get_ring_in (BkGraph *graph, BkLineSpec *spec, BkMode mode);
/* Whether `node` is fused into its readers in `mode` (it keeps no line),
 * and whether `node` (a window sum) computes its input again there. */
gboolean bk_graph_is_fused_in (BkGraph *graph, BkNode *node, BkMode mode);
gboolean bk_graph_recomputes_in (BkGraph *graph, BkNode *node, BkMode mode);

/* One step of every node, in order, for the bar just pushed to the feed. */
void bk_graph_step_nodes (BkGraph *graph, guint64 bar_count, BkRole role);

G_END_DECLS
