/* bk-results-panel.c — a finished run's results: the broker's summary;
 * its trades, its orders and backtrader's analyzers on pages of their own. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-analyzers.h"
#include "bk-bar.h"
#include "bk-column-view.h"
#include "bk-format.h"
#include "bk-results-panel.h"

/* A row of either list is kept from one run to the next and rewritten in
 * place ("changed"), so that a new run rebinds the rows on screen instead
 * of having the list views make and measure every row's cells again. */
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
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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

/* ---- one order, as a list item ------------------------------------------ */

struct _BkOrderItem {
  GObject parent_instance;
  gboolean with_time;
  BkOrder order;
};

G_DEFINE_FINAL_TYPE (BkOrderItem, bk_order_item, G_TYPE_OBJECT)

static void
bk_order_item_class_init (BkOrderItemClass *klass)
{
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bk_order_item_init (BkOrderItem *self)
{
}

const BkOrder *
bk_order_item_get_order (BkOrderItem *self)
{
  return &self->order;
}

/* ---- the panel ---------------------------------------------------------- */

struct _BkResultsPanel {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkGrid *summary;
  GtkLabel *trades_label;
  GtkColumnView *trades_view;
  GtkLabel *orders_label;
  GtkColumnView *orders_view;
  GtkGrid *analyzers;

  GListStore *trades;
  GListStore *orders;
  GHashTable *values;           /* key → GtkLabel*, the summary's and analyzers' values */
  BkRun *pending;               /* set out of sight, shown when next mapped */
};

G_DEFINE_FINAL_TYPE (BkResultsPanel, bk_results_panel, GTK_TYPE_WIDGET)

enum { SIGNAL_SHOW_TRADE, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum {
  COLUMN_NUMBER,
  COLUMN_SIDE,
  COLUMN_OPENED,
  COLUMN_CLOSED,
  COLUMN_SIZE,
  COLUMN_OPEN_PRICE,
  COLUMN_CLOSE_PRICE,
  COLUMN_PNL,
  COLUMN_PNL_COMM,
} Column;

typedef enum {
  ORDER_REF,
  ORDER_CREATED,
  ORDER_SIDE,
  ORDER_TYPE,
  ORDER_SIZE,
  ORDER_PRICE,
  ORDER_STATUS,
  ORDER_EXECUTED,
  ORDER_EXECUTED_PRICE,
  ORDER_COMMISSION,
  ORDER_REASON,
} OrderColumn;

static char *
format_date (double datetime, gboolean with_time)
{
  char buf[32];

  if (isnan (datetime))
    return g_strdup ("—");
  bk_format_datetime (datetime, with_time, buf);
  return g_strdup (buf);
}

static char *
format_cell (const BkTradeItem *item, Column column)
{
  switch (column)
    {
    case COLUMN_NUMBER:
      return g_strdup_printf ("%u", item->number);
    case COLUMN_SIDE:
      /* TRANSLATORS: a trade's side in the narrow trades list: L for
       * long, S for short (Chinese: 多 and 空). */
      return g_strdup (item->trade.is_long ? C_("trade side", "L") : C_("trade side", "S"));
    case COLUMN_OPENED:
    case COLUMN_CLOSED:
      return format_date (column == COLUMN_OPENED ? item->trade.open_datetime : item->trade.close_datetime,
                          item->with_time);
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

/* An order's type, status and reason in the reader's language; the
 * engine's words are backtrader's. */
const char *
bk_order_type_text (BkOrderType type)
{
  switch (type)
    {
    case BK_ORDER_MARKET:
      return C_("order type", "Market");
    case BK_ORDER_CLOSE:
      return C_("order type", "Close");
    case BK_ORDER_LIMIT:
      return C_("order type", "Limit");
    case BK_ORDER_STOP:
      return C_("order type", "Stop");
    case BK_ORDER_STOPLIMIT:
      return C_("order type", "Stop-limit");
    case BK_ORDER_STOPTRAIL:
    default:
      return C_("order type", "Trailing stop");
    }
}

const char *
bk_order_status_text (BkOrderStatus status)
{
  switch (status)
    {
    case BK_ORDER_SUBMITTED:
      return C_("order status", "Submitted");
    case BK_ORDER_ACCEPTED:
      /* TRANSLATORS: an order still waiting when the run ended. */
      return C_("order status", "Waiting");
    case BK_ORDER_PARTIAL:
      return C_("order status", "Partly filled");
    case BK_ORDER_COMPLETED:
      return C_("order status", "Filled");
    case BK_ORDER_CANCELED:
      return C_("order status", "Cancelled");
    case BK_ORDER_EXPIRED:
      return C_("order status", "Expired");
    case BK_ORDER_MARGIN:
      /* TRANSLATORS: the cash could not pay for the order (backtrader's Margin). */
      return C_("order status", "No cash");
    case BK_ORDER_REJECTED:
    case BK_ORDER_N_STATUS:
    default:
      return C_("order status", "Rejected");
    }
}

static const char *
order_reason_text (const char *reason)
{
  static const struct { const char *engine; const char *text; } reasons[] = {
    { "replaced", NC_("order reason", "a new entry replaced it") },
    { "parent canceled", NC_("order reason", "its entry was cancelled") },
    { "parent margin", NC_("order reason", "its entry found no cash") },
    { "parent expired", NC_("order reason", "its entry expired") },
    { "exit", NC_("order reason", "the position was closed") },
    { "cash at submission", NC_("order reason", "no cash when made") },
    { "cash at fill", NC_("order reason", "no cash at the fill") },
    { "oco", NC_("order reason", "its stop or target filled") },
  };

  if (reason == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i].engine))
      return g_dpgettext2 (GETTEXT_PACKAGE, "order reason", reasons[i].text);
  return reason;
}

static char *
format_order_cell (const BkOrderItem *item, OrderColumn column)
{
  const BkOrder *o = &item->order;

  switch (column)
    {
    case ORDER_REF:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, o->ref);
    case ORDER_CREATED:
      return format_date (o->created, item->with_time);
    case ORDER_SIDE:
      return g_strdup (o->side == BK_ORDER_BUY ? C_("order side", "Buy") : C_("order side", "Sell"));
    case ORDER_TYPE:
      return g_strdup (bk_order_type_text (o->type));
    case ORDER_SIZE:
      return g_strdup_printf ("%g", o->size);
    case ORDER_PRICE:
      if (o->type == BK_ORDER_STOPLIMIT)
        {
          g_autofree char *stop = bk_format_number (o->price, 2, FALSE);
          g_autofree char *limit = bk_format_number (o->price_limit, 2, FALSE);
          return g_strdup_printf ("%s / %s", stop, limit);
        }
      return bk_format_number (o->price, 2, FALSE);
    case ORDER_STATUS:
      return g_strdup (bk_order_status_text (o->status));
    case ORDER_EXECUTED:
      return format_date (o->executed, item->with_time);
    case ORDER_EXECUTED_PRICE:
      return bk_format_number (o->executed_price, 2, FALSE);
    case ORDER_COMMISSION:
      return bk_format_number (o->commission, 2, FALSE);
    case ORDER_REASON:
    default:
      return g_strdup (order_reason_text (o->reason));
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

/* A refused order's status in the error colour, a filled one's plain. */
static const char *
order_css_class (const BkOrderItem *item, OrderColumn column)
{
  if (column != ORDER_STATUS)
    return NULL;
  if (item->order.status == BK_ORDER_MARGIN || item->order.status == BK_ORDER_REJECTED)
    return "error";
  if (item->order.status == BK_ORDER_CANCELED || item->order.status == BK_ORDER_EXPIRED)
    return "dim-label";
  return NULL;
}

/* A column of either list: what its factory's callbacks are given. */
typedef struct {
  guint column;
  gboolean numeric;             /* aligned right */
  gboolean orders;              /* a column of the orders, else of the trades */
} ColumnSpec;

static void
on_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  const ColumnSpec *spec = data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), spec->numeric ? 1.0f : 0.0f);
  gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "bk-column", (gpointer) spec);
  gtk_list_item_set_child (list_item, label);
}

