/* bk-graph-mark.c — a graph's lines and nodes' state, kept and put back. */
#include "bk-graph-mark.h"

#include "bk-node.h"

#include <string.h>

struct _BkGraphMark {
  BkGraph *graph;
  guint n_lines;
  BkLineMark *lines;
  guint n_nodes;
  double *state;            /* every node's state, one after another */
  guint64 state_cells;
};

BkGraphMark *
bk_graph_mark_new (BkGraph *graph)
{
  BkGraphMark *mark = g_new0 (BkGraphMark, 1);

  mark->graph = graph;
  mark->n_lines = bk_graph_get_n_lines (graph);
  mark->lines = g_new0 (BkLineMark, mark->n_lines);
  mark->n_nodes = bk_graph_get_n_nodes (graph);
  for (guint i = 0; i < mark->n_nodes; i++)
    mark->state_cells += bk_graph_get_node (graph, i)->state_cells;
  mark->state = g_new0 (double, mark->state_cells);
  return mark;
}

void
bk_graph_mark_free (BkGraphMark *mark)
{
  if (mark == NULL)
    return;
  g_free (mark->lines);
  g_free (mark->state);
  g_free (mark);
}

void
bk_graph_mark_save (BkGraphMark *mark)
{
  double *state = mark->state;

  for (guint i = 0; i < mark->n_lines; i++)
    bk_line_mark (bk_graph_get_line (mark->graph, i)->line, &mark->lines[i]);
  for (guint i = 0; i < mark->n_nodes; i++)
    {
      BkNode *node = bk_graph_get_node (mark->graph, i);

      if (node->state_cells == 0)
        continue;
      memcpy (state, node->state, node->state_cells * sizeof (double));
      state += node->state_cells;
    }
}

void
bk_graph_mark_restore (BkGraphMark *mark)
{
  const double *state = mark->state;

  for (guint i = 0; i < mark->n_lines; i++)
    bk_line_rewind (bk_graph_get_line (mark->graph, i)->line, &mark->lines[i]);
  for (guint i = 0; i < mark->n_nodes; i++)
    {
      BkNode *node = bk_graph_get_node (mark->graph, i);

      if (node->state_cells == 0)
        continue;
      memcpy (node->state, state, node->state_cells * sizeof (double));
      state += node->state_cells;
    }
}

guint64
bk_graph_mark_get_cells (const BkGraphMark *mark)
{
  return (guint64) mark->n_lines * (sizeof (BkLineMark) / sizeof (double)) + mark->state_cells;
}
