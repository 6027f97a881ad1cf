/* bk-universe.c — a model's features over a universe of symbols.
 *
 * The coordinating thread (the caller's) cuts the symbols into chunks,
 * hands each chunk's symbols to a GThreadPool and, while they run, samples
 * resident memory every 100 ms: that is the monitor and the progress
 * reports.  A worker runs one symbol: the model's indicators in the
 * chosen mode, a ring of `horizon` rows waiting for their forward return,
 * and the symbol's regression sums.  At the chunk's end the coordinator
 * adds the symbols' sums into the exact totals (the order does not
 * matter: the totals are exactly rounded), releases the chunk's runs and
 * cleans up.
 */
#define _GNU_SOURCE             /* posix_fadvise */
#define G_LOG_DOMAIN "Barkeep"

#include "bk-universe.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-output-file.h"
#include "bk-parser.h"
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
#define BK_UNIVERSE_STATS_VERSION 1

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

guint64
bk_universe_rss_bytes (void)
{
  FILE *statm = fopen ("/proc/self/statm", "re");
  unsigned long long size = 0, resident = 0;

  if (statm == NULL)
    return 0;
  if (fscanf (statm, "%llu %llu", &size, &resident) != 2)
    resident = 0;
  fclose (statm);
  return (guint64) resident * (guint64) sysconf (_SC_PAGESIZE);
}

/* ---- the symbols -------------------------------------------------------- */

char *
bk_universe_symbol_of (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Reads a whole file that must be a regular one: a FIFO, a device or
 * /dev/zero would hang the reader or never end.  Opened without blocking,
 * so that a FIFO with no writer is refused rather than waited on. */
gboolean
bk_universe_read_regular (const char *path, char **text, gsize *length, GError **error)
{
  g_autofree char *shown = bk_escape_text (path, -1);
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  struct stat st;

  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), shown, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: not a regular file"), shown);
      return FALSE;
    }
  close (fd);

  g_autoptr(GError) local_error = NULL;
  if (!g_file_get_contents (path, text, length, &local_error))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot read: %s"), shown, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* A temporary file of an atomic write (bk_output_file_open's, as GLib's
 * g_file_set_contents: "NAME.EXT" written as "NAME.EXT.XXXXXX", six
 * letters or digits, then renamed), left behind by a run that was
 * interrupted: never a symbol. */
gboolean
bk_universe_is_temporary_name (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || strlen (dot + 1) != 6)
    return FALSE;
  for (const char *c = dot + 1; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  /* The name it was to replace has an extension of its own. */
  const char *inner = g_strrstr_len (name, dot - name, ".");
  return inner != NULL && inner != name && inner + 1 < dot;
}

/* A path the listing found, before it is checked. */
typedef struct {
  char *path;
  gboolean in_folder;           /* found in a folder, not named by a list */
} Candidate;

static void
candidate_clear (gpointer data)
{
  g_free (((Candidate *) data)->path);
}

static gint
compare_candidates (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Candidate *) a)->path, ((const Candidate *) b)->path);
}

static GArray *
candidates_new (void)
{
  GArray *candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));

  g_array_set_clear_func (candidates, candidate_clear);
  return candidates;
}

static GArray *
list_folder (const char *folder, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &local_error);
  GArray *candidates;
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *shown = bk_escape_text (folder, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open the folder: %s"), shown,
                   local_error->message);
      return NULL;
    }
  candidates = candidates_new ();
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      {
        Candidate c = { g_build_filename (folder, name, NULL), TRUE };
        g_array_append_val (candidates, c);
      }
  return candidates;
}

static GArray *
list_file (const char *list, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!bk_universe_read_regular (list, &text, &length, error))
    return NULL;
  if (memchr (text, '\0', length) != NULL || !g_utf8_validate (text, length, NULL))
    {
      g_autofree char *shown = bk_escape_text (list, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s:1:1: not a list of files: it is not UTF-8 text"), shown);
      return NULL;
    }

  g_autofree char *dir = g_path_get_dirname (list);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *candidates = candidates_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      Candidate c = { g_path_is_absolute (line) ? g_strdup (line) : g_build_filename (dir, line, NULL), FALSE };
      g_array_append_val (candidates, c);
    }
  return candidates;
}

/* Why a path is not a price file, or NULL when it may be one (`st` then
 * filled).  A path that does not exist is left to the reader, which
 * names it in its own error. */
static char *
why_not_a_price_file (const Candidate *c, struct stat *st)
{
  if (g_stat (c->path, st) != 0)
    {
      int errsv = errno;
      struct stat link;

      if (errsv == ELOOP)
        return g_strdup (_("a symbolic link in a loop"));
      if (errsv == ENOENT && g_lstat (c->path, &link) == 0 && S_ISLNK (link.st_mode))
        return g_strdup (_("a symbolic link to nothing"));
      if (errsv == ENOENT && !c->in_folder)
        return NULL;
      return g_strdup_printf (_("cannot open: %s"), g_strerror (errsv));
    }
  if (S_ISDIR (st->st_mode))
    return g_strdup (_("a folder, not a price file"));
  if (S_ISFIFO (st->st_mode))
    return g_strdup (_("a FIFO, not a price file"));
  if (!S_ISREG (st->st_mode))
    return g_strdup (_("not a regular file"));
  return NULL;
}

