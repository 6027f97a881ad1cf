/* bk-run-view-live.c — the Run view following a live source: a file that
 * grows (as tail -F) or a socket (tcp:HOST:PORT, unix:PATH), with an
 * optional resampling, until Stop.
 *
 * The source is opened on the run's thread (a connection may take time).
 * There a BkEventLog tells every order, fill, trade and warning; each is
 * made into a record and batched, and the batch goes to the main loop with
 * the next progress report (several a second, also while the source waits
 * for data), never one main-loop call per event.  In mode 1 a display ring
 * keeps the last bars of the plotted lines for the chart: the live window. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "bk-display-ring.h"
#include "bk-error.h"
#include "bk-events-list.h"
#include "bk-file-dialog.h"
#include "bk-format.h"
#include "bk-live-events.h"
#include "bk-live-input.h"
#include "bk-report.h"
#include "bk-run-view-private.h"
#include "bk-thread.h"

struct _BkRunLive {
  char *address;             /* a followed file, or tcp:... / unix:... */
  gboolean follow;
  gboolean resampled;
  gboolean replay;           /* resampled bars shown as they form */
  BkPeriod period;
  BkDisplayRing *ring;       /* mode 1's live window, or NULL */

  /* The run's thread. */
  gint64 start_us;           /* when it began: a live run has no end to reckon from */
  BkEventLog *log;
  GPtrArray *batch;          /* BkEventRecord*, oldest first, not posted yet */
  guint64 batch_dropped;     /* older records the bound took from it */
};

void
bk_run_live_free (BkRunLive *live)
{
  if (live == NULL)
    return;
  g_free (live->address);
  g_clear_pointer (&live->ring, bk_display_ring_unref);
  g_clear_pointer (&live->log, bk_event_log_free);
  g_clear_pointer (&live->batch, g_ptr_array_unref);
  g_free (live);
}

/* ---- the worker ---------------------------------------------------------- */

typedef struct {
  BkReport *report;
  guint64 bars;
  double elapsed;
  GPtrArray *records;        /* BkEventRecord*, or NULL */
  guint64 dropped;
} LiveProgress;

static void
live_progress_free (gpointer data)
{
  LiveProgress *progress = data;

  g_clear_pointer (&progress->report, bk_report_free);
  g_clear_pointer (&progress->records, g_ptr_array_unref);
  g_free (progress);
}

static void
on_event (const BkEvent *event, gpointer user_data)
{
  BkRunLive *live = user_data;
  BkEventRecord *record = bk_event_record_new (event);

  if (record == NULL)
    return;
  /* A flood between two reports keeps only what the list would show. */
  if (live->batch->len >= BK_EVENTS_LIST_KEEP)
    {
      g_ptr_array_remove_index (live->batch, 0);
      live->batch_dropped++;
    }
  g_ptr_array_add (live->batch, record);
}

static void
on_data_warning (const char *message, gpointer user_data)
{
  bk_event_log_warn (((BkRunLive *) user_data)->log, BK_WARNING_DATA, message);
}

static void
on_gap (const char *message, gpointer user_data)
{
  bk_event_log_warn (((BkRunLive *) user_data)->log, BK_WARNING_GAP, message);
}

static void
on_disconnected (const char *message, gpointer user_data)
{
  bk_event_log_warn (((BkRunLive *) user_data)->log, BK_WARNING_DISCONNECTED, message);
}

/* On the run's thread, from its progress callback or while the source
 * waits: the memory report, the bars, the events since the last. */
static void
post_progress (BkJob *job)
{
  RunJob *run_job = bk_job_get_data (job);
  BkRunLive *live = run_job->live;
  LiveProgress *progress = g_new0 (LiveProgress, 1);

  if (!run_job->yielding)
    {
      run_job->yielding = TRUE;
      bk_thread_lower_priority ();
    }
  progress->report = bk_report_new (run_job->run);
  progress->bars = bk_run_get_bars (run_job->run);
  progress->elapsed = (g_get_monotonic_time () - live->start_us) / (double) G_USEC_PER_SEC;
  if (live->batch->len > 0 || live->batch_dropped > 0)
    {
      progress->records = g_steal_pointer (&live->batch);
      progress->dropped = live->batch_dropped;
      live->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_event_record_free);
      live->batch_dropped = 0;
    }
  if (live->ring != NULL)
    bk_display_ring_publish (live->ring);
  /* Events are never dropped for a newer report: none is replaceable. */
  bk_job_post_progress (job, progress, live_progress_free, FALSE);
}

