/* bk-results-panel.c — a finished run's results. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-bar.h"
#include "bk-column-view.h"
#include "bk-format.h"
#include "bk-results-panel.h"

/* ---- one closed trade, as a list item ----------------------------------- */

struct _BkTradeItem {
  GObject parent_instance;
  guint number;                 /* from 1 */
  gboolean with_time;
  BkTrade trade;
};

G_DEFINE_FINAL_TYPE (BkTradeItem, bk_trade_item, G_TYPE_OBJECT)

static void
bk_trade_item_class_init (BkTradeItemClass *klass)
{
}

static void
bk_trade_item_init (BkTradeItem *self)
{
}

const BkTrade *
bk_trade_item_get_trade (BkTradeItem *self)
{
  return &self->trade;
}

/* ---- the panel ---------------------------------------------------------- */

struct _BkResultsPanel {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkGrid *summary;
  GtkLabel *trades_label;
  GtkColumnView *trades_view;

  GListStore *trades;
  GHashTable *values;           /* key → GtkLabel*, the summary's values */
};

G_DEFINE_FINAL_TYPE (BkResultsPanel, bk_results_panel, GTK_TYPE_WIDGET)

enum { SIGNAL_SHOW_TRADE, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum {
  COLUMN_NUMBER,
  COLUMN_OPENED,
  COLUMN_CLOSED,
  COLUMN_SIZE,
  COLUMN_OPEN_PRICE,
  COLUMN_CLOSE_PRICE,
  COLUMN_PNL,
  COLUMN_PNL_COMM,
} Column;

static char *
format_cell (const BkTradeItem *item, Column column)
{
  char buf[32];

  switch (column)
    {
    case COLUMN_NUMBER:
      return g_strdup_printf ("%u", item->number);
    case COLUMN_OPENED:
    case COLUMN_CLOSED:
      bk_format_datetime (column == COLUMN_OPENED ? item->trade.open_datetime : item->trade.close_datetime,
                          item->with_time, buf);
      return g_strdup (buf);
    case COLUMN_SIZE:
      return g_strdup_printf ("%g", item->trade.size);
    case COLUMN_OPEN_PRICE:
      return bk_format_number (item->trade.open_price, 2, FALSE);
    case COLUMN_CLOSE_PRICE:
      return bk_format_number (item->trade.close_price, 2, FALSE);
    case COLUMN_PNL:
      return bk_format_number (item->trade.pnl, 2, TRUE);
    case COLUMN_PNL_COMM:
    default:
      return bk_format_number (item->trade.pnl_comm, 2, TRUE);
    }
}

/* A profit or loss cell takes the colour of its own sign: a trade can
 * gain before commission and lose after it. */
static const char *
pnl_css_class (const BkTradeItem *item, Column column)
{
  double value = column == COLUMN_PNL ? item->trade.pnl : item->trade.pnl_comm;

  if (column != COLUMN_PNL && column != COLUMN_PNL_COMM)
    return NULL;
  /* As the cell shows it: what rounds to 0.00 is neither. */
  if (round (value * 100.0) > 0)
    return "success";
  if (round (value * 100.0) < 0)
    return "error";
  return NULL;
}

static void
on_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (column) >= COLUMN_SIZE ? 1.0f : 0.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer column)
{
  BkTradeItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = format_cell (item, GPOINTER_TO_INT (column));
  const char *css_class = pnl_css_class (item, GPOINTER_TO_INT (column));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

const char *
bk_trade_item_get_css_class (BkTradeItem *self, gboolean after_commission)
{
  return pnl_css_class (self, after_commission ? COLUMN_PNL_COMM : COLUMN_PNL);
}

static void
add_column (BkResultsPanel *self, const char *title, Column column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), GINT_TO_POINTER (column));
  g_autoptr(GtkColumnViewColumn) view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->trades_view, view_column);
}

static void
on_activate_cb (GtkColumnView *view, guint position, BkResultsPanel *self)
{
  g_autoptr(BkTradeItem) item = g_list_model_get_item (G_LIST_MODEL (self->trades), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_TRADE], 0, item->trade.open_datetime, item->trade.close_datetime);
}

/* One row of the summary: a label, and its value kept by `key`. */
static void
add_value (BkResultsPanel *self, int row, const char *key, const char *title, const char *tooltip, char *value)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_set_tooltip_text (name, tooltip);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_grid_attach (self->summary, name, 0, row, 1, 1);
  gtk_grid_attach (self->summary, label, 1, row, 1, 1);
  g_hash_table_insert (self->values, (gpointer) key, label);
  g_free (value);
}

static char *
percent (double fraction, gboolean sign)
{
  g_autofree char *number = bk_format_number (fraction * 100.0, 2, sign);

  return isfinite (fraction) ? g_strdup_printf ("%s %%", number) : g_steal_pointer (&number);
}

static char *
ratio (double value)
{
  return bk_format_number (value, 2, FALSE);
}

