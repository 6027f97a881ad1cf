/* bk-graph-mark.h — one step of a planned graph, undone.
 *
 * backtrader's replaydata hands a strategy the bar as it forms: the same
 * bar again at every tick, the indicators recomputed over it in place.  A
 * mark keeps what a step changes — each line's place and the value its
 * push overwrites (bk_line_mark), each node's state — so that a run can
 * step the graph, put it back as it was, and step it again with the bar
 * grown.  A mark holds one step: a line's ring or a node's state as it
 * was, a fixed amount whatever the number of bars. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct _BkGraphMark BkGraphMark;

/* For a planned graph. */
BkGraphMark *bk_graph_mark_new (BkGraph *graph);
void bk_graph_mark_free (BkGraphMark *mark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkGraphMark, bk_graph_mark_free)

/* Before a step: remembers every line and node as they are. */
void bk_graph_mark_save (BkGraphMark *mark);
/* After the step: every line and node as at the save.  The step's pushes
 * (one a line) are undone; a second restore without a save does nothing
 * more. */
void bk_graph_mark_restore (BkGraphMark *mark);
/* Values the mark holds: a line's place and one value, and the nodes'
 * state, for the memory report. */
guint64 bk_graph_mark_get_cells (const BkGraphMark *mark);

G_END_DECLS
