/* bk-events-list.c — a live run's events as a list view over a GListStore
 * of records, the newest on top, bounded. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "bk-bar.h"
#include "bk-events-list.h"
#include "bk-format.h"
#include "bk-results-panel.h"

/* ---- records ------------------------------------------------------------ */

static const char *
side_text (BkOrderSide side)
{
  return side == BK_ORDER_BUY ? C_("order side", "Buy") : C_("order side", "Sell");
}

static char *
broker_text (const BkBrokerEvent *b, BkEventTone *tone)
{
  g_autofree char *size = NULL;
  g_autofree char *price = NULL;

  switch (b->kind)
    {
    case BK_BROKER_EVENT_ORDER:
      size = bk_format_number (b->order->size, 0, FALSE);
      /* Translators: an order's new status in the events list: its number,
       * side, type, size and status, e.g. "#3 Buy Market 10: Waiting". */
      return g_strdup_printf (_("#%llu %s %s %s: %s"), (unsigned long long) b->order->ref, side_text (b->order->side),
                              bk_order_type_text (b->order->type), size, bk_order_status_text (b->status));
    case BK_BROKER_EVENT_FILL:
      size = bk_format_number (b->size, 0, FALSE);
      price = bk_format_number (b->price, 2, FALSE);
      /* Translators: a fill in the events list: order number, side, size
       * and price, e.g. "#3 Buy 10 at 101.25". */
      return g_strdup_printf (_("#%llu %s %s at %s"), (unsigned long long) b->order->ref, side_text (b->order->side),
                              size, price);
    case BK_BROKER_EVENT_TRADE_OPENED:
      size = bk_format_number (b->trade->size, 0, FALSE);
      price = bk_format_number (b->trade->open_price, 2, FALSE);
      return g_strdup_printf (b->trade->is_long
                              /* Translators: a trade opened: its size and price. */
                              ? _("Long %s opened at %s")
                              : _("Short %s opened at %s"),
                              size, price);
    case BK_BROKER_EVENT_TRADE_CLOSED:
    default:
      {
        g_autofree char *pnl = bk_format_number (b->trade->pnl_comm, 2, TRUE);

        size = bk_format_number (b->trade->size, 0, FALSE);
        price = bk_format_number (b->trade->close_price, 2, FALSE);
        *tone = b->trade->pnl_comm >= 0 ? BK_EVENT_TONE_GAIN : BK_EVENT_TONE_LOSS;
        return g_strdup_printf (b->trade->is_long
                                /* Translators: a trade closed: its size, price, and
                                 * profit or loss after commission. */
                                ? _("Long %s closed at %s: %s")
                                : _("Short %s closed at %s: %s"),
                                size, price, pnl);
      }
    }
}

static const char *
warning_text (BkWarningKind kind)
{
  switch (kind)
    {
    case BK_WARNING_GAP:
      return _("Gap in the data");
    case BK_WARNING_DISCONNECTED:
      return _("Connection dropped");
    case BK_WARNING_DATA:
    default:
      return _("Row left out");
    }
}

BkEventRecord *
bk_event_record_new (const BkEvent *event)
{
  BkEventRecord *record;
  char date[32];

  if (event->kind == BK_EVENT_STATUS)
    return NULL;
  record = g_new0 (BkEventRecord, 1);
  record->kind = event->kind;
  if (isnan (event->datetime))
    record->time = g_strdup ("—");
  else
    {
      bk_format_datetime (event->datetime, event->with_time, date);
      record->time = g_strdup (date);
    }
  if (event->kind == BK_EVENT_WARNING)
    {
      record->tone = BK_EVENT_TONE_WARNING;
      record->text = g_strdup_printf ("%s: %s", warning_text (event->warning), event->message);
    }
  else
    record->text = broker_text (event->broker, &record->tone);
  return record;
}

void
bk_event_record_free (BkEventRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->time);
  g_free (record->text);
  g_free (record);
}

/* ---- the list's items ---------------------------------------------------- */

#define BK_TYPE_EVENT_ITEM (bk_event_item_get_type ())
G_DECLARE_FINAL_TYPE (BkEventItem, bk_event_item, BK, EVENT_ITEM, GObject)

struct _BkEventItem {
  GObject parent_instance;
  BkEventRecord *record;
};

G_DEFINE_FINAL_TYPE (BkEventItem, bk_event_item, G_TYPE_OBJECT)

static void
bk_event_item_finalize (GObject *object)
{
  bk_event_record_free (BK_EVENT_ITEM (object)->record);
  G_OBJECT_CLASS (bk_event_item_parent_class)->finalize (object);
}

static void
bk_event_item_class_init (BkEventItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_event_item_finalize;
}

static void
bk_event_item_init (BkEventItem *self)
{
}

/* ---- the widget ---------------------------------------------------------- */

struct _BkEventsList {
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *count_label;
  GListStore *store;       /* BkEventItem, the newest first */
  guint64 n_added;
  guint64 n_dropped;
};

G_DEFINE_FINAL_TYPE (BkEventsList, bk_events_list, GTK_TYPE_WIDGET)

