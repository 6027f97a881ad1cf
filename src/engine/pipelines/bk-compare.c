/* bk-compare.c — the four memory modes, one after another. */
#include "bk-compare.h"

#include <string.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-source.h"

static const BkMode compare_modes[BK_COMPARE_N_MODES] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

/* Timeline points: one every `step` bars, the step doubling (and every
 * other point going) when there would be more than this many. */
#define MAX_SAMPLES 2048
#define FIRST_STEP 64

typedef struct {
  BkCompare *compare;
  guint index;                  /* of the mode running */
  BkCompareMode *mode;
  guint64 step;
  /* Checking against mode 0, bar by bar. */
  GPtrArray *columns;           /* BkLine*, this run's dump columns */
  GPtrArray *reference;         /* BkLine*, mode 0's (whole) */
  GPtrArray *titles;            /* char*, the columns' titles */
  BkLine *datetime, *reference_datetime;
  char *difference;             /* the first found in this mode */
  BkCompareProgressFunc progress;
  gpointer user_data;
} Runner;

static void
sample (Runner *r, BkRun *run)
{
  GArray *timeline = r->mode->timeline;
  BkCompareSample s = { bk_run_get_bars (run), bk_run_get_cells (run), bk_process_rss_bytes () };

  r->mode->peak_rss_bytes = MAX (r->mode->peak_rss_bytes, s.rss_bytes);
  if (timeline->len >= MAX_SAMPLES)
    {
      /* Keep the first point and every other one after it. */
      for (guint i = 1; 2 * i < timeline->len; i++)
        g_array_index (timeline, BkCompareSample, i) = g_array_index (timeline, BkCompareSample, 2 * i);
      g_array_set_size (timeline, (timeline->len + 1) / 2);
      r->step *= 2;
    }
  g_array_append_val (timeline, s);
}

static gboolean
same_bits (double a, double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

/* What the dump would print for a value: empty for NaN. */
static char *
describe_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return isnan (value) ? g_strdup (_("no value")) : g_strdup (bk_dump_format_number (buf, value));
}

static void
check_bar (Runner *r, BkRun *run)
{
  guint64 index = bk_run_get_bars (run) - 1;
  double when = bk_line_get (r->datetime, 0);

  if (!same_bits (when, bk_line_get_at (r->reference_datetime, index)))
    {
      r->difference = g_strdup_printf (_("mode %d reads bar %llu at another date than mode 0"),
                                       (int) r->mode->mode, (unsigned long long) index + 1);
      return;
    }
  for (guint i = 0; i < r->columns->len; i++)
    {
      double value = bk_line_get (g_ptr_array_index (r->columns, i), 0);
      double expected = bk_line_get_at (g_ptr_array_index (r->reference, i), index);

      if (!same_bits (value, expected))
        {
          char date[32];
          g_autofree char *got = describe_value (value);
          g_autofree char *want = describe_value (expected);

          bk_format_datetime (when, bk_run_has_time (run), date);
          /* TRANSLATORS: mode, bar number, its date, the dump's column,
           * the mode's value and mode 0's. */
          r->difference = g_strdup_printf (_("mode %d differs from mode 0 at bar %llu (%s) in %s: %s against %s"),
                                           (int) r->mode->mode, (unsigned long long) index + 1, date,
                                           (const char *) g_ptr_array_index (r->titles, i), got, want);
          return;
        }
    }
}

static void
on_bar (BkRun *run, gpointer data)
{
  Runner *r = data;

  if (bk_run_get_bars (run) % r->step == 0)
    sample (r, run);
  if (r->reference != NULL && r->difference == NULL)
    check_bar (r, run);
}

static void
on_progress (BkRun *run, gpointer data)
{
  Runner *r = data;

  if (r->progress != NULL)
    r->progress (r->index, bk_run_get_fraction (run), r->user_data);
}