static void
add_skip (GArray *skipped, const char *path, const char *problem)
{
  if (skipped == NULL)
    return;
  BkUniverseSkip skip = { bk_escape_text (path, -1), NULL };
  skip.error = g_strdup_printf ("%s: %s", skip.file, problem);
  g_array_append_val (skipped, skip);
}

/* A listing's paths checked: what is not a price file skipped (an error
 * with `strict`, but for a temporary file), one path a file (the first in
 * name order: the same whatever the list's order), one file a symbol. */
static GPtrArray *
check_candidates (GArray *candidates, gboolean strict, GArray *skipped, GError **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_identity = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                             (GDestroyNotify) g_bytes_unref, NULL);
  g_autoptr(GHashTable) by_symbol = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_array_sort (candidates, compare_candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      g_autofree char *name = g_path_get_basename (c->path);
      g_autofree char *shown = bk_escape_text (c->path, -1);
      struct stat st = { 0 };

      if (c->in_folder && bk_universe_is_temporary_name (name))
        {
          add_skip (skipped, c->path, _("a temporary file left by an interrupted write"));
          continue;
        }
      g_autofree char *problem = why_not_a_price_file (c, &st);
      if (problem != NULL)
        {
          if (strict)
            {
              g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: %s", shown, problem);
              return NULL;
            }
          add_skip (skipped, c->path, problem);
          continue;
        }

      /* The same file by two paths: its first path only. */
      if (st.st_ino != 0)
        {
          const guint64 identity[2] = { (guint64) st.st_dev, (guint64) st.st_ino };
          GBytes *key = g_bytes_new (identity, sizeof identity);
          const char *first = g_hash_table_lookup (by_identity, key);

          if (first != NULL)
            {
              g_autofree char *first_shown = bk_escape_text (first, -1);
              g_autofree char *same = g_strdup_printf (_("the same file as %s"), first_shown);
              add_skip (skipped, c->path, same);
              g_bytes_unref (key);
              continue;
            }
          g_hash_table_insert (by_identity, key, c->path);
        }

      /* Two files of one symbol: which one is meant cannot be guessed. */
      char *symbol = bk_universe_symbol_of (c->path);
      const char *other = g_hash_table_lookup (by_symbol, symbol);
      if (other != NULL)
        {
          g_autofree char *other_shown = bk_escape_text (other, -1);
          g_autofree char *symbol_shown = bk_escape_text (symbol, -1);
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("%s and %s are both symbol %s: remove or rename one of them"), other_shown, shown,
                       symbol_shown);
          g_free (symbol);
          return NULL;
        }
      g_hash_table_insert (by_symbol, symbol, c->path);
      g_ptr_array_add (files, g_strdup (c->path));
    }
  return g_steal_pointer (&files);
}

GPtrArray *
bk_universe_list_sources (const char *source, gboolean strict, GArray *skipped, GError **error)
{
  g_autofree char *shown = bk_escape_text (source, -1);
  g_autoptr(GArray) candidates = NULL;
  struct stat st;
  gboolean folder = FALSE;

  if (g_stat (source, &st) != 0)
    {
      int errsv = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: cannot open: %s"), shown, g_strerror (errsv));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      folder = TRUE;
      candidates = list_folder (source, error);
    }
  else if (S_ISREG (st.st_mode))
    candidates = list_file (source, error);
  else
    {
      g_set_error (error, BK_ERROR, BK_ERROR_IO, _("%s: neither a folder nor a list of files"), shown);
      return NULL;
    }
  if (candidates == NULL)
    return NULL;

  GPtrArray *files = check_candidates (candidates, strict, skipped, error);
  if (files != NULL && files->len == 0)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   folder ? _("%s: the folder has no price files") : _("%s: the list names no files"), shown);
      g_clear_pointer (&files, g_ptr_array_unref);
    }
  return files;
}

GPtrArray *
bk_universe_list_files (const char *source, GError **error)
{
  return bk_universe_list_sources (source, FALSE, NULL, error);
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
} SymbolRows;

static void
on_bar (BkRun *run, gpointer data)
{
  SymbolRows *rows = data;
  Universe *u = rows->universe;
  guint k = u->k;
  guint width = k + 2;
  double *slot = rows->ring + (gsize) rows->slot * width;
  double close = bk_line_get (rows->close, 0);

  /* The row of `horizon` bars ago gets its target now; then this bar's
   * row takes its slot. */
  if (rows->bars >= u->horizon)
    {
      double y = close / slot[k] - 1.0;
      gboolean finite = isfinite (y);

      for (guint j = 0; j < k && finite; j++)
        finite = isfinite (slot[j]);
      if (finite)
        {
          double datetime = slot[k + 1];
          gboolean train = !u->has_split || floor (datetime / 86400.0) * 86400.0 <= u->split_day;

          bk_reg_rows_add (train ? &rows->task->train : &rows->task->test, slot, y);
          if (isnan (rows->task->first))
            rows->task->first = datetime;
          rows->task->last = datetime;
        }
    }
  for (guint j = 0; j < k; j++)
    slot[j] = bk_line_get (rows->features[j], 0);
  slot[k] = close;
  slot[k + 1] = bk_line_get (rows->datetime, 0);
  rows->bars++;
  rows->slot = rows->slot + 1 == u->horizon ? 0 : rows->slot + 1;
}

