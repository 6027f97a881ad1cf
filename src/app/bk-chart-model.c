/* bk-chart-model.c — the chart's model (bk-chart-model.h).
 *
 * Summaries of every complete chunk of a plotted line at three sizes (64,
 * 512 and 4096 values) are kept up to date as the line grows.  A column of
 * many bars merges the largest chunks that fit and reads values one by one
 * only at its ragged ends, so that a new view of a million bars costs a
 * millisecond rather than a pass over every value.  They cost 0.72 bytes a
 * bar per plotted line, a tenth of the line itself. */

#include "config.h"

#include "bk-chart-model.h"

#define MIN_VISIBLE_BARS 10.0

#define N_LEVELS 3
#define LEVEL_SHIFT(k) (6 + 3 * (k))
#define CHUNK_VALUES (G_GUINT64_CONSTANT (1) << LEVEL_SHIFT (0))

typedef struct {
  BkChartAgg *chunks[N_LEVELS];
  guint64 n_chunks[N_LEVELS];
  guint64 capacity[N_LEVELS];
} Summary;

struct _BkChartModel
{
  GObject parent_instance;

  BkRun *run;
  BkPlotPlan *plan;        /* the run's, or the display ring's (not ours) */
  BkDisplayRing *ring;     /* a live window's bars, or NULL */
  guint64 generation;      /* raised when the ring's bars are rewritten */
  GArray *pane_shown;      /* gboolean, one per pane of the plan */
  GHashTable *summaries;   /* BkLine* → Summary* */
  guint64 n_bars;
  guint64 scanned;         /* bars the hidden panes have been looked through */

  /* The view, in bars; `follow`: the right edge stays on the last bar. */
  double view_start;
  double view_end;
  gboolean view_full;
  gboolean follow;
  /* A live run's: the newest `live_span` bars in view until the user
   * moves it (`user_view`). */
  guint live_span;
  gboolean user_view;

  /* The bars a shown period highlights, [first, end); none when equal. */
  guint64 highlight_first;
  guint64 highlight_end;
};

G_DEFINE_FINAL_TYPE (BkChartModel, bk_chart_model, G_TYPE_OBJECT)

