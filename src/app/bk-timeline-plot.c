/* bk-timeline-plot.c — the memory timeline the Run view's memory panel,
 * the Compare view and the Universe view draw: lines against bars or
 * seconds in one pane or two, drawn with the painter so that it reads
 * like every other plot. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-timeline-plot.h"

#define MAX_PANES 2
#define MAX_POINTS 4096
/* Drops are labelled while there are no more than this. */
#define MAX_DROP_LABELS 12

typedef struct {
  double x, y;
} TimelinePoint;

/* Where a line's colour comes from, fixed or from the theme at each draw. */
typedef enum {
  COLOR_RGB,
  COLOR_MUTED,                  /* the text's colour half way to the background */
  COLOR_PALETTE,
  COLOR_WARNING,
} ColorSource;

typedef struct {
  char *name;
  guint pane;
  ColorSource color;
  BkRgb rgb;                    /* COLOR_RGB */
  guint palette;                /* COLOR_PALETTE */
  gboolean threshold;           /* a dashed line across the pane at y */
  double y;
  GArray *points;               /* TimelinePoint */
} TimelineSeries;

typedef struct {
  guint pane;
  double x, from, to;
  char *label;
} TimelineDrop;

typedef struct {
  BkTimelineUnit unit;
  gboolean log;
} TimelinePane;

struct _BkTimelinePlot {
  GtkWidget parent_instance;

  BkTimelineLayout layout;
  BkTimelineXUnit x_unit;
  TimelinePane panes[MAX_PANES];
  guint n_panes;
  GPtrArray *series;            /* TimelineSeries, lines and thresholds */
  GArray *x_marks;              /* double */
  GArray *drops;                /* TimelineDrop */
};

G_DEFINE_FINAL_TYPE (BkTimelinePlot, bk_timeline_plot, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  TimelineSeries *series = data;

  g_free (series->name);
  g_array_unref (series->points);
  g_free (series);
}

static void
drop_clear (gpointer data)
{
  g_free (((TimelineDrop *) data)->label);
}

static TimelineSeries *
get_series (BkTimelinePlot *self, guint series)
{
  g_assert (series < self->series->len);
  return g_ptr_array_index (self->series, series);
}

BkTimelinePlot *
bk_timeline_plot_new (void)
{
  return g_object_new (BK_TYPE_TIMELINE_PLOT, NULL);
}

