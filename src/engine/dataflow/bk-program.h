/* bk-program.h — the element-wise operations of expressions, by code:
 * what an operation node computes (bk-ops.h), and the instructions of a
 * fused chain of them (private/bk-program-private.h). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BK_OP_ADD,
  BK_OP_SUB,
  BK_OP_MUL,
  BK_OP_DIV,
  BK_OP_LT,
  BK_OP_LE,
  BK_OP_GT,
  BK_OP_GE,
  BK_OP_EQ,
  BK_OP_NE,
  BK_OP_AND,
  BK_OP_OR,
  BK_OP_MAX,
  BK_OP_MIN,
  BK_OP_N_BINARY,
  BK_OP_NEG = BK_OP_N_BINARY,
  BK_OP_NOT,
  BK_OP_ABS,
  BK_OP_N_OPS
} BkOp;

G_END_DECLS
