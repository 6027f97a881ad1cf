/* bk-graph.c — building the graph, propagating lookback and minimum
 * period, and planning each line's storage for a memory mode. */
#include "bk-graph-private.h"

#include "bk-error.h"
#include "bk-fuse-private.h"
#include "bk-i18n.h"

/* A role's nodes in step order as their next() and the node, read
 * straight at each bar; `warm` is the bar from which every one steps. */
typedef struct {
  void (*next) (BkNode *node);
  BkNode *node;
} Step;

typedef struct {
  Step *steps;
  guint n;
  guint64 warm;
} StepList;

struct _BkGraph {
  GPtrArray *nodes;         /* BkNode*, creation order; owns them */
  GPtrArray *lines;         /* BkLineSpec*, owns them */
  GPtrArray *compute;       /* primitive non-observer nodes, step order */
  GPtrArray *observers;     /* primitive observer nodes, step order */
  BkNode *feed;
  guint n_limited_nodes;    /* every node but the observers */
  guint64 cells;            /* what mode 1 would keep: rings and state */
  BkMode mode;
  BkPrecision precision;
  gboolean planned;
  gboolean overrun;
  gpointer context;
  BkBlockPool *pool;        /* blocks of the whole lines */
  BkBudget *budget;
  guint64 budget_taken;     /* rings and state, at plan time */
  gboolean plan_refused;
  /* Sharing (bk_graph_set_sharing): every indicator and operation by what
   * it computes, and which part made each node and line. */
  GHashTable *shared;       /* NodeKey* -> BkNode* */
  /* Without it, the pure expression nodes inside indicators by what they
   * compute: one pow(r1, 2) for StdDev(r1, 20) and StdDev(r1, 50). */
  GHashTable *expressions;  /* NodeKey* -> BkNode* */
  GArray *node_parts;       /* guint a node: the part that made it, 0: shared */
  GArray *line_writers;     /* guint a line: the index of the node that made it */
  guint part;
  guint part_base;          /* n_limited_nodes when the part began */
  /* What bk_graph_step_nodes calls, made at plan time. */
  StepList steps[2];        /* the compute nodes, the observers */
  GPtrArray *stepped[2];    /* the same nodes: those not fused away */
  /* Fusion (bk-fuse-private.h): on unless turned off; each mode's plan
   * as last made, and the graph's generation it was made at. */
  gboolean fusion;
  guint64 generation;
  BkFusePlan *fuse_plans[4];
  guint64 fuse_generations[4];
};

/* What a node computes, compared byte for byte: zeroed, then filled. */
typedef struct {
  const BkIndicatorDesc *desc;
  guint64 role, n_inputs, n_params;
  gconstpointer spec[BK_MAX_INPUTS];
  guint64 ago[BK_MAX_INPUTS];
  double value[BK_MAX_INPUTS];
  double params[BK_MAX_PARAMS];
} NodeKey;

static guint node_key_hash (gconstpointer key);
static gboolean node_key_equal (gconstpointer a, gconstpointer b);

static const char *const feed_line_names[BK_FEED_N_LINES] = {
  "datetime", "open", "high", "low", "close", "volume", "openinterest",
};

static void
node_free (gpointer data)
{
  BkNode *node = data;

  g_free (node->name);
  g_free (node->label);
  g_strfreev (node->output_names);
  g_ptr_array_unref (node->children);
  g_free (node->state);
  g_free (node->program);
  g_free (node->input_program);
  g_free (node);
}

static void
line_spec_free (gpointer data)
{
  BkLineSpec *spec = data;

  bk_line_free (spec->line);
  g_free (spec->name);
  g_free (spec);
}

static BkNode *
node_new (BkGraph *graph, BkNode *parent, BkRole role, const BkIndicatorDesc *desc, GError **error)
{
  /* The observers every run adds are the engine's, not the strategy's:
   * a strategy that loads within the limit also runs. */
  if (role != BK_ROLE_OBSERVER)
    {
      if (graph->n_limited_nodes - graph->part_base >= BK_GRAPH_MAX_NODES)
        {
          /* Translators: nodes are the indicators and operations a strategy is made of */
          g_set_error (error, BK_ERROR, BK_ERROR_LIMIT, _("the strategy needs more than %u nodes"),
                       BK_GRAPH_MAX_NODES);
          return NULL;
        }
      graph->n_limited_nodes++;
    }

  BkNode *node = g_new0 (BkNode, 1);
  graph->generation++;
  node->graph = graph;
  node->role = role;
  node->desc = desc;
  node->parent = parent;
  node->plot = TRUE;
  node->pane = desc != NULL ? desc->pane : BK_PANE_OWN;
  node->minperiod = 1;
  node->children = g_ptr_array_new ();
  node->index = graph->nodes->len;
  g_ptr_array_add (graph->nodes, node);
  if (graph->node_parts != NULL)
    g_array_append_val (graph->node_parts, graph->part);
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);
  return node;
}

