/* test-app-common.h — what the window's test programs share: one
 * application and its window on screen, the main loop the test owns, the
 * window's parts by name, and the data and pictures the tests look at. */
#pragma once

#include <gtk/gtk.h>

#include "bk-application.h"
#include "bk-compare-view.h"
#include "bk-painter.h"
#include "bk-run-view.h"
#include "bk-universe-view.h"
#include "bk-window.h"

G_BEGIN_DECLS

extern BkApplication *app;
extern BkWindow *window;
extern char *tmpdir;            /* the test's own folder, and its cache */

/* Makes the application and its window, shows it, waits for its first
 * frame and watches which thread updates it; then the test program adds
 * its tests and returns app_test_run(), which runs them and closes the
 * window. */
void app_test_init (int *argc, char ***argv);
int app_test_run (void);

/* ---- the window's parts ------------------------------------------------ */

/* A part of the window, by the name its template gives it. */
gpointer window_part (const char *name);
BkRunView *run_view (void);
BkCompareView *compare_view (void);
BkUniverseView *universe_view (void);
/* What the error banner says, or NULL while it is hidden. */
const char *banner_text (void);
/* The name of the data on screen, as the toolbar shows it. */
const char *data_name (void);
void hide_banner (void);
GtkWidget *find_descendant (GtkWidget *widget, GType type);
/* The label below `widget` that says `text`, or NULL. */
GtkWidget *find_label (GtkWidget *widget, const char *text);

/* ---- which thread updates the window ----------------------------------- */

extern GThread *main_thread;
extern guint ui_updates_on_main;        /* atomic */
extern guint ui_updates_elsewhere;      /* atomic */
/* Whether the progress label has said how far a run is and how long it
 * has left. */
extern gboolean progress_said_time_left;

/* ---- the main loop ------------------------------------------------------ */

/* Iterations of the main loop so far. */
extern guint iterations;
void iterate (void);
void wait_frames (guint n);
gboolean wait_for (gboolean (*done) (void), double seconds);
gboolean run_ended (void);
/* Runs (view.run) and waits for the run's end. */
void run_and_wait (void);
/* Opens `path` (NULL: the bundled sample) and waits for its run's end. */
void open_path (const char *path);

/* ---- data and pictures -------------------------------------------------- */

/* A CSV of `bars` minute bars made by `barkeep-cli gen sample` in the
 * test's folder, once. */
char *generated_csv (guint64 bars);
guint64 number_between (const char *text, const char *before, const char *after);
cairo_surface_t *white_image (int width, int height, cairo_t **cr);
guint32 pixel_at (cairo_surface_t *surface, int x, int y);
guint count_pixels_near (cairo_surface_t *surface, BkRgb c);
guint check_swatches_drawn (cairo_surface_t *surface, int y, int top, int bottom);

G_END_DECLS
