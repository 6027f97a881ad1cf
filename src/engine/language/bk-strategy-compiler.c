/* bk-strategy-compiler.c — strategy files' expressions into graph nodes.
 *
 * Named indicators may refer to one another in any order; they are built
 * in dependency order, found by a depth-first walk without recursion (a
 * hostile file can chain thousands).  Each run builds the parsed file
 * afresh into its own graph.  The same builder compiles the formulas of
 * composite indicators (BkIndicatorDesc.formula), which this layer hands
 * down to the indicator registry as a BkFormulaCompiler. */
#include "bk-strategy-compiler.h"
#include "bk-strategy-compiler-private.h"

#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-indicator.h"
#include "bk-ini.h"
#include "bk-ops.h"


typedef struct {
  char *name;
  BkInput line;
  BkNode *node;               /* the statement was one call: its node, for name.line */
} FormulaLine;

static guint
feed_index_of_line (BkFeedLine line)
{
  for (guint i = 0; i < G_N_ELEMENTS (bk_strategy_feed_lines); i++)
    if (bk_strategy_feed_lines[i] == line)
      return i;
  g_return_val_if_reached (0);
}

const char *const bk_strategy_feed_names[6] = {
  "open", "high", "low", "close", "volume", "openinterest",
};
const BkFeedLine bk_strategy_feed_lines[6] = {
  BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE, BK_FEED_VOLUME, BK_FEED_OPENINTEREST,
};
gint
bk_strategy_feed_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (bk_strategy_feed_names); i++)
    if (g_str_equal (bk_strategy_feed_names[i], name))
      return (gint) i;
  return -1;
}

const char *const bk_strategy_account_names[BK_ACCOUNT_N_LINES + 1] = {
  [BK_ACCOUNT_POSITION] = "position",
  [BK_ACCOUNT_POSITION_PRICE] = "position_price",
  [BK_ACCOUNT_CASH] = "cash",
  [BK_ACCOUNT_VALUE] = "value",
  [BK_ACCOUNT_BARS_HELD] = "bars_held",
};

gint
bk_strategy_account_index (const char *name)
{
  for (guint i = 0; i < BK_ACCOUNT_N_LINES; i++)
    if (g_str_equal (bk_strategy_account_names[i], name))
      return (gint) i;
  return -1;
}

const char *const bk_strategy_rule_names[BK_RULE_N] = {
  [BK_RULE_BUY] = "buy", [BK_RULE_SELL] = "sell", [BK_RULE_SHORT] = "short", [BK_RULE_COVER] = "cover",
};
const char *const bk_strategy_entry_names[5] = {
  [BK_ENTRY_MARKET] = "market", [BK_ENTRY_CLOSE] = "close", [BK_ENTRY_LIMIT] = "limit",
  [BK_ENTRY_STOP] = "stop", [BK_ENTRY_STOPLIMIT] = "stoplimit",
};

char *
bk_strategy_suggestion (const char *word, const char *const *candidates, guint n)
{
  const char *best = bk_closest_name (word, candidates, n);

  /* Translators: follows a message about an unknown name; %s is a known one */
  return best != NULL ? g_strdup_printf (_(" (did you mean '%s'?)"), best) : g_strdup ("");
}

/* --- Dependency order ----------------------------------------------------- */

static void
collect_refs (BkParsedStrategy *sf, BkParsedIndicator *self, BkExpr *expr, gboolean own_lines)
{
  if (expr == NULL)
    return;
  if (expr->kind == BK_EXPR_NAME)
    {
      if (own_lines && g_strv_contains ((const char *const *) self->line_names, expr->name))
        return;
      if (g_hash_table_contains (sf->by_name, expr->name))
        g_ptr_array_add (self->refs, expr);
      return;
    }
  collect_refs (sf, self, expr->a, own_lines);
  collect_refs (sf, self, expr->b, own_lines);
  if (expr->args != NULL)
    for (guint i = 0; i < expr->args->len; i++)
      collect_refs (sf, self, ((BkExprArg *) g_ptr_array_index (expr->args, i))->value, own_lines);
}