enum {
  CHANGED,
  RUN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- data */

/* Every value of a line below its published length is written and its
 * blocks never move (bk-line.h): they are read directly, a block at a
 * time.  One block's run of values is folded without a branch per value:
 * NaN fails every comparison, so it never becomes the minimum or the
 * maximum, and it adds nothing to the sum; the first and last values are
 * looked for from the ends. */
#define FOLD_RUN(TYPE)                                                  \
  {                                                                     \
    const TYPE *v = (const TYPE *) base;                                \
    guint64 i0 = from & (BK_BLOCK_VALUES - 1);                          \
    guint64 i1 = i0 + (end - from);                                     \
    guint64 f = i0, l = i1;                                             \
    double mn = INFINITY, mx = -INFINITY, sum = 0.0;                    \
                                                                        \
    while (f < i1 && isnan ((double) v[f]))                             \
      f++;                                                              \
    if (f < i1)                                                         \
      {                                                                 \
        while (isnan ((double) v[l - 1]))                               \
          l--;                                                          \
        for (guint64 i = f; i < l; i++)                                 \
          {                                                             \
            double x = v[i];                                            \
            mn = x < mn ? x : mn;                                       \
            mx = x > mx ? x : mx;                                       \
            sum += x == x ? x : 0.0;                                    \
          }                                                             \
        if (isnan (a.first))                                            \
          {                                                             \
            a.first = v[f];                                             \
            a.min = mn;                                                 \
            a.max = mx;                                                 \
          }                                                             \
        else                                                            \
          {                                                             \
            a.min = MIN (a.min, mn);                                    \
            a.max = MAX (a.max, mx);                                    \
          }                                                             \
        a.last = v[l - 1];                                              \
        a.sum += sum;                                                   \
      }                                                                 \
  }

static void
fold_values (const BkLine *line, guint64 from, guint64 to, BkChartAgg *agg)
{
  BkChartAgg a = *agg;
  BkPrecision precision = bk_line_get_precision (line);

  while (from < to)
    {
      guint64 block = from >> BK_BLOCK_SHIFT;
      const void *base = bk_line_get_block (line, from);
      guint64 end = MIN ((block + 1) << BK_BLOCK_SHIFT, to);

      if (precision == BK_PRECISION_F64)
        FOLD_RUN (double)
      else
        FOLD_RUN (float)
      from = end;
    }
  *agg = a;
}

static inline void
agg_merge (BkChartAgg *a, const BkChartAgg *b)
{
  if (isnan (b->first))
    return;
  if (isnan (a->first))
    {
      *a = *b;
      return;
    }
  a->min = MIN (a->min, b->min);
  a->max = MAX (a->max, b->max);
  a->last = b->last;
  a->sum += b->sum;
}

static void
summary_free (gpointer data)
{
  Summary *summary = data;

  for (guint k = 0; k < N_LEVELS; k++)
    g_free (summary->chunks[k]);
  g_free (summary);
}

static Summary *
model_get_summary (BkChartModel *self, const BkLine *line)
{
  Summary *summary = g_hash_table_lookup (self->summaries, line);
  /* The newest value is never summarised: a replayed run rewrites it as
   * its bar forms; it is read as it is at each frame. */
  guint64 length = bk_line_get_published_length (line);
  length = length > 0 ? length - 1 : 0;

  if (summary == NULL)
    {
      summary = g_new0 (Summary, 1);
      g_hash_table_insert (self->summaries, (gpointer) line, summary);
    }
  for (guint k = 0; k < N_LEVELS; k++)
    {
      guint64 complete = length >> LEVEL_SHIFT (k);

      if (complete > summary->capacity[k])
        {
          summary->capacity[k] = MAX (complete, summary->capacity[k] * 2);
          summary->chunks[k] = g_renew (BkChartAgg, summary->chunks[k], summary->capacity[k]);
        }
      for (guint64 j = summary->n_chunks[k]; j < complete; j++)
        {
          BkChartAgg *chunk = &summary->chunks[k][j];

          *chunk = BK_CHART_AGG_EMPTY;
          if (k == 0)
            fold_values (line, j << LEVEL_SHIFT (0), (j + 1) << LEVEL_SHIFT (0), chunk);
          else
            for (guint64 i = j << 3; i < (j + 1) << 3; i++)
              agg_merge (chunk, &summary->chunks[k - 1][i]);
        }
      summary->n_chunks[k] = complete;
    }
  return summary;
}

/* Bars [b0, b1) of `line`: the largest summarised chunk that starts at the
 * next bar and fits, else the values up to the next chunk boundary. */
static void
aggregate_range (const BkLine *line, const Summary *summary, guint64 b0, guint64 b1, BkChartAgg *out)
{
  while (b0 < b1)
    {
      gboolean merged = FALSE;

      for (int k = N_LEVELS - 1; k >= 0 && summary != NULL; k--)
        {
          guint64 size = G_GUINT64_CONSTANT (1) << LEVEL_SHIFT (k);
          guint64 j = b0 >> LEVEL_SHIFT (k);

          if ((b0 & (size - 1)) == 0 && b0 + size <= b1 && j < summary->n_chunks[k])
            {
              agg_merge (out, &summary->chunks[k][j]);
              b0 += size;
              merged = TRUE;
              break;
            }
        }
      if (!merged)
        {
          guint64 next = MIN ((b0 | (CHUNK_VALUES - 1)) + 1, b1);

          fold_values (line, b0, next, out);
          b0 = next;
        }
    }
}

/* Brings the summaries of every drawn line up to its published length:
 * done when new bars arrive, so that the frame that follows only has
 * columns to merge. */

void
bk_chart_model_aggregate (BkChartModel *self, const BkLine *line, guint64 b0, guint64 b1, gboolean summarised,
                          BkChartAgg *out)
{
  aggregate_range (line, summarised ? model_get_summary (self, line) : NULL, b0, b1, out);
}

void
bk_chart_model_aggregate_columns (BkChartModel *self, const BkLine *line, const BkChartColumn *cols,
                                  guint n_cols, gboolean summarised, BkChartAgg *out)
{
  for (guint c = 0; c < n_cols; c++)
    out[c] = BK_CHART_AGG_EMPTY;
  if (line == NULL || n_cols == 0)
    return;

  guint64 length = bk_line_get_published_length (line);
  const Summary *summary = summarised ? model_get_summary (self, line) : NULL;

  for (guint c = 0; c < n_cols; c++)
    aggregate_range (line, summary, cols[c].b0, MIN (cols[c].b1, length), &out[c]);
}

gboolean
bk_chart_model_make_columns (BkChartModel *self, double left, double plot_width, GArray *columns, double *bar_px)
{
  double span = self->view_end - self->view_start;
  guint64 n = self->n_bars;
  guint64 i0 = (guint64) CLAMP (floor (self->view_start), 0.0, (double) n);
  guint64 i1 = (guint64) CLAMP (ceil (self->view_end), 0.0, (double) n);
  int width = (int) plot_width;

  g_array_set_size (columns, 0);
  *bar_px = span > 0 ? plot_width / span : 1.0;
  if (*bar_px >= 1.0)
    {
      for (guint64 i = i0; i < i1; i++)
        {
          BkChartColumn col = { i, i + 1, left + ((double) i + 0.5 - self->view_start) * *bar_px };
          g_array_append_val (columns, col);
        }
      return FALSE;
    }
  guint64 snap = 1;
  for (guint k = 0; k < N_LEVELS; k++)
    if (span / width >= 4.0 * (double) (G_GUINT64_CONSTANT (1) << LEVEL_SHIFT (k)))
      snap = G_GUINT64_CONSTANT (1) << LEVEL_SHIFT (k);
  guint64 b0 = i0;
  for (int px = 0; px < width; px++)
    {
      double edge = self->view_start + (px + 1) * span / width;
      guint64 b1 = px == width - 1 ? i1 : (guint64) CLAMP (floor (edge), (double) i0, (double) i1);

      if (px < width - 1 && snap > 1)
        b1 = MAX (b0, MIN (i1, (b1 + snap / 2) & ~(snap - 1)));

      if (b1 > b0)
        {
          BkChartColumn col = { b0, b1, left + px + 0.5 };
          g_array_append_val (columns, col);
          b0 = b1;
        }
    }
  return TRUE;
}

guint64
bk_chart_bar_at_time (const BkLine *datetime, double t, guint64 lo, guint64 hi)
{
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;
      double v = bk_line_get_at (datetime, mid);

      if (v < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---------------------------------------------------------------- bars */

static void model_take (BkChartModel *self, BkRun *run, BkPlotPlan *plan, BkDisplayRing *ring);

static guint64
model_published_bars (BkChartModel *self)
{
  guint64 n = G_MAXUINT64;

  if (self->plan == NULL || bk_plot_plan_get_feed_line (self->plan, BK_FEED_CLOSE) == NULL)
    return 0;
  for (guint i = BK_FEED_DATETIME; i <= BK_FEED_CLOSE; i++)
    n = MIN (n, bk_line_get_published_length (bk_plot_plan_get_feed_line (self->plan, i)));
  return n;
}

/* A pane the plan does not always show appears once one of its series has
 * a value (the Trades pane, once a trade has closed). */
static void
model_scan_hidden_panes (BkChartModel *self)
{
  for (guint p = 0; p < self->pane_shown->len; p++)
    {
      const BkPlotPane *pane = bk_plot_plan_get_pane (self->plan, p);

      if (g_array_index (self->pane_shown, gboolean, p))
        continue;
      for (guint s = 0; s < bk_plot_pane_get_n_series (pane); s++)
        {
          const BkLine *line = bk_plot_series_get_line (bk_plot_pane_get_series (pane, s));
          guint64 length = bk_line_get_published_length (line);
          BkChartAgg seen = BK_CHART_AGG_EMPTY;

          if (length > self->scanned)
            fold_values (line, self->scanned, length, &seen);
          if (!isnan (seen.first))
            g_array_index (self->pane_shown, gboolean, p) = TRUE;
        }
    }
  self->scanned = self->n_bars;
}

static void
model_update_length (BkChartModel *self)
{
  guint64 n = model_published_bars (self);
  double span = self->view_end - self->view_start;

  self->n_bars = n;
  if (self->live_span > 0 && !self->user_view && n > self->live_span)
    {
      self->view_full = FALSE;
      self->follow = TRUE;
      span = (double) self->live_span;
    }
  if (self->view_full)
    {
      self->view_start = 0;
      self->view_end = (double) n;
    }
  else if (self->follow)
    {
      self->view_end = (double) n;
      self->view_start = MAX (0.0, self->view_end - span);
    }
  if (self->plan != NULL)
    model_scan_hidden_panes (self);
}

/* Brings the summaries of every drawn line up to its published length:
 * done when new bars arrive, so that the frame that follows only has
 * columns to merge. */
static void
model_update_summaries (BkChartModel *self)
{
  if (self->plan == NULL)
    return;
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (bk_plot_plan_get_feed_line (self->plan, i) != NULL)
      model_get_summary (self, bk_plot_plan_get_feed_line (self->plan, i));
  for (BkPlotMark m = BK_PLOT_MARK_BUY; m < BK_PLOT_N_MARKS; m++)
    if (bk_plot_plan_get_marks (self->plan, m) != NULL)
      model_get_summary (self, bk_plot_plan_get_marks (self->plan, m));
  for (guint p = 0; p < bk_plot_plan_get_n_panes (self->plan); p++)
    {
      const BkPlotPane *pane = bk_plot_plan_get_pane (self->plan, p);

      for (guint s = 0; s < bk_plot_pane_get_n_series (pane); s++)
        model_get_summary (self, bk_plot_series_get_line (bk_plot_pane_get_series (pane, s)));
    }
}

static void
model_changed (BkChartModel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
bk_chart_model_set_run (BkChartModel *self, BkRun *run)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));

  if (self->run == run && self->ring == NULL)
    {
      bk_chart_model_refresh (self);
      return;
    }
  model_take (self, run, run != NULL ? bk_plot_plan_new (run) : NULL, NULL);
}

void
bk_chart_model_set_display_ring (BkChartModel *self, BkDisplayRing *ring)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));

  if (ring == NULL)
    {
      bk_chart_model_set_run (self, NULL);
      return;
    }
  if (self->ring == ring)
    {
      bk_chart_model_refresh (self);
      return;
    }
  bk_display_ring_update (ring);
  model_take (self, bk_display_ring_get_run (ring), (BkPlotPlan *) bk_display_ring_get_plan (ring), ring);
}

