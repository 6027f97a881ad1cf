/* bk-line-private.h — a line itself, and the inline reads and writes the
 * engine makes each bar.  The engine's own (bk-line.h includes it when
 * BK_ENGINE_COMPILATION is defined, as every engine library and test is
 * built); this folder is on no front end's include path, so the CLI and
 * the window read lines through bk-line.h's functions. */
#pragma once

#include "bk-line.h"

G_BEGIN_DECLS

struct _BkLine {
  BkStorage storage;
  BkPrecision precision;
  guint capacity;          /* ring: values kept; whole: G_MAXUINT */
  guint head;              /* ring: slot of the current value (capacity - 1 before the first) */
  guint64 length;          /* values pushed since the start */
  double last;             /* the current value as stored (rounded), NaN before the first */
  gboolean *overrun;       /* shared flag raised on a read past the capacity */
  guint overrun_ago;       /* 1 + the deepest read past the capacity, 0: none */
  union {
    double *f64;
    float *f32;
    void *any;
  } ring;
  void ***pages;            /* whole: BK_DIR_PAGES pages of BK_DIR_BLOCKS blocks, made as needed */
  BkBlockPool *pool;        /* whole: where blocks come from, or NULL */
  char *block;              /* whole: the block being filled */
  guint64 block_base;       /* whole: index of the block's first value */
  gsize published;          /* whole: length visible to other threads */
};

void bk_line_push_slow (BkLine *line, double value);
double bk_line_get_slow (const BkLine *line, guint ago);

static inline void
bk_line_store (void *values, BkPrecision precision, gsize i, double value)
{
  if (precision == BK_PRECISION_F64)
    ((double *) values)[i] = value;
  else
    ((float *) values)[i] = (float) value;
}

static inline double
bk_line_load (const void *values, BkPrecision precision, gsize i)
{
  return precision == BK_PRECISION_F64 ? ((const double *) values)[i] : (double) ((const float *) values)[i];
}

/* Appends the current bar's value, rounded to the line's precision. */
static inline void
bk_line_push (BkLine *line, double value)
{
  /* Most reads are of the current value: kept aside, they need no ring
   * arithmetic.  A ring of no values keeps NaN (bk_line_get checks it). */
  line->last = line->precision == BK_PRECISION_F64 ? value : (double) (float) value;
  if (line->storage == BK_STORAGE_RING && line->capacity > 0)
    {
      line->head = line->head + 1 == line->capacity ? 0 : line->head + 1;
      bk_line_store (line->ring.any, line->precision, line->head, value);
      line->length++;
    }
  else if (line->storage == BK_STORAGE_WHOLE && line->block != NULL
           && line->length - line->block_base < BK_BLOCK_VALUES)
    {
      bk_line_store (line->block, line->precision, line->length - line->block_base, value);
      line->length++;
      /* Readers on other threads see a value only once it is written. */
      __atomic_store_n (&line->published, (gsize) line->length, __ATOMIC_RELEASE);
    }
  else
    bk_line_push_slow (line, value);
}

/* The value `ago` bars back (0: the current bar). */
static inline double
bk_line_get (BkLine *line, guint ago)
{
  if (G_LIKELY (ago == 0 && line->capacity != 0))
    return line->last;
  if (G_LIKELY (line->storage == BK_STORAGE_RING))
    {
      if (G_UNLIKELY (ago >= line->capacity))
        {
          *line->overrun = TRUE;
          line->overrun_ago = MAX (line->overrun_ago, ago + 1);
          return NAN;
        }
      if (G_UNLIKELY (ago >= line->length))
        return NAN;
      guint slot = line->head >= ago ? line->head - ago : line->head + line->capacity - ago;
      return bk_line_load (line->ring.any, line->precision, slot);
    }
  if (G_LIKELY (ago < line->length && line->length - 1 - ago >= line->block_base))
    return bk_line_load (line->block, line->precision, line->length - 1 - ago - line->block_base);
  return bk_line_get_slow (line, ago);
}

G_END_DECLS