/* The cell shows its item as it is now. */
static void
show_cell (GtkWidget *label, gpointer item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (label), "bk-column");
  g_autofree char *text = spec->orders ? format_order_cell (item, spec->column) : format_cell (item, spec->column);
  const char *css_class = spec->orders ? order_css_class (item, spec->column) : pnl_css_class (item, spec->column);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
}

static void
on_item_changed_cb (gpointer item, GtkWidget *label)
{
  show_cell (label, item);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  show_cell (label, item);
  g_signal_connect_object (item, "changed", G_CALLBACK (on_item_changed_cb), label, 0);
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), on_item_changed_cb,
                                        gtk_list_item_get_child (list_item));
}

const char *
bk_trade_item_get_css_class (BkTradeItem *self, gboolean after_commission)
{
  return pnl_css_class (self, after_commission ? COLUMN_PNL_COMM : COLUMN_PNL);
}

static void
add_column (GtkColumnView *view, const char *title, const ColumnSpec *spec)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), (gpointer) spec);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), (gpointer) spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), (gpointer) spec);
  g_autoptr(GtkColumnViewColumn) view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (view, view_column);
}

static void
on_activate_cb (GtkColumnView *view, guint position, BkResultsPanel *self)
{
  g_autoptr(BkTradeItem) item = g_list_model_get_item (G_LIST_MODEL (self->trades), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_TRADE], 0, item->trade.open_datetime, item->trade.close_datetime);
}

