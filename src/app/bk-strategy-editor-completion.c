/* bk-strategy-editor-completion.c — completion from the indicator registry.
 *
 * What is offered depends on where the word is: at the start of a line
 * the keys of the section it is in; after a dot the lines of the
 * indicator before it; inside an indicator's call its parameters with
 * their defaults first; elsewhere the indicators, the price and account
 * lines and the file's own named indicators.  The list is made once when
 * completion starts and filtered by the word as it grows. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bk-registry.h"
#include "bk-strategy-editor-completion.h"

/* ---- a proposal ---------------------------------------------------------- */

#define BK_TYPE_STRATEGY_PROPOSAL (bk_strategy_proposal_get_type ())
G_DECLARE_FINAL_TYPE (BkStrategyProposal, bk_strategy_proposal, BK, STRATEGY_PROPOSAL, GObject)

struct _BkStrategyProposal {
  GObject parent_instance;
  char *label;     /* what the list shows and the word is matched with */
  char *insert;    /* what replaces the word */
  char *detail;    /* the call with its defaults, a summary */
};

static void bk_strategy_proposal_iface_init (GtkSourceCompletionProposalInterface *iface) {}

G_DEFINE_FINAL_TYPE_WITH_CODE (BkStrategyProposal, bk_strategy_proposal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROPOSAL,
                                                      bk_strategy_proposal_iface_init))

static void
bk_strategy_proposal_finalize (GObject *object)
{
  BkStrategyProposal *self = BK_STRATEGY_PROPOSAL (object);

  g_free (self->label);
  g_free (self->insert);
  g_free (self->detail);
  G_OBJECT_CLASS (bk_strategy_proposal_parent_class)->finalize (object);
}

static void
bk_strategy_proposal_class_init (BkStrategyProposalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_strategy_proposal_finalize;
}

static void
bk_strategy_proposal_init (BkStrategyProposal *self)
{
}

static void
add (GListStore *store, GHashTable *seen, const char *label, char *insert, char *detail)
{
  if (!g_hash_table_add (seen, g_strdup (label)))
    {
      g_free (insert);
      g_free (detail);
      return;
    }
  BkStrategyProposal *proposal = g_object_new (BK_TYPE_STRATEGY_PROPOSAL, NULL);
  proposal->label = g_strdup (label);
  proposal->insert = insert != NULL ? insert : g_strdup (label);
  proposal->detail = detail;
  g_list_store_append (store, proposal);
  g_object_unref (proposal);
}

/* ---- what the text around the word says ---------------------------------- */

/* "SMA(close, period=30)": an indicator's call with its defaults. */
static char *
describe_call (const BkIndicatorDesc *desc)
{
  g_autoptr(GString) call = g_string_new (desc->name);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (call, '(');
  for (guint i = 0; i < desc->n_inputs; i++)
    g_string_append_printf (call, "%s%s", i > 0 ? ", " : "", desc->input_is_indicator ? "line" : "close");
  for (guint i = 0; i < desc->n_params; i++)
    g_string_append_printf (call, "%s%s=%s", i > 0 || desc->n_inputs > 0 ? ", " : "", desc->params[i].name,
                            g_ascii_formatd (number, sizeof number, "%.15g", desc->params[i].default_value));
  g_string_append (call, ")");
  if (desc->summary != NULL)
    g_string_append_printf (call, " — %s", desc->summary);
  return g_string_free (g_steal_pointer (&call), FALSE);
}

static char *
line_text (GtkTextBuffer *buffer, int line)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The section the line is in: "rules", "indicator sma"..., or NULL. */
static char *
section_at (GtkTextBuffer *buffer, int line)
{
  for (int l = line; l >= 0; l--)
    {
      g_autofree char *text = line_text (buffer, l);
      char *stripped = g_strstrip (text);

      if (stripped[0] == '[' && strchr (stripped, ']') != NULL)
        return g_strstrip (g_strndup (stripped + 1, strchr (stripped, ']') - stripped - 1));
    }
  return NULL;
}

