/* bk-job.c — work behind a window.
 *
 * The function runs on a GThread of its own, not on GTask's shared pool,
 * so that it may lower its own priority (bk_thread_lower_priority) without
 * lowering that of a thread other work borrows later.  Progress goes
 * through a queue under a lock; one idle callback on the main loop
 * delivers all that waits, so the main loop wakes once per batch however
 * often the worker posts.  The end is posted the same way, after the
 * progress, and the thread is joined there. */

#include "config.h"

#include "bk-error.h"
#include "bk-job.h"

typedef struct {
  gpointer data;
  GDestroyNotify destroy;
  gboolean replaceable;
} Progress;

struct _BkJob {
  GObject parent_instance;

  char *name;
  BkJobFunc func;
  gpointer data;
  GDestroyNotify destroy;
  BkJobState state;

  GMainContext *context;      /* where the signals go out: bk_job_start's */
  GThread *thread;
  GCancellable *cancellable;
  gulong cancelled_id;
  gint cancel;                /* raised by the cancellable */

  GMutex lock;                /* guards what follows */
  GQueue waiting;             /* Progress, oldest first */
  gboolean delivery_posted;
  GError *error;              /* set by the thread before it posts the end */
  gboolean returned;          /* the function has returned */
  GCond returned_cond;
};

