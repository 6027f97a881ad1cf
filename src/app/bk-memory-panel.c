/* bk-memory-panel.c — the memory report as a GtkColumnView over a
 * GtkTreeListModel of BkReportRow. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-column-view.h"
#include "bk-format.h"
#include "bk-memory-panel.h"
#include "bk-painter.h"
#include "bk-renderer-choice.h"
#include "bk-report-row.h"
#include "bk-timeline-plot.h"

struct _BkMemoryPanel {
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkColumnView *column_view;
  GtkLabel *totals_label;
  GtkLabel *display_label;      /* a live window's display cells */
  GtkLabel *rss_label;
  GtkLabel *split_label;
  GtkLabel *toolkit_label;      /* the renderer, and what the toolkit took */
  char *renderer_text;          /* known once realized */
  BkTimelinePlot *timeline;
  GArray *samples;              /* BkCompareSample */
  guint64 most_rss;             /* the legend says it */

  GListStore *roots;
  BkMemorySplit split;        /* BkReportRow: Data feeds, Indicators, Observers */
  BkReport *report;
  guint64 display_cells;
};

G_DEFINE_FINAL_TYPE (BkMemoryPanel, bk_memory_panel, GTK_TYPE_WIDGET)

static GListModel *
create_children_cb (gpointer item, gpointer user_data)
{
  GListModel *children = bk_report_row_get_children (item);

  return g_list_model_get_n_items (children) > 0 ? g_object_ref (children) : NULL;
}

/* One factory serves every column: the column's property name says what
 * the cell shows, and the label follows the row's notifications. */
typedef struct {
  const char *property;
  gboolean expander;
  gboolean numeric;
} ColumnSpec;

static void
update_cell (GtkListItem *list_item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (list_item), "bk-column");
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkLabel *label = GTK_LABEL (spec->expander ? gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child)) : child);
  BkReportRow *row = tree_row != NULL ? gtk_tree_list_row_get_item (tree_row) : NULL;
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  if (g_str_equal (spec->property, "cells"))
    text = bk_format_count (bk_report_row_get_cells (row));
  else if (g_str_equal (spec->property, "bytes"))
    text = bk_format_bytes (bk_report_row_get_bytes (row));
  else
    g_object_get (row, spec->property, &text, NULL);
  gtk_label_set_text (label, text != NULL ? text : "");
  /* A name that may not fit says itself whole; counts of rings say what
   * the mark means. */
  if (g_str_equal (spec->property, "name"))
    {
      g_autofree char *full = NULL;
      g_object_get (row, "full-name", &full, NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), full);
    }
  else if (g_str_equal (spec->property, "per-line"))
    gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                                 text != NULL && strstr (text, "○") != NULL
                                 ? _("○: a ring that keeps only this many of the last values")
                                 : NULL);
  g_object_unref (row);
}

static void
on_row_notify_cb (GObject *row, GParamSpec *pspec, GtkListItem *list_item)
{
  update_cell (list_item);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, const ColumnSpec *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), spec->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->numeric)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (list_item), "bk-column", (gpointer) spec);
  if (spec->expander)
    {
      GtkWidget *expander = gtk_tree_expander_new ();
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
      gtk_list_item_set_child (list_item, expander);
    }
  else
    gtk_list_item_set_child (list_item, label);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, const ColumnSpec *spec)
{
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);
  g_autoptr(BkReportRow) row = gtk_tree_list_row_get_item (tree_row);

  if (spec->expander)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), tree_row);
  g_signal_connect_object (row, "notify", G_CALLBACK (on_row_notify_cb), list_item, 0);
  g_object_set_data_full (G_OBJECT (list_item), "bk-row", g_object_ref (row), g_object_unref);
  update_cell (list_item);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, const ColumnSpec *spec)
{
  BkReportRow *row = g_object_get_data (G_OBJECT (list_item), "bk-row");

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_notify_cb, list_item);
  g_object_set_data (G_OBJECT (list_item), "bk-row", NULL);
}

static void
add_column (BkMemoryPanel *self, const char *title, const ColumnSpec *spec, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), (gpointer) spec);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), (gpointer) spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), (gpointer) spec);
  g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

/* The renderer GTK draws with, and the memory the window and its toolkit
 * held before the first run against the run's cells. */
