/* bk-chart.c — the chart widget: a model (bk-chart-model.c: the run's
 * plot plan and the view), a renderer that draws it (bk-chart-renderer.c)
 * and a controller for the pointer (bk-chart-controller.c).  The widget
 * keeps the last frame and paints it until the model changes; moving the
 * pointer only draws the crosshair over it. */

#include "config.h"

#include "bk-chart.h"
#include "bk-chart-controller.h"
#include "bk-chart-crosshair.h"
#include "bk-chart-private.h"

struct _BkChart
{
  GtkWidget parent_instance;

  BkChartModel *model;
  BkChartRenderer *renderer;
  BkChartController *controller;
  BkChartLook look;

  /* The last frame drawn, without the crosshair. */
  cairo_surface_t *frame;
  int frame_width, frame_height, frame_scale;
  guchar *spare;            /* the pixels of a frame GTK has let go of */
  gsize spare_size;
};

G_DEFINE_FINAL_TYPE (BkChart, bk_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUN,
  PROP_STYLE,
  PROP_RED_UP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What is drawn has changed: the next frame is drawn anew. */
static void
chart_invalidate (BkChart *self)
{
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_model_changed_cb (BkChartModel *model, BkChart *self)
{
  chart_invalidate (self);
}

static void
on_controller_pointer_moved_cb (BkChartController *controller, BkChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
chart_read_color (BkChart *self)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), &self->look.fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &self->look.fg);
#endif
}

/* ---------------------------------------------------------------- widget */

/* A frame's pixels go back to the chart when GTK lets go of the frame,
 * for the next frame of the same size: fresh pixels each frame cost more
 * in page faults than drawing them. */
typedef struct {
  GWeakRef chart;
  guchar *data;
  gsize size;
} FramePixels;

static const cairo_user_data_key_t frame_pixels_key;

static void
frame_pixels_release (gpointer data)
{
  FramePixels *pixels = data;
  BkChart *self = g_weak_ref_get (&pixels->chart);

  if (self != NULL && self->spare == NULL)
    {
      self->spare = g_steal_pointer (&pixels->data);
      self->spare_size = pixels->size;
    }
  g_free (pixels->data);
  g_clear_object (&self);
  g_weak_ref_clear (&pixels->chart);
  g_free (pixels);
}

/* The chart drawn into an image surface of its own: the frame, which the
 * widget paints until something changes. */
static cairo_surface_t *
chart_render_frame (BkChart *self, int width, int height, int scale)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width * scale);
  gsize size = (gsize) stride * (gsize) (height * scale);
  FramePixels *pixels = g_new0 (FramePixels, 1);

  if (self->spare != NULL && self->spare_size == size)
    pixels->data = g_steal_pointer (&self->spare);
  else
    {
      g_clear_pointer (&self->spare, g_free);
      pixels->data = g_malloc (size);
    }
  pixels->size = size;
  g_weak_ref_init (&pixels->chart, self);

  cairo_surface_t *surface = cairo_image_surface_create_for_data (pixels->data, CAIRO_FORMAT_RGB24,
                                                                  width * scale, height * scale, stride);
  cairo_surface_set_user_data (surface, &frame_pixels_key, pixels, frame_pixels_release);
  cairo_surface_set_device_scale (surface, scale, scale);
  cairo_t *cr = cairo_create (surface);
  bk_chart_draw (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
bk_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BkChart *self = BK_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);

  if (width <= 0 || height <= 0)
    return;
  if (self->frame == NULL || self->frame_width != width || self->frame_height != height
      || self->frame_scale != scale)
    {
      g_clear_pointer (&self->frame, cairo_surface_destroy);
      chart_read_color (self);
      self->frame = chart_render_frame (self, width, height, scale);
      self->frame_width = width;
      self->frame_height = height;
      self->frame_scale = scale;
    }
  /* Painted through a cairo node: the renderer composites the frame as it
   * is, where a texture would be converted pixel by pixel first. */
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (cr, self->frame, 0, 0);
  cairo_paint (cr);
  double x, y;
  if (bk_chart_controller_get_pointer (self->controller, &x, &y))
    bk_chart_draw_crosshair (cr, self->model, self->renderer, &self->look, x, y);
  cairo_destroy (cr);
}

static void
bk_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                  int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

static void
bk_chart_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bk_chart_parent_class)->css_changed (widget, change);
  chart_read_color (BK_CHART (widget));
  chart_invalidate (BK_CHART (widget));
}