/* The value of `key` in section `section`, or NULL. */
static char *
value_in_section (GtkTextBuffer *buffer, const char *section, const char *key)
{
  int n = gtk_text_buffer_get_line_count (buffer);
  gboolean inside = FALSE;

  for (int l = 0; l < n; l++)
    {
      g_autofree char *text = line_text (buffer, l);
      char *stripped = g_strstrip (text);
      char *eq = strchr (stripped, '=');

      if (stripped[0] == '[')
        {
          g_autofree char *name = section_at (buffer, l);
          inside = g_strcmp0 (name, section) == 0;
        }
      else if (inside && eq != NULL)
        {
          *eq = '\0';
          if (g_str_equal (g_strstrip (stripped), key))
            return g_strstrip (g_strdup (eq + 1));
        }
    }
  return NULL;
}

/* The identifier that ends at `end` in `text`, or NULL. */
static char *
identifier_before (const char *text, const char *end)
{
  const char *start = end;

  while (start > text && (g_ascii_isalnum (start[-1]) || start[-1] == '_'))
    start--;
  return start < end ? g_strndup (start, end - start) : NULL;
}

/* The lines of an indicator: of a call, or of a named indicator (its
 * expr's call, or its lines=). */
static void
add_lines_of (GListStore *store, GHashTable *seen, GtkTextBuffer *buffer, const char *name, gboolean call)
{
  const BkIndicatorDesc *desc = call ? bk_indicator_lookup (name) : NULL;

  if (!call)
    {
      g_autofree char *section = g_strdup_printf ("indicator %s", name);
      g_autofree char *lines = value_in_section (buffer, section, "lines");
      g_autofree char *expr = value_in_section (buffer, section, "expr");

      if (lines != NULL)
        {
          g_auto(GStrv) names = g_strsplit (lines, ";", -1);
          for (guint i = 0; names[i] != NULL; i++)
            if (*g_strstrip (names[i]) != '\0')
              add (store, seen, names[i], NULL, g_strdup_printf (_("a line of %s"), name));
          return;
        }
      if (expr != NULL && strchr (expr, '(') != NULL)
        {
          g_autofree char *callee = identifier_before (expr, strchr (expr, '('));
          desc = callee != NULL ? bk_indicator_lookup (callee) : NULL;
        }
    }
  if (desc == NULL)
    return;
  for (guint i = 0; i < desc->n_outputs; i++)
    add (store, seen, desc->outputs[i], NULL,
         /* Translators: completion's note on a line name: "a line of MACD". */
         g_strdup_printf (_("a line of %s"), desc->name));
}

static void
add_keys (GListStore *store, GHashTable *seen, const char *section)
{
  static const char *const strategy_keys[] = { "name", "description", NULL };
  static const char *const indicator_keys[] = { "expr", "lines", "plot", "pane", NULL };
  static const char *const broker_keys[] = { "cash", "commission", "commission_per_unit", "commission_min",
                                             "stamp_duty", "lot", "slippage_percent", "slippage_fixed",
                                             "cheat_on_close", "fractional", NULL };
  static const char *const rules_keys[] = { "buy", "sell", "short", "cover", "size", "entry", "entry_price",
                                            "entry_limit", "entry_valid", "stop_loss", "take_profit",
                                            "trail_percent", "trail_amount", NULL };
  const char *const *keys = NULL;

  if (section == NULL)
    return;
  if (g_str_equal (section, "strategy"))
    keys = strategy_keys;
  else if (g_str_has_prefix (section, "indicator"))
    keys = indicator_keys;
  else if (g_str_equal (section, "broker"))
    keys = broker_keys;
  else if (g_str_equal (section, "rules"))
    keys = rules_keys;
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    add (store, seen, keys[i], g_strdup_printf ("%s=", keys[i]), g_strdup_printf (_("a key of [%s]"), section));
}

