/* bk-export.c — plots into files: the format a name asks for, and the
 * views' charts drawn side by side into NAME-PART.EXT files. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bk-error.h"
#include "bk-export.h"

gboolean
bk_chart_format_for (const char *path, BkChartFormat *format, char **export_path, GError **error)
{
  static const struct { const char *extension; BkChartFormat format; } formats[] = {
    { ".png", BK_CHART_FORMAT_PNG }, { ".svg", BK_CHART_FORMAT_SVG }, { ".pdf", BK_CHART_FORMAT_PDF },
  };
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');

  if (dot == NULL || dot == base)
    {
      *format = BK_CHART_FORMAT_PNG;
      *export_path = g_strconcat (path, ".png", NULL);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot, formats[i].extension) == 0)
      {
        *format = formats[i].format;
        *export_path = g_strdup (path);
        return TRUE;
      }
  /* Another extension would get PNG bytes under a name that says otherwise. */
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
               _("Cannot export the chart as '%s': the name must end in .png, .svg or .pdf"), base);
  return FALSE;
}

gboolean
bk_export_charts (const char *path, const BkExportChart *charts, guint n, gpointer data, GError **error)
{
  g_autofree char *export_path = NULL;
  BkChartFormat format;

  if (!bk_chart_format_for (path, &format, &export_path, error))
    return FALSE;
  const char *dot = strrchr (export_path, '.');
  g_autofree char *stem = g_strndup (export_path, dot - export_path);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s%s", stem, charts[i].suffix, dot);

      if (!bk_painter_export (name, format, charts[i].width, charts[i].height, charts[i].draw, data, error))
        return FALSE;
    }
  return TRUE;
}

void
bk_export_to_file (GtkWidget *view, GFile *file, BkExportFunc export, AdwToastOverlay *toasts, const char *done)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    g_set_error_literal (&error, BK_ERROR, BK_ERROR_INVALID, _("The file has no local path"));
  if (error != NULL || !export (view, path, &error))
    g_signal_emit_by_name (view, "failed", error->message);
  else if (toasts != NULL)
    adw_toast_overlay_add_toast (toasts, adw_toast_new (done));
}
