/* bk-program.c — a fused chain of operations, run (bk-program-private.h). */
#include "bk-program-private.h"

double
bk_program_eval (const BkProgram *program, guint64 bar, guint ago)
{
  return bk_program_run (program, bar, ago);
}
