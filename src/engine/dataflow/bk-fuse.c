/* bk-fuse.c — fusing chains of element-wise operations into their
 * readers, and the programs that compute them (bk-fuse-private.h). */
#include "bk-fuse-private.h"


void
bk_program_node_next (BkNode *node)
{
  bk_node_out (node, 0, bk_program_run (node->program, node->outputs[0]->line->length + 1, 0));
}

struct _BkFusePlan {
  GPtrArray *nodes, *lines;
  GPtrArray *primitives[2];     /* the rest, the observers */
  BkMode mode;
  guint n_nodes, n_lines;
  guint *lookback;          /* a line: the values its readers take */
  gboolean *fused;          /* a node: computed by its readers */
  gboolean *recomputes;     /* a node: its window computes its input again */
};

/* One reading of a line: node `reader`'s input `input`. */
typedef struct {
  BkNode *reader;
  guint input;
} Reading;

static gboolean
is_operation (const BkNode *node)
{
  return node != NULL && node->desc != NULL && node->role == BK_ROLE_EXPRESSION && node->n_outputs == 1
         && node->desc->op > 0;
}

static guint
input_lookback (BkNode *node, guint i)
{
  return node->desc->lookback != NULL ? node->desc->lookback (node, i) : 1;
}

/* The operation computing input `i` of `node`, when that is fused in. */
static BkNode *
fused_input (const BkFusePlan *plan, const BkNode *node, guint i)
{
  const BkInput *input = &node->inputs[i];

  if (input->spec == NULL || !is_operation (input->spec->writer) || input->spec->writer->outputs[0] != input->spec)
    return NULL;
  return plan->fused[input->spec->writer->index] ? input->spec->writer : NULL;
}

/* Calls `leaf` for every line the chain of operation `node`, read `ago`
 * back, reads, with the lookback `span` values from there take. */
typedef void (*LeafFunc) (BkFusePlan *plan, BkLineSpec *spec, guint lookback, gpointer data);

static void
for_each_leaf (BkFusePlan *plan, BkNode *node, guint ago, guint span, LeafFunc leaf, gpointer data)
{
  for (guint i = 0; i < node->n_inputs; i++)
    {
      const BkInput *input = &node->inputs[i];
      BkNode *inner = fused_input (plan, node, i);

      if (inner != NULL)
        for_each_leaf (plan, inner, ago + input->ago, span, leaf, data);
      else if (input->spec != NULL)
        leaf (plan, input->spec, ago + input->ago + span, data);
    }
}

static void
raise_leaf (BkFusePlan *plan, BkLineSpec *spec, guint lookback, gpointer data)
{
  plan->lookback[spec->index] = MAX (plan->lookback[spec->index], lookback);
}

/* Whether an operation reading a chain as its input `i` computes it
 * straight into its accumulator, with nothing pushed: as its left
 * operand, or its right of a sum or product whose left is a number
 * (`100 * (...)`, computed as (...) * 100: the same bits, the number
 * being no NaN). */
static gboolean
inlines_chain (const BkNode *reader, guint i)
{
  gint op = (gint) reader->desc->op - 1;

  if (i == 0)
    return TRUE;
  return (op == BK_OP_ADD || op == BK_OP_MUL) && reader->inputs[0].spec == NULL && !isnan (reader->inputs[0].value);
}

/* Whether input `i` of `reader` computes the operation it reads. */
static gboolean
reading_fuses (const BkFusePlan *plan, BkNode *reader, guint i)
{
  BkLineSpec *spec = reader->inputs[i].spec;

  return spec != NULL && is_operation (spec->writer)
         && (plan->fused[spec->writer->index] || (i == 0 && plan->recomputes[reader->index]));
}

/* Every lookback from scratch, as the plan's readers take them. */
static void
plan_lookbacks (BkFusePlan *plan, GPtrArray **primitives)
{
  for (guint i = 0; i < plan->n_lines; i++)
    plan->lookback[i] = ((BkLineSpec *) g_ptr_array_index (plan->lines, i))->external;
  for (guint r = 0; r < 2; r++)
    for (guint n = 0; n < primitives[r]->len; n++)
      {
        BkNode *node = g_ptr_array_index (primitives[r], n);
        const BkIndicatorDesc *desc = node->desc;

        if (plan->fused[node->index])
          continue;
        for (guint i = 0; i < node->n_inputs; i++)
          {
            const BkInput *input = &node->inputs[i];

            if (input->spec == NULL)
              continue;
            if (reading_fuses (plan, node, i))
              for_each_leaf (plan, input->spec->writer, input->ago, input_lookback (node, i), raise_leaf, NULL);
            else
              raise_leaf (plan, input->spec, input->ago + input_lookback (node, i), NULL);
          }
        for (guint j = 0; j < node->n_outputs; j++)
          raise_leaf (plan, node->outputs[j], MAX (desc->self_lookback, desc->self_lookbacks[j]), NULL);
      }
}