static gboolean
run_symbol_rows (Universe *u, SymbolTask *task, BkRun *run, GError **error)
{
  BkCsvOptions csv = { .lenient = u->options.lenient };
  g_autoptr(BkSource) source = bk_source_new_csv (task->path, &csv, error);
  g_autofree BkLine **features = g_new0 (BkLine *, u->k);
  g_autofree double *ring = g_new (double, (gsize) u->horizon * (u->k + 2));
  BkNode *feed;
  SymbolRows rows = { u, task, features, NULL, NULL, ring, 0, 0 };

  if (source == NULL || !bk_model_get_feature_lines (u->model, run, features, error))
    return FALSE;
  feed = bk_graph_get_feed (bk_run_get_graph (run));
  rows.close = feed->outputs[BK_FEED_CLOSE]->line;
  rows.datetime = feed->outputs[BK_FEED_DATETIME]->line;
  bk_run_set_bar_func (run, on_bar, &rows);
  gboolean ok = bk_run_execute (run, source, u->cancel, error);
  bk_run_set_bar_func (run, NULL, NULL);
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
                                 -1, BK_RUN_NO_OBSERVERS, u->options.budget, &error);
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
  guint64 rss = bk_universe_rss_bytes ();
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
  BkUniverseCleanupRecord record = { m->chunk, bk_universe_rss_bytes (), 0 };

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
  guint64 rss = bk_universe_rss_bytes ();
  if (cleanup == BK_CLEANUP_FORCED || rss > m->trimmed_rss_bytes + BK_UNIVERSE_TRIM_SLACK)
    {
      malloc_trim (0);
      rss = bk_universe_rss_bytes ();
      m->trimmed_rss_bytes = rss;
    }
  record.after_bytes = rss;
  g_array_append_val (m->result->cleanups, record);
}

static gint
compare_symbols (gconstpointer a, gconstpointer b)
{
  const BkUniverseSymbol *x = a, *y = b;

  return strcmp (x->symbol, y->symbol);
}

static gint
compare_skips (gconstpointer a, gconstpointer b)
{
  const BkUniverseSkip *x = a, *y = b;

  return strcmp (x->file, y->file);
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
clear_symbol (gpointer data)
{
  BkUniverseSymbol *symbol = data;

  g_free (symbol->symbol);
}

static void
clear_skip (gpointer data)
{
  BkUniverseSkip *skip = data;

  g_free (skip->file);
  g_free (skip->error);
}

static BkUniverseResult *
result_new (guint k)
{
  BkUniverseResult *r = g_new0 (BkUniverseResult, 1);

  r->symbols = g_array_new (FALSE, TRUE, sizeof (BkUniverseSymbol));
  g_array_set_clear_func (r->symbols, clear_symbol);
  r->skipped = g_array_new (FALSE, TRUE, sizeof (BkUniverseSkip));
  g_array_set_clear_func (r->skipped, clear_skip);
  r->timeline = g_array_new (FALSE, TRUE, sizeof (BkUniverseSample));
  r->warnings = g_array_new (FALSE, TRUE, sizeof (BkUniverseSample));
  r->cleanups = g_array_new (FALSE, TRUE, sizeof (BkUniverseCleanupRecord));
  r->train = bk_reg_sum_new (k);
  r->test = bk_reg_sum_new (k);
  r->n_features = k;
  r->shard = 1;
  r->n_shards = 1;
  return r;
}

void
bk_universe_result_free (BkUniverseResult *r)
{
  if (r == NULL)
    return;
  g_free (r->model_id);
  g_free (r->model_name);
  g_strfreev (r->features);
  g_array_unref (r->symbols);
  g_array_unref (r->skipped);
  g_clear_pointer (&r->train, bk_reg_sum_free);
  g_clear_pointer (&r->test, bk_reg_sum_free);
  g_array_unref (r->timeline);
  g_array_unref (r->warnings);
  g_array_unref (r->cleanups);
  g_free (r);
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
  g_array_set_clear_func (listing_skips, clear_skip);
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
  g_autoptr(BkUniverseResult) result = result_new (u.k);
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
  result->start_rss_bytes = result->peak_rss_bytes = bk_universe_rss_bytes ();

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
      if (bk_universe_rss_bytes () > m.trimmed_rss_bytes + BK_UNIVERSE_TRIM_SLACK)
        malloc_trim (0);
    }
  result->elapsed = (g_get_monotonic_time () - m.start) / (double) G_USEC_PER_SEC;
  g_array_sort (result->symbols, compare_symbols);
  g_array_sort (result->skipped, compare_skips);
  return g_steal_pointer (&result);
}

