/* bk-universe.c — a model's features over a universe of symbols: the run.
 *
 * The coordinating thread (the caller's) cuts the symbols into chunks,
 * hands each chunk's symbols to its worker threads (pthreads) and, while
 * they run, samples resident memory every 100 ms: that is the monitor and
 * the progress reports.  A worker runs one symbol: the model's indicators
 * in the chosen mode, a ring of `horizon` rows waiting for their forward
 * return, and the symbol's regression sums.  At the chunk's end the
 * coordinator adds the symbols' sums into the exact totals (the order does
 * not matter: the totals are exactly rounded), releases the chunk's runs
 * and cleans up.  The listing of the files is bk-universe-files.c; the
 * result, its statistics files and JSON, bk-universe-result.c.
 */
#define _GNU_SOURCE             /* posix_fadvise */

#include "bk-universe-private.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-model-run.h"
#include "bk-output-file.h"
#include "bk-text.h"
#include "bk-report.h"
#include "bk-source.h"
#include "bk-thread.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BK_UNIVERSE_SAMPLE_US (G_USEC_PER_SEC / 10)

void
bk_universe_options_init (BkUniverseOptions *options)
{
  *options = (BkUniverseOptions) {
    .chunk = 30,
    .jobs = 0,
    .mode = BK_MODE_MINIMAL,
    .precision = BK_PRECISION_F64,
    .cleanup = BK_CLEANUP_NORMAL,
    .warn_growth_bytes = 200 * 1000 * 1000,
  };
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* ---- one symbol --------------------------------------------------------- */

typedef struct _Universe Universe;

typedef struct {
  Universe *universe;
  char *path;
  char *symbol;

  /* Results, read by the coordinator once the task is done. */
  BkRegRows train;
  BkRegRows test;
  double first;
  double last;
  guint64 bars;
  char *error;
  gboolean over_budget;         /* the error is the budget's: the universe stops */
  BkRun *run;                   /* kept until the chunk's end, unless mode 1 */
  guint64 cells;                /* the run's, at its end */
} SymbolTask;

/* A chunk's tasks, taken in order. */
typedef struct {
  GPtrArray *tasks;             /* SymbolTask* */
  guint next;                   /* the next task to take */
  guint pending;                /* tasks not finished */
} Chunk;

struct _Universe {
  BkModel *model;
  BkUniverseOptions options;
  const gint *cancel;
  guint k;
  guint horizon;
  gboolean has_split;
  double split_day;

  /* The workers: pthreads rather than a GThreadPool, whose queue and
   * locks are futexes that ThreadSanitizer cannot see. */
  pthread_t *threads;
  guint n_threads;
  pthread_mutex_t lock;
  pthread_cond_t work;          /* tasks are there to take, or quit */
  pthread_cond_t done;          /* a chunk's last task has finished */
  /* The chunks whose tasks the workers take, oldest first: the chunk
   * going on and, in mode 1, the next one, so that the workers go on
   * while a chunk is collected and cleaned up (a run never outlives its
   * symbol there); NULL: none. */
  Chunk *queue[2];
  gboolean quit;
  gint symbols_done;            /* atomic */
  gssize bars_done;             /* atomic */
  gssize running_cells;         /* atomic: rings of the workers' runs, going on or spare */
  gssize kept_cells;            /* atomic: the runs kept past their symbol */
  gint over_budget;             /* atomic: a run passed the budget; no symbol starts after */
};

/* The rows waiting `horizon` bars for their target. */
typedef struct {
  Universe *universe;
  SymbolTask *task;
  BkLine **features;
  BkLine *close;
  BkLine *datetime;
  double *ring;                 /* horizon rows of k features, close, datetime */
  guint64 bars;
  guint slot;                   /* bars % horizon, without a division a bar */
  /* Replay: the bar as it stands, taken as a row once the next begins. */
  double *forming;
  guint64 forming_bar;          /* its number, 0: none */
} SymbolRows;

/* The bar's features, close and datetime as the lines hold them now. */
static inline void
read_bar (SymbolRows *rows, double *values)
{
  guint k = rows->universe->k;

  for (guint j = 0; j < k; j++)
    values[j] = bk_line_get (rows->features[j], 0);
  values[k] = bk_line_get (rows->close, 0);
  values[k + 1] = bk_line_get (rows->datetime, 0);
}

/* A whole bar: `values` (k features, close, datetime), or NULL for what
 * the lines hold now. */
static void
take_bar (SymbolRows *rows, const double *values)
{
  Universe *u = rows->universe;
  guint k = u->k;
  guint width = k + 2;
  double *slot = rows->ring + (gsize) rows->slot * width;
  double close = values != NULL ? values[k] : bk_line_get (rows->close, 0);

  /* The row of `horizon` bars ago gets its target now; then this bar's
   * row takes its slot. */
  if (rows->bars >= u->horizon)
    {
      double y = close / slot[k] - 1.0;
      /* Zero times each value is zero when it is finite, NaN when not:
       * their sum is zero when all of them are finite, without a branch
       * a value. */
      double zero = y * 0.0;

      for (guint j = 0; j < k; j++)
        zero += slot[j] * 0.0;
      if (zero == 0.0)
        {
          double datetime = slot[k + 1];
          gboolean train = !u->has_split || floor (datetime / 86400.0) * 86400.0 <= u->split_day;

          bk_reg_rows_add (train ? &rows->task->train : &rows->task->test, slot, y);
          if (isnan (rows->task->first))
            rows->task->first = datetime;
          rows->task->last = datetime;
        }
    }
  if (values != NULL)
    memcpy (slot, values, width * sizeof (double));
  else
    read_bar (rows, slot);
  rows->bars++;
  rows->slot = rows->slot + 1 == u->horizon ? 0 : rows->slot + 1;
}

static void
on_bar (BkRun *run, gpointer data)
{
  SymbolRows *rows = data;

  if (rows->forming == NULL)
    {
      take_bar (rows, NULL);
      return;
    }
  /* Replayed: a new bar makes the one before whole; each step of a bar
   * replaces what the one before read of it. */
  guint64 bar = bk_run_get_bars (run);
  if (rows->forming_bar != 0 && bar != rows->forming_bar)
    take_bar (rows, rows->forming);
  read_bar (rows, rows->forming);
  rows->forming_bar = bar;
}

static gboolean
run_symbol_rows (Universe *u, SymbolTask *task, BkRun *run, GError **error)
{
  BkCsvOptions csv = { .lenient = u->options.lenient, .resample = u->options.resample,
                       .resample_mode = u->options.replay ? BK_REPLAY : BK_RESAMPLE };
  g_autoptr(BkSource) source = bk_source_new_csv (task->path, &csv, error);
  g_autofree BkLine **features = g_new0 (BkLine *, u->k);
  g_autofree double *ring = g_new (double, (gsize) u->horizon * (u->k + 2));
  BkNode *feed;
  g_autofree double *forming = u->options.replay ? g_new (double, u->k + 2) : NULL;
  SymbolRows rows = { u, task, features, NULL, NULL, ring, 0, 0, forming, 0 };

  if (source == NULL || !bk_model_get_feature_lines (u->model, run, features, error))
    return FALSE;
  feed = bk_graph_get_feed (bk_run_get_graph (run));
  rows.close = feed->outputs[BK_FEED_CLOSE]->line;
  rows.datetime = feed->outputs[BK_FEED_DATETIME]->line;
  bk_run_set_bar_func (run, on_bar, &rows);
  gboolean ok = bk_run_execute (run, source, u->cancel, error);
  bk_run_set_bar_func (run, NULL, NULL);
  if (ok && rows.forming_bar != 0)
    take_bar (&rows, rows.forming);
  task->bars = bk_run_get_bars (run);
  return ok;
}

/* Frees a worker's run, and its rings from the cells held. */
static void
release_run (Universe *u, BkRun **run)
{
  if (*run == NULL)
    return;
  g_atomic_pointer_add (&u->running_cells, -(gssize) bk_graph_get_cells (bk_run_get_graph (*run)));
  g_clear_pointer (run, bk_run_free);
}

/* A symbol's run: in mode 1 the worker's spare run (`*spare`, left by its
 * last symbol) made as new, rather than one built afresh for every
 * symbol; what it computes is the same (test-engine's /engine/run/reset). */
static void
run_symbol (SymbolTask *task, Universe *u, BkRun **spare)
{
  g_autoptr(GError) error = NULL;

  bk_reg_rows_init (&task->train, u->k);
  bk_reg_rows_init (&task->test, u->k);
  task->first = task->last = NAN;
  if ((u->cancel != NULL && g_atomic_int_get (u->cancel)) || g_atomic_int_get (&u->over_budget))
    g_set_error_literal (&error, BK_ERROR, BK_ERROR_CANCELLED, _("cancelled"));
  else
    {
      BkRun *run = g_steal_pointer (spare);

      if (run != NULL && !bk_run_reset (run))
        release_run (u, &run);
      if (run == NULL)
        {
          run = bk_run_new_full (bk_model_get_strategy (u->model), u->options.mode, u->options.precision,
                                 BK_RUN_NO_OBSERVERS | BK_RUN_NO_ANALYZERS, u->options.budget, &error);
          if (run != NULL)
            g_atomic_pointer_add (&u->running_cells, (gssize) bk_graph_get_cells (bk_run_get_graph (run)));
        }
      if (run != NULL)
        {
          run_symbol_rows (u, task, run, &error);
          task->cells = bk_run_get_cells (run);
          /* Mode 1 streams: nothing of the symbol outlives it, and the
           * run serves the worker's next symbol. */
          if (error != NULL)
            release_run (u, &run);
          else if (u->options.mode == BK_MODE_MINIMAL)
            *spare = g_steal_pointer (&run);
          else
            {
              g_atomic_pointer_add (&u->running_cells, -(gssize) bk_graph_get_cells (bk_run_get_graph (run)));
              g_atomic_pointer_add (&u->kept_cells, (gssize) task->cells);
            }
          task->run = run;
        }
    }
  if (error != NULL)
    {
      /* A symbol that fails contributes nothing at all. */
      task->error = g_strdup (error->message);
      if (g_error_matches (error, BK_ERROR, BK_ERROR_MEMORY))
        {
          task->over_budget = TRUE;
          g_atomic_int_set (&u->over_budget, TRUE);
        }
      bk_reg_rows_clear (&task->train);
      bk_reg_rows_clear (&task->test);
      task->first = task->last = NAN;
    }
  g_atomic_int_inc (&u->symbols_done);
  g_atomic_pointer_add (&u->bars_done, (gssize) task->bars);
}

/* With the lock held: the next task of the oldest chunk that has one. */
static SymbolTask *
take_task (Universe *u, Chunk **chunk)
{
  for (guint i = 0; i < G_N_ELEMENTS (u->queue); i++)
    {
      Chunk *c = u->queue[i];

      if (c != NULL && c->next < c->tasks->len)
        {
          *chunk = c;
          return g_ptr_array_index (c->tasks, c->next++);
        }
    }
  return NULL;
}

static gboolean
has_task (Universe *u)
{
  for (guint i = 0; i < G_N_ELEMENTS (u->queue); i++)
    if (u->queue[i] != NULL && u->queue[i]->next < u->queue[i]->tasks->len)
      return TRUE;
  return FALSE;
}

static void *
worker_main (void *data)
{
  Universe *u = data;
  BkRun *spare = NULL;

  if (u->options.background)
    bk_thread_lower_priority ();
  pthread_mutex_lock (&u->lock);
  for (;;)
    {
      SymbolTask *task = NULL;
      Chunk *chunk = NULL;

      while (!u->quit && (task = take_task (u, &chunk)) == NULL)
        pthread_cond_wait (&u->work, &u->lock);
      if (u->quit)
        break;
      pthread_mutex_unlock (&u->lock);
      run_symbol (task, u, &spare);
      pthread_mutex_lock (&u->lock);
      /* No symbol left to take: the spare goes before the chunk ends, so
       * that the cleanup and the cells held count nothing idle. */
      if (!has_task (u))
        release_run (u, &spare);
      if (--chunk->pending == 0)
        pthread_cond_signal (&u->done);
    }
  pthread_mutex_unlock (&u->lock);
  release_run (u, &spare);
  return NULL;
}

static void
start_workers (Universe *u, guint jobs)
{
  pthread_condattr_t attr;

  pthread_mutex_init (&u->lock, NULL);
  pthread_cond_init (&u->work, NULL);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&u->done, &attr);
  pthread_condattr_destroy (&attr);
  u->threads = g_new0 (pthread_t, jobs);
  for (u->n_threads = 0; u->n_threads < jobs; u->n_threads++)
    if (pthread_create (&u->threads[u->n_threads], NULL, worker_main, u) != 0)
      g_error ("cannot start a worker thread: %s", g_strerror (errno));
}

