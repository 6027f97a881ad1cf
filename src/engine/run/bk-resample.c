/* bk-resample.c — backtrader's Resampler and Replayer, tick by tick.
 *
 * The code follows backtrader/resamplerfilter.py step for step, so that
 * each decision can be checked against it: _dataonedge, _checkbarover,
 * _barover_subdays/_days/_weeks, _eoscheck, _calcadjtime and the two
 * __call__ methods keep their names here (data_on_edge, check_bar_over...).
 * backtrader keeps times as float days; here they are whole microseconds
 * since 1970, which every decision below compares the same way.
 */
#include "bk-resample.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define US_PER_SECOND G_GINT64_CONSTANT (1000000)
#define US_PER_DAY (G_GINT64_CONSTANT (86400) * US_PER_SECOND)
/* backtrader's default session end, 23:59:59.999990 ("remove 9 to avoid
 * precision rounding errors"). */
#define SESSION_END_US (US_PER_DAY - 10)
/* A late tick pushes the bar 0.000001 days past the bar before it. */
#define LATE_PUSH_US G_GINT64_CONSTANT (86400)
/* _Bar's MAXDATE: a closed bar's time, after every tick. */
#define BAR_MAXDATE G_MAXINT64

typedef struct {
  gint64 dt;             /* microseconds */
  double datetime;       /* dt as seconds: the tick's own double where dt is a tick's */
  double open, high, low, close, volume, openinterest;
} Bar;

struct _BkResampler {
  BkPeriod period;
  BkResampleMode mode;
  guint64 compression;   /* of the period's unit: hours are 60 minutes */
  gboolean subdays;
  gboolean subweeks;
  gboolean componly;     /* days from days: bars counted, not timed */
  gboolean adjust_time;  /* bar2edge and adjbartime and subweeks */
  gboolean has_time;     /* the raw bars have a time of day */
  gboolean started;
  gboolean ended;
  guint64 ticks;

  Bar bar;               /* being built; open is NaN while it is closed */
  guint64 compcount;
  gboolean firstbar;
  gboolean has_next_eos;
  gint64 next_eos;
  gint64 last_eos;

  /* data.datetime[-1] in backtrader: the bar last handed out. */
  gboolean has_slot;
  gint64 slot_dt;

  BkBar tick;            /* the raw bar taken last */
  BkBar fill;            /* backtrader's tick_open, tick_high... for the bar out */
  gboolean has_fill;
  gboolean pending;      /* a bar waits in `out` */
  BkBar out;
  gboolean out_replaces;
};

/* ---- periods ------------------------------------------------------------ */

gboolean
bk_period_parse (const char *text, BkPeriod *period, GError **error)
{
  static const struct {
    const char *suffix;
    BkPeriodUnit unit;
    guint factor;
  } units[] = {
    { "s", BK_PERIOD_SECONDS, 1 },
    { "min", BK_PERIOD_MINUTES, 1 },
    { "h", BK_PERIOD_MINUTES, 60 },
    { "d", BK_PERIOD_DAYS, 1 },
    { "w", BK_PERIOD_WEEKS, 1 },
  };
  const char *p = text;
  guint64 count = 0;

  while (g_ascii_isdigit (*p) && count <= G_MAXUINT32)
    count = count * 10 + (guint64) (*p++ - '0');
  for (guint i = 0; p > text && count >= 1 && i < G_N_ELEMENTS (units); i++)
    if (strcmp (p, units[i].suffix) == 0 && count * units[i].factor <= G_MAXINT32)
      {
        period->unit = units[i].unit;
        period->count = (guint) (count * units[i].factor);
        return TRUE;
      }
  g_autofree char *shown = bk_escape_text (text, -1);
  /* Translators: %s is what was given; keep s, min, h, d and w: they are
   * what Barkeep reads. */
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("'%s' is not a period: use a number and s, min, h, d or w (5min, 1h)"),
               shown);
  return FALSE;
}

char *
bk_period_format (const BkPeriod *period)
{
  switch (period->unit)
    {
    case BK_PERIOD_SECONDS:
      return g_strdup_printf ("%us", period->count);
    case BK_PERIOD_MINUTES:
      if (period->count % 60 == 0)
        return g_strdup_printf ("%uh", period->count / 60);
      return g_strdup_printf ("%umin", period->count);
    case BK_PERIOD_DAYS:
      return g_strdup_printf ("%ud", period->count);
    case BK_PERIOD_WEEKS:
      return g_strdup_printf ("%uw", period->count);
    }
  g_return_val_if_reached (NULL);
}

gboolean
bk_period_is_intraday (const BkPeriod *period)
{
  return period->unit == BK_PERIOD_SECONDS || period->unit == BK_PERIOD_MINUTES;
}

