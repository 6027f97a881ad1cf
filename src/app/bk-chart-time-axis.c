/* bk-chart-time-axis.c — the chart's time axis: ticks on calendar periods
 * (minutes to a century) chosen for the width, labelled with only what
 * changed since the tick before ("Mar", then "1997" at a new year). */
#include "config.h"

#include <math.h>

#include "bk-chart-time-axis.h"

typedef enum {
  UNIT_SECONDS,
  UNIT_MONTHS,
  UNIT_YEARS,
} TimeUnit;

typedef struct {
  TimeUnit unit;
  gint64 amount;
} TimeStep;

static const TimeStep time_steps[] = {
  { UNIT_SECONDS, 60 }, { UNIT_SECONDS, 300 }, { UNIT_SECONDS, 900 }, { UNIT_SECONDS, 1800 },
  { UNIT_SECONDS, 3600 }, { UNIT_SECONDS, 7200 }, { UNIT_SECONDS, 10800 }, { UNIT_SECONDS, 21600 },
  { UNIT_SECONDS, 43200 }, { UNIT_SECONDS, 86400 }, { UNIT_SECONDS, 2 * 86400 },
  { UNIT_SECONDS, 7 * 86400 }, { UNIT_MONTHS, 1 }, { UNIT_MONTHS, 3 }, { UNIT_MONTHS, 6 },
  { UNIT_YEARS, 1 }, { UNIT_YEARS, 2 }, { UNIT_YEARS, 5 }, { UNIT_YEARS, 10 }, { UNIT_YEARS, 20 },
  { UNIT_YEARS, 50 }, { UNIT_YEARS, 100 },
};

static double
time_step_seconds (const TimeStep *step)
{
  switch (step->unit)
    {
    case UNIT_MONTHS: return step->amount * 30.44 * 86400;
    case UNIT_YEARS: return step->amount * 365.25 * 86400;
    case UNIT_SECONDS:
    default: return (double) step->amount;
    }
}

/* The first tick at or before `t`. */
static gint64
time_floor (const TimeStep *step, gint64 t)
{
  if (step->unit == UNIT_SECONDS)
    {
      gint64 origin = step->amount == 7 * 86400 ? 4 * 86400 : 0;   /* weeks start on Monday */
      gint64 k = t - origin;
      k = (k >= 0 ? k / step->amount : -((-k + step->amount - 1) / step->amount)) * step->amount;
      return k + origin;
    }

  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  if (dt == NULL)
    return t;
  int year = g_date_time_get_year (dt), month = g_date_time_get_month (dt);
  if (step->unit == UNIT_MONTHS)
    month = (month - 1) / (int) step->amount * (int) step->amount + 1;
  else
    {
      year = year / (int) step->amount * (int) step->amount;
      month = 1;
    }
  g_autoptr(GDateTime) floored = g_date_time_new_utc (MAX (year, 1), month, 1, 0, 0, 0);
  return floored != NULL ? g_date_time_to_unix (floored) : t;
}

static gint64
time_next (const TimeStep *step, gint64 t)
{
  if (step->unit == UNIT_SECONDS)
    return t + step->amount;

  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  if (dt == NULL)
    return G_MAXINT64;
  g_autoptr(GDateTime) next = step->unit == UNIT_MONTHS ? g_date_time_add_months (dt, (int) step->amount)
                              : g_date_time_add_years (dt, (int) step->amount);
  return next != NULL ? g_date_time_to_unix (next) : G_MAXINT64;
}

static char *
format_tick (const TimeStep *step, gint64 t, gint64 previous)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) prev = previous != G_MININT64 ? g_date_time_new_from_unix_utc (previous) : NULL;

  if (dt == NULL)
    return g_strdup ("?");
  gboolean new_year = prev == NULL || g_date_time_get_year (prev) != g_date_time_get_year (dt);
  gboolean new_month = new_year || g_date_time_get_month (prev) != g_date_time_get_month (dt);
  gboolean new_day = new_month || g_date_time_get_day_of_month (prev) != g_date_time_get_day_of_month (dt);

  switch (step->unit)
    {
    case UNIT_YEARS:
      return g_date_time_format (dt, "%Y");
    case UNIT_MONTHS:
      return prev == NULL ? g_date_time_format (dt, "%b %Y")
             : new_year ? g_date_time_format (dt, "%Y") : g_date_time_format (dt, "%b");
    case UNIT_SECONDS:
    default:
      if (step->amount >= 86400)
        return new_year && prev != NULL ? g_date_time_format (dt, "%Y")
               : new_month ? g_date_time_format (dt, "%b %Y") : g_date_time_format (dt, "%-d %b");
      return new_day ? g_date_time_format (dt, "%-d %b") : g_date_time_format (dt, "%H:%M");
    }
}

