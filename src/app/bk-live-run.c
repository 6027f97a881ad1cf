/* bk-live-run.c — one run a view keeps alive. */
#include "config.h"

#include "bk-live-run.h"

struct _BkLiveRun {
  GObject parent_instance;

  BkRun *run;
  gconstpointer owner;
};

G_DEFINE_FINAL_TYPE (BkLiveRun, bk_live_run, G_TYPE_OBJECT)

BkLiveRun *
bk_live_run_new (BkRun *run, gconstpointer owner)
{
  BkLiveRun *self = g_object_new (BK_TYPE_LIVE_RUN, NULL);

  self->run = bk_run_ref (run);
  self->owner = owner;
  return self;
}

BkRun *
bk_live_run_get_run (BkLiveRun *self)
{
  g_return_val_if_fail (BK_IS_LIVE_RUN (self), NULL);
  return self->run;
}

gconstpointer
bk_live_run_get_owner (BkLiveRun *self)
{
  g_return_val_if_fail (BK_IS_LIVE_RUN (self), NULL);
  return self->owner;
}

void
bk_live_runs_publish (GListStore *live_runs, gconstpointer owner, BkRun *const *runs, guint n_runs)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (live_runs));

  for (guint i = 0; i < n; i++)
    {
      BkLiveRun *item = g_list_model_get_item (G_LIST_MODEL (live_runs), i);

      if (item->owner != owner)
        g_ptr_array_add (kept, item);
      else
        g_object_unref (item);
    }
  for (guint i = 0; i < n_runs; i++)
    if (runs[i] != NULL)
      g_ptr_array_add (kept, bk_live_run_new (runs[i], owner));
  g_list_store_splice (live_runs, 0, n, kept->pdata, kept->len);
}

static void
bk_live_run_finalize (GObject *object)
{
  BkLiveRun *self = BK_LIVE_RUN (object);

  g_clear_pointer (&self->run, bk_run_free);
  G_OBJECT_CLASS (bk_live_run_parent_class)->finalize (object);
}

static void
bk_live_run_class_init (BkLiveRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_live_run_finalize;
}

static void
bk_live_run_init (BkLiveRun *self)
{
}
