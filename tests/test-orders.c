/* test-orders.c — Barkeep against backtrader's broker: every case of the
 * orders corpus (tests/data/orders/CASE.ini, made with its reference
 * tests/data/reference/orders/CASE.json by make-orders-reference.py) run
 * in each of the four memory modes: orders (made, side, type, size,
 * prices, status, fill date, price, size, commission, reason), trades,
 * entries skipped, final value and cash.  Dates, sizes, statuses and
 * reasons must be equal; prices, P&L, commission, value and cash within
 * 1e-9 relative, 1e-9 absolute near zero (backtrader computes some
 * through running averages).
 *
 * Every .ini of the corpus is a case: a case added there is held to
 * backtrader at once.  `test-orders --survey` runs them all outside the
 * test framework and prints whether each matches and where it first
 * differs. */
#include <math.h>
#include <string.h>

#include "bk-run.h"
#include "bk-strategy-file.h"
#include "bk-test-util.h"
#include "bk-trades.h"

static const BkMode modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

#define TOLERANCE 1e-9

/* Within 1e-9 relative, or 1e-9 absolute near zero (backtrader computes
 * P&L, commission, value and cash through running averages). */
static gboolean
close_enough (double a, double b)
{
  if (a == b)
    return TRUE;
  return fabs (a - b) <= TOLERANCE * MAX (1.0, MAX (fabs (a), fabs (b)));
}

/* Where `ours` differs from backtrader's `theirs`, member by member of
 * `theirs`, or NULL. */
static char *
compare_nodes (JsonNode *theirs, JsonNode *ours, const char *where)
{
  if (JSON_NODE_HOLDS_NULL (theirs) || JSON_NODE_HOLDS_NULL (ours))
    return JSON_NODE_HOLDS_NULL (theirs) == JSON_NODE_HOLDS_NULL (ours)
             ? NULL
             : g_strdup_printf ("%s: %s, backtrader %s", where, JSON_NODE_HOLDS_NULL (ours) ? "null" : "a value",
                                JSON_NODE_HOLDS_NULL (theirs) ? "null" : "a value");
  if (JSON_NODE_HOLDS_OBJECT (theirs))
    {
      JsonObject *a = json_node_get_object (theirs), *b = json_node_get_object (ours);
      g_autoptr(GList) members = json_object_get_members (a);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) l->data);
          if (!json_object_has_member (b, l->data))
            return g_strdup_printf ("%s: missing", inner);
          char *difference = compare_nodes (json_object_get_member (a, l->data),
                                            json_object_get_member (b, l->data), inner);
          if (difference != NULL)
            return difference;
        }
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (theirs))
    {
      JsonArray *a = json_node_get_array (theirs), *b = json_node_get_array (ours);
      guint n = json_array_get_length (a);

      for (guint i = 0; i < MIN (n, json_array_get_length (b)); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", where, i);
          char *difference = compare_nodes (json_array_get_element (a, i), json_array_get_element (b, i), inner);
          if (difference != NULL)
            return difference;
        }
      if (n != json_array_get_length (b))
        return g_strdup_printf ("%s: %u, backtrader %u", where, json_array_get_length (b), n);
      return NULL;
    }
  GType type = json_node_get_value_type (theirs);
  if (type == G_TYPE_STRING || type == G_TYPE_BOOLEAN)
    {
      g_autofree char *a = json_to_string (theirs, FALSE), *b = json_to_string (ours, FALSE);
      return g_strcmp0 (a, b) == 0 ? NULL : g_strdup_printf ("%s: %s, backtrader %s", where, b, a);
    }
  double a = json_node_get_double (theirs), b = json_node_get_double (ours);
  return close_enough (a, b) ? NULL : g_strdup_printf ("%s: %.17g, backtrader %.17g", where, b, a);
}

/* Runs `name` in `mode` and says where it differs from backtrader, or
 * NULL where it does not. */
static char *
check_case_in_mode (const char *name, BkMode mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relative_ini = g_strdup_printf ("orders/%s.ini", name);
  g_autofree char *relative_json = g_strdup_printf ("reference/orders/%s.json", name);
  g_autofree char *ini = bk_test_data_file (relative_ini);
  g_autofree char *reference = bk_test_data_file (relative_json);
  g_autofree char *data = bk_test_case_data (ini, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (data == NULL || !json_parser_load_from_file (parser, reference, &error))
    return g_strdup (error->message);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_file (ini, &error);
  if (strategy == NULL)
    return g_strdup_printf ("not loaded: %s", error->message);
  g_autoptr(BkSource) source = bk_source_new_csv (data, NULL, &error);
  g_autoptr(BkRun) run = source != NULL ? bk_run_new (strategy, mode, BK_PRECISION_F64, &error) : NULL;
  if (run == NULL || !bk_run_execute (run, source, NULL, &error))
    return g_strdup_printf ("not run: %s", error->message);

  const BkBroker *broker = bk_run_get_broker (run);
  gboolean with_time = bk_run_has_time (run);
  JsonObject *want = json_node_get_object (json_parser_get_root (parser));
  g_autoptr(JsonObject) got = json_object_new ();
  JsonArray *trades = bk_broker_trades_to_json (broker, with_time);
  JsonNode *open = bk_broker_open_trade_to_json (broker, with_time);

  if (JSON_NODE_HOLDS_OBJECT (open))
    json_array_add_element (trades, open);
  else
    json_node_unref (open);
  json_object_set_array_member (got, "orders", bk_broker_orders_to_json (broker, with_time));
  json_object_set_array_member (got, "trades", trades);
  json_object_set_double_member (got, "final_value", broker->value);
  json_object_set_double_member (got, "final_cash", broker->cash);
  json_object_set_int_member (got, "skipped", broker->skipped);

  static const char *const members[] = { "orders", "trades", "final_value", "final_cash", "skipped" };
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      char *difference = compare_nodes (json_object_get_member (want, members[i]),
                                        json_object_get_member (got, members[i]), members[i]);
      if (difference != NULL)
        return difference;
    }
  return NULL;
}

/* The first mode in which `name` differs, and where; NULL when none. */
static char *
check_case (const char *name)
{
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *difference = check_case_in_mode (name, modes[m]);
      if (difference != NULL)
        return g_strdup_printf ("mode %s: %s", bk_mode_label (modes[m]), difference);
    }
  return NULL;
}

static void
test_case (gconstpointer data)
{
  const char *name = data;
  g_autofree char *difference = check_case (name);

  if (difference != NULL)
    g_test_message ("%s differs from backtrader: %s", name, difference);
  g_assert_null (difference);
}

static int
survey (void)
{
  g_autoptr(GPtrArray) names = bk_test_list_data ("orders", ".ini");
  guint passed = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *difference = check_case (g_ptr_array_index (names, i));
      if (difference == NULL)
        passed++;
      g_print ("%-22s %s\n", (const char *) g_ptr_array_index (names, i), difference != NULL ? difference : "matches");
    }
  g_print ("%u of %u cases match\n", passed, names->len);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && g_strcmp0 (argv[1], "--survey") == 0)
    return survey ();
  g_test_init (&argc, &argv, NULL);
  g_autoptr(GPtrArray) names = bk_test_list_data ("orders", ".ini");
  g_assert_cmpuint (names->len, >=, 42);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/orders/%s", (const char *) g_ptr_array_index (names, i));
      g_test_add_data_func (path, g_ptr_array_index (names, i), test_case);
    }
  return g_test_run ();
}
