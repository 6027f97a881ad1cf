/* bk-parameter-panel.c — the parameter panel.
 *
 * The rows follow the document's checks.  While the names stay the same
 * (a slider moving, a number typed in the editor) the rows stay too and
 * only their values move, so a drag is never interrupted by its own
 * rewrite; a range only widens, to take a value typed outside it.  A
 * new set of names (another strategy, a line added) makes new rows. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-parameter-panel.h"
#include "bk-widget.h"

typedef struct {
  char *name;
  GtkAdjustment *adjustment;
  gboolean integer;
  guint digits;
  GtkWidget *widgets[3];
} Row;

struct _BkParameterPanel {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkLabel *placeholder;
  GtkGrid *grid;

  BkStrategyDocument *document;
  GPtrArray *rows;           /* Row*, in the text's order */
  gboolean updating;         /* values set from the document, not moved */
};

G_DEFINE_FINAL_TYPE (BkParameterPanel, bk_parameter_panel, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
row_free (Row *row)
{
  g_free (row->name);
  g_clear_object (&row->adjustment);
  g_free (row);
}

/* The value as the row writes it: whole, or to the step's digits. */
static double
row_round (const Row *row, double value)
{
  if (row->integer)
    return round (value);
  double scale = pow (10, row->digits);
  return round (value * scale) / scale;
}

static void
on_value_changed_cb (GtkAdjustment *adjustment, BkParameterPanel *self)
{
  if (self->updating || self->document == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->adjustment != adjustment)
        continue;
      double value = row_round (row, gtk_adjustment_get_value (adjustment));
      const BkStrategyParams *params = bk_strategy_document_get_params (self->document);
      if (params == NULL || i >= bk_strategy_params_get_n (params)
          || bk_strategy_params_get (params, i)->value == value)
        return;
      if (bk_strategy_document_set_param (self->document, i, value))
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0, row->name, value);
      return;
    }
}

/* The decimals of `value` written shortest, as the file has it (at most 10). */
static guint
written_digits (double value)
{
  char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];
  const char *point;

  bk_strategy_params_format_number (value, number);
  if (strchr (number, 'e') != NULL || (point = strchr (number, '.')) == NULL)
    return 0;
  return MIN ((guint) strlen (point + 1), 10);
}

static Row *
row_new (BkParameterPanel *self, const BkStrategyParam *param, int y)
{
  Row *row = g_new0 (Row, 1);
  double span = param->upper - param->lower;
  double step;

  row->name = g_strdup (param->name);
  row->integer = param->integer;
  if (param->integer)
    step = 1;
  else
    {
      /* About a hundred steps across the range, a power of ten, and no
       * coarser than the number as written (a commission of 0.001 is not
       * shown as 0.00). */
      guint written = written_digits (param->value);
      step = span > 0 ? pow (10, floor (log10 (span / 100))) : 0.001;
      row->digits = step < 1 ? (guint) CLAMP (-floor (log10 (step) + 1e-9), 0, 10) : 0;
      if (written > row->digits)
        {
          row->digits = written;
          step = pow (10, -(double) written);
        }
    }
  row->adjustment = g_object_ref_sink (gtk_adjustment_new (param->value, MIN (param->lower, param->value),
                                                           MAX (param->upper, param->value), step, step * 10, 0));
  g_signal_connect (row->adjustment, "value-changed", G_CALLBACK (on_value_changed_cb), self);

  GtkWidget *label = gtk_label_new (param->name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_widget_add_css_class (label, "monospace");
  GtkWidget *scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, row->adjustment);
  gtk_scale_set_digits (GTK_SCALE (scale), (int) row->digits);
  gtk_range_set_round_digits (GTK_RANGE (scale), (int) row->digits);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_size_request (scale, 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, param->name, -1);
  GtkWidget *spin = gtk_spin_button_new (row->adjustment, step, row->digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, param->name, -1);
  /* Translators: a parameter's tooltip: its line and column in the file,
   * and the values the file may hold there. */
  g_autofree char *tip = g_strdup_printf (_("Line %u, column %u · allowed %g to %g"), param->line, param->column,
                                          param->min, param->max);
  gtk_widget_set_tooltip_text (label, tip);

  gtk_grid_attach (self->grid, label, 0, y, 1, 1);
  gtk_grid_attach (self->grid, scale, 1, y, 1, 1);
  gtk_grid_attach (self->grid, spin, 2, y, 1, 1);
  row->widgets[0] = label;
  row->widgets[1] = scale;
  row->widgets[2] = spin;
  return row;
}

