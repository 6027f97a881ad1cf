/* bk-sweep.c — a grid of a strategy file's parameters, each combination
 * the file rewritten and loaded, the combinations run in groups over one
 * graph each (bk-multi-run.h), in mode 1 on shared bars.
 *
 * The combinations not done yet are cut into groups of consecutive ones,
 * at least one a worker and at most MAX_GROUP each.  Workers take the
 * next group from one counter under a lock and write only that group's
 * slots of the results; the thread that called bk_sweep_run waits for
 * them, reporting progress and passing a cancel on.  Nothing a
 * combination computes depends on which worker ran it or on the others
 * of its group: they share only lines whose values are the same for all
 * of them, and each has its own rules and broker. */
#include "bk-sweep.h"

#include <math.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-multi-run.h"
#include "bk-parser.h"
#include "bk-strategy-file.h"

/* The most values one axis may have. */
#define MAX_AXIS_VALUES 1000000
/* The most combinations one graph holds: past it sharing gains little
 * and a group's brokers outgrow the caches. */
#define MAX_GROUP 128

typedef struct {
  char *name;
  guint param;                /* index in the parameters */
  GArray *values;             /* double */
} Axis;

struct _BkSweep {
  BkStrategyParams *params;
  GPtrArray *axes;            /* Axis* */
  guint64 n_combinations;
  BkSweepResult *results;     /* n_combinations, made as the sweep runs */
  guint64 n_done;
};

static const BkSweepMetric metrics[] = {
  { "final_value", FALSE, FALSE },
  { "total_return", FALSE, FALSE },
  { "annual_return", FALSE, FALSE },
  { "sharpe", FALSE, FALSE },
  { "max_drawdown", TRUE, FALSE },
  { "max_drawdown_bars", TRUE, TRUE },
  { "n_trades", FALSE, TRUE },
  { "win_rate", FALSE, FALSE },
  { "profit_factor", FALSE, FALSE },
  { "n_orders", FALSE, TRUE },
  { "rejected_orders", TRUE, TRUE },
};

static const struct {
  const char *alias, *name;
} metric_aliases[] = {
  { "value", "final_value" }, { "return", "total_return" }, { "drawdown", "max_drawdown" },
  { "trades", "n_trades" }, { "win", "win_rate" },
};

static void
axis_free (gpointer data)
{
  Axis *axis = data;

  g_free (axis->name);
  g_array_unref (axis->values);
  g_free (axis);
}

BkSweep *
bk_sweep_new (BkStrategyParams *params)
{
  BkSweep *sweep = g_new0 (BkSweep, 1);

  sweep->params = params;
  sweep->axes = g_ptr_array_new_with_free_func (axis_free);
  sweep->n_combinations = 1;
  return sweep;
}

void
bk_sweep_free (BkSweep *sweep)
{
  if (sweep == NULL)
    return;
  bk_strategy_params_free (sweep->params);
  g_ptr_array_unref (sweep->axes);
  g_free (sweep->results);
  g_free (sweep);
}

/* Digits after the point in a number as written, or -1 with an exponent. */
static gint
decimals_of (const char *text)
{
  const char *dot = strchr (text, '.');

  if (strpbrk (text, "eE") != NULL)
    return -1;
  return dot != NULL ? (gint) strlen (dot + 1) : 0;
}

static gboolean
parse_value (const char *spec, const char *text, double *value, GError **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (bk_parse_number (stripped, value))
    return TRUE;
  g_autofree char *shown = bk_escape_text (stripped, -1);
  g_autofree char *whole = bk_escape_text (spec, -1);
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
               /* Translators: the first %s is a value of a parameter's range, the second the whole range */
               _("'%s' is not a number, in '%s' (a range is A:B, A:B:STEP or a list a,b,c)"), shown, whole);
  return FALSE;
}

