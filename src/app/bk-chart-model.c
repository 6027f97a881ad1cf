/* bk-chart-model.c — the chart's model: which lines go in which pane, the
 * view in bars, and the summaries and per-column aggregates its frames are
 * drawn from, read below each line's published length so that a run still
 * executing on a worker thread can be shown. */
#define G_LOG_DOMAIN "bk-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "bk-chart-impl.h"

/* ---------------------------------------------------------------- model */

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->legend);
  g_free (series->label);
  g_free (series->agg);
  g_free (series);
}

void
pane_free (gpointer data)
{
  Pane *pane = data;

  g_free (pane->title);
  g_ptr_array_unref (pane->series);
  g_free (pane);
}

static Pane *
pane_new (PaneKind kind, const char *title, double weight)
{
  Pane *pane = g_new0 (Pane, 1);

  pane->kind = kind;
  pane->title = g_strdup (title);
  pane->series = g_ptr_array_new_with_free_func (series_free);
  pane->weight = weight;
  pane->shown = TRUE;
  return pane;
}

static gboolean
spec_drawable (const BkLineSpec *spec)
{
  return spec != NULL && spec->whole && spec->line != NULL
         && spec->line->storage == BK_STORAGE_WHOLE;
}

static Series *
pane_add_series (Pane *pane, BkLine *line, const char *legend, const char *label)
{
  Series *series = g_new0 (Series, 1);

  series->line = line;
  series->legend = g_strdup (legend);
  series->label = g_strdup (label);
  series->color = pane->series->len;
  g_ptr_array_add (pane->series, series);
  return series;
}

static BkNode *
find_observer (BkGraph *graph, const char *name)
{
  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      BkNode *node = bk_graph_get_node (graph, i);

      if (node->role == BK_ROLE_OBSERVER && g_strcmp0 (node->name, name) == 0)
        return node;
    }
  return NULL;
}

void
chart_clear_model (BkChart *self)
{
  memset (self->feed, 0, sizeof self->feed);
  self->buy = self->sell = NULL;
  g_ptr_array_set_size (self->panes, 0);
  g_hash_table_remove_all (self->summaries);
  self->price = self->trades = NULL;
  self->n_bars = 0;
  self->trades_scanned = 0;
  self->cache_valid = FALSE;
}
/* The observers' lines in the reader's language (the engine's names are
 * backtrader's, kept in dumps and reports). */
static const char *
observer_legend (const char *name)
{
  if (g_str_equal (name, "cash"))
    return C_("chart legend", "cash");
  if (g_str_equal (name, "value"))
    return C_("chart legend", "value");
  if (g_str_equal (name, "pnlplus"))
    return C_("chart legend", "pnlplus");
  if (g_str_equal (name, "pnlminus"))
    return C_("chart legend", "pnlminus");
  return name;
}