static void
clear_rows (BkParameterPanel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      g_signal_handlers_disconnect_by_data (row->adjustment, self);
      for (guint w = 0; w < G_N_ELEMENTS (row->widgets); w++)
        gtk_grid_remove (self->grid, row->widgets[w]);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static gboolean
same_names (BkParameterPanel *self, const BkStrategyParams *params)
{
  if (bk_strategy_params_get_n (params) != self->rows->len)
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (((Row *) g_ptr_array_index (self->rows, i))->name, bk_strategy_params_get (params, i)->name) != 0)
      return FALSE;
  return TRUE;
}

static void
on_document_checked_cb (BkParameterPanel *self)
{
  const BkStrategyParams *params = bk_strategy_document_get_params (self->document);

  /* A text with an error keeps the last rows, which cannot move it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), params != NULL);
  if (params == NULL)
    return;
  self->updating = TRUE;
  if (same_names (self, params))
    for (guint i = 0; i < self->rows->len; i++)
      {
        Row *row = g_ptr_array_index (self->rows, i);
        double value = bk_strategy_params_get (params, i)->value;

        if (value < gtk_adjustment_get_lower (row->adjustment))
          gtk_adjustment_set_lower (row->adjustment, value);
        if (value > gtk_adjustment_get_upper (row->adjustment))
          gtk_adjustment_set_upper (row->adjustment, value);
        gtk_adjustment_set_value (row->adjustment, value);
      }
  else
    {
      clear_rows (self);
      for (guint i = 0; i < bk_strategy_params_get_n (params); i++)
        g_ptr_array_add (self->rows, row_new (self, bk_strategy_params_get (params, i), (int) i));
    }
  self->updating = FALSE;
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "grid" : "none");
}

void
bk_parameter_panel_set_document (BkParameterPanel *self, BkStrategyDocument *document)
{
  g_return_if_fail (BK_IS_PARAMETER_PANEL (self));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  clear_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "none");
  if (document == NULL)
    return;
  g_signal_connect_swapped (document, "checked", G_CALLBACK (on_document_checked_cb), self);
  on_document_checked_cb (self);
}

guint
bk_parameter_panel_get_n_rows (BkParameterPanel *self)
{
  return self->rows->len;
}

GtkAdjustment *
bk_parameter_panel_get_adjustment (BkParameterPanel *self, const char *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->name, name))
        return row->adjustment;
    }
  return NULL;
}

static void
bk_parameter_panel_dispose (GObject *object)
{
  BkParameterPanel *self = BK_PARAMETER_PANEL (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  if (self->rows != NULL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        g_signal_handlers_disconnect_by_data (((Row *) g_ptr_array_index (self->rows, i))->adjustment, self);
      g_clear_pointer (&self->rows, g_ptr_array_unref);
    }
  bk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_PARAMETER_PANEL);
  G_OBJECT_CLASS (bk_parameter_panel_parent_class)->dispose (object);
}

static void
bk_parameter_panel_class_init (BkParameterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bk_parameter_panel_dispose;
  /* A parameter was moved and written into the document: its name and value. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-parameter-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BkParameterPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, BkParameterPanel, placeholder);
  gtk_widget_class_bind_template_child (widget_class, BkParameterPanel, grid);
}

static void
bk_parameter_panel_init (BkParameterPanel *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
}
