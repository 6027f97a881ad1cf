/* bk-report.c — memory accounting over the graph. */
#include "bk-report.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

static const char *
role_kind (const BkNode *node)
{
  switch (node->role)
    {
    case BK_ROLE_FEED: return "data";
    case BK_ROLE_OBSERVER: return "observer";
    case BK_ROLE_EXPRESSION: return "expression";
    case BK_ROLE_INDICATOR:
    default:
      return "indicator";
    }
}

static void item_free (gpointer data);

static BkReportItem *
item_new (const char *kind, const char *name, const char *label)
{
  BkReportItem *item = g_new0 (BkReportItem, 1);

  item->kind = g_strdup (kind);
  item->name = g_strdup (name);
  item->label = g_strdup (label);
  item->lines = g_array_new (FALSE, TRUE, sizeof (BkReportLine));
  item->children = g_ptr_array_new_with_free_func (item_free);
  return item;
}

static void
item_free (gpointer data)
{
  BkReportItem *item = data;

  if (item == NULL)
    return;
  for (guint i = 0; i < item->lines->len; i++)
    g_free (g_array_index (item->lines, BkReportLine, i).name);
  g_array_unref (item->lines);
  g_ptr_array_unref (item->children);
  g_free (item->kind);
  g_free (item->name);
  g_free (item->label);
  g_free (item->path);
  g_free (item);
}

static void
item_add_child (BkReportItem *parent, BkReportItem *child)
{
  g_ptr_array_add (parent->children, child);
  parent->total_cells += child->total_cells;
  parent->total_bytes += child->total_bytes;
}

static BkReportItem *
item_from_node (BkNode *node)
{
  BkReportItem *item = item_new (role_kind (node), node->name, node->label);

  for (guint i = 0; i < node->n_outputs; i++)
    {
      BkLineSpec *spec = node->outputs[i];
      /* A composite's line that a sub-node computes is the composite's. */
      if (spec->owner != node)
        continue;
      BkReportLine line = {
        .name = g_strdup (spec->name),
        .whole = spec->whole,
        .cells = bk_line_get_cells (spec->line),
      };
      line.bytes = line.cells * bk_line_value_size (spec->line->precision);
      g_array_append_val (item->lines, line);
      item->cells += line.cells;
      item->bytes += line.bytes;
    }
  item->state_cells = node->state_cells;
  item->cells += node->state_cells;
  item->bytes += node->state_cells * sizeof (double);
  item->total_cells = item->cells;
  item->total_bytes = item->bytes;
  for (guint c = 0; c < node->children->len; c++)
    item_add_child (item, item_from_node (g_ptr_array_index (node->children, c)));
  return item;
}

BkReport *
bk_report_new (BkRun *run)
{
  BkGraph *graph = bk_run_get_graph (run);
  BkReport *report = g_new0 (BkReport, 1);

  report->mode = bk_graph_get_mode (graph);
  report->precision = bk_graph_get_precision (graph);
  report->bars = bk_run_get_bars (run);
  report->elapsed = bk_run_get_elapsed (run);
  report->source = g_strdup (bk_run_get_source_name (run));
  report->datas = item_new ("group", NULL, N_("Data feeds"));
  report->indicators = item_new ("group", NULL, N_("Indicators"));
  report->observers = item_new ("group", NULL, N_("Observers"));

  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      BkNode *node = bk_graph_get_node (graph, i);

      if (node->parent != NULL)
        continue;
      BkReportItem *item = item_from_node (node);
      if (node->role == BK_ROLE_FEED)
        {
          g_free (item->label);
          item->label = g_strdup_printf ("Data %u (%s)", report->datas->children->len,
                                         report->source != NULL ? report->source : "no data");
          item->path = g_strdup (report->source);
          item_add_child (report->datas, item);
        }
      else if (node->role == BK_ROLE_OBSERVER)
        item_add_child (report->observers, item);
      else
        item_add_child (report->indicators, item);
    }
  report->total_cells = report->datas->total_cells + report->indicators->total_cells
                        + report->observers->total_cells;
  report->total_bytes = report->datas->total_bytes + report->indicators->total_bytes
                        + report->observers->total_bytes;
  report->rss_bytes = bk_process_rss_bytes ();
  return report;
}

