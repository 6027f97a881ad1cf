/* test-strategy-params.c — the numbers of a strategy file as parameters:
 * their names, where they are in the text, their ranges, and the text
 * rewritten with other numbers. */

#include <locale.h>
#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-strategy-file.h"
#include "bk-strategy-params.h"

static BkStrategyParams *
params_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  BkStrategyParams *params = bk_strategy_params_new (text, -1, "test.ini", &error);

  g_assert_no_error (error);
  return params;
}

/* "name=value line:column" a line, in the order of the text. */
static char *
describe (const BkStrategyParams *params)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < bk_strategy_params_get_n (params); i++)
    {
      const BkStrategyParam *p = bk_strategy_params_get (params, i);
      char value[BK_STRATEGY_PARAMS_NUMBER_SIZE];

      bk_strategy_params_format_number (p->value, value);
      g_string_append_printf (out, "%s=%s %u:%u\n", p->name, value, p->line, p->column);
    }
  return g_string_free (out, FALSE);
}

static const BkStrategyParam *
find (const BkStrategyParams *params, const char *name)
{
  gint i = bk_strategy_params_lookup (params, name, NULL);

  g_assert_cmpint (i, >=, 0);
  return bk_strategy_params_get (params, (guint) i);
}

static void
test_names_sma_crossover (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyParams) params = bk_strategy_params_open ("sma-crossover", &error);
  g_assert_no_error (error);
  g_autofree char *text = describe (params);

  g_assert_cmpstr (text, ==,
                   "sma.period=15 8:24\n"
                   "broker.cash=100000 12:6\n"
                   "broker.commission=0.001 13:12\n"
                   "rules.buy#1=0 16:29\n"
                   "rules.sell#1=0 17:30\n"
                   "rules.size=10 18:6\n");
  const BkStrategyParam *period = find (params, "sma.period");
  g_assert_cmpint (period->kind, ==, BK_STRATEGY_PARAM_INDICATOR);
  g_assert_true (period->integer);
  g_assert_cmpfloat (period->min, ==, 1);
  g_assert_cmpfloat (period->lower, <=, 15);
  g_assert_cmpfloat (period->upper, >=, 15);
  const BkStrategyParam *commission = find (params, "broker.commission");
  g_assert_cmpint (commission->kind, ==, BK_STRATEGY_PARAM_SETTING);
  g_assert_cmpfloat (commission->lower, ==, 0);
  g_assert_cmpfloat (commission->upper, ==, 1);
  g_assert_false (commission->integer);
}

/* Positional parameters take the registry's names; a second of the same
 * name in one value is #2; other numbers are #1, #2... of their value. */
static void
test_names_positional_and_repeated (void)
{
  g_autoptr(BkStrategyParams) params = params_of ("[indicator x]\n"
                                                  "expr=SMA(close, 10) - SMA(close * 2, period=20)\n"
                                                  "[indicator band]\n"
                                                  "lines=mid;top\n"
                                                  "mid=SMA(close, 20)\n"
                                                  "top=mid + 2.5 * StdDev(close, 20)\n"
                                                  "[rules]\n"
                                                  "buy=close > SMA(period=200) and close > close[-60] * 1.08\n"
                                                  "sell=close < x\n"
                                                  "size=0.95 * cash / close\n"
                                                  "entry=stop\n"
                                                  "entry_price=high + 0.5\n"
                                                  "entry_valid=3\n"
                                                  "trail_percent=0.05\n");
  g_autofree char *text = describe (params);

  g_assert_cmpstr (text, ==,
                   "x.period=10 2:17\n"
                   "x#1=2 2:35\n"
                   "x.period#2=20 2:45\n"
                   "band.mid.period=20 5:16\n"
                   "band.top#1=2.5 6:11\n"
                   "band.top.period=20 6:31\n"
                   "rules.buy.period=200 8:24\n"
                   "rules.buy#1=1.08 8:54\n"
                   "rules.size#1=0.95 10:6\n"
                   "rules.entry_price#1=0.5 12:20\n"
                   "rules.entry_valid=3 13:13\n"
                   "rules.trail_percent=0.05 14:15\n");
  g_assert_cmpint (find (params, "x#1")->kind, ==, BK_STRATEGY_PARAM_NUMBER);
  g_assert_true (find (params, "rules.entry_valid")->integer);
  g_assert_cmpfloat (find (params, "rules.entry_valid")->min, ==, 1);
}

/* The span of every parameter of every built-in strategy is the number
 * it holds, as written. */
