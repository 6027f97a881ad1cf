/* bench-window.c — how the window keeps up while runs go on its workers:
 * the figures the tests do not time.
 *
 * `bench-window CSV [UNIVERSE_DIR]` opens the window (run it under Xvfb,
 * with GSK_RENDERER=cairo as the tests do), then:
 *   1. runs CSV in mode 0 three times, a 5 ms heartbeat timing the main
 *      loop's stalls, and prints for each run the longest stall (and the
 *      main thread's CPU time in it), the most main-thread CPU in one
 *      iteration of the main loop, the frames drawn and the longest, and
 *      the run's own speed (bars/s on its worker);
 *   2. runs CSV in mode 1 three times, stopping each once it has first
 *      reported: milliseconds and bars from Stop to the stopped run shown;
 *   3. with UNIVERSE_DIR, runs that universe (mode 1, the view's default
 *      jobs) and prints the same main-loop figures and its time.
 * build-aux/bench.sh runs it on the 2,000,000-bar CSV and the 3000-symbol
 * universe it makes. */
#define _GNU_SOURCE             /* CLOCK_THREAD_CPUTIME_ID */

#include <gtk/gtk.h>
#include <stdio.h>
#include <time.h>

#include "bk-application.h"
#include "bk-run-view.h"
#include "bk-universe-view.h"
#include "bk-window.h"

#define RUNS 3

static BkWindow *window;

/* The Run view, and what it said when a run could not go. */
static BkRunView *run_view;
static char *run_failure;

static void
on_run_failed_cb (BkRunView *view, const char *message, gpointer user_data)
{
  g_free (run_failure);
  run_failure = g_strdup (message);
}


static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* What the main thread did while something went. */
typedef struct {
  gint64 last, last_cpu;        /* the previous heartbeat, and the main thread's CPU time then */
  gint64 worst_stall, worst_stall_cpu;
  gint64 most_iteration_cpu;
  gint64 frame_began, frame_began_cpu;
  gint64 worst_frame, worst_frame_cpu;
  guint frames, iterations;
} Watch;

/* The heartbeat: a 5 ms timeout whose gaps are the main loop's stalls. */
static gboolean
on_heartbeat (gpointer data)
{
  Watch *w = data;
  gint64 now = g_get_monotonic_time (), cpu = thread_cpu_time ();

  if (w->last > 0 && now - w->last > w->worst_stall)
    {
      w->worst_stall = now - w->last;
      w->worst_stall_cpu = cpu - w->last_cpu;
    }
  w->last = now;
  w->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

/* The window's frames: from the frame clock's before-paint to its
 * after-paint (layout, snapshot, render and the copy to the X server). */
static void
on_before_paint_cb (GdkFrameClock *clock, Watch *w)
{
  w->frame_began = g_get_monotonic_time ();
  w->frame_began_cpu = thread_cpu_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock, Watch *w)
{
  gint64 took = g_get_monotonic_time () - w->frame_began;

  w->frames++;
  if (w->frame_began > 0 && took > w->worst_frame)
    {
      w->worst_frame = took;
      w->worst_frame_cpu = thread_cpu_time () - w->frame_began_cpu;
    }
}

static void
iterate (Watch *w)
{
  gint64 cpu = thread_cpu_time ();

  g_main_context_iteration (NULL, FALSE);
  if (w != NULL)
    {
      w->iterations++;
      w->most_iteration_cpu = MAX (w->most_iteration_cpu, thread_cpu_time () - cpu);
    }
  g_usleep (1000);
}

static gboolean
run_going (void)
{
  return bk_window_is_running (window);
}

static gboolean
universe_going (void)
{
  return bk_universe_view_is_running (BK_UNIVERSE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, "universe_view")));
}

/* Iterates while `going` says so, watching, then 300 ms more for the
 * frames that show the end. */