G_DEFINE_FINAL_TYPE (BkJob, bk_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (BkJobState, bk_job_state,
                    G_DEFINE_ENUM_VALUE (BK_JOB_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (BK_JOB_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (BK_JOB_FINISHED, "finished"),
                    G_DEFINE_ENUM_VALUE (BK_JOB_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (BK_JOB_CANCELLED, "cancelled"))

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_PROGRESS, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
progress_free (Progress *progress)
{
  if (progress->destroy != NULL)
    progress->destroy (progress->data);
  g_free (progress);
}

/* On the main loop: every progress waiting, oldest first. */
static void
deliver_progress (BkJob *self)
{
  GQueue waiting = G_QUEUE_INIT;

  g_mutex_lock (&self->lock);
  waiting = self->waiting;
  g_queue_init (&self->waiting);
  self->delivery_posted = FALSE;
  g_mutex_unlock (&self->lock);

  for (GList *l = waiting.head; l != NULL; l = l->next)
    {
      Progress *progress = l->data;

      g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, progress->data);
      progress_free (progress);
    }
  g_list_free (waiting.head);
}

/* Calls `func` with `job` (a reference it drops) on the loop of the job's
 * context.  Not g_main_context_invoke: when no thread holds the context
 * (its thread waits in bk_job_wait_returned, or is between iterations),
 * that calls `func` at once on the calling thread, the worker. */
static void
post_to_context (BkJob *self, GSourceFunc func, BkJob *job)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, job, g_object_unref);
  g_source_set_static_name (source, "[barkeep] job");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
on_progress_posted_cb (gpointer user_data)
{
  deliver_progress (BK_JOB (user_data));
  return G_SOURCE_REMOVE;
}

void
bk_job_post_progress (BkJob *self, gpointer data, GDestroyNotify destroy, gboolean replaceable)
{
  Progress *progress = g_new (Progress, 1);
  Progress *dropped = NULL;
  gboolean post;

  g_return_if_fail (BK_IS_JOB (self));

  *progress = (Progress) { data, destroy, replaceable };
  g_mutex_lock (&self->lock);
  Progress *newest = g_queue_peek_tail (&self->waiting);
  if (newest != NULL && newest->replaceable)
    dropped = g_queue_pop_tail (&self->waiting);
  g_queue_push_tail (&self->waiting, progress);
  post = !self->delivery_posted;
  self->delivery_posted = TRUE;
  g_mutex_unlock (&self->lock);

  if (dropped != NULL)
    progress_free (dropped);
  if (post)
    post_to_context (self, on_progress_posted_cb, g_object_ref (self));
}

static void
set_state (BkJob *self, BkJobState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, BK_ERROR, BK_ERROR_CANCELLED) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* On the main loop, once the function has returned. */
static gboolean
on_ended_cb (gpointer user_data)
{
  BkJob *self = BK_JOB (user_data);
  g_autoptr(GError) error = NULL;

  /* What the thread posted before it ended comes first. */
  deliver_progress (self);
  g_thread_join (g_steal_pointer (&self->thread));
  g_mutex_lock (&self->lock);
  error = g_steal_pointer (&self->error);
  g_mutex_unlock (&self->lock);

  set_state (self, error == NULL ? BK_JOB_FINISHED : is_cancellation (error) ? BK_JOB_CANCELLED : BK_JOB_FAILED);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread (gpointer user_data)
{
  BkJob *self = user_data;
  GError *error = NULL;
  gboolean ok = self->func (self, self->data, &error);

  g_assert (ok == (error == NULL));
  g_mutex_lock (&self->lock);
  self->error = error;
  self->returned = TRUE;
  g_cond_broadcast (&self->returned_cond);
  g_mutex_unlock (&self->lock);
  /* The reference the thread held goes with the callback. */
  post_to_context (self, on_ended_cb, self);
  return NULL;
}

void
bk_job_start (BkJob *self)
{
  g_return_if_fail (BK_IS_JOB (self));
  g_return_if_fail (self->state == BK_JOB_IDLE);

  self->context = g_main_context_ref_thread_default ();
  set_state (self, BK_JOB_RUNNING);
  self->thread = g_thread_new (self->name, job_thread, g_object_ref (self));
}

gboolean
bk_job_wait_returned (BkJob *self, gint64 timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gboolean returned;

  g_return_val_if_fail (BK_IS_JOB (self), FALSE);
  g_mutex_lock (&self->lock);
  while (!self->returned && g_cond_wait_until (&self->returned_cond, &self->lock, deadline))
    ;
  returned = self->returned;
  g_mutex_unlock (&self->lock);
  return returned;
}

static void
on_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  BkJob *self = user_data;

  g_atomic_int_set (&self->cancel, 1);
}

void
bk_job_cancel (BkJob *self)
{
  g_return_if_fail (BK_IS_JOB (self));
  g_cancellable_cancel (self->cancellable);
}

GCancellable *
bk_job_get_cancellable (BkJob *self)
{
  g_return_val_if_fail (BK_IS_JOB (self), NULL);
  return self->cancellable;
}

gint *
bk_job_get_cancel_flag (BkJob *self)
{
  g_return_val_if_fail (BK_IS_JOB (self), NULL);
  return &self->cancel;
}

BkJobState
bk_job_get_state (BkJob *self)
{
  g_return_val_if_fail (BK_IS_JOB (self), BK_JOB_IDLE);
  return self->state;
}

gpointer
bk_job_get_data (BkJob *self)
{
  g_return_val_if_fail (BK_IS_JOB (self), NULL);
  return self->data;
}

BkJob *
bk_job_new (const char *name, BkJobFunc func, gpointer data, GDestroyNotify destroy)
{
  g_return_val_if_fail (func != NULL, NULL);

  BkJob *self = g_object_new (BK_TYPE_JOB, NULL);

  self->name = g_strdup (name);
  self->func = func;
  self->data = data;
  self->destroy = destroy;
  return self;
}

static void
bk_job_finalize (GObject *object)
{
  BkJob *self = BK_JOB (object);

  g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) progress_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->returned_cond);
  if (self->destroy != NULL)
    self->destroy (self->data);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->name);

  G_OBJECT_CLASS (bk_job_parent_class)->finalize (object);
}

static void
bk_job_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkJob *self = BK_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_job_class_init (BkJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bk_job_finalize;
  object_class->get_property = bk_job_get_property;

  props[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BK_TYPE_JOB_STATE, BK_JOB_IDLE,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /* A progress the function posted (bk_job_post_progress), on the main
   * loop; it is freed when the handlers return. */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The function returned: NULL, or why it failed or stopped.  The state
   * is already the final one. */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bk_job_init (BkJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->returned_cond);
  g_queue_init (&self->waiting);
  self->cancellable = g_cancellable_new ();
  self->cancelled_id = g_cancellable_connect (self->cancellable, G_CALLBACK (on_cancelled_cb), self, NULL);
}