static void
test_spans_hold_the_numbers (void)
{
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategyParams) params = bk_strategy_params_open (*id, &error);
      g_assert_no_error (error);
      const char *text = bk_strategy_params_get_text (params);

      for (guint i = 0; i < bk_strategy_params_get_n (params); i++)
        {
          const BkStrategyParam *p = bk_strategy_params_get (params, i);
          g_autofree char *span = g_strndup (text + p->offset, p->length);
          char *end;

          g_assert_cmpuint (p->length, >, 0);
          g_assert_cmpfloat (g_ascii_strtod (span, &end), ==, p->value);
          g_assert_cmpint (*end, ==, '\0');
          /* The line and column count to the same byte. */
          const char *at = text;
          for (guint line = 1; line < p->line; line++)
            at = strchr (at, '\n') + 1;
          g_assert_true (g_utf8_offset_to_pointer (at, p->column - 1) == text + p->offset);
          g_assert_cmpfloat (p->lower, <=, p->value);
          g_assert_cmpfloat (p->upper, >=, p->value);
          g_assert_cmpfloat (p->min, <=, p->lower);
          g_assert_cmpfloat (p->max, >=, p->upper);
        }
    }
}

/* The built-in strategies' parameters, all of them. */
static void
test_builtin_listing (void)
{
  static const struct {
    const char *id;
    const char *names;
  } expected[] = {
    { "memory-savings", "sma.period macd.period_me1 macd.period_me2 macd.period_signal testind.b.period" },
    { "sma-crossover", "sma.period broker.cash broker.commission rules.buy#1 rules.sell#1 rules.size" },
    { "rsi-reversion", "rsi.period broker.cash broker.commission rules.buy#1 rules.sell#1 rules.size" },
    { "macd-signal", "macd.period_me1 macd.period_me2 macd.period_signal broker.cash broker.commission "
                     "rules.buy#1 rules.sell#1 rules.size" },
    { "ichimoku-cloud", "broker.cash broker.commission rules.size" },
    { "bracketed-breakout", "top.period bottom.period atr.period broker.cash broker.commission rules.size#1 "
                            "rules.size#2 rules.entry_price#1 rules.entry_valid rules.stop_loss#1 "
                            "rules.take_profit#1" },
    { "long-short", "fast.period slow.period rsi.period broker.cash broker.commission rules.buy#1 "
                    "rules.short#1 rules.sell#1 rules.cover#1 rules.size#1" },
  };
  guint n_builtin = g_strv_length ((char **) bk_strategy_list_builtin ());

  g_assert_cmpuint (n_builtin, ==, G_N_ELEMENTS (expected));
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategyParams) params = bk_strategy_params_open (expected[k].id, &error);
      g_assert_no_error (error);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < bk_strategy_params_get_n (params); i++)
        g_string_append_printf (names, "%s%s", i > 0 ? " " : "", bk_strategy_params_get (params, i)->name);
      g_assert_cmpstr (names->str, ==, expected[k].names);
    }
}

/* The parameters' own values give the text back byte for byte. */
static void
test_rewrite_identity (void)
{
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(BkStrategyParams) params = bk_strategy_params_open (*id, NULL);
      guint n = bk_strategy_params_get_n (params);
      g_autofree double *values = g_new (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        values[i] = bk_strategy_params_get (params, i)->value;
      gsize len;
      g_autofree char *text = bk_strategy_params_rewrite (params, values, &len);
      g_assert_cmpstr (text, ==, bk_strategy_params_get_text (params));
      g_assert_cmpuint (len, ==, strlen (text));
    }
}

/* Every parameter of every built-in moved within its slider's range:
 * the rewritten text loads, and read again has the same names in the
 * same order with the new values. */
static void
test_rewrite_round_trip (void)
{
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(BkStrategyParams) params = bk_strategy_params_open (*id, NULL);
      guint n = bk_strategy_params_get_n (params);
      g_autofree double *values = g_new (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          const BkStrategyParam *p = bk_strategy_params_get (params, i);
          /* A third of the way up its range: another number, seldom a round one. */
          double v = p->lower + (p->upper - p->lower) / 3.0;
          values[i] = p->integer ? ceil (v) : v;
          if (values[i] == p->value)
            values[i] = p->integer ? p->value + 1 : p->value * 1.5 + 0.125;
        }
      gsize len;
      g_autofree char *text = bk_strategy_params_rewrite (params, values, &len);
      g_autoptr(GError) error = NULL;
      g_autoptr(BkStrategyParams) again = bk_strategy_params_new (text, (gssize) len, "again.ini", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (bk_strategy_params_get_n (again), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpstr (bk_strategy_params_get (again, i)->name, ==, bk_strategy_params_get (params, i)->name);
          g_assert_cmpfloat (bk_strategy_params_get (again, i)->value, ==, values[i]);
        }
    }
}

