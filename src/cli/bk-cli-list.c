/* bk-cli-list.c — `barkeep-cli strategies` and `barkeep-cli models`: the
 * built-in strategies and models, what a run or a universe can use by
 * name. */

#include "config.h"

#include <glib/gi18n.h>

#include "bk-cli-private.h"
#include "bk-model.h"

/* The built-in strategies' descriptions (data/strategies/), for the
 * translations: the list shows them in the user's language. */
static const char *const builtin_descriptions[] G_GNUC_UNUSED = {
  N_("backtrader's memory-savings sample: SMA, Stochastic, RSI, MACD, CCI and TestInd (not plotted)"),
  N_("Buys 10 when the close crosses above SMA(15) and sells when it crosses below"),
  N_("Buys 10 when RSI(14) falls below 30 and sells when it rises above 70"),
  N_("Buys 10 when MACD(12, 26, 9) crosses above its signal line and sells when it crosses below"),
  N_("Buys 10 when the close is above the cloud and tenkan-sen above kijun-sen, sells when the close falls "
     "below the parabolic stop"),
  /* xgettext:no-c-format */
  N_("Buys with a stop order when the close breaks above the 20-bar high, 1 % of the value per ATR (at most "
     "90 % of the cash), with a stop loss 2 ATR below and a take profit 4 ATR above; sells below the 10-bar low"),
  N_("Goes long when EMA(10) crosses above EMA(30) and short when it crosses below, reversing in one order, "
     "half the value each time; sells a long above RSI 75 and covers a short below RSI 25"),
};

int
bk_cli_cmd_strategies (int argc, char **argv)
{
  int status = 0;

  g_autoptr(BkCliTable) table = bk_cli_table_new ("ll", 2);

  if (!bk_cli_parse ("strategies", &argc, &argv, &status, NULL)
      || !bk_cli_no_arguments ("strategies", argc, argv, &status))
    return status;
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin (*id, NULL);
      bk_cli_table_add (table, *id);
      const char *description = strategy != NULL ? bk_strategy_get_description (strategy) : NULL;
      bk_cli_table_add (table, description != NULL && description[0] != '\0' ? _(description) : "");
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  return BK_EXIT_SUCCESS;
}

/* The built-in models (data/models/): what a universe run can use by name. */
int
bk_cli_cmd_models (int argc, char **argv)
{
  int status = 0;
  GError *error = NULL;

  g_autoptr(BkCliTable) table = bk_cli_table_new ("llrl", 2);

  if (!bk_cli_parse ("models", &argc, &argv, &status, NULL)
      || !bk_cli_no_arguments ("models", argc, argv, &status))
    return status;
  /* Translators: the column headers of `barkeep-cli models`; horizon is
   * how many bars ahead a model's target return looks. */
  bk_cli_table_add (table, _("model"));
  bk_cli_table_add (table, _("name"));
  bk_cli_table_add (table, _("horizon"));
  bk_cli_table_add (table, _("features"));
  for (const char *const *id = bk_model_builtin_ids (); *id != NULL; id++)
    {
      g_autoptr(BkModel) model = bk_model_new_builtin (*id, &error);
      if (model == NULL)
        return bk_cli_fail (error);
      g_autoptr(GString) features = g_string_new (NULL);
      for (guint i = 0; i < bk_model_get_n_features (model); i++)
        g_string_append_printf (features, "%s%s", i > 0 ? ", " : "", bk_model_get_feature (model, i));
      bk_cli_table_add (table, *id);
      bk_cli_table_add (table, bk_model_get_name (model));
      bk_cli_table_addf (table, "%u", bk_model_get_horizon (model));
      bk_cli_table_add (table, features->str);
    }
  g_autofree char *text = bk_cli_table_format (table);
  g_print ("%s", text);
  return BK_EXIT_SUCCESS;
}
