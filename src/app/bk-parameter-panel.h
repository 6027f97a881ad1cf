/* bk-parameter-panel.h — every number of a strategy document's text
 * (bk-strategy-params.h) as a slider and a spin button over its range,
 * named as the engine names it (`sma.period`).  Moving one rewrites that
 * number in the document (one undoable edit) and emits "changed", on
 * which the Run view runs again. */
#pragma once

#include <gtk/gtk.h>

#include "bk-strategy-document.h"

G_BEGIN_DECLS

#define BK_TYPE_PARAMETER_PANEL (bk_parameter_panel_get_type ())
G_DECLARE_FINAL_TYPE (BkParameterPanel, bk_parameter_panel, BK, PARAMETER_PANEL, GtkWidget)

void bk_parameter_panel_set_document (BkParameterPanel *self, BkStrategyDocument *document);
/* The rows shown, and the adjustment of parameter `name` (NULL: none):
 * setting its value is moving the slider. */
guint bk_parameter_panel_get_n_rows (BkParameterPanel *self);
GtkAdjustment *bk_parameter_panel_get_adjustment (BkParameterPanel *self, const char *name);

G_END_DECLS