BkBmaResult *
bk_universe_fit (const BkUniverseResult *result, GError **error)
{
  return bk_bma_fit (result->train, result->has_split ? result->test : NULL, result->n_features, error);
}

/* ---- statistics files --------------------------------------------------- */

#define STATS_MAGIC "barkeep-universe-stats"

static void
append_field (GString *out, const char *text)
{
  g_autofree char *escaped = g_strescape (text, "");

  g_string_append_c (out, '\t');
  g_string_append (out, escaped);
}

static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, '\t');
  if (isnan (value))
    g_string_append (out, "nan");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%a", value));
}

char *
bk_universe_format_stats (const BkUniverseResult *r)
{
  GString *out = g_string_new (NULL);
  g_autofree char *train = bk_reg_sum_to_text (r->train);
  g_autofree char *test = bk_reg_sum_to_text (r->test);

  g_string_append_printf (out, "%s %d\nmodel", STATS_MAGIC, BK_UNIVERSE_STATS_VERSION);
  append_field (out, r->model_id);
  append_field (out, r->model_name);
  g_string_append (out, "\nfeatures");
  for (guint j = 0; j < r->n_features; j++)
    append_field (out, r->features[j]);
  g_string_append_printf (out, "\nhorizon\t%u\nsplit", r->horizon);
  if (r->has_split)
    {
      char date[40];

      bk_format_datetime (r->split, FALSE, date);
      append_field (out, date);
    }
  else
    append_field (out, "none");
  g_string_append_printf (out, "\nprecision\t%s\nshard\t%u\t%u\nbars\t%" G_GUINT64_FORMAT "\n",
                          r->precision == BK_PRECISION_F32 ? "f32" : "f64", r->shard, r->n_shards, r->bars);
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *symbol = &g_array_index (r->symbols, BkUniverseSymbol, i);

      g_string_append (out, "symbol");
      append_field (out, symbol->symbol);
      g_string_append_printf (out, "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT, symbol->train, symbol->test);
      append_double (out, symbol->first);
      append_double (out, symbol->last);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *skip = &g_array_index (r->skipped, BkUniverseSkip, i);

      g_string_append (out, "skip");
      append_field (out, skip->file);
      append_field (out, skip->error);
      g_string_append_c (out, '\n');
    }
  /* Each sum ends with its own "end" line. */
  g_string_append_printf (out, "train\n%stest\n%s", train, test);
  return g_string_free (out, FALSE);
}

gboolean
bk_universe_write_stats (const BkUniverseResult *r, const char *path, GError **error)
{
  g_autofree char *text = bk_universe_format_stats (r);

  return bk_output_file_set_contents (path, text, strlen (text), BK_OUTPUT_DEFAULT, error);
}

typedef struct {
  const char *path;
  char **lines;
  guint n;
  guint i;                      /* the line being read, 0-based */
  GError **error;
} StatsReader;

static G_GNUC_PRINTF (3, 4) gboolean
stats_fail (StatsReader *sr, guint column, const char *format, ...)
{
  va_list args;
  g_autofree char *problem = NULL;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (sr->error, BK_ERROR, BK_ERROR_PARSE, "%s:%u:%u: %s", sr->path, sr->i + 1, column, problem);
  return FALSE;
}

/* The fields of the current line after its keyword, unescaped; NULL and
 * an error unless there are `min` to `max` of them. */
static char **
stats_fields (StatsReader *sr, const char *keyword, guint min, guint max)
{
  const char *line = sr->i < sr->n ? sr->lines[sr->i] : "";
  gsize len = strlen (keyword);

  if (strncmp (line, keyword, len) != 0 || (line[len] != '\t' && line[len] != '\0'))
    {
      stats_fail (sr, 1, _("expected '%s' in this statistics file"), keyword);
      return NULL;
    }
  char **fields = line[len] == '\0' ? g_new0 (char *, 1) : g_strsplit (line + len + 1, "\t", -1);
  guint n = g_strv_length (fields);
  if (n < min || n > max)
    {
      g_strfreev (fields);
      stats_fail (sr, 1, _("'%s' has %u fields, expected %u"), keyword, n, min);
      return NULL;
    }
  /* Unescaped, then made safe to show: an edited file may hold any
   * bytes, and names go to the terminal and into JSON. */
  for (guint j = 0; j < n; j++)
    {
      gsize len_j = strlen (fields[j]), backslashes = 0;

      while (backslashes < len_j && fields[j][len_j - 1 - backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 1)
        {
          g_strfreev (fields);
          stats_fail (sr, 1, _("'%s' ends in a lone '\\'"), keyword);
          return NULL;
        }
      g_autofree char *plain = g_strcompress (fields[j]);
      g_free (fields[j]);
      fields[j] = bk_escape_text (plain, -1);
    }
  return fields;
}

static gboolean
stats_number (StatsReader *sr, const char *text, guint64 max, guint64 *value)
{
  guint64 any;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &any, NULL))
    return stats_fail (sr, 1, _("expected a whole number, found '%s'"), text);
  if (any > max)
    return stats_fail (sr, 1, _("%s is more than %llu"), text, (unsigned long long) max);
  *value = any;
  return TRUE;
}

