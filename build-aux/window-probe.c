/* LD_PRELOAD probe: first frame time since $BK_T0 (CLOCK_REALTIME ns set
 * by the launcher), and every progress label text with "bars/s". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
since_t0_ms (void)
{
  struct timespec ts;
  const char *t0 = getenv ("BK_T0");
  clock_gettime (CLOCK_REALTIME, &ts);
  if (t0 == NULL) return -1;
  long long now = (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
  return (now - atoll (t0)) / 1e6;
}

static int painted;

static void
after_paint (GdkFrameClock *clock, gpointer data)
{
  if (painted++ == 0)
    fprintf (stderr, "PROBE first-frame %.1f ms\n", since_t0_ms ());
}

static void
on_map (GtkWidget *widget, gpointer data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real) (GtkWindow *);
  static int hooked;
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "gtk_window_present");
  if (!hooked++)
    g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  real (window);
}

void
gtk_label_set_text (GtkLabel *label, const char *text)
{
  static void (*real) (GtkLabel *, const char *);
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "gtk_label_set_text");
  if (text != NULL && strstr (text, "bars/s") != NULL)
    fprintf (stderr, "PROBE label %.1f ms: %s\n", since_t0_ms (), text);
  real (label, text);
}

#include <sys/resource.h>
typedef struct { GThreadFunc func; gpointer data; char name[32]; } Wrap;

static void
read_schedstat (unsigned long long *cpu, unsigned long long *wait)
{
  FILE *f = fopen ("/proc/thread-self/schedstat", "r");
  *cpu = *wait = 0;
  if (f) { if (fscanf (f, "%llu %llu", cpu, wait) != 2) *cpu = *wait = 0; fclose (f); }
}

static gpointer
wrapped (gpointer p)
{
  Wrap w = *(Wrap *) p;
  unsigned long long c0, w0, c1, w1;
  struct rusage r0, r1;
  struct timespec t0, t1;
  g_free (p);
  read_schedstat (&c0, &w0);
  getrusage (RUSAGE_THREAD, &r0);
  clock_gettime (CLOCK_MONOTONIC, &t0);
  gpointer ret = w.func (w.data);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  getrusage (RUSAGE_THREAD, &r1);
  read_schedstat (&c1, &w1);
  fprintf (stderr, "PROBE thread %s wall %.2f ms cpu %.2f ms runq-wait %.2f ms minflt %ld\n", w.name,
           ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e6, (c1 - c0) / 1e6, (w1 - w0) / 1e6,
           r1.ru_minflt - r0.ru_minflt);
  return ret;
}

GThread *
g_thread_new (const gchar *name, GThreadFunc func, gpointer data)
{
  static GThread *(*real) (const gchar *, GThreadFunc, gpointer);
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "g_thread_new");
  if (name == NULL || strcmp (name, "barkeep-run") != 0)
    return real (name, func, data);
  Wrap *w = g_new0 (Wrap, 1);
  w->func = func; w->data = data;
  g_strlcpy (w->name, name, sizeof w->name);
  return real (name, wrapped, w);
}
