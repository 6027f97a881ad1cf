/* bk-universe-view-private.h — what the Universe view's files share: its
 * state.  bk-universe-view.c runs and shows, bk-universe-view-charts.c
 * draws, bk-universe-view-actions.c acts. */
#pragma once

#include <adwaita.h>

#include "bk-job.h"
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

/* A cleanup, where it happened and what it gave back. */
typedef struct {
  double t;
  guint64 before_bytes;
  guint64 after_bytes;
} CleanupMark;

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
  GtkDrawingArea *timeline_chart;
  GtkWidget *compare_box;
  GtkDrawingArea *compare_chart;
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
  GArray *cleanups;             /* CleanupMark */
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

/* The three drawing areas draw the view's charts. */
void bk_universe_view_init_charts (BkUniverseView *self);
/* The view's action group; their enabled state follows the view's. */
void bk_universe_view_init_actions (BkUniverseView *self);
void bk_universe_view_update_actions (BkUniverseView *self);

G_END_DECLS