static void
on_run_progress (BkRun *run, gpointer user_data)
{
  post_progress (user_data);
}

static void
on_wait (gpointer user_data)
{
  post_progress (user_data);
}

static gboolean
live_job_cb (BkJob *job, gpointer data, GError **error)
{
  RunJob *run_job = data;
  BkRunLive *live = run_job->live;
  const gint *cancel = bk_job_get_cancel_flag (job);
  BkCsvOptions options = { .on_warning = on_data_warning, .warning_data = live };

  live->start_us = g_get_monotonic_time ();
  BkLiveInput *input = bk_live_input_open (live->address, live->follow, cancel, error);
  if (input == NULL)
    return FALSE;
  bk_live_input_set_warning_func (input, on_disconnected, live);
  bk_live_input_set_wait_func (input, on_wait, job);
  run_job->source = bk_source_new_live (input, &options, error);
  if (run_job->source == NULL)
    return FALSE;
  if (live->resampled)
    bk_source_set_resample (run_job->source, &live->period, live->replay ? BK_REPLAY : BK_RESAMPLE);
  bk_source_set_max_gap (run_job->source, 0, FALSE, on_gap, live);
  bk_event_log_attach (live->log, run_job->run, run_job->source);

  gboolean ok = bk_run_execute (run_job->run, run_job->source, cancel, error);

  /* What came since the last report, before the end is told. */
  post_progress (job);
  return ok;
}

/* ---- the main thread ----------------------------------------------------- */

/* "1,204 bars · 310/s · 2:05": a live run has no fraction. */
static void
show_live_progress (BkRunView *self, guint64 bars, double elapsed)
{
  g_autofree char *count = bk_format_count (bars);
  guint seconds = (guint) MAX (elapsed, 0.0);
  g_autofree char *running = g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
  g_autofree char *text = NULL;

  /* Translators: a live run's progress, short (the side pane is narrow):
   * bars so far, bars a second and the time it has run (minutes:seconds),
   * e.g. "1,204 bars · 310/s · 2:05". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s bar · %.0f/s · %s", "%s bars · %.0f/s · %s", bars),
                          count, elapsed > 0 ? bars / elapsed : 0.0, running);
  gtk_progress_bar_pulse (self->progress_bar);
  gtk_label_set_text (self->progress_label, text);
}

static void
show_display_cells (BkRunView *self, BkDisplayRing *ring)
{
  if (ring == NULL)
    bk_memory_panel_set_display_cells (self->memory_panel, 0, 0, 0, 0);
  else
    bk_memory_panel_set_display_cells (self->memory_panel, bk_display_ring_get_cells (ring),
                                       bk_display_ring_get_bytes (ring), bk_display_ring_get_n_lines (ring),
                                       bk_display_ring_get_capacity (ring));
}

static void
on_live_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  BkRunView *self = BK_RUN_VIEW (user_data);
  LiveProgress *progress = data;

  if (self->job != job)
    return;
  RunJob *run_job = bk_job_get_data (job);
  if (!run_job->shown)
    {
      /* Followed from its first report, as any run. */
      run_job->shown = TRUE;
      bk_memory_panel_clear_timeline (self->memory_panel, bk_graph_get_mode (bk_run_get_graph (run_job->run)));
      bk_run_view_show (self, run_job->run);
    }
  if (progress->records != NULL)
    bk_events_list_add (self->events_list, progress->records, progress->dropped);
  guint64 cells = progress->report->total_cells;
  bk_memory_panel_set_report (self->memory_panel, g_steal_pointer (&progress->report));
  show_display_cells (self, run_job->live->ring);
  bk_run_view_update_memory (self);
  bk_memory_panel_add_sample (self->memory_panel, progress->bars, cells,
                              bk_memory_panel_get_split (self->memory_panel)->rss_bytes);
  show_live_progress (self, progress->bars, progress->elapsed);
  bk_chart_refresh (self->chart);
}

