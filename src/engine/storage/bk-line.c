/* bk-line.c — whole lines as block lists, rings sized by lookback. */
#include "bk-line.h"

#include "bk-budget.h"

#include <errno.h>
#include <sys/mman.h>

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
  line->last = NAN;
  return line;
}

#define POOL_CHUNK_BYTES BK_BLOCK_POOL_CHUNK_BYTES

typedef struct {
  char *base;
  gsize used;
} PoolChunk;

struct _BkBlockPool {
  GArray *chunks;   /* PoolChunk */
  BkBudget *budget;
  guint64 taken;    /* bytes the budget gave */
  gboolean refused;
  gboolean *stop;
};

BkBlockPool *
bk_block_pool_new (BkBudget *budget, gboolean *stop)
{
  BkBlockPool *pool = g_new0 (BkBlockPool, 1);

  pool->chunks = g_array_new (FALSE, FALSE, sizeof (PoolChunk));
  pool->budget = budget != NULL ? bk_budget_ref (budget) : NULL;
  pool->stop = stop;
  return pool;
}

gboolean
bk_block_pool_was_refused (const BkBlockPool *pool)
{
  return pool->refused;
}

void
bk_block_pool_free (BkBlockPool *pool)
{
  if (pool == NULL)
    return;
  for (guint i = 0; i < pool->chunks->len; i++)
    munmap (g_array_index (pool->chunks, PoolChunk, i).base, POOL_CHUNK_BYTES);
  g_array_unref (pool->chunks);
  bk_budget_give (pool->budget, pool->taken);
  g_clear_pointer (&pool->budget, bk_budget_unref);
  g_free (pool);
}

static void *
map_or_die (gsize bytes, int flags)
{
  void *values = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

  if (values == MAP_FAILED)
    g_error ("cannot map %" G_GSIZE_FORMAT " bytes for line values: %s", bytes, g_strerror (errno));
  return values;
}

/* A chunk aligned to its size, so that the kernel can back it with one
 * huge page. */
static char *
pool_map_chunk (void)
{
  char *raw = map_or_die (2 * POOL_CHUNK_BYTES, 0);
  char *aligned = (char *) (((guintptr) raw + POOL_CHUNK_BYTES - 1) & ~((guintptr) POOL_CHUNK_BYTES - 1));

  if (aligned > raw)
    munmap (raw, aligned - raw);
  munmap (aligned + POOL_CHUNK_BYTES, raw + 2 * POOL_CHUNK_BYTES - (aligned + POOL_CHUNK_BYTES));
#ifdef MADV_HUGEPAGE
  madvise (aligned, POOL_CHUNK_BYTES, MADV_HUGEPAGE);
#endif
  return aligned;
}

/* Counts bytes the pool's lines keep against the budget; past it the
 * memory is kept all the same and the run told to stop. */
static void
pool_take (BkBlockPool *pool, gsize bytes)
{
  if (bk_budget_take (pool->budget, bytes))
    pool->taken += bytes;
  else
    {
      pool->refused = TRUE;
      if (pool->stop != NULL)
        *pool->stop = TRUE;
    }
}

static void *
pool_alloc_block (BkBlockPool *pool, gsize bytes)
{
  PoolChunk *chunk = pool->chunks->len > 0
                     ? &g_array_index (pool->chunks, PoolChunk, pool->chunks->len - 1) : NULL;

  if (chunk == NULL || chunk->used + bytes > POOL_CHUNK_BYTES)
    {
      pool_take (pool, POOL_CHUNK_BYTES);
      PoolChunk fresh = { pool_map_chunk (), 0 };
      g_array_append_val (pool->chunks, fresh);
      chunk = &g_array_index (pool->chunks, PoolChunk, pool->chunks->len - 1);
    }
  void *block = chunk->base + chunk->used;
  chunk->used += bytes;
  return block;
}

BkLine *
bk_line_new_whole (BkPrecision precision, BkBlockPool *pool)
{
  BkLine *line = bk_line_alloc (BK_STORAGE_WHOLE, precision);

  line->pool = pool;

  line->capacity = G_MAXUINT;
  return line;
}

BkLine *
bk_line_new_ring (BkPrecision precision, guint capacity)
{
  BkLine *line = bk_line_alloc (BK_STORAGE_RING, precision);

  line->capacity = capacity;
  /* The slot before the first: the first value goes to slot 0. */
  line->head = capacity > 0 ? capacity - 1 : 0;
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
  else if (line->pages != NULL)
    {
      for (guint p = 0; p < BK_DIR_PAGES && line->pages[p] != NULL; p++)
        {
          for (guint b = 0; line->pool == NULL && b < BK_DIR_BLOCKS && line->pages[p][b] != NULL; b++)
            munmap (line->pages[p][b], BK_BLOCK_VALUES * bk_line_value_size (line->precision));
          g_free (line->pages[p]);
        }
      g_free (line->pages);
    }
  g_free (line);
}

