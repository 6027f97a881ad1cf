/* bk-sweep-view-private.h — what the Sweep view's files share: its state.
 * bk-sweep-view.c holds the parameters' panel and runs, -plot.c draws the
 * heat map and the line and answers the pointer, -table.c fills the table
 * of three parameters and more. */
#pragma once

#include <adwaita.h>

#include "bk-strategy.h"
#include "bk-sweep-view.h"

G_BEGIN_DECLS

/* How the view writes a metric (the CLI's --csv names them). */
typedef struct {
  const char *label;            /* N_() */
  gboolean percent;             /* a fraction shown as a percentage */
  int decimals;
} BkSweepMetricFormat;

struct _BkSweepView {
  GtkWidget parent_instance;

  GtkLabel *subject_label;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkBox *axes_box;
  GtkLabel *grid_label;
  GtkDropDown *metric_dropdown;
  GtkStack *stack;
  GtkDrawingArea *plot;
  GtkLabel *plot_title;
  GtkColumnView *table;
  GtkLabel *memory_label;

  GSimpleActionGroup *actions;  /* run, stop, add-parameter, open-best */
  /* What the "run" action sweeps: the toolbar's. */
  BkStrategy *chosen_strategy;
  char *chosen_strategy_name;
  char *chosen_text;            /* the strategy file's text, NULL: none */
  char *chosen_file;            /* how errors name it */
  GFile *chosen_data;           /* NULL: the bundled sample */
  GPtrArray *params_names;      /* char*, the chosen text's parameters */
  BkStrategyParams *params;     /* of the chosen text, or NULL */
  GPtrArray *rows;              /* AxisRow*, the panel's parameters */

  BkJob *job;                   /* the sweep going on (its data a Job), or NULL */
  BkJobState state;             /* of the last sweep */
  /* The sweep on screen, its axes' values and what it ran on. */
  BkSweep *sweep;
  GArray *axis_values[BK_SWEEP_VIEW_MAX_AXES];   /* double */
  char *sweep_strategy_name;
  char *sweep_file;
  char *data_name;
  char *data_path;
  guint64 n_bars;
  guint metric;
  gint64 best;
  gint64 hovered;
};

const BkSweepMetricFormat *bk_sweep_view_metric_format (guint metric);
/* A metric's value as the view writes it: "12.3%", "1.05", "n/a". */
char *bk_sweep_view_format_metric (guint metric, double value);
/* A metric's name as the view shows it, translated. */
const char *bk_sweep_view_metric_label (guint metric);
/* "sma.period=15, rules.size=20" */
char *bk_sweep_view_describe (BkSweepView *self, guint64 k);

/* -plot.c: the drawing area's draw function, pointer and click. */
void bk_sweep_view_plot_init (BkSweepView *self);
/* -table.c: the table's columns and rows for the sweep on screen. */
void bk_sweep_view_table_fill (BkSweepView *self);

G_END_DECLS