static void
update_toolkit (BkMemoryPanel *self)
{
  g_autoptr(GString) text = g_string_new (self->renderer_text);

  if (self->split.baseline_bytes > 0 && self->report != NULL)
    {
      g_autofree char *baseline = bk_format_bytes (self->split.baseline_bytes);
      g_autofree char *cell_count = bk_format_count (self->report->total_cells);
      g_autofree char *bytes = bk_format_bytes (self->report->total_bytes);
      /* Translators: resident memory before the first run ("55.2 MiB"),
       * then the run's cells ("109,323") and their size ("854 KiB"). */
      g_autofree char *sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "The window and its toolkit took %s before the first "
                                                                "run; this run's %s cell takes %s. barkeep-cli runs "
                                                                "without them.",
                                                                "The window and its toolkit took %s before the first "
                                                                "run; this run's %s cells take %s. barkeep-cli runs "
                                                                "without them.",
                                                                self->report->total_cells),
                                                   baseline, cell_count, bytes);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, sentence);
    }
  gtk_label_set_text (self->toolkit_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->toolkit_label), text->len > 0);
}

const char *
bk_memory_panel_get_toolkit_text (BkMemoryPanel *self)
{
  g_return_val_if_fail (BK_IS_MEMORY_PANEL (self), NULL);
  return gtk_label_get_text (self->toolkit_label);
}

static void
bk_memory_panel_realize (GtkWidget *widget)
{
  BkMemoryPanel *self = BK_MEMORY_PANEL (widget);
  GTK_WIDGET_CLASS (bk_memory_panel_parent_class)->realize (widget);
  if (self->renderer_text == NULL)
    {
      GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

      self->renderer_text = bk_renderer_describe (renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : NULL,
                                                  bk_renderer_gl_loaded (), bk_renderer_get_chosen ());
      update_toolkit (self);
    }
}

static void
update_totals (BkMemoryPanel *self)
{
  if (self->report == NULL)
    {
      gtk_label_set_text (self->totals_label, _("No run yet"));
      update_toolkit (self);
      return;
    }
  guint64 n_cells = self->report->total_cells, n_bars = self->report->bars;
  g_autofree char *cell_count = bk_format_count (n_cells);
  g_autofree char *bar_count = bk_format_count (n_bars);
  /* TRANSLATORS: a number of cells (stored values), e.g. "175 cells". */
  g_autofree char *cells = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s cell", "%s cells", n_cells), cell_count);
  /* TRANSLATORS: a number of bars, e.g. "4,965 bars". */
  g_autofree char *bars = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s bar", "%s bars", n_bars), bar_count);
  g_autofree char *bytes = bk_format_bytes (self->report->total_bytes);
  /* Translators: totals of the memory report: cells ("175 cells"), their
   * size and bars ("4,965 bars"), e.g. "Total: 175 cells, 1.4 KiB in 4,965 bars" */
  g_autofree char *text = g_strdup_printf (_("Total: %s, %s in %s"), cells, bytes, bars);
  gtk_label_set_text (self->totals_label, text);
  update_toolkit (self);
}

void
bk_memory_panel_set_display_cells (BkMemoryPanel *self, guint64 cells, guint64 bytes, guint n_lines, guint bars)
{
  g_return_if_fail (BK_IS_MEMORY_PANEL (self));

  self->display_cells = cells;
  gtk_widget_set_visible (GTK_WIDGET (self->display_label), cells > 0);
  if (cells == 0)
    return;
  g_autofree char *bar_count = bk_format_count (bars);
  g_autofree char *cell_count = bk_format_count (cells);
  g_autofree char *size = bk_format_bytes (bytes);
  /* Translators: the live window of a mode 1 run, apart from the run's
   * own cells: bars, lines, the cells they make and their size, e.g. "Live
   * window: 500 bars × 14 lines = 7,000 display cells, 568 KiB". */
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Live window: %s bars × %u line = %s display cells, %s",
                                                        "Live window: %s bars × %u lines = %s display cells, %s",
                                                        n_lines),
                                           bar_count, n_lines, cell_count, size);
  gtk_label_set_text (self->display_label, text);
}

guint64
bk_memory_panel_get_display_cells (BkMemoryPanel *self)
{
  g_return_val_if_fail (BK_IS_MEMORY_PANEL (self), 0);
  return self->display_cells;
}