/* An operation whose line may go: a ring in the mode, of no name, no
 * indicator's output, read by nothing outside the graph. */
static gboolean
may_fuse (const BkFusePlan *plan, BkNode *node)
{
  BkLineSpec *spec = node->outputs[0];

  return is_operation (node) && node->name == NULL && spec->owner == node && spec->external == 0
         && !bk_line_spec_is_whole_in (spec, plan->mode);
}

/* What mode 1 would keep of line `spec` with lookback `lookback`. */
static guint
ring_cells (const BkFusePlan *plan, BkLineSpec *spec, guint lookback)
{
  return bk_line_spec_is_whole_in (spec, plan->mode) ? 0 : MAX (lookback, 1);
}

typedef struct {
  guint *need;              /* a line: the lookback the recomputation needs */
  GArray *touched;          /* guint: the lines with a need */
} LeafNeeds;

static void
note_need (BkFusePlan *plan, BkLineSpec *spec, guint lookback, gpointer data)
{
  LeafNeeds *needs = data;

  if (needs->need[spec->index] == 0)
    g_array_append_val (needs->touched, spec->index);
  needs->need[spec->index] = MAX (needs->need[spec->index], lookback);
}

/* The operations and operands of the chain of operation `node`. */
static guint
chain_size (const BkFusePlan *plan, const BkNode *node)
{
  guint size = 1;

  for (guint i = 0; i < node->n_inputs; i++)
    {
      BkNode *inner = fused_input (plan, node, i);
      size += inner != NULL ? chain_size (plan, inner) : 1;
    }
  return size;
}

/* Decides whether window `reader` computes its input, operation `op`,
 * again from its operands: when the cells its operands' rings gain, and
 * a cell for each step of the chain computed again every bar, are fewer
 * than those the operation's ring loses. */
static void
consider_window (BkFusePlan *plan, BkNode *reader, BkNode *op, GArray *readings, LeafNeeds *needs)
{
  BkLineSpec *spec = op->outputs[0];
  guint rest = spec->external;
  gboolean all_fuse = may_fuse (plan, op);

  for (guint r = 0; readings != NULL && r < readings->len; r++)
    {
      const Reading *reading = &g_array_index (readings, Reading, r);
      BkNode *other = reading->reader;

      if (other == reader && reading->input == 0)
        continue;
      if ((is_operation (other) && inlines_chain (other, reading->input))
          || (reading->input == 0 && plan->recomputes[other->index]))
        continue;
      all_fuse = FALSE;
      rest = MAX (rest, other->inputs[reading->input].ago + input_lookback (other, reading->input));
    }
  guint after = all_fuse ? 0 : ring_cells (plan, spec, rest);
  guint before = ring_cells (plan, spec, plan->lookback[spec->index]);

  for_each_leaf (plan, op, reader->inputs[0].ago, input_lookback (reader, 0), note_need, needs);
  guint gained = 0;
  for (guint t = 0; t < needs->touched->len; t++)
    {
      guint index = g_array_index (needs->touched, guint, t);
      BkLineSpec *leaf = g_ptr_array_index (plan->lines, index);
      guint now = ring_cells (plan, leaf, plan->lookback[index]);
      guint then = ring_cells (plan, leaf, MAX (plan->lookback[index], needs->need[index]));

      gained += then - now;
    }
  if (gained + chain_size (plan, op) < before - MIN (before, after))
    {
      plan->recomputes[reader->index] = TRUE;
      plan->lookback[spec->index] = after == 0 ? 0 : rest;
      for (guint t = 0; t < needs->touched->len; t++)
        {
          guint index = g_array_index (needs->touched, guint, t);
          plan->lookback[index] = MAX (plan->lookback[index], needs->need[index]);
        }
      if (all_fuse)
        plan->fused[op->index] = TRUE;
    }
  for (guint t = 0; t < needs->touched->len; t++)
    needs->need[g_array_index (needs->touched, guint, t)] = 0;
  g_array_set_size (needs->touched, 0);
}

