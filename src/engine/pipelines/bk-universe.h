/* bk-universe.h — a model's features over a universe of symbols.
 *
 * A universe run takes a folder of price files (or a list file), runs the
 * model's indicators over each symbol in the chosen memory mode, `chunk`
 * symbols at a time on `jobs` worker threads, and keeps of each symbol
 * only its regression statistics: features against the forward return
 * over `horizon` bars, train and test apart.  Their exact sum does not
 * depend on chunks, threads, the order of the files or how the universe
 * was cut into shards.  While it runs, resident memory is sampled (at
 * least 10 times a second and at every chunk's end), growth past a
 * threshold raises a warning, and after every chunk the memory of the
 * chunk's runs goes back (cleanup).
 *
 * bk_universe_run() blocks; a progress callback is called on its thread at
 * least 4 times a second, and setting *cancel stops it within a fraction of
 * a second with BK_ERROR_CANCELLED and no results.
 */
#pragma once

#include "bk-bma.h"
#include "bk-csv.h"
#include "bk-graph.h"
#include "bk-model.h"
#include "bk-regstats.h"

G_BEGIN_DECLS

/* A normal cleanup gives freed heap back once RSS is this much above what
 * the last one (or the start) left: trimming takes every heap arena's lock
 * in turn, a window's main thread's too, and in a process with a large,
 * fragmented heap it takes long. */
#define BK_UNIVERSE_TRIM_SLACK (8u << 20)

typedef enum {
  BK_CLEANUP_NORMAL,   /* release the chunk's runs, give freed heap back (malloc_trim) */
  BK_CLEANUP_FORCED,   /* also the files' pages in the page cache */
  BK_CLEANUP_OFF,
} BkCleanup;

typedef struct {
  guint chunk;                  /* symbols a chunk; 0: the whole universe in one */
  guint jobs;                   /* worker threads; 0: the online cores */
  BkMode mode;
  BkPrecision precision;
  BkCleanup cleanup;
  guint64 warn_growth_bytes;    /* above the RSS at the start; 0: no warnings */
  gboolean strict;              /* a file that cannot be read is an error, not a skip */
  gboolean lenient;             /* the CSV reader's sanity checks give warnings */
  BkPeriod resample;            /* each symbol's rows resampled (bk-resample.h); count 0: as they are */
  /* Replayed instead (replaydata): the model sees each bar as it forms,
   * and a bar's row is taken once it is whole, as resampled. */
  gboolean replay;
  gboolean background;          /* the workers lower their priority (bk_thread_lower_priority) */
  guint shard;                  /* 1-based K of N; 0 or N == 0: the whole universe */
  guint n_shards;
  /* What the runs keep, all workers together, is taken from it (NULL: no
   * bound): past it the universe stops with BK_ERROR_MEMORY. */
  BkBudget *budget;
} BkUniverseOptions;

void bk_universe_options_init (BkUniverseOptions *options);

/* One symbol's contribution. */
typedef struct {
  char *symbol;
  guint64 train;
  guint64 test;
  double first;                 /* datetime of its first and last counted rows; NAN without rows */
  double last;
} BkUniverseSymbol;

typedef struct {
  char *file;
  char *error;                  /* "FILE:LINE:COLUMN: problem" */
} BkUniverseSkip;

typedef struct {
  double t;                     /* seconds since the start */
  guint64 symbols;              /* done */
  guint chunk;                  /* 1-based, the chunk running */
  guint64 rss_bytes;
  guint64 cells;                /* held by the runs alive */
} BkUniverseSample;

typedef struct {
  guint chunk;
  guint64 before_bytes;
  guint64 after_bytes;
} BkUniverseCleanupRecord;

typedef struct {
  /* What ran. */
  char *model_id;
  char *model_name;
  char **features;
  guint n_features;
  guint horizon;
  gboolean has_split;
  double split;
  BkPrecision precision;
  guint shard;
  guint n_shards;

  GArray *symbols;              /* BkUniverseSymbol, in symbol order */
  GArray *skipped;              /* BkUniverseSkip, in file order */
  BkRegSum *train;
  BkRegSum *test;
  guint64 bars;

  /* How it ran. */
  double elapsed;
  guint64 start_rss_bytes;
  guint64 peak_rss_bytes;
  guint64 warn_growth_bytes;
  GArray *timeline;             /* BkUniverseSample */
  GArray *warnings;             /* BkUniverseSample: t, chunk, rss, cells; growth = rss - start */
  GArray *cleanups;             /* BkUniverseCleanupRecord */
  guint n_chunks;
} BkUniverseResult;