GArray *
bk_sweep_parse_spec (const char *spec, GError **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *shown = bk_escape_text (spec, -1);

  if (strchr (spec, ':') == NULL)
    {
      g_auto(GStrv) items = g_strsplit (spec, ",", -1);
      for (guint i = 0; items[i] != NULL; i++)
        {
          double v;
          if (!parse_value (spec, items[i], &v, error))
            return NULL;
          g_array_append_val (values, v);
        }
      return g_steal_pointer (&values);
    }

  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  guint n = g_strv_length (parts);
  double from, to, step = 1;
  if (n > 3)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: %s is the range as given */
                   _("'%s' is not a range: a range is A:B or A:B:STEP"), shown);
      return NULL;
    }
  if (!parse_value (spec, parts[0], &from, error) || !parse_value (spec, parts[1], &to, error)
      || (n == 3 && !parse_value (spec, parts[2], &step, error)))
    return NULL;
  if (step <= 0)
    {
      /* Translators: %s is the range as given */
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("the step of '%s' must be above 0"), shown);
      return NULL;
    }
  if (from > to)
    {
      /* Translators: %s is the range as given, A:B */
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("the range '%s' is empty: it starts above its end"), shown);
      return NULL;
    }
  if ((to - from) / step >= MAX_AXIS_VALUES)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_LIMIT,
                   /* Translators: %s is the range as given, %d the most values a range may have */
                   _("the range '%s' has more than %d values"), shown, MAX_AXIS_VALUES);
      return NULL;
    }
  /* Values as their decimals are written (0.1:0.3:0.1 gives 0.3, not
   * 0.30000000000000004). */
  gint decimals = MAX (decimals_of (parts[0]), MAX (decimals_of (parts[1]), n == 3 ? decimals_of (parts[2]) : 0));
  if (decimals_of (parts[0]) < 0 || decimals_of (parts[1]) < 0 || (n == 3 && decimals_of (parts[2]) < 0))
    decimals = -1;
  for (guint64 i = 0;; i++)
    {
      double v = from + (double) i * step;
      if (decimals >= 0 && decimals < 17)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE], format[8];
          g_snprintf (format, sizeof format, "%%.%df", decimals);
          v = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, format, v), NULL);
        }
      if (v > to + fabs (step) * 1e-9)
        break;
      g_array_append_val (values, v);
    }
  return g_steal_pointer (&values);
}

gboolean
bk_sweep_add_axis (BkSweep *sweep, const char *name_and_spec, GError **error)
{
  const char *eq = strchr (name_and_spec, '=');

  if (eq == NULL || eq == name_and_spec || eq[1] == '\0')
    {
      g_autofree char *shown = bk_escape_text (name_and_spec, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: %s is what was given; NAME=SPEC and the examples are syntax to keep */
                   _("expected NAME=SPEC (sma.period=5:30, rules.size=10,20,50), found '%s'"), shown);
      return FALSE;
    }
  g_autofree char *name = g_strndup (name_and_spec, (gsize) (eq - name_and_spec));
  gint param = bk_strategy_params_lookup (sweep->params, name, error);
  if (param < 0)
    return FALSE;
  for (guint a = 0; a < sweep->axes->len; a++)
    if (((Axis *) g_ptr_array_index (sweep->axes, a))->param == (guint) param)
      {
        /* Translators: %s is a parameter's name */
        g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("parameter '%s' is given twice"), name);
        return FALSE;
      }
  g_autoptr(GArray) values = bk_sweep_parse_spec (eq + 1, error);
  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    if (!bk_strategy_params_check_value (sweep->params, (guint) param, g_array_index (values, double, i), error))
      return FALSE;
  if (sweep->n_combinations * values->len > BK_SWEEP_MAX_COMBINATIONS)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_LIMIT,
                   /* Translators: %llu is the most combinations a sweep may have */
                   _("the grid has more than %llu combinations"), (unsigned long long) BK_SWEEP_MAX_COMBINATIONS);
      return FALSE;
    }
  Axis *axis = g_new0 (Axis, 1);
  axis->name = g_steal_pointer (&name);
  axis->param = (guint) param;
  axis->values = g_steal_pointer (&values);
  g_ptr_array_add (sweep->axes, axis);
  sweep->n_combinations *= axis->values->len;
  g_clear_pointer (&sweep->results, g_free);
  sweep->n_done = 0;
  return TRUE;
}

const BkStrategyParams *
bk_sweep_get_params (BkSweep *sweep)
{
  return sweep->params;
}

guint
bk_sweep_get_n_axes (BkSweep *sweep)
{
  return sweep->axes->len;
}

const char *
bk_sweep_get_axis_name (BkSweep *sweep, guint axis)
{
  return ((Axis *) g_ptr_array_index (sweep->axes, axis))->name;
}