static void
add_expression_words (GListStore *store, GHashTable *seen, GtkTextBuffer *buffer)
{
  static const char *const lines[] = { "close", "open", "high", "low", "volume", "openinterest", "position",
                                       "position_price", "cash", "value", "bars_held", NULL };
  int n = gtk_text_buffer_get_line_count (buffer);

  /* The file's own indicators first, then the registry's. */
  for (int l = 0; l < n; l++)
    {
      g_autofree char *text = line_text (buffer, l);
      char *stripped = g_strstrip (text);

      if (g_str_has_prefix (stripped, "[indicator") && strchr (stripped, ']') != NULL)
        {
          g_autofree char *name = g_strstrip (g_strndup (stripped + strlen ("[indicator"),
                                                        strchr (stripped, ']') - stripped - strlen ("[indicator")));
          if (*name != '\0')
            add (store, seen, name, NULL, g_strdup (_("an indicator of this file")));
        }
    }
  for (guint i = 0; lines[i] != NULL; i++)
    add (store, seen, lines[i], NULL, g_strdup (i < 6 ? _("a price line") : _("the account")));
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);

      add (store, seen, desc->name, g_strdup_printf ("%s(", desc->name), describe_call (desc));
    }
  add (store, seen, "and", NULL, NULL);
  add (store, seen, "or", NULL, NULL);
  add (store, seen, "not", NULL, NULL);
}

/* Everything that may stand at the word that starts at `begin`. */
static GListStore *
collect (GtkTextBuffer *buffer, const GtkTextIter *begin)
{
  GListStore *store = g_list_store_new (BK_TYPE_STRATEGY_PROPOSAL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkTextIter line_start = *begin;
  int line = gtk_text_iter_get_line (begin);

  gtk_text_iter_set_line_offset (&line_start, 0);
  g_autofree char *before = gtk_text_buffer_get_text (buffer, &line_start, begin, FALSE);
  g_autofree char *section = section_at (buffer, line);
  const char *eq = strchr (before, '=');
  size_t len = strlen (before);

  if (eq == NULL)
    {
      add_keys (store, seen, section);
      return store;
    }
  if (len > 0 && before[len - 1] == '.')
    {
      const char *dot = before + len - 1;

      if (dot > before && dot[-1] == ')')
        {
          /* Call(...).: the callee of the matching parenthesis. */
          int depth = 0;
          const char *c = dot - 1;
          for (; c > eq; c--)
            {
              depth += *c == ')' ? 1 : *c == '(' ? -1 : 0;
              if (depth == 0)
                break;
            }
          g_autofree char *callee = identifier_before (before, c);
          if (callee != NULL)
            add_lines_of (store, seen, buffer, callee, TRUE);
        }
      else
        {
          g_autofree char *name = identifier_before (before, dot);
          if (name != NULL)
            add_lines_of (store, seen, buffer, name, FALSE);
        }
      return store;
    }

  /* The innermost call still open: its parameters come first. */
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  for (const char *c = eq + 1; *c != '\0'; c++)
    if (*c == '(')
      g_ptr_array_add (calls, identifier_before (before, c));
    else if (*c == ')' && calls->len > 0)
      g_ptr_array_remove_index (calls, calls->len - 1);
  const char *callee = calls->len > 0 ? g_ptr_array_index (calls, calls->len - 1) : NULL;
  const BkIndicatorDesc *desc = callee != NULL ? bk_indicator_lookup (callee) : NULL;
  if (desc != NULL)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint i = 0; i < desc->n_params; i++)
        {
          const BkParamDesc *param = &desc->params[i];
          g_ascii_formatd (number, sizeof number, "%.15g", param->default_value);
          add (store, seen, param->name, g_strdup_printf ("%s=%s", param->name, number),
               /* Translators: completion's note on a parameter: "a parameter of SMA, 30 by default". */
               g_strdup_printf (_("a parameter of %s, %s by default"), desc->name, number));
        }
    }
  add_expression_words (store, seen, buffer);
  return store;
}

char **
bk_strategy_completion_list (BkStrategyCompletion *self, GtkTextBuffer *buffer, const GtkTextIter *iter)
{
  GtkTextIter begin = *iter;
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  while (!gtk_text_iter_starts_line (&begin))
    {
      GtkTextIter prev = begin;
      gtk_text_iter_backward_char (&prev);
      gunichar c = gtk_text_iter_get_char (&prev);
      if (!g_unichar_isalnum (c) && c != '_')
        break;
      begin = prev;
    }
  g_autofree char *word = gtk_text_buffer_get_text (buffer, &begin, iter, FALSE);
  g_autoptr(GListStore) store = collect (buffer, &begin);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(BkStrategyProposal) proposal = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_ascii_strncasecmp (proposal->label, word, strlen (word)) == 0)
        g_strv_builder_add (out, proposal->insert);
    }
  return g_strv_builder_end (out);
}

