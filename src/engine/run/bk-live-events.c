/* bk-live-events.c — a run's events as they happen, and their JSON. */
#include "bk-live-events.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-json.h"
#include "bk-report.h"
#include "bk-trades.h"

#include <errno.h>
#include <math.h>

struct _BkEventLog {
  FILE *out;
  BkEventFunc func;
  gpointer func_data;
  BkRun *run;              /* not a reference: attached for one execution */
  BkSource *source;
  gint64 start_us;
  gint64 status_every_us;  /* 0: none */
  gint64 next_status_us;
  guint64 n_warnings;
  GString *line;           /* reused: one line at a time */
  int write_errno;         /* the first write error, or 0 */
};

static const char *const warning_names[] = { "data", "gap", "disconnected" };

const char *
bk_warning_kind_name (BkWarningKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (warning_names), NULL);
  return warning_names[kind];
}

static void
add_broker_members (JsonObject *o, const BkEvent *event)
{
  const BkBrokerEvent *b = event->broker;

  switch (b->kind)
    {
    case BK_BROKER_EVENT_ORDER:
    case BK_BROKER_EVENT_FILL:
      {
        BkOrder order = *b->order;

        /* The record says what the order is now; a fill's status is the
         * one this fill gives it. */
        order.status = b->status;
        json_object_set_string_member (o, "status", bk_order_status_name (b->status));
        if (b->kind == BK_BROKER_EVENT_FILL)
          {
            json_object_set_double_member (o, "price", b->price);
            json_object_set_double_member (o, "size", b->size);
            json_object_set_double_member (o, "commission", b->commission);
          }
        json_object_set_object_member (o, "order", bk_order_to_json (&order, event->with_time));
        break;
      }
    case BK_BROKER_EVENT_TRADE_OPENED:
    case BK_BROKER_EVENT_TRADE_CLOSED:
      {
        BkTrade trade = *b->trade;

        json_object_set_string_member (o, "status", b->kind == BK_BROKER_EVENT_TRADE_OPENED ? "opened" : "closed");
        /* An open trade as run --json's open_trade shows it: its pnl after
         * commission is the entry's commission, paid. */
        if (b->kind == BK_BROKER_EVENT_TRADE_OPENED)
          trade.pnl_comm = trade.pnl - trade.commission;
        json_object_set_object_member (o, "trade", bk_trade_to_json (&trade, event->with_time));
        break;
      }
    }
}

static void
add_status_members (JsonObject *o, const BkRunStatus *s)
{
  json_object_set_double_member (o, "elapsed_seconds", s->elapsed_seconds);
  json_object_set_int_member (o, "bars", s->bars);
  json_object_set_int_member (o, "ticks", s->ticks);
  json_object_set_double_member (o, "bars_per_second", s->bars_per_second);
  json_object_set_int_member (o, "rss_bytes", s->rss_bytes);
  json_object_set_int_member (o, "total_cells", s->cells);
  json_object_set_double_member (o, "position", s->position);
  json_object_set_double_member (o, "cash", s->cash);
  json_object_set_double_member (o, "value", s->value);
  json_object_set_int_member (o, "warnings", s->warnings);
}

static const char *const kind_names[] = { "order", "fill", "trade", "warning", "status" };

JsonObject *
bk_event_to_json (const BkEvent *event)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "event", kind_names[event->kind]);
  json_object_set_int_member (o, "bar", event->bar);
  bk_json_object_set_datetime (o, "datetime", event->datetime, event->with_time);
  switch (event->kind)
    {
    case BK_EVENT_ORDER:
    case BK_EVENT_FILL:
    case BK_EVENT_TRADE:
      add_broker_members (o, event);
      break;
    case BK_EVENT_WARNING:
      json_object_set_string_member (o, "kind", bk_warning_kind_name (event->warning));
      bk_json_object_set_text (o, "message", event->message);
      break;
    case BK_EVENT_STATUS:
      json_object_set_boolean_member (o, "final", event->final);
      add_status_members (o, event->status);
      break;
    }
  return o;
}

BkEventLog *
bk_event_log_new (FILE *out, BkEventFunc func, gpointer user_data)
{
  BkEventLog *log = g_new0 (BkEventLog, 1);

  log->out = out;
  log->func = func;
  log->func_data = user_data;
  log->line = g_string_sized_new (256);
  log->start_us = g_get_monotonic_time ();
  return log;
}

void
bk_event_log_free (BkEventLog *log)
{
  if (log == NULL)
    return;
  g_string_free (log->line, TRUE);
  g_free (log);
}