/* An order: the bars from the one that made it to its fill, or that bar
 * alone when it never filled. */
static void
on_order_activate_cb (GtkColumnView *view, guint position, BkResultsPanel *self)
{
  g_autoptr(BkOrderItem) item = g_list_model_get_item (G_LIST_MODEL (self->orders), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_TRADE], 0, item->order.created,
                   isnan (item->order.executed) ? item->order.created : item->order.executed);
}

/* One row of a grid: a label, and its value kept by `key` (a static or
 * interned string). */
static void
add_value (BkResultsPanel *self, GtkGrid *grid, int row, const char *key, const char *title, const char *tooltip,
           char *value)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_set_tooltip_text (name, tooltip);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "numeric");
  /* The summary's figures may be copied; the analyzers' page, whose first
   * figure would take the focus and show selected, is for reading. */
  gtk_label_set_selectable (GTK_LABEL (label), grid == self->summary);
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, label, 1, row, 1, 1);
  g_hash_table_insert (self->values, (gpointer) key, label);
  g_free (value);
}

/* An analyzer's heading in the analyzers' grid: backtrader's name. */
static void
add_heading (GtkGrid *grid, int row, const char *analyzer, const char *tooltip)
{
  GtkWidget *label = gtk_label_new (analyzer);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_set_margin_top (label, row > 0 ? 8 : 0);
  gtk_grid_attach (grid, label, 0, row, 2, 1);
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

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* "12 (7 won, 5 lost)" */
static char *
won_lost (guint64 total, guint64 won, guint64 lost)
{
  g_autofree char *t = bk_format_count (total);
  g_autofree char *w = bk_format_count (won);
  g_autofree char *l = bk_format_count (lost);

  /* TRANSLATORS: closed trades, and how many were won and lost. */
  return g_strdup_printf (_("%s (%s won, %s lost)"), t, w, l);
}

static void
set_analyzers (BkResultsPanel *self, const BkAnalyzers *analyzers)
{
  BkAnalysis a;
  int row = 0;

  bk_analyzers_get_analysis (analyzers, &a);
  add_heading (self->analyzers, row++, "TradeAnalyzer", _("Closed trades as backtrader's TradeAnalyzer counts them: won where the profit after commission is 0 or more"));
  add_value (self, self->analyzers, row++, "trades-closed", _("Closed trades"), NULL,
             won_lost (a.closed, a.won.count, a.lost.count));
  add_value (self, self->analyzers, row++, "trades-long", _("Long trades"), NULL,
             won_lost (a.long_side.total, a.long_side.won.count, a.long_side.lost.count));
  add_value (self, self->analyzers, row++, "trades-short", _("Short trades"), NULL,
             won_lost (a.short_side.total, a.short_side.won.count, a.short_side.lost.count));
  add_value (self, self->analyzers, row++, "net-long", _("Net of long trades"), _("Profit or loss after commission"),
             bk_format_number (a.long_side.pnl_total, 2, TRUE));
  add_value (self, self->analyzers, row++, "net-short", _("Net of short trades"), _("Profit or loss after commission"),
             bk_format_number (a.short_side.pnl_total, 2, TRUE));
  add_value (self, self->analyzers, row++, "largest-win", _("Largest win"), _("After commission"),
             bk_format_number (a.won.max, 2, TRUE));
  add_value (self, self->analyzers, row++, "largest-loss", _("Largest loss"), _("After commission"),
             bk_format_number (a.lost.max, 2, TRUE));
  g_autofree char *won_streak = bk_format_count (a.streak_won_longest);
  g_autofree char *lost_streak = bk_format_count (a.streak_lost_longest);
  /* TRANSLATORS: the longest runs of won and of lost trades. */
  add_value (self, self->analyzers, row++, "streaks", _("Longest streaks"), _("The most trades won in a row, and lost in a row"),
             g_strdup_printf (_("%s won, %s lost"), won_streak, lost_streak));
  add_value (self, self->analyzers, row++, "average-bars", _("Bars held"), _("The average length of a closed trade, in bars"),
             bk_format_number (a.len.average, 1, FALSE));

  add_heading (self->analyzers, row++, "DrawDown", _("The deepest fall of the value below a peak"));
  add_value (self, self->analyzers, row++, "max-moneydown", _("Largest fall"), _("In money, from the peak"),
             bk_format_number (a.max_moneydown, 2, FALSE));
  add_heading (self->analyzers, row++, "Returns", _("Log returns, a day a period, 252 days a year"));
  add_value (self, self->analyzers, row++, "returns-total", _("Total (log)"), _("The log return over the whole run"),
             bk_format_number (a.rtot, 4, TRUE));
  add_value (self, self->analyzers, row++, "returns-annual", _("A year"), _("The average daily log return over 252 days"),
             percent (a.rnorm, TRUE));
  add_heading (self->analyzers, row++, "AnnualReturn", _("Each calendar year's last value over the year before's"));
  for (guint i = 0; i < bk_analyzers_get_n_years (analyzers); i++)
    {
      int year;
      double annual;
      g_autofree char *key = NULL;
      g_autofree char *title = NULL;

      bk_analyzers_get_year (analyzers, i, &year, &annual);
      key = g_strdup_printf ("year-%d", year);
      title = g_strdup_printf ("%d", year);
      add_value (self, self->analyzers, row++, g_intern_string (key), title, NULL, percent (annual, TRUE));
    }
  add_heading (self->analyzers, row++, "SQN", _("System quality number: √trades × mean / deviation of the trades' net profit"));
  add_value (self, self->analyzers, row++, "sqn", "SQN", NULL, ratio (a.sqn));
  /* TRANSLATORS: the heading of the exposure figures (not a backtrader analyzer). */
  add_heading (self->analyzers, row++, _("Exposure"), _("The bars at whose close a position was held"));
  add_value (self, self->analyzers, row++, "exposure", _("In the market"), NULL, percent (a.exposure, FALSE));
}

typedef struct {
  const GArray *rows;           /* BkTrade or BkOrder */
  gboolean with_time;
} RowSource;

static void
fill_trade (gpointer item, guint i, const RowSource *source)
{
  BkTradeItem *trade = item;

  trade->number = i + 1;
  trade->with_time = source->with_time;
  trade->trade = g_array_index (source->rows, BkTrade, i);
}

static void
fill_order (gpointer item, guint i, const RowSource *source)
{
  BkOrderItem *order = item;

  order->with_time = source->with_time;
  order->order = g_array_index (source->rows, BkOrder, i);
}

/* The rows the list has are rewritten, those it lacks added in one change,
 * those it has too many removed in one: a change per row would have its
 * view lay out its rows again for every one of them. */
static void
set_rows (GListStore *store, const RowSource *source, void (*fill) (gpointer, guint, const RowSource *))
{
  GListModel *model = G_LIST_MODEL (store);
  guint kept = g_list_model_get_n_items (model), n = source->rows->len;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      gpointer item = i < kept ? g_list_model_get_item (model, i) : g_object_new (g_list_model_get_item_type (model), NULL);

      fill (item, i, source);
      if (i < kept)
        {
          g_signal_emit_by_name (item, "changed");
          g_object_unref (item);
        }
      else
        g_ptr_array_add (added, item);
    }
  if (kept != n)
    g_list_store_splice (store, MIN (kept, n), kept > n ? kept - n : 0, added->pdata, added->len);
}