/* ---- times -------------------------------------------------------------- */

static gint64
floor_div (gint64 a, gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static gint64
day_start (gint64 t)
{
  return floor_div (t, US_PER_DAY) * US_PER_DAY;
}

/* _getnexteos: the session's end on the tick's day, or the next day's if
 * the tick is after it. */
static gint64
next_eos_after (gint64 t)
{
  gint64 eos = day_start (t) + SESSION_END_US;

  while (t > eos)
    eos += US_PER_DAY;
  return eos;
}

/* _gettmpoint: the point of the day in the period's unit, and whether
 * anything finer than the unit is left over. */
static gint64
time_point (const BkResampler *r, gint64 t, gboolean *rest)
{
  gint64 of_day = t - day_start (t);
  gint64 seconds = of_day / US_PER_SECOND;

  if (r->period.unit == BK_PERIOD_SECONDS)
    {
      *rest = of_day % US_PER_SECOND != 0;
      return seconds;
    }
  *rest = of_day % (60 * US_PER_SECOND) != 0;
  return seconds / 60;
}

/* The ISO year and week, as year * 100 + week. */
static gint64
iso_year_week (gint64 t)
{
  gint64 days = floor_div (t, US_PER_DAY);
  /* 1970-01-01 was a Thursday: Monday is 0. */
  gint64 weekday = (days + 3) % 7;
  if (weekday < 0)
    weekday += 7;
  /* The week's Thursday names its ISO year (GDate's day 1 is 0001-01-01;
   * before it, weeks are only counted). */
  gint64 julian = days - weekday + 3 + 719163;
  if (julian < 1)
    return floor_div (julian, 7);
  GDate *thursday = g_date_new_julian ((guint32) julian);
  gint64 key = g_date_get_year (thursday) * 100 + g_date_get_iso8601_week_of_year (thursday);

  g_date_free (thursday);
  return key;
}

static double
seconds_of (gint64 t)
{
  return (double) t / (double) US_PER_SECOND;
}

/* ---- the bar being built (_Bar) ----------------------------------------- */

static void
bar_start (Bar *bar)
{
  *bar = (Bar) {
    .dt = BAR_MAXDATE,
    .datetime = NAN,
    .open = NAN,
    .high = -INFINITY,
    .low = INFINITY,
    .close = NAN,
  };
}

static gboolean
bar_is_open (const Bar *bar)
{
  return !isnan (bar->open);
}

static void
bar_update (Bar *bar, const BkBar *tick, gint64 t, gboolean reopen)
{
  if (reopen)
    bar_start (bar);
  bar->dt = t;
  bar->datetime = tick->datetime;
  bar->high = MAX (bar->high, tick->high);
  bar->low = MIN (bar->low, tick->low);
  bar->close = tick->close;
  bar->volume += tick->volume;
  bar->openinterest = tick->openinterest;
  if (reopen || isnan (bar->open))
    bar->open = tick->open;
}

static void
bar_set_time (Bar *bar, gint64 t)
{
  bar->dt = t;
  bar->datetime = seconds_of (t);
}

/* ---- backtrader's decisions --------------------------------------------- */

/* _eoscheck: the tick is at (exact) or past the session's end while the
 * bar holds something from before it. */
static gboolean
eos_check (BkResampler *r, gint64 t, gboolean exact)
{
  if (!r->has_next_eos)
    {
      r->next_eos = next_eos_after (t);
      r->has_next_eos = TRUE;
    }

  gboolean over;
  if (exact || t <= r->next_eos)
    over = t == r->next_eos;
  else
    over = bar_is_open (&r->bar) && r->bar.dt <= r->next_eos;
  if (over)
    {
      r->last_eos = r->next_eos;
      r->has_next_eos = FALSE;
    }
  return over;
}

static gboolean
bar_over_subdays (BkResampler *r, gint64 t)
{
  gboolean rest;

  if (eos_check (r, t, FALSE))
    return TRUE;
  if (t < r->bar.dt)
    return FALSE;

  gint64 point = time_point (r, r->bar.dt, &rest);
  gint64 bar_point = time_point (r, t, &rest);
  if (bar_point <= point)
    return FALSE;
  return r->compression == 1 || bar_point / (gint64) r->compression > point / (gint64) r->compression;
}

static gboolean
bar_over (BkResampler *r, gint64 t)
{
  switch (r->period.unit)
    {
    case BK_PERIOD_SECONDS:
    case BK_PERIOD_MINUTES:
      return bar_over_subdays (r, t);
    case BK_PERIOD_DAYS:
      return eos_check (r, t, FALSE);
    case BK_PERIOD_WEEKS:
      /* A closed bar is at MAXDATE, in no earlier week. */
      return bar_is_open (&r->bar) && iso_year_week (t) > iso_year_week (r->bar.dt);
    }
  g_return_val_if_reached (FALSE);
}

/* _checkbarover */
static gboolean
check_bar_over (BkResampler *r, gint64 t)
{
  if (!r->componly && !bar_over (r, t))
    return FALSE;
  if (r->subdays)
    return TRUE;
  r->compcount++;
  return r->compcount % r->compression == 0;
}

/* _dataonedge: TRUE when the tick is right on the period's end, and so
 * belongs to the bar it closes; *check_over FALSE when nothing else needs
 * checking. */
static gboolean
data_on_edge (BkResampler *r, gint64 t, gboolean *check_over)
{
  gboolean rest;

  *check_over = TRUE;
  if (!r->subweeks)
    return FALSE;
  if (eos_check (r, t, TRUE))
    return TRUE;
  if (!r->subdays)
    return FALSE;
  gint64 point = time_point (r, t, &rest);
  return !rest && point % (gint64) r->compression == 0;
}

/* _calcadjtime: the end of the bar's period, or the session's end that
 * closed it. */
static gint64
adjusted_time (BkResampler *r)
{
  gboolean rest;

  if (!r->has_next_eos)
    return r->last_eos;
  gint64 point = time_point (r, r->bar.dt, &rest);
  point = (point / (gint64) r->compression + 1) * (gint64) r->compression;

  gint64 of_day;
  switch (r->period.unit)
    {
    case BK_PERIOD_SECONDS:
      of_day = point * US_PER_SECOND;
      break;
    case BK_PERIOD_MINUTES:
      of_day = point * 60 * US_PER_SECOND;
      break;
    default:
      of_day = SESSION_END_US;
      break;
    }
  /* Past midnight, into the days after. */
  return day_start (r->bar.dt) + of_day;
}

/* _adjusttime; with `greater`, only a later time. */
static void
adjust_time (BkResampler *r, gboolean greater)
{
  gint64 t = adjusted_time (r);

  if (greater && t <= r->bar.dt)
    return;
  bar_set_time (&r->bar, t);
}

/* ---- out ---------------------------------------------------------------- */

static void
emit (BkResampler *r, gboolean replaces)
{
  const Bar *bar = &r->bar;

  r->out = (BkBar) {
    .datetime = bar->datetime,
    .open = bar->open,
    .high = bar->high,
    .low = bar->low,
    .close = bar->close,
    .volume = bar->volume,
    .openinterest = bar->openinterest,
  };
  /* Bars of dates stay dates: backtrader's session end is its way of
   * putting a day's bar after the day's ticks. */
  if (!r->has_time)
    r->out.datetime = seconds_of (day_start (bar->dt));
  r->out_replaces = replaces;
  r->pending = TRUE;
  r->has_slot = TRUE;
  r->slot_dt = bar->dt;
}

/* A tick handed out as it is, opening a bar (replay's forward step). */
static void
emit_tick (BkResampler *r, const BkBar *tick, gint64 t)
{
  r->out = *tick;
  r->out_replaces = FALSE;
  r->pending = TRUE;
  r->has_slot = TRUE;
  r->slot_dt = t;
}

/* Resampler.__call__ */
static void
resample_tick (BkResampler *r, const BkBar *tick, gint64 t)
{
  gboolean consumed = FALSE, on_edge = FALSE, check_over = TRUE;

  if (r->subdays && r->has_slot && t <= r->slot_dt)
    {
      /* Late: into the bar being built, just after the one handed out. */
      bar_update (&r->bar, tick, t, FALSE);
      bar_set_time (&r->bar, r->slot_dt + LATE_PUSH_US);
      return;
    }
  if (r->componly)
    {
      r->last_eos = next_eos_after (t);
      consumed = TRUE;
    }
  else
    {
      on_edge = data_on_edge (r, t, &check_over);
      consumed = on_edge;
    }
  if (consumed)
    bar_update (&r->bar, tick, t, FALSE);

  gboolean over = bar_is_open (&r->bar);
  if (over && !on_edge && check_over)
    over = check_bar_over (r, t);
  if (over)
    {
      if (!on_edge && r->adjust_time)
        adjust_time (r, TRUE);
      emit (r, FALSE);
      bar_start (&r->bar);
    }
  if (!consumed)
    bar_update (&r->bar, tick, t, FALSE);
}

/* Replayer.__call__: every tick hands out the bar so far. */
static void
replay_tick (BkResampler *r, const BkBar *tick, gint64 t)
{
  gboolean consumed = FALSE, on_edge = FALSE, late = FALSE, check_over = TRUE;

  if (r->subdays && r->has_slot && t <= r->slot_dt)
    consumed = late = TRUE;
  else if (r->componly)
    consumed = TRUE;
  else
    {
      on_edge = data_on_edge (r, t, &check_over);
      consumed = on_edge;
    }
  if (consumed)
    {
      bar_update (&r->bar, tick, t, FALSE);
      if (late)
        bar_set_time (&r->bar, r->slot_dt + LATE_PUSH_US);
    }

  gboolean over = on_edge;
  if (!over && check_over)
    over = check_bar_over (r, t);
  if (over && !consumed)
    {
      /* The tick opens the next bar. */
      bar_update (&r->bar, tick, t, TRUE);
      emit_tick (r, tick, t);
      return;
    }
  if (over)
    {
      /* The tick ends the bar it joined. */
      emit (r, !r->firstbar);
      bar_start (&r->bar);
      r->firstbar = TRUE;
      return;
    }
  if (!consumed)
    bar_update (&r->bar, tick, t, FALSE);
  emit (r, !r->firstbar);
  r->firstbar = FALSE;
}

/* ---- public ------------------------------------------------------------- */

BkResampler *
bk_resampler_new (const BkPeriod *period, BkResampleMode mode)
{
  BkResampler *r = g_new0 (BkResampler, 1);

  g_return_val_if_fail (period->count >= 1, NULL);
  r->period = *period;
  r->mode = mode;
  r->compression = period->count;
  r->subdays = bk_period_is_intraday (period);
  r->subweeks = period->unit != BK_PERIOD_WEEKS;
  r->adjust_time = mode == BK_RESAMPLE && r->subweeks;
  r->firstbar = TRUE;
  bar_start (&r->bar);
  return r;
}

void
bk_resampler_free (BkResampler *resampler)
{
  g_free (resampler);
}

static gboolean
start (BkResampler *r, gboolean has_time, GError **error)
{
  r->started = TRUE;
  r->has_time = has_time;
  if (!has_time && r->subdays)
    {
      g_autofree char *period = bk_period_format (&r->period);
      /* Translators: %s is a period, "1min"; "resampling" and "replaying"
       * name --resample and --replay. */
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   r->mode == BK_RESAMPLE
                   ? _("cannot resample bars of whole days to %s: the data has no time of day; "
                       "use d or w, or a file of ticks or intraday bars")
                   : _("cannot replay bars of whole days as %s: the data has no time of day; "
                       "use d or w, or a file of ticks or intraday bars"),
                   period);
      r->ended = TRUE;
      return FALSE;
    }
  /* Days from days only count them (backtrader's componly). */
  r->componly = !has_time && r->period.unit == BK_PERIOD_DAYS;
  return TRUE;
}

