/* bk-events-list.h — what a live run reports as it goes: orders, fills,
 * trades and warnings, newest first, the last BK_EVENTS_LIST_KEEP kept.
 *
 * An event is made into a record (bk_event_record_new) on the run's
 * thread, where the BkEventLog tells it; records reach the list in
 * batches on the main thread (bk_events_list_add). */
#pragma once

#include <gtk/gtk.h>

#include "bk-live-events.h"

G_BEGIN_DECLS

#define BK_EVENTS_LIST_KEEP 1000

/* How a record is coloured: as the results panel colours profit and loss,
 * and warnings apart. */
typedef enum {
  BK_EVENT_TONE_PLAIN,
  BK_EVENT_TONE_GAIN,
  BK_EVENT_TONE_LOSS,
  BK_EVENT_TONE_WARNING,
} BkEventTone;

typedef struct {
  BkEventKind kind;
  char *time;          /* the bar's datetime as the results show it */
  char *text;          /* in the reader's language */
  BkEventTone tone;
} BkEventRecord;

/* NULL for an event the list does not show (a status). */
BkEventRecord *bk_event_record_new (const BkEvent *event);
void bk_event_record_free (BkEventRecord *record);

#define BK_TYPE_EVENTS_LIST (bk_events_list_get_type ())
G_DECLARE_FINAL_TYPE (BkEventsList, bk_events_list, BK, EVENTS_LIST, GtkWidget)

void bk_events_list_clear (BkEventsList *self);
/* `records` (BkEventRecord*, oldest first, taken) go to the top, the
 * newest first; the oldest beyond BK_EVENTS_LIST_KEEP are dropped.
 * `dropped`: older ones the sender dropped before they came. */
void bk_events_list_add (BkEventsList *self, GPtrArray *records, guint64 dropped);
/* Records shown, added since the last clear, and dropped of them. */
guint bk_events_list_get_n_shown (BkEventsList *self);
guint64 bk_events_list_get_n_added (BkEventsList *self);
guint64 bk_events_list_get_n_dropped (BkEventsList *self);
/* Shown record `i` (0: the newest), for tests. */
const BkEventRecord *bk_events_list_get_record (BkEventsList *self, guint i);

G_END_DECLS