static void
watch_while (gboolean (*going) (void), Watch *w)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), w);
  gulong after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), w);
  guint id = g_timeout_add (5, on_heartbeat, w);

  while (going ())
    iterate (w);
  gint64 settle = g_get_monotonic_time () + 300000;
  while (g_get_monotonic_time () < settle)
    iterate (w);
  g_source_remove (id);
  g_signal_handler_disconnect (clock, before_id);
  g_signal_handler_disconnect (clock, after_id);
}

static void
print_watch (const Watch *w)
{
  printf ("  longest stall %6.1f ms (%5.1f ms of it main-thread CPU); most CPU in one iteration %5.1f ms;\n"
          "  %u frames, the longest %5.1f ms (%5.1f ms CPU); %u iterations\n",
          w->worst_stall / 1000.0, w->worst_stall_cpu / 1000.0, w->most_iteration_cpu / 1000.0, w->frames,
          w->worst_frame / 1000.0, w->worst_frame_cpu / 1000.0, w->iterations);
}

static gboolean
has_reported (void)
{
  return !bk_window_is_running (window)
         || bk_memory_panel_get_timeline (bk_run_view_get_memory_panel (run_view))->len >= 2;
}

int
main (int argc, char **argv)
{
  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: bench-window CSV [UNIVERSE_DIR]\n");
      return 2;
    }
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);

  gtk_init ();
  g_assert (g_main_context_acquire (g_main_context_default ()));
  g_autoptr(BkApplication) app = bk_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");
  g_application_hold (G_APPLICATION (app));
  window = bk_window_new (GTK_APPLICATION (app));
  run_view = BK_RUN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, "run_view"));
  g_signal_connect (run_view, "failed", G_CALLBACK (on_run_failed_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  /* The window's own first frames (theme, fonts) come before any run. */
  gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < settle)
    iterate (NULL);

  printf ("== the window: %s in mode 0, %d runs\n", argv[1], RUNS);
  for (int i = 0; i < RUNS; i++)
    {
      Watch w = { 0 };

      bk_window_set_mode (window, BK_MODE_KEEP_ALL);
      bk_window_open_data (window, file);
      watch_while (run_going, &w);
      BkRun *run = bk_run_view_get_run (run_view);
      if (run == NULL || bk_run_view_get_state (run_view) != BK_JOB_FINISHED)
        g_error ("the run did not finish: %s", run_failure);
      printf ("run %d: %" G_GUINT64_FORMAT " bars in %.2f s on the worker, %.2f M bars/s\n", i + 1,
              bk_run_get_bars (run), bk_run_get_elapsed (run), bk_run_get_bars (run) / bk_run_get_elapsed (run) / 1e6);
      print_watch (&w);
    }

  printf ("== Stop: %s in mode 1, stopped once it has reported\n", argv[1]);
  for (int i = 0; i < RUNS; i++)
    {
      bk_window_set_mode (window, BK_MODE_MINIMAL);
      bk_window_open_data (window, file);
      while (!has_reported ())
        iterate (NULL);
      BkRun *run = bk_run_view_get_run (run_view);
      gint64 start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (window), "view.stop", NULL);
      guint64 at_stop = bk_run_get_bars (run);
      while (bk_window_is_running (window))
        iterate (NULL);
      g_autofree char *state = g_enum_to_string (BK_TYPE_JOB_STATE, bk_run_view_get_state (run_view));
      printf ("stop %d: shown stopped %.1f ms after Stop, %" G_GUINT64_FORMAT " bars after it (%s)\n", i + 1,
              (g_get_monotonic_time () - start) / 1000.0, bk_run_get_bars (run) - at_stop, state);
    }

  if (argc == 3)
    {
      Watch w = { 0 };
      BkUniverseView *view = BK_UNIVERSE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, "universe_view"));

      printf ("== the Universe view: %s\n", argv[2]);
      bk_window_universe (window, argv[2]);
      watch_while (universe_going, &w);
      const BkUniverseResult *result = bk_universe_view_get_result (view);
      if (result == NULL)
        g_error ("the universe did not finish: %s", bk_universe_view_get_summary (view));
      printf ("%u symbols in %.2f s\n", result->symbols->len, result->elapsed);
      print_watch (&w);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  return 0;
}
