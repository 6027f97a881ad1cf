/* bk-run-view-export.c — the Run view's exports (the chart as an image,
 * the memory report as CSV) and what it tells of itself. */
#include "config.h"

#include <glib/gi18n.h>

#include "bk-export.h"
#include "bk-output-file.h"
#include "bk-report.h"
#include "bk-run-view-private.h"

gboolean
bk_run_view_export_chart (BkRunView *self, const char *path, GError **error)
{
  g_autofree char *export_path = NULL;
  BkChartFormat format;
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self->chart)), 1200);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self->chart)), 800);

  if (!bk_chart_format_for (path, &format, &export_path, error))
    return FALSE;
  return bk_chart_export (self->chart, export_path, format, width, height, error);
}

static void
append_csv_quoted (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
append_report_csv (GString *out, const BkReportItem *item, const char *parent)
{
  g_autofree char *path = parent != NULL ? g_strdup_printf ("%s/%s", parent, item->name != NULL ? item->name : item->label)
                                         : g_strdup (item->label);

  for (guint i = 0; i < item->lines->len; i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      append_csv_quoted (out, path);
      g_string_append_printf (out, ",%s,%s,%s,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              item->kind, line->name, line->whole ? "whole" : "ring",
                              line->cells, line->bytes);
    }
  if (item->state_cells > 0)
    {
      append_csv_quoted (out, path);
      g_string_append_printf (out, ",%s,,inside,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              item->kind, item->state_cells, item->state_cells * 8);
    }
  for (guint c = 0; c < item->children->len; c++)
    append_report_csv (out, g_ptr_array_index (item->children, c), path);
}

gboolean
bk_run_view_export_report (BkRunView *self, const char *path, GError **error)
{
  g_return_val_if_fail (self->shown != NULL, FALSE);
  g_autoptr(BkReport) report = bk_report_new (self->shown);
  g_autoptr(GString) out = g_string_new (NULL);
  /* A live window's display cells, apart from the run's. */
  BkDisplayRing *ring = bk_run_view_get_display_ring (self, self->shown);

  if (g_str_has_suffix (path, ".json"))
    {
      bk_report_append_json (report, out);
      if (ring != NULL && out->len > 0 && out->str[out->len - 1] == '}')
        {
          g_string_truncate (out, out->len - 1);
          g_string_append_printf (out, ",\"display_bars\":%u,\"display_lines\":%u,\"display_cells\":%" G_GUINT64_FORMAT
                                  ",\"display_bytes\":%" G_GUINT64_FORMAT "}",
                                  bk_display_ring_get_capacity (ring), bk_display_ring_get_n_lines (ring),
                                  bk_display_ring_get_cells (ring), bk_display_ring_get_bytes (ring));
        }
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append (out, "item,kind,line,storage,cells,bytes\n");
      append_report_csv (out, report->datas, NULL);
      append_report_csv (out, report->indicators, NULL);
      append_report_csv (out, report->observers, NULL);
      g_string_append_printf (out, "total,,,,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              report->total_cells, report->total_bytes);
      if (ring != NULL)
        g_string_append_printf (out, "live window,display,%u lines,%u bars,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                                bk_display_ring_get_n_lines (ring), bk_display_ring_get_capacity (ring),
                                bk_display_ring_get_cells (ring), bk_display_ring_get_bytes (ring));
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

/* ---- accessors ---------------------------------------------------------- */

BkRun *
bk_run_view_get_run (BkRunView *self)
{
  return self->job != NULL ? bk_run_view_running (self)->run : self->shown;
}

BkRun *
bk_run_view_get_shown (BkRunView *self)
{
  return self->shown;
}

GFile *
bk_run_view_get_data (BkRunView *self, gboolean *shown)
{
  *shown = self->job != NULL || self->shown != NULL;
  return self->job != NULL ? bk_run_view_running (self)->data : self->shown_data;
}

BkJobState
bk_run_view_get_state (BkRunView *self)
{
  return self->state;
}

BkChart *
bk_run_view_get_chart (BkRunView *self)
{
  return self->chart;
}

BkMemoryPanel *
bk_run_view_get_memory_panel (BkRunView *self)
{
  return self->memory_panel;
}

BkResultsPanel *
bk_run_view_get_results_panel (BkRunView *self)
{
  return self->results_panel;
}

const char *
bk_run_view_get_chart_page (BkRunView *self)
{
  return gtk_stack_get_visible_child_name (self->chart_stack);
}

const char *
bk_run_view_get_strategy_error (BkRunView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->chart_stack), "no-strategy") == 0 ? self->strategy_error
                                                                                              : NULL;
}

const char *
bk_run_view_get_stale_note (BkRunView *self)
{
  return gtk_revealer_get_reveal_child (self->stale_revealer) ? gtk_label_get_text (self->stale_label) : NULL;
}

void
bk_run_view_get_last_cleanup (BkRunView *self, guint64 *before, guint64 *after)
{
  *before = self->cleanup_before;
  *after = self->cleanup_after;
}