gboolean
bk_strategy_order_indicators (BkParsedStrategy *sf, GError **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  for (guint i = 0; i < sf->named->len; i++)
    {
      BkParsedIndicator *named = g_ptr_array_index (sf->named, i);
      collect_refs (sf, named, named->expr, FALSE);
      for (guint j = 0; j < named->n_lines && named->expr == NULL; j++)
        collect_refs (sf, named, named->line_exprs[j], TRUE);
    }

  for (guint i = 0; i < sf->named->len; i++)
    {
      BkParsedIndicator *root = g_ptr_array_index (sf->named, i);
      if (root->state != UNVISITED)
        continue;
      root->state = VISITING;
      g_ptr_array_add (stack, root);
      while (stack->len > 0)
        {
          BkParsedIndicator *top = g_ptr_array_index (stack, stack->len - 1);
          if (top->ref_cursor == top->refs->len)
            {
              top->state = DONE;
              g_ptr_array_add (sf->order, top);
              g_ptr_array_set_size (stack, stack->len - 1);
              continue;
            }
          BkExpr *ref = g_ptr_array_index (top->refs, top->ref_cursor++);
          BkParsedIndicator *target = g_hash_table_lookup (sf->by_name, ref->name);
          if (target->state == UNVISITED)
            {
              target->state = VISITING;
              g_ptr_array_add (stack, target);
            }
          else if (target->state == VISITING)
            {
              guint k = 0;
              while (g_ptr_array_index (stack, k) != target)
                k++;
              BkExpr *first = g_ptr_array_index (target->refs, target->ref_cursor - 1);
              g_autoptr(GString) path = g_string_new (NULL);
              for (guint m = k + 1; m < stack->len; m++)
                g_string_append_printf (path, "%s -> ", ((BkParsedIndicator *) g_ptr_array_index (stack, m))->name);
              g_string_append (path, target->name);
              if (target == top)
                bk_set_error_at (error, BK_ERROR_INVALID, sf->file, first->line, first->column,
                                 _("indicator '%s' depends on itself"), target->name);
              else
                bk_set_error_at (error, BK_ERROR_INVALID, sf->file, first->line, first->column,
                                 /* Translators: an indicator's name, then the chain of names "a -> b -> c" */
                                 _("indicator '%s' depends on itself through %s"), target->name, path->str);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* --- Building into a graph ------------------------------------------------ */

static gboolean
fail_expr (BkStrategyBuilder *b, const BkExpr *expr, gint code, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail_expr (BkStrategyBuilder *b, const BkExpr *expr, gint code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  bk_set_error_at (b->error, code, b->sf->file, expr->line, expr->column, "%s", message);
  return FALSE;
}

void
bk_strategy_note_cells (BkStrategyBuilder *b, guint line, guint column)
{
  if (b->over_line == 0 && bk_graph_get_cells (b->graph) > b->max_cells)
    {
      b->over_line = line;
      b->over_column = column;
    }
}

/* Puts a position in front of an error the graph reported. */
static gboolean
locate_error (BkStrategyBuilder *b, guint line, guint column, GError *graph_error)
{
  bk_set_error_at (b->error, graph_error->code, b->sf->file, line, column, "%s", graph_error->message);
  g_error_free (graph_error);
  return FALSE;
}


gint
bk_strategy_param_index (const BkIndicatorDesc *desc, const char *name)
{
  for (guint k = 0; k < desc->n_params; k++)
    if (g_str_equal (desc->params[k].name, name))
      return (gint) k;
  return -1;
}

/* The functions beside the indicators, as backtrader's Max, Min and abs:
 * operators written as calls, on lines or numbers. */
static const struct {
  const char *name;
  BkOp op;
  guint min_args, max_args;
} functions[] = {
  { "Max", BK_OP_MAX, 2, G_MAXUINT },
  { "Min", BK_OP_MIN, 2, G_MAXUINT },
  { "Abs", BK_OP_ABS, 1, 1 },
};

static gint
function_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (functions[i].name, name))
      return (gint) i;
  return -1;
}

/* Max(a, b, ...) folds from the left: Max(Max(a, b), c). */
static gboolean
build_function (BkStrategyBuilder *b, BkNode *parent, const BkExpr *call, guint f, BkInput *out)
{
  guint n = call->args->len;

  if (n < functions[f].min_args || n > functions[f].max_args)
    {
      if (functions[f].max_args == 1)
        /* Translators: a function's name (Abs), the number of arguments given */
        return fail_expr (b, call, BK_ERROR_INVALID, _("%s takes one argument, found %u"), functions[f].name, n);
      /* Translators: a function's name (Max, Min), the number of arguments given */
      return fail_expr (b, call, BK_ERROR_INVALID, _("%s takes two arguments or more, found %u"), functions[f].name, n);
    }
  for (guint i = 0; i < n; i++)
    {
      BkExprArg *arg = g_ptr_array_index (call->args, i);
      BkInput value;
      GError *graph_error = NULL;

      if (arg->keyword != NULL)
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                           /* Translators: a function's name (Max, Min, Abs) */
                           _("%s takes no named arguments"), functions[f].name);
          return FALSE;
        }
      if (!bk_strategy_build_expr (b, parent, arg->value, &value))
        return FALSE;
      if (i == 0)
        *out = value;
      if ((i > 0 || functions[f].max_args == 1)
          && !bk_graph_add_op (b->graph, parent, functions[f].op, *out, i > 0 ? value : bk_input_const (0), out,
                               &graph_error))
        return locate_error (b, call->line, call->column, graph_error);
    }
  return TRUE;
}

static BkNode *
build_call (BkStrategyBuilder *b, BkNode *parent, const BkExpr *call)
{
  const BkIndicatorDesc *desc = bk_indicator_lookup (call->name);
  BkInput inputs[BK_MAX_INPUTS];
  double params[BK_MAX_PARAMS];
  gboolean given[BK_MAX_PARAMS] = { FALSE };
  guint n_inputs = 0, n_positional_params = 0;

  if (desc == NULL)
    {
      guint n = bk_indicator_get_n_types ();
      g_autofree const char **names = g_new0 (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        names[i] = bk_indicator_get_type (i)->name;
      g_autofree char *hint = bk_strategy_suggestion (call->name, names, n);
      /* Translators: a name, and " (did you mean '...'?)" or nothing */
      fail_expr (b, call, BK_ERROR_INVALID, _("unknown indicator '%s'%s"), call->name, hint);
      return NULL;
    }
  for (guint i = 0; i < desc->n_params; i++)
    params[i] = desc->params[i].default_value;

  for (guint i = 0; i < call->args->len; i++)
    {
      BkExprArg *arg = g_ptr_array_index (call->args, i);
      BkInput value;
      gint param = -1;

      if (arg->keyword != NULL)
        {
          param = bk_strategy_param_index (desc, arg->keyword);
          if (param < 0)
            {
              const char *names[BK_MAX_PARAMS];
              for (guint k = 0; k < desc->n_params; k++)
                names[k] = desc->params[k].name;
              g_autofree char *hint = bk_strategy_suggestion (arg->keyword, names, desc->n_params);
              bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                               /* Translators: a parameter's name, an indicator type, and " (did you mean '...'?)" or nothing */
                               _("unknown parameter '%s' of %s%s"), arg->keyword, desc->name, hint);
              return NULL;
            }
        }
      if (!bk_strategy_build_expr (b, parent, arg->value, &value))
        return NULL;

      if (arg->keyword == NULL && value.spec != NULL && n_positional_params == 0)
        {
          if (n_inputs == desc->n_inputs)
            {
              if (desc->n_params > 0)
                bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                                 /* Translators: an indicator type, how many inputs (lines) it takes, its first parameter */
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "%s takes %u input: expected a number for parameter '%s', found a line",
                                              "%s takes %u inputs: expected a number for parameter '%s', found a line",
                                              desc->n_inputs),
                                 desc->name, desc->n_inputs, desc->params[0].name);
              else
                bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                                 /* Translators: an indicator type, how many inputs (lines) it takes, which argument is one too many */
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "%s takes %u input and no parameters, found a line as argument %u",
                                              "%s takes %u inputs and no parameters, found a line as argument %u",
                                              desc->n_inputs),
                                 desc->name, desc->n_inputs, i + 1);
              return NULL;
            }
          inputs[n_inputs++] = value;
          continue;
        }
      if (arg->keyword == NULL)
        {
          if (n_positional_params == desc->n_params)
            {
              bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                               /* Translators: an indicator type and how many parameters it takes */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%s takes %u parameter, found one more argument",
                                            "%s takes %u parameters, found one more argument",
                                            desc->n_params),
                               desc->name, desc->n_params);
              return NULL;
            }
          param = (gint) n_positional_params++;
        }
      const BkParamDesc *p = &desc->params[param];
      if (given[param])
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                           /* Translators: a parameter's name, an indicator type */
                           _("parameter '%s' of %s is given twice"), p->name, desc->name);
          return NULL;
        }
      if (value.spec != NULL)
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->value->line, arg->value->column,
                           /* Translators: a parameter's name, an indicator type */
                           _("parameter '%s' of %s needs a number, found a line"), p->name, desc->name);
          return NULL;
        }
      GError *param_error = NULL;
      if (!bk_indicator_check_param (desc, (guint) param, value.value, &param_error))
        {
          locate_error (b, arg->value->line, arg->value->column, param_error);
          return NULL;
        }
      given[param] = TRUE;
      params[param] = value.value;
    }

  GError *graph_error = NULL;
  BkNode *node = bk_graph_add_indicator (b->graph, parent, desc, inputs, n_inputs,
                                         params, desc->n_params, &graph_error);
  if (node == NULL)
    {
      locate_error (b, call->line, call->column, graph_error);
      return NULL;
    }
  return node;
}