static void
stop_workers (Universe *u)
{
  pthread_mutex_lock (&u->lock);
  u->quit = TRUE;
  pthread_cond_broadcast (&u->work);
  pthread_mutex_unlock (&u->lock);
  for (guint i = 0; i < u->n_threads; i++)
    pthread_join (u->threads[i], NULL);
  g_free (u->threads);
  pthread_mutex_destroy (&u->lock);
  pthread_cond_destroy (&u->work);
  pthread_cond_destroy (&u->done);
}

/* Waits until the chunk's tasks are done or the monotonic clock reaches
 * `until` (µs, as g_get_monotonic_time); TRUE when they are done. */
static gboolean
wait_for_chunk (Universe *u, Chunk *chunk, gint64 until)
{
  struct timespec deadline = { until / G_USEC_PER_SEC, (until % G_USEC_PER_SEC) * 1000 };
  gboolean done;

  pthread_mutex_lock (&u->lock);
  while (chunk->pending > 0 && pthread_cond_timedwait (&u->done, &u->lock, &deadline) == 0)
    ;
  done = chunk->pending == 0;
  pthread_mutex_unlock (&u->lock);
  return done;
}

static void
symbol_task_free (SymbolTask *task)
{
  g_free (task->path);
  g_free (task->symbol);
  g_free (task->error);
  g_clear_pointer (&task->run, bk_run_free);
  g_free (task);
}

