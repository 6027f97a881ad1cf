/* bk-display-ring.h — the newest bars of a run that keeps nothing whole,
 * for a window to draw: the live window over a mode 1 run.
 *
 * A mode 1 run keeps each line as a ring of what its readers need, so it
 * has no history to plot.  A display ring keeps beside it the last
 * `capacity` values of every line a plotted run (mode -2) would draw: the
 * price, the plotted indicators, the observers.  It is the window's, not
 * the run's: its cells are display cells, counted apart from the run's
 * (bk_run_get_cells does not count them), and they never grow.
 *
 * Threads.  On the run's thread: bk_display_ring_push after every bar
 * (bk_display_ring_attach makes it the run's bar callback) and
 * bk_display_ring_publish now and then (with each progress report).  On
 * the thread that draws: bk_display_ring_update, after which that thread
 * reads the plan's lines (whole lines of at most `capacity` values, the
 * oldest first) until its next update.  The two share only the published
 * copy, under a lock; a push touches nothing the drawing thread reads.
 */
#pragma once

#include "bk-plot-plan.h"
#include "bk-run.h"

G_BEGIN_DECLS

/* The most bars a display ring keeps: one block of a whole line. */
#define BK_DISPLAY_RING_MAX_BARS BK_BLOCK_VALUES

typedef struct _BkDisplayRing BkDisplayRing;

/* A ring of the last `capacity` bars (1 to BK_DISPLAY_RING_MAX_BARS) of
 * `run`'s plotted lines; before bk_run_execute. */
BkDisplayRing *bk_display_ring_new (BkRun *run, guint capacity);
BkDisplayRing *bk_display_ring_ref (BkDisplayRing *ring);
void bk_display_ring_unref (BkDisplayRing *ring);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkDisplayRing, bk_display_ring_unref)

/* Makes bk_display_ring_push the run's bar callback. */
void bk_display_ring_attach (BkDisplayRing *ring);

/* The chart of the ring: the run's plan as mode -2 would draw it, over the
 * ring's own lines.  Read it on the drawing thread only. */
const BkPlotPlan *bk_display_ring_get_plan (BkDisplayRing *ring);
BkRun *bk_display_ring_get_run (BkDisplayRing *ring);
guint bk_display_ring_get_capacity (BkDisplayRing *ring);
/* The lines it copies: the plan's. */
guint bk_display_ring_get_n_lines (BkDisplayRing *ring);
/* capacity × lines: what it holds for display, full or not. */
guint64 bk_display_ring_get_cells (BkDisplayRing *ring);
/* Bytes it took: the run's ring, the published copy and the drawn lines. */
guint64 bk_display_ring_get_bytes (BkDisplayRing *ring);

/* The run's thread: copies the plotted lines' current values. */
void bk_display_ring_push (BkDisplayRing *ring);
/* The run's thread: hands the bars pushed so far to the drawing side. */
void bk_display_ring_publish (BkDisplayRing *ring);

/* The drawing thread: takes what was published into the plan's lines;
 * FALSE when nothing was published since the last update. */
gboolean bk_display_ring_update (BkDisplayRing *ring);
/* As of the last update: bars in the plan's lines (at most capacity), and
 * bars pushed since the run began. */
guint bk_display_ring_get_length (BkDisplayRing *ring);
guint64 bk_display_ring_get_pushed (BkDisplayRing *ring);

G_END_DECLS
