/* bk-chart-crosshair.h — the crosshair over the chart's last frame: dashed
 * lines through the pointer, the value and the date on the axes, and a box
 * with the bar's prices and every plotted line's value. */
#pragma once

#include "bk-chart-renderer.h"

G_BEGIN_DECLS

/* Draws it for the pointer at (x, y), over the frame `renderer` drew last;
 * nothing when the pointer is off the plot. */
void bk_chart_draw_crosshair (cairo_t *cr, BkChartModel *model, BkChartRenderer *renderer,
                              const BkChartLook *look, double x, double y);

G_END_DECLS