static const char *
kind_text (BkEventKind kind)
{
  switch (kind)
    {
    case BK_EVENT_ORDER:
      return C_("event", "Order");
    case BK_EVENT_FILL:
      return C_("event", "Fill");
    case BK_EVENT_TRADE:
      return C_("event", "Trade");
    case BK_EVENT_WARNING:
    case BK_EVENT_STATUS:
    default:
      return C_("event", "Warning");
    }
}

static void
update_count (BkEventsList *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *count = bk_format_count (self->n_added);
  g_autofree char *text = NULL;

  if (self->n_added == 0)
    text = g_strdup (_("No events yet: orders, trades and warnings appear here as they happen"));
  else if (self->n_dropped == 0)
    /* Translators: events received, e.g. "12 events, newest first". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event, newest first", "%s events, newest first",
                                         self->n_added),
                            count);
  else
    {
      g_autofree char *kept = bk_format_count (shown);
      g_autofree char *dropped = bk_format_count (self->n_dropped);
      /* Translators: events received, the newest kept and the older dropped,
       * e.g. "5,210 events: the newest 1,000 shown, 4,210 dropped". */
      text = g_strdup_printf (_("%s events: the newest %s shown, %s dropped"), count, kept, dropped);
    }
  gtk_label_set_text (self->count_label, text);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (kind), 6);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), time);
  gtk_box_append (GTK_BOX (row), kind);
  gtk_box_append (GTK_BOX (row), text);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_list_item_set_child (list_item, row);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  static const char *const tones[] = { NULL, "success", "error", "warning" };
  const BkEventRecord *record = BK_EVENT_ITEM (gtk_list_item_get_item (list_item))->record;
  GtkWidget *time = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *kind = gtk_widget_get_next_sibling (time);
  GtkWidget *text = gtk_widget_get_next_sibling (kind);

  gtk_label_set_text (GTK_LABEL (time), record->time);
  gtk_label_set_text (GTK_LABEL (kind), kind_text (record->kind));
  gtk_label_set_text (GTK_LABEL (text), record->text);
  gtk_widget_set_tooltip_text (text, record->text);
  for (guint i = 1; i < G_N_ELEMENTS (tones); i++)
    {
      gtk_widget_remove_css_class (kind, tones[i]);
      gtk_widget_remove_css_class (text, tones[i]);
    }
  if (tones[record->tone] != NULL)
    {
      gtk_widget_add_css_class (text, tones[record->tone]);
      if (record->tone == BK_EVENT_TONE_WARNING)
        gtk_widget_add_css_class (kind, tones[record->tone]);
    }
}

void
bk_events_list_clear (BkEventsList *self)
{
  g_return_if_fail (BK_IS_EVENTS_LIST (self));
  g_list_store_remove_all (self->store);
  self->n_added = self->n_dropped = 0;
  update_count (self);
}

void
bk_events_list_add (BkEventsList *self, GPtrArray *records, guint64 dropped)
{
  g_return_if_fail (BK_IS_EVENTS_LIST (self));

  guint n = records->len;
  guint take = MIN (n, BK_EVENTS_LIST_KEEP);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree gpointer *items = g_new (gpointer, take);

  /* The newest of the batch first; what would not be shown is never made. */
  for (guint i = 0; i < take; i++)
    {
      BkEventItem *item = g_object_new (BK_TYPE_EVENT_ITEM, NULL);
      item->record = g_steal_pointer (&g_ptr_array_index (records, n - 1 - i));
      items[i] = item;
    }
  guint keep_old = MIN (shown, BK_EVENTS_LIST_KEEP - take);
  /* One change for the whole batch: the old ones past the bound out, the
   * new ones in at the top. */
  if (keep_old < shown)
    g_list_store_splice (self->store, keep_old, shown - keep_old, NULL, 0);
  g_list_store_splice (self->store, 0, 0, items, take);
  for (guint i = 0; i < take; i++)
    g_object_unref (items[i]);
  self->n_added += n + dropped;
  self->n_dropped += dropped + (n - take) + (shown - keep_old);
  update_count (self);
}

guint
bk_events_list_get_n_shown (BkEventsList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

guint64
bk_events_list_get_n_added (BkEventsList *self)
{
  return self->n_added;
}

guint64
bk_events_list_get_n_dropped (BkEventsList *self)
{
  return self->n_dropped;
}

const BkEventRecord *
bk_events_list_get_record (BkEventsList *self, guint i)
{
  g_autoptr(BkEventItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

  return item != NULL ? item->record : NULL;
}

static void
bk_events_list_dispose (GObject *object)
{
  BkEventsList *self = BK_EVENTS_LIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (bk_events_list_parent_class)->dispose (object);
}

static void
bk_events_list_class_init (BkEventsListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bk_events_list_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
bk_events_list_init (BkEventsList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->store = g_list_store_new (BK_TYPE_EVENT_ITEM);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->count_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->count_label));

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  GtkWidget *view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);
  update_count (self);
}
