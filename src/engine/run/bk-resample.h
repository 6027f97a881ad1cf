/* bk-resample.h — ticks or small bars into bigger bars, as backtrader's
 * resampledata() and replaydata() make them.
 *
 * A resampler sits between a source's raw bars and the run.  Resampling
 * hands out each bar once its period is over: when the first tick of the
 * next period arrives, or the feed ends.  Replay hands out the bar as it
 * forms: at every tick, the bar so far, marked as replacing the one
 * before until its period is over.  Both follow backtrader 1.9.78.123's
 * Resampler and Replayer with their defaults (bar2edge, rightedge,
 * boundoff 0, takelate; adjbartime for resampling, not for replay; the
 * session ending at 23:59:59.999990 every day), in whole microseconds:
 *   - a bar of seconds, minutes or hours is labelled with its period's
 *     end (09:31:00 for 09:30:00.000-09:30:59.999), a tick right on an
 *     edge closing the bar it ends; a bar that a new day ends is labelled
 *     with its day's session end;
 *   - a bar of days ends when a tick passes the session's end, and is
 *     labelled with it; a bar of weeks ends when a tick falls in a later
 *     ISO week, and keeps its last tick's time;
 *   - open first, high highest, low lowest, close last, volume summed,
 *     openinterest the last;
 *   - a tick not after the bar handed out before it (a repeated time) is
 *     late: it joins the bar being built, whose time is pushed 86.4 ms
 *     (backtrader's 0.000001 days) past the earlier bar's.
 */
#pragma once

#include "bk-bar.h"

G_BEGIN_DECLS

typedef enum {
  BK_PERIOD_SECONDS,
  BK_PERIOD_MINUTES,     /* hours are 60 minutes, as in backtrader */
  BK_PERIOD_DAYS,
  BK_PERIOD_WEEKS,
} BkPeriodUnit;

typedef struct {
  BkPeriodUnit unit;
  guint count;           /* at least 1 */
} BkPeriod;

/* "10s", "1min", "5min", "1h", "4h", "1d", "1w": a count and s, min, h, d
 * or w.  FALSE with `error` set ("'7x' is not a period: ...") if not. */
gboolean bk_period_parse (const char *text, BkPeriod *period, GError **error);
/* As written back: "5min", "1h", "30s" (hours when whole). */
char *bk_period_format (const BkPeriod *period);
/* TRUE when bars of `period` are shorter than a day. */
gboolean bk_period_is_intraday (const BkPeriod *period);

typedef enum {
  BK_RESAMPLE,           /* resampledata: whole bars */
  BK_REPLAY,             /* replaydata: the bar as it forms */
} BkResampleMode;

typedef struct _BkResampler BkResampler;

/* Where the resampler's raw bars come from: TRUE with *bar, FALSE at the
 * end (error unset) or on an error. */
typedef gboolean (*BkResamplerPull) (gpointer data, BkBar *bar, GError **error);

BkResampler *bk_resampler_new (const BkPeriod *period, BkResampleMode mode);
void bk_resampler_free (BkResampler *resampler);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkResampler, bk_resampler_free)

/* The next bar out, pulling raw bars as it needs them; `has_time` tells
 * whether the raw bars have a time of day.  FALSE at the end or on an
 * error (a daily bar resampled to less than a day).  In replay,
 * *replaces says whether the bar is the one handed out before, grown. */
gboolean bk_resampler_next (BkResampler *resampler, BkResamplerPull pull, gpointer pull_data,
                            gboolean has_time, BkBar *bar, gboolean *replaces, GError **error);
/* The prices backtrader's broker fills orders at on the bar handed out
 * last (its data's tick_open, tick_high, tick_low and tick_close): in
 * replay the tick's; resampling the bar's, but for the bar the end of the
 * data hands out, which keeps the bar before's (cerebro does not copy the
 * last bar's). */
const BkBar *bk_resampler_get_fill_prices (BkResampler *resampler);
/* Raw bars taken so far. */
guint64 bk_resampler_get_ticks (BkResampler *resampler);
const BkPeriod *bk_resampler_get_period (BkResampler *resampler);
BkResampleMode bk_resampler_get_mode (BkResampler *resampler);

G_END_DECLS