/* A negative number in an expression is written in parentheses, so the
 * operator before it still reads as it did. */
static void
test_rewrite_negative (void)
{
  g_autoptr(BkStrategyParams) params = params_of ("[indicator d]\nexpr=close - 5\n");
  double value = -2.5;
  g_autofree char *text = bk_strategy_params_rewrite (params, &value, NULL);

  g_assert_cmpstr (text, ==, "[indicator d]\nexpr=close - (-2.5)\n");
  g_autoptr(BkStrategyParams) again = params_of (text);
  g_assert_cmpfloat (bk_strategy_params_get (again, 0)->value, ==, 2.5);
}

static void
test_format_number (void)
{
  static const struct {
    double value;
    const char *text;
  } cases[] = {
    { 30, "30" }, { 0.001, "0.001" }, { 0.1 + 0.2, "0.30000000000000004" }, { 1e-7, "1e-07" },
    { 100000, "100000" }, { -0.0, "0" }, { 2.5, "2.5" }, { 1e20, "1e+20" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[BK_STRATEGY_PARAMS_NUMBER_SIZE];
      bk_strategy_params_format_number (cases[i].value, buf);
      g_assert_cmpstr (buf, ==, cases[i].text);
    }
}

static void
test_lookup_suggests_closest (void)
{
  g_autoptr(BkStrategyParams) params = bk_strategy_params_open ("sma-crossover", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (bk_strategy_params_lookup (params, "sma.perod", &error), ==, -1);
  g_assert_error (error, BK_ERROR, BK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "no parameter 'sma.perod' in sma-crossover.ini (did you mean 'sma.period'?)");
  g_clear_error (&error);
  g_assert_cmpint (bk_strategy_params_lookup (params, "zzz", &error), ==, -1);
  g_assert_true (strstr (error->message, "its parameters are sma.period, broker.cash") != NULL);
}

/* A value the file may not hold is refused where the number is. */
static void
test_check_value (void)
{
  g_autoptr(BkStrategyParams) params = bk_strategy_params_open ("sma-crossover", NULL);
  g_autoptr(GError) error = NULL;
  guint period = (guint) bk_strategy_params_lookup (params, "sma.period", NULL);
  guint commission = (guint) bk_strategy_params_lookup (params, "broker.commission", NULL);

  g_assert_true (bk_strategy_params_check_value (params, period, 40, &error));
  g_assert_false (bk_strategy_params_check_value (params, period, 0, &error));
  g_assert_cmpstr (error->message, ==,
                   "sma-crossover.ini:8:24: parameter 'period' of SMA must be a whole number from 1 to 1000000, "
                   "found 0");
  g_clear_error (&error);
  g_assert_false (bk_strategy_params_check_value (params, period, 2.5, &error));
  g_clear_error (&error);
  g_assert_false (bk_strategy_params_check_value (params, commission, 2, &error));
  g_assert_true (g_str_has_prefix (error->message, "sma-crossover.ini:13:12: "));
}

/* A file that does not load has no parameters: the loader's error. */
static void
test_bad_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyParams) params = bk_strategy_params_new ("[rules]\nbuy=close >\n", -1, "bad.ini", &error);

  g_assert_null (params);
  g_assert_true (g_str_has_prefix (error->message, "bad.ini:2:"));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/language/params/names-sma-crossover", test_names_sma_crossover);
  g_test_add_func ("/language/params/names-positional-and-repeated", test_names_positional_and_repeated);
  g_test_add_func ("/language/params/spans-hold-the-numbers", test_spans_hold_the_numbers);
  g_test_add_func ("/language/params/builtin-listing", test_builtin_listing);
  g_test_add_func ("/language/params/rewrite-identity", test_rewrite_identity);
  g_test_add_func ("/language/params/rewrite-round-trip", test_rewrite_round_trip);
  g_test_add_func ("/language/params/rewrite-negative", test_rewrite_negative);
  g_test_add_func ("/language/params/format-number", test_format_number);
  g_test_add_func ("/language/params/lookup-suggests-closest", test_lookup_suggests_closest);
  g_test_add_func ("/language/params/check-value", test_check_value);
  g_test_add_func ("/language/params/bad-file", test_bad_file);
  return g_test_run ();
}