static void
show_results (BkResultsPanel *self, BkRun *run)
{
  BkResults r;

  g_hash_table_remove_all (self->values);
  clear_grid (self->summary);
  clear_grid (self->analyzers);
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
  add_value (self, self->summary, 0, "final-value", _("Final value"), start, bk_format_number (r.final_value, 2, FALSE));
  add_value (self, self->summary, 1, "total-return", _("Total return"), _("The final value against the starting cash"),
             percent (r.total_return, TRUE));
  add_value (self, self->summary, 2, "annual-return", _("Annual return"), _("The total return spread over the calendar years of the data"),
             percent (r.annual_return, TRUE));
  /* TRANSLATORS: the deepest fall of the value from a peak, and how many
   * bars it lasted. */
  g_autofree char *drawdown_bars = bk_format_count (r.max_drawdown_bars);
  add_value (self, self->summary, 3, "max-drawdown", _("Maximum drawdown"), _("The deepest fall of the value below a peak, and how long it lasted"),
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.2f %% over %s bar", "%.2f %% over %s bars",
                                           r.max_drawdown_bars),
                              r.max_drawdown * 100.0, drawdown_bars));
  add_value (self, self->summary, 4, "sharpe", _("Sharpe ratio"), _("Mean daily return over its deviation, times √252, without a risk-free rate"),
             ratio (r.sharpe));
  g_autofree char *n_trades = bk_format_count (r.n_trades);
  g_autofree char *n_rejected = bk_format_count (r.rejected_orders);
  add_value (self, self->summary, 5, "trades", _("Trades"), _("Closed trades, and orders the cash could not pay for"),
             r.rejected_orders > 0
             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s order rejected)", "%s (%s orders rejected)",
                                             r.rejected_orders),
                                n_trades, n_rejected)
             : g_strdup (n_trades));
  add_value (self, self->summary, 6, "win-rate", _("Win rate"), _("Closed trades with a profit after commission"),
             percent (r.win_rate, FALSE));
  add_value (self, self->summary, 7, "profit-factor", _("Profit factor"), _("Gross profit over gross loss, after commission"),
             ratio (r.profit_factor));
  set_analyzers (self, bk_run_get_analyzers (run));

  set_rows (self->trades, &(RowSource) { broker->trades, bk_run_has_time (run) }, fill_trade);
  set_rows (self->orders, &(RowSource) { broker->orders, bk_run_has_time (run) }, fill_order);
  g_autofree char *n_closed = bk_format_count (broker->trades->len);
  g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s closed trade", "%s closed trades",
                                                           broker->trades->len),
                                              n_closed);
  gtk_label_set_text (self->trades_label, heading);
  /* A bounded history (mode 1) keeps the newest; say what it dropped. */
  g_autofree char *n_orders = bk_format_count (broker->orders->len);
  g_autofree char *n_dropped = bk_format_count (broker->dropped_orders);
  g_autofree char *orders_heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders",
                                                                  broker->orders->len),
                                                     n_orders);
  if (broker->dropped_orders > 0)
    {
      g_autofree char *with_dropped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, the newest (%s older one not kept)",
                                                                    "%s, the newest (%s older ones not kept)",
                                                                    broker->dropped_orders),
                                                       orders_heading, n_dropped);
      gtk_label_set_text (self->orders_label, with_dropped);
    }
  else
    gtk_label_set_text (self->orders_label, orders_heading);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

