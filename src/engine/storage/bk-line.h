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
#define BK_DIR_PAGES 256u                            /* up to 2^30 values per line */

typedef struct _BkLine BkLine;

/* Where a graph's whole lines take their blocks from: large mappings
 * (transparent huge pages where the system allows) carved into blocks and
 * given back all at once, which costs far fewer page faults and unmaps
 * than a mapping per block.  Lines made without a pool map each block.
 *
 * A pool takes each mapping, whole, from `budget` (NULL: none), as that is
 * what the system gives a run even when its lines are short, and gives
 * them back when freed.  When the budget refuses, the pool maps all the
 * same and raises *`stop`, a flag the run looks at every bar. */
typedef struct _BkBlockPool BkBlockPool;
typedef struct _BkBudget BkBudget;

#define BK_BLOCK_POOL_CHUNK_BYTES (2u << 20)

BkBlockPool *bk_block_pool_new (BkBudget *budget, gboolean *stop);
void bk_block_pool_free (BkBlockPool *pool);
gboolean bk_block_pool_was_refused (const BkBlockPool *pool);

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

BkLine *bk_line_new_whole (BkPrecision precision, BkBlockPool *pool);
BkLine *bk_line_new_ring (BkPrecision precision, guint capacity);
void bk_line_free (BkLine *line);
void bk_line_set_overrun_flag (BkLine *line, gboolean *flag);
/* Empties a ring, as it was made (whole lines cannot be reset). */
void bk_line_reset_ring (BkLine *line);

void bk_line_push_slow (BkLine *line, double value);
double bk_line_get_slow (const BkLine *line, guint ago);

/* Cells this line stores: a ring's capacity, or a whole line's length. */
guint64 bk_line_get_cells (const BkLine *line);
/* Bytes this line has taken from the system: a ring's values (from the
 * heap), or a whole line's blocks of BK_BLOCK_VALUES (mapped) up to its
 * published length.  Safe from another thread than the one pushing. */
guint64 bk_line_get_storage_bytes (const BkLine *line);
gsize bk_line_value_size (BkPrecision precision);

/* Reader side for other threads (whole lines only).  The published length
 * is read with acquire order: every value below it was written before it
 * was published, and may be read. */
guint64 bk_line_get_published_length (const BkLine *line);
double bk_line_get_at (const BkLine *line, guint64 index);
BkPrecision bk_line_get_precision (const BkLine *line);
/* The block holding value `index` of a whole line, `index` below a
 * published length the caller has read: BK_BLOCK_VALUES values of the
 * line's precision from index & ~(BK_BLOCK_VALUES - 1) on, those below
 * that length written.  For readers that go through many values a block at
 * a time (the chart's summaries). */
const void *bk_line_get_block (const BkLine *line, guint64 index);

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