/* ---- the provider -------------------------------------------------------- */

struct _BkStrategyCompletion {
  GObject parent_instance;
  char *word;
};

static void bk_strategy_completion_iface_init (GtkSourceCompletionProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BkStrategyCompletion, bk_strategy_completion, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROVIDER,
                                                      bk_strategy_completion_iface_init))

static gboolean
match_word (gpointer item, gpointer user_data)
{
  BkStrategyCompletion *self = user_data;

  return self->word == NULL
         || g_ascii_strncasecmp (BK_STRATEGY_PROPOSAL (item)->label, self->word, strlen (self->word)) == 0;
}

static GListModel *
populate (GtkSourceCompletionProvider *provider, GtkSourceCompletionContext *context, GError **error)
{
  BkStrategyCompletion *self = BK_STRATEGY_COMPLETION (provider);
  GtkTextIter begin, end;

  gtk_source_completion_context_get_bounds (context, &begin, &end);
  g_free (self->word);
  self->word = gtk_source_completion_context_get_word (context);
  GListStore *store = collect (gtk_text_iter_get_buffer (&begin), &begin);
  GtkCustomFilter *filter = gtk_custom_filter_new (match_word, self, NULL);
  return G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (store), GTK_FILTER (filter)));
}

static void
refilter (GtkSourceCompletionProvider *provider, GtkSourceCompletionContext *context, GListModel *model)
{
  BkStrategyCompletion *self = BK_STRATEGY_COMPLETION (provider);

  g_free (self->word);
  self->word = gtk_source_completion_context_get_word (context);
  gtk_filter_changed (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (model)), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
display (GtkSourceCompletionProvider *provider, GtkSourceCompletionContext *context,
         GtkSourceCompletionProposal *item, GtkSourceCompletionCell *cell)
{
  BkStrategyProposal *proposal = BK_STRATEGY_PROPOSAL (item);

  switch (gtk_source_completion_cell_get_column (cell))
    {
    case GTK_SOURCE_COMPLETION_COLUMN_TYPED_TEXT:
      gtk_source_completion_cell_set_text (cell, proposal->label);
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_COMMENT:
    case GTK_SOURCE_COMPLETION_COLUMN_DETAILS:
      gtk_source_completion_cell_set_text (cell, proposal->detail);
      break;
    default:
      gtk_source_completion_cell_set_text (cell, NULL);
    }
}

static void
activate (GtkSourceCompletionProvider *provider, GtkSourceCompletionContext *context,
          GtkSourceCompletionProposal *item)
{
  GtkTextIter begin, end;
  GtkTextBuffer *buffer;

  gtk_source_completion_context_get_bounds (context, &begin, &end);
  buffer = gtk_text_iter_get_buffer (&begin);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &begin, &end);
  gtk_text_buffer_insert (buffer, &begin, BK_STRATEGY_PROPOSAL (item)->insert, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static char *
get_title (GtkSourceCompletionProvider *provider)
{
  return g_strdup (_("Strategy language"));
}

static void
bk_strategy_completion_iface_init (GtkSourceCompletionProviderInterface *iface)
{
  iface->get_title = get_title;
  iface->populate = populate;
  iface->refilter = refilter;
  iface->display = display;
  iface->activate = activate;
}

static void
bk_strategy_completion_finalize (GObject *object)
{
  g_free (BK_STRATEGY_COMPLETION (object)->word);
  G_OBJECT_CLASS (bk_strategy_completion_parent_class)->finalize (object);
}

static void
bk_strategy_completion_class_init (BkStrategyCompletionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bk_strategy_completion_finalize;
}

static void
bk_strategy_completion_init (BkStrategyCompletion *self)
{
}

GtkSourceCompletionProvider *
bk_strategy_completion_new (void)
{
  return g_object_new (BK_TYPE_STRATEGY_COMPLETION, NULL);
}
