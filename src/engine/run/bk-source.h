/* bk-source.h — where bars come from: a CSV file streamed from disk or a
 * pipe, a live feed (bk-live-input.h: a pipe, a followed file, a socket),
 * the deterministic generator, or bars a sweep read once into memory.  Either way bars arrive one at a time; a file or the generator
 * preloads nothing. */
#pragma once

#include <stdio.h>

#include "bk-bar.h"
#include "bk-csv.h"
#include "bk-resample.h"
#include "bk-live-input.h"

G_BEGIN_DECLS

typedef struct _BkSource BkSource;

/* options may be NULL. */
BkSource *bk_source_new_csv (const char *path, const BkCsvOptions *options, GError **error);
/* A live input (bk-live-input.h), taken over: rows as they come; a row
 * that cannot be read is a warning unless options->strict. */
BkSource *bk_source_new_live (BkLiveInput *input, const BkCsvOptions *options, GError **error);
/* Rows further apart than `seconds` (0: no check) are a gap: told to
 * `func` (may be NULL), or with `strict` the end with an error. */
void bk_source_set_max_gap (BkSource *source, double seconds, gboolean strict,
                            void (*func) (const char *message, gpointer user_data), gpointer user_data);
/* The live input behind the source, or NULL. */
BkLiveInput *bk_source_get_live (BkSource *source);
/* The bundled sample's path: $BARKEEP_DATADIR, the installed data, or the
 * build tree's, whichever has sample.csv. */
char *bk_source_find_sample (GError **error);
BkSource *bk_source_new_generated (const char *name, guint64 bars, guint64 seed, gboolean intraday);
/* Bars held in memory, read and not copied: `bars` must outlive the
 * source.  Sources over one array may be read on several threads. */
BkSource *bk_source_new_bars (const char *name, const BkBar *bars, guint64 n_bars, gboolean has_time);
void bk_source_free (BkSource *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkSource, bk_source_free)

/* Bars made from the source's rows as backtrader's resampledata() or
 * replaydata() makes them (bk-resample.h); NULL period: the rows as they
 * are.  Before the first bk_source_next(). */
void bk_source_set_resample (BkSource *source, const BkPeriod *period, BkResampleMode mode);
/* The resampler, for what it read (ticks, period), or NULL. */
BkResampler *bk_source_get_resampler (BkSource *source);
/* In replay, TRUE when the bar bk_source_next() gave last is the bar
 * before it, grown by a tick: the run steps the same bar again. */
gboolean bk_source_get_replaces (BkSource *source);

/* TRUE with *bar filled; FALSE at the end (error unset) or on bad input. */
gboolean bk_source_next (BkSource *source, BkBar *bar, GError **error);
const char *bk_source_get_name (BkSource *source);
gboolean bk_source_has_time (BkSource *source);
/* The CSV reader behind the source, for what it found (encoding, skipped
 * lines, warnings), or NULL for the generator. */
BkCsvReader *bk_source_get_csv (BkSource *source);
/* Fraction done in [0, 1], or -1 when unknown (a pipe). */
double bk_source_get_fraction (BkSource *source);

/* The generator, for `barkeep-cli gen` and the benchmarks: a mean-reverting
 * random walk with prices in whole cents, so that a generated file read
 * back gives exactly the bars generated. */
typedef struct {
  guint64 state;
  guint64 count;
  double log_price;
  double close;
  double datetime;
  guint minute;        /* intraday: minutes since the session opened */
  gboolean intraday;
} BkGenerator;

void bk_generator_init (BkGenerator *gen, guint64 seed, gboolean intraday);
void bk_generator_next (BkGenerator *gen, BkBar *bar);
/* `bars` generated bars as a CSV price file (prices in cents); 0, or -1
 * on a write error. */
int bk_generator_write_csv (FILE *out, guint64 bars, guint64 seed, gboolean intraday);

G_END_DECLS