static BkLineSpec *
line_spec_new (BkGraph *graph, BkNode *owner, const char *name)
{
  BkLineSpec *spec = g_new0 (BkLineSpec, 1);

  graph->generation++;
  spec->name = g_strdup (name);
  spec->owner = owner;
  spec->writer = owner;
  spec->minperiod = 1;
  spec->index = graph->lines->len;
  g_ptr_array_add (graph->lines, spec);
  if (graph->line_writers != NULL)
    g_array_append_val (graph->line_writers, owner->index);
  graph->cells++;   /* a ring keeps at least one value */
  return spec;
}

/* Every change of a lookback goes through here, to keep the count. */
static void
raise_lookback (BkGraph *graph, BkLineSpec *spec, guint lookback)
{
  if (lookback <= spec->lookback)
    return;
  graph->generation++;
  graph->cells += MAX (lookback, 1) - MAX (spec->lookback, 1);
  spec->lookback = lookback;
}

BkGraph *
bk_graph_new (void)
{
  BkGraph *graph = g_new0 (BkGraph, 1);

  graph->nodes = g_ptr_array_new_with_free_func (node_free);
  graph->lines = g_ptr_array_new_with_free_func (line_spec_free);
  graph->compute = g_ptr_array_new ();
  graph->observers = g_ptr_array_new ();
  graph->fusion = g_getenv ("BARKEEP_NO_FUSION") == NULL;

  /* The first node of an empty graph is always within the limit. */
  graph->feed = node_new (graph, NULL, BK_ROLE_FEED, NULL, NULL);
  g_assert (graph->feed != NULL);
  graph->feed->label = g_strdup ("Data 0");
  graph->feed->n_outputs = BK_FEED_N_LINES;
  for (guint i = 0; i < BK_FEED_N_LINES; i++)
    graph->feed->outputs[i] = line_spec_new (graph, graph->feed, feed_line_names[i]);
  graph->feed->outputs[BK_FEED_DATETIME]->always_f64 = TRUE;
  return graph;
}

void
bk_graph_free (BkGraph *graph)
{
  if (graph == NULL)
    return;
  g_ptr_array_unref (graph->compute);
  g_ptr_array_unref (graph->observers);
  for (guint i = 0; i < G_N_ELEMENTS (graph->steps); i++)
    {
      g_free (graph->steps[i].steps);
      g_clear_pointer (&graph->stepped[i], g_ptr_array_unref);
    }
  for (guint i = 0; i < G_N_ELEMENTS (graph->fuse_plans); i++)
    bk_fuse_plan_free (graph->fuse_plans[i]);
  g_ptr_array_unref (graph->lines);
  g_ptr_array_unref (graph->nodes);
  bk_block_pool_free (graph->pool);
  bk_budget_give (graph->budget, graph->budget_taken);
  g_clear_pointer (&graph->budget, bk_budget_unref);
  g_clear_pointer (&graph->shared, g_hash_table_unref);
  g_clear_pointer (&graph->expressions, g_hash_table_unref);
  g_clear_pointer (&graph->node_parts, g_array_unref);
  g_clear_pointer (&graph->line_writers, g_array_unref);
  g_free (graph);
}

const char *
bk_graph_feed_line_name (BkFeedLine line)
{
  g_return_val_if_fail (line < BK_FEED_N_LINES, NULL);
  return feed_line_names[line];
}

BkNode *
bk_graph_get_feed (BkGraph *graph)
{
  return graph->feed;
}

BkInput
bk_graph_feed_input (BkGraph *graph, BkFeedLine line)
{
  return (BkInput) { .spec = graph->feed->outputs[line] };
}

guint
bk_graph_get_n_nodes (BkGraph *graph)
{
  return graph->nodes->len;
}

BkNode *
bk_graph_get_node (BkGraph *graph, guint index)
{
  return g_ptr_array_index (graph->nodes, index);
}

