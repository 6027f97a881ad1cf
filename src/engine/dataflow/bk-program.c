/* bk-program.c — a fused chain of operations, run (bk-program-private.h):
 * one switch an instruction, no call an operation. */
#include "bk-program-private.h"

static inline double
operand (const BkInsn *insn, guint ago)
{
  return insn->line != NULL ? bk_line_get (insn->line, insn->ago + ago) : insn->value;
}

double
bk_program_eval (const BkProgram *program, guint64 bar, guint ago)
{
  double stack[BK_PROGRAM_MAX_INSNS];
  double acc = 0.0;
  guint sp = 0;

  for (const BkInsn *insn = program->insns, *end = insn + program->n; insn < end; insn++)
    {
      double a, b;

      switch (insn->kind)
        {
        case BK_INSN_LOAD:
          acc = operand (insn, ago);
          continue;
        case BK_INSN_PUSH:
          stack[sp++] = acc;
          continue;
        default:
          break;
        }
      if (insn->pushed)
        {
          a = stack[--sp];
          b = acc;
        }
      else
        {
          a = acc;
          b = operand (insn, ago);
        }
      switch (insn->kind)
        {
#define OP(op, name) case op: acc = bk_op_##name (a, b); break;
        OP (BK_OP_ADD, add) OP (BK_OP_SUB, sub) OP (BK_OP_MUL, mul) OP (BK_OP_DIV, div)
        OP (BK_OP_LT, lt) OP (BK_OP_LE, le) OP (BK_OP_GT, gt) OP (BK_OP_GE, ge)
        OP (BK_OP_EQ, eq) OP (BK_OP_NE, ne) OP (BK_OP_AND, and) OP (BK_OP_OR, or)
        OP (BK_OP_MAX, max) OP (BK_OP_MIN, min)
        OP (BK_OP_NEG, neg) OP (BK_OP_NOT, not) OP (BK_OP_ABS, abs)
#undef OP
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
