/* bk-run-view-memory.c — what the Run view's memory panel shows:
 * resident memory split into the lines of every run the application keeps,
 * the rest of the heap, and the baseline before the first run. */
#include "config.h"

#include "bk-live-run.h"
#include "bk-run-view-private.h"
#include "bk-thread.h"

static void
add_run_storage (GPtrArray *seen, BkRun *run, guint64 *lines, guint64 *rings)
{
  guint64 ring_bytes = 0;

  if (run == NULL || g_ptr_array_find (seen, run, NULL))
    return;
  g_ptr_array_add (seen, run);
  *lines += bk_run_get_storage_bytes (run, &ring_bytes);
  *rings += ring_bytes;
}

static guint64
heap_total (void)
{
  BkHeapUsage heap;

  bk_process_heap_usage (&heap);
  return heap.in_use_bytes + heap.free_bytes;
}

void
bk_run_view_note_baseline (BkRunView *self)
{
  if (self->have_baseline)
    return;
  self->have_baseline = TRUE;
  self->baseline_rss = bk_process_rss_bytes ();
  self->baseline_heap = heap_total ();
}

BkMemorySplit
bk_run_view_measure_memory (BkRunView *self)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  BkMemorySplit split = { bk_process_rss_bytes (), 0, 0, 0 };
  GListModel *live = self->live_runs;
  guint64 rings = 0;

  /* The lines of every run the application keeps: the one shown, the one
   * going on, the live runs other views published (the Compare view's). */
  add_run_storage (seen, self->shown, &split.lines_bytes, &rings);
  add_run_storage (seen, self->job != NULL ? bk_run_view_running (self)->run : NULL, &split.lines_bytes, &rings);
  for (guint i = 0; live != NULL && i < g_list_model_get_n_items (live); i++)
    {
      g_autoptr(BkLiveRun) item = g_list_model_get_item (live, i);

      add_run_storage (seen, bk_live_run_get_run (item), &split.lines_bytes, &rings);
    }
  if (self->live_ring != NULL)
    {
      /* A live window's copies: two on the heap, its drawn lines' blocks. */
      split.lines_bytes += bk_display_ring_get_bytes (self->live_ring);
      rings += 2 * bk_display_ring_get_cells (self->live_ring) * sizeof (double);
    }
  if (self->have_baseline)
    {
      /* Rings are on the heap: counted once, with the lines. */
      guint64 heap = heap_total ();

      split.baseline_bytes = self->baseline_rss;
      split.heap_bytes = heap > self->baseline_heap + rings ? heap - self->baseline_heap - rings : 0;
    }
  return split;
}

void
bk_run_view_set_live_runs (BkRunView *self, GListModel *live_runs)
{
  g_return_if_fail (BK_IS_RUN_VIEW (self));

  if (self->live_runs != NULL)
    g_signal_handlers_disconnect_by_data (self->live_runs, self);
  g_set_object (&self->live_runs, live_runs);
  /* What others publish changes what the panel's lines count. */
  if (live_runs == NULL)
    return;
  g_signal_connect_swapped (live_runs, "items-changed", G_CALLBACK (bk_run_view_update_memory), self);
  bk_run_view_update_memory (self);
}

void
bk_run_view_update_memory (BkRunView *self)
{
  BkMemorySplit split = bk_run_view_measure_memory (self);

  bk_memory_panel_set_split (self->memory_panel, &split);
}