void
chart_build_model (BkChart *self)
{
  chart_clear_model (self);
  if (self->run == NULL)
    return;

  BkGraph *graph = bk_run_get_graph (self->run);
  BkNode *feed = bk_graph_get_feed (graph);

  if (feed == NULL)
    return;
  for (guint i = 0; i < BK_FEED_N_LINES && i < feed->n_outputs; i++)
    if (spec_drawable (feed->outputs[i]))
      self->feed[i] = feed->outputs[i]->line;
  for (guint i = BK_FEED_DATETIME; i <= BK_FEED_CLOSE; i++)
    if (self->feed[i] == NULL)
      {
        /* Mode 1: nothing is kept, there is nothing to draw. */
        memset (self->feed, 0, sizeof self->feed);
        return;
      }

  BkNode *broker = find_observer (graph, "Broker");
  if (broker != NULL)
    {
      Pane *pane = pane_new (PANE_BROKER, "Broker", 1.2);

      for (guint i = 0; i < broker->n_outputs; i++)
        if (g_str_equal (broker->outputs[i]->name, "value") && spec_drawable (broker->outputs[i]))
          pane->drawdown_line = broker->outputs[i]->line;

      /* Value first: it is the line that matters. */
      for (gint i = (gint) broker->n_outputs - 1; i >= 0; i--)
        if (spec_drawable (broker->outputs[i]))
          pane_add_series (pane, broker->outputs[i]->line, observer_legend (broker->outputs[i]->name),
                           observer_legend (broker->outputs[i]->name));
      if (pane->series->len > 0)
        g_ptr_array_add (self->panes, pane);
      else
        pane_free (pane);
    }

  self->price = pane_new (PANE_PRICE, NULL, 4.0);
  g_ptr_array_add (self->panes, self->price);

  BkNode *buysell = find_observer (graph, "BuySell");
  if (buysell != NULL && buysell->n_outputs >= 2)
    {
      if (spec_drawable (buysell->outputs[0]))
        self->buy = buysell->outputs[0]->line;
      if (spec_drawable (buysell->outputs[1]))
        self->sell = buysell->outputs[1]->line;
    }

  GPtrArray *named = bk_run_get_named (self->run);
  for (guint n = 0; named != NULL && n < named->len; n++)
    {
      BkNode *node = g_ptr_array_index (named, n);
      guint drawable = 0;

      if (!node->plot)
        continue;
      for (guint i = 0; i < node->n_outputs; i++)
        drawable += spec_drawable (node->outputs[i]);
      if (drawable == 0)
        continue;

      const char *name = node->name != NULL ? node->name : node->label;
      if (node->desc != NULL && node->desc->candles && drawable == node->n_outputs)
        {
          Pane *pane = pane_new (PANE_INDICATOR, node->label != NULL ? node->label : name, 2.0);

          pane->candles = TRUE;
          for (guint i = 0; i < 4; i++)
            {
              g_autofree char *label = g_strdup_printf ("%s.%s", name, node->outputs[i]->name);
              pane_add_series (pane, node->outputs[i]->line, node->outputs[i]->name, label);
            }
          g_ptr_array_add (self->panes, pane);
          continue;
        }
      if (node->pane == BK_PANE_PRICE)
        {
          Series *added[BK_MAX_OUTPUTS] = { NULL };

          for (guint i = 0; i < node->n_outputs; i++)
            if (spec_drawable (node->outputs[i]))
              {
                g_autofree char *label = drawable == 1 ? g_strdup (name)
                                         : g_strdup_printf ("%s.%s", name, node->outputs[i]->name);
                const char *legend = drawable == 1 && node->label != NULL ? node->label : label;
                Series *series = pane_add_series (self->price, node->outputs[i]->line, legend, label);
                series->dots = node->desc != NULL && node->desc->dots;
                added[i] = series;
              }
          if (node->desc != NULL && node->desc->cloud && added[node->desc->cloud_lines[0]] != NULL)
            added[node->desc->cloud_lines[0]]->cloud_to = added[node->desc->cloud_lines[1]];
          continue;
        }

      Pane *pane = pane_new (PANE_INDICATOR, node->label != NULL ? node->label : name, 1.5);
      if (node->desc != NULL)
        {
          pane->n_levels = MIN (node->desc->n_levels, G_N_ELEMENTS (pane->levels));
          memcpy (pane->levels, node->desc->levels, pane->n_levels * sizeof (double));
        }
      for (guint i = 0; i < node->n_outputs; i++)
        if (spec_drawable (node->outputs[i]))
          {
            g_autofree char *label = drawable == 1 ? g_strdup (name)
                                     : g_strdup_printf ("%s.%s", name, node->outputs[i]->name);
            Series *series = pane_add_series (pane, node->outputs[i]->line, node->outputs[i]->name, label);
            series->dots = node->desc != NULL && node->desc->dots;
          }
      g_ptr_array_add (self->panes, pane);
    }

  BkNode *trades = find_observer (graph, "Trades");
  if (trades != NULL)
    {
      Pane *pane = pane_new (PANE_TRADES, "Trades", 1.0);

      for (guint i = 0; i < trades->n_outputs; i++)
        if (spec_drawable (trades->outputs[i]))
          {
            Series *series = pane_add_series (pane, trades->outputs[i]->line,
                                              observer_legend (trades->outputs[i]->name),
                                              observer_legend (trades->outputs[i]->name));
            series->dots = TRUE;
            series->color = i == 0 ? 0 : 5;
          }
      if (pane->series->len > 0)
        {
          /* Shown once a trade has closed. */
          pane->shown = FALSE;
          pane->n_levels = 1;
          pane->levels[0] = 0.0;
          self->trades = pane;
          g_ptr_array_add (self->panes, pane);
        }
      else
        pane_free (pane);
    }
}

