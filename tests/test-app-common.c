/* test-app-common.c — one application and its window on screen under
 * Xvfb, for the window's test programs.
 *
 * The test owns the main context from start to end, as g_application_run()
 * does in the real application.  (A loop that only pumps it with
 * g_main_context_iteration() leaves it unowned between iterations, and a
 * worker's g_main_context_invoke() then runs the window's progress update
 * on the worker itself.)  Every change of the window's progress and memory
 * panel is checked to happen on the main thread.
 *
 * Nothing here is timed: what a test checks is structure (the run goes on
 * a worker while the main loop keeps iterating, its reports are throttled
 * and reach the window on the main thread, Stop ends it within a bounded
 * number of bars).  How long the main loop stalls, how much CPU a frame
 * costs and how fast a run goes are measured by bench-window
 * (build-aux/bench.sh). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "test-app-common.h"

BkApplication *app;
BkWindow *window;
char *tmpdir;

gpointer
window_part (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), BK_TYPE_WINDOW, name);
}

BkRunView *
run_view (void)
{
  return BK_RUN_VIEW (window_part ("run_view"));
}

BkCompareView *
compare_view (void)
{
  return BK_COMPARE_VIEW (window_part ("compare_view"));
}

BkUniverseView *
universe_view (void)
{
  return BK_UNIVERSE_VIEW (window_part ("universe_view"));
}

const char *
banner_text (void)
{
  return gtk_revealer_get_reveal_child (window_part ("banner_revealer"))
         ? gtk_label_get_text (window_part ("banner_label")) : NULL;
}

const char *
data_name (void)
{
  return gtk_label_get_text (window_part ("data_label"));
}

GThread *main_thread;
guint ui_updates_on_main;
guint ui_updates_elsewhere;

static void
count_ui_update (void)
{
  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&ui_updates_on_main);
  else
    g_atomic_int_inc (&ui_updates_elsewhere);
}

gboolean progress_said_time_left;

static void
on_progress_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  count_ui_update ();
  if (GTK_IS_LABEL (object) && strstr (gtk_label_get_text (GTK_LABEL (object)), " s left") != NULL
      && strstr (gtk_label_get_text (GTK_LABEL (object)), "%") != NULL)
    progress_said_time_left = TRUE;
}

static void
on_rows_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  count_ui_update ();
}

GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The whole number in `text` between `before` and the next `after` (or the
 * end, for NULL), its digits read whatever separates their groups (1,500,
 * 1 500 or 1500). */
guint64
number_between (const char *text, const char *before, const char *after)
{
  const char *start = strstr (text, before);
  g_assert_nonnull (start);
  start += strlen (before);
  const char *end = after != NULL ? strstr (start, after) : start + strlen (start);
  g_assert_nonnull (end);
  guint64 n = 0;
  guint digits = 0;

  for (const char *p = start; p < end; p++)
    if (g_ascii_isdigit (*p))
      {
        n = n * 10 + (guint64) (*p - '0');
        digits++;
      }
  g_assert_cmpuint (digits, >, 0);
  return n;
}

/* What a run changes as it goes: the progress bar, the label beside it,
 * and the memory panel's rows. */
static void
watch_ui_updates (void)
{
  GtkWidget *bar = find_descendant (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  GtkWidget *label = gtk_widget_get_next_sibling (bar);
  g_assert_true (GTK_IS_LABEL (label));

  g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_progress_notify_cb), NULL);
  g_signal_connect (label, "notify::label", G_CALLBACK (on_progress_notify_cb), NULL);
  g_signal_connect (bk_memory_panel_get_rows (bk_run_view_get_memory_panel (run_view ())), "items-changed",
                    G_CALLBACK (on_rows_changed_cb), NULL);
}

guint iterations;

void
iterate (void)
{
  g_main_context_iteration (NULL, FALSE);
  iterations++;
  g_usleep (1000);
}

/* Iterates the main loop until `done` says so.  No update of the window so
 * far has come from another thread.  `seconds` only keeps a test that
 * would never end from hanging: it is no measure of speed, and generous
 * enough for a machine whose cores are busy with other work. */
gboolean
wait_for (gboolean (*done) (void), double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done ())
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      iterate ();
    }
  g_assert_cmpuint (g_atomic_int_get (&ui_updates_elsewhere), ==, 0);
  return TRUE;
}