static gboolean
stats_double (StatsReader *sr, const char *text, double *value)
{
  char *end;

  if (strcmp (text, "nan") == 0)
    {
      *value = NAN;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0' || !isfinite (*value))
    return stats_fail (sr, 1, _("expected a number, found '%s'"), text);
  return TRUE;
}

/* The lines of one sum, up to its "end" line, which it reads itself. */
static BkRegSum *
stats_sum (StatsReader *sr, guint k)
{
  guint first = sr->i;

  while (sr->i < sr->n && strcmp (sr->lines[sr->i], "end") != 0)
    sr->i++;
  if (sr->i < sr->n)
    sr->i++;
  g_autofree char *block = NULL;
  {
    g_autoptr(GString) text = g_string_new (NULL);
    for (guint i = first; i < sr->i; i++)
      g_string_append_printf (text, "%s\n", sr->lines[i]);
    block = g_string_free (g_steal_pointer (&text), FALSE);
  }
  return bk_reg_sum_from_text (block, k, sr->path, first + 1, sr->error);
}

BkUniverseResult *
bk_universe_read_stats (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!bk_universe_read_regular (path, &text, &length, error))
    return NULL;
  return bk_universe_read_stats_from_data (text, length, path, error);
}

/* What the file's own numbers imply: each symbol once, its dates there
 * exactly when it has rows, its rows adding up to the sums' counts, and
 * no more rows than bars. */
static gboolean
stats_check_symbols (StatsReader *sr, BkUniverseResult *r, guint first_symbol_line, guint train_line, guint test_line)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 train = 0, test = 0;

  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);
      guint64 rows = s->train + s->test;

      sr->i = first_symbol_line + i;
      if (!g_hash_table_add (seen, s->symbol))
        return stats_fail (sr, 8, _("symbol %s is listed twice"), s->symbol);
      if (rows < s->train || isnan (s->first) != (rows == 0) || isnan (s->last) != (rows == 0)
          || s->first > s->last)
        return stats_fail (sr, 8, _("symbol %s: its first and last dates do not match its rows"), s->symbol);
      train += s->train;
      test += s->test;
      if (train < s->train || test < s->test)
        return stats_fail (sr, 8, "%s", _("the symbols' rows add up to more than a count can hold"));
    }
  /* The "n" lines: the second of each sum. */
  sr->i = train_line + 2;
  if (train != bk_reg_sum_get_n (r->train))
    return stats_fail (sr, 3, _("%llu training rows, but the symbols have %llu"),
                       (unsigned long long) bk_reg_sum_get_n (r->train), (unsigned long long) train);
  sr->i = test_line + 2;
  if (test != bk_reg_sum_get_n (r->test))
    return stats_fail (sr, 3, _("%llu test rows, but the symbols have %llu"),
                       (unsigned long long) bk_reg_sum_get_n (r->test), (unsigned long long) test);
  if (train + test < train || train + test > r->bars)
    {
      sr->i = first_symbol_line - 1;
      return stats_fail (sr, 6, _("%llu bars cannot give %llu rows"), (unsigned long long) r->bars,
                         (unsigned long long) (train + test));
    }
  return TRUE;
}