/* The broker's results against mode 0's: NULL when the same, bit for bit. */
static char *
compare_results (const BkCompareMode *mode, const BkCompareMode *reference)
{
  const BkBroker *a = bk_run_get_broker (mode->run), *b = bk_run_get_broker (reference->run);

  if (a->trades->len != b->trades->len)
    return g_strdup_printf (_("mode %d makes %u trades, mode 0 %u"), (int) mode->mode,
                            a->trades->len, b->trades->len);
  for (guint i = 0; i < a->trades->len; i++)
    if (!same_bits (g_array_index (a->trades, BkTrade, i).pnl_comm, g_array_index (b->trades, BkTrade, i).pnl_comm))
      return g_strdup_printf (_("mode %d's trade %u has another result than mode 0's"), (int) mode->mode, i + 1);
  if (!same_bits (a->value, b->value))
    return g_strdup_printf (_("mode %d ends with another value than mode 0"), (int) mode->mode);
  return NULL;
}

static gboolean
run_mode (Runner *r, BkStrategy *strategy, const char *path, const BkCsvOptions *csv, BkPrecision precision,
          const gint *cancel, GError **error)
{
  BkCompareMode *mode = r->mode;
  g_autoptr(BkSource) source = bk_source_new_csv (path, csv, error);

  if (source == NULL)
    return FALSE;
  mode->run = bk_run_new (strategy, mode->mode, precision, error);
  if (mode->run == NULL)
    return FALSE;
  mode->timeline = g_array_new (FALSE, FALSE, sizeof (BkCompareSample));
  mode->start_rss_bytes = mode->peak_rss_bytes = bk_process_rss_bytes ();
  r->step = FIRST_STEP;
  r->columns = bk_dump_get_columns (mode->run, &r->titles);
  r->datetime = bk_graph_get_feed (bk_run_get_graph (mode->run))->outputs[BK_FEED_DATETIME]->line;
  sample (r, mode->run);
  bk_run_set_bar_func (mode->run, on_bar, r);
  bk_run_set_progress_func (mode->run, on_progress, r);
  if (r->progress != NULL)
    r->progress (r->index, 0.0, r->user_data);

  gboolean ok = bk_run_execute (mode->run, source, cancel, error);

  bk_run_set_bar_func (mode->run, NULL, NULL);
  bk_run_set_progress_func (mode->run, NULL, NULL);
  g_clear_pointer (&r->columns, g_ptr_array_unref);
  g_clear_pointer (&r->titles, g_ptr_array_unref);
  if (!ok)
    {
      g_clear_pointer (&mode->run, bk_run_free);
      g_clear_pointer (&mode->timeline, g_array_unref);
      return FALSE;
    }
  /* The last point, at the last bar. */
  if (g_array_index (mode->timeline, BkCompareSample, mode->timeline->len - 1).bars != bk_run_get_bars (mode->run))
    sample (r, mode->run);
  mode->bars = bk_run_get_bars (mode->run);
  mode->elapsed = bk_run_get_elapsed (mode->run);
  mode->bars_per_second = mode->elapsed > 0 ? mode->bars / mode->elapsed : 0.0;
  mode->report = bk_report_new (mode->run);
  return TRUE;
}