/* Bars every price line has published. */
static guint64
chart_published_bars (BkChart *self)
{
  guint64 n = G_MAXUINT64;

  if (self->feed[BK_FEED_CLOSE] == NULL)
    return 0;
  for (guint i = BK_FEED_DATETIME; i <= BK_FEED_CLOSE; i++)
    n = MIN (n, bk_line_get_published_length (self->feed[i]));
  return n;
}

static void fold_values (const BkLine *line, guint64 from, guint64 to, Agg *agg);

/* The Trades pane appears once a trade has closed. */
static void
chart_scan_trades (BkChart *self)
{
  if (self->trades == NULL || self->trades->shown)
    return;
  for (guint s = 0; s < self->trades->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->trades->series, s);
      guint64 length = bk_line_get_published_length (series->line);
      Agg seen = { NAN, NAN, NAN, NAN, 0.0 };

      if (length > self->trades_scanned)
        fold_values (series->line, self->trades_scanned, length, &seen);
      if (!isnan (seen.first))
        self->trades->shown = TRUE;
    }
  self->trades_scanned = self->n_bars;
}

double
chart_min_span (BkChart *self)
{
  return MIN ((double) self->n_bars, MIN_VISIBLE_BARS);
}

void
chart_set_view (BkChart *self, double start, double end)
{
  double n = (double) self->n_bars;
  double span = CLAMP (end - start, chart_min_span (self), n);

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
  chart_invalidate (self);
}

void
chart_update_length (BkChart *self)
{
  guint64 n = chart_published_bars (self);
  double span = self->view_end - self->view_start;

  self->n_bars = n;
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
  chart_scan_trades (self);
}

/* ---------------------------------------------------------------- data */

/* Every value of a line below its published length is written and its
 * blocks never move (bk-line.h): they are read directly, a block at a time. */
/* One block's run of values, without a branch per value: NaN fails every
 * comparison, so it never becomes the minimum or the maximum, and it adds
 * nothing to the sum; the first and last values are looked for from the
 * ends. */
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
fold_values (const BkLine *line, guint64 from, guint64 to, Agg *agg)
{
  Agg a = *agg;

  while (from < to)
    {
      guint64 block = from >> BK_BLOCK_SHIFT;
      const void *base = line->pages[block >> BK_DIR_SHIFT][block & (BK_DIR_BLOCKS - 1)];
      guint64 end = MIN ((block + 1) << BK_BLOCK_SHIFT, to);

      if (line->precision == BK_PRECISION_F64)
        FOLD_RUN (double)
      else
        FOLD_RUN (float)
      from = end;
    }
  *agg = a;
}

static inline void
agg_merge (Agg *a, const Agg *b)
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



/* Summaries of every complete chunk of a line at three sizes (64, 512 and
 * 4096 values), kept up to date as the line grows.  A column of many bars
 * merges the largest chunks that fit and reads values one by one only at
 * its ragged ends, so that a new view of a million bars costs a
 * millisecond rather than a pass over every value.  They cost 0.72 bytes
 * a bar per plotted line, a tenth of the line itself. */


void
summary_free (gpointer data)
{
  Summary *summary = data;

  for (guint k = 0; k < N_LEVELS; k++)
    g_free (summary->chunks[k]);
  g_free (summary);
}

Summary *
chart_get_summary (BkChart *self, const BkLine *line)
{
  Summary *summary = g_hash_table_lookup (self->summaries, line);
  guint64 length = bk_line_get_published_length (line);

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
          summary->chunks[k] = g_renew (Agg, summary->chunks[k], summary->capacity[k]);
        }
      for (guint64 j = summary->n_chunks[k]; j < complete; j++)
        {
          Agg *chunk = &summary->chunks[k][j];

          *chunk = AGG_EMPTY;
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
void
aggregate_range (const BkLine *line, const Summary *summary, guint64 b0, guint64 b1, Agg *out)
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
chart_update_summaries (BkChart *self)
{
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (self->feed[i] != NULL)
      chart_get_summary (self, self->feed[i]);
  if (self->buy != NULL)
    chart_get_summary (self, self->buy);
  if (self->sell != NULL)
    chart_get_summary (self, self->sell);
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      for (guint s = 0; s < pane->series->len; s++)
        chart_get_summary (self, ((Series *) g_ptr_array_index (pane->series, s))->line);
    }
}