gboolean
bk_run_view_follow (BkRunView *self, const char *address, const char *resample, gboolean replay,
                    GError **error)
{
  g_return_val_if_fail (BK_IS_RUN_VIEW (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  BkPeriod period = { 0 };
  gboolean resampled = resample != NULL && *resample != '\0';
  gboolean follow = !bk_live_is_address (address);

  if (self->job != NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s", _("A run is going on: stop it first"));
      return FALSE;
    }
  if (*address == '\0')
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s",
                   _("Name a file to follow, or a socket as tcp:HOST:PORT or unix:PATH"));
      return FALSE;
    }
  if (!follow)
    {
      BkLiveAddress parsed;

      if (!bk_live_address_parse (address, &parsed, error))
        return FALSE;
      bk_live_address_clear (&parsed);
    }
  if (resampled && !bk_period_parse (resample, &period, error))
    return FALSE;
  if (replay && !resampled)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s", _("Choose the bars' period to replay them as they form"));
      return FALSE;
    }
  if (self->document == NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s", _("Choose a strategy first"));
      return FALSE;
    }
  bk_strategy_document_check_now (self->document);
  const GError *loaded = bk_strategy_document_get_error (self->document, NULL, NULL, NULL);
  if (loaded != NULL)
    {
      g_set_error_literal (error, loaded->domain, loaded->code, loaded->message);
      return FALSE;
    }
  BkRun *run = bk_run_new (bk_strategy_document_get_strategy (self->document), self->chosen_mode,
                           self->chosen_precision, error);
  if (run == NULL)
    return FALSE;

  BkRunLive *live = g_new0 (BkRunLive, 1);
  live->address = g_strdup (address);
  live->follow = follow;
  live->resampled = resampled;
  live->replay = replay;
  live->period = period;
  live->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_event_record_free);
  if (self->chosen_mode == BK_MODE_MINIMAL)
    {
      live->ring = bk_display_ring_new (run, self->live_window);
      bk_display_ring_attach (live->ring);
    }
  live->log = bk_event_log_new (NULL, on_event, live);

  RunJob *run_job = g_new0 (RunJob, 1);
  run_job->view = g_object_ref (self);
  run_job->run = run;
  run_job->live = live;
  /* What the window names as the data: the file, or the socket (a URI
   * whose last part is host:port or the socket's file name). */
  run_job->data = follow ? g_file_new_for_path (address) : g_file_new_for_uri (address);
  g_clear_pointer (&self->live_ring, bk_display_ring_unref);
  self->live_ring = live->ring != NULL ? bk_display_ring_ref (live->ring) : NULL;

  bk_events_list_clear (self->events_list);
  bk_chart_set_live_span (self->chart, self->live_window);
  BkJob *job = bk_run_view_begin_job (self, run_job, live_job_cb);
  bk_run_set_progress_func (run, on_run_progress, job);
  g_signal_connect (job, "progress", G_CALLBACK (on_live_progress_cb), self);
  show_live_progress (self, 0, 0);
  bk_job_start (job);
  return TRUE;
}

void
bk_run_view_set_live_window (BkRunView *self, guint bars)
{
  g_return_if_fail (BK_IS_RUN_VIEW (self));
  self->live_window = CLAMP (bars, 10, BK_DISPLAY_RING_MAX_BARS);
}

guint
bk_run_view_get_live_window (BkRunView *self)
{
  return self->live_window;
}

BkEventsList *
bk_run_view_get_events_list (BkRunView *self)
{
  return self->events_list;
}

BkDisplayRing *
bk_run_view_get_display_ring (BkRunView *self, BkRun *run)
{
  if (self->live_ring != NULL && bk_display_ring_get_run (self->live_ring) == run)
    return self->live_ring;
  return NULL;
}

void
bk_run_view_show_display_cells (BkRunView *self, BkRun *run)
{
  show_display_cells (self, bk_run_view_get_display_ring (self, run));
}

/* ---- the Follow dialog --------------------------------------------------- */

static const char *const periods[] = { "", "10s", "1min", "5min", "15min", "1h", "1d", NULL };
static const guint windows[] = { 200, 500, 2000 };

typedef struct {
  BkRunView *view;
  GtkEntry *entry;
  GtkDropDown *period;
  GtkCheckButton *replay;
  GtkDropDown *window;
} FollowDialog;

/* Replay needs a period: "As they come" (the first) has none. */
static gboolean
period_chosen (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static void
follow_dialog_free (FollowDialog *dialog)
{
  g_object_unref (dialog->view);
  g_free (dialog);
}

static void
on_file_chosen (GtkWidget *widget, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GtkEntry *entry = g_object_get_data (G_OBJECT (widget), "bk-follow-entry");

  if (path != NULL && entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), path);
}