BkUniverseResult *
bk_universe_read_stats_from_data (const char *data, gsize length, const char *name, GError **error)
{
  g_autofree char *path = bk_escape_text (name, -1);

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s:1:1: not a statistics file: it is not text"), path);
      return NULL;
    }

  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  StatsReader sr = { path, lines, g_strv_length (lines), 0, error };
  g_autoptr(BkUniverseResult) r = NULL;
  g_auto(GStrv) f = NULL;
  guint64 number = 0, shard = 0, n_shards = 0;

  if (g_strcmp0 (lines[0], STATS_MAGIC " 1") != 0)
    {
      stats_fail (&sr, 1, _("not a Barkeep statistics file (version %d): it starts with something else"),
                  BK_UNIVERSE_STATS_VERSION);
      return NULL;
    }
  sr.i++;
  if ((f = stats_fields (&sr, "model", 2, 2)) == NULL)
    return NULL;
  g_auto(GStrv) model = g_steal_pointer (&f);
  sr.i++;
  if ((f = stats_fields (&sr, "features", 1, BK_REG_MAX_FEATURES)) == NULL)
    return NULL;
  r = result_new (g_strv_length (f));
  r->features = g_steal_pointer (&f);
  r->model_id = g_strdup (model[0]);
  r->model_name = g_strdup (model[1]);
  sr.i++;
  if ((f = stats_fields (&sr, "horizon", 1, 1)) == NULL || !stats_number (&sr, f[0], G_MAXUINT, &number))
    return NULL;
  if (number < 1)
    {
      stats_fail (&sr, 9, "%s", _("the horizon is at least 1 bar"));
      return NULL;
    }
  r->horizon = (guint) number;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "split", 1, 1)) == NULL)
    return NULL;
  if (strcmp (f[0], "none") != 0)
    {
      g_autoptr(GError) date_error = NULL;

      if (!bk_model_parse_date (f[0], &r->split, &date_error))
        {
          stats_fail (&sr, 1, "%s", date_error->message);
          return NULL;
        }
      r->has_split = TRUE;
    }
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "precision", 1, 1)) == NULL)
    return NULL;
  if (strcmp (f[0], "f64") != 0 && strcmp (f[0], "f32") != 0)
    {
      stats_fail (&sr, 1, _("expected f64 or f32, found '%s'"), f[0]);
      return NULL;
    }
  r->precision = strcmp (f[0], "f32") == 0 ? BK_PRECISION_F32 : BK_PRECISION_F64;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  /* A count checked against what it implies before anything is sized by
   * it: at most as many shards as a run can be cut into. */
  if ((f = stats_fields (&sr, "shard", 2, 2)) == NULL || !stats_number (&sr, f[1], BK_UNIVERSE_MAX_SHARDS, &n_shards)
      || !stats_number (&sr, f[0], n_shards, &shard))
    return NULL;
  if (shard < 1)
    {
      stats_fail (&sr, 1, "%s", _("shards are numbered from 1"));
      return NULL;
    }
  r->shard = (guint) shard;
  r->n_shards = (guint) n_shards;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "bars", 1, 1)) == NULL || !stats_number (&sr, f[0], G_MAXUINT64, &r->bars))
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  guint first_symbol_line = sr.i + 1;
  for (sr.i++; sr.i < sr.n && g_str_has_prefix (lines[sr.i], "symbol\t"); sr.i++)
    {
      BkUniverseSymbol symbol = { 0 };

      if ((f = stats_fields (&sr, "symbol", 5, 5)) == NULL || !stats_number (&sr, f[1], G_MAXUINT64, &symbol.train)
          || !stats_number (&sr, f[2], G_MAXUINT64, &symbol.test) || !stats_double (&sr, f[3], &symbol.first)
          || !stats_double (&sr, f[4], &symbol.last))
        return NULL;
      symbol.symbol = g_strdup (f[0]);
      g_array_append_val (r->symbols, symbol);
      g_clear_pointer (&f, g_strfreev);
    }
  for (; sr.i < sr.n && g_str_has_prefix (lines[sr.i], "skip\t"); sr.i++)
    {
      if ((f = stats_fields (&sr, "skip", 2, 2)) == NULL)
        return NULL;
      BkUniverseSkip skip = { g_strdup (f[0]), g_strdup (f[1]) };
      g_array_append_val (r->skipped, skip);
      g_clear_pointer (&f, g_strfreev);
    }
  if ((f = stats_fields (&sr, "train", 0, 0)) == NULL)
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  guint train_line = sr.i;
  bk_reg_sum_free (r->train);
  if ((r->train = stats_sum (&sr, r->n_features)) == NULL)
    return NULL;
  if ((f = stats_fields (&sr, "test", 0, 0)) == NULL)
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  guint test_line = sr.i;
  bk_reg_sum_free (r->test);
  if ((r->test = stats_sum (&sr, r->n_features)) == NULL)
    return NULL;
  guint end_line = sr.i;
  if (!stats_check_symbols (&sr, r, first_symbol_line, train_line, test_line))
    return NULL;
  sr.i = end_line;
  if (sr.i < sr.n && !(sr.i == sr.n - 1 && lines[sr.i][0] == '\0'))
    {
      stats_fail (&sr, 1, "%s", _("unexpected text after the statistics"));
      return NULL;
    }
  return g_steal_pointer (&r);
}

static gboolean
same_model (const BkUniverseResult *a, const BkUniverseResult *b)
{
  if (strcmp (a->model_id, b->model_id) != 0 || a->n_features != b->n_features || a->horizon != b->horizon
      || a->has_split != b->has_split || (a->has_split && a->split != b->split) || a->precision != b->precision)
    return FALSE;
  for (guint j = 0; j < a->n_features; j++)
    if (strcmp (a->features[j], b->features[j]) != 0)
      return FALSE;
  return TRUE;
}

static gint
compare_guints (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Every shard of 1..N once.  N comes from a file: nothing is sized by it,
 * and more shards than parts means one is missing. */
static gboolean
check_shards (GPtrArray *results, guint n_shards, GError **error)
{
  g_autoptr(GArray) shards = g_array_sized_new (FALSE, FALSE, sizeof (guint), results->len);

  for (guint i = 0; i < results->len; i++)
    {
      const BkUniverseResult *r = g_ptr_array_index (results, i);
      g_array_append_val (shards, r->shard);
    }
  g_array_sort (shards, compare_guints);
  for (guint i = 0; i < shards->len; i++)
    {
      guint shard = g_array_index (shards, guint, i);

      if (i > 0 && shard == g_array_index (shards, guint, i - 1))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is given twice"), shard, n_shards);
          return FALSE;
        }
      /* Sorted and without repeats: shard i + 1 is there when the i-th is it. */
      if (shard != i + 1)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is missing"), i + 1, n_shards);
          return FALSE;
        }
    }
  if (shards->len < n_shards)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is missing"), shards->len + 1, n_shards);
      return FALSE;
    }
  return TRUE;
}