/* Queues the tasks of chunk number `index` (from 0) of `size` files for the
 * workers. */
static Chunk *
chunk_new (Universe *u, GPtrArray *files, guint index, guint size)
{
  Chunk *chunk = g_new0 (Chunk, 1);
  guint first = index * size, end = MIN (first + size, files->len);

  chunk->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) symbol_task_free);
  for (guint i = first; i < end; i++)
    {
      SymbolTask *task = g_new0 (SymbolTask, 1);

      task->universe = u;
      task->path = g_strdup (g_ptr_array_index (files, i));
      task->symbol = bk_universe_symbol_of (task->path);
      g_ptr_array_add (chunk->tasks, task);
    }
  chunk->pending = chunk->tasks->len;
  pthread_mutex_lock (&u->lock);
  u->queue[u->queue[0] == NULL ? 0 : 1] = chunk;
  g_assert (u->queue[0] != NULL);
  pthread_cond_broadcast (&u->work);
  pthread_mutex_unlock (&u->lock);
  return chunk;
}

/* A chunk no worker can still be in: done, or the workers stopped. */
static void
chunk_free (Chunk *chunk)
{
  g_ptr_array_unref (chunk->tasks);
  g_free (chunk);
}

/* ---- the monitor -------------------------------------------------------- */

typedef struct {
  Universe *u;
  BkUniverseResult *result;
  BkUniverseProgressFunc func;
  gpointer user_data;
  gint64 start;
  guint64 n_symbols;
  guint chunk;
  guint64 skipped;
  guint reported_skips;         /* of result->skipped, told in a report */
  guint reported_cleanups;      /* of result->cleanups, likewise */
  guint64 trimmed_rss_bytes;    /* RSS after the last malloc_trim, or at the start */
  gboolean above;               /* RSS is past the warning threshold */
} Monitor;

