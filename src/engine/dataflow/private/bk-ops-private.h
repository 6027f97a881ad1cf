/* bk-ops-private.h — each expression operation once, as an inline
 * function of two numbers (unary ones ignore b), for the operation nodes
 * (bk-ops.c) and for the graph's step loop, which calls them straight on
 * lines it has checked at plan time (bk-graph.c).
 *
 * Arithmetic on a NaN operand gives NaN, and so does a division by zero:
 * never a silent garbage number.  Comparisons and logic give 1 or 0, as
 * Python's do on backtrader's values: a comparison with NaN is false (but
 * `!=`, true), and `and`, `or`, `not` take NaN for false, so that `a or b`
 * is true when b is, though a is NaN. */
#pragma once

#include <math.h>

#include "bk-ops.h"

G_BEGIN_DECLS

static inline double
bk_op_truth (gboolean value)
{
  return value ? 1.0 : 0.0;
}

/* A value as a condition: NaN is false. */
static inline gboolean
bk_op_holds (double value)
{
  return value != 0.0 && !isnan (value);
}

/* Arithmetic needs no test for NaN: IEEE carries it through, and a
 * division by zero gives NaN, not an infinity; IEEE comparisons are
 * Python's.  Max, Min and the unary ones test. */
static inline double bk_op_add (double a, double b) { return a + b; }
static inline double bk_op_sub (double a, double b) { return a - b; }
static inline double bk_op_mul (double a, double b) { return a * b; }
static inline double bk_op_div (double a, double b) { return b != 0.0 ? a / b : NAN; }

static inline double bk_op_lt (double a, double b) { return bk_op_truth (a < b); }
static inline double bk_op_le (double a, double b) { return bk_op_truth (a <= b); }
static inline double bk_op_gt (double a, double b) { return bk_op_truth (a > b); }
static inline double bk_op_ge (double a, double b) { return bk_op_truth (a >= b); }
static inline double bk_op_eq (double a, double b) { return bk_op_truth (a == b); }
static inline double bk_op_ne (double a, double b) { return bk_op_truth (a != b); }
static inline double bk_op_and (double a, double b) { return bk_op_truth (bk_op_holds (a) && bk_op_holds (b)); }
static inline double bk_op_or (double a, double b) { return bk_op_truth (bk_op_holds (a) || bk_op_holds (b)); }

#define BK_OP_NAN_OR(value) ((isnan (a) || isnan (b)) ? NAN : (value))
static inline double bk_op_max (double a, double b) { return BK_OP_NAN_OR (a >= b ? a : b); }
static inline double bk_op_min (double a, double b) { return BK_OP_NAN_OR (a <= b ? a : b); }
#undef BK_OP_NAN_OR

static inline double bk_op_neg (double a, double b) { return isnan (a) ? NAN : -a; }
static inline double bk_op_not (double a, double b) { return bk_op_truth (!bk_op_holds (a)); }
static inline double bk_op_abs (double a, double b) { return isnan (a) ? NAN : fabs (a); }

/* The operation whose node `desc` makes (bk_graph_add_op or
 * bk_graph_add_rule_op), or -1. */
gint bk_op_of_desc (const BkIndicatorDesc *desc);

G_END_DECLS
