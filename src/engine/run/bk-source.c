/* bk-source.c — CSV, generated and in-memory bar sources, and the generator. */
#include "bk-source.h"

#include "config.h"

#include "bk-csv.h"
#include "bk-error.h"
#include <math.h>

#include "bk-random.h"

struct _BkSource {
  char *name;
  BkCsvReader *csv;      /* or NULL for the generator */
  BkGenerator gen;
  guint64 bars;
  const BkBar *memory;   /* or NULL: bars held by the caller */
  gboolean has_time;
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
  return source;
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
  g_free (source->name);
  g_free (source);
}

gboolean
bk_source_next (BkSource *source, BkBar *bar, GError **error)
{
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