void
bk_report_free (BkReport *report)
{
  if (report == NULL)
    return;
  item_free (report->datas);
  item_free (report->indicators);
  item_free (report->observers);
  g_free (report->source);
  g_free (report);
}

static void
append_cells_per_line (GString *out, const BkReportItem *item)
{
  gboolean same = TRUE;

  if (item->state_cells > 0)
    g_string_append_printf (out, "(+%" G_GUINT64_FORMAT " kept inside) ", item->state_cells);
  if (item->lines->len == 0)
    {
      g_string_append (out, "- (lines kept by the parent)");
      return;
    }
  for (guint i = 1; i < item->lines->len; i++)
    same = same && g_array_index (item->lines, BkReportLine, i).cells
                   == g_array_index (item->lines, BkReportLine, 0).cells;
  if (same)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT,
                              g_array_index (item->lines, BkReportLine, 0).cells);
      return;
    }
  for (guint i = 0; i < item->lines->len; i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      g_string_append_printf (out, "%s%s=%" G_GUINT64_FORMAT, i > 0 ? " " : "", line->name, line->cells);
    }
}

static void
append_indicator (GString *out, const BkReportItem *item, guint depth, guint index)
{
  g_autofree char *dashes = g_strnfill (4 + 2 * depth, '-');

  g_string_append_printf (out, "%s Indicator %u.%u %s%s%s Total Cells %" G_GUINT64_FORMAT " - Cells per line ",
                          dashes, depth, index, item->name != NULL ? item->name : "",
                          item->name != NULL ? " " : "", item->label, item->cells);
  append_cells_per_line (out, item);
  g_string_append_c (out, '\n');
  for (guint c = 0; c < item->children->len; c++)
    append_indicator (out, g_ptr_array_index (item->children, c), depth + 1, c);
  g_string_append_printf (out, "%s SubIndicators Total Cells %" G_GUINT64_FORMAT "\n",
                          dashes, item->total_cells - item->cells);
}

char *
bk_report_format_lendetails (const BkReport *report)
{
  GString *out = g_string_new ("-- Evaluating Datas\n");

  for (guint i = 0; i < report->datas->children->len; i++)
    {
      const BkReportItem *item = g_ptr_array_index (report->datas->children, i);
      g_string_append_printf (out, "---- %s Total Cells %" G_GUINT64_FORMAT " - Cells per Line ",
                              item->label, item->cells);
      append_cells_per_line (out, item);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "-- Evaluating Indicators\n");
  for (guint i = 0; i < report->indicators->children->len; i++)
    append_indicator (out, g_ptr_array_index (report->indicators->children, i), 0, i);
  g_string_append (out, "-- Evaluating Observers\n");
  for (guint i = 0; i < report->observers->children->len; i++)
    {
      const BkReportItem *item = g_ptr_array_index (report->observers->children, i);
      g_string_append_printf (out, "---- Observer %u %s Total Cells %" G_GUINT64_FORMAT " - Cells per Line ",
                              i, item->label, item->cells);
      append_cells_per_line (out, item);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "Total memory cells used: %" G_GUINT64_FORMAT "\n", report->total_cells);
  return g_string_free (out, FALSE);
}

