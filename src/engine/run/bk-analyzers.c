/* bk-analyzers.c — backtrader's analyzers as running aggregates.
 *
 * TradeAnalyzer keeps its totals, maxima and minima as backtrader updates
 * them at each closed trade, quirks included: a minimum of 0 bars counts
 * as none on the next update (Python's `min or MAXINT`), and the won,
 * lost, long and short minima ignore trades of 0 bars.  Averages are the
 * totals over the counts, as backtrader's last update leaves them.
 *
 * The daily returns of SharpeRatio and the trades' pnl of SQN are kept as
 * a compensated sum (their mean, as math.fsum's) and Welford's sum of
 * squared deviations, so no history is kept. */
#include "bk-analyzers.h"

#include <math.h>

#include "bk-json.h"

#define SECONDS_PER_DAY 86400.0
/* Days from 0001-01-01 (GLib's Julian day 1) to 1970-01-01. */
#define UNIX_EPOCH_JULIAN 719163
#define TANN_DAYS 252.0

/* Welford's running mean and variance. */
typedef struct {
  guint64 n;
  double mean, m2;
} Moments;

typedef struct {
  int year;
  double annual_return;
} YearRow;

struct _BkAnalyzers {
  BkAnalysis trades;        /* the TradeAnalyzer fields, kept as they go */
  Moments pnl;              /* SQN */
  Moments daily;            /* SharpeRatio's finished days */

  double start_value;
  guint64 bars, bars_in_market;

  /* DrawDown */
  double peak;
  double value;
  double drawdown, moneydown, max_drawdown, max_moneydown;
  guint64 drawdown_len, max_drawdown_len;

  /* Days (Returns' periods, SharpeRatio's returns) */
  gint64 day;
  double next_day_datetime; /* the start of the day after `day` */
  guint64 days;
  double day_start;         /* the previous day's last value */

  /* AnnualReturn */
  int year;
  gint64 next_year_day;     /* the first day of the year after `year` */
  double year_start;
  GArray *years;            /* YearRow of the years finished */
};

static void
moments_add (Moments *m, double x)
{
  double delta = x - m->mean;

  m->n++;
  m->mean += delta / m->n;
  m->m2 += delta * (x - m->mean);
}

static double
moments_mean (const Moments *m)
{
  return m->mean;
}

BkAnalyzers *
bk_analyzers_new (double start_value)
{
  BkAnalyzers *a = g_new0 (BkAnalyzers, 1);

  a->start_value = start_value;
  a->peak = -INFINITY;
  a->trades.len.min = a->trades.len_won.min = a->trades.len_lost.min = G_MAXUINT64;
  for (guint i = 0; i < 2; i++)
    {
      BkTradeSide *side = i == 0 ? &a->trades.long_side : &a->trades.short_side;
      side->len.min = side->len_won.min = side->len_lost.min = G_MAXUINT64;
    }
  a->years = g_array_new (FALSE, FALSE, sizeof (YearRow));
  return a;
}

void
bk_analyzers_free (BkAnalyzers *analyzers)
{
  if (analyzers == NULL)
    return;
  g_array_unref (analyzers->years);
  g_free (analyzers);
}

static gboolean
julian_in_range (gint64 day)
{
  return day >= 1 - UNIX_EPOCH_JULIAN && day <= (gint64) G_MAXUINT32 - UNIX_EPOCH_JULIAN;
}

static int
year_of_day (gint64 day)
{
  GDate date;

  if (!julian_in_range (day))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + UNIX_EPOCH_JULIAN));
  return g_date_get_year (&date);
}

/* The first day of `year` (days since 1970-01-01); past the calendar's
 * last year, a day no date reaches. */
static gint64
first_day_of_year (int year)
{
  GDate date;

  if (year > G_MAXUINT16 || !g_date_valid_dmy (1, G_DATE_JANUARY, (GDateYear) year))
    return G_MAXINT64;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);
  return (gint64) g_date_get_julian (&date) - UNIX_EPOCH_JULIAN;
}

