/* bk-line.h — storage for one line of values.
 *
 * A line is either *whole* (every value since the first bar, in fixed-size
 * blocks that are never moved, so another thread may read any index below
 * bk_line_get_length() while values are appended) or a *ring* holding the
 * last `capacity` values.  Values are stored as f64 or f32; arithmetic is
 * always double and rounding happens in bk_line_push().
 *
 * A read further back than a ring holds is a planning bug: it returns NaN
 * and raises the line's overrun flag, which the engine turns into an error.
 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

typedef enum {
  BK_PRECISION_F64,
  BK_PRECISION_F32,
} BkPrecision;

typedef enum {
  BK_STORAGE_WHOLE,
  BK_STORAGE_RING,
} BkStorage;

#define BK_BLOCK_SHIFT 12
#define BK_BLOCK_VALUES (1u << BK_BLOCK_SHIFT)      /* 4096 values per block */
#define BK_DIR_SHIFT 10
#define BK_DIR_BLOCKS (1u << BK_DIR_SHIFT)          /* 1024 blocks per directory page */
#define BK_DIR_PAGES 4096u                           /* up to 2^34 values per line */

typedef struct _BkLine BkLine;

struct _BkLine {
  BkStorage storage;
  BkPrecision precision;
  guint capacity;          /* ring: values kept; whole: G_MAXUINT */
  guint head;              /* ring: slot of the current value */
  guint64 length;          /* values pushed since the start */
  gboolean *overrun;       /* shared flag raised on a read past the capacity */
  guint overrun_ago;       /* 1 + the deepest read past the capacity, 0: none */
  union {
    double *f64;
    float *f32;
    void *any;
  } ring;
  void **pages[BK_DIR_PAGES]; /* whole: two-level directory of blocks */
  gsize published;          /* whole: length visible to other threads */
};

BkLine *bk_line_new_whole (BkPrecision precision);
BkLine *bk_line_new_ring (BkPrecision precision, guint capacity);
void bk_line_free (BkLine *line);
void bk_line_set_overrun_flag (BkLine *line, gboolean *flag);

void bk_line_push (BkLine *line, double value);
double bk_line_get_slow (const BkLine *line, guint ago);

/* Cells this line stores: a ring's capacity, or a whole line's length. */
guint64 bk_line_get_cells (const BkLine *line);
gsize bk_line_value_size (BkPrecision precision);

/* Reader side for other threads (whole lines only). */
guint64 bk_line_get_published_length (const BkLine *line);
double bk_line_get_at (const BkLine *line, guint64 index);

static inline double
bk_line_get (BkLine *line, guint ago)
{
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
      return line->precision == BK_PRECISION_F64 ? line->ring.f64[slot] : (double) line->ring.f32[slot];
    }
  return bk_line_get_slow (line, ago);
}

G_END_DECLS
