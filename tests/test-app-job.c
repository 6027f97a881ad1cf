/* test-app-job.c — the views' worker job: its own thread, progress
 * delivered on the main thread, and its end, once. */
#include "bk-error.h"
#include "bk-job.h"

#include "test-app-common.h"

/* What a job's function did and what the main loop saw of it. */
typedef struct {
  GMutex lock;
  GCond cond;
  gboolean posted;              /* the function has posted all it will */
  GThread *worker;
  GString *seen;                /* the progress delivered, in order */
  gboolean seen_off_main;
  BkJobState state_at_end;
  char *message_at_end;
  guint n_finished;
} JobWatch;

static void
job_post (BkJob *job, const char *text, gboolean replaceable)
{
  bk_job_post_progress (job, g_strdup (text), g_free, replaceable);
}

/* Posts a, b (replaceable), c (kept), d (replaceable), then waits until
 * it is cancelled when the watch asks for it, or fails. */
static gboolean
job_posting_cb (BkJob *job, gpointer data, GError **error)
{
  JobWatch *watch = data;
  const char *kind = g_object_get_data (G_OBJECT (job), "kind");

  watch->worker = g_thread_self ();
  job_post (job, "a", TRUE);
  job_post (job, "b", TRUE);
  job_post (job, "c", FALSE);
  job_post (job, "d", TRUE);
  g_mutex_lock (&watch->lock);
  watch->posted = TRUE;
  g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->lock);
  if (g_strcmp0 (kind, "cancel") == 0)
    {
      while (!g_atomic_int_get (bk_job_get_cancel_flag (job)))
        g_thread_yield ();
      g_set_error_literal (error, BK_ERROR, BK_ERROR_CANCELLED, "stopped");
      return FALSE;
    }
  if (g_strcmp0 (kind, "fail") == 0)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_INVALID, "bad input");
      return FALSE;
    }
  return TRUE;
}

static void
on_job_watch_progress_cb (BkJob *job, gpointer data, gpointer user_data)
{
  JobWatch *watch = user_data;

  g_string_append (watch->seen, data);
  watch->seen_off_main |= g_thread_self () != main_thread;
}

static void
on_job_watch_finished_cb (BkJob *job, const GError *error, gpointer user_data)
{
  JobWatch *watch = user_data;

  watch->n_finished++;
  watch->state_at_end = bk_job_get_state (job);
  watch->message_at_end = error != NULL ? g_strdup (error->message) : NULL;
}

static JobWatch *current_watch;

static gboolean
job_watch_finished (void)
{
  return current_watch->n_finished > 0;
}

/* Runs a job of `kind` ("finish", "cancel" or "fail") to its end. */
static void
run_watched_job (JobWatch *watch, const char *kind)
{
  g_autoptr(BkJob) job = bk_job_new ("test-job", job_posting_cb, watch, NULL);

  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->seen = g_string_new (NULL);
  g_object_set_data (G_OBJECT (job), "kind", (gpointer) kind);
  g_signal_connect (job, "progress", G_CALLBACK (on_job_watch_progress_cb), watch);
  g_signal_connect (job, "finished", G_CALLBACK (on_job_watch_finished_cb), watch);
  g_assert_cmpint (bk_job_get_state (job), ==, BK_JOB_IDLE);
  bk_job_start (job);
  g_assert_cmpint (bk_job_get_state (job), ==, BK_JOB_RUNNING);

  /* The main loop takes nothing until all four are posted. */
  g_mutex_lock (&watch->lock);
  while (!watch->posted)
    g_cond_wait (&watch->cond, &watch->lock);
  g_mutex_unlock (&watch->lock);
  if (g_strcmp0 (kind, "cancel") == 0)
    bk_job_cancel (job);
  current_watch = watch;
  g_assert_true (wait_for (job_watch_finished, 60));
  g_assert_cmpint (bk_job_get_state (job), ==, watch->state_at_end);
  g_assert_true (watch->worker != main_thread);
  g_assert_false (watch->seen_off_main);
  g_mutex_clear (&watch->lock);
  g_cond_clear (&watch->cond);
}

static void
job_watch_clear (JobWatch *watch)
{
  g_string_free (watch->seen, TRUE);
  g_free (watch->message_at_end);
}

/* A job runs on a thread of its own; what it posted while the window was
 * busy reaches the main loop before its end, a replaceable progress
 * dropped for the next (a and b), one that is not kept (c); the end
 * comes once. */
static void
test_job_delivers_progress_then_end (void)
{
  JobWatch watch = { 0 };

  run_watched_job (&watch, "finish");
  g_assert_cmpstr (watch.seen->str, ==, "cd");
  g_assert_cmpuint (watch.n_finished, ==, 1);
  g_assert_cmpint (watch.state_at_end, ==, BK_JOB_FINISHED);
  g_assert_null (watch.message_at_end);
  job_watch_clear (&watch);
}

/* Cancelling raises the flag the engine looks at; a function that stops
 * for it ends cancelled, one that fails ends failed, with its message. */
static void
test_job_cancelled_and_failed (void)
{
  JobWatch cancelled = { 0 }, failed = { 0 };

  run_watched_job (&cancelled, "cancel");
  g_assert_cmpint (cancelled.state_at_end, ==, BK_JOB_CANCELLED);
  g_assert_cmpstr (cancelled.message_at_end, ==, "stopped");
  g_assert_cmpstr (cancelled.seen->str, ==, "cd");
  run_watched_job (&failed, "fail");
  g_assert_cmpint (failed.state_at_end, ==, BK_JOB_FAILED);
  g_assert_cmpstr (failed.message_at_end, ==, "bad input");
  job_watch_clear (&cancelled);
  job_watch_clear (&failed);
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/job/progress-then-end", test_job_delivers_progress_then_end);
  g_test_add_func ("/app/job/cancelled-and-failed", test_job_cancelled_and_failed);
  return app_test_run ();
}
