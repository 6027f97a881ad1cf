/* bk-tick-gen.h — generated ticks, to simulate a live feed: `barkeep-cli
 * gen ticks` and the benchmarks.
 *
 * A tick is a time with milliseconds, one price and a volume.  Times
 * advance by a random wait (a quarter of a second on average, in whole
 * milliseconds; about one tick in twenty comes in the same millisecond as
 * the one before, as trades do); prices are whole cents on a
 * mean-reverting random walk around 40.  The same seed gives the same
 * bytes on every machine. */
#pragma once

#include <stdio.h>

#include "bk-bar.h"

G_BEGIN_DECLS

typedef struct {
  guint64 state;
  guint64 count;
  gint64 ms;            /* the last tick's time, milliseconds since 1970 */
  double log_price;
} BkTickGenerator;

void bk_tick_generator_init (BkTickGenerator *gen, guint64 seed);
/* The next tick as a bar whose open, high, low and close are its price. */
void bk_tick_generator_next (BkTickGenerator *gen, BkBar *tick);

/* `count` ticks (0: without end) as CSV (Datetime,Price,Volume) to out;
 * with `rate` > 0, at most `rate` a second, each written as its time
 * comes.  Stops early when *stop is raised (stop may be NULL).  0, or -1
 * on a write error. */
int bk_tick_generator_write_csv (FILE *out, guint64 count, guint64 seed, double rate, const gint *stop);

G_END_DECLS
