/* bk-program.c — a fused chain of operations, run (bk-program-private.h). */
#include "bk-program-private.h"

double
bk_program_eval (const BkProgram *program, guint64 bar, guint ago)
{
  double stack[BK_PROGRAM_MAX_INSNS];
  guint sp = 0;

  for (guint i = 0; i < program->n; i++)
    {
      const BkInsn *insn = &program->insns[i];
      double r;

      switch (insn->kind)
        {
        case BK_INSN_LINE:
          stack[sp++] = bk_line_get (insn->line, insn->ago + ago);
          continue;
        case BK_INSN_CONST:
          stack[sp++] = insn->value;
          continue;
#define BINARY(op, name) case op: r = bk_op_##name (stack[sp - 2], stack[sp - 1]); sp--; break;
        BINARY (BK_OP_ADD, add) BINARY (BK_OP_SUB, sub) BINARY (BK_OP_MUL, mul) BINARY (BK_OP_DIV, div)
        BINARY (BK_OP_LT, lt) BINARY (BK_OP_LE, le) BINARY (BK_OP_GT, gt) BINARY (BK_OP_GE, ge)
        BINARY (BK_OP_EQ, eq) BINARY (BK_OP_NE, ne) BINARY (BK_OP_AND, and) BINARY (BK_OP_OR, or)
        BINARY (BK_OP_MAX, max) BINARY (BK_OP_MIN, min)
#undef BINARY
        case BK_OP_NEG: r = bk_op_neg (stack[sp - 1], 0.0); break;
        case BK_OP_NOT: r = bk_op_not (stack[sp - 1], 0.0); break;
        case BK_OP_ABS: r = bk_op_abs (stack[sp - 1], 0.0); break;
        default:
          g_assert_not_reached ();
        }
      if (insn->round)
        r = (double) (float) r;
      /* Before its node's first step its line holds NaN. */
      if (bar < insn->first_step + insn->ago + ago)
        r = NAN;
      stack[sp - 1] = r;
    }
  return stack[0];
}
