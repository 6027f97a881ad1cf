/* bk-export.h — plots into files: the format a name asks for, and the
 * views' charts drawn side by side into NAME-PART.EXT files. */
#pragma once

#include <adwaita.h>

#include "bk-painter.h"

G_BEGIN_DECLS

/* The format a plot's file name asks for (.png, .svg, .pdf, any case; .png
 * added to a name without an extension): FALSE and *error for another. */
gboolean bk_chart_format_for (const char *path, BkChartFormat *format, char **export_path, GError **error);

/* One chart of a view's export: drawn by `draw` at width×height into
 * NAME-suffix.EXT. */
typedef struct {
  const char *suffix;
  int width, height;
  BkPainterDrawFunc draw;
} BkExportChart;

/* Draws each of `charts` (with `data`) into files named after `path`:
 * PNG, SVG or PDF by its extension. */
gboolean bk_export_charts (const char *path, const BkExportChart *charts, guint n, gpointer data, GError **error);

/* A view's export into a file: FALSE and *error when it could not. */
typedef gboolean (*BkExportFunc) (gpointer view, const char *path, GError **error);

/* Exports with `export` into `file`, chosen in a file dialog; tells `done`
 * in `toasts` (when not NULL), or emits the view's "failed" signal with
 * why it could not. */
void bk_export_to_file (GtkWidget *view, GFile *file, BkExportFunc export, AdwToastOverlay *toasts, const char *done);

G_END_DECLS