gboolean
bk_resampler_next (BkResampler *resampler, BkResamplerPull pull, gpointer pull_data,
                   gboolean has_time, BkBar *bar, gboolean *replaces, GError **error)
{
  BkResampler *r = resampler;
  gboolean flushed = FALSE;
  BkBar tick;

  while (!r->pending && !r->ended)
    {
      GError *local_error = NULL;

      if (!pull (pull_data, &tick, &local_error))
        {
          r->ended = TRUE;
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          /* Resampler.last: the bar being built goes out at the end. */
          if (r->mode == BK_RESAMPLE && bar_is_open (&r->bar))
            {
              if (r->adjust_time)
                adjust_time (r, FALSE);
              emit (r, FALSE);
              bar_start (&r->bar);
              flushed = TRUE;
            }
          break;
        }
      if (!r->started && !start (r, has_time, error))
        return FALSE;
      r->ticks++;
      r->tick = tick;

      gint64 t = (gint64) llround (tick.datetime * (double) US_PER_SECOND);
      if (r->mode == BK_RESAMPLE)
        resample_tick (r, &tick, t);
      else
        replay_tick (r, &tick, t);
    }
  if (!r->pending)
    return FALSE;
  /* What backtrader's broker fills at: in replay the tick; resampling,
   * the bar, which cerebro copies into tick_open... as it hands it out,
   * except the bar last() hands out at the end, which keeps the bar
   * before's. */
  if (r->mode == BK_REPLAY)
    r->fill = r->tick;
  else if (!flushed || !r->has_fill)
    r->fill = r->out;
  r->has_fill = TRUE;
  r->pending = FALSE;
  *bar = r->out;
  if (replaces != NULL)
    *replaces = r->out_replaces;
  return TRUE;
}

const BkBar *
bk_resampler_get_fill_prices (BkResampler *resampler)
{
  return &resampler->fill;
}

guint64
bk_resampler_get_ticks (BkResampler *resampler)
{
  return resampler->ticks;
}

const BkPeriod *
bk_resampler_get_period (BkResampler *resampler)
{
  return &resampler->period;
}

BkResampleMode
bk_resampler_get_mode (BkResampler *resampler)
{
  return resampler->mode;
}
