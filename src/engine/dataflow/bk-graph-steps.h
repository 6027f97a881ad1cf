/* bk-graph-steps.h — a planned graph's nodes of one role stepped as
 * bk_graph_step_nodes steps them, with the same values, but each
 * operation on rings of doubles computed on its lines straight, without
 * a node's call and a line's generic reads and writes.  For the runs
 * that step one graph for many accounts, where the operations are most
 * of a bar's work. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct _BkGraphSteps BkGraphSteps;

/* After bk_graph_plan; `graph` must outlive it and gain no node. */
BkGraphSteps *bk_graph_steps_new (BkGraph *graph, BkRole role);
void bk_graph_steps_free (BkGraphSteps *steps);

/* As bk_graph_step_nodes (graph, bar_count, role). */
void bk_graph_steps_run (BkGraphSteps *steps, guint64 bar_count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkGraphSteps, bk_graph_steps_free)

G_END_DECLS