static void
free_readings (gpointer list)
{
  if (list != NULL)
    g_array_unref (list);
}

BkFusePlan *
bk_fuse_plan_new (GPtrArray *nodes, GPtrArray *lines, GPtrArray *compute, GPtrArray *observers,
                  BkMode mode, gboolean enabled)
{
  BkFusePlan *plan = g_new0 (BkFusePlan, 1);
  GPtrArray **primitives = plan->primitives;

  plan->nodes = nodes;
  plan->lines = lines;
  primitives[0] = compute;
  primitives[1] = observers;
  plan->mode = mode;
  plan->n_nodes = nodes->len;
  plan->n_lines = lines->len;
  plan->lookback = g_new0 (guint, plan->n_lines);
  plan->fused = g_new0 (gboolean, plan->n_nodes);
  plan->recomputes = g_new0 (gboolean, plan->n_nodes);
  if (!enabled)
    {
      plan_lookbacks (plan, primitives);
      return plan;
    }

  /* Who reads each operation's line. */
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (free_readings);
  g_ptr_array_set_size (readings, plan->n_nodes);
  for (guint r = 0; r < 2; r++)
    for (guint n = 0; n < primitives[r]->len; n++)
      {
        BkNode *node = g_ptr_array_index (primitives[r], n);

        for (guint i = 0; i < node->n_inputs; i++)
          {
            BkLineSpec *spec = node->inputs[i].spec;
            if (spec == NULL || !is_operation (spec->writer))
              continue;
            GArray **list = (GArray **) &g_ptr_array_index (readings, spec->writer->index);
            if (*list == NULL)
              *list = g_array_new (FALSE, FALSE, sizeof (Reading));
            Reading reading = { node, i };
            g_array_append_val (*list, reading);
          }
      }

  /* First, operations read by operations only go into their readers. */
  for (guint n = 0; n < compute->len; n++)
    {
      BkNode *node = g_ptr_array_index (compute, n);
      GArray *list = g_ptr_array_index (readings, node->index);

      if (!may_fuse (plan, node))
        continue;
      gboolean all = TRUE;
      for (guint r = 0; list != NULL && r < list->len; r++)
        {
          const Reading *reading = &g_array_index (list, Reading, r);
          all = all && is_operation (reading->reader) && inlines_chain (reading->reader, reading->input);
        }
      plan->fused[node->index] = all;
    }
  plan_lookbacks (plan, primitives);

  /* Then windows over operations, where that keeps fewer cells. */
  LeafNeeds needs = { g_new0 (guint, plan->n_lines), g_array_new (FALSE, FALSE, sizeof (guint)) };
  for (guint n = 0; n < compute->len; n++)
    {
      BkNode *node = g_ptr_array_index (compute, n);
      BkLineSpec *spec = node->n_inputs > 0 ? node->inputs[0].spec : NULL;

      if (node->desc->fuses_input && spec != NULL && is_operation (spec->writer) && spec->writer->outputs[0] == spec
          && !bk_line_spec_is_whole_in (spec, mode))
        consider_window (plan, node, spec->writer, g_ptr_array_index (readings, spec->writer->index), &needs);
    }
  g_free (needs.need);
  g_array_unref (needs.touched);

  /* A chain fused into its readers stays short: an operation whose chain
   * is longer keeps its line, and a window computes no such chain. */
  for (guint n = 0; n < compute->len; n++)
    {
      BkNode *node = g_ptr_array_index (compute, n);

      if (!is_operation (node))
        {
          BkNode *op = node->n_inputs > 0 && node->inputs[0].spec != NULL ? node->inputs[0].spec->writer : NULL;
          if (plan->recomputes[node->index] && chain_size (plan, op) > BK_FUSE_MAX_INSNS)
            plan->recomputes[node->index] = FALSE;
          continue;
        }
      /* Its operands' chains were cut to size before it (compute order). */
      if (chain_size (plan, node) > BK_FUSE_MAX_INSNS)
        plan->fused[node->index] = FALSE;
    }
  plan_lookbacks (plan, primitives);
  return plan;
}