guint
bk_graph_get_n_lines (BkGraph *graph)
{
  return graph->lines->len;
}

BkLineSpec *
bk_graph_get_line (BkGraph *graph, guint index)
{
  return g_ptr_array_index (graph->lines, index);
}

void
bk_graph_set_context (BkGraph *graph, gpointer context)
{
  graph->context = context;
}

gpointer
bk_graph_get_context (BkGraph *graph)
{
  return graph->context;
}

void
bk_graph_note_read (BkGraph *graph, BkLineSpec *spec, guint lookback)
{
  g_return_if_fail (!graph->planned);
  spec->external = MAX (spec->external, lookback);
  graph->generation++;
  raise_lookback (graph, spec, lookback);
}

guint64
bk_graph_get_cells (BkGraph *graph)
{
  guint64 cells = 0;

  if (!graph->planned)
    return graph->cells;
  for (guint i = 0; i < graph->lines->len; i++)
    cells += bk_graph_get_ring_in (graph, g_ptr_array_index (graph->lines, i), BK_MODE_MINIMAL);
  for (guint i = 0; i < graph->nodes->len; i++)
    cells += ((BkNode *) g_ptr_array_index (graph->nodes, i))->state_cells;
  return cells;
}

static guint
input_minperiod (const BkInput *input)
{
  return input->spec != NULL ? input->spec->minperiod + input->ago : 1;
}

static char *
make_label (const BkIndicatorDesc *desc, const double *params, guint n_params)
{
  GString *label = g_string_new (desc->name);

  if (n_params > 0)
    {
      g_string_append_c (label, '(');
      for (guint i = 0; i < n_params; i++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          g_string_append_printf (label, "%s%s", i > 0 ? ", " : "",
                                  g_ascii_formatd (buf, sizeof buf, "%g", params[i]));
        }
      g_string_append_c (label, ')');
    }
  return g_string_free (label, FALSE);
}

/* How a formula indicator is built: installed once from above, by the
 * formulas (bk-indicator-formula.c) when the language installs its
 * compiler, and read by any thread that builds a graph. */
static BkFormulaBuilder formula_builder;

void
bk_graph_set_formula_builder (BkFormulaBuilder build)
{
  __atomic_store_n (&formula_builder, build, __ATOMIC_RELEASE);
}

static gboolean
build_formula (BkNode *node, GError **error)
{
  BkFormulaBuilder build = __atomic_load_n (&formula_builder, __ATOMIC_ACQUIRE);

  if (build == NULL)
    {
      /* A programming error: nothing of the language has run yet. */
      g_critical ("%s: a formula needs the strategy language's compiler", node->desc->name);
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s: no formula compiler", node->desc->name);
      return FALSE;
    }
  return build (node, error);
}

static gboolean
check_params (const BkIndicatorDesc *desc, const double *params, GError **error)
{
  for (guint i = 0; i < desc->n_params; i++)
    if (!bk_indicator_check_param (desc, i, params[i], error))
      return FALSE;
  return TRUE;
}

void
bk_graph_set_sharing (BkGraph *graph, gboolean sharing)
{
  g_return_if_fail (graph->nodes->len == 1 && !graph->planned);
  g_clear_pointer (&graph->shared, g_hash_table_unref);
  g_clear_pointer (&graph->node_parts, g_array_unref);
  g_clear_pointer (&graph->line_writers, g_array_unref);
  if (!sharing)
    return;
  graph->shared = g_hash_table_new_full (node_key_hash, node_key_equal, g_free, NULL);
  graph->node_parts = g_array_new (FALSE, TRUE, sizeof (guint));
  graph->line_writers = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (graph->node_parts, graph->nodes->len);
  for (guint i = 0; i < graph->lines->len; i++)
    {
      BkLineSpec *spec = g_ptr_array_index (graph->lines, i);
      g_array_append_val (graph->line_writers, spec->owner->index);
    }
}

void
bk_graph_begin_part (BkGraph *graph, guint part)
{
  g_return_if_fail (graph->shared != NULL && part > 0);
  graph->part = part;
  graph->part_base = graph->n_limited_nodes;
}

/* A key is zeroed before it is filled (g_new0), padding included, so
 * its words hash, and compare, as its bytes do: a word at a time, as
 * every node a run builds is looked up. */
G_STATIC_ASSERT (sizeof (NodeKey) % sizeof (guint64) == 0);