void bk_universe_result_free (BkUniverseResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkUniverseResult, bk_universe_result_free)

/* Progress, as the run goes. */
typedef struct {
  guint64 symbols_done;
  guint64 n_symbols;
  guint chunk;
  guint n_chunks;
  guint64 bars;
  double elapsed;
  double bars_per_second;
  guint64 rss_bytes;
  guint64 cells;
  guint64 skipped;
  /* The files skipped since the last report, valid during the call. */
  const BkUniverseSkip *new_skips;
  guint n_new_skips;
  /* The cleanup just done, when this report follows one; else NULL. */
  const BkUniverseCleanupRecord *cleanup;
  /* Set when this report is about a growth warning just raised. */
  gboolean warning;
} BkUniverseProgress;

typedef void (*BkUniverseProgressFunc) (const BkUniverseProgress *progress, gpointer user_data);

/* The most shards a run can be cut into (--shard K/N, a statistics file). */
#define BK_UNIVERSE_MAX_SHARDS 100000

/* The price files of a folder (hidden ones left out) or of a list file
 * (one path a line, relative to the list's folder; blank lines and #
 * comments skipped), in name order.  What is not a price file (a folder,
 * a FIFO or device, a symbolic link to nothing or in a loop) is skipped,
 * told in `skipped` (BkUniverseSkip, may be NULL), or with `strict` is an
 * error; a temporary file of an interrupted write in a folder is always
 * skipped.  A file named by two paths counts once (its first path in name
 * order), and two files of one symbol (S1.csv beside S1.txt) are an
 * error naming both: which one is meant cannot be guessed.  The source
 * must be a folder or a regular file. */
GPtrArray *bk_universe_list_sources (const char *source, gboolean strict, GArray *skipped, GError **error);
/* The same, not strict, without the skips. */
GPtrArray *bk_universe_list_files (const char *source, GError **error);

/* TRUE for "NAME.EXT.XXXXXX" (six letters or digits): the temporary file
 * of an atomic write, as bk_output_file_open and GLib name them. */
gboolean bk_universe_is_temporary_name (const char *name);

/* Reads a whole regular file; anything else (a FIFO, a device, a folder)
 * is refused without being read. */
gboolean bk_universe_read_regular (const char *path, char **text, gsize *length, GError **error);

/* The symbol of a file: its name without the extension. */
char *bk_universe_symbol_of (const char *path);

BkUniverseResult *bk_universe_run (BkModel *model,
                                   const char *source,
                                   const BkUniverseOptions *options,
                                   BkUniverseProgressFunc progress,
                                   gpointer user_data,
                                   const gint *cancel,
                                   GError **error);

/* The fit of a result (or a merge of them): the BMA on its statistics. */
BkBmaResult *bk_universe_fit (const BkUniverseResult *result, GError **error);

/* Statistics files (--stats), an exact round trip: a result without its
 * timeline, readable back for merging. */
gboolean bk_universe_write_stats (const BkUniverseResult *result, const char *path, GError **error);
/* The text of a statistics file. */
char *bk_universe_format_stats (const BkUniverseResult *result);
BkUniverseResult *bk_universe_read_stats (const char *path, GError **error);
/* The same from memory; `name` names it in errors.  Besides its form, a
 * file's own numbers must agree: each symbol once, its rows adding up to
 * the sums' counts, X'X's diagonal and y'y not negative. */
BkUniverseResult *bk_universe_read_stats_from_data (const char *data, gsize length, const char *name,
                                                    GError **error);
/* Merges shards: same model, features, horizon, split and precision;
 * disjoint shards that cover 1..N, no symbol in two of them (the skipped
 * files every shard lists are kept once).  The results stay the caller's. */
BkUniverseResult *bk_universe_merge (GPtrArray *results, GError **error);

/* A result and its fit as one JSON object (barkeep-cli universe --json):
 * model, symbols (used, skipped, rows of each), rows, bma, memory, stats. */
char *bk_universe_format_json (const BkUniverseResult *result, const BkBmaResult *bma);
/* Rows counted over every symbol, train or test. */
guint64 bk_universe_rows_total (const BkUniverseResult *result, gboolean train);

G_END_DECLS
