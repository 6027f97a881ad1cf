/* bk-gen-universe.c — the universe generator.
 *
 * Everything is drawn from splitmix64 seeded by (seed, symbol), so symbols
 * are independent of one another and of how many are made, and a file is
 * the same whether it is made alone or among thousands.  Rows are
 * formatted by hand, in whole cents: printf would dominate the time of a
 * 3000-symbol universe. */
#include "bk-gen-universe.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-output-file.h"
#include "bk-random.h"

const char bk_universe_csv_header[] = "Date,Open,High,Low,Close,Adj Close,Volume\n";

static double
uniform_between (guint64 *state, double low, double high)
{
  return low + (high - low) * bk_random_uniform (state);
}

void
bk_universe_generator_init (BkUniverseGenerator *gen, guint64 seed, guint symbol)
{
  memset (gen, 0, sizeof *gen);
  gen->state = seed ^ ((guint64) symbol + 1) * G_GUINT64_CONSTANT (0xD1B54A32D192ED03);
  gen->state = bk_random_next (&gen->state);
  gen->drift = uniform_between (&gen->state, -0.0003, 0.0005);
  gen->sigma = uniform_between (&gen->state, 0.008, 0.035);
  gen->volume_level = exp (uniform_between (&gen->state, log (2e4), log (2e7)));
  gen->log_anchor = uniform_between (&gen->state, log (5.0), log (200.0));
  gen->log_price = gen->log_anchor;
  gen->close = bk_price_cents (exp (gen->log_price));
  /* 2000-01-03, a Monday. */
  gen->datetime = (double) bk_days_from_civil (2000, 1, 3) * 86400.0;
}

static void
advance_day (BkUniverseGenerator *gen)
{
  gen->datetime += 86400.0;
  /* Weekdays only: 1970-01-01 was a Thursday. */
  gint64 weekday = ((gint64) floor (gen->datetime / 86400.0) + 3) % 7;
  if (weekday >= 5)
    gen->datetime += (7 - weekday) * 86400.0;
}

/* The planted effect on the next return, from the bars made so far:
 * dist20 once there are 20 closes, vol20 once there are 20 returns. */
static double
planted_effect (const BkUniverseGenerator *gen)
{
  double effect = 0.0;

  if (gen->count >= BK_UNIVERSE_WINDOW)
    {
      double sum = 0.0;
      for (guint i = 0; i < BK_UNIVERSE_WINDOW; i++)
        sum += gen->closes[i];
      effect += BK_UNIVERSE_EFFECT_DIST20 * (gen->close / (sum / BK_UNIVERSE_WINDOW) - 1.0);
    }
  if (gen->count > BK_UNIVERSE_WINDOW)
    {
      double sum = 0.0, sum2 = 0.0;
      for (guint i = 0; i < BK_UNIVERSE_WINDOW; i++)
        {
          sum += gen->returns[i];
          sum2 += gen->returns[i] * gen->returns[i];
        }
      double mean = sum / BK_UNIVERSE_WINDOW;
      double vol20 = sqrt (MAX (0.0, sum2 / BK_UNIVERSE_WINDOW - mean * mean));
      effect += BK_UNIVERSE_EFFECT_VOL20 * (vol20 - BK_UNIVERSE_VOL20_CENTRE);
    }
  return effect;
}

void
bk_universe_generator_next (BkUniverseGenerator *gen, BkBar *bar)
{
  if (gen->count > 0)
    advance_day (gen);

  /* Volatility clusters: an AR(1) in its logarithm. */
  gen->vol_factor = 0.97 * gen->vol_factor + 0.08 * bk_random_gaussian (&gen->state);
  double sigma = gen->sigma * exp (gen->vol_factor);
  double previous = gen->close;

  /* A very weak pull to the anchor keeps long walks within range. */
  gen->log_price += gen->drift + 0.002 * (gen->log_anchor - gen->log_price)
                    + planted_effect (gen) + sigma * bk_random_gaussian (&gen->state);
  double open = bk_price_cents (previous * exp (0.25 * sigma * bk_random_gaussian (&gen->state)));
  double close = bk_price_cents (exp (gen->log_price));
  double top = MAX (open, close), bottom = MIN (open, close);
  double high = MAX (top, bk_price_cents (top * (1.0 + 0.6 * sigma * bk_random_uniform (&gen->state))));
  double low = MIN (bottom, bk_price_cents (bottom * (1.0 - 0.6 * sigma * bk_random_uniform (&gen->state))));
  double change = close / previous - 1.0;
  double volume = floor (gen->volume_level * exp (0.35 * bk_random_gaussian (&gen->state)) * (1.0 + 15.0 * fabs (change)));

  *bar = (BkBar) {
    .datetime = gen->datetime,
    .open = open,
    .high = high,
    .low = low,
    .close = close,
    .volume = MAX (100.0, volume),
    .openinterest = 0,
  };
  guint slot = (guint) (gen->count % BK_UNIVERSE_WINDOW);
  if (gen->count > 0)
    gen->returns[(gen->count - 1) % BK_UNIVERSE_WINDOW] = change;
  gen->closes[slot] = close;
  gen->close = close;
  gen->count++;
}