static guint
node_key_hash (gconstpointer key)
{
  guint64 words[sizeof (NodeKey) / sizeof (guint64)];
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  memcpy (words, key, sizeof words);
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    hash = (hash ^ words[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return (guint) (hash ^ (hash >> 32));
}

static gboolean
node_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (NodeKey)) == 0;
}

/* The key of what a node would compute; NULL when the graph does not
 * share it: without sharing, only a pure expression inside an indicator
 * is looked up (a strategy's own expressions may be named). */
static NodeKey *
node_key_new (BkGraph *graph, BkNode *parent, BkRole role, const BkIndicatorDesc *desc, const BkInput *inputs,
              guint n_inputs, const double *params, guint n_params)
{
  if (role == BK_ROLE_OBSERVER
      || (graph->shared == NULL && (role != BK_ROLE_EXPRESSION || !desc->pure || parent == NULL)))
    return NULL;

  NodeKey *key = g_new0 (NodeKey, 1);
  key->desc = desc;
  key->role = role;
  key->n_inputs = n_inputs;
  key->n_params = n_params;
  for (guint i = 0; i < n_inputs; i++)
    {
      key->spec[i] = inputs[i].spec;
      if (inputs[i].spec != NULL)
        key->ago[i] = inputs[i].ago;
      else
        key->value[i] = inputs[i].value;
    }
  for (guint i = 0; i < n_params; i++)
    key->params[i] = params[i];
  return key;
}

/* A node another part is handed, with what it is made of, is shared. */
static void
mark_shared (BkGraph *graph, BkNode *node)
{
  g_array_index (graph->node_parts, guint, node->index) = 0;
  for (guint i = 0; i < node->children->len; i++)
    mark_shared (graph, g_ptr_array_index (node->children, i));
}

/* The node that computes `key` already, counted against the part's limit
 * as a new one would be; NULL when there is none (or on an error). */
static BkNode *
find_shared (BkGraph *graph, const NodeKey *key, GError **error)
{
  GHashTable *table = graph->shared != NULL ? graph->shared : graph->expressions;
  BkNode *node = key != NULL && table != NULL ? g_hash_table_lookup (table, key) : NULL;

  /* Without sharing, an indicator's output is its own, not another's. */
  if (node == NULL || (graph->shared == NULL && (node->name != NULL || node->outputs[0]->owner != node)))
    return NULL;
  /* The strategy's nodes count as written, shared or not. */
  if (graph->n_limited_nodes - graph->part_base >= BK_GRAPH_MAX_NODES)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_LIMIT, _("the strategy needs more than %u nodes"), BK_GRAPH_MAX_NODES);
      return NULL;
    }
  graph->n_limited_nodes++;
  if (graph->node_parts != NULL && g_array_index (graph->node_parts, guint, node->index) != graph->part)
    mark_shared (graph, node);
  return node;
}

/* Makes `node` the one that computes `key` (taken); NULL passes through. */
static BkNode *
remember_node (BkGraph *graph, NodeKey *key, BkNode *node)
{
  if (key != NULL && graph->shared == NULL && graph->expressions == NULL)
    graph->expressions = g_hash_table_new_full (node_key_hash, node_key_equal, g_free, NULL);
  if (key != NULL && node != NULL)
    g_hash_table_insert (graph->shared != NULL ? graph->shared : graph->expressions, key, node);
  else
    g_free (key);
  return node;
}

guint64
bk_graph_get_part_cells (BkGraph *graph, guint part)
{
  guint64 cells = 0;

  g_return_val_if_fail (graph->shared != NULL && graph->planned, 0);
  for (guint i = 0; i < graph->lines->len; i++)
    {
      guint writer = g_array_index (graph->line_writers, guint, i);
      if (g_array_index (graph->node_parts, guint, writer) == part)
        cells += bk_line_get_cells (((BkLineSpec *) g_ptr_array_index (graph->lines, i))->line);
    }
  for (guint i = 0; i < graph->nodes->len; i++)
    if (g_array_index (graph->node_parts, guint, i) == part)
      cells += ((BkNode *) g_ptr_array_index (graph->nodes, i))->state_cells;
  return cells;
}

