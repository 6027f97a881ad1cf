/* bk-analyzers.h — a run's results as backtrader's analyzers compute them,
 * kept as running aggregates: constant in size whatever the run's length
 * (AnnualReturn keeps one row a calendar year).
 *
 * The broker owns them (bk_broker_get_analyzers, bk_run_get_analyzers) and
 * feeds them at each bar's end (its datetime, the value at the
 * close, whether a position is held) and at each trade it opens and
 * closes.  Each is named after its backtrader analyzer and computed as it
 * computes it, with its default parameters unless said:
 *
 *  - TradeAnalyzer: closed trades, won where pnl after commission >= 0;
 *    streaks; long and short apart; lengths in bars (backtrader's barlen).
 *  - DrawDown: of the value at each close, in percent and money, and in
 *    bars.
 *  - Returns: log returns with timeframe days and tann 252.
 *  - AnnualReturn: the value at a calendar year's last close over the
 *    previous year's last one (the first bar's value for the first year).
 *  - SQN: sqrt(trades) * mean / population standard deviation of the
 *    closed trades' pnl after commission.
 *  - SharpeRatio: backtrader's SharpeRatio with timeframe days,
 *    riskfreerate 0, annualize and stddev_sample on: the mean daily return
 *    over its sample standard deviation, times sqrt(252).  A daily return
 *    is a day's last value over the previous day's (the start cash for the
 *    first day).
 *  - exposure (backtrader has no such analyzer): the fraction of bars at
 *    whose close a position is held. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>


G_BEGIN_DECLS

typedef struct _BkAnalyzers BkAnalyzers;

/* Won or lost trades' pnl after commission: TradeAnalyzer's
 * won.pnl / lost.pnl (and long.pnl.won ...).  `max` is the largest win for
 * won trades, the largest loss (most negative, or 0) for lost ones. */
typedef struct {
  guint64 count;
  double total;
  double average;
  double max;
} BkTradePnl;

/* Lengths in bars: TradeAnalyzer's len, len.won, len.long ...; `min` is
 * G_MAXUINT64 where backtrader has none (or its MAXINT). */
typedef struct {
  guint64 total;
  double average;
  guint64 max;
  guint64 min;
} BkTradeLength;

/* TradeAnalyzer's long or short entry. */
typedef struct {
  guint64 total;          /* closed trades on this side */
  double pnl_total;       /* after commission */
  double pnl_average;
  BkTradePnl won, lost;
  BkTradeLength len, len_won, len_lost;
} BkTradeSide;

typedef struct {
  /* TradeAnalyzer */
  guint64 total, open, closed;             /* trades opened; still open; closed */
  guint64 streak_won_current, streak_won_longest;
  guint64 streak_lost_current, streak_lost_longest;
  double gross_total, gross_average;       /* pnl before commission */
  double net_total, net_average;           /* pnl after commission */
  BkTradePnl won, lost;
  BkTradeLength len, len_won, len_lost;
  BkTradeSide long_side, short_side;
  /* DrawDown: percent of the peak value, money, bars */
  double drawdown, moneydown;
  guint64 drawdown_len;
  double max_drawdown, max_moneydown;
  guint64 max_drawdown_len;
  /* Returns */
  double rtot, ravg, rnorm, rnorm100;
  guint64 days;                            /* Returns' periods */
  /* SQN; NaN where backtrader has None (all trades alike) */
  double sqn;
  guint64 sqn_trades;
  /* SharpeRatio; NaN where backtrader has None */
  double sharpe;
  /* exposure: bars at whose close a position is held, over all bars */
  double exposure;
  guint64 bars, bars_in_market;
} BkAnalysis;

BkAnalyzers *bk_analyzers_new (double start_value);
void bk_analyzers_free (BkAnalyzers *analyzers);

/* What the broker feeds them. */
void bk_analyzers_end_bar (BkAnalyzers *analyzers, double datetime, double value, gboolean in_market);
void bk_analyzers_trade_opened (BkAnalyzers *analyzers);
/* A closed trade: its side, pnl before and after commission, and bars
 * (backtrader's barlen). */
void bk_analyzers_trade_closed (BkAnalyzers *analyzers, gboolean is_long, double pnl, double pnl_comm,
                                guint64 bars);

/* The analysis as it stands (at the end of a run: its results). */
void bk_analyzers_get_analysis (const BkAnalyzers *analyzers, BkAnalysis *analysis);
/* AnnualReturn: a row for each calendar year seen, in order. */
guint bk_analyzers_get_n_years (const BkAnalyzers *analyzers);
void bk_analyzers_get_year (const BkAnalyzers *analyzers, guint index, int *year, double *annual_return);

/* The "analyzers" object of `barkeep-cli run --json`: backtrader's key
 * names, null for a number it has none of. */
JsonObject *bk_analyzers_to_json (const BkAnalyzers *analyzers);

G_END_DECLS