BkUniverseResult *
bk_universe_merge (GPtrArray *results, GError **error)
{
  g_return_val_if_fail (results->len > 0, NULL);

  BkUniverseResult *first = g_ptr_array_index (results, 0);
  guint n_shards = first->n_shards;

  for (guint i = 0; i < results->len; i++)
    {
      BkUniverseResult *r = g_ptr_array_index (results, i);

      if (!same_model (first, r))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("the statistics do not belong together: part %u has another model, features, "
                         "horizon, split or precision than part 1"), i + 1);
          return NULL;
        }
      if (r->n_shards != n_shards)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("the statistics do not belong together: part %u is one of %u shards, part 1 one of %u"),
                       i + 1, r->n_shards, n_shards);
          return NULL;
        }
    }
  if (!check_shards (results, n_shards, error))
    return NULL;

  g_autoptr(BkUniverseResult) merged = result_new (first->n_features);
  g_autoptr(GHashTable) symbol_shard = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) skips = g_hash_table_new (g_str_hash, g_str_equal);
  merged->model_id = g_strdup (first->model_id);
  merged->model_name = g_strdup (first->model_name);
  merged->features = g_strdupv (first->features);
  merged->horizon = first->horizon;
  merged->has_split = first->has_split;
  merged->split = first->split;
  merged->precision = first->precision;
  for (guint i = 0; i < results->len; i++)
    {
      BkUniverseResult *r = g_ptr_array_index (results, i);

      bk_reg_sum_merge (merged->train, r->train);
      bk_reg_sum_merge (merged->test, r->test);
      merged->bars += r->bars;
      merged->elapsed += r->elapsed;
      for (guint j = 0; j < r->symbols->len; j++)
        {
          BkUniverseSymbol s = g_array_index (r->symbols, BkUniverseSymbol, j);
          gpointer other;

          /* Shards of one universe are disjoint: a symbol in two would
           * count twice. */
          if (g_hash_table_lookup_extended (symbol_shard, s.symbol, NULL, &other))
            {
              g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("symbol %s is in shard %u and in shard %u"),
                           s.symbol, GPOINTER_TO_UINT (other), r->shard);
              return NULL;
            }
          g_hash_table_insert (symbol_shard, s.symbol, GUINT_TO_POINTER (r->shard));
          s.symbol = g_strdup (s.symbol);
          g_array_append_val (merged->symbols, s);
        }
      /* What the listing left out, every shard tells: once here. */
      for (guint j = 0; j < r->skipped->len; j++)
        {
          BkUniverseSkip s = g_array_index (r->skipped, BkUniverseSkip, j);

          if (!g_hash_table_add (skips, s.error))
            continue;
          s.file = g_strdup (s.file);
          s.error = g_strdup (s.error);
          g_array_append_val (merged->skipped, s);
        }
    }
  g_array_sort (merged->symbols, compare_symbols);
  g_array_sort (merged->skipped, compare_skips);
  return g_steal_pointer (&merged);
}

/* ---- JSON --------------------------------------------------------------- */

static void
append_date_json (GString *out, double datetime)
{
  char date[40];

  if (isnan (datetime))
    {
      g_string_append (out, "null");
      return;
    }
  bk_format_datetime (datetime, FALSE, date);
  bk_json_append_string (out, date);
}

static void
append_features_json (GString *out, const BkUniverseResult *r, guint32 mask)
{
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint j = 0; j < r->n_features; j++)
    if (mask & (1u << j))
      {
        if (!first)
          g_string_append_c (out, ',');
        bk_json_append_string (out, r->features[j]);
        first = FALSE;
      }
  g_string_append_c (out, ']');
}

guint64
bk_universe_rows_total (const BkUniverseResult *r, gboolean train)
{
  guint64 n = 0;

  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);
      n += train ? s->train : s->test;
    }
  return n;
}

static void
append_sample_json (GString *out, const BkUniverseSample *s, guint64 start_rss, gboolean warning)
{
  g_string_append (out, "{\"t\":");
  bk_json_append_number (out, s->t);
  if (!warning)
    g_string_append_printf (out, ",\"symbols\":%" G_GUINT64_FORMAT, s->symbols);
  g_string_append_printf (out, ",\"chunk\":%u,\"rss_bytes\":%" G_GUINT64_FORMAT, s->chunk, s->rss_bytes);
  if (warning)
    g_string_append_printf (out, ",\"growth_bytes\":%" G_GUINT64_FORMAT,
                            s->rss_bytes > start_rss ? s->rss_bytes - start_rss : 0);
  g_string_append_printf (out, ",\"cells\":%" G_GUINT64_FORMAT "}", s->cells);
}