static void
monitor_sample (Monitor *m)
{
  BkUniverseResult *r = m->result;
  double t = (g_get_monotonic_time () - m->start) / (double) G_USEC_PER_SEC;
  guint64 rss = bk_process_rss_bytes ();
  guint64 cells = (guint64) g_atomic_pointer_get (&m->u->kept_cells)
                  + (guint64) g_atomic_pointer_get (&m->u->running_cells);
  BkUniverseSample sample = { t, (guint64) g_atomic_int_get (&m->u->symbols_done), m->chunk, rss, cells };
  gboolean warning = FALSE;

  r->peak_rss_bytes = MAX (r->peak_rss_bytes, rss);
  g_array_append_val (r->timeline, sample);
  if (r->warn_growth_bytes > 0)
    {
      gboolean above = rss > r->start_rss_bytes && rss - r->start_rss_bytes > r->warn_growth_bytes;

      /* Once per crossing. */
      if (above && !m->above)
        {
          g_array_append_val (r->warnings, sample);
          warning = TRUE;
        }
      m->above = above;
    }
  if (m->func != NULL)
    {
      guint64 bars = (guint64) g_atomic_pointer_get (&m->u->bars_done);
      BkUniverseProgress p = {
        .symbols_done = sample.symbols,
        .n_symbols = m->n_symbols,
        .chunk = m->chunk,
        .n_chunks = r->n_chunks,
        .bars = bars,
        .elapsed = t,
        .bars_per_second = t > 0 ? bars / t : 0.0,
        .rss_bytes = rss,
        .cells = cells,
        .skipped = m->skipped,
        .new_skips = r->skipped->len > m->reported_skips
                     ? &g_array_index (r->skipped, BkUniverseSkip, m->reported_skips) : NULL,
        .n_new_skips = r->skipped->len - m->reported_skips,
        .cleanup = r->cleanups->len > m->reported_cleanups
                   ? &g_array_index (r->cleanups, BkUniverseCleanupRecord, r->cleanups->len - 1) : NULL,
        .warning = warning,
      };
      m->reported_skips = r->skipped->len;
      m->reported_cleanups = r->cleanups->len;
      m->func (&p, m->user_data);
    }
}