/* `named`: the strategy's indicator `node` is, or NULL for a call. */
static gboolean
pick_line (BkStrategyBuilder *b, BkNode *node, const BkParsedIndicator *named, const BkExpr *member, BkInput *out)
{
  const char *names[BK_MAX_OUTPUTS];

  for (guint j = 0; j < node->n_outputs; j++)
    {
      names[j] = node->outputs[j]->name;
      if (g_str_equal (names[j], member->name)
          || (node->desc != NULL && g_strcmp0 (node->desc->output_aliases[j], member->name) == 0))
        {
          *out = bk_node_output (node, j);
          return TRUE;
        }
    }
  g_autofree char *hint = NULL;
  const BkIndicatorDesc *desc = node->desc;
  if (desc != NULL && g_strcmp0 (desc->left_out_line, member->name) == 0)
    hint = g_strconcat (": ", _(desc->left_out_reason), NULL);
  else
    hint = bk_strategy_suggestion (member->name, names, node->n_outputs);
  if (named != NULL)
    /* Translators: an indicator's name, a line's name, and " (did you mean '...'?)", ": " and why, or nothing */
    return fail_expr (b, member, BK_ERROR_INVALID, _("indicator '%s' has no line '%s'%s"),
                      named->name, member->name, hint);
  /* Translators: an indicator type, a line's name, and " (did you mean '...'?)", ": " and why, or nothing */
  return fail_expr (b, member, BK_ERROR_INVALID, _("%s has no line '%s'%s"), node->desc->name, member->name, hint);
}

