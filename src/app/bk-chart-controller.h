/* bk-chart-controller.h — the chart under the pointer: the wheel and the
 * pinch zoom, a drag pans, a double click shows every bar again, all on
 * the chart's model; and where the pointer is, for the crosshair. */
#pragma once

#include <gtk/gtk.h>

#include "bk-chart-renderer.h"

G_BEGIN_DECLS

#define BK_TYPE_CHART_CONTROLLER (bk_chart_controller_get_type ())
G_DECLARE_FINAL_TYPE (BkChartController, bk_chart_controller, BK, CHART_CONTROLLER, GObject)

/* Acts on `model`, placing the pointer by the frame `renderer` drew last
 * (which must outlive the controller). */
BkChartController *bk_chart_controller_new (BkChartModel *model, BkChartRenderer *renderer);
/* Adds its event controllers to `widget`; they do nothing once the
 * controller is gone. */
void bk_chart_controller_attach (BkChartController *self, GtkWidget *widget);
/* TRUE, and where, when the pointer is over the widget.  "pointer-moved"
 * is emitted when it moves, enters or leaves. */
gboolean bk_chart_controller_get_pointer (BkChartController *self, double *x, double *y);

G_END_DECLS
