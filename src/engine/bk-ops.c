/* bk-ops.c — one expression operation per node.
 *
 * Comparisons and logic give 1 or 0; any NaN operand gives NaN, and so does
 * a division by zero: never a silent garbage number. */
#include "bk-ops.h"

#include "bk-error.h"
#include "bk-graph-private.h"

static const char *const op_symbols[BK_OP_N_OPS] = {
  [BK_OP_ADD] = "+", [BK_OP_SUB] = "-", [BK_OP_MUL] = "*", [BK_OP_DIV] = "/",
  [BK_OP_LT] = "<", [BK_OP_LE] = "<=", [BK_OP_GT] = ">", [BK_OP_GE] = ">=",
  [BK_OP_EQ] = "==", [BK_OP_NE] = "!=", [BK_OP_AND] = "and", [BK_OP_OR] = "or",
  [BK_OP_MAX] = "Max", [BK_OP_MIN] = "Min",
  [BK_OP_NEG] = "-", [BK_OP_NOT] = "not", [BK_OP_ABS] = "Abs",
};

const char *
bk_op_symbol (BkOp op)
{
  g_return_val_if_fail (op < BK_OP_N_OPS, "?");
  return op_symbols[op];
}

static inline double
truth (gboolean value)
{
  return value ? 1.0 : 0.0;
}

static double
apply_op (BkOp op, double a, double b)
{
  if (isnan (a) || (op < BK_OP_N_BINARY && isnan (b)))
    return NAN;

  switch (op)
    {
    case BK_OP_ADD: return a + b;
    case BK_OP_SUB: return a - b;
    case BK_OP_MUL: return a * b;
    case BK_OP_DIV: return b != 0.0 ? a / b : NAN;
    case BK_OP_LT: return truth (a < b);
    case BK_OP_LE: return truth (a <= b);
    case BK_OP_GT: return truth (a > b);
    case BK_OP_GE: return truth (a >= b);
    case BK_OP_EQ: return truth (a == b);
    case BK_OP_NE: return truth (a != b);
    case BK_OP_AND: return truth (a != 0.0 && b != 0.0);
    case BK_OP_OR: return truth (a != 0.0 || b != 0.0);
    case BK_OP_MAX: return a >= b ? a : b;
    case BK_OP_MIN: return a <= b ? a : b;
    case BK_OP_NEG: return -a;
    case BK_OP_NOT: return truth (a == 0.0);
    case BK_OP_ABS: return fabs (a);
    case BK_OP_N_OPS:
    default:
      g_return_val_if_reached (NAN);
    }
}

/* One next() per operation keeps the switch out of the per-bar path. */
#define BINARY_NEXT(op_name, expr)                                   \
  static void next_##op_name (BkNode *node)                          \
  {                                                                  \
    double a = bk_node_in (node, 0, 0), b = bk_node_in (node, 1, 0); \
    bk_node_out (node, 0, (isnan (a) || isnan (b)) ? NAN : (expr));  \
  }

/* Arithmetic needs no test for NaN: IEEE carries it through. */
#define ARITHMETIC_NEXT(op_name, expr)                               \
  static void next_##op_name (BkNode *node)                          \
  {                                                                  \
    double a = bk_node_in (node, 0, 0), b = bk_node_in (node, 1, 0); \
    bk_node_out (node, 0, (expr));                                   \
  }

ARITHMETIC_NEXT (add, a + b)
ARITHMETIC_NEXT (sub, a - b)
ARITHMETIC_NEXT (mul, a * b)
ARITHMETIC_NEXT (div, b != 0.0 ? a / b : NAN)
BINARY_NEXT (lt, truth (a < b))
BINARY_NEXT (le, truth (a <= b))
BINARY_NEXT (gt, truth (a > b))
BINARY_NEXT (ge, truth (a >= b))
BINARY_NEXT (eq, truth (a == b))
BINARY_NEXT (ne, truth (a != b))
BINARY_NEXT (and, truth (a != 0.0 && b != 0.0))
BINARY_NEXT (or, truth (a != 0.0 || b != 0.0))
BINARY_NEXT (max, a >= b ? a : b)
BINARY_NEXT (min, a <= b ? a : b)

#define UNARY_NEXT(op_name, expr)                                    \
  static void next_##op_name (BkNode *node)                          \
  {                                                                  \
    double a = bk_node_in (node, 0, 0);                              \
    bk_node_out (node, 0, isnan (a) ? NAN : (expr));                 \
  }