static const FormulaLine *
formula_line (BkStrategyBuilder *b, const char *name)
{
  for (guint i = 0; i < b->formula_lines->len; i++)
    {
      const FormulaLine *line = g_ptr_array_index (b->formula_lines, i);
      if (g_str_equal (line->name, name))
        return line;
    }
  return NULL;
}

/* In a formula: a line it made before, a parameter of the indicator (a
 * number), or an input: `data` for a one-input indicator, otherwise the
 * name of the price line it reads by default (high, low, close ...). */
static gboolean
resolve_formula_name (BkStrategyBuilder *b, const BkExpr *expr, BkInput *out)
{
  const BkNode *node = b->formula;
  const BkIndicatorDesc *desc = node->desc;
  const FormulaLine *line = formula_line (b, expr->name);
  gint param = bk_strategy_param_index (desc, expr->name);

  if (line != NULL)
    {
      *out = line->line;
      return TRUE;
    }
  if (param >= 0)
    {
      *out = bk_input_const (node->params[param]);
      return TRUE;
    }
  for (guint i = 0; i < desc->n_inputs; i++)
    if (desc->n_inputs == 1 ? g_str_equal (expr->name, "data")
                            : g_str_equal (expr->name, bk_strategy_feed_names[feed_index_of_line (desc->default_inputs[i])]))
      {
        *out = node->inputs[i];
        return TRUE;
      }
  return fail_expr (b, expr, BK_ERROR_INVALID, "unknown name '%s' in the formula of %s", expr->name, desc->name);
}

