/* bk-program.c — a fused chain of operations, run (bk-program-private.h). */
#include "bk-program-private.h"

double
bk_program_eval (const BkProgram *program, guint64 bar, guint ago)
{
  return bk_program_run (program, bar, ago);
}

/* The common shapes, each a function: operands read in the program's
 * order, the same operations on them. */
#define OPERAND(i) bk_program_operand (&program->insns[i], ago)
#define TWO(first, second)                                                              \
  static double two_##first##_##second (const BkProgram *program, guint ago)           \
  {                                                                                     \
    double a = OPERAND (0), b = OPERAND (1);                                            \
    return bk_op_##second (bk_op_##first (a, b), OPERAND (2));                          \
  }
#define ONE_THEN(first, unary)                                                          \
  static double one_##first##_##unary (const BkProgram *program, guint ago)            \
  {                                                                                     \
    double a = OPERAND (0);                                                             \
    return bk_op_##unary (bk_op_##first (a, OPERAND (1)), 0.0);                         \
  }
#define ARITHMETIC(X, second) X (add, second) X (sub, second) X (mul, second) X (div, second)
ARITHMETIC (TWO, add) ARITHMETIC (TWO, sub) ARITHMETIC (TWO, mul) ARITHMETIC (TWO, div)
ARITHMETIC (ONE_THEN, abs) ARITHMETIC (ONE_THEN, neg)
#undef TWO
#undef ONE_THEN
#undef OPERAND

typedef double (*Compiled) (const BkProgram *program, guint ago);

#define ROW(X, second) { X (add, second), X (sub, second), X (mul, second), X (div, second) }
#define TWO(first, second) two_##first##_##second
#define ONE_THEN(first, unary) one_##first##_##unary
/* By the second operation, then the first (BK_OP_ADD..BK_OP_DIV). */
static const Compiled two_ops[4][4] = {
  ROW (TWO, add), ROW (TWO, sub), ROW (TWO, mul), ROW (TWO, div),
};
static const Compiled one_then[2][4] = { ROW (ONE_THEN, abs), ROW (ONE_THEN, neg) };
#undef ROW
#undef TWO
#undef ONE_THEN
#undef ARITHMETIC

G_STATIC_ASSERT (BK_OP_ADD == 0 && BK_OP_SUB == 1 && BK_OP_MUL == 2 && BK_OP_DIV == 3);

static gboolean
is_plain (const BkInsn *insn, gboolean arithmetic)
{
  return !insn->pushed && !insn->check && (!arithmetic || insn->kind <= BK_OP_DIV);
}

/* Any other chain of arithmetic, Abs and negations on operands, left to
 * right: one small switch an operation, nothing pushed, nothing checked. */
static double
plain_chain (const BkProgram *program, guint ago)
{
  const BkInsn *insn = program->insns, *end = insn + program->n;
  double acc = bk_program_operand (insn, ago);

  for (insn++; insn < end; insn++)
    switch (insn->kind)
      {
      case BK_OP_ADD: acc = bk_op_add (acc, bk_program_operand (insn, ago)); break;
      case BK_OP_SUB: acc = bk_op_sub (acc, bk_program_operand (insn, ago)); break;
      case BK_OP_MUL: acc = bk_op_mul (acc, bk_program_operand (insn, ago)); break;
      case BK_OP_DIV: acc = bk_op_div (acc, bk_program_operand (insn, ago)); break;
      case BK_OP_ABS: acc = bk_op_abs (acc, 0.0); break;
      default: acc = bk_op_neg (acc, 0.0); break;
      }
  return acc;
}

void
bk_program_specialize (BkProgram *program)
{
  const BkInsn *in = program->insns;
  gboolean plain = program->n >= 2 && in[0].kind == BK_INSN_LOAD;

  for (guint i = 1; plain && i < program->n; i++)
    plain = is_plain (&in[i], FALSE)
            && (in[i].kind <= BK_OP_DIV || in[i].kind == BK_OP_ABS || in[i].kind == BK_OP_NEG);
  program->compiled = plain ? plain_chain : NULL;
  if (program->n != 3 || !plain || in[1].kind > BK_OP_DIV)
    return;
  if (in[2].kind <= BK_OP_DIV)
    program->compiled = two_ops[in[2].kind][in[1].kind];
  else if (in[2].kind == BK_OP_ABS || in[2].kind == BK_OP_NEG)
    program->compiled = one_then[in[2].kind == BK_OP_NEG][in[1].kind];
}
