/* bk-fuse-private.h — fused expressions: a chain of element-wise
 * operations computed in registers from the lines it starts from, with no
 * ring between its operations.
 *
 * A plan (bk_fuse_plan_new) says, for one memory mode, which operation
 * nodes keep no line at all (fused into their readers: every reader
 * computes them again, from the same operands with the same operations,
 * so the same bits), which window sums (SMA, SumN) compute the value that
 * leaves their window again from their input's operands instead of
 * keeping the input's ring, and the lookback every line then needs.
 * Lines kept whole in the mode, named lines and lines read from outside
 * the graph are never fused away.
 *
 * A program (bk-program-private.h) is what a fused chain computes. */
#pragma once

#include "bk-node.h"
#include "bk-program-private.h"

G_BEGIN_DECLS

/* What a fused node's next() is: its program, pushed. */
void bk_program_node_next (BkNode *node);

typedef struct _BkFusePlan BkFusePlan;

/* The plan in `mode` of a graph's nodes and lines as built so far, its
 * primitive nodes in step order (the rest, then the observers); with
 * `enabled` FALSE, nothing fused (the lookbacks as the nodes ask).  The
 * arrays must outlive the plan. */
BkFusePlan *bk_fuse_plan_new (GPtrArray *nodes, GPtrArray *lines, GPtrArray *compute, GPtrArray *observers,
                              BkMode mode, gboolean enabled);
void bk_fuse_plan_free (BkFusePlan *plan);
/* The values line `index` keeps in the plan's mode if it is a ring. */
guint bk_fuse_plan_get_lookback (const BkFusePlan *plan, guint index);
/* Node `index` keeps no line: its readers compute it. */
gboolean bk_fuse_plan_is_fused (const BkFusePlan *plan, guint index);
/* Node `index` (a window sum) computes its input again from the input's
 * operands, as far back as its window reaches. */
gboolean bk_fuse_plan_recomputes (const BkFusePlan *plan, guint index);
/* Writes the plan into the lines and nodes once they have their storage
 * at `precision`: each fused or recomputing node's programs. */
void bk_fuse_plan_apply (const BkFusePlan *plan, BkPrecision precision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkFusePlan, bk_fuse_plan_free)

G_END_DECLS