void
bk_timeline_plot_set_layout (BkTimelinePlot *self, const BkTimelineLayout *layout)
{
  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  self->layout = *layout;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
bk_timeline_plot_add_pane (BkTimelinePlot *self, BkTimelineUnit unit, gboolean log)
{
  g_return_val_if_fail (BK_IS_TIMELINE_PLOT (self), 0);
  g_return_val_if_fail (self->n_panes < MAX_PANES, 0);
  self->panes[self->n_panes] = (TimelinePane) { unit, log };
  return self->n_panes++;
}

void
bk_timeline_plot_set_x_unit (BkTimelinePlot *self, BkTimelineXUnit unit)
{
  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  self->x_unit = unit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static TimelineSeries *
add_series (BkTimelinePlot *self, guint pane, const char *name, ColorSource color)
{
  TimelineSeries *series = g_new0 (TimelineSeries, 1);

  series->name = g_strdup (name);
  series->pane = pane;
  series->color = color;
  series->points = g_array_new (FALSE, FALSE, sizeof (TimelinePoint));
  g_ptr_array_add (self->series, series);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return series;
}

guint
bk_timeline_plot_add_series (BkTimelinePlot *self, guint pane, const char *name, const BkRgb *rgb)
{
  g_return_val_if_fail (pane < self->n_panes, 0);
  TimelineSeries *series = add_series (self, pane, name, rgb != NULL ? COLOR_RGB : COLOR_MUTED);
  if (rgb != NULL)
    series->rgb = *rgb;
  return self->series->len - 1;
}

guint
bk_timeline_plot_add_palette_series (BkTimelinePlot *self, guint pane, const char *name, guint i)
{
  g_return_val_if_fail (pane < self->n_panes, 0);
  add_series (self, pane, name, COLOR_PALETTE)->palette = i;
  return self->series->len - 1;
}

guint
bk_timeline_plot_add_threshold (BkTimelinePlot *self, guint pane, const char *name, double y)
{
  g_return_val_if_fail (pane < self->n_panes, 0);
  TimelineSeries *series = add_series (self, pane, name, COLOR_WARNING);
  series->threshold = TRUE;
  series->y = y;
  return self->series->len - 1;
}

void
bk_timeline_plot_set_series_name (BkTimelinePlot *self, guint series, const char *name)
{
  TimelineSeries *s = get_series (self, series);

  if (g_strcmp0 (s->name, name) == 0)
    return;
  g_free (s->name);
  s->name = g_strdup (name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bk_timeline_plot_append (BkTimelinePlot *self, guint series, double x, double y)
{
  TimelineSeries *s = get_series (self, series);
  TimelinePoint point = { x, y };
  GArray *points = s->points;

  if (points->len >= MAX_POINTS)
    {
      for (guint i = 1; 2 * i < points->len; i++)
        g_array_index (points, TimelinePoint, i) = g_array_index (points, TimelinePoint, 2 * i);
      g_array_set_size (points, (points->len + 1) / 2);
    }
  g_array_append_val (points, point);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bk_timeline_plot_add_x_mark (BkTimelinePlot *self, double x)
{
  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  g_array_append_val (self->x_marks, x);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bk_timeline_plot_add_drop (BkTimelinePlot *self, guint pane, double x, double from, double to, const char *label)
{
  TimelineDrop drop = { pane, x, from, to, g_strdup (label) };

  g_return_if_fail (pane < self->n_panes);
  g_array_append_val (self->drops, drop);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bk_timeline_plot_clear (BkTimelinePlot *self)
{
  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->x_marks, 0);
  g_array_set_size (self->drops, 0);
  self->n_panes = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
bk_timeline_plot_get_n_points (BkTimelinePlot *self, guint series)
{
  return get_series (self, series)->points->len;
}

guint
bk_timeline_plot_get_n_series (BkTimelinePlot *self)
{
  g_return_val_if_fail (BK_IS_TIMELINE_PLOT (self), 0);
  return self->series->len;
}

guint
bk_timeline_plot_get_n_x_marks (BkTimelinePlot *self)
{
  g_return_val_if_fail (BK_IS_TIMELINE_PLOT (self), 0);
  return self->x_marks->len;
}

guint
bk_timeline_plot_get_n_drops (BkTimelinePlot *self)
{
  g_return_val_if_fail (BK_IS_TIMELINE_PLOT (self), 0);
  return self->drops->len;
}

static BkRgb
series_rgb (const TimelineSeries *series, const BkPainterColors *colors)
{
  switch (series->color)
    {
    case COLOR_RGB:
      return series->rgb;
    case COLOR_PALETTE:
      return bk_painter_palette (colors, series->palette);
    case COLOR_WARNING:
      return colors->down;
    case COLOR_MUTED:
    default:
      /* Opaque, so that the line is its swatch's colour. */
      return (BkRgb) { (colors->fg.r + colors->bg.r) / 2, (colors->fg.g + colors->bg.g) / 2,
                       (colors->fg.b + colors->bg.b) / 2 };
    }
}

BkRgb
bk_timeline_plot_get_series_rgb (BkTimelinePlot *self, guint series)
{
  BkPainterColors colors;

  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  return series_rgb (get_series (self, series), &colors);
}

/* A value as its pane's axis shows it: bytes in MiB. */
static double
pane_value (const TimelinePane *pane, double y)
{
  if (pane->unit == BK_TIMELINE_UNIT_BYTES)
    y /= 1048576.0;
  return pane->log ? MAX (y, 1.0) : y;
}

/* Every pane's area at width×height: with two, one above the other, each
 * on an axis of its own; the largest x in *xmax (at least a bar, or a
 * millisecond). */
static void
pane_areas (BkTimelinePlot *self, int width, int height, BkPlotArea *areas, double *xmax)
{
  const BkTimelineLayout *l = &self->layout;
  double most[MAX_PANES] = { 1, 1 };
  double plot_width = MAX (width - l->left - l->right, 10), bottom = height - l->bottom;

  *xmax = self->x_unit == BK_TIMELINE_X_SECONDS ? 1e-3 : 1;
  for (guint s = 0; s < self->series->len; s++)
    {
      const TimelineSeries *series = g_ptr_array_index (self->series, s);

      if (series->threshold)
        most[series->pane] = MAX (most[series->pane], series->y);
      for (guint i = 0; i < series->points->len; i++)
        {
          const TimelinePoint *p = &g_array_index (series->points, TimelinePoint, i);

          most[series->pane] = MAX (most[series->pane], p->y);
          *xmax = MAX (*xmax, p->x);
        }
    }
  for (guint i = 0; i < self->drops->len; i++)
    {
      const TimelineDrop *drop = &g_array_index (self->drops, TimelineDrop, i);

      most[drop->pane] = MAX (most[drop->pane], MAX (drop->from, drop->to));
    }
  if (self->n_panes == 1)
    areas[0] = (BkPlotArea) { l->left, plot_width, 0, height, l->top, bottom };
  else
    {
      double split = l->top + (bottom - l->top) * (l->split > 0 ? l->split : 0.5);

      areas[0] = (BkPlotArea) { l->left, plot_width, l->top - 4, split - l->top + 4, l->top, split - 5 };
      areas[1] = (BkPlotArea) { l->left, plot_width, split, height - split, split + 5, bottom };
    }
  for (guint p = 0; p < self->n_panes; p++)
    {
      const TimelinePane *pane = &self->panes[p];
      double top_value = pane->unit == BK_TIMELINE_UNIT_BYTES ? most[p] / 1048576.0 : most[p];

      areas[p].log = pane->log;
      areas[p].ymin = pane->log ? 1 : 0;
      areas[p].ymax = pane->log ? top_value * 2 : top_value * 1.1;
    }
}

void
bk_timeline_plot_pane_area (BkTimelinePlot *self, guint pane, int width, int height, BkPlotArea *area,
                            double *xmax)
{
  BkPlotArea areas[MAX_PANES];

  g_return_if_fail (pane < self->n_panes);
  pane_areas (self, width, height, areas, xmax);
  *area = areas[pane];
}

/* x at value v on the x axis running from 0 to xmax over `plot`, on a
 * pixel's centre. */
static double
pixel_x (const BkPlotArea *plot, double v, double xmax)
{
  return round (plot->left + v / xmax * plot->width) + 0.5;
}

static void
clip_to_pane (cairo_t *cr, const BkPlotArea *plot)
{
  cairo_rectangle (cr, plot->left, plot->data_top - 1, plot->width, plot->data_bottom - plot->data_top + 2);
  cairo_clip (cr);
}

static void
draw_threshold (BkTimelinePlot *self, cairo_t *cr, const TimelineSeries *series, const BkPlotArea *plot,
                BkRgb rgb)
{
  static const double dash[] = { 5.0, 3.0 };
  double y = round (bk_plot_area_y (plot, pane_value (&self->panes[series->pane], series->y))) + 0.5;

  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  bk_painter_set_rgb (cr, rgb, 1.0);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, plot->left, y);
  cairo_line_to (cr, plot->left + plot->width, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_line (BkTimelinePlot *self, cairo_t *cr, const TimelineSeries *series, const BkPlotArea *plot, double xmax,
           BkRgb rgb)
{
  const TimelinePane *pane = &self->panes[series->pane];

  cairo_new_path (cr);
  for (guint i = 0; i < series->points->len; i++)
    {
      const TimelinePoint *p = &g_array_index (series->points, TimelinePoint, i);
      double x = plot->left + p->x / xmax * plot->width;
      double y = bk_plot_area_y (plot, pane_value (pane, p->y));

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_line_width (cr, self->layout.line_width);
  bk_painter_set_rgb (cr, rgb, 1.0);
  cairo_stroke (cr);
}

/* Each drop from where it began to where it ended, a dot at its foot,
 * and its label above its top when there is room for them all. */
static void
draw_drops (BkTimelinePlot *self, cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors,
            const BkPlotArea *areas, double xmax)
{
  gboolean labels = self->drops->len <= MAX_DROP_LABELS;

  for (guint i = 0; i < self->drops->len; i++)
    {
      const TimelineDrop *drop = &g_array_index (self->drops, TimelineDrop, i);
      const TimelinePane *pane = &self->panes[drop->pane];
      const BkPlotArea *plot = &areas[drop->pane];
      double x = pixel_x (plot, drop->x, xmax);
      double y0 = bk_plot_area_y (plot, pane_value (pane, drop->from));
      double y1 = MAX (bk_plot_area_y (plot, pane_value (pane, drop->to)), y0 + 3);

      cairo_save (cr);
      clip_to_pane (cr, plot);
      bk_painter_set_rgb (cr, colors->up, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
      cairo_stroke (cr);
      cairo_arc (cr, x, y1, 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
      if (labels && drop->label != NULL)
        bk_painter_text (cr, layout, drop->label, x + 3, y0 - 2, 0.0, 1.0);
      cairo_restore (cr);
    }
}

void
bk_timeline_plot_draw (BkTimelinePlot *self, cairo_t *cr, int width, int height)
{
  BkPainterColors colors;
  BkPlotArea areas[MAX_PANES];
  const char *names[8];
  BkRgb rgbs[8];
  guint most_points = 0;
  double xmax;

  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  for (guint s = 0; s < self->series->len; s++)
    most_points = MAX (most_points, ((TimelineSeries *) g_ptr_array_index (self->series, s))->points->len);
  /* Nothing until a line has two points. */
  if (self->n_panes == 0 || most_points < 2)
    return;
  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  pane_areas (self, width, height, areas, &xmax);
  const BkPlotArea *lowest = &areas[self->n_panes - 1];

  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  for (guint p = 0; p < self->n_panes; p++)
    bk_painter_y_axis (cr, layout, &colors, &areas[p]);
  BkPlotArea x_axis = *lowest;
  if (self->layout.x_grid_both)
    x_axis.data_top = areas[0].data_top;
  bk_painter_x_axis (cr, layout, &colors, &x_axis, 0, xmax);
  /* Each axis's unit above its top label, seconds under the x axis's. */
  bk_painter_set_rgb (cr, colors.fg, 0.6);
  for (guint p = 0; p < self->n_panes; p++)
    if (self->panes[p].unit == BK_TIMELINE_UNIT_BYTES)
      bk_painter_text (cr, layout, _("MiB"), areas[p].left + areas[p].width + 6, areas[p].data_top - 3, 0.0, 1.0);
  if (self->x_unit == BK_TIMELINE_X_SECONDS)
    bk_painter_text (cr, layout, _("seconds"), lowest->left + lowest->width, height - 2, 1.0, 1.0);
  guint n_legend = MIN (self->series->len, G_N_ELEMENTS (names));
  for (guint s = 0; s < n_legend; s++)
    {
      const TimelineSeries *series = g_ptr_array_index (self->series, s);

      names[s] = series->name;
      rgbs[s] = series_rgb (series, &colors);
    }
  bk_painter_legend (cr, layout, &colors, 4, 2, NULL, n_legend, names, rgbs, NULL);
  if (self->n_panes == 2)
    {
      /* The line between the two panes. */
      bk_painter_set_rgb (cr, colors.fg, 0.15);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, areas[0].left, round (areas[1].top) + 0.5);
      cairo_line_to (cr, areas[0].left + areas[0].width, round (areas[1].top) + 0.5);
      cairo_stroke (cr);
    }

  /* The thresholds under the lines; every line opaque, in its swatch's
   * colour. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint pass = 0; pass < 2; pass++)
    for (guint s = 0; s < self->series->len; s++)
      {
        const TimelineSeries *series = g_ptr_array_index (self->series, s);
        const BkPlotArea *plot = &areas[series->pane];

        if (series->threshold != (pass == 0))
          continue;
        cairo_save (cr);
        clip_to_pane (cr, plot);
        if (series->threshold)
          draw_threshold (self, cr, series, plot, series_rgb (series, &colors));
        else
          draw_line (self, cr, series, plot, xmax, series_rgb (series, &colors));
        cairo_restore (cr);
      }

  /* The x marks as ticks up from the axis. */
  bk_painter_set_rgb (cr, colors.fg, 0.3);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < self->x_marks->len; i++)
    {
      double x = g_array_index (self->x_marks, double, i);

      if (x < 0 || x > xmax)
        continue;
      cairo_move_to (cr, pixel_x (lowest, x, xmax), lowest->data_bottom - 6);
      cairo_line_to (cr, pixel_x (lowest, x, xmax), lowest->data_bottom);
    }
  cairo_stroke (cr);
  draw_drops (self, cr, layout, &colors, areas, xmax);
}

static void
bk_timeline_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bk_timeline_plot_draw (BK_TIMELINE_PLOT (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
bk_timeline_plot_finalize (GObject *object)
{
  BkTimelinePlot *self = BK_TIMELINE_PLOT (object);

  g_ptr_array_unref (self->series);
  g_array_unref (self->x_marks);
  g_array_unref (self->drops);
  G_OBJECT_CLASS (bk_timeline_plot_parent_class)->finalize (object);
}

static void
bk_timeline_plot_class_init (BkTimelinePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bk_timeline_plot_finalize;
  widget_class->snapshot = bk_timeline_plot_snapshot;
  gtk_widget_class_set_css_name (widget_class, "timeline-plot");
}

static void
bk_timeline_plot_init (BkTimelinePlot *self)
{
  self->layout = (BkTimelineLayout) { 8, 56, 20, 18, 1.5, 0.5, FALSE };
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->x_marks = g_array_new (FALSE, FALSE, sizeof (double));
  self->drops = g_array_new (FALSE, FALSE, sizeof (TimelineDrop));
  g_array_set_clear_func (self->drops, drop_clear);
}
