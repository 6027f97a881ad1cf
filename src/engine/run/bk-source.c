/* bk-source.c — CSV, generated and in-memory bar sources, and the generator. */
#include "bk-source.h"

#include "config.h"

#include "bk-csv.h"
#include "bk-error.h"
#include "bk-i18n.h"
#include <math.h>

#include "bk-random.h"
#include "bk-resample.h"

struct _BkSource {
  char *name;
  BkCsvReader *csv;      /* or NULL for the generator */
  BkGenerator gen;
  guint64 bars;
  const BkBar *memory;   /* or NULL: bars held by the caller */
  gboolean has_time;
  BkLiveInput *live;     /* what a live CSV source reads, or NULL */
  double max_gap;        /* seconds between two rows that make a gap; 0: none */
  gboolean gap_strict;
  double previous;       /* the last row's datetime, NaN before the first */
  void (*gap_func) (const char *message, gpointer user_data);
  gpointer gap_data;
  BkResampler *resampler;  /* bars made from the rows, or NULL */
  gboolean replaces;       /* replay: the last bar grows the one before */
};

BkSource *
bk_source_new_csv (const char *path, const BkCsvOptions *options, GError **error)
{
  BkCsvReader *csv = bk_csv_reader_new (path, options, error);

  if (csv == NULL)
    return NULL;
  BkSource *source = g_new0 (BkSource, 1);
  source->name = g_strdup (path);
  source->csv = csv;
  if (options != NULL && options->resample.count > 0)
    bk_source_set_resample (source, &options->resample, options->resample_mode);
  return source;
}

BkSource *
bk_source_new_live (BkLiveInput *input, const BkCsvOptions *options, GError **error)
{
  BkCsvOptions live_options = *options;

  live_options.read_func = bk_live_input_read;
  live_options.read_data = input;
  live_options.skip_bad_rows = !options->strict;

  BkCsvReader *csv = bk_csv_reader_new_live (bk_live_input_get_name (input), &live_options, error);
  if (csv == NULL)
    {
      bk_live_input_free (input);
      return NULL;
    }
  BkSource *source = g_new0 (BkSource, 1);
  source->name = g_strdup (bk_live_input_get_name (input));
  source->csv = csv;
  source->live = input;
  source->previous = NAN;
  return source;
}

void
bk_source_set_max_gap (BkSource *source, double seconds, gboolean strict,
                       void (*func) (const char *message, gpointer user_data), gpointer user_data)
{
  g_return_if_fail (source->csv != NULL);
  source->max_gap = seconds;
  source->gap_strict = strict;
  source->gap_func = func;
  source->gap_data = user_data;
  source->previous = NAN;
}

BkLiveInput *
bk_source_get_live (BkSource *source)
{
  return source->live;
}

/* Two rows further apart than max_gap: a warning, or the error. */
static gboolean
check_gap (BkSource *source, const BkBar *bar, GError **error)
{
  double previous = source->previous;

  source->previous = bar->datetime;
  if (isnan (previous) || bar->datetime - previous <= source->max_gap)
    return TRUE;

  char from[32], to[32];
  gboolean with_time = bk_csv_reader_has_time (source->csv);
  bk_format_datetime (previous, with_time, from);
  bk_format_datetime (bar->datetime, with_time, to);
  /* TRANSLATORS: the data's name, a number of seconds, two dates, then
   * the most seconds --max-gap allows. */
  g_autofree char *message = g_strdup_printf (_("%s: a gap of %.15g s from %s to %s (more than --max-gap %.15g s)"),
                                              source->name, bar->datetime - previous, from, to, source->max_gap);
  if (source->gap_strict)
    {
      g_set_error_literal (error, BK_ERROR, BK_ERROR_PARSE, message);
      return FALSE;
    }
  if (source->gap_func != NULL)
    source->gap_func (message, source->gap_data);
  return TRUE;
}