char *
bk_universe_format_json (const BkUniverseResult *r, const BkBmaResult *bma)
{
  GString *out = g_string_new ("{\"model\":{\"name\":");

  bk_json_append_string (out, r->model_name);
  g_string_append (out, ",\"id\":");
  bk_json_append_string (out, r->model_id);
  g_string_append (out, ",\"features\":[");
  for (guint j = 0; j < r->n_features; j++)
    {
      if (j > 0)
        g_string_append_c (out, ',');
      bk_json_append_string (out, r->features[j]);
    }
  g_string_append_printf (out, "],\"horizon\":%u,\"split\":", r->horizon);
  append_date_json (out, r->has_split ? r->split : NAN);
  g_string_append_printf (out, ",\"precision\":\"%s\"},\"symbols\":{\"used\":%u,\"skipped\":[",
                          r->precision == BK_PRECISION_F32 ? "f32" : "f64", r->symbols->len);
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *s = &g_array_index (r->skipped, BkUniverseSkip, i);

      g_string_append (out, i > 0 ? ",{\"file\":" : "{\"file\":");
      bk_json_append_string (out, s->file);
      g_string_append (out, ",\"error\":");
      bk_json_append_string (out, s->error);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"rows\":[");
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);

      g_string_append (out, i > 0 ? ",{\"symbol\":" : "{\"symbol\":");
      bk_json_append_string (out, s->symbol);
      g_string_append_printf (out, ",\"train\":%" G_GUINT64_FORMAT ",\"test\":%" G_GUINT64_FORMAT ",\"first\":",
                              s->train, s->test);
      append_date_json (out, s->first);
      g_string_append (out, ",\"last\":");
      append_date_json (out, s->last);
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "]},\"rows\":{\"train\":%" G_GUINT64_FORMAT ",\"test\":%" G_GUINT64_FORMAT "}",
                          bk_universe_rows_total (r, TRUE), bk_universe_rows_total (r, FALSE));

  g_string_append (out, ",\"bma\":{\"features\":[");
  for (guint j = 0; j < r->n_features; j++)
    {
      g_string_append (out, j > 0 ? ",{\"name\":" : "{\"name\":");
      bk_json_append_string (out, r->features[j]);
      g_string_append (out, ",\"pip\":");
      bk_json_append_number (out, bma->pip[j]);
      g_string_append (out, ",\"mean\":");
      bk_json_append_number (out, bma->mean[j]);
      g_string_append (out, ",\"sd\":");
      bk_json_append_number (out, bma->sd[j]);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"intercept\":{\"mean\":");
  bk_json_append_number (out, bma->intercept_mean);
  g_string_append (out, ",\"sd\":");
  bk_json_append_number (out, bma->intercept_sd);
  g_string_append (out, "},\"models\":[");
  for (guint i = 0; i < bma->n_models; i++)
    {
      const BkBmaModel *m = &bma->models[i];

      g_string_append (out, i > 0 ? ",{\"features\":" : "{\"features\":");
      append_features_json (out, r, m->features);
      g_string_append (out, ",\"probability\":");
      bk_json_append_number (out, m->probability);
      g_string_append (out, ",\"r2\":");
      bk_json_append_number (out, m->r2);
      g_string_append (out, ",\"bic\":");
      bk_json_append_number (out, m->bic);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"excluded\":[");
  for (guint i = 0; i < bma->n_excluded; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_features_json (out, r, bma->excluded[i]);
    }
  g_string_append (out, "],\"test_r2\":{\"bma\":");
  if (bma->has_test_r2)
    bk_json_append_number (out, bma->test_r2_bma);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"best\":");
  if (bma->has_test_r2)
    bk_json_append_number (out, bma->test_r2_best);
  else
    g_string_append (out, "null");
  g_string_append (out, "}}");

  g_string_append_printf (out, ",\"memory\":{\"start_rss_bytes\":%" G_GUINT64_FORMAT ",\"peak_rss_bytes\":%"
                          G_GUINT64_FORMAT ",\"warn_growth_bytes\":%" G_GUINT64_FORMAT ",\"timeline\":[",
                          r->start_rss_bytes, r->peak_rss_bytes, r->warn_growth_bytes);
  for (guint i = 0; i < r->timeline->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_sample_json (out, &g_array_index (r->timeline, BkUniverseSample, i), r->start_rss_bytes, FALSE);
    }
  g_string_append (out, "],\"warnings\":[");
  for (guint i = 0; i < r->warnings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_sample_json (out, &g_array_index (r->warnings, BkUniverseSample, i), r->start_rss_bytes, TRUE);
    }
  g_string_append (out, "],\"cleanups\":[");
  for (guint i = 0; i < r->cleanups->len; i++)
    {
      const BkUniverseCleanupRecord *c = &g_array_index (r->cleanups, BkUniverseCleanupRecord, i);

      g_string_append_printf (out, "%s{\"chunk\":%u,\"before_bytes\":%" G_GUINT64_FORMAT ",\"after_bytes\":%"
                              G_GUINT64_FORMAT "}", i > 0 ? "," : "", c->chunk, c->before_bytes, c->after_bytes);
    }
  g_string_append_printf (out, "]},\"stats\":{\"symbols\":%u,\"bars\":%" G_GUINT64_FORMAT ",\"elapsed_seconds\":",
                          r->symbols->len, r->bars);
  bk_json_append_number (out, r->elapsed);
  g_string_append (out, ",\"bars_per_second\":");
  bk_json_append_number (out, r->elapsed > 0 ? r->bars / r->elapsed : 0.0);
  g_string_append (out, "}}\n");
  return g_string_free (out, FALSE);
}
