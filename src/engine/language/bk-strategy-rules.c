/* bk-strategy-rules.c — a strategy file's [rules] into the build: the
 * four rules, the size and the orders' prices (each a value the run reads
 * at the signal bar), the checks a constant among them must pass, and the
 * warm-up bar from which the run reads them; and the whole file built
 * into a graph, its indicators first (bk-strategy-compiler.c). */
#include "bk-strategy-rules.h"
#include "bk-strategy-compiler-private.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-ini.h"

/* A value of [rules] the run reads at the signal bar: a rule, the size or
 * an order's price.  The run reads its line as much; count it now
 * (bk_run_new).  A constant is a constant input. */
static gboolean
build_value (BkStrategyBuilder *b, const BkParsedRule *rule, gboolean *has, BkInput *out)
{
  if (rule->expr == NULL)
    return TRUE;
  b->in_rules = TRUE;
  gboolean ok = bk_strategy_build_expr (b, NULL, rule->expr, out);
  b->in_rules = FALSE;
  if (!ok)
    return FALSE;
  if (out->spec != NULL)
    {
      bk_graph_note_read (b->graph, out->spec, out->ago + 1);
      bk_strategy_note_cells (b, rule->expr->line, rule->expr->column);
    }
  if (has != NULL)
    *has = TRUE;
  return TRUE;
}

static gboolean
build_rule (BkStrategyBuilder *b, BkRule r, BkStrategyBuild *build)
{
  /* Translators: what to say when a rule is a number; the rule's name is the file's key */
  static const char *const constant_messages[BK_RULE_N] = {
    [BK_RULE_BUY] = N_("the buy rule needs a condition on lines, found a number"),
    [BK_RULE_SELL] = N_("the sell rule needs a condition on lines, found a number"),
    [BK_RULE_SHORT] = N_("the short rule needs a condition on lines, found a number"),
    [BK_RULE_COVER] = N_("the cover rule needs a condition on lines, found a number"),
  };
  const BkParsedRule *rule = &b->sf->rules[r];

  if (!build_value (b, rule, &build->has_rule[r], &build->rule[r]))
    return FALSE;
  if (rule->expr != NULL && build->rule[r].spec == NULL)
    {
      bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, rule->line, rule->column, "%s",
                       _(constant_messages[r]));
      return FALSE;
    }
  return TRUE;
}

/* A constant value of a key must be within (min, max]; what: what it
 * should be, completing "expected %s for %s, found %s". */
static gboolean
check_constant (BkStrategyBuilder *b, const char *key, const BkParsedRule *rule, BkInput value, double max, const char *what)
{
  if (rule->expr == NULL || value.spec != NULL || (value.value > 0 && value.value <= max))
    return TRUE;
  g_autofree char *found = bk_ini_quote (rule->text);
  bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, rule->line, rule->column,
                   _("expected %s for %s, found %s"), what, key, found);
  return FALSE;
}

/* A constant stop or target on the wrong side of a constant entry price:
 * `below` TRUE when the price must be below the entry. */
static gboolean
check_side (BkStrategyBuilder *b, const char *key, const BkParsedRule *rule, BkInput price, BkInput entry,
            gboolean below, const char *why)
{
  if (rule->expr == NULL || price.spec != NULL || entry.spec != NULL
      || (below ? price.value <= entry.value : price.value >= entry.value))
    return TRUE;
  bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, rule->line, rule->column,
                   /* Translators: a key and its value, entry_price's value, then why it is wrong */
                   below ? _("%s=%s is above entry_price=%s: %s") : _("%s=%s is below entry_price=%s: %s"),
                   key, rule->text, b->sf->entry_price.text, why);
  return FALSE;
}