char *
bk_source_find_sample (GError **error)
{
  const char *dirs[] = { g_getenv ("BARKEEP_DATADIR"), BK_PKGDATADIR, BK_BUILD_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL)
        continue;
      g_autofree char *path = g_build_filename (dirs[i], "sample.csv", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  g_set_error (error, BK_ERROR, BK_ERROR_IO,
               "the bundled sample data is missing (looked for sample.csv in $BARKEEP_DATADIR, %s and %s)",
               BK_PKGDATADIR, BK_BUILD_DATADIR);
  return NULL;
}

BkSource *
bk_source_new_generated (const char *name, guint64 bars, guint64 seed, gboolean intraday)
{
  BkSource *source = g_new0 (BkSource, 1);

  source->name = g_strdup (name);
  source->bars = bars;
  bk_generator_init (&source->gen, seed, intraday);
  return source;
}

BkSource *
bk_source_new_bars (const char *name, const BkBar *bars, guint64 n_bars, gboolean has_time)
{
  BkSource *source = g_new0 (BkSource, 1);

  source->name = g_strdup (name);
  source->memory = bars;
  source->bars = n_bars;
  source->has_time = has_time;
  return source;
}

void
bk_source_free (BkSource *source)
{
  if (source == NULL)
    return;
  g_clear_pointer (&source->csv, bk_csv_reader_free);
  g_clear_pointer (&source->live, bk_live_input_free);
  g_clear_pointer (&source->resampler, bk_resampler_free);
  g_free (source->name);
  g_free (source);
}

static gboolean source_next_row (gpointer data, BkBar *bar, GError **error);

void
bk_source_set_resample (BkSource *source, const BkPeriod *period, BkResampleMode mode)
{
  g_clear_pointer (&source->resampler, bk_resampler_free);
  if (period != NULL)
    source->resampler = bk_resampler_new (period, mode);
}

BkResampler *
bk_source_get_resampler (BkSource *source)
{
  return source->resampler;
}

gboolean
bk_source_get_replaces (BkSource *source)
{
  return source->replaces;
}

gboolean
bk_source_next (BkSource *source, BkBar *bar, GError **error)
{
  if (source->resampler != NULL)
    return bk_resampler_next (source->resampler, source_next_row, source, bk_source_has_time (source), bar,
                              &source->replaces, error);
  return source_next_row (source, bar, error);
}

/* The next row of the file, pipe or generator, before any resampling. */
static gboolean
source_next_row (gpointer data, BkBar *bar, GError **error)
{
  BkSource *source = data;

  if (G_UNLIKELY (source->max_gap > 0))
    return bk_csv_reader_next (source->csv, bar, error) && check_gap (source, bar, error);
  if (source->csv != NULL)
    return bk_csv_reader_next (source->csv, bar, error);
  if (source->memory != NULL)
    {
      if (source->gen.count >= source->bars)
        return FALSE;
      *bar = source->memory[source->gen.count++];
      return TRUE;
    }
  if (source->gen.count >= source->bars)
    return FALSE;
  bk_generator_next (&source->gen, bar);
  return TRUE;
}

const char *
bk_source_get_name (BkSource *source)
{
  return source->name;
}

gboolean
bk_source_has_time (BkSource *source)
{
  if (source->memory != NULL)
    return source->has_time;
  return source->csv != NULL ? bk_csv_reader_has_time (source->csv) : source->gen.intraday;
}

BkCsvReader *
bk_source_get_csv (BkSource *source)
{
  return source->csv;
}

double
bk_source_get_fraction (BkSource *source)
{
  if (source->csv == NULL)
    return source->bars > 0 ? (double) source->gen.count / source->bars : 1.0;
  guint64 size = bk_csv_reader_get_size (source->csv);
  return size > 0 ? (double) bk_csv_reader_get_bytes_read (source->csv) / size : -1.0;
}

void
bk_generator_init (BkGenerator *gen, guint64 seed, gboolean intraday)
{
  *gen = (BkGenerator) {
    .state = seed,
    .log_price = log (40.0),
    .close = 40.0,
    .intraday = intraday,
    /* 1996-04-12, the seed data's first day; intraday from 09:30. */
    .datetime = 9598.0 * 86400.0 + (intraday ? 9.5 * 3600.0 : 0.0),
  };
}

/* Sessions of 390 minutes, 09:30 to 16:00. */
#define SESSION_MINUTES 390

static void
advance_clock (BkGenerator *gen)
{
  if (gen->intraday && ++gen->minute < SESSION_MINUTES)
    {
      gen->datetime += 60.0;
      return;
    }
  if (gen->intraday)
    {
      gen->minute = 0;
      gen->datetime += 86400.0 - (SESSION_MINUTES - 1) * 60.0;
    }
  else
    gen->datetime += 86400.0;
  /* Weekdays only: 1970-01-01 was a Thursday. */
  gint64 weekday = ((gint64) floor (gen->datetime / 86400.0) + 3) % 7;
  if (weekday >= 5)
    gen->datetime += (7 - weekday) * 86400.0;
}

void
bk_generator_next (BkGenerator *gen, BkBar *bar)
{
  double sigma = gen->intraday ? 0.002 : 0.025;

  if (gen->count > 0)
    advance_clock (gen);
  /* Mean-reverting around 40 so that long streams stay in range. */
  double open = bk_price_cents (gen->close * exp (sigma * 0.3 * bk_random_gaussian (&gen->state)));
  gen->log_price += 0.001 * (log (40.0) - gen->log_price) + sigma * bk_random_gaussian (&gen->state);
  double close = bk_price_cents (exp (gen->log_price));
  double top = MAX (open, close), bottom = MIN (open, close);
  double high = bk_price_cents (top * (1.0 + sigma * 0.5 * bk_random_uniform (&gen->state)));
  double low = bk_price_cents (bottom * (1.0 - sigma * 0.5 * bk_random_uniform (&gen->state)));

  *bar = (BkBar) {
    .datetime = gen->datetime,
    .open = open,
    .high = MAX (high, top),
    .low = MIN (low, bottom),
    .close = close,
    .volume = floor (1e6 * (0.5 + bk_random_uniform (&gen->state))),
    .openinterest = 0,
  };
  gen->close = close;
  gen->count++;
}

int
bk_generator_write_csv (FILE *out, guint64 bars, guint64 seed, gboolean intraday)
{
  BkGenerator gen;
  BkBar bar;
  char date[32];

  bk_generator_init (&gen, seed, intraday);
  fputs ("Date,Open,High,Low,Close,Volume,OpenInterest\n", out);
  for (guint64 i = 0; i < bars; i++)
    {
      bk_generator_next (&gen, &bar);
      bk_format_datetime (bar.datetime, intraday, date);
      fprintf (out, "%s,%.2f,%.2f,%.2f,%.2f,%.0f,%.0f\n", date, bar.open, bar.high, bar.low,
               bar.close, bar.volume, bar.openinterest);
    }
  return ferror (out) ? -1 : 0;
}