/* Lookback and minimum period of a primitive node from its inputs. */
static void
propagate_primitive (BkNode *node)
{
  const BkIndicatorDesc *desc = node->desc;
  guint mps[BK_MAX_INPUTS];
  guint mp = 1, inputs_mp = 1;

  for (guint i = 0; i < node->n_inputs; i++)
    {
      BkInput *input = &node->inputs[i];
      guint lookback = desc->lookback != NULL ? desc->lookback (node, i) : 1;

      mps[i] = input_minperiod (input);
      inputs_mp = MAX (inputs_mp, mps[i]);
      mp = MAX (mp, mps[i] + lookback - 1);
      if (input->spec != NULL)
        raise_lookback (node->graph, input->spec, input->ago + lookback);
    }
  if (desc->minperiod != NULL)
    mp = desc->minperiod (node, mps);
  node->minperiod = mp;
  node->first_step = desc->warms_up ? inputs_mp : mp;
  node->state_cells = desc->state_cells;
  node->graph->cells += desc->state_cells;
  if (desc->state_cells > 0)
    node->state = g_new0 (double, desc->state_cells);
  for (guint j = 0; j < node->n_outputs; j++)
    {
      node->outputs[j]->minperiod = mp;
      raise_lookback (node->graph, node->outputs[j], MAX (desc->self_lookback, desc->self_lookbacks[j]));
    }
}

BkNode *
bk_graph_add_indicator (BkGraph *graph,
                        BkNode *parent,
                        const BkIndicatorDesc *desc,
                        const BkInput *inputs,
                        guint n_inputs,
                        const double *params,
                        guint n_params,
                        GError **error)
{
  double values[BK_MAX_PARAMS];
  BkInput resolved[BK_MAX_INPUTS];

  g_return_val_if_fail (!graph->planned, NULL);
  if (n_inputs > desc->n_inputs)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: an indicator type, how many inputs it takes, how many it was given */
                   g_dngettext (GETTEXT_PACKAGE, "%s takes %u input, got %u", "%s takes %u inputs, got %u",
                                desc->n_inputs),
                   desc->name, desc->n_inputs, n_inputs);
      return NULL;
    }
  if (n_params > desc->n_params)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: an indicator type, how many parameters it takes, how many it was given */
                   g_dngettext (GETTEXT_PACKAGE, "%s takes %u parameter, got %u", "%s takes %u parameters, got %u",
                                desc->n_params),
                   desc->name, desc->n_params, n_params);
      return NULL;
    }
  for (guint i = 0; i < desc->n_params; i++)
    values[i] = i < n_params ? params[i] : desc->params[i].default_value;
  if (!check_params (desc, values, error))
    return NULL;
  for (guint i = 0; i < desc->n_inputs; i++)
    resolved[i] = i < n_inputs ? inputs[i] : bk_graph_feed_input (graph, desc->default_inputs[i]);
  NodeKey *key = node_key_new (graph, parent, BK_ROLE_INDICATOR, desc, resolved, desc->n_inputs, values,
                               desc->n_params);
  BkNode *found = find_shared (graph, key, error);
  if (found != NULL || (error != NULL && *error != NULL))
    {
      g_free (key);
      return found;
    }

  BkNode *node = node_new (graph, parent, BK_ROLE_INDICATOR, desc, error);
  if (node == NULL)
    {
      g_free (key);
      return NULL;
    }
  node->label = make_label (desc, values, desc->n_params);
  node->n_params = desc->n_params;
  memcpy (node->params, values, sizeof (double) * desc->n_params);
  node->n_inputs = desc->n_inputs;
  if (desc->n_inputs > 0)
    memcpy (node->inputs, resolved, sizeof (BkInput) * desc->n_inputs);
  node->n_outputs = desc->n_outputs;

  if (desc->build != NULL || desc->formula != NULL)
    {
      if (!(desc->build != NULL ? desc->build (node, error) : build_formula (node, error)))
        {
          g_free (key);
          return NULL;
        }
      for (guint j = 0; j < node->n_outputs; j++)
        {
          g_assert (node->outputs[j] != NULL);
          node->minperiod = MAX (node->minperiod, node->outputs[j]->minperiod);
        }
      return remember_node (graph, key, node);
    }

  for (guint j = 0; j < desc->n_outputs; j++)
    node->outputs[j] = line_spec_new (graph, node, desc->outputs[j]);
  propagate_primitive (node);
  g_ptr_array_add (graph->compute, node);
  return remember_node (graph, key, node);
}