gboolean
run_ended (void)
{
  return !bk_window_is_running (window);
}

void
run_and_wait (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_true (wait_for (run_ended, 60));
}

char *
generated_csv (guint64 bars)
{
  char *path = g_strdup_printf ("%s/generated-%" G_GUINT64_FORMAT ".csv", tmpdir, bars);
  g_autofree char *command = g_strdup_printf ("\"%s\" gen sample --interval minute --bars %" G_GUINT64_FORMAT
                                              " --output \"%s\"", g_getenv ("BARKEEP_CLI"), bars, path);
  int status = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
    }
  return path;
}

void
hide_banner (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss-error", NULL);
}

void
open_path (const char *path)
{
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_path (path) : NULL;

  bk_window_open_data (window, file);
  g_assert_true (wait_for (run_ended, 60));
}

/* Pixels within a small distance of colour c. */
guint
count_pixels_near (cairo_surface_t *surface, BkRgb c)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint count = 0;

  for (int j = 0; j < cairo_image_surface_get_height (surface); j++)
    for (int i = 0; i < cairo_image_surface_get_width (surface); i++)
      {
        guint32 p = *(const guint32 *) (gconstpointer) (data + j * stride + i * 4);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (abs (r - (int) (c.r * 255)) + abs (g - (int) (c.g * 255)) + abs (b - (int) (c.b * 255)) < 60)
          count++;
      }
  return count;
}

static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (widget, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
      return g_ptr_array_index (labels, i);
  return NULL;
}

void
wait_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    iterate ();
}

cairo_surface_t *
white_image (int width, int height, cairo_t **cr)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, 1, 1, 1);
  cairo_paint (*cr);
  return surface;
}

guint32
pixel_at (cairo_surface_t *surface, int x, int y)
{
  const guchar *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

/* The legend's swatches along row `y` (runs of 8 pixels of one colour
 * that is not grey), each drawn somewhere in the rectangle below it: a
 * line the colour of its swatch. */
guint
check_swatches_drawn (cairo_surface_t *surface, int y, int top, int bottom)
{
  int width = cairo_image_surface_get_width (surface);
  guint n = 0;

  for (int x = 0; x + 8 <= width; x++)
    {
      guint32 c = pixel_at (surface, x, y);
      int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
      int run = 1;

      if (r + g + b > 720)
        continue;
      while (x + run < width && pixel_at (surface, x + run, y) == c)
        run++;
      /* A swatch is 8 by 3 pixels of one colour; text is not. */
      if (run != 8 || pixel_at (surface, x, y - 1) != c || pixel_at (surface, x + 7, y + 1) != c)
        {
          x += run - 1;
          continue;
        }
      guint drawn = 0;
      for (int j = top; j < bottom; j++)
        for (int i = 0; i < width; i++)
          drawn += pixel_at (surface, i, j) == c;
      g_test_message ("swatch #%06x at x %d: %u pixels of its colour in the plot", c, x, drawn);
      g_assert_cmpuint (drawn, >=, 20);
      n++;
      x += run - 1;
    }
  return n;
}

static gboolean window_painted;

static void
on_first_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  window_painted = TRUE;
}

static gboolean
painted (void)
{
  return window_painted;
}

/* A person opens data in a window that is already on screen: its first
 * frames (the theme, fonts and glyphs loaded, every widget measured for
 * the first time: 40 ms of CPU or more) come before any test. */
static void
wait_for_first_frame (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_assert_nonnull (clock);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_paint_cb), NULL);
  g_assert_true (wait_for (painted, 10));
  g_signal_handler_disconnect (clock, id);
}

void
app_test_init (int *argc, char ***argv)
{
  tmpdir = g_dir_make_tmp ("barkeep-app-XXXXXX", NULL);
  /* The generated universe goes in the cache folder: the test's own. */
  g_autofree char *cache = g_build_filename (tmpdir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() chose en_US.UTF-8 where that is installed: the tests
   * run in the same locale on every machine. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  /* Owned for good, as g_application_run() owns it. */
  main_thread = g_thread_self ();
  g_assert_true (g_main_context_acquire (g_main_context_default ()));

  app = bk_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  window = bk_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_first_frame ();
  watch_ui_updates ();
}

int
app_test_run (void)
{
  int status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  g_main_context_release (g_main_context_default ());
  return status;
}