/* x[-name] in a formula: the parameter `name`, a whole number of bars. */
static gboolean
formula_ago (BkStrategyBuilder *b, const BkExpr *expr, guint *ago)
{
  const BkIndicatorDesc *desc = b->formula->desc;
  gint param = bk_strategy_param_index (desc, expr->name);

  if (param >= 0 && desc->params[param].integer && desc->params[param].min >= 0)
    {
      *ago = (guint) b->formula->params[param];
      return TRUE;
    }
  return fail_expr (b, expr, BK_ERROR_INVALID, "[-%s] in the formula of %s needs a whole-number parameter",
                    expr->name, desc->name);
}

static gboolean
resolve_name (BkStrategyBuilder *b, const BkExpr *expr, BkInput *out, BkParsedIndicator **named_out)
{
  BkParsedIndicator *current = b->current;
  gint feed;

  if (named_out != NULL)
    *named_out = NULL;
  if (b->formula != NULL)
    return resolve_formula_name (b, expr, out);
  if (current != NULL)
    for (guint j = 0; j < current->n_lines; j++)
      if (g_str_equal (current->line_names[j], expr->name))
        {
          if (j == b->current_line)
            /* Translators: a line's name, its indicator's name */
            return fail_expr (b, expr, BK_ERROR_INVALID, _("line '%s' of '%s' cannot use itself"),
                              expr->name, current->name);
          if (j > b->current_line)
            return fail_expr (b, expr, BK_ERROR_INVALID,
                              /* Translators: a line's name, its indicator's name */
                              _("line '%s' of '%s' is not defined yet: a line can use only the lines before it"),
                              expr->name, current->name);
          *out = bk_node_output (b->nodes[current->index], j);
          return TRUE;
        }
  if ((feed = bk_strategy_feed_index (expr->name)) >= 0)
    {
      *out = bk_graph_feed_input (b->graph, bk_strategy_feed_lines[feed]);
      return TRUE;
    }
  gint account = bk_strategy_account_index (expr->name);
  if (account >= 0)
    {
      GError *graph_error = NULL;
      if (b->account == NULL
          && (b->account = bk_graph_add_source (b->graph, "Account", bk_strategy_account_names, &graph_error)) == NULL)
        return locate_error (b, expr->line, expr->column, graph_error);
      *out = bk_node_output (b->account, (guint) account);
      return TRUE;
    }
  BkParsedIndicator *named = g_hash_table_lookup (b->sf->by_name, expr->name);
  if (named != NULL)
    {
      g_assert (b->nodes[named->index] != NULL);
      *out = bk_node_output (b->nodes[named->index], 0);
      if (named_out != NULL)
        *named_out = named;
      return TRUE;
    }
  const BkIndicatorDesc *desc = bk_indicator_lookup (expr->name);
  if (desc != NULL)
    return fail_expr (b, expr, BK_ERROR_INVALID,
                      /* Translators: the name as written, then the indicator type's own spelling */
                      _("'%s' is an indicator type: call it, as in %s(...)"), expr->name, desc->name);

  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  if (current != NULL)
    for (guint j = 0; j < b->current_line; j++)
      g_ptr_array_add (names, current->line_names[j]);
  for (guint i = 0; i < G_N_ELEMENTS (bk_strategy_feed_names); i++)
    g_ptr_array_add (names, (gpointer) bk_strategy_feed_names[i]);
  for (guint i = 0; i < BK_ACCOUNT_N_LINES; i++)
    g_ptr_array_add (names, (gpointer) bk_strategy_account_names[i]);
  for (guint i = 0; i < b->sf->named->len; i++)
    g_ptr_array_add (names, ((BkParsedIndicator *) g_ptr_array_index (b->sf->named, i))->name);
  g_autofree char *hint = bk_strategy_suggestion (expr->name, (const char *const *) names->pdata, names->len);
  /* Translators: a name, and " (did you mean '...'?)" or nothing */
  return fail_expr (b, expr, BK_ERROR_INVALID, _("unknown name '%s'%s"), expr->name, hint);
}

