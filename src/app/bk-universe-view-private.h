/* bk-universe-view-private.h — what the Universe view's files share: its
 * state.  bk-universe-view.c runs and shows, bk-universe-view-charts.c
 * draws, bk-universe-view-actions.c acts. */
#pragma once

#include <adwaita.h>

#include "bk-job.h"
#include "bk-timeline-plot.h"
#include "bk-universe-view.h"

G_BEGIN_DECLS

/* A run alone, or one of the two of "Compare memory". */
typedef enum {
  PHASE_SINGLE,
  PHASE_BEFORE,
  PHASE_AFTER,
} Phase;

/* What the worker thread and the main loop share about one run: the data
 * of its BkJob. */
typedef struct {
  BkUniverseView *view;         /* a strong reference while the job lives */
  BkModel *model;
  char *source;
  BkUniverseOptions options;
  Phase phase;
  BkUniverseResult *result;
  BkBmaResult *fit;
} Job;

/* One point of a memory timeline. */
typedef struct {
  double t;
  guint64 rss_bytes;
  guint64 cells;
  guint chunk;
} Point;

/* One run's timeline in the before-and-after plot. */
typedef struct {
  GArray *points;               /* Point */
  guint64 peak_rss_bytes;
  double elapsed;
  BkMode mode;
  guint chunk;
} Series;

struct _BkUniverseView {
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *source_label;
  GtkLabel *model_label;
  GtkEntry *split_entry;
  GtkSpinButton *chunk_spin;
  GtkSpinButton *jobs_spin;
  GtkDropDown *mode_dropdown;
  GtkDropDown *precision_dropdown;
  GtkDropDown *cleanup_dropdown;
  GtkSpinButton *warn_spin;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkRevealer *warning_revealer;
  GtkLabel *warning_label;
#if ADW_CHECK_VERSION (1, 3, 0)
  AdwBanner *warning_banner;    /* in place of the revealer, where there is one */
#endif
  GtkStack *stack;
  GtkLabel *summary_label;
  BkTimelinePlot *timeline_chart;
  GtkWidget *compare_box;
  BkTimelinePlot *compare_chart;
  GtkWidget *fit_box;
  GtkDrawingArea *pip_chart;
  GtkGrid *coef_grid;
  GtkGrid *models_grid;
  GtkExpander *symbols_expander;
  GtkColumnView *symbols_view;
  GtkLabel *skipped_label;

  GSimpleActionGroup *actions;  /* the view's own: run, stop, sources, exports */
  char *source;
  char *model_path;             /* NULL: the built-in seed-features */
  BkJob *job;                   /* the run going on (its data a Job), or NULL */
  BkJobState state;             /* of the last run: cancelled is stopped */
  GArray *points;               /* Point: the run's memory as it went */
  GString *skipped_live;        /* the skips reported so far */
  BkUniverseProgress last;      /* the last report (its pointers cleared) */
  guint64 start_rss;
  guint64 warn_bytes;
  guint n_warnings;
  Series before, after;         /* of the last "Compare memory" */
  gboolean compared;            /* both are there */
  BkUniverseResult *result;
  BkBmaResult *fit;
};

/* The inclusion probabilities' drawing area draws them. */
void bk_universe_view_init_charts (BkUniverseView *self);
/* The memory timeline of a run starting now, from self->start_rss (the
 * growth warning's threshold self->warn_bytes above it, 0: none); a
 * point of it, kept in self->points and plotted, with the cleanup just
 * done (or NULL). */
void bk_universe_view_begin_timeline (BkUniverseView *self);
void bk_universe_view_add_point (BkUniverseView *self, const Point *point, const BkUniverseCleanupRecord *cleanup);
/* Before and after of the last "Compare memory" on one plot; empty
 * without one. */
void bk_universe_view_fill_compare (BkUniverseView *self);
/* The view's action group; their enabled state follows the view's. */
void bk_universe_view_init_actions (BkUniverseView *self);
void bk_universe_view_update_actions (BkUniverseView *self);

G_END_DECLS