BkDisplayRing *
bk_chart_model_get_display_ring (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), NULL);
  return self->ring;
}

static void
model_drop (BkChartModel *self)
{
  g_hash_table_remove_all (self->summaries);
  if (self->ring == NULL)
    g_clear_pointer (&self->plan, bk_plot_plan_free);
  self->plan = NULL;
  g_clear_pointer (&self->ring, bk_display_ring_unref);
  g_clear_pointer (&self->run, bk_run_free);
}

/* Shows `run` through `plan` (taken; a ring's, borrowed). */
static void
model_take (BkChartModel *self, BkRun *run, BkPlotPlan *plan, BkDisplayRing *ring)
{
  model_drop (self);
  g_array_set_size (self->pane_shown, 0);
  self->n_bars = 0;
  self->scanned = 0;
  self->highlight_first = self->highlight_end = 0;
  self->generation++;
  if (run != NULL)
    {
      self->run = bk_run_ref (run);
      self->ring = ring != NULL ? bk_display_ring_ref (ring) : NULL;
      self->plan = plan;
      for (guint p = 0; p < bk_plot_plan_get_n_panes (self->plan); p++)
        {
          gboolean shown = bk_plot_pane_get_always_shown (bk_plot_plan_get_pane (self->plan, p));
          g_array_append_val (self->pane_shown, shown);
        }
    }
  self->view_full = TRUE;
  self->follow = TRUE;
  self->user_view = FALSE;
  model_update_length (self);
  g_signal_emit (self, signals[RUN_CHANGED], 0);
  model_changed (self);
}

