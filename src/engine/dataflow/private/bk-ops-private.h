/* bk-ops-private.h — the operation of an operation node's descriptor;
 * each operation itself, as an inline function of two numbers, is
 * bk-program-private.h's. */
#pragma once

#include "bk-ops.h"
#include "bk-program-private.h"

G_BEGIN_DECLS

/* The operation whose node `desc` makes (bk_graph_add_op or
 * bk_graph_add_rule_op), or -1. */
gint bk_op_of_desc (const BkIndicatorDesc *desc);

G_END_DECLS