void
bk_line_reset_ring (BkLine *line)
{
  g_return_if_fail (line->storage == BK_STORAGE_RING);
  /* What a new ring reads: nothing of the old values is reachable, as
   * reads at or past the length give NaN. */
  line->head = line->capacity > 0 ? line->capacity - 1 : 0;
  line->length = 0;
  line->last = NAN;
  line->overrun_ago = 0;
}

void
bk_line_mark (const BkLine *line, BkLineMark *mark)
{
  *mark = (BkLineMark) {
    .head = line->head,
    .length = line->length,
    .last = line->last,
    .overwritten = NAN,
    .block = line->block,
    .block_base = line->block_base,
    .published = line->published,
  };
  if (line->storage == BK_STORAGE_RING && line->capacity > 0)
    mark->overwritten = bk_line_load (line->ring.any, line->precision,
                                      line->head + 1 == line->capacity ? 0 : line->head + 1);
}

void
bk_line_rewind (BkLine *line, const BkLineMark *mark)
{
  if (line->storage == BK_STORAGE_RING && line->capacity > 0)
    bk_line_store (line->ring.any, line->precision, mark->head + 1 == line->capacity ? 0 : mark->head + 1,
                   mark->overwritten);
  line->head = mark->head;
  line->length = mark->length;
  line->last = mark->last;
  if (line->storage == BK_STORAGE_WHOLE)
    {
      line->block = mark->block;
      line->block_base = mark->block_base;
      /* A reader on another thread may have seen the value undone; the
       * push that follows writes its replacement in the same place. */
      __atomic_store_n (&line->published, mark->published, __ATOMIC_RELEASE);
    }
}

void
bk_line_set_overrun_flag (BkLine *line, gboolean *flag)
{
  line->overrun = flag != NULL ? flag : &unused_overrun_flag;
}

static inline void *
whole_block (const BkLine *line, guint64 index)
{
  guint64 block = index >> BK_BLOCK_SHIFT;

  return line->pages[block >> BK_DIR_SHIFT][block & (BK_DIR_BLOCKS - 1)];
}

static inline void *
whole_slot (const BkLine *line, guint64 index)
{
  void *values = whole_block (line, index);
  gsize offset = (gsize) (index & (BK_BLOCK_VALUES - 1)) * bk_line_value_size (line->precision);

  return (char *) values + offset;
}

static void
whole_grow (BkLine *line)
{
  guint64 block = line->length >> BK_BLOCK_SHIFT;
  guint64 page = block >> BK_DIR_SHIFT;

  /* Beyond 2^30 values (8 GiB a line) a whole line is not what anyone wants;
   * mode 1 runs such streams in constant memory. */
  if (page >= BK_DIR_PAGES)
    g_error ("a whole line cannot hold more than %" G_GUINT64_FORMAT " values", line->length);
  /* The directory counts too: a run of a few bars keeps more of it than
   * of values. */
  if (line->pages == NULL)
    {
      line->pages = g_new0 (void **, BK_DIR_PAGES);
      if (line->pool != NULL)
        pool_take (line->pool, BK_DIR_PAGES * sizeof (void **));
    }
  if (line->pages[page] == NULL)
    {
      line->pages[page] = g_new0 (void *, BK_DIR_BLOCKS);
      if (line->pool != NULL)
        pool_take (line->pool, BK_DIR_BLOCKS * sizeof (void *));
    }
  /* A push undone (bk_line_rewind) leaves its new block in place. */
  if (line->pages[page][block & (BK_DIR_BLOCKS - 1)] != NULL)
    return;
  /* Without a pool a block is mapped with its pages present: a block's
   * worth of page faults costs more than one populating mmap. */
  gsize bytes = BK_BLOCK_VALUES * bk_line_value_size (line->precision);
  line->pages[page][block & (BK_DIR_BLOCKS - 1)] =
    line->pool != NULL ? pool_alloc_block (line->pool, bytes) : map_or_die (bytes, MAP_POPULATE);
}

void
bk_line_push_slow (BkLine *line, double value)
{
  if (line->storage == BK_STORAGE_RING)
    {
      /* A ring of no values: only tests shrinking rings make one. */
      line->length++;
      return;
    }
  whole_grow (line);
  line->block = whole_slot (line, line->length);
  line->block_base = line->length;
  bk_line_store (line->block, line->precision, 0, value);
  line->length++;
  __atomic_store_n (&line->published, (gsize) line->length, __ATOMIC_RELEASE);
}

static double
whole_value (const BkLine *line, guint64 index)
{
  return bk_line_load (whole_slot (line, index), line->precision, 0);
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
bk_line_get_storage_bytes (const BkLine *line)
{
  gsize size = bk_line_value_size (line->precision);

  if (line->storage == BK_STORAGE_RING)
    return (guint64) line->capacity * size;
  guint64 blocks = (bk_line_get_published_length (line) + BK_BLOCK_VALUES - 1) / BK_BLOCK_VALUES;
  return blocks * BK_BLOCK_VALUES * size;
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

BkPrecision
bk_line_get_precision (const BkLine *line)
{
  return line->precision;
}

const void *
bk_line_get_block (const BkLine *line, guint64 index)
{
  g_return_val_if_fail (line->storage == BK_STORAGE_WHOLE, NULL);
  return whole_block (line, index);
}