/* ---- the run ------------------------------------------------------------ */

static void
release_runs (Monitor *m, GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      SymbolTask *task = g_ptr_array_index (tasks, i);

      if (task->run != NULL)
        {
          g_atomic_pointer_add (&m->u->kept_cells, -(gssize) task->cells);
          g_clear_pointer (&task->run, bk_run_free);
        }
    }
}

static void
drop_page_cache (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      SymbolTask *task = g_ptr_array_index (tasks, i);
      int fd = open (task->path, O_RDONLY | O_CLOEXEC);

      if (fd >= 0)
        {
          posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
          close (fd);
        }
    }
}

static void
clean_up (Monitor *m, GPtrArray *tasks, GPtrArray *kept)
{
  BkCleanup cleanup = m->u->options.cleanup;
  BkUniverseCleanupRecord record = { m->chunk, bk_process_rss_bytes (), 0 };

  if (cleanup == BK_CLEANUP_OFF)
    {
      /* Nothing goes back before the end, as in the seed's "before". */
      g_ptr_array_extend_and_steal (kept, g_ptr_array_ref (tasks));
      return;
    }
  release_runs (m, tasks);
  if (cleanup == BK_CLEANUP_FORCED)
    drop_page_cache (tasks);
  /* Freed heap goes back to the system when there is some to give: the
   * trim takes every arena's lock in turn, the caller's threads' too (a
   * window's main thread waits on it), and costs tens of milliseconds in a
   * process with a large heap, for nothing when the chunk's runs were
   * small.  Forced always trims. */
  guint64 rss = bk_process_rss_bytes ();
  if (cleanup == BK_CLEANUP_FORCED || rss > m->trimmed_rss_bytes + BK_UNIVERSE_TRIM_SLACK)
    {
      malloc_trim (0);
      rss = bk_process_rss_bytes ();
      m->trimmed_rss_bytes = rss;
    }
  record.after_bytes = rss;
  g_array_append_val (m->result->cleanups, record);
}

