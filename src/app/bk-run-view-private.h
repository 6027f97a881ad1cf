/* bk-run-view-private.h — the Run view's state, shared by its files:
 * bk-run-view.c (runs, the document, actions), bk-run-view-memory.c (the
 * memory panel's split) and bk-run-view-export.c (exports and
 * accessors). */
#pragma once

#include <adwaita.h>

#include "bk-display-ring.h"
#include "bk-events-list.h"
#include "bk-job.h"
#include "bk-parameter-panel.h"
#include "bk-run-view.h"
#include "bk-source.h"
#include "bk-strategy-document.h"
#include "bk-strategy-editor.h"

G_BEGIN_DECLS

/* A live run's source, events and live window (bk-run-view-live.c). */
typedef struct _BkRunLive BkRunLive;

/* What the worker thread and the main loop share about one run: the
 * data of its BkJob. */
typedef struct {
  BkRunView *view;           /* a strong reference while the job lives */
  BkRun *run;
  BkSource *source;
  GFile *data;               /* NULL: the bundled sample */
  gboolean yielding;         /* the worker's priority is lowered (its own) */
  BkRunLive *live;           /* a live source's run, or NULL */
  gboolean shown;            /* the window follows it (main thread's) */
  guint64 start_cells;       /* its cells and the process's memory at its start */
  guint64 start_rss;
} RunJob;

/* A run asked for while another went on: it starts when that one ends. */
typedef struct {
  BkStrategy *strategy;
  GFile *data;
  BkMode mode;
  BkPrecision precision;
} PendingRun;

struct _BkRunView {
  GtkWidget parent_instance;

  GtkWidget *paned;
  GtkWidget *editor_pane;
  BkStrategyEditor *editor;
  BkParameterPanel *parameter_panel;
  GSettings *settings;
  AdwToastOverlay *toast_overlay;
  GtkStack *chart_stack;
  AdwStatusPage *strategy_status;
  char *strategy_error;         /* what strategy_status says, as text */
  BkChart *chart;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkRevealer *stale_revealer;
  GtkLabel *stale_label;
  GtkStack *side_stack;
  BkMemoryPanel *memory_panel;
  BkResultsPanel *results_panel;
  BkEventsList *events_list;

  GSimpleActionGroup *actions;   /* the view's own: run, stop, exports */
  BkStrategyDocument *document;  /* what Run runs: the editor's */
  guint n_superseded;            /* runs stopped for a newer one */
  GListModel *live_runs;         /* the application's: they count too */

  BkRun *shown;              /* the last run that ended well */
  GFile *shown_data;         /* its data */
  BkJob *job;                /* the run going on (its data a RunJob), or NULL */
  BkJobState state;          /* of the last run: cancelled is stopped */
  PendingRun *pending;

  /* The settings chosen now: what Run runs, and for the stale note. */
  GFile *chosen_data;        /* NULL: the bundled sample */
  BkMode chosen_mode;
  BkPrecision chosen_precision;
  BkStrategy *chosen_strategy;
  char *chosen_strategy_name;

  /* Live runs: the newest bars kept in view, and mode 1's live window
   * (its ring) while its run is the one shown. */
  guint live_window;
  BkDisplayRing *live_ring;

  gboolean cleanup_pending;
  gboolean cleanup_force_pending;
  guint64 cleanup_before;
  guint64 cleanup_after;
  /* Resident memory and heap before the first run: the program and its
   * toolkit. */
  gboolean have_baseline;
  guint64 baseline_rss;
  guint64 baseline_heap;
};

/* The run going on (the data of its job), or NULL. */
RunJob *bk_run_view_running (BkRunView *self);

/* bk-run-view.c for bk-run-view-live.c: a job of `job` running `func` as
 * the view's run (not started); a run put on screen; a failure told. */
BkJob *bk_run_view_begin_job (BkRunView *self, RunJob *job, BkJobFunc func);
void bk_run_view_show (BkRunView *self, BkRun *run);
void bk_run_view_fail (BkRunView *self, const char *message);

/* bk-run-view-live.c */
void bk_run_live_free (BkRunLive *live);
/* The live window of `run` if it is the one a live run kept, or NULL. */
BkDisplayRing *bk_run_view_get_display_ring (BkRunView *self, BkRun *run);
/* The memory panel's display cells: `run`'s live window's, or none. */
void bk_run_view_show_display_cells (BkRunView *self, BkRun *run);
void bk_run_view_open_follow_dialog (BkRunView *self);

G_END_DECLS
