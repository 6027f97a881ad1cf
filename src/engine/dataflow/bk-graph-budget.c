/* bk-graph-budget.c — the bytes a graph's plan keeps in a mode, and the
 * bars it keeps within a bound: part of the graph (bk-graph.h), from
 * what its lines and nodes say. */
#include "bk-graph.h"

void
bk_graph_get_plan_bytes (BkGraph *graph, BkMode mode, BkPrecision precision, guint64 *fixed, guint64 *per_bar)
{
  guint64 ring_bytes = 0, bar_bytes = 0;

  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    {
      BkLineSpec *spec = bk_graph_get_line (graph, i);
      gsize size = bk_line_value_size (spec->always_f64 ? BK_PRECISION_F64 : precision);

      if (bk_line_spec_is_whole_in (spec, mode))
        bar_bytes += size;
      else
        ring_bytes += (guint64) bk_graph_get_ring_in (graph, spec, mode) * size;
    }
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    ring_bytes += bk_graph_get_node (graph, i)->state_cells * sizeof (double);
  if (fixed != NULL)
    *fixed = ring_bytes;
  if (per_bar != NULL)
    *per_bar = bar_bytes;
}

guint64
bk_graph_get_bars_within (BkGraph *graph, BkMode mode, BkPrecision precision, guint64 limit)
{
  guint64 fixed, per_bar, bars = 0, n_whole = 0;

  bk_graph_get_plan_bytes (graph, mode, precision, &fixed, &per_bar);
  for (guint i = 0; i < bk_graph_get_n_lines (graph); i++)
    n_whole += bk_line_spec_is_whole_in (bk_graph_get_line (graph, i), mode);
  if (fixed > limit)
    return 0;
  if (n_whole == 0)
    return G_MAXUINT64;
  /* Every whole line takes a block at the same bar, and a page of its
   * directory every BK_DIR_BLOCKS blocks; the blocks of f64 values fill the
   * mappings exactly, those of f32 nearly. */
  for (guint64 pages = 1; pages <= BK_DIR_PAGES; pages++)
    {
      guint64 directory = n_whole * (BK_DIR_PAGES * sizeof (void **) + pages * BK_DIR_BLOCKS * sizeof (void *));
      guint64 page_bars = pages << (BK_DIR_SHIFT + BK_BLOCK_SHIFT);

      if (directory > limit - fixed)
        break;
      guint64 chunks = (limit - fixed - directory) / BK_BLOCK_POOL_CHUNK_BYTES;
      guint64 within = chunks * BK_BLOCK_POOL_CHUNK_BYTES / (per_bar * BK_BLOCK_VALUES) * BK_BLOCK_VALUES;

      bars = MIN (within, page_bars);
      if (within <= page_bars)
        break;
    }
  return bars;
}