static void
event_init (BkEventLog *log, BkEvent *event, BkEventKind kind)
{
  *event = (BkEvent) {
    .kind = kind,
    .datetime = NAN,
  };
  if (log->run == NULL)
    return;
  event->bar = bk_run_get_bars (log->run);
  event->datetime = bk_run_get_datetime (log->run);
  event->with_time = bk_run_has_time (log->run);
}

static void
emit (BkEventLog *log, const BkEvent *event)
{
  if (log->func != NULL)
    log->func (event, log->func_data);
  if (log->out == NULL || log->write_errno != 0)
    return;

  g_autoptr(JsonObject) object = bk_event_to_json (event);
  g_string_truncate (log->line, 0);
  bk_json_append_object (log->line, object);
  g_string_append_c (log->line, '\n');
  /* Flushed at once: whoever reads the other end sees it now. */
  if (fwrite (log->line->str, 1, log->line->len, log->out) != log->line->len || fflush (log->out) != 0)
    log->write_errno = errno != 0 ? errno : EIO;
}

static void
on_broker_event (const BkBroker *broker, const BkBrokerEvent *broker_event, gpointer user_data)
{
  BkEventLog *log = user_data;
  BkEvent event;

  event_init (log, &event, broker_event->kind == BK_BROKER_EVENT_ORDER ? BK_EVENT_ORDER
                           : broker_event->kind == BK_BROKER_EVENT_FILL ? BK_EVENT_FILL : BK_EVENT_TRADE);
  event.broker = broker_event;
  emit (log, &event);
}

void
bk_event_log_attach (BkEventLog *log, BkRun *run, BkSource *source)
{
  log->run = run;
  log->source = source;
  log->start_us = g_get_monotonic_time ();
  if (log->status_every_us > 0)
    log->next_status_us = log->start_us + log->status_every_us;
  bk_run_set_broker_func (run, on_broker_event, log);
}

void
bk_event_log_set_status_every (BkEventLog *log, double seconds)
{
  log->status_every_us = seconds > 0 ? (gint64) (seconds * G_USEC_PER_SEC) : 0;
  log->next_status_us = log->status_every_us > 0 ? g_get_monotonic_time () + log->status_every_us : 0;
}

void
bk_event_log_get_status (BkEventLog *log, BkRunStatus *s)
{
  BkCsvReader *csv = log->source != NULL ? bk_source_get_csv (log->source) : NULL;
  const BkBroker *broker = log->run != NULL ? bk_run_get_broker (log->run) : NULL;
  double elapsed = (g_get_monotonic_time () - log->start_us) / (double) G_USEC_PER_SEC;

  *s = (BkRunStatus) {
    .elapsed_seconds = elapsed,
    .bars = log->run != NULL ? bk_run_get_bars (log->run) : 0,
    .ticks = csv != NULL ? bk_csv_reader_get_rows (csv) : 0,
    .rss_bytes = bk_process_rss_bytes (),
    .cells = log->run != NULL ? bk_run_get_cells (log->run) : 0,
    .position = broker != NULL ? broker->position : 0.0,
    .cash = broker != NULL ? broker->cash : NAN,
    .value = broker != NULL ? broker->value : NAN,
    .warnings = log->n_warnings,
  };
  s->bars_per_second = elapsed > 0 ? s->bars / elapsed : NAN;
}

void
bk_event_log_status (BkEventLog *log, gboolean final)
{
  BkRunStatus status;
  BkEvent event;

  bk_event_log_get_status (log, &status);
  event_init (log, &event, BK_EVENT_STATUS);
  event.status = &status;
  event.final = final;
  emit (log, &event);
}

void
bk_event_log_poll (BkEventLog *log)
{
  if (log->status_every_us == 0)
    return;

  gint64 now = g_get_monotonic_time ();
  if (now < log->next_status_us)
    return;
  /* Due times stay on the grid of the interval, however late a poll is. */
  log->next_status_us += ((now - log->next_status_us) / log->status_every_us + 1) * log->status_every_us;
  bk_event_log_status (log, FALSE);
}

void
bk_event_log_warn (BkEventLog *log, BkWarningKind kind, const char *message)
{
  BkEvent event;

  log->n_warnings++;
  event_init (log, &event, BK_EVENT_WARNING);
  event.warning = kind;
  event.message = message;
  emit (log, &event);
}

guint64
bk_event_log_get_n_warnings (BkEventLog *log)
{
  return log->n_warnings;
}

gboolean
bk_event_log_check (BkEventLog *log, GError **error)
{
  if (log->write_errno == 0)
    return TRUE;
  /* Translators: %s says why (No space left on device). */
  g_set_error (error, BK_ERROR, BK_ERROR_IO, _("cannot write the events (--events): %s"),
               g_strerror (log->write_errno));
  return FALSE;
}