UNARY_NEXT (neg, -a)
UNARY_NEXT (not, truth (a == 0.0))
UNARY_NEXT (abs, fabs (a))

static void
next_copy (BkNode *node)
{
  bk_node_out (node, 0, bk_node_in (node, 0, 0));
}

#define OP_DESC(op_name, n) { .name = #op_name, .n_inputs = n, .n_outputs = 1, \
                              .outputs = { "value" }, .next = next_##op_name }

static const BkIndicatorDesc op_descs[BK_OP_N_OPS] = {
  [BK_OP_ADD] = OP_DESC (add, 2), [BK_OP_SUB] = OP_DESC (sub, 2),
  [BK_OP_MUL] = OP_DESC (mul, 2), [BK_OP_DIV] = OP_DESC (div, 2),
  [BK_OP_LT] = OP_DESC (lt, 2), [BK_OP_LE] = OP_DESC (le, 2),
  [BK_OP_GT] = OP_DESC (gt, 2), [BK_OP_GE] = OP_DESC (ge, 2),
  [BK_OP_EQ] = OP_DESC (eq, 2), [BK_OP_NE] = OP_DESC (ne, 2),
  [BK_OP_AND] = OP_DESC (and, 2), [BK_OP_OR] = OP_DESC (or, 2),
  [BK_OP_MAX] = OP_DESC (max, 2), [BK_OP_MIN] = OP_DESC (min, 2),
  [BK_OP_NEG] = OP_DESC (neg, 1), [BK_OP_NOT] = OP_DESC (not, 1),
  [BK_OP_ABS] = OP_DESC (abs, 1),
};

static const BkIndicatorDesc copy_desc = OP_DESC (copy, 1);

char *
bk_input_describe (BkInput input)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (input.spec == NULL)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", input.value));

  const BkNode *owner = input.spec->owner;
  g_autofree char *base = NULL;
  if (owner->role == BK_ROLE_FEED)
    base = g_strdup (input.spec->name);
  else if (owner->n_outputs > 1 && owner->outputs[0] != input.spec)
    base = g_strdup_printf ("%s.%s", owner->name != NULL ? owner->name : owner->label, input.spec->name);
  else
    base = g_strdup (owner->name != NULL ? owner->name : owner->label);

  if (owner->role == BK_ROLE_EXPRESSION)
    {
      char *wrapped = g_strdup_printf ("(%s)", base);
      g_free (base);
      base = wrapped;
    }
  if (input.ago > 0)
    return g_strdup_printf ("%s[-%u]", base, input.ago);
  return g_steal_pointer (&base);
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

gboolean
bk_graph_add_op (BkGraph *graph, BkNode *parent, BkOp op, BkInput a, BkInput b,
                 BkInput *out, GError **error)
{
  gboolean binary = op < BK_OP_N_BINARY;
  BkInput inputs[2] = { a, b };

  g_return_val_if_fail (op < BK_OP_N_OPS, FALSE);
  if (a.spec == NULL && (!binary || b.spec == NULL))
    {
      *out = bk_input_const (apply_op (op, a.value, b.value));
      return TRUE;
    }

  /* A function's arguments need no parentheses of their own. */
  gboolean call = op == BK_OP_MAX || op == BK_OP_MIN || op == BK_OP_ABS;
  g_autofree char *ta = call ? describe_argument (a) : bk_input_describe (a);
  g_autofree char *tb = binary ? (call ? describe_argument (b) : bk_input_describe (b)) : NULL;
  char *label;
  if (op == BK_OP_MAX || op == BK_OP_MIN)
    label = g_strdup_printf ("%s(%s, %s)", op_symbols[op], ta, tb);
  else if (op == BK_OP_ABS)
    label = g_strdup_printf ("Abs(%s)", ta);
  else if (binary)
    label = g_strdup_printf ("%s %s %s", ta, op_symbols[op], tb);
  else
    label = g_strdup_printf ("%s%s%s", op_symbols[op], op == BK_OP_NOT ? " " : "", ta);

  BkNode *node = bk_graph_add_primitive (graph, parent, BK_ROLE_EXPRESSION, &op_descs[op],
                                         inputs, binary ? 2 : 1, truncate_label (label), error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}

gboolean
bk_graph_add_copy (BkGraph *graph, BkNode *parent, BkInput source, BkInput *out, GError **error)
{
  BkNode *node = bk_graph_add_primitive (graph, parent, BK_ROLE_EXPRESSION, &copy_desc,
                                         &source, 1, bk_input_describe (source), error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}