void
bk_chart_draw_time_axis (cairo_t *cr, PangoLayout *layout, const BkPainterColors *colors,
                         const BkChartTimeAxis *axis, GPtrArray *labels)
{
  const BkLine *datetime = axis->datetime;
  guint64 i0 = axis->first_bar, i1 = axis->end_bar;

  if (i1 <= i0)
    return;
  double t0 = bk_line_get_at (datetime, i0);
  double t1 = bk_line_get_at (datetime, i1 - 1);

  if (isnan (t0) || isnan (t1) || t1 < t0)
    return;

  /* Ticks of a day or more land on every calendar period; shorter ones
   * only within sessions (bars × the bar interval), plus one a day. */
  double bar_interval = INFINITY;
  for (guint64 i = i0; i + 1 < i1 && i < i0 + 32; i++)
    {
      double d = bk_line_get_at (datetime, i + 1) - bk_line_get_at (datetime, i);
      if (d > 0)
        bar_interval = MIN (bar_interval, d);
    }
  double calendar = t1 - t0;
  double trading = isfinite (bar_interval) ? MIN (calendar, (double) (i1 - i0) * bar_interval) : calendar;
  double max_ticks = MAX (1.0, axis->plot_width / 90.0);
  const TimeStep *step = &time_steps[G_N_ELEMENTS (time_steps) - 1];
  for (guint s = 0; s < G_N_ELEMENTS (time_steps); s++)
    {
      double seconds = time_step_seconds (&time_steps[s]);
      double count = seconds >= 86400 ? calendar / seconds : trading / seconds + calendar / 86400;

      if (!axis->intraday && seconds < 86400)
        continue;
      if (count <= max_ticks)
        {
          step = &time_steps[s];
          break;
        }
    }

  double axis_y = axis->plot_bottom + 3;
  double last_right = -INFINITY;

  if (labels != NULL)
    g_ptr_array_set_size (labels, 0);
  gint64 previous = G_MININT64;
  guint guard = 0;

  cairo_set_line_width (cr, 1.0);
  for (gint64 t = time_floor (step, (gint64) floor (t0)); (double) t <= t1 && guard < 1000; guard++)
    {
      gint64 next = time_next (step, t);
      guint64 bar = bk_chart_bar_at_time (datetime, (double) t, i0, i1);

      /* A period that began before the first bar shown is not labelled
       * at that bar: data from April 1996 has no tick "1995" (or "1996")
       * at its left edge. */
      if ((double) t >= t0 && bar < i1 && bk_line_get_at (datetime, bar) < (double) next)
        {
          double x = round (axis->plot_left + ((double) bar + 0.5 - axis->view_start) * axis->bar_px) + 0.5;
          g_autofree char *label = format_tick (step, t, previous);
          double w = bk_painter_text_width (layout, label);

          if (x - w / 2 > last_right + 12 && x >= axis->plot_left && x <= axis->plot_left + axis->plot_width)
            {
              bk_painter_set_rgb (cr, colors->fg, 0.07);
              for (guint p = 0; p < axis->n_grid; p++)
                {
                  cairo_move_to (cr, x, axis->grid[p].top);
                  cairo_line_to (cr, x, axis->grid[p].bottom);
                }
              cairo_stroke (cr);
              bk_painter_set_rgb (cr, colors->fg, 0.35);
              cairo_move_to (cr, x, axis->plot_bottom);
              cairo_line_to (cr, x, axis->plot_bottom + 3);
              cairo_stroke (cr);
              double lx = CLAMP (x - w / 2, 0, axis->plot_left + axis->plot_width + axis->axis_width - w);
              bk_painter_set_rgb (cr, colors->fg, 0.75);
              bk_painter_text (cr, layout, label, lx, axis_y, 0, 0);
              if (labels != NULL)
                g_ptr_array_add (labels, g_strdup (label));
              last_right = lx + w;
              previous = t;
            }
        }
      if (next <= t)
        break;
      t = next;
    }
}
