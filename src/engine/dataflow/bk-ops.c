/* bk-ops.c — one expression operation per node; what each computes is
 * bk-ops-private.h's. */
#include "bk-ops.h"

#include "bk-error.h"
#include "bk-graph-private.h"
#include "bk-ops-private.h"

/* A node's next() per operation, each calling its function inline, keeps a
 * switch and an indirect call out of the per-bar path. */
#define BINARY_NEXT(name)                                                           \
  static void next_##name (BkNode *node)                                            \
  {                                                                                 \
    bk_node_out (node, 0, bk_op_##name (bk_node_in (node, 0, 0), bk_node_in (node, 1, 0))); \
  }
#define UNARY_NEXT(name)                                                            \
  static void next_##name (BkNode *node)                                            \
  {                                                                                 \
    bk_node_out (node, 0, bk_op_##name (bk_node_in (node, 0, 0), 0.0));                 \
  }

BINARY_NEXT (add) BINARY_NEXT (sub) BINARY_NEXT (mul) BINARY_NEXT (div)
BINARY_NEXT (lt) BINARY_NEXT (le) BINARY_NEXT (gt) BINARY_NEXT (ge)
BINARY_NEXT (eq) BINARY_NEXT (ne) BINARY_NEXT (and) BINARY_NEXT (or)
BINARY_NEXT (max) BINARY_NEXT (min)
UNARY_NEXT (neg) UNARY_NEXT (not) UNARY_NEXT (abs)

#define OP_DESC(op_name, n, code) { .name = #op_name, .n_inputs = n, .n_outputs = 1, \
                                    .outputs = { "value" }, .next = next_##op_name, .op = 1 + (code), \
                                    .pure = TRUE }

/* The one table of operations: how a label shows it, the function that
 * folds constants, and the node that computes it bar by bar. */
typedef struct {
  const char *symbol;
  double (*apply) (double a, double b);
  BkIndicatorDesc desc;
} OpInfo;

#define OP(op_name, n, sym, code) { .symbol = sym, .apply = bk_op_##op_name, .desc = OP_DESC (op_name, n, code) }

static const OpInfo ops[BK_OP_N_OPS] = {
  [BK_OP_ADD] = OP (add, 2, "+", BK_OP_ADD), [BK_OP_SUB] = OP (sub, 2, "-", BK_OP_SUB),
  [BK_OP_MUL] = OP (mul, 2, "*", BK_OP_MUL), [BK_OP_DIV] = OP (div, 2, "/", BK_OP_DIV),
  [BK_OP_LT] = OP (lt, 2, "<", BK_OP_LT), [BK_OP_LE] = OP (le, 2, "<=", BK_OP_LE),
  [BK_OP_GT] = OP (gt, 2, ">", BK_OP_GT), [BK_OP_GE] = OP (ge, 2, ">=", BK_OP_GE),
  [BK_OP_EQ] = OP (eq, 2, "==", BK_OP_EQ), [BK_OP_NE] = OP (ne, 2, "!=", BK_OP_NE),
  [BK_OP_AND] = OP (and, 2, "and", BK_OP_AND), [BK_OP_OR] = OP (or, 2, "or", BK_OP_OR),
  [BK_OP_MAX] = OP (max, 2, "Max", BK_OP_MAX), [BK_OP_MIN] = OP (min, 2, "Min", BK_OP_MIN),
  [BK_OP_NEG] = OP (neg, 1, "-", BK_OP_NEG), [BK_OP_NOT] = OP (not, 1, "not", BK_OP_NOT),
  [BK_OP_ABS] = OP (abs, 1, "Abs", BK_OP_ABS),
};

/* In a strategy's rules `and`, `or` and `not` are Python's, read in
 * backtrader's next(): they have a value from the first bar, an operand
 * that has none yet counting as false (every node pushes NaN before its
 * first step).  Their only wait is for the bars their inputs look back. */
static guint
rule_logic_minperiod (const BkNode *node, const guint *input_minperiods)
{
  guint mp = 1;

  for (guint i = 0; i < node->n_inputs; i++)
    if (node->inputs[i].spec != NULL)
      mp = MAX (mp, node->inputs[i].ago + 1);
  return mp;
}

#define RULE_DESC(op_name, n, code) { .name = #op_name, .n_inputs = n, .n_outputs = 1, .outputs = { "value" }, \
                                      .next = next_##op_name, .minperiod = rule_logic_minperiod, .op = 1 + (code), \
                                      .pure = TRUE }