/* x / y - 1, without the division where it is 0 exactly: a value that
 * did not move (out of the market) over itself. */
static inline double
ratio_less_one (double x, double y)
{
  if (x == y && isfinite (x) && x != 0.0)
    return 0.0;
  return x / y - 1.0;
}

/* The first day, or the first of another year: the calendar is asked
 * only then.  AnnualReturn: the first year starts at the first bar's
 * value, the others at the year before's last value (a->value is still
 * the previous bar's). */
static G_GNUC_NO_INLINE void
new_year (BkAnalyzers *a, gint64 day, double value)
{
  int year = year_of_day (day);

  a->next_year_day = year > 0 ? first_day_of_year (year + 1) : day + 1;
  if (a->days == 0)
    {
      a->year = year;
      a->year_start = value;
    }
  else if (year > a->year)
    {
      YearRow row = { a->year, a->value / a->year_start - 1.0 };
      g_array_append_val (a->years, row);
      a->year_start = a->value;
      a->year = year;
    }
}

/* A bar of a new day, worth `value` at its close. */
static inline void
new_day (BkAnalyzers *a, gint64 day, double value)
{
  if (G_UNLIKELY (a->days == 0 || day >= a->next_year_day))
    new_year (a, day, value);

  /* TimeReturn: a day's return is its last value over the last value
   * before it. */
  if (a->days > 0)
    moments_add (&a->daily, ratio_less_one (a->value, a->day_start));
  a->day_start = a->days > 0 ? a->value : a->start_value;
  a->day = day;
  a->next_day_datetime = (double) (day + 1) * SECONDS_PER_DAY;
  a->days++;
}

/* The day of `datetime`, floor (datetime / SECONDS_PER_DAY) without a
 * call into libm; 0 for what is not a date. */
static inline gint64
day_of (double datetime)
{
  double days = datetime / SECONDS_PER_DAY;

  if (!(days > -1e15 && days < 1e15))
    return 0;
  gint64 day = (gint64) days;
  return day - (days < (double) day);
}

void
bk_analyzers_end_bar (BkAnalyzers *a, double datetime, double value, gboolean in_market)
{
  /* A bar of a new day: at or past the start of the next (NaN, never).
   * Within the first 86399 seconds of the next day it is that day: no
   * division can round a time there to another. */
  if (a->bars == 0 || datetime >= a->next_day_datetime)
    new_day (a, a->bars > 0 && datetime <= a->next_day_datetime + (SECONDS_PER_DAY - 1.0) ? a->day + 1
                                                                                          : day_of (datetime),
             value);
  gboolean moved = a->bars == 0 || value != a->value;
  a->value = value;
  a->bars++;
  if (in_market)
    a->bars_in_market++;

  /* A value that did not move leaves the peak and the drawdown as they
   * were (NaN always moves: it is not equal to itself). */
  if (!moved)
    {
      a->drawdown_len = a->drawdown != 0.0 ? a->drawdown_len + 1 : 0;
      a->max_drawdown_len = MAX (a->max_drawdown_len, a->drawdown_len);
      return;
    }
  a->peak = MAX (a->peak, value);
  a->moneydown = a->peak - value;
  a->drawdown = 100.0 * a->moneydown / a->peak;
  a->max_moneydown = MAX (a->max_moneydown, a->moneydown);
  a->max_drawdown = MAX (a->max_drawdown, a->drawdown);
  a->drawdown_len = a->drawdown != 0.0 ? a->drawdown_len + 1 : 0;
  a->max_drawdown_len = MAX (a->max_drawdown_len, a->drawdown_len);
}

void
bk_analyzers_trade_opened (BkAnalyzers *a)
{
  a->trades.total++;
  a->trades.open++;
}

/* A won trade's pnl raises won's max, a lost one's lowers lost's. */
static void
pnl_add (BkTradePnl *pnl, gboolean won, double pnl_comm)
{
  pnl->count++;
  pnl->total += pnl_comm;
  pnl->max = won ? MAX (pnl->max, pnl_comm) : MIN (pnl->max, pnl_comm);
}