/* The size and the orders of the entries, built and checked. */
static gboolean
build_orders (BkStrategyBuilder *b, BkStrategyBuild *build)
{
  BkParsedStrategy *sf = b->sf;
  /* Translators: completes "expected %s for %s, found %s" */
  const char *price = _("a positive price");

  build->entry = sf->entry;
  build->entry_valid = sf->entry_valid;
  build->trail_percent = sf->trail_percent;
  if (!build_value (b, &sf->size, NULL, &build->size)
      || !build_value (b, &sf->entry_price, &build->has_entry_price, &build->entry_price)
      || !build_value (b, &sf->entry_limit, &build->has_entry_limit, &build->entry_limit)
      || !build_value (b, &sf->stop_loss, &build->has_stop_loss, &build->stop_loss)
      || !build_value (b, &sf->take_profit, &build->has_take_profit, &build->take_profit)
      || !build_value (b, &sf->trail_amount, &build->has_trail_amount, &build->trail_amount))
    return FALSE;
  if (!check_constant (b, "size", &sf->size, build->size, 1e12,
                       /* Translators: completes "expected %s for %s, found %s" */
                       _("a positive number of units"))
      || !check_constant (b, "entry_price", &sf->entry_price, build->entry_price, G_MAXDOUBLE, price)
      || !check_constant (b, "entry_limit", &sf->entry_limit, build->entry_limit, G_MAXDOUBLE, price)
      || !check_constant (b, "stop_loss", &sf->stop_loss, build->stop_loss, G_MAXDOUBLE, price)
      || !check_constant (b, "take_profit", &sf->take_profit, build->take_profit, G_MAXDOUBLE, price)
      || !check_constant (b, "trail_amount", &sf->trail_amount, build->trail_amount, G_MAXDOUBLE,
                          /* Translators: completes "expected %s for %s, found %s" */
                          _("a positive amount of price")))
    return FALSE;
  if (sf->entry_price.expr == NULL)
    return TRUE;
  /* A long's stop is below its entry and its target above; a short's the
   * other way round. */
  static const BkRule sides[] = { BK_RULE_BUY, BK_RULE_SHORT };
  const char *const stop_why[] = { _("a long's stop is below its entry"), _("a short's stop is above its entry") };
  const char *const target_why[] = { _("a long's target is above its entry"),
                                     _("a short's target is below its entry") };
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (sf->rules[sides[i]].expr != NULL
        && (!check_side (b, "stop_loss", &sf->stop_loss, build->stop_loss, build->entry_price, i == 0, stop_why[i])
            || !check_side (b, "take_profit", &sf->take_profit, build->take_profit, build->entry_price, i != 0,
                            target_why[i])))
      return FALSE;
  return TRUE;
}

/* backtrader's minimum period of a strategy: the longest of its named
 * indicators', whose lines are valid from it on. */
static guint
warmup_of (GPtrArray *named)
{
  guint warmup = 1;

  for (guint i = 0; i < named->len; i++)
    {
      BkNode *node = g_ptr_array_index (named, i);
      warmup = MAX (warmup, node->minperiod);
      for (guint j = 0; j < node->n_outputs; j++)
        warmup = MAX (warmup, node->outputs[j]->minperiod);
    }
  return warmup;
}

static gboolean
build_rules (BkStrategyBuilder *b, BkStrategyBuild *build)
{
  for (guint r = 0; r < BK_RULE_N; r++)
    if (!build_rule (b, (BkRule) r, build))
      return FALSE;
  if (!build_orders (b, build))
    return FALSE;
  build->warmup = warmup_of (build->named);
  return TRUE;
}

gboolean
bk_strategy_build_parsed (BkGraph *graph, BkStrategyBuild *build, gpointer parsed, GError **error)
{
  BkParsedStrategy *sf = parsed;
  g_autofree BkNode **nodes = g_new0 (BkNode *, sf->named->len);
  BkStrategyBuilder b = { .sf = sf, .graph = graph, .error = error, .max_cells = bk_strategy_get_max_cells (),
                .nodes = nodes };

  gboolean ok = bk_strategy_build_indicators (&b, build) && build_rules (&b, build);
  build->account = b.account;
  if (ok && b.over_line > 0)
    {
      guint64 cells = bk_graph_get_cells (graph);
      g_autofree char *need = g_format_size (cells * sizeof (double));
      g_autofree char *limit = g_format_size (b.max_cells * sizeof (double));
      bk_set_error_at (error, BK_ERROR_LIMIT, sf->file, b.over_line, b.over_column,
                       /* Translators: memory cells are stored values of 8 bytes; a count of
                        * them and its size ("2.1 GB"), then the limit as a count and a size */
                       _("the strategy needs %llu memory cells (%s) for its lines, "
                         "more than the limit of %llu cells (%s)"),
                       (unsigned long long) cells, need, (unsigned long long) b.max_cells, limit);
      ok = FALSE;
    }
  return ok;
}
