/* bk-tick-gen.c — generated ticks. */
#include "bk-tick-gen.h"

#include "bk-random.h"

#include <math.h>

#define MEAN_WAIT_MS   250.0
#define SAME_MS_CHANCE 0.05
#define SIGMA          0.0004     /* of the log price, a tick */
/* 2024-01-02T09:30:00, in milliseconds. */
#define START_MS       (G_GINT64_CONSTANT (19724) * 86400000 + G_GINT64_CONSTANT (34200000))

void
bk_tick_generator_init (BkTickGenerator *gen, guint64 seed)
{
  *gen = (BkTickGenerator) {
    .state = seed,
    .ms = START_MS,
    .log_price = log (40.0),
  };
}

void
bk_tick_generator_next (BkTickGenerator *gen, BkBar *tick)
{
  if (gen->count > 0 && bk_random_uniform (&gen->state) >= SAME_MS_CHANCE)
    /* An exponential wait, at least a millisecond. */
    gen->ms += 1 + (gint64) floor (-MEAN_WAIT_MS * log1p (-bk_random_uniform (&gen->state)));
  gen->log_price += 0.0005 * (log (40.0) - gen->log_price) + SIGMA * bk_random_gaussian (&gen->state);

  double price = bk_price_cents (exp (gen->log_price));
  *tick = (BkBar) {
    .datetime = gen->ms / 1000.0,
    .open = price,
    .high = price,
    .low = price,
    .close = price,
    .volume = 1 + floor (500.0 * bk_random_uniform (&gen->state)),
  };
  gen->count++;
}

int
bk_tick_generator_write_csv (FILE *out, guint64 count, guint64 seed, double rate, const gint *stop)
{
  BkTickGenerator gen;
  BkBar tick;
  char date[32];
  gint64 start = g_get_monotonic_time ();

  bk_tick_generator_init (&gen, seed);
  fputs ("Datetime,Price,Volume\n", out);
  for (guint64 i = 0; count == 0 || i < count; i++)
    {
      if (rate > 0)
        {
          /* Tick i is due i / rate seconds after the start. */
          gint64 due = start + (gint64) (i / rate * G_USEC_PER_SEC);
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            {
              if (fflush (out) != 0)
                return -1;
              g_usleep (due - now);
            }
        }
      if (stop != NULL && g_atomic_int_get (stop))
        break;
      bk_tick_generator_next (&gen, &tick);
      bk_format_datetime (tick.datetime, TRUE, date);
      fprintf (out, "%s,%.2f,%.0f\n", date, tick.close, tick.volume);
      if (ferror (out))
        return -1;
    }
  return fflush (out) != 0 || ferror (out) ? -1 : 0;
}