/* `zero_min`: a length of 0 may become the minimum (len.min alone); the
 * others skip it. */
static void
length_add (BkTradeLength *len, guint64 bars, gboolean zero_min)
{
  len->total += bars;
  len->max = MAX (len->max, bars);
  if (bars == 0 && !zero_min)
    return;
  guint64 min = len->min == 0 ? G_MAXUINT64 : len->min;
  len->min = MIN (min, bars);
}

static guint64
streak_add (guint64 *current, guint64 longest, gboolean hit)
{
  *current = hit ? *current + 1 : 0;
  return MAX (longest, *current);
}

void
bk_analyzers_trade_closed (BkAnalyzers *a, gboolean is_long, double pnl, double pnl_comm, guint64 bars)
{
  BkAnalysis *t = &a->trades;
  gboolean won = pnl_comm >= 0.0;
  BkTradeSide *side = is_long ? &t->long_side : &t->short_side;

  t->open--;
  t->closed++;
  t->streak_won_longest = streak_add (&t->streak_won_current, t->streak_won_longest, won);
  t->streak_lost_longest = streak_add (&t->streak_lost_current, t->streak_lost_longest, !won);
  t->gross_total += pnl;
  t->net_total += pnl_comm;
  pnl_add (won ? &t->won : &t->lost, won, pnl_comm);
  side->total++;
  side->pnl_total += pnl_comm;
  pnl_add (won ? &side->won : &side->lost, won, pnl_comm);

  length_add (&t->len, bars, TRUE);
  length_add (won ? &t->len_won : &t->len_lost, bars, FALSE);
  length_add (&side->len, bars, FALSE);
  length_add (won ? &side->len_won : &side->len_lost, bars, FALSE);
  moments_add (&a->pnl, pnl_comm);
}

static double
average (double total, guint64 count)
{
  return total / (count > 0 ? (double) count : 1.0);
}

static void
finish_length (BkTradeLength *len, guint64 count)
{
  len->average = average ((double) len->total, count);
}

static void
finish_side (BkTradeSide *side)
{
  side->pnl_average = average (side->pnl_total, side->total);
  side->won.average = average (side->won.total, side->won.count);
  side->lost.average = average (side->lost.total, side->lost.count);
  finish_length (&side->len, side->total);
  finish_length (&side->len_won, side->won.count);
  finish_length (&side->len_lost, side->lost.count);
}

/* SharpeRatio over the finished days and the day still open. */
static double
sharpe_ratio (const BkAnalyzers *a)
{
  Moments daily = a->daily;

  if (a->days == 0)
    return NAN;
  moments_add (&daily, ratio_less_one (a->value, a->day_start));
  if (daily.n < 2)
    return NAN;
  double deviation = sqrt (daily.m2 / (daily.n - 1));
  return deviation > 0 ? moments_mean (&daily) / deviation * sqrt (TANN_DAYS) : NAN;
}

