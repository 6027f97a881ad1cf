/* bk-node.c — a node's inputs and outputs as the builders hand them
 * round, their labels, and the check of an indicator's parameters. */
#include "bk-node.h"

#include "bk-error.h"
#include "bk-i18n.h"

BkInput
bk_input_const (double value)
{
  return (BkInput) { .spec = NULL, .value = value };
}

BkInput
bk_input_delay (BkInput input, guint ago)
{
  if (input.spec != NULL)
    input.ago += ago;
  return input;
}

BkInput
bk_node_output (BkNode *node, guint i)
{
  g_return_val_if_fail (i < node->n_outputs, bk_input_const (NAN));
  return (BkInput) { .spec = node->outputs[i] };
}

void
bk_node_set_name (BkNode *node, const char *name)
{
  g_free (node->name);
  node->name = g_strdup (name);
}

char *
bk_input_describe (BkInput input)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (input.spec == NULL)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", input.value));

  const BkNode *owner = input.spec->owner;
  g_autofree char *base = NULL;
  if (owner->role == BK_ROLE_FEED)
    base = g_strdup (input.spec->name);
  else if (owner->n_outputs > 1 && owner->outputs[0] != input.spec)
    base = g_strdup_printf ("%s.%s", owner->name != NULL ? owner->name : owner->label, input.spec->name);
  else
    base = g_strdup (owner->name != NULL ? owner->name : owner->label);

  if (owner->role == BK_ROLE_EXPRESSION)
    {
      char *wrapped = g_strdup_printf ("(%s)", base);
      g_free (base);
      base = wrapped;
    }
  if (input.ago > 0)
    return g_strdup_printf ("%s[-%u]", base, input.ago);
  return g_steal_pointer (&base);
}

static char *
format_param (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

gboolean
bk_indicator_check_param (const BkIndicatorDesc *desc, guint i, double value, GError **error)
{
  const BkParamDesc *p = &desc->params[i];

  if (isfinite (value) && value >= p->min && value <= p->max && (!p->integer || value == floor (value)))
    return TRUE;

  g_autofree char *found = format_param (value);
  g_autofree char *min = format_param (p->min), *max = format_param (p->max);
  gint code = value > p->max && p->max == BK_MAX_PERIOD ? BK_ERROR_LIMIT : BK_ERROR_INVALID;
  if (p->integer)
    g_set_error (error, BK_ERROR, code,
                 /* Translators: a parameter's name, an indicator type, the smallest and largest value allowed, the value given */
                 _("parameter '%s' of %s must be a whole number from %s to %s, found %s"),
                 p->name, desc->name, min, max, found);
  else
    g_set_error (error, BK_ERROR, code,
                 /* Translators: a parameter's name, an indicator type, the smallest and largest value allowed, the value given */
                 _("parameter '%s' of %s must be a number from %s to %s, found %s"),
                 p->name, desc->name, min, max, found);
  return FALSE;
}

const char *
bk_node_get_name (const BkNode *node)
{
  return node->name;
}

const char *
bk_node_get_label (const BkNode *node)
{
  return node->label;
}

BkNode *
bk_node_get_parent (const BkNode *node)
{
  return node->parent;
}

BkRole
bk_node_get_role (const BkNode *node)
{
  return node->role;
}

guint
bk_node_get_n_outputs (const BkNode *node)
{
  return node->n_outputs;
}

BkInput
bk_node_get_input (const BkNode *node, guint i)
{
  g_return_val_if_fail (i < node->n_inputs, bk_input_const (NAN));
  return node->inputs[i];
}

BkLineSpec *
bk_node_get_output (const BkNode *node, guint i)
{
  g_return_val_if_fail (i < node->n_outputs, NULL);
  return node->outputs[i];
}

guint64
bk_node_get_state_cells (const BkNode *node)
{
  return node->state_cells;
}

const char *
bk_line_spec_get_name (const BkLineSpec *spec)
{
  return spec->name;
}

BkNode *
bk_line_spec_get_owner (const BkLineSpec *spec)
{
  return spec->owner;
}

BkNode *
bk_line_spec_get_writer (const BkLineSpec *spec)
{
  return spec->writer;
}

guint
bk_line_spec_get_lookback (const BkLineSpec *spec)
{
  return spec->lookback;
}

guint
bk_line_spec_get_minperiod (const BkLineSpec *spec)
{
  return spec->minperiod;
}

gboolean
bk_line_spec_is_whole_in (const BkLineSpec *spec, BkMode mode)
{
  const BkNode *owner = spec->owner;

  switch (mode)
    {
    case BK_MODE_KEEP_ALL:
      return TRUE;
    case BK_MODE_MINIMAL:
      return FALSE;
    case BK_MODE_PLOT_SAVE_INTERNALS:
    case BK_MODE_PLOT_SAVE_UNPLOTTED:
      if (owner->role == BK_ROLE_FEED || owner->role == BK_ROLE_OBSERVER)
        return TRUE;
      if (owner->parent != NULL || owner->name == NULL)
        return FALSE;
      return mode == BK_MODE_PLOT_SAVE_INTERNALS || owner->plot;
    default:
      g_return_val_if_reached (TRUE);
    }
}

const char *
bk_mode_label (BkMode mode)
{
  switch (mode)
    {
    case BK_MODE_KEEP_ALL: return N_("Keep everything");
    case BK_MODE_MINIMAL: return N_("Minimal memory");
    case BK_MODE_PLOT_SAVE_INTERNALS: return N_("Plot, save internals");
    case BK_MODE_PLOT_SAVE_UNPLOTTED: return N_("Plot, save unplotted too");
    default: return "?";
    }
}

gboolean
bk_mode_parse (const char *text, BkMode *mode)
{
  static const struct { const char *text; BkMode mode; } modes[] = {
    { "0", BK_MODE_KEEP_ALL },
    { "1", BK_MODE_MINIMAL },
    { "-1", BK_MODE_PLOT_SAVE_INTERNALS },
    { "-2", BK_MODE_PLOT_SAVE_UNPLOTTED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (text, modes[i].text) == 0)
      {
        *mode = modes[i].mode;
        return TRUE;
      }
  return FALSE;
}
