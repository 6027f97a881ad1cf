/* bk-timeline-plot.c — the memory timeline the Run view's memory panel
 * and the Compare view draw: lines against bars in one pane or two, drawn
 * with the painter so that it reads like every other plot. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-timeline-plot.h"

#define MAX_PANES 2
#define MAX_POINTS 4096

typedef struct {
  double x, y;
} TimelinePoint;

typedef struct {
  char *name;
  guint pane;
  gboolean muted;               /* the text's colour half way to the background */
  BkRgb rgb;
  GArray *points;               /* TimelinePoint */
} TimelineSeries;

typedef struct {
  BkTimelineUnit unit;
  gboolean log;
} TimelinePane;

struct _BkTimelinePlot {
  GtkWidget parent_instance;

  BkTimelineLayout layout;
  TimelinePane panes[MAX_PANES];
  guint n_panes;
  GPtrArray *series;            /* TimelineSeries */
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

guint
bk_timeline_plot_add_series (BkTimelinePlot *self, guint pane, const char *name, const BkRgb *rgb)
{
  TimelineSeries *series = g_new0 (TimelineSeries, 1);

  g_return_val_if_fail (pane < self->n_panes, 0);
  series->name = g_strdup (name);
  series->pane = pane;
  series->muted = rgb == NULL;
  if (rgb != NULL)
    series->rgb = *rgb;
  series->points = g_array_new (FALSE, FALSE, sizeof (TimelinePoint));
  g_ptr_array_add (self->series, series);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
bk_timeline_plot_clear (BkTimelinePlot *self)
{
  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  self->n_panes = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
bk_timeline_plot_get_n_points (BkTimelinePlot *self, guint series)
{
  return get_series (self, series)->points->len;
}

static BkRgb
series_rgb (const TimelineSeries *series, const BkPainterColors *colors)
{
  if (!series->muted)
    return series->rgb;
  /* Opaque, so that the line is its swatch's colour. */
  return (BkRgb) { (colors->fg.r + colors->bg.r) / 2, (colors->fg.g + colors->bg.g) / 2,
                   (colors->fg.b + colors->bg.b) / 2 };
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
 * on an axis of its own; the largest x in *xmax. */
static void
pane_areas (BkTimelinePlot *self, int width, int height, BkPlotArea *areas, double *xmax)
{
  const BkTimelineLayout *l = &self->layout;
  double most[MAX_PANES] = { 1, 1 };
  double plot_width = MAX (width - l->left - l->right, 10), bottom = height - l->bottom;

  *xmax = 1;
  for (guint s = 0; s < self->series->len; s++)
    {
      const TimelineSeries *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->points->len; i++)
        {
          const TimelinePoint *p = &g_array_index (series->points, TimelinePoint, i);

          most[series->pane] = MAX (most[series->pane], p->y);
          *xmax = MAX (*xmax, p->x);
        }
    }
  if (self->n_panes == 1)
    areas[0] = (BkPlotArea) { l->left, plot_width, 0, height, l->top, bottom };
  else
    {
      double split = l->top + (bottom - l->top) * 0.5;

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

void
bk_timeline_plot_draw (BkTimelinePlot *self, cairo_t *cr, int width, int height)
{
  BkPainterColors colors;
  BkPlotArea areas[MAX_PANES];
  const char *names[8];
  BkRgb rgbs[8];
  guint n_points = 0;
  double xmax;

  g_return_if_fail (BK_IS_TIMELINE_PLOT (self));
  for (guint s = 0; s < self->series->len; s++)
    n_points += ((TimelineSeries *) g_ptr_array_index (self->series, s))->points->len;
  if (self->n_panes == 0 || n_points < 2)
    return;
  bk_painter_colors_for_widget (&colors, GTK_WIDGET (self), FALSE);
  pane_areas (self, width, height, areas, &xmax);

  g_autoptr(PangoLayout) layout = bk_painter_create_layout (cr);
  for (guint p = 0; p < self->n_panes; p++)
    bk_painter_y_axis (cr, layout, &colors, &areas[p]);
  bk_painter_x_axis (cr, layout, &colors, &areas[self->n_panes - 1], 0, xmax);
  /* Each axis's unit above its top label. */
  bk_painter_set_rgb (cr, colors.fg, 0.6);
  for (guint p = 0; p < self->n_panes; p++)
    if (self->panes[p].unit == BK_TIMELINE_UNIT_BYTES)
      bk_painter_text (cr, layout, _("MiB"), areas[p].left + areas[p].width + 6, areas[p].data_top - 3, 0.0, 1.0);
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

  cairo_set_line_width (cr, self->layout.line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      const TimelineSeries *series = g_ptr_array_index (self->series, s);
      const TimelinePane *pane = &self->panes[series->pane];
      const BkPlotArea *plot = &areas[series->pane];

      cairo_save (cr);
      cairo_rectangle (cr, plot->left, plot->data_top - 1, plot->width, plot->data_bottom - plot->data_top + 2);
      cairo_clip (cr);
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
      bk_painter_set_rgb (cr, series_rgb (series, &colors), 1.0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
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
  self->layout = (BkTimelineLayout) { 8, 56, 20, 18, 1.5 };
  self->series = g_ptr_array_new_with_free_func (series_free);
}