BkRun *
bk_chart_model_get_run (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), NULL);
  return self->run;
}

const BkPlotPlan *
bk_chart_model_get_plan (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), NULL);
  return self->plan;
}

gboolean
bk_chart_model_get_pane_shown (BkChartModel *self, guint i)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), FALSE);
  g_return_val_if_fail (i < self->pane_shown->len, FALSE);
  return g_array_index (self->pane_shown, gboolean, i);
}

void
bk_chart_model_refresh (BkChartModel *self)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  if (self->ring != NULL && bk_display_ring_update (self->ring))
    {
      /* Every bar moved: summaries and frames start again. */
      g_hash_table_remove_all (self->summaries);
      self->scanned = 0;
      self->generation++;
    }
  model_update_length (self);
  model_update_summaries (self);
  model_changed (self);
}

guint64
bk_chart_model_get_n_bars (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), 0);
  return self->n_bars;
}

/* ---------------------------------------------------------------- view */

void
bk_chart_model_get_view (BkChartModel *self, double *start, double *end)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  if (start != NULL)
    *start = self->view_start;
  if (end != NULL)
    *end = self->view_end;
}

gboolean
bk_chart_model_get_view_full (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), TRUE);
  return self->view_full;
}

double
bk_chart_model_get_min_span (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), 0.0);
  return MIN ((double) self->n_bars, MIN_VISIBLE_BARS);
}