static BkNode *
add_primitive (BkGraph *graph, BkNode *parent, BkRole role, const BkIndicatorDesc *desc, const BkInput *inputs,
               guint n_inputs, const double *params, guint n_params, char *label, GError **error)
{
  g_return_val_if_fail (!graph->planned, NULL);
  g_return_val_if_fail (n_inputs == desc->n_inputs && n_params <= BK_MAX_PARAMS, NULL);

  NodeKey *key = node_key_new (graph, parent, role, desc, inputs, n_inputs, params, n_params);
  BkNode *found = find_shared (graph, key, error);
  BkNode *node = found == NULL && (error == NULL || *error == NULL) ? node_new (graph, parent, role, desc, error)
                                                                    : NULL;
  if (node == NULL)
    {
      g_free (key);
      g_free (label);
      return found;
    }
  node->label = label;
  node->n_inputs = n_inputs;
  if (n_inputs > 0)
    memcpy (node->inputs, inputs, sizeof (BkInput) * n_inputs);
  node->n_params = n_params;
  if (n_params > 0)
    memcpy (node->params, params, sizeof (double) * n_params);
  node->n_outputs = desc->n_outputs;
  for (guint j = 0; j < desc->n_outputs; j++)
    node->outputs[j] = line_spec_new (graph, node, desc->outputs[j]);
  propagate_primitive (node);
  g_ptr_array_add (role == BK_ROLE_OBSERVER ? graph->observers : graph->compute, node);
  return remember_node (graph, key, node);
}

BkNode *
bk_graph_add_primitive (BkGraph *graph, BkNode *parent, BkRole role,
                        const BkIndicatorDesc *desc, const BkInput *inputs,
                        guint n_inputs, char *label, GError **error)
{
  return add_primitive (graph, parent, role, desc, inputs, n_inputs, NULL, 0, label, error);
}

BkNode *
bk_graph_add_pure (BkGraph *graph, BkNode *parent, const BkIndicatorDesc *desc, const BkInput *inputs,
                   guint n_inputs, const double *params, guint n_params, char *label, GError **error)
{
  return add_primitive (graph, parent, BK_ROLE_EXPRESSION, desc, inputs, n_inputs, params, n_params, label, error);
}

BkNode *
bk_graph_add_group (BkGraph *graph,
                    BkNode *parent,
                    const char *label,
                    const char *const *line_names,
                    GError **error)
{
  guint n = line_names != NULL ? g_strv_length ((char **) line_names) : 0;

  if (n == 0 || n > BK_MAX_OUTPUTS)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   _("an indicator has 1 to %u lines, not %u"), BK_MAX_OUTPUTS, n);
      return NULL;
    }
  BkNode *node = node_new (graph, parent, BK_ROLE_INDICATOR, NULL, error);
  if (node == NULL)
    return NULL;
  node->label = g_strdup (label);
  node->n_outputs = n;
  node->output_names = g_strdupv ((char **) line_names);
  return node;
}

BkNode *
bk_graph_add_source (BkGraph *graph, const char *label, const char *const *line_names, GError **error)
{
  guint n = line_names != NULL ? g_strv_length ((char **) line_names) : 0;

  g_return_val_if_fail (!graph->planned, NULL);
  g_return_val_if_fail (n > 0 && n <= BK_MAX_OUTPUTS, NULL);
  BkNode *node = node_new (graph, graph->feed, BK_ROLE_FEED, NULL, error);
  if (node == NULL)
    return NULL;
  node->label = g_strdup (label);
  node->n_outputs = n;
  node->output_names = g_strdupv ((char **) line_names);
  for (guint j = 0; j < n; j++)
    node->outputs[j] = line_spec_new (graph, node, line_names[j]);
  return node;
}

/* The node that copies a line into one of its own (bk_node_bind_output). */
static void
next_copy (BkNode *node)
{
  bk_node_out (node, 0, bk_node_in (node, 0, 0));
}

static const BkIndicatorDesc copy_desc = {
  .name = "copy", .n_inputs = 1, .n_outputs = 1, .outputs = { "value" }, .next = next_copy,
};

static gboolean
add_copy (BkGraph *graph, BkNode *parent, BkInput source, BkInput *out, GError **error)
{
  BkNode *node = bk_graph_add_primitive (graph, parent, BK_ROLE_EXPRESSION, &copy_desc,
                                         &source, 1, bk_input_describe (source), error);
  if (node == NULL)
    return FALSE;
  *out = bk_node_output (node, 0);
  return TRUE;
}