/* One aggregate per column; columns are contiguous runs of bars. */
static void
aggregate_line (BkChart *self, const BkLine *line, const Column *cols, guint n_cols, Agg *out)
{
  for (guint c = 0; c < n_cols; c++)
    out[c] = AGG_EMPTY;
  if (line == NULL || n_cols == 0)
    return;

  guint64 length = bk_line_get_published_length (line);
  const Summary *summary = self->aggregated ? chart_get_summary (self, line) : NULL;

  for (guint c = 0; c < n_cols; c++)
    aggregate_range (line, summary, cols[c].b0, MIN (cols[c].b1, length), &out[c]);
}

static guint64
chart_data_stamp (BkChart *self)
{
  guint64 stamp = self->n_bars;

  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      for (guint s = 0; s < pane->series->len; s++)
        stamp = stamp * 31 + bk_line_get_published_length (((Series *) g_ptr_array_index (pane->series, s))->line);
    }
  if (self->buy != NULL)
    stamp = stamp * 31 + bk_line_get_published_length (self->buy);
  if (self->feed[BK_FEED_VOLUME] != NULL)
    stamp = stamp * 31 + bk_line_get_published_length (self->feed[BK_FEED_VOLUME]);
  return stamp;
}

static void
chart_make_columns (BkChart *self)
{
  double span = self->view_end - self->view_start;
  guint64 n = self->n_bars;
  guint64 i0 = (guint64) CLAMP (floor (self->view_start), 0.0, (double) n);
  guint64 i1 = (guint64) CLAMP (ceil (self->view_end), 0.0, (double) n);
  int width = (int) self->plot_width;

  g_array_set_size (self->columns, 0);
  self->bar_px = span > 0 ? self->plot_width / span : 1.0;
  self->aggregated = self->bar_px < 1.0;
  if (!self->aggregated)
    {
      for (guint64 i = i0; i < i1; i++)
        {
          Column col = { i, i + 1, self->plot_left + ((double) i + 0.5 - self->view_start) * self->bar_px };
          g_array_append_val (self->columns, col);
        }
      return;
    }
  /* With four chunks or more to a column, its edges move to chunk
   * boundaries: at most an eighth of a pixel, and no value is read one by
   * one. */
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
          Column col = { b0, b1, self->plot_left + px + 0.5 };
          g_array_append_val (self->columns, col);
          b0 = b1;
        }
    }
}

void
chart_aggregate (BkChart *self)
{
  guint64 stamp = chart_data_stamp (self);

  if (self->cache_valid && self->cache_start == self->view_start && self->cache_end == self->view_end
      && self->cache_left == self->plot_left && self->cache_width == self->plot_width
      && self->cache_lengths == stamp)
    return;

  chart_make_columns (self);
  guint n_cols = self->columns->len;
  const Column *cols = (const Column *) (gpointer) self->columns->data;
  gboolean grow = n_cols > self->agg_capacity;

  if (grow)
    self->agg_capacity = MAX (n_cols, 64);
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    if (self->feed[i] != NULL)
      {
        if (grow || self->feed_agg[i] == NULL)
          self->feed_agg[i] = g_renew (Agg, self->feed_agg[i], self->agg_capacity);
        aggregate_line (self, self->feed[i], cols, n_cols, self->feed_agg[i]);
      }
  if (grow || self->buy_agg == NULL)
    {
      self->buy_agg = g_renew (Agg, self->buy_agg, self->agg_capacity);
      self->sell_agg = g_renew (Agg, self->sell_agg, self->agg_capacity);
    }
  aggregate_line (self, self->buy, cols, n_cols, self->buy_agg);
  aggregate_line (self, self->sell, cols, n_cols, self->sell_agg);
  for (guint p = 0; p < self->panes->len; p++)
    {
      Pane *pane = g_ptr_array_index (self->panes, p);

      for (guint s = 0; s < pane->series->len; s++)
        {
          Series *series = g_ptr_array_index (pane->series, s);

          if (grow || series->agg == NULL)
            series->agg = g_renew (Agg, series->agg, self->agg_capacity);
          aggregate_line (self, series->line, cols, n_cols, series->agg);
        }
    }

  self->cache_valid = TRUE;
  self->cache_start = self->view_start;
  self->cache_end = self->view_end;
  self->cache_left = self->plot_left;
  self->cache_width = self->plot_width;
  self->cache_lengths = stamp;
}