/* Out of sight (the memory page in front) the panel reads a run only
 * when it is shown again, or asked what it shows: the runs a slider makes
 * one after the other cost nothing here until then. */
void
bk_results_panel_set_run (BkResultsPanel *self, BkRun *run)
{
  g_return_if_fail (BK_IS_RESULTS_PANEL (self));

  g_clear_pointer (&self->pending, bk_run_free);
  if (run != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->pending = bk_run_ref (run);
  else
    show_results (self, run);
}

static void
show_pending (BkResultsPanel *self)
{
  g_autoptr(BkRun) run = g_steal_pointer (&self->pending);

  if (run != NULL)
    show_results (self, run);
}

gboolean
bk_results_panel_is_pending (BkResultsPanel *self)
{
  g_return_val_if_fail (BK_IS_RESULTS_PANEL (self), FALSE);
  return self->pending != NULL;
}

const char *
bk_results_panel_get_value (BkResultsPanel *self, const char *key)
{
  show_pending (self);
  GtkLabel *label = g_hash_table_lookup (self->values, key);

  return label != NULL ? gtk_label_get_text (label) : NULL;
}

GListModel *
bk_results_panel_get_trades (BkResultsPanel *self)
{
  show_pending (self);
  return G_LIST_MODEL (self->trades);
}

GListModel *
bk_results_panel_get_orders (BkResultsPanel *self)
{
  show_pending (self);
  return G_LIST_MODEL (self->orders);
}

static void
bk_results_panel_dispose (GObject *object)
{
  BkResultsPanel *self = BK_RESULTS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_RESULTS_PANEL);
  g_clear_pointer (&self->pending, bk_run_free);
  g_clear_object (&self->trades);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->values, g_hash_table_unref);
  G_OBJECT_CLASS (bk_results_panel_parent_class)->dispose (object);
}