void
bk_analyzers_get_analysis (const BkAnalyzers *a, BkAnalysis *analysis)
{
  BkAnalysis *t = analysis;

  *t = a->trades;
  t->gross_average = t->gross_total / (t->closed > 0 ? (double) t->closed : NAN);
  t->net_average = t->net_total / (t->closed > 0 ? (double) t->closed : NAN);
  t->won.average = average (t->won.total, t->won.count);
  t->lost.average = average (t->lost.total, t->lost.count);
  finish_length (&t->len, t->closed);
  finish_length (&t->len_won, t->won.count);
  finish_length (&t->len_lost, t->lost.count);
  finish_side (&t->long_side);
  finish_side (&t->short_side);

  t->drawdown = a->drawdown;
  t->moneydown = a->moneydown;
  t->drawdown_len = a->drawdown_len;
  t->max_drawdown = a->max_drawdown;
  t->max_moneydown = a->max_moneydown;
  t->max_drawdown_len = a->max_drawdown_len;

  double growth = a->value / a->start_value;
  t->days = a->days;
  t->rtot = a->bars == 0 ? NAN : growth >= 0 ? log (growth) : -INFINITY;
  t->ravg = t->rtot / (double) a->days;
  t->rnorm = t->ravg > -INFINITY ? expm1 (t->ravg * TANN_DAYS) : t->ravg;
  t->rnorm100 = t->rnorm * 100.0;

  t->sqn_trades = a->pnl.n;
  if (a->pnl.n > 1)
    {
      double deviation = sqrt (a->pnl.m2 / a->pnl.n);
      t->sqn = deviation > 0 ? sqrt ((double) a->pnl.n) * moments_mean (&a->pnl) / deviation : NAN;
    }
  else
    t->sqn = 0.0;

  t->sharpe = sharpe_ratio (a);
  t->bars = a->bars;
  t->bars_in_market = a->bars_in_market;
  t->exposure = a->bars > 0 ? (double) a->bars_in_market / a->bars : NAN;
}

guint
bk_analyzers_get_n_years (const BkAnalyzers *a)
{
  return a->bars > 0 ? a->years->len + 1 : 0;
}

void
bk_analyzers_get_year (const BkAnalyzers *a, guint index, int *year, double *annual_return)
{
  g_return_if_fail (index < bk_analyzers_get_n_years (a));
  if (index < a->years->len)
    {
      const YearRow *row = &g_array_index (a->years, YearRow, index);
      *year = row->year;
      *annual_return = row->annual_return;
      return;
    }
  /* The year still open ends at the last value. */
  *year = a->year;
  *annual_return = a->value / a->year_start - 1.0;
}

/* JSON: backtrader's analyses, key for key; bk-json.h writes a number
 * that is not finite as null. */

static void
set_count (JsonObject *object, const char *member, guint64 value)
{
  json_object_set_int_member (object, member, (gint64) value);
}

static void
set_min (JsonObject *object, const char *member, guint64 value)
{
  if (value == G_MAXUINT64)
    json_object_set_null_member (object, member);
  else
    set_count (object, member, value);
}

/* {"total", "average", "max"} of won.pnl, long.pnl.won ... */
static void
add_pnl (JsonObject *parent, const char *member, const BkTradePnl *pnl)
{
  JsonObject *o = bk_json_object_add_object (parent, member);

  json_object_set_double_member (o, "total", pnl->total);
  json_object_set_double_member (o, "average", pnl->average);
  json_object_set_double_member (o, "max", pnl->max);
}

static JsonObject *
add_length (JsonObject *parent, const char *member, const BkTradeLength *len)
{
  JsonObject *o = bk_json_object_add_object (parent, member);

  set_count (o, "total", len->total);
  json_object_set_double_member (o, "average", len->average);
  set_count (o, "max", len->max);
  set_min (o, "min", len->min);
  return o;
}

static void
add_won_lost (JsonObject *parent, const char *member, const BkTradePnl *pnl)
{
  JsonObject *o = bk_json_object_add_object (parent, member);

  set_count (o, "total", pnl->count);
  add_pnl (o, "pnl", pnl);
}

static void
add_side (JsonObject *parent, const char *member, const BkTradeSide *side)
{
  JsonObject *o = bk_json_object_add_object (parent, member);
  JsonObject *pnl;

  set_count (o, "total", side->total);
  pnl = bk_json_object_add_object (o, "pnl");
  json_object_set_double_member (pnl, "total", side->pnl_total);
  json_object_set_double_member (pnl, "average", side->pnl_average);
  add_pnl (pnl, "won", &side->won);
  add_pnl (pnl, "lost", &side->lost);
  set_count (o, "won", side->won.count);
  set_count (o, "lost", side->lost.count);
}

static void
add_side_length (JsonObject *parent, const char *member, const BkTradeSide *side)
{
  JsonObject *o = add_length (parent, member, &side->len);

  add_length (o, "won", &side->len_won);
  add_length (o, "lost", &side->len_lost);
}