guint64
bk_sweep_get_n_combinations (BkSweep *sweep)
{
  return sweep->n_combinations;
}

void
bk_sweep_get_values (BkSweep *sweep, guint64 k, double *axis_values)
{
  for (guint a = sweep->axes->len; a-- > 0;)
    {
      Axis *axis = g_ptr_array_index (sweep->axes, a);
      axis_values[a] = g_array_index (axis->values, double, k % axis->values->len);
      k /= axis->values->len;
    }
}

char *
bk_sweep_get_text (BkSweep *sweep, guint64 k, gsize *len)
{
  guint n = bk_strategy_params_get_n (sweep->params);
  g_autofree double *values = g_new (double, MAX (n, 1));
  g_autofree double *axis_values = g_new (double, MAX (sweep->axes->len, 1));

  for (guint i = 0; i < n; i++)
    values[i] = bk_strategy_params_get (sweep->params, i)->value;
  bk_sweep_get_values (sweep, k, axis_values);
  for (guint a = 0; a < sweep->axes->len; a++)
    values[((Axis *) g_ptr_array_index (sweep->axes, a))->param] = axis_values[a];
  return bk_strategy_params_rewrite (sweep->params, values, len);
}

/* "sma.period=5, rules.size=10" */
static char *
describe_combination (BkSweep *sweep, guint64 k)
{
  g_autofree double *axis_values = g_new (double, MAX (sweep->axes->len, 1));
  GString *out = g_string_new (NULL);

  bk_sweep_get_values (sweep, k, axis_values);
  for (guint a = 0; a < sweep->axes->len; a++)
    {
      char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];
      bk_strategy_params_format_number (axis_values[a], number);
      g_string_append_printf (out, "%s%s=%s", a > 0 ? ", " : "", bk_sweep_get_axis_name (sweep, a), number);
    }
  return g_string_free (out, FALSE);
}

static void
ensure_results (BkSweep *sweep)
{
  if (sweep->results == NULL)
    sweep->results = g_new0 (BkSweepResult, sweep->n_combinations);
}

/* Builds the combination's strategy into the group's graph. */
static gboolean
add_combination (BkSweep *sweep, BkMultiRun *multi, guint64 k, GError **error)
{
  GError *local = NULL;
  gsize len;
  g_autofree char *text = bk_sweep_get_text (sweep, k, &len);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data_unbuilt (text, (gssize) len,
                                                                      bk_strategy_params_get_display_name (sweep->params),
                                                                      &local);

  if (strategy != NULL && bk_multi_run_add (multi, strategy, &local))
    return TRUE;
  g_autofree char *which = describe_combination (sweep, k);
  g_propagate_prefixed_error (error, local, "%s: ", which);
  return FALSE;
}

/* Runs combinations ks[0 .. n-1] over one graph and keeps their results. */
static gboolean
run_group (BkSweep *sweep, const guint64 *ks, guint n, const BkBar *bars, guint64 n_bars, const char *data_name,
           gboolean has_time, BkBudget *budget, const gint *stop, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  GError *local = NULL;
  /* The results count every order and trade; their history would only
   * take memory. */
  g_autoptr(BkMultiRun) multi = bk_multi_run_new (budget, 1);

  for (guint i = 0; i < n; i++)
    if (!add_combination (sweep, multi, ks[i], error))
      return FALSE;
  g_autoptr(BkSource) source = bk_source_new_bars (data_name, bars, n_bars, has_time);
  if (!bk_multi_run_execute (multi, source, stop, &local))
    {
      if (n == 1 && !g_error_matches (local, BK_ERROR, BK_ERROR_CANCELLED))
        {
          g_autofree char *which = describe_combination (sweep, ks[0]);
          g_propagate_prefixed_error (error, local, "%s: ", which);
        }
      else
        g_propagate_error (error, local);
      return FALSE;
    }

  double elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  guint64 shared = bk_multi_run_get_shared_cells (multi);
  for (guint i = 0; i < n; i++)
    {
      BkSweepResult *result = &sweep->results[ks[i]];
      const BkBroker *broker = bk_multi_run_get_broker (multi, i);
      bk_broker_get_results (broker, &result->results);
      result->cells = bk_multi_run_get_cells (multi, i);
      result->shared_cells = shared;
      result->group = n;
      result->bytes = result->cells * sizeof (double) + bk_broker_get_history_bytes (broker);
      result->elapsed = elapsed / n;
      result->done = TRUE;
    }
  return TRUE;
}