static void
bk_results_panel_map (GtkWidget *widget)
{
  /* Filled before its children are mapped: they appear with the run. */
  show_pending (BK_RESULTS_PANEL (widget));
  GTK_WIDGET_CLASS (bk_results_panel_parent_class)->map (widget);
}

static void
bk_results_panel_class_init (BkResultsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bk_results_panel_dispose;
  widget_class->map = bk_results_panel_map;

  /* A trade or an order was activated: the datetimes of the bars to show
   * (a trade's open and close, an order's making and fill). */
  signals[SIGNAL_SHOW_TRADE] = g_signal_new ("show-trade", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-results-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, trades_label);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, trades_view);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, orders_label);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, orders_view);
  gtk_widget_class_bind_template_child (widget_class, BkResultsPanel, analyzers);
}

static void
set_model (GtkColumnView *view, GListStore *store)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (store)));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static void
init_trade_columns (BkResultsPanel *self)
{
  static const ColumnSpec specs[] = {
    { COLUMN_NUMBER, FALSE, FALSE }, { COLUMN_SIDE, FALSE, FALSE }, { COLUMN_OPENED, FALSE, FALSE },
    { COLUMN_CLOSED, FALSE, FALSE }, { COLUMN_SIZE, TRUE, FALSE }, { COLUMN_OPEN_PRICE, TRUE, FALSE },
    { COLUMN_CLOSE_PRICE, TRUE, FALSE }, { COLUMN_PNL, TRUE, FALSE }, { COLUMN_PNL_COMM, TRUE, FALSE },
  };
  /* Short titles, so that the list fits the side pane; each says itself
   * whole in its tooltip. */
  const char *const titles[] = {
    "#",
    /* TRANSLATORS: a narrow column of trades: long (L) or short (S). */
    C_("trade column", "L/S"),
    _("Opened"),
    _("Closed"),
    _("Size"),
    /* TRANSLATORS: a column of trades: the price the trade opened at. */
    C_("trade column", "In"),
    /* TRANSLATORS: a column of trades: the price the trade closed at. */
    C_("trade column", "Out"),
    _("P&L"),
    /* TRANSLATORS: a column of trades: profit or loss after commission. */
    C_("trade column", "Net"),
  };
  const char *const tooltips[] = {
    _("The trade's number, in the order the trades closed"),
    _("Long (L: bought first) or short (S: sold first)"),
    _("The date the trade opened"),
    _("The date the trade closed"),
    _("Units traded"),
    _("The price the trade opened at"),
    _("The price the trade closed at"),
    _("Profit or loss before commission"),
    _("Profit or loss after commission"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (specs) == G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    add_column (self->trades_view, titles[i], &specs[i]);
  bk_column_view_set_header_tooltips (self->trades_view, tooltips, G_N_ELEMENTS (tooltips));
}

static void
init_order_columns (BkResultsPanel *self)
{
  static const ColumnSpec specs[] = {
    { ORDER_REF, FALSE, TRUE }, { ORDER_CREATED, FALSE, TRUE }, { ORDER_SIDE, FALSE, TRUE },
    { ORDER_TYPE, FALSE, TRUE }, { ORDER_SIZE, TRUE, TRUE }, { ORDER_PRICE, TRUE, TRUE },
    { ORDER_STATUS, FALSE, TRUE }, { ORDER_EXECUTED, FALSE, TRUE }, { ORDER_EXECUTED_PRICE, TRUE, TRUE },
    { ORDER_COMMISSION, TRUE, TRUE }, { ORDER_REASON, FALSE, TRUE },
  };
  const char *const titles[] = {
    "#",
    /* TRANSLATORS: a column of orders: the date the order was made. */
    C_("order column", "Made"),
    /* TRANSLATORS: a column of orders: buy or sell. */
    C_("order column", "Side"),
    C_("order column", "Type"),
    _("Size"),
    /* TRANSLATORS: a column of orders: its limit or stop price. */
    C_("order column", "Price"),
    C_("order column", "Status"),
    /* TRANSLATORS: a column of orders: the date it filled. */
    C_("order column", "Filled"),
    /* TRANSLATORS: a column of orders: the price it filled at. */
    C_("order column", "At"),
    /* TRANSLATORS: a column of orders: the commission it paid. */
    C_("order column", "Comm."),
    /* TRANSLATORS: a column of orders: why it was cancelled or refused. */
    C_("order column", "Why"),
  };
  const char *const tooltips[] = {
    _("The order's number, in the order they were made"),
    _("The date of the bar whose close made the order"),
    _("Buy or sell"),
    _("Market (next open), close (next close), limit, stop, stop-limit or trailing stop"),
    _("Units asked for"),
    _("The limit or stop price (a stop-limit's stop / limit); none for market and close orders"),
    _("What became of it: filled, cancelled, expired, refused for want of cash, or still waiting"),
    _("The date it filled"),
    _("The price it filled at"),
    _("The commission it paid"),
    _("Why it was cancelled or refused"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (specs) == G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    add_column (self->orders_view, titles[i], &specs[i]);
  bk_column_view_set_header_tooltips (self->orders_view, tooltips, G_N_ELEMENTS (tooltips));
}

static void
bk_results_panel_init (BkResultsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->trades = g_list_store_new (BK_TYPE_TRADE_ITEM);
  self->orders = g_list_store_new (BK_TYPE_ORDER_ITEM);
  set_model (self->trades_view, self->trades);
  set_model (self->orders_view, self->orders);
  init_trade_columns (self);
  init_order_columns (self);
  g_signal_connect (self->trades_view, "activate", G_CALLBACK (on_activate_cb), self);
  g_signal_connect (self->orders_view, "activate", G_CALLBACK (on_order_activate_cb), self);
  bk_results_panel_set_run (self, NULL);
}