static void
add_streak (JsonObject *parent, const char *member, guint64 current, guint64 longest)
{
  JsonObject *o = bk_json_object_add_object (parent, member);

  set_count (o, "current", current);
  set_count (o, "longest", longest);
}

/* TradeAnalyzer's analysis: only the counts until a trade has closed. */
static void
add_trades (JsonObject *parent, const BkAnalysis *t)
{
  JsonObject *o = bk_json_object_add_object (parent, "trades");
  JsonObject *total = bk_json_object_add_object (o, "total");

  set_count (total, "total", t->total);
  set_count (total, "open", t->open);
  set_count (total, "closed", t->closed);
  if (t->closed == 0)
    return;

  JsonObject *streak = bk_json_object_add_object (o, "streak");
  add_streak (streak, "won", t->streak_won_current, t->streak_won_longest);
  add_streak (streak, "lost", t->streak_lost_current, t->streak_lost_longest);

  JsonObject *pnl = bk_json_object_add_object (o, "pnl");
  JsonObject *gross = bk_json_object_add_object (pnl, "gross");
  json_object_set_double_member (gross, "total", t->gross_total);
  json_object_set_double_member (gross, "average", t->gross_average);
  JsonObject *net = bk_json_object_add_object (pnl, "net");
  json_object_set_double_member (net, "total", t->net_total);
  json_object_set_double_member (net, "average", t->net_average);

  add_won_lost (o, "won", &t->won);
  add_won_lost (o, "lost", &t->lost);
  add_side (o, "long", &t->long_side);
  add_side (o, "short", &t->short_side);

  JsonObject *len = add_length (o, "len", &t->len);
  add_length (len, "won", &t->len_won);
  add_length (len, "lost", &t->len_lost);
  add_side_length (len, "long", &t->long_side);
  add_side_length (len, "short", &t->short_side);
}

JsonObject *
bk_analyzers_to_json (const BkAnalyzers *analyzers)
{
  JsonObject *o = json_object_new ();
  BkAnalysis t;

  bk_analyzers_get_analysis (analyzers, &t);
  add_trades (o, &t);

  JsonObject *drawdown = bk_json_object_add_object (o, "drawdown");
  set_count (drawdown, "len", t.drawdown_len);
  json_object_set_double_member (drawdown, "drawdown", t.drawdown);
  json_object_set_double_member (drawdown, "moneydown", t.moneydown);
  JsonObject *max = bk_json_object_add_object (drawdown, "max");
  set_count (max, "len", t.max_drawdown_len);
  json_object_set_double_member (max, "drawdown", t.max_drawdown);
  json_object_set_double_member (max, "moneydown", t.max_moneydown);

  JsonObject *returns = bk_json_object_add_object (o, "returns");
  json_object_set_double_member (returns, "rtot", t.rtot);
  json_object_set_double_member (returns, "ravg", t.ravg);
  json_object_set_double_member (returns, "rnorm", t.rnorm);
  json_object_set_double_member (returns, "rnorm100", t.rnorm100);

  JsonArray *years = bk_json_object_add_array (o, "annual_return");
  for (guint i = 0; i < bk_analyzers_get_n_years (analyzers); i++)
    {
      JsonObject *row = bk_json_array_add_object (years);
      int year;
      double annual_return;

      bk_analyzers_get_year (analyzers, i, &year, &annual_return);
      json_object_set_int_member (row, "year", year);
      json_object_set_double_member (row, "return", annual_return);
    }

  JsonObject *sqn = bk_json_object_add_object (o, "sqn");
  json_object_set_double_member (sqn, "sqn", t.sqn);
  set_count (sqn, "trades", t.sqn_trades);

  JsonObject *sharpe = bk_json_object_add_object (o, "sharpe");
  json_object_set_double_member (sharpe, "sharperatio", t.sharpe);

  json_object_set_double_member (o, "exposure", t.exposure);
  return o;
}