gboolean
bk_sweep_run_one (BkSweep *sweep, guint64 k, const BkBar *bars, guint64 n_bars, const char *data_name,
                  gboolean has_time, BkBudget *budget, GError **error)
{
  g_return_val_if_fail (k < sweep->n_combinations, FALSE);
  ensure_results (sweep);
  if (sweep->results[k].done)
    return TRUE;
  if (!run_group (sweep, &k, 1, bars, n_bars, data_name, has_time, budget, NULL, error))
    return FALSE;
  sweep->n_done++;
  return TRUE;
}

typedef struct {
  BkSweep *sweep;
  const BkBar *bars;
  guint64 n_bars;
  const char *data_name;
  gboolean has_time;
  BkBudget *budget;
  GArray *todo;               /* guint64: the combinations not done, in grid order */
  guint group_size;
  /* pthread's, not GMutex and GCond: futexes ThreadSanitizer cannot see. */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  guint64 next;               /* the next group's first index in todo */
  guint64 done;
  guint running;
  gint stop;                  /* the runs' cancel flag */
  GError *error;              /* the first failure */
} Work;

static gpointer
worker (gpointer data)
{
  Work *work = data;

  for (;;)
    {
      pthread_mutex_lock (&work->lock);
      guint64 first = work->next;
      guint n = (guint) MIN ((guint64) work->group_size, work->todo->len - MIN (first, work->todo->len));
      work->next += n;
      gboolean finished = n == 0 || g_atomic_int_get (&work->stop);
      pthread_mutex_unlock (&work->lock);
      if (finished)
        break;

      GError *error = NULL;
      gboolean ok = run_group (work->sweep, &g_array_index (work->todo, guint64, first), n, work->bars,
                               work->n_bars, work->data_name, work->has_time, work->budget, &work->stop, &error);
      pthread_mutex_lock (&work->lock);
      if (ok)
        work->done += n;
      else
        {
          /* A real failure wins over the cancel it causes in the others. */
          if (work->error == NULL || (g_error_matches (work->error, BK_ERROR, BK_ERROR_CANCELLED)
                                      && !g_error_matches (error, BK_ERROR, BK_ERROR_CANCELLED)))
            {
              g_clear_error (&work->error);
              work->error = g_steal_pointer (&error);
            }
          g_clear_error (&error);
          g_atomic_int_set (&work->stop, 1);
        }
      pthread_cond_signal (&work->changed);
      pthread_mutex_unlock (&work->lock);
    }
  pthread_mutex_lock (&work->lock);
  work->running--;
  pthread_cond_signal (&work->changed);
  pthread_mutex_unlock (&work->lock);
  return NULL;
}