void
bk_fuse_plan_free (BkFusePlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->lookback);
  g_free (plan->fused);
  g_free (plan->recomputes);
  g_free (plan);
}

guint
bk_fuse_plan_get_lookback (const BkFusePlan *plan, guint index)
{
  g_return_val_if_fail (index < plan->n_lines, 0);
  return plan->lookback[index];
}

gboolean
bk_fuse_plan_is_fused (const BkFusePlan *plan, guint index)
{
  g_return_val_if_fail (index < plan->n_nodes, FALSE);
  return plan->fused[index];
}

gboolean
bk_fuse_plan_recomputes (const BkFusePlan *plan, guint index)
{
  g_return_val_if_fail (index < plan->n_nodes, FALSE);
  return plan->recomputes[index];
}

static BkInsn *
append (BkProgram *program, BkInsn insn)
{
  g_assert (program->n < BK_PROGRAM_MAX_INSNS);
  program->insns[program->n] = insn;
  return &program->insns[program->n++];
}

/* Input `i` of `node` as an operand read `ago` back. */
static BkInsn
operand_insn (const BkNode *node, guint i, guint ago)
{
  const BkInput *input = &node->inputs[i];

  if (input->spec == NULL)
    return (BkInsn) { .value = input->value };
  return (BkInsn) { .line = input->spec->line, .ago = ago + input->ago };
}

/* Appends what computes the chain of operation `node` read `ago` back
 * into the accumulator, for a program asked for no bar before `floor` (a
 * bar minus the reader's ago). */
static void
emit (const BkFusePlan *plan, BkPrecision precision, BkProgram *program, BkNode *node, guint ago, gint64 floor)
{
  BkNode *left = fused_input (plan, node, 0);
  BkNode *right = node->n_inputs > 1 ? fused_input (plan, node, 1) : NULL;
  BkInsn op = { 0 };
  /* c * (...) as (...) * c. */
  gboolean swapped = left == NULL && right != NULL && inlines_chain (node, 1);

  if (swapped)
    {
      emit (plan, precision, program, right, ago + node->inputs[1].ago, floor);
      op = operand_insn (node, 0, ago);
    }
  else if (left != NULL)
    emit (plan, precision, program, left, ago + node->inputs[0].ago, floor);
  else
    {
      BkInsn load = operand_insn (node, 0, ago);
      load.kind = BK_INSN_LOAD;
      append (program, load);
    }
  if (!swapped && right != NULL)
    {
      append (program, (BkInsn) { .kind = BK_INSN_PUSH });
      emit (plan, precision, program, right, ago + node->inputs[1].ago, floor);
      op.pushed = TRUE;
    }
  else if (!swapped && node->n_inputs > 1)
    op = operand_insn (node, 1, ago);
  /* A unary operation's operand is the constant 0 its node passes. */
  op.kind = node->desc->op - 1;
  op.round = !node->outputs[0]->always_f64 && precision == BK_PRECISION_F32;
  op.first_step = node->first_step;
  op.at = ago;
  /* Asked for only from its node's first step on (as minimum periods
   * add up but for a rule's `and`, `or` and `not`), it needs no guard. */
  op.guard = floor < (gint64) (node->first_step + ago);
  op.check = op.round || op.guard;
  append (program, op);
}

static BkProgram *
program_new (const BkFusePlan *plan, BkPrecision precision, BkNode *node, guint ago, gint64 floor)
{
  BkProgram *program = g_new0 (BkProgram, 1);

  emit (plan, precision, program, node, ago, floor);
  bk_program_specialize (program);
  return program;
}

void
bk_fuse_plan_apply (const BkFusePlan *plan, BkPrecision precision)
{
  GPtrArray *compute = plan->primitives[0];

  for (guint n = 0; n < compute->len; n++)
    {
      BkNode *node = g_ptr_array_index (compute, n);

      node->fused = plan->fused[node->index];
      if (plan->recomputes[node->index])
        /* A window reads from its first step back to the window's start. */
        node->input_program = program_new (plan, precision, node->inputs[0].spec->writer, node->inputs[0].ago,
                                           (gint64) node->first_step - (input_lookback (node, 0) - 1));
      else if (is_operation (node) && !node->fused)
        for (guint i = 0; i < node->n_inputs; i++)
          if (fused_input (plan, node, i) != NULL)
            {
              node->program = program_new (plan, precision, node, 0, node->first_step);
              break;
            }
    }
}