static void
bk_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkChart *self = BK_CHART (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_pointer (value, bk_chart_model_get_run (self->model));
      break;
    case PROP_STYLE:
      g_value_set_uint (value, self->look.style);
      break;
    case PROP_RED_UP:
      g_value_set_boolean (value, self->look.red_up);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BkChart *self = BK_CHART (object);

  switch (prop_id)
    {
    case PROP_RUN:
      bk_chart_set_run (self, g_value_get_pointer (value));
      break;
    case PROP_STYLE:
      bk_chart_set_style (self, g_value_get_uint (value));
      break;
    case PROP_RED_UP:
      bk_chart_set_red_up (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_chart_dispose (GObject *object)
{
  BkChart *self = BK_CHART (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->renderer, bk_chart_renderer_free);
  g_clear_object (&self->model);
  g_clear_pointer (&self->frame, cairo_surface_destroy);
  g_clear_pointer (&self->spare, g_free);
  G_OBJECT_CLASS (bk_chart_parent_class)->dispose (object);
}

static void
bk_chart_finalize (GObject *object)
{
  BkChart *self = BK_CHART (object);

  g_clear_pointer (&self->spare, g_free);
  G_OBJECT_CLASS (bk_chart_parent_class)->finalize (object);
}

static void
bk_chart_class_init (BkChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_chart_get_property;
  object_class->set_property = bk_chart_set_property;
  object_class->dispose = bk_chart_dispose;
  object_class->finalize = bk_chart_finalize;
  widget_class->snapshot = bk_chart_snapshot;
  widget_class->measure = bk_chart_measure;
  widget_class->css_changed = bk_chart_css_changed;

  properties[PROP_RUN] =
    g_param_spec_pointer ("run", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STYLE] =
    g_param_spec_uint ("style", NULL, NULL, BK_CHART_CANDLES, BK_CHART_BARS, BK_CHART_CANDLES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RED_UP] =
    g_param_spec_boolean ("red-up", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
bk_chart_init (BkChart *self)
{
  self->look.fg = (GdkRGBA) { 0.0, 0.0, 0.0, 1.0 };
  self->model = bk_chart_model_new ();
  self->renderer = bk_chart_renderer_new (self->model);
  self->controller = bk_chart_controller_new (self->model, self->renderer);
  g_signal_connect (self->model, "changed", G_CALLBACK (on_model_changed_cb), self);
  g_signal_connect (self->controller, "pointer-moved", G_CALLBACK (on_controller_pointer_moved_cb), self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  bk_chart_controller_attach (self->controller, GTK_WIDGET (self));
}

GtkWidget *
bk_chart_new (void)
{
  return g_object_new (BK_TYPE_CHART, NULL);
}

void
bk_chart_set_run (BkChart *self, BkRun *run)
{
  g_return_if_fail (BK_IS_CHART (self));

  gboolean same = bk_chart_model_get_run (self->model) == run;

  bk_chart_model_set_run (self->model, run);
  if (!same)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

void
bk_chart_set_display_ring (BkChart *self, BkDisplayRing *ring)
{
  g_return_if_fail (BK_IS_CHART (self));

  gboolean same = bk_chart_model_get_run (self->model) == (ring != NULL ? bk_display_ring_get_run (ring) : NULL);

  bk_chart_model_set_display_ring (self->model, ring);
  if (!same)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

void
bk_chart_set_live_span (BkChart *self, guint bars)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_set_live_span (self->model, bars);
}

guint64
bk_chart_get_n_bars (BkChart *self)
{
  g_return_val_if_fail (BK_IS_CHART (self), 0);
  return bk_chart_model_get_n_bars (self->model);
}

BkRun *
bk_chart_get_run (BkChart *self)
{
  g_return_val_if_fail (BK_IS_CHART (self), NULL);
  return bk_chart_model_get_run (self->model);
}

void
bk_chart_refresh (BkChart *self)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_refresh (self->model);
}

void
bk_chart_show_period (BkChart *self, double from, double to)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_show_period (self->model, from, to);
}

void
bk_chart_reset_view (BkChart *self)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_reset_view (self->model);
}

void
bk_chart_set_style (BkChart *self, BkChartStyle style)
{
  g_return_if_fail (BK_IS_CHART (self));
  if (self->look.style == style)
    return;
  self->look.style = style;
  chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

void
bk_chart_set_red_up (BkChart *self, gboolean red_up)
{
  g_return_if_fail (BK_IS_CHART (self));
  red_up = !!red_up;
  if (self->look.red_up == red_up)
    return;
  self->look.red_up = red_up;
  chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RED_UP]);
}

/* ---------------------------------------------------------------- drawing */

void
bk_chart_draw (BkChart *self, cairo_t *cr, int width, int height)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_renderer_draw (self->renderer, cr, width, height, &self->look, NULL);
}

static void
export_draw (cairo_t *cr, int width, int height, gpointer data)
{
  bk_chart_draw (data, cr, width, height);
}

gboolean
bk_chart_export (BkChart *self, const char *path, BkChartFormat format, int width, int height,
                 GError **error)
{
  g_return_val_if_fail (BK_IS_CHART (self), FALSE);

  gboolean ok = bk_painter_export (path, format, width, height, export_draw, self, error);
  /* The export laid the chart out at its own size. */
  chart_invalidate (self);
  return ok;
}

/* ---------------------------------------------------------------- for tests and the benchmark */

void
bk_chart_draw_counted (BkChart *self, cairo_t *cr, int width, int height, BkChartDrawCounts *counts)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_renderer_draw (self->renderer, cr, width, height, &self->look, counts);
}

guint
bk_chart_get_n_panes (BkChart *self)
{
  g_return_val_if_fail (BK_IS_CHART (self), 0);
  return bk_chart_renderer_get_n_panes (self->renderer);
}

const char *
bk_chart_get_pane_title (BkChart *self, guint i)
{
  g_return_val_if_fail (BK_IS_CHART (self), NULL);
  return bk_chart_renderer_get_pane_title (self->renderer, i);
}

void
bk_chart_get_pane_area (BkChart *self, guint i, double *x, double *y, double *width, double *height)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_renderer_get_pane_area (self->renderer, i, x, y, width, height);
}

void
bk_chart_get_view (BkChart *self, double *start, double *end)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_get_view (self->model, start, end);
}

void
bk_chart_zoom (BkChart *self, double factor, double anchor)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_zoom (self->model, factor, anchor);
}

void
bk_chart_pan (BkChart *self, double bars)
{
  g_return_if_fail (BK_IS_CHART (self));
  bk_chart_model_pan (self->model, bars);
}
