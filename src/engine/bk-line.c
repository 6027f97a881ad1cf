/* bk-line.c — whole lines as block lists, rings sized by lookback. */
#include "bk-line.h"

static gboolean unused_overrun_flag;

gsize
bk_line_value_size (BkPrecision precision)
{
  return precision == BK_PRECISION_F64 ? sizeof (double) : sizeof (float);
}

static BkLine *
bk_line_alloc (BkStorage storage, BkPrecision precision)
{
  BkLine *line = g_new0 (BkLine, 1);

  line->storage = storage;
  line->precision = precision;
  line->overrun = &unused_overrun_flag;
  return line;
}

BkLine *
bk_line_new_whole (BkPrecision precision)
{
  BkLine *line = bk_line_alloc (BK_STORAGE_WHOLE, precision);

  line->capacity = G_MAXUINT;
  return line;
}

BkLine *
bk_line_new_ring (BkPrecision precision, guint capacity)
{
  BkLine *line = bk_line_alloc (BK_STORAGE_RING, precision);

  line->capacity = capacity;
  if (capacity > 0)
    line->ring.any = g_malloc0_n (capacity, bk_line_value_size (precision));
  return line;
}

void
bk_line_free (BkLine *line)
{
  if (line == NULL)
    return;
  if (line->storage == BK_STORAGE_RING)
    g_free (line->ring.any);
  else
    for (guint p = 0; p < BK_DIR_PAGES && line->pages[p] != NULL; p++)
      {
        for (guint b = 0; b < BK_DIR_BLOCKS && line->pages[p][b] != NULL; b++)
          g_free (line->pages[p][b]);
        g_free (line->pages[p]);
      }
  g_free (line);
}

void
bk_line_set_overrun_flag (BkLine *line, gboolean *flag)
{
  line->overrun = flag != NULL ? flag : &unused_overrun_flag;
}

static inline void *
whole_slot (const BkLine *line, guint64 index)
{
  guint64 block = index >> BK_BLOCK_SHIFT;
  void *values = line->pages[block >> BK_DIR_SHIFT][block & (BK_DIR_BLOCKS - 1)];
  gsize offset = (gsize) (index & (BK_BLOCK_VALUES - 1)) * bk_line_value_size (line->precision);

  return (char *) values + offset;
}

static void
whole_grow (BkLine *line)
{
  guint64 block = line->length >> BK_BLOCK_SHIFT;
  guint64 page = block >> BK_DIR_SHIFT;

  if (page >= BK_DIR_PAGES)
    g_error ("line exceeds %" G_GUINT64_FORMAT " values", line->length);
  if (line->pages[page] == NULL)
    line->pages[page] = g_new0 (void *, BK_DIR_BLOCKS);
  line->pages[page][block & (BK_DIR_BLOCKS - 1)] =
    g_malloc (BK_BLOCK_VALUES * bk_line_value_size (line->precision));
}

void
bk_line_push (BkLine *line, double value)
{
  if (line->storage == BK_STORAGE_RING)
    {
      if (line->capacity > 0)
        {
          line->head = line->length == 0 ? 0 : (line->head + 1 == line->capacity ? 0 : line->head + 1);
          if (line->precision == BK_PRECISION_F64)
            line->ring.f64[line->head] = value;
          else
            line->ring.f32[line->head] = (float) value;
        }
      line->length++;
      return;
    }

  if ((line->length & (BK_BLOCK_VALUES - 1)) == 0)
    whole_grow (line);
  void *slot = whole_slot (line, line->length);
  if (line->precision == BK_PRECISION_F64)
    *(double *) slot = value;
  else
    *(float *) slot = (float) value;
  line->length++;
  /* Readers on other threads see the value only after it is written. */
  __atomic_store_n (&line->published, (gsize) line->length, __ATOMIC_RELEASE);
}

static double
whole_value (const BkLine *line, guint64 index)
{
  const void *slot = whole_slot (line, index);

  return line->precision == BK_PRECISION_F64 ? *(const double *) slot : (double) *(const float *) slot;
}

double
bk_line_get_slow (const BkLine *line, guint ago)
{
  if (ago >= line->length)
    return NAN;
  return whole_value (line, line->length - 1 - ago);
}

guint64
bk_line_get_cells (const BkLine *line)
{
  return line->storage == BK_STORAGE_RING ? line->capacity : line->length;
}

guint64
bk_line_get_published_length (const BkLine *line)
{
  if (line->storage == BK_STORAGE_RING)
    return 0;
  return __atomic_load_n (&line->published, __ATOMIC_ACQUIRE);
}

double
bk_line_get_at (const BkLine *line, guint64 index)
{
  g_return_val_if_fail (line->storage == BK_STORAGE_WHOLE, NAN);
  if (index >= bk_line_get_published_length (line))
    return NAN;
  return whole_value (line, index);
}