/* The chunk's symbols into the totals; FALSE with --strict on a failure. */
static gboolean
collect_chunk (Monitor *m, GPtrArray *tasks, GError **error)
{
  BkUniverseResult *r = m->result;

  /* Past the budget nothing is skipped: the universe cannot be done in it. */
  for (guint i = 0; i < tasks->len; i++)
    {
      SymbolTask *task = g_ptr_array_index (tasks, i);

      if (task->over_budget)
        {
          g_autofree char *shown = bk_escape_text (task->path, -1);
          g_set_error (error, BK_ERROR, BK_ERROR_MEMORY, "%s: %s", shown, task->error);
          return FALSE;
        }
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      SymbolTask *task = g_ptr_array_index (tasks, i);

      if (task->error != NULL)
        {
          if (m->u->options.strict || (m->u->cancel != NULL && g_atomic_int_get (m->u->cancel)))
            {
              gboolean cancelled = m->u->cancel != NULL && g_atomic_int_get (m->u->cancel);

              g_autofree char *shown = bk_escape_text (task->error, -1);
              g_set_error_literal (error, BK_ERROR, cancelled ? BK_ERROR_CANCELLED : BK_ERROR_PARSE,
                                   cancelled ? _("cancelled") : shown);
              return FALSE;
            }
          /* Names and messages as they can be shown and written as JSON:
           * a file name need not be UTF-8, nor free of escape sequences. */
          BkUniverseSkip skip = { bk_escape_text (task->path, -1), bk_escape_text (task->error, -1) };
          g_array_append_val (r->skipped, skip);
          m->skipped++;
          continue;
        }
      bk_reg_sum_add_rows (r->train, &task->train);
      bk_reg_sum_add_rows (r->test, &task->test);
      r->bars += task->bars;
      BkUniverseSymbol symbol = {
        bk_escape_text (task->symbol, -1), task->train.n, task->test.n,
        task->first, task->last,
      };
      g_array_append_val (r->symbols, symbol);
    }
  return TRUE;
}

static void
describe_model (BkUniverseResult *r, BkModel *model, const BkUniverseOptions *options)
{
  r->model_id = g_strdup (bk_model_get_id (model));
  r->model_name = g_strdup (bk_model_get_name (model));
  r->features = g_new0 (char *, r->n_features + 1);
  for (guint j = 0; j < r->n_features; j++)
    r->features[j] = g_strdup (bk_model_get_feature (model, j));
  r->horizon = bk_model_get_horizon (model);
  r->has_split = bk_model_get_split (model, &r->split);
  r->precision = options->precision;
}

/* The shard's files: every n-th of the universe in symbol order, so that
 * shards do not depend on how the list was ordered. */
static GPtrArray *
take_shard (GPtrArray *files, const BkUniverseOptions *options)
{
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (sorted, g_strdup (g_ptr_array_index (files, i)));
  g_ptr_array_sort (sorted, compare_strings);
  if (options->n_shards <= 1)
    return sorted;

  GPtrArray *mine = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sorted->len; i++)
    if (i % options->n_shards == options->shard - 1)
      g_ptr_array_add (mine, g_strdup (g_ptr_array_index (sorted, i)));
  g_ptr_array_unref (sorted);
  return mine;
}

