/* bk-display-ring.c — the last bars of a mode 1 run's plotted lines, kept
 * for a window: copied on the run's thread, published under a lock,
 * copied again into whole lines the drawing thread reads. */
#include "bk-display-ring.h"

#include <pthread.h>
#include <string.h>

struct _BkDisplayRing {
  gint ref_count;
  BkRun *run;
  BkPlotPlan *plan;
  guint capacity;
  GHashTable *index;     /* the run's BkLine* → 1 + its place in `sources` */
  GPtrArray *sources;    /* BkLine*, the run's */
  GPtrArray *views;      /* BkLine*, whole, at most `capacity` values: the drawing thread's */

  /* The run's thread. */
  double *values;        /* `capacity` rows of one value per line, a ring */
  guint64 pushed;
  guint64 last_bar;             /* the run's bar count at the last push */

  /* Shared, under `lock`. */
  pthread_mutex_t lock;     /* pthread's, which ThreadSanitizer sees (GMutex is a bare futex) */
  double *published;     /* rows, the oldest first */
  guint n_published;
  guint64 published_pushed;

  /* The drawing thread. */
  guint length;
  guint64 shown_pushed;
};

static BkLine *
map_line (BkLine *line, gpointer user_data)
{
  BkDisplayRing *ring = user_data;
  guint place = GPOINTER_TO_UINT (g_hash_table_lookup (ring->index, line));

  if (place == 0)
    {
      g_ptr_array_add (ring->sources, line);
      /* No pool: a block of its own, the only one it ever takes. */
      g_ptr_array_add (ring->views, bk_line_new_whole (bk_line_get_precision (line), NULL));
      place = ring->sources->len;
      g_hash_table_insert (ring->index, line, GUINT_TO_POINTER (place));
    }
  return g_ptr_array_index (ring->views, place - 1);
}

BkDisplayRing *
bk_display_ring_new (BkRun *run, guint capacity)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (capacity >= 1 && capacity <= BK_DISPLAY_RING_MAX_BARS, NULL);

  BkDisplayRing *ring = g_new0 (BkDisplayRing, 1);

  ring->ref_count = 1;
  ring->run = bk_run_ref (run);
  ring->capacity = capacity;
  ring->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  ring->sources = g_ptr_array_new ();
  ring->views = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_line_free);
  pthread_mutex_init (&ring->lock, NULL);
  ring->plan = bk_plot_plan_new_mapped (run, BK_MODE_PLOT_SAVE_UNPLOTTED, map_line, ring);
  ring->values = g_new (double, (gsize) capacity * MAX (ring->sources->len, 1));
  ring->published = g_new (double, (gsize) capacity * MAX (ring->sources->len, 1));
  return ring;
}

BkDisplayRing *
bk_display_ring_ref (BkDisplayRing *ring)
{
  g_atomic_int_inc (&ring->ref_count);
  return ring;
}

void
bk_display_ring_unref (BkDisplayRing *ring)
{
  if (ring == NULL || !g_atomic_int_dec_and_test (&ring->ref_count))
    return;
  bk_plot_plan_free (ring->plan);
  g_ptr_array_unref (ring->views);
  g_ptr_array_unref (ring->sources);
  g_hash_table_unref (ring->index);
  g_free (ring->values);
  g_free (ring->published);
  pthread_mutex_destroy (&ring->lock);
  bk_run_free (ring->run);
  g_free (ring);
}

static void
on_bar (BkRun *run, gpointer user_data)
{
  bk_display_ring_push (user_data);
}

void
bk_display_ring_attach (BkDisplayRing *ring)
{
  bk_run_set_bar_func (ring->run, on_bar, ring);
}

const BkPlotPlan *
bk_display_ring_get_plan (BkDisplayRing *ring)
{
  return ring->plan;
}

BkRun *
bk_display_ring_get_run (BkDisplayRing *ring)
{
  return ring->run;
}

guint
bk_display_ring_get_capacity (BkDisplayRing *ring)
{
  return ring->capacity;
}

guint
bk_display_ring_get_n_lines (BkDisplayRing *ring)
{
  return ring->sources->len;
}

guint64
bk_display_ring_get_cells (BkDisplayRing *ring)
{
  return (guint64) ring->capacity * ring->sources->len;
}

guint64
bk_display_ring_get_bytes (BkDisplayRing *ring)
{
  guint64 bytes = 2 * bk_display_ring_get_cells (ring) * sizeof (double);

  /* The drawn lines: one block each once they have a value. */
  for (guint i = 0; i < ring->views->len; i++)
    bytes += (guint64) BK_BLOCK_VALUES * bk_line_value_size (bk_line_get_precision (g_ptr_array_index (ring->views, i)));
  return bytes;
}

void
bk_display_ring_push (BkDisplayRing *ring)
{
  guint n = ring->sources->len;
  guint64 bar = bk_run_get_bars (ring->run);

  /* A replayed bar stepped again (the run's count did not move) takes its
   * own row's place. */
  if (ring->pushed > 0 && bar == ring->last_bar)
    ring->pushed--;
  double *row = ring->values + (gsize) (ring->pushed % ring->capacity) * n;

  for (guint i = 0; i < n; i++)
    row[i] = bk_line_get (g_ptr_array_index (ring->sources, i), 0);
  ring->pushed++;
  ring->last_bar = bar;
}

void
bk_display_ring_publish (BkDisplayRing *ring)
{
  guint n = ring->sources->len;
  guint rows = (guint) MIN (ring->pushed, (guint64) ring->capacity);
  /* The oldest row kept: the one the next push overwrites, once full. */
  guint first = ring->pushed > ring->capacity ? (guint) (ring->pushed % ring->capacity) : 0;
  guint tail = MIN (rows, ring->capacity - first);

  pthread_mutex_lock (&ring->lock);
  memcpy (ring->published, ring->values + (gsize) first * n, (gsize) tail * n * sizeof (double));
  memcpy (ring->published + (gsize) tail * n, ring->values, (gsize) (rows - tail) * n * sizeof (double));
  ring->n_published = rows;
  ring->published_pushed = ring->pushed;
  pthread_mutex_unlock (&ring->lock);
}

/* Value `i` of a drawn line: written in place below its length (no other
 * thread reads it), pushed at it. */
static void
view_set (BkLine *line, guint i, double value)
{
  if (i < line->length)
    bk_line_store (line->block, line->precision, i, value);
  else
    bk_line_push (line, value);
}

gboolean
bk_display_ring_update (BkDisplayRing *ring)
{
  guint n = ring->sources->len;

  pthread_mutex_lock (&ring->lock);
  if (ring->published_pushed == ring->shown_pushed)
    {
      pthread_mutex_unlock (&ring->lock);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      BkLine *view = g_ptr_array_index (ring->views, i);

      for (guint r = 0; r < ring->n_published; r++)
        view_set (view, r, ring->published[(gsize) r * n + i]);
    }
  ring->length = ring->n_published;
  ring->shown_pushed = ring->published_pushed;
  pthread_mutex_unlock (&ring->lock);
  return TRUE;
}

guint
bk_display_ring_get_length (BkDisplayRing *ring)
{
  return ring->length;
}

guint64
bk_display_ring_get_pushed (BkDisplayRing *ring)
{
  return ring->shown_pushed;
}