static gboolean
node_is_ancestor (const BkNode *ancestor, const BkNode *node)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

gboolean
bk_node_bind_output (BkNode *node, guint i, BkInput source, GError **error)
{
  g_return_val_if_fail (i < node->n_outputs && node->outputs[i] == NULL, FALSE);

  /* A line that another indicator, the feed or a constant owns is copied
   * into a node of our own: taking it over would move its accounting. */
  if (source.spec == NULL || source.ago > 0 || source.spec->owner == node
      || !node_is_ancestor (node, source.spec->owner))
    {
      /* Sharing, another's line is read where it is, accounted where it
       * was: the copy would be one more node a part, for the same values. */
      if (node->graph->shared != NULL && source.spec != NULL && source.ago == 0 && source.spec->owner != node)
        {
          /* Read by a node outside its owner: not fused away. */
          node->graph->generation++;
          source.spec->external = MAX (source.spec->external, 1);
          node->outputs[i] = source.spec;
          return TRUE;
        }
      if (!add_copy (node->graph, node, source, &source, error))
        return FALSE;
    }

  BkLineSpec *spec = source.spec;
  node->graph->generation++;
  spec->owner = node;
  g_free (spec->name);
  spec->name = g_strdup (node->desc != NULL ? node->desc->outputs[i] : node->output_names[i]);
  node->outputs[i] = spec;
  return TRUE;
}

/* The nodes of `nodes` that step, not fused into their readers, into
 * `stepped` and `list`. */
static void
make_steps (StepList *list, GPtrArray **stepped, GPtrArray *nodes)
{
  *stepped = g_ptr_array_new ();
  for (guint n = 0; n < nodes->len; n++)
    if (!((BkNode *) g_ptr_array_index (nodes, n))->fused)
      g_ptr_array_add (*stepped, g_ptr_array_index (nodes, n));
  list->n = (*stepped)->len;
  list->steps = g_new (Step, MAX (list->n, 1));
  list->warm = 0;
  for (guint n = 0; n < list->n; n++)
    {
      BkNode *node = g_ptr_array_index (*stepped, n);

      list->steps[n] = (Step) { node->program != NULL ? bk_program_node_next : node->desc->next, node };
      list->warm = MAX (list->warm, node->first_step);
    }
}

static guint
mode_slot (BkMode mode)
{
  return mode == BK_MODE_KEEP_ALL ? 0 : mode == BK_MODE_MINIMAL ? 1 : mode == BK_MODE_PLOT_SAVE_INTERNALS ? 2 : 3;
}

/* The fusion plan of the graph as it stands in `mode`, made once. */
static const BkFusePlan *
fuse_plan (BkGraph *graph, BkMode mode)
{
  guint slot = mode_slot (mode);

  if (graph->fuse_plans[slot] == NULL || graph->fuse_generations[slot] != graph->generation)
    {
      bk_fuse_plan_free (graph->fuse_plans[slot]);
      graph->fuse_plans[slot] = bk_fuse_plan_new (graph->nodes, graph->lines, graph->compute, graph->observers, mode,
                                                  graph->fusion);
      graph->fuse_generations[slot] = graph->generation;
    }
  return graph->fuse_plans[slot];
}

void
bk_graph_set_fusion (BkGraph *graph, gboolean fusion)
{
  g_return_if_fail (!graph->planned);
  graph->fusion = fusion;
  graph->generation++;
}

gboolean
bk_graph_get_fusion (BkGraph *graph)
{
  return graph->fusion;
}

guint
bk_graph_get_ring_in (BkGraph *graph, BkLineSpec *spec, BkMode mode)
{
  const BkFusePlan *plan = fuse_plan (graph, mode);

  /* A fused node's line keeps nothing: its readers compute it. */
  if (spec->writer->outputs[0] == spec && bk_fuse_plan_is_fused (plan, spec->writer->index))
    return 0;
  return MAX (bk_fuse_plan_get_lookback (plan, spec->index), 1);
}

gboolean
bk_graph_is_fused_in (BkGraph *graph, BkNode *node, BkMode mode)
{
  return bk_fuse_plan_is_fused (fuse_plan (graph, mode), node->index);
}

gboolean
bk_graph_recomputes_in (BkGraph *graph, BkNode *node, BkMode mode)
{
  return bk_fuse_plan_recomputes (fuse_plan (graph, mode), node->index);
}