BkCompare *
bk_compare_run (BkStrategy *strategy, const char *path, const BkCsvOptions *csv, BkPrecision precision,
                const gint *cancel, BkCompareProgressFunc progress, gpointer user_data, GError **error)
{
  g_autoptr(BkCompare) compare = g_new0 (BkCompare, 1);
  Runner r = { compare, 0, NULL, FIRST_STEP, NULL, NULL, NULL, NULL, NULL, NULL, progress, user_data };

  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    {
      g_autoptr(GError) local_error = NULL;

      r.index = i;
      r.mode = &compare->modes[i];
      r.mode->mode = compare_modes[i];
      if (!run_mode (&r, strategy, path, csv, precision, cancel, &local_error))
        {
          if (g_error_matches (local_error, BK_ERROR, BK_ERROR_CANCELLED))
            {
              compare->stopped = TRUE;
              break;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_free (r.difference);
          g_clear_pointer (&r.reference, g_ptr_array_unref);
          return NULL;
        }
      compare->n_modes = i + 1;
      if (i == 0)
        {
          /* Mode 0 keeps every line whole: the reference for the others. */
          r.reference = bk_dump_get_columns (r.mode->run, NULL);
          r.reference_datetime = r.datetime;
        }
      else if (r.difference == NULL)
        r.difference = compare_results (r.mode, &compare->modes[0]);
      if (r.difference != NULL && compare->difference == NULL)
        compare->difference = g_steal_pointer (&r.difference);
      g_clear_pointer (&r.difference, g_free);
    }
  g_clear_pointer (&r.reference, g_ptr_array_unref);
  return g_steal_pointer (&compare);
}

void
bk_compare_free (BkCompare *compare)
{
  if (compare == NULL)
    return;
  for (guint i = 0; i < BK_COMPARE_N_MODES; i++)
    {
      BkCompareMode *mode = &compare->modes[i];

      g_clear_pointer (&mode->report, bk_report_free);
      g_clear_pointer (&mode->timeline, g_array_unref);
      g_clear_pointer (&mode->run, bk_run_free);
    }
  g_free (compare->difference);
  g_free (compare);
}

guint64
bk_compare_mode_rss_growth (const BkCompareMode *mode)
{
  return mode->peak_rss_bytes > mode->start_rss_bytes ? mode->peak_rss_bytes - mode->start_rss_bytes : 0;
}

JsonObject *
bk_compare_to_json (const BkCompare *compare)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "identical", compare->difference == NULL);
  if (compare->difference != NULL)
    bk_json_object_set_text (object, "difference", compare->difference);
  else
    json_object_set_null_member (object, "difference");
  json_object_set_boolean_member (object, "stopped", compare->stopped);
  JsonArray *modes = bk_json_object_add_array (object, "modes");
  for (guint i = 0; i < compare->n_modes; i++)
    {
      const BkCompareMode *mode = &compare->modes[i];
      const BkBroker *broker = bk_run_get_broker (mode->run);
      JsonObject *o = bk_json_array_add_object (modes);

      json_object_set_int_member (o, "mode", mode->mode);
      json_object_set_int_member (o, "cells", mode->report->total_cells);
      json_object_set_int_member (o, "bytes", mode->report->total_bytes);
      json_object_set_int_member (o, "bars", mode->bars);
      json_object_set_double_member (o, "elapsed_seconds", mode->elapsed);
      json_object_set_double_member (o, "bars_per_second", mode->bars_per_second);
      json_object_set_int_member (o, "rss_growth_bytes", bk_compare_mode_rss_growth (mode));
      json_object_set_double_member (o, "final_value", broker->value);
      json_object_set_int_member (o, "trades", broker->trades->len);
      JsonArray *timeline = bk_json_object_add_array (o, "timeline");
      for (guint s = 0; s < mode->timeline->len; s++)
        {
          const BkCompareSample *p = &g_array_index (mode->timeline, BkCompareSample, s);
          JsonArray *point = json_array_sized_new (3);

          json_array_add_int_element (point, p->bars);
          json_array_add_int_element (point, p->cells);
          json_array_add_int_element (point, p->rss_bytes);
          json_array_add_array_element (timeline, point);
        }
      json_object_set_object_member (o, "memory", bk_report_to_json (mode->report));
    }
  return object;
}

void
bk_compare_append_json (const BkCompare *compare, GString *out)
{
  g_autoptr(JsonObject) object = bk_compare_to_json (compare);

  bk_json_append_object (out, object);
}

void
bk_compare_append_csv (const BkCompare *compare, GString *out)
{
  g_string_append (out, "mode,cells,bytes,rss_growth_bytes,elapsed_seconds,bars_per_second,final_value,trades,identical\n");
  for (guint i = 0; i < compare->n_modes; i++)
    {
      const BkCompareMode *mode = &compare->modes[i];
      const BkBroker *broker = bk_run_get_broker (mode->run);

      g_string_append_printf (out, "%d,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",",
                              (int) mode->mode, mode->report->total_cells, mode->report->total_bytes,
                              bk_compare_mode_rss_growth (mode));
      bk_json_append_number (out, mode->elapsed);
      g_string_append_c (out, ',');
      bk_json_append_number (out, mode->bars_per_second);
      g_string_append_c (out, ',');
      bk_json_append_number (out, broker->value);
      g_string_append_printf (out, ",%u,%s\n", broker->trades->len, compare->difference == NULL ? "true" : "false");
    }
}
