/* bk-chart-controller.c — gestures on the chart's model
 * (bk-chart-controller.h). */

#include "config.h"

#include <math.h>

#include "bk-chart-controller.h"

struct _BkChartController
{
  GObject parent_instance;

  BkChartModel *model;
  BkChartRenderer *renderer;

  gboolean pointer_in;
  double pointer_x, pointer_y;
  double drag_start_view;
  double zoom_start_span;
  double zoom_anchor_bar;
  double zoom_anchor_fraction;
};

G_DEFINE_FINAL_TYPE (BkChartController, bk_chart_controller, G_TYPE_OBJECT)

enum {
  POINTER_MOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
controller_view_start (BkChartController *self)
{
  double start;

  bk_chart_model_get_view (self->model, &start, NULL);
  return start;
}

static double
controller_view_span (BkChartController *self)
{
  double start, end;

  bk_chart_model_get_view (self->model, &start, &end);
  return end - start;
}

static double
controller_pointer_fraction (BkChartController *self, double x)
{
  double left, top, width, bottom;

  bk_chart_renderer_get_plot (self->renderer, &left, &top, &width, &bottom);
  return width > 0 ? CLAMP ((x - left) / width, 0.0, 1.0) : 0.5;
}

static gboolean
on_scroll_scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, BkChartController *self)
{
  if (bk_chart_model_get_n_bars (self->model) == 0)
    return FALSE;
  if (fabs (dy) >= fabs (dx))
    {
      double anchor = self->pointer_in ? controller_pointer_fraction (self, self->pointer_x) : 1.0;
      bk_chart_model_zoom (self->model, pow (1.2, CLAMP (dy, -5, 5)), anchor);
    }
  else
    bk_chart_model_pan (self->model, dx * controller_view_span (self) * 0.05);
  return TRUE;
}

static void
on_zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, BkChartController *self)
{
  double x, y;

  self->zoom_start_span = controller_view_span (self);
  self->zoom_anchor_fraction = gtk_gesture_get_bounding_box_center (gesture, &x, &y)
                               ? controller_pointer_fraction (self, x) : 0.5;
  self->zoom_anchor_bar = controller_view_start (self) + self->zoom_anchor_fraction * self->zoom_start_span;
}

static void
on_zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, BkChartController *self)
{
  if (scale <= 0 || bk_chart_model_get_n_bars (self->model) == 0)
    return;
  double span = CLAMP (self->zoom_start_span / scale, bk_chart_model_get_min_span (self->model),
                       (double) bk_chart_model_get_n_bars (self->model));
  double start = self->zoom_anchor_bar - self->zoom_anchor_fraction * span;
  bk_chart_model_set_view (self->model, start, start + span);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, BkChartController *self)
{
  self->drag_start_view = controller_view_start (self);
}

static void
on_drag_update_cb (GtkGestureDrag *gesture, double offset_x, double offset_y, BkChartController *self)
{
  double span = controller_view_span (self);
  double bar_px = bk_chart_renderer_get_bar_px (self->renderer);

  if (bar_px <= 0 || bk_chart_model_get_view_full (self->model))
    return;
  double start = self->drag_start_view - offset_x / bar_px;
  bk_chart_model_set_view (self->model, start, start + span);
}

static void
on_click_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, BkChartController *self)
{
  if (n_press == 2)
    bk_chart_model_reset_view (self->model);
}

static void
on_motion_motion_cb (GtkEventControllerMotion *controller, double x, double y, BkChartController *self)
{
  self->pointer_in = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  g_signal_emit (self, signals[POINTER_MOVED], 0);
}

static void
on_motion_leave_cb (GtkEventControllerMotion *controller, BkChartController *self)
{
  self->pointer_in = FALSE;
  g_signal_emit (self, signals[POINTER_MOVED], 0);
}

void
bk_chart_controller_attach (BkChartController *self, GtkWidget *widget)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll_scroll_cb), self, 0);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_object (gesture, "begin", G_CALLBACK (on_zoom_begin_cb), self, 0);
  g_signal_connect_object (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed_cb), self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_object (gesture, "drag-begin", G_CALLBACK (on_drag_begin_cb), self, 0);
  g_signal_connect_object (gesture, "drag-update", G_CALLBACK (on_drag_update_cb), self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (on_click_pressed_cb), self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion_motion_cb), self, 0);
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion_motion_cb), self, 0);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_motion_leave_cb), self, 0);
  gtk_widget_add_controller (widget, controller);
}

gboolean
bk_chart_controller_get_pointer (BkChartController *self, double *x, double *y)
{
  g_return_val_if_fail (BK_IS_CHART_CONTROLLER (self), FALSE);
  *x = self->pointer_x;
  *y = self->pointer_y;
  return self->pointer_in;
}

static void
bk_chart_controller_finalize (GObject *object)
{
  BkChartController *self = BK_CHART_CONTROLLER (object);

  g_object_unref (self->model);
  G_OBJECT_CLASS (bk_chart_controller_parent_class)->finalize (object);
}

static void
bk_chart_controller_class_init (BkChartControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_chart_controller_finalize;

  signals[POINTER_MOVED] = g_signal_new ("pointer-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bk_chart_controller_init (BkChartController *self)
{
}

BkChartController *
bk_chart_controller_new (BkChartModel *model, BkChartRenderer *renderer)
{
  BkChartController *self = g_object_new (BK_TYPE_CHART_CONTROLLER, NULL);

  self->model = g_object_ref (model);
  self->renderer = renderer;
  return self;
}