void
bk_graph_plan (BkGraph *graph, BkMode mode, BkPrecision precision, gint shrink_line)
{
  g_return_if_fail (!graph->planned);

  graph->mode = mode;
  graph->precision = precision;
  graph->planned = TRUE;
  const BkFusePlan *plan = fuse_plan (graph, mode);
  for (guint i = 0; i < graph->lines->len; i++)
    {
      BkLineSpec *spec = g_ptr_array_index (graph->lines, i);
      BkPrecision p = spec->always_f64 ? BK_PRECISION_F64 : precision;

      spec->lookback = bk_fuse_plan_get_lookback (plan, i);
      spec->whole = bk_line_spec_is_whole_in (spec, mode);
      if (spec->whole)
        {
          if (graph->pool == NULL)
            graph->pool = bk_block_pool_new (graph->budget, &graph->overrun);
          spec->line = bk_line_new_whole (p, graph->pool);
        }
      else
        {
          guint capacity = bk_graph_get_ring_in (graph, spec, mode);
          if ((gint) i == shrink_line && capacity > 0)
            capacity--;
          spec->line = bk_line_new_ring (p, capacity);
        }
      bk_line_set_overrun_flag (spec->line, &graph->overrun);
    }
  bk_fuse_plan_apply (plan, precision);
  make_steps (&graph->steps[0], &graph->stepped[0], graph->compute);
  make_steps (&graph->steps[1], &graph->stepped[1], graph->observers);

  guint64 fixed;
  bk_graph_get_plan_bytes (graph, mode, precision, &fixed, NULL);
  if (bk_budget_take (graph->budget, fixed))
    graph->budget_taken = fixed;
  else
    graph->plan_refused = graph->overrun = TRUE;
}

void
bk_graph_set_budget (BkGraph *graph, BkBudget *budget)
{
  g_return_if_fail (!graph->planned);
  if (budget != NULL)
    bk_budget_ref (budget);
  g_clear_pointer (&graph->budget, bk_budget_unref);
  graph->budget = budget;
}

gboolean
bk_graph_is_over_budget (BkGraph *graph)
{
  return graph->plan_refused || (graph->pool != NULL && bk_block_pool_was_refused (graph->pool));
}

gboolean
bk_graph_reset (BkGraph *graph)
{
  g_return_val_if_fail (graph->planned, FALSE);
  for (guint i = 0; i < graph->lines->len; i++)
    if (((BkLineSpec *) g_ptr_array_index (graph->lines, i))->whole)
      return FALSE;
  for (guint i = 0; i < graph->lines->len; i++)
    bk_line_reset_ring (((BkLineSpec *) g_ptr_array_index (graph->lines, i))->line);
  for (guint i = 0; i < graph->nodes->len; i++)
    {
      BkNode *node = g_ptr_array_index (graph->nodes, i);

      if (node->state_cells > 0)
        memset (node->state, 0, node->state_cells * sizeof *node->state);
    }
  graph->overrun = FALSE;
  return TRUE;
}

BkMode
bk_graph_get_mode (BkGraph *graph)
{
  return graph->mode;
}

BkPrecision
bk_graph_get_precision (BkGraph *graph)
{
  return graph->precision;
}

gboolean *
bk_graph_get_overrun_flag (BkGraph *graph)
{
  return &graph->overrun;
}

GPtrArray *
bk_graph_get_step_nodes (BkGraph *graph, BkRole role)
{
  guint r = role == BK_ROLE_OBSERVER;

  if (graph->stepped[r] != NULL)
    return graph->stepped[r];
  return r ? graph->observers : graph->compute;
}

void
bk_graph_step_nodes (BkGraph *graph, guint64 bar_count, BkRole role)
{
  const StepList *list = &graph->steps[role == BK_ROLE_OBSERVER];
  const Step *steps = list->steps;

  g_return_if_fail (graph->planned);
  /* Past the warm-up of every node, nothing to ask but the call. */
  if (G_LIKELY (bar_count >= list->warm))
    {
      for (guint n = 0; n < list->n; n++)
        steps[n].next (steps[n].node);
      return;
    }
  for (guint n = 0; n < list->n; n++)
    {
      BkNode *node = steps[n].node;

      if (bar_count >= node->first_step)
        steps[n].next (node);
      else
        for (guint j = 0; j < node->n_outputs; j++)
          bk_line_push (node->outputs[j]->line, NAN);
    }
}
