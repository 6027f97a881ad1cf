/* bk-gen-universe.h — generated universes of daily price files for
 * universe runs and their benchmarks.
 *
 * Each symbol is a random walk of its own (drift, volatility, volume level
 * and start price drawn from the seed and the symbol's number), with
 * volatility that clusters, weekdays only, prices in whole cents and valid
 * bars.  A small effect is planted: the next day's return depends weakly on
 * dist20 (close / SMA20 - 1, mean reversion) and on vol20 (the population
 * standard deviation of the last 20 daily returns), so that a regression of
 * forward returns on the seed's features has something to find.  The same
 * seed gives the same bars on every run. */
#pragma once

#include "bk-bar.h"

G_BEGIN_DECLS

/* The planted effect, per day: r(t+1) = drift + DIST20 * dist20(t)
 * + VOL20 * (vol20(t) - BK_UNIVERSE_VOL20_CENTRE) + noise. */
#define BK_UNIVERSE_EFFECT_DIST20 (-0.03)
#define BK_UNIVERSE_EFFECT_VOL20 0.06
#define BK_UNIVERSE_VOL20_CENTRE 0.02

/* Limits: daily bars from 2000-01-03 stay within year 9999. */
#define BK_UNIVERSE_MAX_BARS 1000000
#define BK_UNIVERSE_MAX_SYMBOLS 1000000

#define BK_UNIVERSE_WINDOW 20

typedef struct {
  guint64 state;              /* splitmix64 */
  guint64 count;              /* bars made */
  double datetime;
  double drift;               /* per day */
  double sigma;               /* per day, before clustering */
  double vol_factor;          /* log of the clustering multiplier, AR(1) */
  double volume_level;
  double log_anchor;          /* log price the walk reverts to, very weakly */
  double log_price;
  double close;
  double closes[BK_UNIVERSE_WINDOW];    /* ring of the last closes */
  double returns[BK_UNIVERSE_WINDOW];   /* ring of the last close-to-close returns */
} BkUniverseGenerator;

/* Symbol `symbol` (0-based) of the universe made from `seed`. */
void bk_universe_generator_init (BkUniverseGenerator *gen, guint64 seed, guint symbol);
void bk_universe_generator_next (BkUniverseGenerator *gen, BkBar *bar);

/* The file header and one bar as a line of a Yahoo-format file
 * (Date,Open,High,Low,Close,Adj Close,Volume), '\n' included; `buf` has
 * room for BK_UNIVERSE_ROW_MAX bytes.  Returns the length. */
#define BK_UNIVERSE_ROW_MAX 128
extern const char bk_universe_csv_header[];
gsize bk_universe_format_row (const BkBar *bar, char *buf);

/* "S0001": symbol `symbol` (0-based) of `n_symbols`, zero-padded to at
 * least four digits and to the width of the largest, so that name order
 * is numeric order. */
char *bk_universe_symbol_name (guint symbol, guint n_symbols);

/* The seed the bundled sample and `gen universe` use unless told. */
#define BK_UNIVERSE_DEFAULT_SEED 20150101

/* Writes `symbols` files of `bars` bars into `folder` (made if missing),
 * named as bk_universe_symbol_name() says with ".csv"; each file is
 * written whole beside its place and renamed into it, replacing any file
 * of that name.  FALSE with *error
 * naming the folder or file when it cannot. */
gboolean bk_universe_generate (const char *folder, guint symbols, guint64 bars, guint64 seed, GError **error);
/* The same; replace=FALSE refuses, before writing any file, when one of
 * the files exists. */
gboolean bk_universe_generate_full (const char *folder, guint symbols, guint64 bars, guint64 seed,
                                    gboolean replace, GError **error);

G_END_DECLS
