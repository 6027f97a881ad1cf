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
 *
 * The struct and the inline reads and writes of each bar are the engine's
 * (bk-line-private.h).
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

BkLine *bk_line_new_whole (BkPrecision precision, BkBlockPool *pool);
BkLine *bk_line_new_ring (BkPrecision precision, guint capacity);
void bk_line_free (BkLine *line);
void bk_line_set_overrun_flag (BkLine *line, gboolean *flag);
/* Empties a ring, as it was made (whole lines cannot be reset). */
void bk_line_reset_ring (BkLine *line);

/* What one push changes, kept to undo it: a replayed bar is stepped again
 * in place of itself (backtrader's replaydata).  bk_line_mark() before a
 * push, bk_line_rewind() after it: the line reads as before the push, in
 * a ring or a whole line alike.  Only one push may come between. */
typedef struct {
  guint head;
  guint64 length;
  double last;
  double overwritten;       /* ring: the value in the slot the push takes */
  void *block;              /* whole: the block being filled, and its base */
  guint64 block_base;
  gsize published;
} BkLineMark;

void bk_line_mark (const BkLine *line, BkLineMark *mark);
void bk_line_rewind (BkLine *line, const BkLineMark *mark);

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

G_END_DECLS

/* The engine's own code sees the line itself and reads and writes it
 * inline (private/bk-line-private.h, on no front end's include path); the
 * CLI and the window read a line through the functions above. */
#ifdef BK_ENGINE_COMPILATION
#include "bk-line-private.h"
#endif