gboolean
bk_sweep_run (BkSweep *sweep, const BkBar *bars, guint64 n_bars, const char *data_name, gboolean has_time,
              guint jobs, BkBudget *budget, const gint *cancel, BkSweepProgressFunc progress, gpointer user_data,
              GError **error)
{
  ensure_results (sweep);
  guint64 left = sweep->n_combinations - sweep->n_done;
  jobs = (guint) CLAMP ((guint64) MAX (jobs, 1), 1, MAX (left, 1));
  g_autoptr(GArray) todo = g_array_sized_new (FALSE, FALSE, sizeof (guint64), (guint) left);
  for (guint64 k = 0; k < sweep->n_combinations; k++)
    if (!sweep->results[k].done)
      g_array_append_val (todo, k);
  /* As many groups as workers, or more of MAX_GROUP combinations. */
  guint64 n_groups = MAX ((guint64) jobs, (left + MAX_GROUP - 1) / MAX_GROUP);

  Work work = {
    .sweep = sweep, .bars = bars, .n_bars = n_bars, .data_name = data_name, .has_time = has_time,
    .budget = budget, .running = jobs, .todo = todo,
    .group_size = (guint) MAX ((left + n_groups - 1) / MAX (n_groups, 1), 1),
  };
  pthread_condattr_t attr;
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_mutex_init (&work.lock, NULL);
  pthread_cond_init (&work.changed, &attr);
  pthread_condattr_destroy (&attr);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  for (guint i = 0; i < jobs; i++)
    g_ptr_array_add (threads, g_thread_new ("bk-sweep", worker, &work));

  gint64 last_report = 0;
  pthread_mutex_lock (&work.lock);
  while (work.running > 0)
    {
      struct timespec until;
      clock_gettime (CLOCK_MONOTONIC, &until);
      until.tv_nsec += 50 * 1000000;
      if (until.tv_nsec >= 1000000000)
        {
          until.tv_sec++;
          until.tv_nsec -= 1000000000;
        }
      pthread_cond_timedwait (&work.changed, &work.lock, &until);
      if (cancel != NULL && g_atomic_int_get (cancel))
        g_atomic_int_set (&work.stop, 1);
      gint64 now = g_get_monotonic_time ();
      if (progress != NULL && now - last_report >= G_TIME_SPAN_MILLISECOND * 125)
        {
          guint64 done = sweep->n_done + work.done;
          last_report = now;
          pthread_mutex_unlock (&work.lock);
          progress (done, sweep->n_combinations, user_data);
          pthread_mutex_lock (&work.lock);
        }
    }
  pthread_mutex_unlock (&work.lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  sweep->n_done += work.done;
  pthread_mutex_destroy (&work.lock);
  pthread_cond_destroy (&work.changed);

  if (progress != NULL)
    progress (sweep->n_done, sweep->n_combinations, user_data);
  if (work.error == NULL && cancel != NULL && g_atomic_int_get (cancel))
    g_set_error (&work.error, BK_ERROR, BK_ERROR_CANCELLED, "%s", _("the sweep was stopped"));
  if (work.error != NULL)
    {
      g_propagate_error (error, work.error);
      return FALSE;
    }
  return TRUE;
}

const BkSweepResult *
bk_sweep_get_result (BkSweep *sweep, guint64 k)
{
  g_return_val_if_fail (k < sweep->n_combinations, NULL);
  ensure_results (sweep);
  return &sweep->results[k];
}

guint64
bk_sweep_get_n_done (BkSweep *sweep)
{
  return sweep->n_done;
}

guint
bk_sweep_get_n_metrics (void)
{
  return G_N_ELEMENTS (metrics);
}

const BkSweepMetric *
bk_sweep_get_metric (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (metrics), NULL);
  return &metrics[i];
}

gint
bk_sweep_metric_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (metric_aliases); i++)
    if (g_str_equal (metric_aliases[i].alias, name))
      name = metric_aliases[i].name;
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_str_equal (metrics[i].name, name))
      return (gint) i;
  return -1;
}

double
bk_sweep_metric_value (const BkSweepResult *result, guint metric)
{
  const BkResults *r = &result->results;
  const double values[] = {
    r->final_value, r->total_return, r->annual_return, r->sharpe, r->max_drawdown, (double) r->max_drawdown_bars,
    (double) r->n_trades, r->win_rate, r->profit_factor, (double) r->n_orders, (double) r->rejected_orders,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (metrics));
  g_return_val_if_fail (metric < G_N_ELEMENTS (metrics), NAN);
  return values[metric];
}

typedef struct {
  BkSweep *sweep;
  guint metric;
} RankBy;

static gint
compare_ranked (gconstpointer pa, gconstpointer pb, gpointer data)
{
  const RankBy *by = data;
  guint64 a = *(const guint64 *) pa, b = *(const guint64 *) pb;
  double x = bk_sweep_metric_value (&by->sweep->results[a], by->metric);
  double y = bk_sweep_metric_value (&by->sweep->results[b], by->metric);

  if (isnan (x) != isnan (y))
    return isnan (x) ? 1 : -1;
  if (!isnan (x) && x != y)
    return (x > y) != metrics[by->metric].lower_is_better ? -1 : 1;
  return a < b ? -1 : a > b;
}

GArray *
bk_sweep_rank (BkSweep *sweep, guint metric)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint64));
  RankBy by = { sweep, metric };

  ensure_results (sweep);
  for (guint64 k = 0; k < sweep->n_combinations; k++)
    if (sweep->results[k].done)
      g_array_append_val (order, k);
  g_array_sort_with_data (order, compare_ranked, &by);
  return order;
}