void
bk_memory_panel_set_split (BkMemoryPanel *self, const BkMemorySplit *split)
{
  g_autofree char *rss = bk_format_bytes (split->rss_bytes);
  /* Translators: the process's resident memory (RSS) */
  g_autofree char *text = g_strdup_printf (_("Resident memory of Barkeep: %s"), rss);

  self->split = *split;
  gtk_label_set_text (self->rss_label, text);
  update_toolkit (self);
  if (split->baseline_bytes == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->split_label), FALSE);
      return;
    }

  guint64 parts = split->lines_bytes + split->heap_bytes + split->baseline_bytes;
  g_autofree char *lines = bk_format_bytes (split->lines_bytes);
  g_autofree char *heap = bk_format_bytes (split->heap_bytes);
  g_autofree char *baseline = bk_format_bytes (split->baseline_bytes);
  /* Translators: the three parts of resident memory, one a line. */
  g_autofree char *breakdown = g_strdup_printf (_("● lines: %s\n● rest of the heap: %s\n● program and toolkit: %s"),
                                                lines, heap, baseline);
  /* What the parts do not explain, said when it is more than 5 %. */
  guint64 gap = parts > split->rss_bytes ? parts - split->rss_bytes : split->rss_bytes - parts;
  if (gap * 20 > split->rss_bytes)
    {
      g_autofree char *other = bk_format_bytes (gap);
      g_autofree char *with_gap = g_strdup_printf (parts < split->rss_bytes ? _("%s\n● not accounted for: %s")
                                                                            : _("%s\n● counted twice or given back: %s"),
                                                   breakdown, other);
      gtk_label_set_text (self->split_label, with_gap);
    }
  else
    gtk_label_set_text (self->split_label, breakdown);
  gtk_widget_set_visible (GTK_WIDGET (self->split_label), TRUE);
}

void
bk_memory_panel_clear_timeline (BkMemoryPanel *self, BkMode mode)
{
  BkRgb mode_rgb = bk_painter_mode_rgb (mode);

  g_array_set_size (self->samples, 0);
  self->most_rss = 0;
  /* Resident memory in MiB above, the cells the run's lines hold below,
   * in the run's mode's colour. */
  bk_timeline_plot_clear (self->timeline);
  bk_timeline_plot_add_pane (self->timeline, BK_TIMELINE_UNIT_BYTES, FALSE);
  bk_timeline_plot_add_pane (self->timeline, BK_TIMELINE_UNIT_COUNT, FALSE);
  bk_timeline_plot_add_series (self->timeline, 1, _("cells held"), &mode_rgb);
  bk_timeline_plot_add_series (self->timeline, 0, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), FALSE);
}

void
bk_memory_panel_add_sample (BkMemoryPanel *self, guint64 bars, guint64 cells, guint64 rss_bytes)
{
  BkCompareSample sample = { bars, cells, rss_bytes };

  /* At most a few thousand points: every other one goes when full. */
  if (self->samples->len >= 4096)
    {
      for (guint i = 1; 2 * i < self->samples->len; i++)
        g_array_index (self->samples, BkCompareSample, i) = g_array_index (self->samples, BkCompareSample, 2 * i);
      g_array_set_size (self->samples, (self->samples->len + 1) / 2);
    }
  g_array_append_val (self->samples, sample);
  bk_timeline_plot_append (self->timeline, 0, bars, cells);
  bk_timeline_plot_append (self->timeline, 1, bars, rss_bytes);
  if (rss_bytes > self->most_rss || self->samples->len == 1)
    {
      self->most_rss = MAX (rss_bytes, 1);
      g_autofree char *rss = bk_format_bytes (self->most_rss);
      /* TRANSLATORS: the memory timeline's legend: cells, and resident
       * memory with the most it reached. */
      g_autofree char *rss_name = g_strdup_printf (_("resident memory (up to %s)"), rss);
      bk_timeline_plot_set_series_name (self->timeline, 1, rss_name);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), self->samples->len > 1);
}

GArray *
bk_memory_panel_get_timeline (BkMemoryPanel *self)
{
  return self->samples;
}

BkTimelinePlot *
bk_memory_panel_get_timeline_plot (BkMemoryPanel *self)
{
  return self->timeline;
}

const BkMemorySplit *
bk_memory_panel_get_split (BkMemoryPanel *self)
{
  return &self->split;
}