static const BkIndicatorDesc rule_descs[BK_OP_N_OPS] = {
  [BK_OP_AND] = RULE_DESC (and, 2, BK_OP_AND), [BK_OP_OR] = RULE_DESC (or, 2, BK_OP_OR),
  [BK_OP_NOT] = RULE_DESC (not, 1, BK_OP_NOT),
};

/* Folding two constants.  A NaN operand of arithmetic folds to the plain
 * NaN, whatever sign IEEE arithmetic would carry through, as folding
 * always has; comparisons and logic fold as they compute. */
static double
fold_op (BkOp op, double a, double b)
{
  gboolean truth_op = (op >= BK_OP_LT && op <= BK_OP_OR) || op == BK_OP_NOT;

  if (!truth_op && (isnan (a) || (op < BK_OP_N_BINARY && isnan (b))))
    return NAN;
  return ops[op].apply (a, b);
}

/* An input as a function's argument: an expression's current value by its
 * text alone. */
static char *
describe_argument (BkInput input)
{
  if (input.spec != NULL && input.ago == 0 && input.spec->owner->role == BK_ROLE_EXPRESSION
      && input.spec->owner->label != NULL)
    return g_strdup (input.spec->owner->label);
  return bk_input_describe (input);
}

static char *
truncate_label (char *label)
{
  if (g_utf8_strlen (label, -1) > 60)
    {
      char *end = g_utf8_offset_to_pointer (label, 57);
      memcpy (end, "...", 4);
    }
  return label;
}

static gboolean
add_op (BkGraph *graph, BkNode *parent, BkOp op, const BkIndicatorDesc *desc, BkInput a, BkInput b,
        BkInput *out, GError **error)
{
  gboolean binary = op < BK_OP_N_BINARY;
  BkInput inputs[2] = { a, b };

  if (a.spec == NULL && (!binary || b.spec == NULL))
    {
      *out = bk_input_const (fold_op (op, a.value, b.value));
      return TRUE;
    }

  /* A function's arguments need no parentheses of their own. */
  gboolean call = op == BK_OP_MAX || op == BK_OP_MIN || op == BK_OP_ABS;
  g_autofree char *ta = call ? describe_argument (a) : bk_input_describe (a);
  g_autofree char *tb = binary ? (call ? describe_argument (b) : bk_input_describe (b)) : NULL;
  char *label;
  if (op == BK_OP_MAX || op == BK_OP_MIN)
    label = g_strdup_printf ("%s(%s, %s)", ops[op].symbol, ta, tb);
  else if (op == BK_OP_ABS)
    label = g_strdup_printf ("Abs(%s)", ta);
  else if (binary)
    label = g_strdup_printf ("%s %s %s", ta, ops[op].symbol, tb);
  else
    label = g_strdup_printf ("%s%s%s", ops[op].symbol, op == BK_OP_NOT ? " " : "", ta);

  BkNode *node = bk_graph_add_primitive (graph, parent, BK_ROLE_EXPRESSION, desc,
                                         inputs, binary ? 2 : 1, truncate_label (label), error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}

gboolean
bk_graph_add_op (BkGraph *graph, BkNode *parent, BkOp op, BkInput a, BkInput b,
                 BkInput *out, GError **error)
{
  g_return_val_if_fail (op < BK_OP_N_OPS, FALSE);
  return add_op (graph, parent, op, &ops[op].desc, a, b, out, error);
}

gboolean
bk_graph_add_rule_op (BkGraph *graph, BkNode *parent, BkOp op, BkInput a, BkInput b,
                      BkInput *out, GError **error)
{
  g_return_val_if_fail (op < BK_OP_N_OPS, FALSE);
  return add_op (graph, parent, op, rule_descs[op].next != NULL ? &rule_descs[op] : &ops[op].desc,
                 a, b, out, error);
}

gint
bk_op_of_desc (const BkIndicatorDesc *desc)
{
  return (gint) desc->op - 1;
}
