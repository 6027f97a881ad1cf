/* bk-live-run.h — one run a view keeps alive, as an item of the
 * application's list of live runs (bk_application_get_live_runs): what
 * counts in the memory the window shows, whichever view holds it. */
#pragma once

#include <gio/gio.h>

#include "bk-run.h"

G_BEGIN_DECLS

#define BK_TYPE_LIVE_RUN (bk_live_run_get_type ())
G_DECLARE_FINAL_TYPE (BkLiveRun, bk_live_run, BK, LIVE_RUN, GObject)

/* Holds a reference to `run` for `owner` (the view that publishes it;
 * compared, never dereferenced). */
BkLiveRun *bk_live_run_new (BkRun *run, gconstpointer owner);
BkRun *bk_live_run_get_run (BkLiveRun *self);
gconstpointer bk_live_run_get_owner (BkLiveRun *self);

/* In `live_runs` (a GListStore of BkLiveRun: the application's list),
 * replaces what `owner` published before with `runs` (NULL entries
 * skipped; none: it keeps no run alive any more). */
void bk_live_runs_publish (GListStore *live_runs, gconstpointer owner, BkRun *const *runs, guint n_runs);

G_END_DECLS