void
bk_results_panel_set_run (BkResultsPanel *self, BkRun *run)
{
  GtkWidget *child;
  BkResults r;

  g_return_if_fail (BK_IS_RESULTS_PANEL (self));
  g_hash_table_remove_all (self->values);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary))) != NULL)
    gtk_grid_remove (self->summary, child);
  g_list_store_remove_all (self->trades);
  if (run == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  const BkBroker *broker = bk_run_get_broker (run);
  bk_broker_get_results (broker, &r);
  /* TRANSLATORS: the start cash, in the tooltip of the final value. */
  g_autofree char *start_cash = bk_format_number (r.start_cash, 2, FALSE);
  g_autofree char *start = g_strdup_printf (_("Starting with %s"), start_cash);
  add_value (self, 0, "final-value", _("Final value"), start, bk_format_number (r.final_value, 2, FALSE));
  add_value (self, 1, "total-return", _("Total return"), _("The final value against the starting cash"),
             percent (r.total_return, TRUE));
  add_value (self, 2, "annual-return", _("Annual return"), _("The total return spread over the calendar years of the data"),
             percent (r.annual_return, TRUE));
  /* TRANSLATORS: the deepest fall of the value from a peak, and how many
   * bars it lasted. */
  g_autofree char *drawdown_bars = bk_format_count (r.max_drawdown_bars);
  add_value (self, 3, "max-drawdown", _("Maximum drawdown"), _("The deepest fall of the value below a peak, and how long it lasted"),
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.2f %% over %s bar", "%.2f %% over %s bars",
                                           r.max_drawdown_bars),
                              r.max_drawdown * 100.0, drawdown_bars));
  add_value (self, 4, "sharpe", _("Sharpe ratio"), _("Mean daily return over its deviation, times √252, without a risk-free rate"),
             ratio (r.sharpe));
  g_autofree char *n_trades = bk_format_count (r.n_trades);
  g_autofree char *n_rejected = bk_format_count (r.rejected_orders);
  add_value (self, 5, "trades", _("Trades"), _("Closed trades, and orders the cash could not pay for"),
             r.rejected_orders > 0
             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s order rejected)", "%s (%s orders rejected)",
                                             r.rejected_orders),
                                n_trades, n_rejected)
             : g_strdup (n_trades));
  add_value (self, 6, "win-rate", _("Win rate"), _("Closed trades with a profit after commission"),
             percent (r.win_rate, FALSE));
  add_value (self, 7, "profit-factor", _("Profit factor"), _("Gross profit over gross loss, after commission"),
             ratio (r.profit_factor));

  for (guint i = 0; i < broker->trades->len; i++)
    {
      BkTradeItem *item = g_object_new (BK_TYPE_TRADE_ITEM, NULL);

      item->number = i + 1;
      item->with_time = bk_run_has_time (run);
      item->trade = g_array_index (broker->trades, BkTrade, i);
      g_list_store_append (self->trades, item);
      g_object_unref (item);
    }
  g_autofree char *n_closed = bk_format_count (broker->trades->len);
  g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s closed trade", "%s closed trades",
                                                           broker->trades->len),
                                              n_closed);
  gtk_label_set_text (self->trades_label, heading);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

const char *
bk_results_panel_get_value (BkResultsPanel *self, const char *key)
{
  GtkLabel *label = g_hash_table_lookup (self->values, key);

  return label != NULL ? gtk_label_get_text (label) : NULL;
}

GListModel *
bk_results_panel_get_trades (BkResultsPanel *self)
{
  return G_LIST_MODEL (self->trades);
}

static void
bk_results_panel_dispose (GObject *object)
{
  BkResultsPanel *self = BK_RESULTS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_RESULTS_PANEL);
  g_clear_object (&self->trades);
  g_clear_pointer (&self->values, g_hash_table_unref);
  G_OBJECT_CLASS (bk_results_panel_parent_class)->dispose (object);
}

static void
bk_results_panel_class_init (BkResultsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bk_results_panel_dispose;

  /* A trade was activated: its open and close datetimes. */
  signals[SIGNAL_SHOW_TRADE] = g_signal_new ("show-trade", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-results-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, trades_label);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, trades_view);
}

static void
bk_results_panel_init (BkResultsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->trades = g_list_store_new (BK_TYPE_TRADE_ITEM);
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->trades)));
  gtk_column_view_set_model (self->trades_view, GTK_SELECTION_MODEL (selection));
  /* Short titles, so that the list fits the side pane; each says itself
   * whole in its tooltip. */
  add_column (self, "#", COLUMN_NUMBER);
  add_column (self, _("Opened"), COLUMN_OPENED);
  add_column (self, _("Closed"), COLUMN_CLOSED);
  add_column (self, _("Size"), COLUMN_SIZE);
  /* TRANSLATORS: a column of trades: the price the trade opened at. */
  add_column (self, C_("trade column", "In"), COLUMN_OPEN_PRICE);
  /* TRANSLATORS: a column of trades: the price the trade closed at. */
  add_column (self, C_("trade column", "Out"), COLUMN_CLOSE_PRICE);
  add_column (self, _("P&L"), COLUMN_PNL);
  /* TRANSLATORS: a column of trades: profit or loss after commission. */
  add_column (self, C_("trade column", "Net"), COLUMN_PNL_COMM);
  const char *const tooltips[] = {
    _("The trade's number, in the order the trades closed"),
    _("The date the trade opened"),
    _("The date the trade closed"),
    _("Units traded"),
    _("The price the trade opened at"),
    _("The price the trade closed at"),
    _("Profit or loss before commission"),
    _("Profit or loss after commission"),
  };
  bk_column_view_set_header_tooltips (self->trades_view, tooltips, G_N_ELEMENTS (tooltips));
  g_signal_connect (self->trades_view, "activate", G_CALLBACK (on_activate_cb), self);
  bk_results_panel_set_run (self, NULL);
}
