/* bk-application.h — the Barkeep application: its windows (BkWindow, which
 * it knows and which do not know it), app actions, command line (`barkeep
 * [FILE] [--mode=M] [--strategy=NAME|FILE] [--compare]`), honoured by the
 * instance already running too. */
#pragma once

#include <adwaita.h>

#include "bk-live-run.h"
#include "bk-window.h"

G_BEGIN_DECLS

#define BK_TYPE_APPLICATION (bk_application_get_type ())
G_DECLARE_FINAL_TYPE (BkApplication, bk_application, BK, APPLICATION, AdwApplication)

BkApplication *bk_application_new (GApplicationFlags extra_flags);

/* What a command line's options (`mode`, `strategy`, `compare`) and file
 * (NULL: none) do to `window`: what the primary instance does for its own
 * command line and for a later `barkeep ...`. */
void bk_application_handle_options (BkApplication *self, BkWindow *window, GVariantDict *options, GFile *file);

/* The runs the views keep alive (BkLiveRun), whichever window and view
 * holds them: what the memory the window shows counts.  The application
 * hands it to each window it gets (bk_window_set_live_runs), which hands
 * it to its views (bk_live_runs_publish). */
GListStore *bk_application_get_live_runs (BkApplication *self);

G_END_DECLS