static gboolean build_expr_nodes (BkStrategyBuilder *b, BkNode *parent, const BkExpr *expr, BkInput *out);

/* Children are built first: the first expression whose own nodes pass the
 * cell limit is the one reported. */
gboolean
bk_strategy_build_expr (BkStrategyBuilder *b, BkNode *parent, const BkExpr *expr, BkInput *out)
{
  if (!build_expr_nodes (b, parent, expr, out))
    return FALSE;
  bk_strategy_note_cells (b, expr->line, expr->column);
  return TRUE;
}

static gboolean
build_expr_nodes (BkStrategyBuilder *b, BkNode *parent, const BkExpr *expr, BkInput *out)
{
  switch (expr->kind)
    {
    case BK_EXPR_NUMBER:
      *out = bk_input_const (expr->number);
      return TRUE;

    case BK_EXPR_NAME:
      return resolve_name (b, expr, out, NULL);

    case BK_EXPR_MEMBER:
      {
        const BkExpr *operand = expr->a;
        if (operand->kind == BK_EXPR_CALL && function_index (operand->name) >= 0)
          return fail_expr (b, expr, BK_ERROR_INVALID,
                            /* Translators: a function's name (Max, Min, Abs), then the line asked of it */
                            _("%s gives one line, not lines by name: it has no line '%s'"), operand->name, expr->name);
        if (operand->kind == BK_EXPR_CALL)
          {
            BkNode *node = build_call (b, parent, operand);
            return node != NULL && pick_line (b, node, NULL, expr, out);
          }
        const FormulaLine *line = b->formula != NULL && operand->kind == BK_EXPR_NAME
                                  ? formula_line (b, operand->name) : NULL;
        if (line != NULL && line->node != NULL)
          return pick_line (b, line->node, NULL, expr, out);
        BkParsedIndicator *named = NULL;
        if (!resolve_name (b, operand, out, &named))
          return FALSE;
        if (named == NULL)
          return fail_expr (b, operand, BK_ERROR_INVALID,
                            /* Translators: the name of a line, then the line asked of it */
                            _("'%s' is a line, not an indicator: it has no line '%s'"),
                            operand->name, expr->name);
        return pick_line (b, b->nodes[named->index], named, expr, out);
      }

    case BK_EXPR_PAST:
      {
        BkInput line;
        if (!bk_strategy_build_expr (b, parent, expr->a, &line))
          return FALSE;
        if (line.spec == NULL)
          return fail_expr (b, expr, BK_ERROR_INVALID, "%s", _("past values need a line, found a number"));
        guint ago = expr->ago;
        if (expr->name != NULL && !formula_ago (b, expr, &ago))
          return FALSE;
        if ((guint64) line.ago + ago > BK_MAX_PERIOD)
          return fail_expr (b, expr, BK_ERROR_LIMIT, _("looking back %llu bars is more than the limit of %u"),
                            (unsigned long long) line.ago + ago, BK_MAX_PERIOD);
        *out = bk_input_delay (line, ago);
        return TRUE;
      }

    case BK_EXPR_UNARY:
    case BK_EXPR_BINARY:
      {
        BkInput a, c = bk_input_const (0);
        GError *graph_error = NULL;
        if (!bk_strategy_build_expr (b, parent, expr->a, &a)
            || (expr->b != NULL && !bk_strategy_build_expr (b, parent, expr->b, &c)))
          return FALSE;
        if (!(b->in_rules ? bk_graph_add_rule_op : bk_graph_add_op) (b->graph, parent, expr->op, a, c, out,
                                                                      &graph_error))
          return locate_error (b, expr->line, expr->column, graph_error);
        return TRUE;
      }

    case BK_EXPR_CALL:
      {
        gint f = function_index (expr->name);
        if (f >= 0)
          return build_function (b, parent, expr, (guint) f, out);
        BkNode *node = build_call (b, parent, expr);
        if (node == NULL)
          return FALSE;
        *out = bk_node_output (node, 0);
        return TRUE;
      }

    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
build_named (BkStrategyBuilder *b, BkParsedIndicator *named)
{
  GError *graph_error = NULL;

  b->current = NULL;
  if (named->expr != NULL && named->expr->kind == BK_EXPR_CALL && function_index (named->expr->name) < 0)
    {
      /* One call: the indicator is that node, with its own line names. */
      b->nodes[named->index] = build_call (b, NULL, named->expr);
      if (b->nodes[named->index] == NULL)
        return FALSE;
      bk_strategy_note_cells (b, named->expr->line, named->expr->column);
    }
  else
    {
      b->nodes[named->index] = bk_graph_add_group (b->graph, NULL, named->name,
                                        (const char *const *) named->line_names, &graph_error);
      if (b->nodes[named->index] == NULL)
        return locate_error (b, named->line, named->column, graph_error);
      if (named->expr == NULL)
        b->current = named;
      for (guint j = 0; j < named->n_lines; j++)
        {
          const BkExpr *expr = named->expr != NULL ? named->expr : named->line_exprs[j];
          BkInput line;
          b->current_line = j;
          if (!bk_strategy_build_expr (b, b->nodes[named->index], expr, &line))
            return FALSE;
          if (!bk_node_bind_output (b->nodes[named->index], j, line, &graph_error))
            return locate_error (b, expr->line, expr->column, graph_error);
          bk_strategy_note_cells (b, expr->line, expr->column);
        }
      b->current = NULL;
    }
  bk_node_set_name (b->nodes[named->index], named->name);
  b->nodes[named->index]->plot = named->plot;
  if (named->pane_set)
    b->nodes[named->index]->pane = named->pane;
  return TRUE;
}

/* Each feature's line; the run reads it at every bar (a universe run's
 * rows), which a ring of one value covers. */
static gboolean
build_features (BkStrategyBuilder *b)
{
  for (guint i = 0; b->sf->features != NULL && i < b->sf->features->len; i++)
    {
      BkParsedFeature *feature = g_ptr_array_index (b->sf->features, i);
      BkParsedIndicator *named = g_hash_table_lookup (b->sf->by_name, feature->indicator);
      BkNode *node = b->nodes[named->index];
      gint found = feature->line_name == NULL ? 0 : -1;
      const char *names[BK_MAX_OUTPUTS];

      for (guint j = 0; found < 0 && j < node->n_outputs; j++)
        if (g_str_equal (node->outputs[j]->name, feature->line_name))
          found = (gint) j;
      if (found < 0)
        {
          for (guint j = 0; j < node->n_outputs; j++)
            names[j] = node->outputs[j]->name;
          g_autofree char *hint = bk_strategy_suggestion (feature->line_name, names, node->n_outputs);
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, feature->line, feature->line_column,
                           /* Translators: an indicator's name, a line's name, and " (did you mean '...'?)" or nothing */
                           _("indicator '%s' has no line '%s'%s"), named->name, feature->line_name, hint);
          return FALSE;
        }
      bk_graph_note_read (b->graph, node->outputs[found], 1);
    }
  return TRUE;
}

gboolean
bk_strategy_build_indicators (BkStrategyBuilder *b, BkStrategyBuild *build)
{
  BkParsedStrategy *sf = b->sf;

  for (guint i = 0; i < sf->order->len; i++)
    if (!build_named (b, g_ptr_array_index (sf->order, i)))
      return FALSE;
  for (guint i = 0; i < sf->named->len; i++)
    g_ptr_array_add (build->named, b->nodes[i]);
  return build_features (b);
}

static void
formula_line_free (gpointer data)
{
  FormulaLine *line = data;

  g_free (line->name);
  g_free (line);
}

/* A descriptor's formula, parsed: statement i is `names[i] = exprs[i]`. */
struct _BkFormula {
  char *display;              /* "TYPE formula", the file its errors name */
  GPtrArray *names;           /* char* */
  GPtrArray *exprs;           /* BkExpr* */
};

static void
formula_free (BkFormula *formula)
{
  g_free (formula->display);
  g_ptr_array_unref (formula->names);
  g_ptr_array_unref (formula->exprs);
  g_free (formula);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkFormula, formula_free)

static BkFormula *
formula_compile (const BkIndicatorDesc *desc, GError **error)
{
  g_autoptr(BkFormula) formula = g_new0 (BkFormula, 1);
  g_auto(GStrv) statements = g_strsplit (desc->formula, "\n", -1);

  formula->display = g_strdup_printf ("%s formula", desc->name);
  formula->names = g_ptr_array_new_with_free_func (g_free);
  formula->exprs = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_expr_free);
  for (guint i = 0; statements[i] != NULL; i++)
    {
      const char *text = statements[i], *equals = strchr (text, '=');
      BkSourcePos pos = { formula->display, i + 1, 1 };

      if (*text == '\0')
        continue;
      g_return_val_if_fail (equals != NULL && equals[1] != '=', NULL);
      pos.column = (guint) (equals + 1 - text) + 1;
      BkExpr *expr = bk_expr_parse_full (equals + 1, strlen (equals + 1), &pos, TRUE, error);
      if (expr == NULL)
        return NULL;
      g_ptr_array_add (formula->names, g_strstrip (g_strndup (text, equals - text)));
      g_ptr_array_add (formula->exprs, expr);
    }
  for (guint j = 0; j < desc->n_outputs; j++)
    g_return_val_if_fail (g_ptr_array_find_with_equal_func (formula->names, desc->outputs[j], g_str_equal, NULL),
                          NULL);
  return g_steal_pointer (&formula);
}

