/* bk-sweep-view-table.c — the Sweep view's table, for three parameters and
 * more: a row a finished combination, a column a parameter then a column a
 * metric, sorted by any column (best first by the chosen metric to begin
 * with).  A row clicked or activated opens its combination. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-column-view.h"
#include "bk-strategy-params.h"
#include "bk-sweep-view-private.h"

/* A column: a parameter (axis) or a metric. */
typedef struct {
  BkSweepView *view;
  gboolean is_metric;
  guint index;
} Column;

static guint64
item_index (gpointer item)
{
  return g_ascii_strtoull (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), NULL, 10);
}

static double
column_value (const Column *column, guint64 k)
{
  BkSweepView *self = column->view;

  if (column->is_metric)
    return bk_sweep_metric_value (bk_sweep_get_result (self->sweep, k), column->index);
  double values[BK_SWEEP_VIEW_MAX_AXES];
  bk_sweep_get_values (self->sweep, k, values);
  return values[column->index];
}

/* NaN below every number, ties in grid order. */
static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Column *column = user_data;
  guint64 ka = item_index ((gpointer) a), kb = item_index ((gpointer) b);
  double x = column_value (column, ka), y = column_value (column, kb);

  if (isnan (x) != isnan (y))
    return isnan (x) ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  if (!isnan (x) && x != y)
    return x < y ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return ka < kb ? GTK_ORDERING_SMALLER : ka > kb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
on_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const Column *column = user_data;
  guint64 k = item_index (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  if (column->view->sweep == NULL || k >= bk_sweep_get_n_combinations (column->view->sweep))
    text = g_strdup ("");
  else if (column->is_metric)
    text = bk_sweep_view_format_metric (column->index, column_value (column, k));
  else
    {
      char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];
      bk_strategy_params_format_number (column_value (column, k), number);
      text = g_strdup (number);
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static GtkColumnViewColumn *
add_column (BkSweepView *self, const char *title, gboolean is_metric, guint index)
{
  Column *column = g_new0 (Column, 1);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  *column = (Column) { self, is_metric, index };
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), column);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), column);
  GtkColumnViewColumn *view_column = gtk_column_view_column_new (title, factory);
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, column, g_free));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->table, view_column);
  g_object_unref (view_column);
  return view_column;
}

static void
on_activate_cb (GtkColumnView *table, guint position, BkSweepView *self)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (table));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  if (item != NULL && self->sweep != NULL)
    bk_sweep_view_open (self, item_index (item));
}

void
bk_sweep_view_table_fill (BkSweepView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->table);
  GtkColumnViewColumn *sort_by = NULL;

  if (g_object_get_data (G_OBJECT (self->table), "bk-activate") == NULL)
    {
      g_signal_connect (self->table, "activate", G_CALLBACK (on_activate_cb), self);
      gtk_column_view_set_single_click_activate (self->table, TRUE);
      g_object_set_data (G_OBJECT (self->table), "bk-activate", GINT_TO_POINTER (1));
    }
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->table, column);
    }
  if (self->sweep == NULL)
    return;

  guint n_axes = bk_sweep_get_n_axes (self->sweep);
  g_autoptr(GPtrArray) tooltips = g_ptr_array_new ();
  for (guint a = 0; a < n_axes; a++)
    {
      add_column (self, bk_sweep_get_axis_name (self->sweep, a), FALSE, a);
      g_ptr_array_add (tooltips, _("A parameter varied"));
    }
  for (guint m = 0; m < bk_sweep_get_n_metrics (); m++)
    {
      const BkSweepMetricFormat *format = bk_sweep_view_metric_format (m);
      GtkColumnViewColumn *column = add_column (self, format->label != NULL ? _(format->label)
                                                                            : bk_sweep_get_metric (m)->name,
                                                TRUE, m);
      if (m == self->metric)
        sort_by = column;
      g_ptr_array_add (tooltips, (gpointer) bk_sweep_get_metric (m)->name);
    }

  GtkStringList *items = gtk_string_list_new (NULL);
  for (guint64 k = 0; k < bk_sweep_get_n_combinations (self->sweep); k++)
    if (bk_sweep_get_result (self->sweep, k)->done)
      {
        char index[32];
        g_snprintf (index, sizeof index, "%" G_GUINT64_FORMAT, k);
        gtk_string_list_append (items, index);
      }
  GtkSortListModel *sorted = gtk_sort_list_model_new (G_LIST_MODEL (items),
                                                      g_object_ref (gtk_column_view_get_sorter (self->table)));
  g_autoptr(GtkSelectionModel) selection = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (sorted)));
  gtk_column_view_set_model (self->table, selection);
  /* Best first by the chosen metric. */
  gtk_column_view_sort_by_column (self->table, sort_by,
                                  bk_sweep_get_metric (self->metric)->lower_is_better ? GTK_SORT_ASCENDING
                                                                                      : GTK_SORT_DESCENDING);
  bk_column_view_set_header_tooltips (self->table, (const char *const *) tooltips->pdata, tooltips->len);
}