void
bk_memory_panel_set_report (BkMemoryPanel *self, BkReport *report)
{
  const BkReportItem *groups[3] = { NULL };
  gboolean same_shape;

  g_return_if_fail (BK_IS_MEMORY_PANEL (self));

  if (report != NULL)
    {
      groups[0] = report->datas;
      groups[1] = report->indicators;
      groups[2] = report->observers;
    }
  same_shape = report != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->roots)) == 3;
  for (guint i = 0; same_shape && i < 3; i++)
    {
      g_autoptr(BkReportRow) row = g_list_model_get_item (G_LIST_MODEL (self->roots), i);
      same_shape = bk_report_row_matches (row, groups[i]);
    }

  if (same_shape)
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(BkReportRow) row = g_list_model_get_item (G_LIST_MODEL (self->roots), i);
        bk_report_row_update (row, groups[i]);
      }
  else
    {
      g_list_store_remove_all (self->roots);
      for (guint i = 0; report != NULL && i < 3; i++)
        {
          g_autoptr(BkReportRow) row = bk_report_row_new_from_item (groups[i]);
          g_list_store_append (self->roots, row);
        }
    }
  g_clear_pointer (&self->report, bk_report_free);
  self->report = report;
  update_totals (self);
}

const BkReport *
bk_memory_panel_get_report (BkMemoryPanel *self)
{
  return self->report;
}

GListModel *
bk_memory_panel_get_rows (BkMemoryPanel *self)
{
  return G_LIST_MODEL (self->roots);
}

static void
bk_memory_panel_dispose (GObject *object)
{
  BkMemoryPanel *self = BK_MEMORY_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_MEMORY_PANEL);
  g_clear_pointer (&self->report, bk_report_free);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->renderer_text, g_free);
  G_OBJECT_CLASS (bk_memory_panel_parent_class)->dispose (object);
}

static void
bk_memory_panel_class_init (BkMemoryPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bk_memory_panel_dispose;
  widget_class->realize = bk_memory_panel_realize;
  g_type_ensure (BK_TYPE_TIMELINE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-memory-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, box);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, column_view);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, totals_label);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, rss_label);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, split_label);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, toolkit_label);
  gtk_widget_class_bind_template_child (widget_class, BkMemoryPanel, timeline);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bk_memory_panel_init (BkMemoryPanel *self)
{
  static const ColumnSpec columns[] = {
    { "name", TRUE, FALSE },
    { "lines", FALSE, FALSE },
    { "per-line", FALSE, TRUE },
    { "cells", FALSE, TRUE },
    { "bytes", FALSE, TRUE },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->samples = g_array_new (FALSE, FALSE, sizeof (BkCompareSample));
  self->display_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->display_label, 0);
  gtk_label_set_wrap (self->display_label, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->display_label),
                               _("What the chart keeps of a run that keeps nothing whole: the newest bars of the "
                                 "plotted lines, for display only; the run's own cells are the total above"));
  gtk_widget_set_visible (GTK_WIDGET (self->display_label), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->totals_label))),
                              GTK_WIDGET (self->display_label), GTK_WIDGET (self->totals_label));
  bk_memory_panel_clear_timeline (self, BK_MODE_KEEP_ALL);
  self->roots = g_list_store_new (BK_TYPE_REPORT_ROW);
  GtkTreeListModel *tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)), FALSE, FALSE,
                                                    create_children_cb, NULL, NULL);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (tree));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  add_column (self, _("Name"), &columns[0], TRUE);
  add_column (self, _("Lines"), &columns[1], FALSE);
  /* Translators: column header; "○" after a number marks a ring */
  add_column (self, _("Cells per line"), &columns[2], FALSE);
  add_column (self, _("Cells"), &columns[3], FALSE);
  add_column (self, _("Bytes"), &columns[4], FALSE);
  const char *const tooltips[] = {
    _("Data feeds, indicators with what they are made of, and observers"),
    _("The lines each one keeps"),
    _("Values each line keeps: every bar for a whole line, or a ring's few (marked ○); +N: values kept inside"),
    _("Values kept in all, sub-indicators included"),
    _("What those values take: 8 bytes each in f64, 4 in f32"),
  };
  bk_column_view_set_header_tooltips (self->column_view, tooltips, G_N_ELEMENTS (tooltips));
  update_totals (self);
}