static void
on_choose_file_cb (GtkButton *button, FollowDialog *dialog)
{
  g_object_set_data_full (G_OBJECT (dialog->view), "bk-follow-entry", g_object_ref (dialog->entry), g_object_unref);
  bk_file_dialog_choose (GTK_WIDGET (dialog->view), _("Follow a Price File"), BK_FILE_DIALOG_OPEN, NULL, NULL,
                         on_file_chosen);
}

static void
on_follow_response_cb (AdwMessageDialog *message_dialog, const char *response, FollowDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  BkRunView *self = dialog->view;

  g_object_set_data (G_OBJECT (self), "bk-follow-entry", NULL);
  if (g_strcmp0 (response, "follow") != 0)
    return;
  bk_run_view_set_live_window (self, windows[gtk_drop_down_get_selected (dialog->window)]);
  if (!bk_run_view_follow (self, gtk_editable_get_text (GTK_EDITABLE (dialog->entry)),
                           periods[gtk_drop_down_get_selected (dialog->period)],
                           gtk_check_button_get_active (dialog->replay), &error))
    bk_run_view_fail (self, error->message);
}

void
bk_run_view_open_follow_dialog (BkRunView *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Follow a Live Source"),
                                              _("Run the strategy on a price file as it grows, or on a feed from a "
                                                "socket, until Stop."));
  FollowDialog *data = g_new0 (FollowDialog, 1);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose File…"));
  const char *period_names[G_N_ELEMENTS (periods)] = { _("As they come") };
  const char *window_names[G_N_ELEMENTS (windows) + 1] = { NULL };
  g_autofree char *names[G_N_ELEMENTS (windows)] = { NULL };

  for (guint i = 1; periods[i] != NULL; i++)
    period_names[i] = periods[i];
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      g_autofree char *count = bk_format_count (windows[i]);
      /* Translators: the live window's size, e.g. "500 bars". */
      names[i] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s bar", "%s bars", windows[i]), count);
      window_names[i] = names[i];
    }
  GtkWidget *period = gtk_drop_down_new_from_strings (period_names);
  GtkWidget *window = gtk_drop_down_new_from_strings (window_names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (window), 1);
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    if (windows[i] == self->live_window)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (window), i);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A file, tcp:HOST:PORT or unix:PATH"));
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_attach (GTK_GRID (grid), entry, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), choose, 1, 0, 1, 1);
  GtkWidget *period_label = gtk_label_new (_("Bars of"));
  gtk_label_set_xalign (GTK_LABEL (period_label), 0);
  gtk_grid_attach (GTK_GRID (grid), period_label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), period, 1, 1, 1, 1);
  /* Translators: backtrader's replaydata: the chart and the strategy see
   * each bar while its period goes on, at every tick. */
  GtkWidget *replay = gtk_check_button_new_with_mnemonic (_("_Replay: each bar as it forms"));
  gtk_widget_set_tooltip_text (replay, _("The strategy and the chart see the bar at every tick until its period "
                                         "is over, as backtrader's replaydata"));
  g_object_bind_property_full (period, "selected", replay, "sensitive", G_BINDING_SYNC_CREATE,
                               period_chosen, NULL, NULL, NULL);
  gtk_grid_attach (GTK_GRID (grid), replay, 1, 2, 1, 1);
  /* Translators: how many of the newest bars the chart keeps in view. */
  GtkWidget *window_label = gtk_label_new (_("Live window"));
  gtk_label_set_xalign (GTK_LABEL (window_label), 0);
  gtk_widget_set_tooltip_text (window_label, _("The newest bars the chart shows; in mode 1 the only ones kept for "
                                               "it, counted as display cells"));
  gtk_grid_attach (GTK_GRID (grid), window_label, 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), window, 1, 3, 1, 1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "follow", _("_Follow"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "follow", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "follow");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data->view = g_object_ref (self);
  data->entry = GTK_ENTRY (entry);
  data->period = GTK_DROP_DOWN (period);
  data->replay = GTK_CHECK_BUTTON (replay);
  data->window = GTK_DROP_DOWN (window);
  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_file_cb), data);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_follow_response_cb), data,
                         (GClosureNotify) (void (*) (void)) follow_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