void
bk_chart_model_set_live_span (BkChartModel *self, guint bars)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  self->live_span = bars;
  self->user_view = FALSE;
}

guint64
bk_chart_model_get_generation (BkChartModel *self)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), 0);
  return self->generation;
}

void
bk_chart_model_set_view (BkChartModel *self, double start, double end)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));

  /* The user's: a live run's chart stays where it is put. */
  self->user_view = TRUE;

  double n = (double) self->n_bars;
  double span = CLAMP (end - start, bk_chart_model_get_min_span (self), n);

  if (n == 0 || span >= n)
    {
      self->view_full = TRUE;
      self->view_start = 0;
      self->view_end = n;
      self->follow = TRUE;
    }
  else
    {
      start = CLAMP (start, 0.0, n - span);
      self->view_full = FALSE;
      self->view_start = start;
      self->view_end = start + span;
      self->follow = self->view_end >= n - 1e-9;
    }
  model_changed (self);
}

void
bk_chart_model_zoom (BkChartModel *self, double factor, double anchor)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));

  double span = self->view_end - self->view_start;
  double anchor_bar = self->view_start + anchor * span;
  double new_span = CLAMP (span * factor, bk_chart_model_get_min_span (self), (double) self->n_bars);
  bk_chart_model_set_view (self, anchor_bar - anchor * new_span, anchor_bar + (1 - anchor) * new_span);
}

void
bk_chart_model_pan (BkChartModel *self, double bars)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  bk_chart_model_set_view (self, self->view_start + bars, self->view_end + bars);
}

void
bk_chart_model_reset_view (BkChartModel *self)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  bk_chart_model_set_view (self, 0, (double) self->n_bars);
}

void
bk_chart_model_show_period (BkChartModel *self, double from, double to)
{
  g_return_if_fail (BK_IS_CHART_MODEL (self));
  if (self->n_bars == 0)
    return;

  const BkLine *datetime = bk_plot_plan_get_feed_line (self->plan, BK_FEED_DATETIME);
  double first = (double) bk_chart_bar_at_time (datetime, from, 0, self->n_bars);
  double last = (double) bk_chart_bar_at_time (datetime, to, 0, self->n_bars) + 1;
  /* The period in the middle third, or 60 bars around a short one. */
  double margin = MAX (last - first, (60.0 - (last - first)) / 2);

  self->highlight_first = (guint64) first;
  self->highlight_end = MIN ((guint64) last, self->n_bars);
  bk_chart_model_set_view (self, first - margin, last + margin);
}

gboolean
bk_chart_model_get_highlight (BkChartModel *self, guint64 *first, guint64 *end)
{
  g_return_val_if_fail (BK_IS_CHART_MODEL (self), FALSE);
  *first = self->highlight_first;
  *end = self->highlight_end;
  return self->highlight_end > self->highlight_first;
}

/* ---------------------------------------------------------------- object */

static void
bk_chart_model_finalize (GObject *object)
{
  BkChartModel *self = BK_CHART_MODEL (object);

  model_drop (self);
  g_hash_table_unref (self->summaries);
  g_array_unref (self->pane_shown);
  G_OBJECT_CLASS (bk_chart_model_parent_class)->finalize (object);
}

static void
bk_chart_model_class_init (BkChartModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_chart_model_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RUN_CHANGED] = g_signal_new ("run-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bk_chart_model_init (BkChartModel *self)
{
  self->summaries = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, summary_free);
  self->pane_shown = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->view_full = TRUE;
  self->follow = TRUE;
}

BkChartModel *
bk_chart_model_new (void)
{
  return g_object_new (BK_TYPE_CHART_MODEL, NULL);
}
