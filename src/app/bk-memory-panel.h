/* bk-memory-panel.h — the live memory report: a tree of data feeds,
 * indicators with their sub-indicators, and observers, with lines, cells
 * per line, cells and bytes; totals, resident memory and Clean up. */
#pragma once

#include <gtk/gtk.h>

#include "bk-compare.h"
#include "bk-painter.h"
#include "bk-report.h"
#include "bk-timeline-plot.h"

G_BEGIN_DECLS

#define BK_TYPE_MEMORY_PANEL (bk_memory_panel_get_type ())
G_DECLARE_FINAL_TYPE (BkMemoryPanel, bk_memory_panel, BK, MEMORY_PANEL, GtkWidget)

/* Shows `report` (takes ownership), or clears the panel when NULL. */
void bk_memory_panel_set_report (BkMemoryPanel *self, BkReport *report);
const BkReport *bk_memory_panel_get_report (BkMemoryPanel *self);
/* The process's resident memory, shown under the totals, split into what
 * the lines of the runs on screen took, the rest of Barkeep's heap since
 * the baseline, and the baseline: the program and its toolkit, resident
 * before the first run (0: not measured yet, no split shown). */
typedef struct {
  guint64 rss_bytes;
  guint64 lines_bytes;
  guint64 heap_bytes;
  guint64 baseline_bytes;
} BkMemorySplit;

void bk_memory_panel_set_split (BkMemoryPanel *self, const BkMemorySplit *split);
/* A live window's display cells (bars × lines; 0: none, hidden), shown
 * under the totals and never in them. */
void bk_memory_panel_set_display_cells (BkMemoryPanel *self, guint64 cells, guint64 bytes, guint n_lines, guint bars);
guint64 bk_memory_panel_get_display_cells (BkMemoryPanel *self);
const BkMemorySplit *bk_memory_panel_get_split (BkMemoryPanel *self);
/* What the window's toolkit costs: the renderer GTK draws with (known once
 * the panel is realized), and with a split and a report, the resident
 * memory before the first run against the run's cells. */
const char *bk_memory_panel_get_toolkit_text (BkMemoryPanel *self);
/* The run's memory timeline under the tree, drawn live: cells held and
 * resident memory against bars processed.  Cleared when a run starts, in
 * its mode's colour. */
void bk_memory_panel_clear_timeline (BkMemoryPanel *self, BkMode mode);
void bk_memory_panel_add_sample (BkMemoryPanel *self, guint64 bars, guint64 cells, guint64 rss_bytes);
/* BkCompareSample, oldest first. */
GArray *bk_memory_panel_get_timeline (BkMemoryPanel *self);
/* The plot the timeline is drawn in: resident memory (MiB) in a pane
 * above, cells in a pane below, each on its own axis. */
BkTimelinePlot *bk_memory_panel_get_timeline_plot (BkMemoryPanel *self);

/* The top-level rows (Data feeds, Indicators, Observers), for tests. */
GListModel *bk_memory_panel_get_rows (BkMemoryPanel *self);

G_END_DECLS
