/* bk-graph-steps.c — a role's nodes as an array of calls: a node's next(),
 * or for an operation whose operands are constants and rings of doubles
 * its function (bk-ops-private.h) on the lines themselves.  Until every
 * node has warmed up, bk_graph_step_nodes steps them. */
#include "bk-graph-steps.h"

#include "bk-fuse-private.h"
#include "bk-graph-private.h"
#include "bk-ops-private.h"

/* An operand: a constant (line NULL), or a line of doubles in a ring read
 * `ago` back, which its ring keeps (checked when the steps are made). */
typedef struct {
  BkLine *line;
  guint ago;
  double value;
} StepInput;

typedef struct _Step Step;
struct _Step {
  void (*run) (const Step *step);
  void (*next) (BkNode *node);
  BkNode *node;
  BkLine *out;
  StepInput in[2];
  /* An indicator stepped by its next_values: its state and minimum period. */
  double (*next_values) (double a, double b, double *state, gboolean warm);
  double *state;
  guint64 minperiod;
};

struct _BkGraphSteps {
  BkGraph *graph;
  BkRole role;
  Step *steps;
  guint n;
  guint64 warm;             /* the bar from which every node steps */
};

static void
run_next (const Step *step)
{
  step->next (step->node);
}

/* bk_line_get and bk_line_push for a ring of doubles whose capacity covers
 * the read. */
static inline double
step_input (const StepInput *in)
{
  BkLine *line = in->line;

  if (line == NULL)
    return in->value;
  if (in->ago == 0)
    return line->last;
  if (in->ago >= line->length)
    return NAN;
  return line->ring.f64[line->head >= in->ago ? line->head - in->ago : line->head + line->capacity - in->ago];
}

static inline void
step_output (BkLine *line, double value)
{
  line->last = value;
  line->head = line->head + 1 == line->capacity ? 0 : line->head + 1;
  line->ring.f64[line->head] = value;
  line->length++;
}

static void
run_next_values (const Step *step)
{
  BkLine *out = step->out;

  step_output (out, step->next_values (step_input (&step->in[0]), step_input (&step->in[1]), step->state,
                                       out->length + 1 >= step->minperiod));
}

/* Each operation three times: on any operands; on two current values;
 * on a current value and a constant (a rule's `x > 0`). */
#define RUN_OP(name)                                                                              \
  static void run_##name (const Step *step)                                                       \
  {                                                                                               \
    step_output (step->out, bk_op_##name (step_input (&step->in[0]), step_input (&step->in[1]))); \
  }                                                                                               \
  static void run_##name##_now (const Step *step)                                                 \
  {                                                                                               \
    step_output (step->out, bk_op_##name (step->in[0].line->last, step->in[1].line->last));      \
  }                                                                                               \
  static void run_##name##_const (const Step *step)                                               \
  {                                                                                               \
    step_output (step->out, bk_op_##name (step->in[0].line->last, step->in[1].value));           \
  }
RUN_OP (add) RUN_OP (sub) RUN_OP (mul) RUN_OP (div)
RUN_OP (lt) RUN_OP (le) RUN_OP (gt) RUN_OP (ge)
RUN_OP (eq) RUN_OP (ne) RUN_OP (and) RUN_OP (or)
RUN_OP (max) RUN_OP (min)
RUN_OP (neg) RUN_OP (not) RUN_OP (abs)
#undef RUN_OP

typedef enum {
  OPERANDS_ANY,
  OPERANDS_NOW,               /* two lines, both read at the current bar */
  OPERANDS_CONST,             /* a line read at the current bar, a constant */
  N_OPERANDS
} Operands;

#define RUNS(op, name) [op] = { run_##name, run_##name##_now, run_##name##_const }
static void (*const run_ops[BK_OP_N_OPS][N_OPERANDS]) (const Step *step) = {
  RUNS (BK_OP_ADD, add), RUNS (BK_OP_SUB, sub), RUNS (BK_OP_MUL, mul), RUNS (BK_OP_DIV, div),
  RUNS (BK_OP_LT, lt), RUNS (BK_OP_LE, le), RUNS (BK_OP_GT, gt), RUNS (BK_OP_GE, ge),
  RUNS (BK_OP_EQ, eq), RUNS (BK_OP_NE, ne), RUNS (BK_OP_AND, and), RUNS (BK_OP_OR, or),
  RUNS (BK_OP_MAX, max), RUNS (BK_OP_MIN, min),
  RUNS (BK_OP_NEG, neg), RUNS (BK_OP_NOT, not), RUNS (BK_OP_ABS, abs),
};
#undef RUNS

static gboolean
is_f64_ring (const BkLine *line, guint ago)
{
  return line->storage == BK_STORAGE_RING && line->precision == BK_PRECISION_F64 && ago < line->capacity;
}

/* An operation on constants and rings of doubles only (a unary one's
 * second operand is the constant 0 its node passes) runs on them; so does
 * an indicator of two such inputs that has next_values. */
static void
make_step (Step *step, BkNode *node)
{
  gint op = bk_op_of_desc (node->desc);
  gboolean values = node->desc->next_values != NULL && node->n_inputs == 2;

  *step = (Step) { .run = run_next, .next = node->program != NULL ? bk_program_node_next : node->desc->next,
                   .node = node };
  if (node->program != NULL || (op < 0 && !values) || node->n_outputs != 1 || node->n_inputs > 2
      || !is_f64_ring (node->outputs[0]->line, 0))
    return;
  for (guint i = 0; i < node->n_inputs; i++)
    {
      const BkInput *input = &node->inputs[i];

      if (input->spec == NULL)
        step->in[i].value = input->value;
      else if (is_f64_ring (input->spec->line, input->ago))
        step->in[i] = (StepInput) { .line = input->spec->line, .ago = input->ago };
      else
        return;
    }
  step->out = node->outputs[0]->line;
  if (values)
    {
      step->run = run_next_values;
      step->next_values = node->desc->next_values;
      step->state = node->state;
      step->minperiod = node->minperiod;
      return;
    }
  const StepInput *a = &step->in[0], *b = &step->in[1];
  Operands operands = a->line == NULL || a->ago > 0 ? OPERANDS_ANY
                      : b->line == NULL             ? OPERANDS_CONST
                      : b->ago == 0                 ? OPERANDS_NOW
                                                    : OPERANDS_ANY;
  step->run = run_ops[op][operands];
}

BkGraphSteps *
bk_graph_steps_new (BkGraph *graph, BkRole role)
{
  GPtrArray *nodes = bk_graph_get_step_nodes (graph, role);
  BkGraphSteps *steps = g_new0 (BkGraphSteps, 1);

  steps->graph = graph;
  steps->role = role;
  steps->n = nodes->len;
  steps->steps = g_new0 (Step, MAX (nodes->len, 1));
  for (guint n = 0; n < nodes->len; n++)
    {
      BkNode *node = g_ptr_array_index (nodes, n);

      make_step (&steps->steps[n], node);
      steps->warm = MAX (steps->warm, node->first_step);
    }
  return steps;
}

void
bk_graph_steps_free (BkGraphSteps *steps)
{
  if (steps == NULL)
    return;
  g_free (steps->steps);
  g_free (steps);
}

void
bk_graph_steps_run (BkGraphSteps *steps, guint64 bar_count)
{
  const Step *step = steps->steps;

  if (G_UNLIKELY (bar_count < steps->warm))
    {
      bk_graph_step_nodes (steps->graph, bar_count, steps->role);
      return;
    }
  for (guint n = 0; n < steps->n; n++)
    step[n].run (&step[n]);
}
