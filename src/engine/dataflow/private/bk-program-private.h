/* bk-program-private.h — each expression operation once, as an inline
 * function of two numbers (unary ones ignore b), for the operation nodes
 * (bk-ops.c), the graph's step loop, which calls them straight on lines
 * it has checked at plan time (bk-graph-steps.c), and the programs of
 * fused chains (bk-fuse-private.h): postfix instructions, lines read
 * some bars back and constants pushed, operations applied, each giving
 * what its node's line would hold, NaN before the node's first step and
 * the value rounded to the line's precision.
 *
 * Arithmetic on a NaN operand gives NaN, and so does a division by zero:
 * never a silent garbage number.  Comparisons and logic give 1 or 0, as
 * Python's do on backtrader's values: a comparison with NaN is false (but
 * `!=`, true), and `and`, `or`, `not` take NaN for false, so that `a or b`
 * is true when b is, though a is NaN. */
#pragma once

#include <math.h>

#include "bk-line.h"
#include "bk-program.h"

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

/* The most instructions a chain fused into its readers may have; a node
 * that computes a longer one keeps its line. */
#define BK_FUSE_MAX_INSNS 32
/* The most a program has: a kept node's own operation over two fused
 * chains. */
#define BK_PROGRAM_MAX_INSNS (2 * BK_FUSE_MAX_INSNS + 1)

typedef struct _BkProgram BkProgram;

/* A program keeps its value in an accumulator: an instruction loads an
 * operand (a line some bars back, or a constant: `line` NULL) into it,
 * pushes it, or applies an operation to it and an operand, or to the
 * value pushed last and it (a right-hand side that is a chain itself). */
enum {
  BK_INSN_LOAD = BK_OP_N_OPS,   /* below: an operation (BkOp) */
  BK_INSN_PUSH,
};

typedef struct {
  guint8 kind;
  guint8 pushed;                /* an operation: its left operand is the value pushed last */
  guint8 check;                 /* an operation: round, or guard, or both */
  guint8 round;                 /* rounded to f32 as its line stores it */
  guint8 guard;                 /* may be asked for before its node's first step */
  guint ago;                    /* the operand: read this far back */
  guint at;                     /* an operation: its node's value this far back */
  guint64 first_step;           /* an operation: NaN before this bar (ago bars later) */
  BkLine *line;                 /* the operand's line, or NULL: `value` */
  double value;
} BkInsn;

struct _BkProgram {
  /* The program's shape compiled (bk_program_specialize), or NULL. */
  double (*compiled) (const BkProgram *program, guint ago);
  guint n;
  BkInsn insns[BK_PROGRAM_MAX_INSNS];
};

/* The value the program's chain had `ago` bars before `bar`. */
double bk_program_eval (const BkProgram *program, guint64 bar, guint ago);
/* Gives a program of a common shape its compiled function: two
 * arithmetic operations in a row on operands, or one and Abs or a
 * negation (`close / close[-1] - 1`), each a function of its own; any
 * other chain of those, left to right, one loop.  None rounded or
 * guarded. */
void bk_program_specialize (BkProgram *program);

/* The same, inline: one switch an instruction, no call an operation. */
static inline double
bk_program_operand (const BkInsn *insn, guint ago)
{
  const BkLine *line = insn->line;
  guint back = insn->ago + ago;

  if (line == NULL)
    return insn->value;
  /* The current value, kept aside as bk_line_get keeps it (NaN before
   * the first push). */
  if (back == 0 && line->capacity != 0)
    return line->last;
  /* A ring of doubles that holds the value: its slot; else the checked
   * way (NaN before the first bar, an overrun past the ring). */
  if (G_LIKELY (line->storage == BK_STORAGE_RING && line->precision == BK_PRECISION_F64 && back < line->capacity
                && back < line->length))
    return line->ring.f64[line->head >= back ? line->head - back : line->head + line->capacity - back];
  return bk_line_get (insn->line, back);
}

static inline double
bk_program_run (const BkProgram *program, guint64 bar, guint ago)
{
  double stack[BK_PROGRAM_MAX_INSNS];
  double acc = 0.0;
  guint sp = 0;

  if (G_LIKELY (program->compiled != NULL))
    return program->compiled (program, ago);
  for (const BkInsn *insn = program->insns, *end = insn + program->n; insn < end; insn++)
    {
      double b;

      switch (insn->kind)
        {
        case BK_INSN_LOAD:
          acc = bk_program_operand (insn, ago);
          continue;
        case BK_INSN_PUSH:
          stack[sp++] = acc;
          continue;
          /* The left operand in the accumulator, or pushed before it. */
#define BK_PROGRAM_OP(op, name)                                   \
        case op:                                                  \
          if (insn->pushed)                                       \
            {                                                     \
              b = acc;                                            \
              acc = bk_op_##name (stack[--sp], b);                \
            }                                                     \
          else                                                    \
            acc = bk_op_##name (acc, bk_program_operand (insn, ago)); \
          break;
        BK_PROGRAM_OP (BK_OP_ADD, add) BK_PROGRAM_OP (BK_OP_SUB, sub)
        BK_PROGRAM_OP (BK_OP_MUL, mul) BK_PROGRAM_OP (BK_OP_DIV, div)
        BK_PROGRAM_OP (BK_OP_LT, lt) BK_PROGRAM_OP (BK_OP_LE, le)
        BK_PROGRAM_OP (BK_OP_GT, gt) BK_PROGRAM_OP (BK_OP_GE, ge)
        BK_PROGRAM_OP (BK_OP_EQ, eq) BK_PROGRAM_OP (BK_OP_NE, ne)
        BK_PROGRAM_OP (BK_OP_AND, and) BK_PROGRAM_OP (BK_OP_OR, or)
        BK_PROGRAM_OP (BK_OP_MAX, max) BK_PROGRAM_OP (BK_OP_MIN, min)
#undef BK_PROGRAM_OP
        /* A unary operation's operand is the constant 0 its node passes. */
        case BK_OP_NEG: acc = bk_op_neg (acc, 0.0); break;
        case BK_OP_NOT: acc = bk_op_not (acc, 0.0); break;
        case BK_OP_ABS: acc = bk_op_abs (acc, 0.0); break;
        default:
          g_assert_not_reached ();
        }
      if (G_UNLIKELY (insn->check))
        {
          if (insn->round)
            acc = (double) (float) acc;
          /* Before its node's first step its line holds NaN. */
          if (insn->guard && bar < insn->first_step + insn->at + ago)
            acc = NAN;
        }
    }
  return acc;
}

G_END_DECLS