static void
set_item_json (JsonObject *object, const BkReportItem *item)
{
  bk_json_object_set_text (object, "kind", item->kind);
  if (item->name != NULL)
    bk_json_object_set_text (object, "name", item->name);
  bk_json_object_set_text (object, "label", item->label);
  JsonArray *lines = bk_json_object_add_array (object, "lines");
  for (guint i = 0; i < item->lines->len; i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      JsonObject *o = bk_json_array_add_object (lines);

      bk_json_object_set_text (o, "name", line->name);
      json_object_set_string_member (o, "storage", line->whole ? "whole" : "ring");
      json_object_set_int_member (o, "cells", line->cells);
      json_object_set_int_member (o, "bytes", line->bytes);
    }
  json_object_set_int_member (object, "state_cells", item->state_cells);
  json_object_set_int_member (object, "cells", item->cells);
  json_object_set_int_member (object, "bytes", item->bytes);
  json_object_set_int_member (object, "total_cells", item->total_cells);
  json_object_set_int_member (object, "total_bytes", item->total_bytes);
  JsonArray *children = bk_json_object_add_array (object, "children");
  for (guint c = 0; c < item->children->len; c++)
    set_item_json (bk_json_array_add_object (children), g_ptr_array_index (item->children, c));
}

JsonObject *
bk_report_to_json (const BkReport *report)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "mode", report->mode);
  json_object_set_string_member (object, "precision", report->precision == BK_PRECISION_F64 ? "f64" : "f32");
  json_object_set_int_member (object, "bars", report->bars);
  json_object_set_int_member (object, "total_cells", report->total_cells);
  json_object_set_int_member (object, "total_bytes", report->total_bytes);
  json_object_set_int_member (object, "rss_bytes", report->rss_bytes);
  set_item_json (bk_json_object_add_object (object, "datas"), report->datas);
  set_item_json (bk_json_object_add_object (object, "indicators"), report->indicators);
  set_item_json (bk_json_object_add_object (object, "observers"), report->observers);
  return object;
}

void
bk_report_append_json (const BkReport *report, GString *out)
{
  g_autoptr(JsonObject) object = bk_report_to_json (report);

  bk_json_append_object (out, object);
}

guint64
bk_process_rss_bytes (void)
{
  g_autofree char *contents = NULL;
  unsigned long long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &contents, NULL, NULL)
      || sscanf (contents, "%llu %llu", &size, &resident) != 2)
    return 0;
  return (guint64) resident * (guint64) sysconf (_SC_PAGESIZE);
}

/* The last value of `<tag type="kind" ... size="N"/>` in malloc_info's XML:
 * the totals over every arena come last, after each arena's own. */
static guint64
last_size_of (const char *xml, const char *tag_and_type)
{
  guint64 size = 0;

  for (const char *p = strstr (xml, tag_and_type); p != NULL; p = strstr (p + 1, tag_and_type))
    {
      const char *end = strstr (p, "/>");
      const char *attribute = strstr (p, "size=\"");

      if (attribute != NULL && (end == NULL || attribute < end))
        size = g_ascii_strtoull (attribute + strlen ("size=\""), NULL, 10);
    }
  return size;
}

gboolean
bk_process_heap_usage (BkHeapUsage *usage)
{
  *usage = (BkHeapUsage) { 0, 0 };
#ifdef __GLIBC__
  char *xml = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&xml, &length);

  if (out == NULL)
    return FALSE;
  gboolean ok = malloc_info (0, out) == 0;
  fclose (out);
  if (ok && xml != NULL)
    {
      /* What the arenas took from the system, their free chunks, and the
       * large blocks malloc maps on their own (always in use). */
      guint64 system = last_size_of (xml, "<system type=\"current\"");
      guint64 free_fast = last_size_of (xml, "<total type=\"fast\"");
      guint64 free_rest = last_size_of (xml, "<total type=\"rest\"");
      guint64 mapped = last_size_of (xml, "<total type=\"mmap\"");
      guint64 free_bytes = MIN (free_fast + free_rest, system);

      usage->in_use_bytes = system - free_bytes + mapped;
      usage->free_bytes = free_bytes;
    }
  free (xml);
  return ok;
#else
  return FALSE;
#endif
}
