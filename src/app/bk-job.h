/* bk-job.h — work behind a window: one function run on a thread of its
 * own, its progress handed to the main loop, its end told there.
 *
 * The Run, Compare and Universe views each run their work through one. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  BK_JOB_IDLE,       /* not started */
  BK_JOB_RUNNING,
  BK_JOB_FINISHED,
  BK_JOB_FAILED,
  BK_JOB_CANCELLED,  /* stopped: what it computed may still be there */
} BkJobState;

#define BK_TYPE_JOB_STATE (bk_job_state_get_type ())
GType bk_job_state_get_type (void);

#define BK_TYPE_JOB (bk_job_get_type ())
G_DECLARE_FINAL_TYPE (BkJob, bk_job, BK, JOB, GObject)

/* Runs on the job's thread.  FALSE and *error when it failed; an error of
 * code BK_ERROR_CANCELLED or G_IO_ERROR_CANCELLED says it stopped because
 * it was asked to. */
typedef gboolean (*BkJobFunc) (BkJob *job, gpointer data, GError **error);

/* A job that runs `func` with `data` (freed with `destroy` when the job
 * is), on a thread named `name`. */
BkJob *bk_job_new (const char *name, BkJobFunc func, gpointer data, GDestroyNotify destroy);
/* Starts the thread.  "finished" is emitted on the main loop, after every
 * progress posted before the function returned. */
void bk_job_start (BkJob *self);
/* Blocks the caller up to `timeout_us` for the function to return: TRUE
 * if it has.  Its end is still told on the main loop; waited for, it is
 * told before the window's next frame, so that a job of a few
 * milliseconds (a slider's run) shows its result in the frame that shows
 * the change, not one frame later. */
gboolean bk_job_wait_returned (BkJob *self, gint64 timeout_us);
/* Cancels the job's GCancellable, which raises the flag the engine looks
 * at (bk_job_get_cancel_flag). */
void bk_job_cancel (BkJob *self);
GCancellable *bk_job_get_cancellable (BkJob *self);
/* The flag an engine loop polls with g_atomic_int_get: raised on cancel. */
gint *bk_job_get_cancel_flag (BkJob *self);
BkJobState bk_job_get_state (BkJob *self);
gpointer bk_job_get_data (BkJob *self);

/* From the job's thread: hands `progress` (freed with `destroy` once
 * delivered or dropped) to the main loop, where "progress" is emitted with
 * it.  Throttled: the main loop is woken once for all the progress waiting,
 * and a `replaceable` progress still waiting when the next one is posted is
 * dropped for it, so a busy window sees only the newest. */
void bk_job_post_progress (BkJob *self, gpointer progress, GDestroyNotify destroy, gboolean replaceable);

G_END_DECLS