BkUniverseResult *
bk_universe_run (BkModel *model, const char *source, const BkUniverseOptions *options,
                 BkUniverseProgressFunc progress, gpointer user_data, const gint *cancel, GError **error)
{
  g_autoptr(GArray) listing_skips = g_array_new (FALSE, TRUE, sizeof (BkUniverseSkip));
  g_array_set_clear_func (listing_skips, bk_universe_skip_clear);
  g_autoptr(GPtrArray) all = bk_universe_list_sources (source, options->strict, listing_skips, error);

  if (all == NULL)
    return NULL;
  if (options->n_shards > 1 && (options->shard < 1 || options->shard > options->n_shards))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u does not exist"), options->shard,
                   options->n_shards);
      return NULL;
    }

  g_autoptr(GPtrArray) files = take_shard (all, options);
  Universe u = {
    .model = model,
    .options = *options,
    .cancel = cancel,
    .k = bk_model_get_n_features (model),
    .horizon = bk_model_get_horizon (model),
  };
  g_autoptr(BkUniverseResult) result = bk_universe_result_new (u.k);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) symbol_task_free);
  guint jobs = options->jobs > 0 ? options->jobs : g_get_num_processors ();
  guint chunk = options->chunk > 0 ? options->chunk : MAX (files->len, 1);
  gboolean ok = TRUE;

  u.has_split = bk_model_get_split (model, &u.split_day);
  describe_model (result, model, options);
  /* Every shard lists the whole universe and tells what it left out;
   * a merge keeps one of each. */
  for (guint i = 0; i < listing_skips->len; i++)
    {
      BkUniverseSkip *skip = &g_array_index (listing_skips, BkUniverseSkip, i);
      BkUniverseSkip copy = { g_strdup (skip->file), g_strdup (skip->error) };
      g_array_append_val (result->skipped, copy);
    }
  result->shard = options->n_shards > 1 ? options->shard : 1;
  result->n_shards = MAX (options->n_shards, 1);
  result->n_chunks = (files->len + chunk - 1) / chunk;
  result->warn_growth_bytes = options->warn_growth_bytes;
  result->start_rss_bytes = result->peak_rss_bytes = bk_process_rss_bytes ();

  /* Workers may make their first errors at once (two runs past the
   * budget): the domain's quark and GLib's lazily made error-domain lock
   * are made here first, as their racy first use is a data race to
   * ThreadSanitizer. */
  g_error_free (g_error_new_literal (BK_ERROR, BK_ERROR_MEMORY, ""));
  start_workers (&u, jobs);

  Monitor m = { .u = &u, .result = result, .func = progress, .user_data = user_data,
                .start = g_get_monotonic_time (), .n_symbols = files->len,
                .trimmed_rss_bytes = result->start_rss_bytes };
  gint64 next_sample = m.start;

  /* Mode 1 keeps nothing of a symbol past it: the next chunk is queued
   * while this one runs, and the workers never wait at a chunk's end.
   * The other modes keep each chunk's runs to its end, and a chunk starts
   * once the last one is cleaned up, as the seed's loop does. */
  gboolean lookahead = options->mode == BK_MODE_MINIMAL;
  guint n_chunks = (files->len + chunk - 1) / chunk;
  Chunk *current = n_chunks > 0 ? chunk_new (&u, files, 0, chunk) : NULL;

  for (guint c = 0; c < n_chunks && ok; c++)
    {
      Chunk *ahead = lookahead && c + 1 < n_chunks ? chunk_new (&u, files, c + 1, chunk) : NULL;

      m.chunk = c + 1;
      /* Wait for the chunk, sampling memory as it goes. */
      while (!wait_for_chunk (&u, current, next_sample))
        {
          monitor_sample (&m);
          next_sample = g_get_monotonic_time () + BK_UNIVERSE_SAMPLE_US;
        }
      pthread_mutex_lock (&u.lock);
      g_assert (u.queue[0] == current);
      u.queue[0] = u.queue[1];
      u.queue[1] = NULL;
      pthread_mutex_unlock (&u.lock);

      /* The chunk's end, then what the cleanup left. */
      ok = collect_chunk (&m, current->tasks, error);
      monitor_sample (&m);
      if (ok && options->cleanup != BK_CLEANUP_OFF)
        {
          clean_up (&m, current->tasks, kept);
          monitor_sample (&m);
        }
      else if (ok)
        clean_up (&m, current->tasks, kept);
      chunk_free (current);
      current = ahead;
      if (current == NULL && ok && c + 1 < n_chunks)
        current = chunk_new (&u, files, c + 1, chunk);
      next_sample = g_get_monotonic_time () + BK_UNIVERSE_SAMPLE_US;
    }

  stop_workers (&u);
  /* A chunk queued ahead of one that failed. */
  g_clear_pointer (&current, chunk_free);
  if (!ok)
    return NULL;
  if (cancel != NULL && g_atomic_int_get (cancel))
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_CANCELLED, _("cancelled"));
      return NULL;
    }

  /* What --cleanup off and --chunk 0 kept goes now, and its heap back to
   * the system, so that a run that follows starts from where this began. */
  if (kept->len > 0)
    {
      release_runs (&m, kept);
      if (bk_process_rss_bytes () > m.trimmed_rss_bytes + BK_UNIVERSE_TRIM_SLACK)
        malloc_trim (0);
    }
  result->elapsed = (g_get_monotonic_time () - m.start) / (double) G_USEC_PER_SEC;
  g_array_sort (result->symbols, bk_universe_symbol_compare);
  g_array_sort (result->skipped, bk_universe_skip_compare);
  return g_steal_pointer (&result);
}

BkBmaResult *
bk_universe_fit (const BkUniverseResult *result, GError **error)
{
  return bk_bma_fit (result->train, result->has_split ? result->test : NULL, result->n_features, error);
}