static gboolean
formula_build (const BkFormula *formula, BkNode *node, GError **error)
{
  const BkIndicatorDesc *desc = node->desc;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (formula_line_free);
  BkParsedStrategy sf = { .file = formula->display, .named = named, .by_name = by_name };
  BkStrategyBuilder b = { .sf = &sf, .graph = node->graph, .error = error, .max_cells = G_MAXUINT64,
                .formula = node, .formula_lines = lines };

  for (guint i = 0; i < formula->exprs->len; i++)
    {
      const BkExpr *expr = g_ptr_array_index (formula->exprs, i);
      FormulaLine *line = g_new0 (FormulaLine, 1);

      line->name = g_strdup (g_ptr_array_index (formula->names, i));
      g_ptr_array_add (lines, line);
      if (expr->kind == BK_EXPR_CALL && function_index (expr->name) < 0)
        {
          line->node = build_call (&b, node, expr);
          if (line->node == NULL)
            return FALSE;
          line->line = bk_node_output (line->node, 0);
        }
      else if (!bk_strategy_build_expr (&b, node, expr, &line->line))
        return FALSE;
    }
  for (guint j = 0; j < desc->n_outputs; j++)
    {
      const FormulaLine *line = formula_line (&b, desc->outputs[j]);

      g_return_val_if_fail (line != NULL, FALSE);
      if (!bk_node_bind_output (node, j, line->line, error))
        return FALSE;
    }
  return TRUE;
}

static const BkFormulaCompiler formula_compiler = {
  .compile = formula_compile,
  .build = formula_build,
  .free = formula_free,
};

void
bk_formula_install (void)
{
  bk_indicator_set_formula_compiler (&formula_compiler);
}

gboolean
bk_formula_install_and_check (GError **error)
{
  bk_formula_install ();
  return bk_indicator_check_formulas (error);
}
