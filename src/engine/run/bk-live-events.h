/* bk-live-events.h — what a run reports while it goes.
 *
 * An event is a struct any front end can take (the CLI writes it as one
 * JSON object a line, --events; a window may list it): an order's fate
 * as the broker decides it (made, accepted, canceled, expired, refused),
 * a fill, a trade opened or closed, a warning about the input (a
 * malformed line, a tick out of order, a gap, a dropped connection), and
 * a status now and then (bars and ticks read, speed, resident memory,
 * cells held, position, cash, value).  Field names are those of
 * `barkeep-cli run --json` (bk-trades.h).
 *
 * A BkEventLog is attached to one run; everything is called on the run's
 * thread (the broker's listener, the input's wait).  Written lines are
 * flushed at once, so a reader of a pipe sees each as it happens.  Its
 * memory does not grow with the run: each event is written and dropped.
 */
#pragma once

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "bk-run.h"

G_BEGIN_DECLS

typedef enum {
  BK_EVENT_ORDER,      /* an order's new status: submitted, accepted, canceled, expired, margin, rejected */
  BK_EVENT_FILL,       /* an order filled, completely or in part */
  BK_EVENT_TRADE,      /* a trade opened or closed */
  BK_EVENT_WARNING,
  BK_EVENT_STATUS,
} BkEventKind;

typedef enum {
  BK_WARNING_DATA,          /* a row left out (malformed, out of order) or kept (--lenient); the message says which */
  BK_WARNING_GAP,           /* more time between two rows than --max-gap */
  BK_WARNING_DISCONNECTED,  /* the feed's connection broke */
} BkWarningKind;

typedef struct {
  double elapsed_seconds;
  guint64 bars;            /* bars the run stepped */
  guint64 ticks;           /* rows the reader handed out */
  double bars_per_second;
  guint64 rss_bytes;       /* the process's resident memory (/proc/self/statm) */
  guint64 cells;           /* what the run's lines and nodes hold (bk_run_get_cells) */
  double position;
  double cash;
  double value;
  guint64 warnings;        /* warnings so far */
} BkRunStatus;

typedef struct {
  BkEventKind kind;
  guint64 bar;             /* bars stepped when it happened; the current one counted */
  double datetime;         /* that bar's, NaN before the first */
  gboolean with_time;      /* datetimes with a time of day */
  const BkBrokerEvent *broker;   /* order, fill, trade */
  BkWarningKind warning;
  const char *message;     /* a warning's, "FILE:LINE:COLUMN: problem" where there is one */
  const BkRunStatus *status;
  gboolean final;          /* the status as the run ended */
} BkEvent;

/* The event as one JSON object: {"event": "order", ...}. */
JsonObject *bk_event_to_json (const BkEvent *event);
const char *bk_warning_kind_name (BkWarningKind kind);

typedef struct _BkEventLog BkEventLog;
typedef void (*BkEventFunc) (const BkEvent *event, gpointer user_data);

/* Writes to `out` (not closed; NULL: writes nothing) and hands each event
 * to `func` (may be NULL). */
BkEventLog *bk_event_log_new (FILE *out, BkEventFunc func, gpointer user_data);
void bk_event_log_free (BkEventLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkEventLog, bk_event_log_free)

/* Listens to the run's broker and counts the source's ticks; before
 * bk_run_execute.  The log must outlive the execution. */
void bk_event_log_attach (BkEventLog *log, BkRun *run, BkSource *source);
/* A status every `seconds` (0: none but the final one) from
 * bk_event_log_poll. */
void bk_event_log_set_status_every (BkEventLog *log, double seconds);
/* Writes a status if one is due: cheap to call often. */
void bk_event_log_poll (BkEventLog *log);
void bk_event_log_status (BkEventLog *log, gboolean final);
void bk_event_log_warn (BkEventLog *log, BkWarningKind kind, const char *message);
guint64 bk_event_log_get_n_warnings (BkEventLog *log);
/* The status as it stands (for a caller's own report). */
void bk_event_log_get_status (BkEventLog *log, BkRunStatus *status);
/* FALSE with the first write error, if a line could not be written. */
gboolean bk_event_log_check (BkEventLog *log, GError **error);

G_END_DECLS