/* Writes `value` in decimal at `p`, with leading zeros to `min_digits`;
 * returns the end.  Two digits a division: this is most of the time spent
 * making a universe. */
static char *
put_digits (char *p, guint64 value, guint min_digits)
{
  static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
  char digits[24];
  guint n = sizeof digits;

  while (value >= 100)
    {
      guint pair = (guint) (value % 100);
      value /= 100;
      digits[--n] = pairs[2 * pair + 1];
      digits[--n] = pairs[2 * pair];
    }
  if (value >= 10)
    {
      digits[--n] = pairs[2 * value + 1];
      digits[--n] = pairs[2 * value];
    }
  else
    digits[--n] = (char) ('0' + value);
  while (sizeof digits - n < min_digits)
    digits[--n] = '0';
  memcpy (p, digits + n, sizeof digits - n);
  return p + (sizeof digits - n);
}

static char *
put_cents (char *p, double price)
{
  guint64 c = (guint64) llround (price * 100.0);

  p = put_digits (p, c / 100, 1);
  *p++ = '.';
  return put_digits (p, c % 100, 2);
}

/* YYYY-MM-DD of a day since 1970 (Howard Hinnant's civil_from_days; the
 * generator's days are all after 1970 and before 10000). */
static char *
put_date (char *p, gint64 days)
{
  gint64 z = days + 719468;
  gint64 era = z / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  guint day = (guint) (doy - (153 * mp + 2) / 5 + 1);
  guint month = (guint) (mp < 10 ? mp + 3 : mp - 9);
  gint64 year = yoe + era * 400 + (month <= 2);

  p = put_digits (p, (guint64) year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  return put_digits (p, day, 2);
}

gsize
bk_universe_format_row (const BkBar *bar, char *buf)
{
  char *p = put_date (buf, (gint64) floor (bar->datetime / 86400.0));

  const double prices[] = { bar->open, bar->high, bar->low, bar->close, bar->close };
  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      *p++ = ',';
      p = put_cents (p, prices[i]);
    }
  *p++ = ',';
  p = put_digits (p, (guint64) bar->volume, 1);
  *p++ = '\n';
  return (gsize) (p - buf);
}

char *
bk_universe_symbol_name (guint symbol, guint n_symbols)
{
  guint width = 1;

  for (guint n = MAX (n_symbols, 1); n >= 10; n /= 10)
    width++;
  return g_strdup_printf ("S%0*u", (int) MAX (width, 4), symbol + 1);
}

gboolean
bk_universe_generate (const char *folder, guint symbols, guint64 bars, guint64 seed, GError **error)
{
  return bk_universe_generate_full (folder, symbols, bars, seed, TRUE, error);
}

gboolean
bk_universe_generate_full (const char *folder, guint symbols, guint64 bars, guint64 seed, gboolean replace,
                           GError **error)
{
  if (g_mkdir_with_parents (folder, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO,
                   /* Translators: a folder's path, then the reason from the system */
                   _("cannot make the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  /* Refused before any file is written, not halfway. */
  for (guint s = 0; !replace && s < symbols; s++)
    {
      g_autofree char *name = bk_universe_symbol_name (s, symbols);
      g_autofree char *file = g_strconcat (name, ".csv", NULL);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       /* Translators: %s is a file that exists; --force is an option, keep it as is */
                       _("%s already exists: refusing to overwrite it (--force does)"), path);
          return FALSE;
        }
    }
  g_autoptr(GString) text = g_string_sized_new (64 * 1024);
  for (guint s = 0; s < symbols; s++)
    {
      g_autofree char *name = bk_universe_symbol_name (s, symbols);
      g_autofree char *file = g_strconcat (name, ".csv", NULL);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      BkUniverseGenerator gen;
      BkBar bar;
      char row[BK_UNIVERSE_ROW_MAX];

      g_string_assign (text, bk_universe_csv_header);
      bk_universe_generator_init (&gen, seed, s);
      for (guint64 i = 0; i < bars; i++)
        {
          bk_universe_generator_next (&gen, &bar);
          g_string_append_len (text, row, (gssize) bk_universe_format_row (&bar, row));
        }
      if (!bk_output_file_set_contents (path, text->str, text->len, replace ? BK_OUTPUT_DEFAULT : BK_OUTPUT_NO_REPLACE,
                                        error))
        return FALSE;
    }
  return TRUE;
}
