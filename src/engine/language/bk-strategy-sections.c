/* bk-strategy-sections.c — the section validators of strategy files.
 *
 * The INI reader's sections become a BkParsedStrategy: which sections may
 * appear and how often, and for the sections that appear once one table
 * row a key (its section, its name, the function that checks and reads
 * its value).  [indicator NAME] sections, whose keys include the lines
 * they name, are read by their own function.  Every message names the
 * file, line and column of what it is about. */
#include "bk-strategy-sections.h"

#include <string.h>

#include "bk-bar.h"
#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-ini.h"

/* A key of the sections that appear once: read by `read` into the field
 * at `offset` of the BkParsedStrategy (or where the reader knows); a
 * number's reader takes what it must be from `what` (N_(), completing
 * "expected %s for %s, found %s") and its range, min to max, `open`
 * leaving out min (1), max (2) or both (3); `whole` for a whole number. */
typedef struct KeyRow KeyRow;
struct KeyRow {
  const char *section;
  const char *key;
  gboolean (*read) (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field,
                    GError **error);
  glong offset;
  const char *what;
  double min, max;
  guint open;
  gboolean whole;
};

/* A name a file may give: letters, digits and _, not a keyword. */
static gboolean
is_name (const char *text)
{
  if (!g_ascii_isalpha (text[0]) && text[0] != '_')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return !g_str_equal (text, "and") && !g_str_equal (text, "or") && !g_str_equal (text, "not");
}

static BkExpr *
parse_entry (BkParsedStrategy *sf, const BkIniEntry *entry, GError **error)
{
  BkSourcePos pos = { sf->file, entry->line, entry->value_column };

  return bk_expr_parse (entry->value, strlen (entry->value), &pos, error);
}

/* Rejects a key given twice in one section. */
static gboolean
check_unique_keys (BkParsedStrategy *sf, BkIniSection *section, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < section->entries->len; i++)
    {
      BkIniEntry *entry = g_ptr_array_index (section->entries, i);
      BkIniEntry *first = g_hash_table_lookup (seen, entry->key);
      if (first != NULL)
        {
          g_autofree char *key = bk_escape_text (entry->key, -1);
          g_autofree char *header = bk_escape_text (section->header, -1);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->column,
                           /* Translators: a key, the section's header, the line where the key first appears */
                           _("key '%s' is given twice in [%s] (first at line %u)"),
                           key, header, first->line);
          return FALSE;
        }
      g_hash_table_insert (seen, entry->key, entry);
    }
  return TRUE;
}

static gboolean
unknown_key (BkParsedStrategy *sf, BkIniSection *section, const BkIniEntry *entry,
             const char *const *keys, guint n_keys, GError **error)
{
  g_autofree char *hint = bk_strategy_suggestion (entry->key, keys, n_keys);
  g_autofree char *key = bk_escape_text (entry->key, -1);
  g_autofree char *header = bk_escape_text (section->header, -1);

  bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->column,
                   /* Translators: a key, the section's header, and " (did you mean '...'?)" or nothing */
                   _("unknown key '%s' in [%s]%s"), key, header, hint);
  return FALSE;
}

/* An item of a list value, from start to stop (NULL: the value's end),
 * trimmed of blanks; *column is where it stands in the file. */
static char *
list_item (const BkIniEntry *entry, const char *start, const char *stop, guint *column)
{
  const char *a = start, *b = stop != NULL ? stop : start + strlen (start);

  while (a < b && (*a == ' ' || *a == '\t'))
    a++;
  while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  *column = entry->value_column + bk_ini_chars_between (entry->value, a);
  return g_strndup (a, (gsize) (b - a));
}

/* features=ret20, macd.signal — each name checked where it stands in the
 * value; whether it names a line is known once indicators are read. */
static gboolean
read_features (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  const char *v = entry->value;

  for (const char *start = v;; )
    {
      /* Commas inside parentheses belong to what is there (a call), which
       * is then refused whole. */
      const char *comma = start;
      for (guint depth = 0; *comma != '\0' && (*comma != ',' || depth > 0); comma++)
        depth = *comma == '(' ? depth + 1 : *comma == ')' && depth > 0 ? depth - 1 : depth;
      if (*comma == '\0')
        comma = NULL;
      guint column;
      g_autofree char *text = list_item (entry, start, comma, &column);

      if (text[0] == '\0')
        {
          if (comma != NULL)
            bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                             "%s", _("expected a feature name, found ','"));
          else if (sf->features->len > 0)
            bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                             "%s", _("expected a feature name, found the end of the value"));
          else
            bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                             /* Translators: %u is the largest number of features a model may have */
                             _("expected 1 to %u features, found none"), BK_MODEL_MAX_FEATURES);
          return FALSE;
        }
      if (sf->features->len == BK_MODEL_MAX_FEATURES)
        {
          bk_set_error_at (error, BK_ERROR_LIMIT, sf->file, entry->line, column,
                           /* Translators: %u is the largest number of features a model may have */
                           _("more than %u features: a model has 1 to %u"),
                           BK_MODEL_MAX_FEATURES, BK_MODEL_MAX_FEATURES);
          return FALSE;
        }
      const char *dot = strchr (text, '.');
      g_autofree char *indicator = dot != NULL ? g_strndup (text, (gsize) (dot - text)) : g_strdup (text);
      g_autofree char *line_name = dot != NULL ? g_strdup (dot + 1) : NULL;
      if (!is_name (indicator) || (line_name != NULL && !is_name (line_name)))
        {
          g_autofree char *quoted = bk_ini_quote (text);
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           /* Translators: %s is what was found, quoted; ret20 and macd.signal are examples to keep */
                           _("expected a feature: an indicator's line, as in ret20 or macd.signal, found %s"),
                           quoted);
          return FALSE;
        }
      BkParsedFeature *feature = g_new0 (BkParsedFeature, 1);
      feature->text = g_steal_pointer (&text);
      feature->indicator = g_steal_pointer (&indicator);
      feature->line_name = g_steal_pointer (&line_name);
      feature->line = entry->line;
      feature->column = column;
      feature->line_column = column + (guint) g_utf8_strlen (feature->indicator, -1) + 1;
      g_ptr_array_add (sf->features, feature);
      if (comma == NULL)
        break;
      start = comma + 1;
    }
  return TRUE;
}

/* --- [strategy], [broker], [rules], [model]: one row a key ------------------ */

/* name=, description= and [model]'s name=: text as written. */
static gboolean
read_text (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  char **text = field;

  g_free (*text);
  *text = g_strdup (entry->value);
  return TRUE;
}

/* A number within the row's range (a whole one into a guint, when
 * row->whole). */
static gboolean
read_number (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  double v = NAN;
  guint64 whole = 0;
  gboolean ok = row->whole ? g_ascii_string_to_unsigned (entry->value, 10, (guint64) row->min, (guint64) row->max,
                                                         &whole, NULL)
                           : bk_parse_number (entry->value, &v);

  if (!ok || (!row->whole && (v < row->min || v > row->max || ((row->open & 1) && v == row->min)
                              || ((row->open & 2) && v == row->max))))
    {
      g_autofree char *found = entry->value[0] != '\0' ? bk_ini_quote (entry->value)
                                                       /* Translators: completes "expected %s for %s, found %s" when the value is empty */
                                                       : g_strdup (_("nothing"));
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, entry->value_column,
                       /* Translators: what the value should be (e.g. "a positive amount of money"), the key, the value found */
                       _("expected %s for %s, found %s"), _(row->what), entry->key, found);
      return FALSE;
    }
  if (row->whole)
    *(guint *) field = (guint) whole;
  else
    *(double *) field = v;
  return TRUE;
}

/* cheat_on_close=, fractional=. */
static gboolean
read_flag (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  gboolean *flag = field;

  *flag = g_str_equal (entry->value, "true");
  if (!*flag && !g_str_equal (entry->value, "false"))
    {
      g_autofree char *found = entry->value[0] != '\0' ? bk_ini_quote (entry->value) : g_strdup (_("nothing"));
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                       /* Translators: true and false are the file's words; a key, the value found */
                       _("expected true or false for %s, found %s"), entry->key, found);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_entry (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (bk_strategy_entry_names); i++)
    if (g_str_equal (entry->value, bk_strategy_entry_names[i]))
      {
        sf->entry = (BkEntryType) i;
        return TRUE;
      }
  g_autofree char *found = entry->value[0] != '\0' ? bk_ini_quote (entry->value) : g_strdup (_("nothing"));
  g_autofree char *hint = bk_strategy_suggestion (entry->value, bk_strategy_entry_names,
                                                  G_N_ELEMENTS (bk_strategy_entry_names));
  bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                   /* Translators: market, close, limit, stop, stoplimit and entry are the file's words;
                    * the value found, and " (did you mean '...'?)" or nothing */
                   _("expected market, close, limit, stop or stoplimit for entry, found %s%s"), found, hint);
  return FALSE;
}

/* The rules, size= and the orders' prices: expressions. */
static gboolean
read_rule (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  BkParsedRule *rule = field;

  if ((rule->expr = parse_entry (sf, entry, error)) == NULL)
    return FALSE;
  rule->text = g_strdup (entry->value);
  rule->line = entry->line;
  rule->column = entry->value_column;
  rule->key_column = entry->column;
  return TRUE;
}

static gboolean
read_horizon (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  guint64 horizon;

  if (!g_ascii_string_to_unsigned (entry->value, 10, 1, BK_MODEL_MAX_HORIZON, &horizon, NULL))
    {
      g_autofree char *found = entry->value[0] != '\0' ? bk_ini_quote (entry->value)
                                                       /* Translators: completes "expected ... for horizon, found %s" when the value is empty */
                                                       : g_strdup (_("nothing"));
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, entry->value_column,
                       /* Translators: horizon is the file's key: how many bars ahead the target
                        * return looks; %u is the largest horizon, %s the value found */
                       _("expected a whole number of bars from 1 to %u for horizon, found %s"),
                       BK_MODEL_MAX_HORIZON, found);
      return FALSE;
    }
  *(guint *) field = (guint) horizon;
  return TRUE;
}

static gboolean
read_split (BkParsedStrategy *sf, const KeyRow *row, const BkIniEntry *entry, gpointer field, GError **error)
{
  if (!bk_model_parse_date (entry->value, field, NULL))
    {
      g_autofree char *found = entry->value[0] != '\0' ? bk_ini_quote (entry->value)
                                                       /* Translators: completes "expected a date ... for split, found %s" when the value is empty */
                                                       : g_strdup (_("nothing"));
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                       /* Translators: YYYY-MM-DD is the date's format and split the file's key;
                        * %s is the value found */
                       _("expected a date YYYY-MM-DD for split, found %s"), found);
      return FALSE;
    }
  sf->has_split = TRUE;
  return TRUE;
}

/* The keys of the sections that appear once, in the order an unknown key's
 * suggestion considers them. */
#define FIELD(name) G_STRUCT_OFFSET (BkParsedStrategy, name)
static const KeyRow key_rows[] = {
  { "strategy", "name", read_text, FIELD (name) },
  { "strategy", "description", read_text, FIELD (description) },
  /* Translators: completes "expected %s for %s, found %s" */
  { "broker", "cash", read_number, FIELD (broker.cash), N_("a positive amount of money"), 0, 1e15, 1 },
  { "broker", "commission", read_number, FIELD (broker.commission),
    /* Translators: completes "expected %s for %s, found %s" */
    N_("a fraction of traded value from 0 to 1"), 0, 1, 0 },
  { "broker", "commission_per_unit", read_number, FIELD (broker.commission_per_unit),
    /* Translators: completes "expected %s for %s, found %s" */
    N_("an amount of 0 or more"), 0, 1e15, 0 },
  { "broker", "commission_min", read_number, FIELD (broker.commission_min), N_("an amount of 0 or more"), 0, 1e15, 0 },
  { "broker", "stamp_duty", read_number, FIELD (broker.stamp_duty),
    /* Translators: completes "expected %s for %s, found %s"; keep the example */
    N_("a fraction from 0 to below 1 (0.001 is 0.1 %)"), 0, 1, 2 },
  { "broker", "lot", read_number, FIELD (broker.lot),
    /* Translators: completes "expected %s for %s, found %s" */
    N_("a whole number of units (1 or more)"), 1, 1e9, 0, TRUE },
  { "broker", "slippage_percent", read_number, FIELD (broker.slippage_percent),
    N_("a fraction from 0 to below 1 (0.001 is 0.1 %)"), 0, 1, 2 },
  { "broker", "slippage_fixed", read_number, FIELD (broker.slippage_fixed), N_("an amount of 0 or more"), 0, 1e15, 0 },
  { "broker", "cheat_on_close", read_flag, FIELD (broker.cheat_on_close) },
  { "broker", "fractional", read_flag, FIELD (broker.fractional) },
  { "rules", "buy", read_rule, FIELD (rules[BK_RULE_BUY]) },
  { "rules", "sell", read_rule, FIELD (rules[BK_RULE_SELL]) },
  { "rules", "short", read_rule, FIELD (rules[BK_RULE_SHORT]) },
  { "rules", "cover", read_rule, FIELD (rules[BK_RULE_COVER]) },
  { "rules", "size", read_rule, FIELD (size) },
  { "rules", "entry", read_entry, FIELD (entry) },
  { "rules", "entry_price", read_rule, FIELD (entry_price) },
  { "rules", "entry_limit", read_rule, FIELD (entry_limit) },
  { "rules", "entry_valid", read_number, FIELD (entry_valid),
    /* Translators: completes "expected %s for %s, found %s" */
    N_("a whole number of bars (1 or more)"), 1, G_MAXUINT, 0, TRUE },
  { "rules", "stop_loss", read_rule, FIELD (stop_loss) },
  { "rules", "take_profit", read_rule, FIELD (take_profit) },
  { "rules", "trail_percent", read_number, FIELD (trail_percent),
    /* Translators: completes "expected %s for %s, found %s"; keep the example */
    N_("a fraction between 0 and 1 (0.05 is 5 %)"), 0, 1, 3 },
  { "rules", "trail_amount", read_rule, FIELD (trail_amount) },
  { "model", "name", read_text, FIELD (model_name) },
  { "model", "features", read_features, FIELD (features) },
  { "model", "horizon", read_horizon, FIELD (horizon) },
  { "model", "split", read_split, FIELD (split) },
};
#undef FIELD

/* A key that another section has, given in `section` (a section's kind,
 * "indicator" for [indicator NAME]): TRUE with the error set. */
static gboolean
key_elsewhere (BkParsedStrategy *sf, const char *section, const BkIniEntry *entry, GError **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (key_rows); k++)
    if (!g_str_equal (key_rows[k].section, section) && g_str_equal (key_rows[k].key, entry->key))
      {
        bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->column,
                         /* Translators: a key, the section it belongs in, the section it was found in */
                         _("'%s' belongs in [%s], not [%s]"), key_rows[k].key, key_rows[k].section, section);
        return TRUE;
      }
  return FALSE;
}

/* [model] needs features= and horizon= (neither can be read empty). */
static gboolean
finish_model (BkParsedStrategy *sf, const BkIniSection *section, GError **error)
{
  sf->has_model = TRUE;
  if (sf->features->len == 0 || sf->horizon == 0)
    {
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                       /* Translators: [model], features= and horizon= are the file's words */
                       "%s", sf->features->len == 0 ? _("[model] needs features=, as in features=ret20, vol20")
                                                    : _("[model] needs horizon=, a number of bars, as in horizon=5"));
      return FALSE;
    }
  return TRUE;
}

/* The sections that appear once, and what is checked when one is read. */
static const struct {
  const char *name;
  gboolean (*finish) (BkParsedStrategy *sf, const BkIniSection *section, GError **error);
} single_sections[] = {
  { "strategy", NULL },
  { "broker", NULL },
  { "rules", NULL },
  { "model", finish_model },
};

static gboolean
read_single_section (BkParsedStrategy *sf, guint kind, BkIniSection *section, GError **error)
{
  const char *name = single_sections[kind].name;

  for (guint i = 0; i < section->entries->len; i++)
    {
      BkIniEntry *entry = g_ptr_array_index (section->entries, i);
      gint row = -1;
      for (guint k = 0; row < 0 && k < G_N_ELEMENTS (key_rows); k++)
        if (g_str_equal (key_rows[k].section, name) && g_str_equal (key_rows[k].key, entry->key))
          row = (gint) k;
      if (row < 0)
        {
          const char *known[G_N_ELEMENTS (key_rows)];
          guint n = 0;
          if (key_elsewhere (sf, name, entry, error))
            return FALSE;
          for (guint k = 0; k < G_N_ELEMENTS (key_rows); k++)
            if (g_str_equal (key_rows[k].section, name))
              known[n++] = key_rows[k].key;
          return unknown_key (sf, section, entry, known, n, error);
        }
      if (!key_rows[row].read (sf, &key_rows[row], entry, G_STRUCT_MEMBER_P (sf, key_rows[row].offset), error))
        return FALSE;
    }
  return single_sections[kind].finish == NULL || single_sections[kind].finish (sf, section, error);
}


/* Every feature names an indicator of the file; its line is checked when
 * the file is built (an indicator call's lines are its type's). */
static gboolean
check_feature_names (BkParsedStrategy *sf, GError **error)
{
  for (guint i = 0; sf->features != NULL && i < sf->features->len; i++)
    {
      BkParsedFeature *feature = g_ptr_array_index (sf->features, i);
      if (g_hash_table_contains (sf->by_name, feature->indicator))
        continue;
      if (bk_strategy_feed_index (feature->indicator) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, feature->line, feature->column,
                           /* Translators: a feed line's name (close, volume...), twice */
                           _("'%s' is a feed line, not an indicator: a feature is an indicator's line, "
                             "as in [indicator x] expr=%s"),
                           feature->indicator, feature->indicator);
          return FALSE;
        }
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      for (guint j = 0; j < sf->named->len; j++)
        g_ptr_array_add (names, ((BkParsedIndicator *) g_ptr_array_index (sf->named, j))->name);
      g_autofree char *hint = bk_strategy_suggestion (feature->indicator, (const char *const *) names->pdata, names->len);
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, feature->line, feature->column,
                       /* Translators: a name twice, and " (did you mean '...'?)" or nothing;
                        * [indicator %s] is the file's syntax */
                       _("unknown feature '%s': the file has no [indicator %s]%s"),
                       feature->indicator, feature->indicator, hint);
      return FALSE;
    }
  return TRUE;
}

static const BkIniEntry *
find_entry (BkIniSection *section, const char *key)
{
  for (guint i = 0; i < section->entries->len; i++)
    {
      BkIniEntry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

/* --- [indicator NAME]: its keys, and the lines it names ------------------- */

static gboolean
read_indicator_expr (BkParsedStrategy *sf, BkParsedIndicator *named, const BkIniEntry *entry, GError **error)
{
  return (named->expr = parse_entry (sf, entry, error)) != NULL;
}

static gboolean
read_plot (BkParsedStrategy *sf, BkParsedIndicator *named, const BkIniEntry *entry, GError **error)
{
  named->plot = g_str_equal (entry->value, "true");
  if (!named->plot && !g_str_equal (entry->value, "false"))
    {
      g_autofree char *found = bk_ini_quote (entry->value);
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                       /* Translators: true, false and plot are the file's words; %s is the value found, quoted */
                       _("expected true or false for plot, found %s"), found);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_pane (BkParsedStrategy *sf, BkParsedIndicator *named, const BkIniEntry *entry, GError **error)
{
  named->pane_set = g_str_equal (entry->value, "price") || g_str_equal (entry->value, "own");
  named->pane = g_str_equal (entry->value, "price") ? BK_PANE_PRICE : BK_PANE_OWN;
  if (!named->pane_set)
    {
      g_autofree char *found = bk_ini_quote (entry->value);
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                       /* Translators: price, own and pane are the file's words; %s is the value found, quoted */
                       _("expected price or own for pane, found %s"), found);
      return FALSE;
    }
  return TRUE;
}

/* The keys of [indicator NAME] besides the lines it names, in the order an
 * unknown key's suggestion considers them; none of them can name a line.
 * lines= has no reader here: it is read first, as the line keys depend
 * on it. */
static const struct {
  const char *key;
  gboolean (*read) (BkParsedStrategy *sf, BkParsedIndicator *named, const BkIniEntry *entry, GError **error);
} indicator_rows[] = {
  { "expr", read_indicator_expr },
  { "lines", NULL },
  { "plot", read_plot },
  { "pane", read_pane },
};

static gint
indicator_row (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (indicator_rows); i++)
    if (g_str_equal (indicator_rows[i].key, key))
      return (gint) i;
  return -1;
}

/* lines=a;b — each name checked where it stands in the value. */
static gboolean
read_line_names (BkParsedStrategy *sf, BkParsedIndicator *named, const BkIniEntry *entry, GError **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *v = entry->value;
  guint n = 0;

  for (const char *start = v;; )
    {
      const char *semi = strchr (start, ';');
      guint column;
      g_autofree char *name = list_item (entry, start, semi, &column);

      if (name[0] == '\0')
        {
          if (semi != NULL)
            bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                             "%s", _("expected a line name, found ';'"));
          else
            bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                             "%s", _("expected a line name, found the end of the value"));
          return FALSE;
        }
      if (!is_name (name))
        {
          g_autofree char *quoted = bk_ini_quote (name);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                           _("expected a line name (letters, digits and _), found %s"), quoted);
          return FALSE;
        }
      if (indicator_row (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           _("'%s' cannot name a line: it is a key of [indicator]"), name);
          return FALSE;
        }
      if (bk_strategy_feed_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           /* Translators: both %s are the same name */
                           _("line name '%s' shadows the feed line '%s'"), name, name);
          return FALSE;
        }
      if (bk_strategy_account_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           /* Translators: both %s are the same name (position, cash, value ...) */
                           _("line name '%s' shadows the account's '%s'"), name, name);
          return FALSE;
        }
      if (g_hash_table_contains (seen, name))
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           _("line '%s' is listed twice"), name);
          return FALSE;
        }
      if (++n > BK_MAX_OUTPUTS)
        {
          bk_set_error_at (error, BK_ERROR_LIMIT, sf->file, entry->line, column,
                           _("an indicator has at most %u lines"), BK_MAX_OUTPUTS);
          return FALSE;
        }
      g_strv_builder_add (names, name);
      g_hash_table_add (seen, g_steal_pointer (&name));
      if (semi == NULL)
        break;
      start = semi + 1;
    }
  named->n_lines = n;
  named->line_names = g_strv_builder_end (names);
  return TRUE;
}

static gboolean
read_indicator_section (BkParsedStrategy *sf, BkIniSection *section, BkParsedIndicator *named, GError **error)
{
  const BkIniEntry *expr = find_entry (section, "expr");
  const BkIniEntry *lines = find_entry (section, "lines");

  if (expr != NULL && lines != NULL)
    {
      const BkIniEntry *second = expr->line > lines->line ? expr : lines;
      g_autofree char *header = bk_escape_text (section->header, -1);
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, second->line, second->column,
                       /* Translators: %s is the section's header; expr= and lines= are keys */
                       _("[%s] has both expr= and lines=: give one"), header);
      return FALSE;
    }
  if (expr == NULL && lines == NULL)
    {
      g_autofree char *header = bk_escape_text (section->header, -1);
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                       /* Translators: %s is the section's header; expr= and lines= are keys */
                       _("[%s] needs expr= or lines="), header);
      return FALSE;
    }

  if (lines != NULL)
    {
      if (!read_line_names (sf, named, lines, error))
        return FALSE;
    }
  else
    {
      named->n_lines = 1;
      named->line_names = g_new0 (char *, 2);
      named->line_names[0] = g_strdup (named->name);
    }
  named->line_exprs = g_new0 (BkExpr *, named->n_lines);

  for (guint i = 0; i < section->entries->len; i++)
    {
      BkIniEntry *entry = g_ptr_array_index (section->entries, i);
      gint row = indicator_row (entry->key);
      if (row >= 0)
        {
          if (indicator_rows[row].read != NULL && !indicator_rows[row].read (sf, named, entry, error))
            return FALSE;
        }
      else
        {
          guint k = lines != NULL ? g_strv_length (named->line_names) : 0;
          gint found = -1;
          for (guint j = 0; j < k; j++)
            if (g_str_equal (named->line_names[j], entry->key))
              found = (gint) j;
          if (found < 0)
            {
              if (key_elsewhere (sf, "indicator", entry, error))
                return FALSE;
              g_autoptr(GPtrArray) keys = g_ptr_array_new ();
              for (guint j = 0; j < G_N_ELEMENTS (indicator_rows); j++)
                g_ptr_array_add (keys, (gpointer) indicator_rows[j].key);
              for (guint j = 0; j < k; j++)
                g_ptr_array_add (keys, named->line_names[j]);
              return unknown_key (sf, section, entry, (const char *const *) keys->pdata, keys->len, error);
            }
          if ((named->line_exprs[found] = parse_entry (sf, entry, error)) == NULL)
            return FALSE;
        }
    }

  if (lines != NULL)
    for (guint j = 0; j < named->n_lines; j++)
      if (named->line_exprs[j] == NULL)
        {
          /* Point at the name in lines=. */
          const char *at = strstr (lines->value, named->line_names[j]);
          guint column = lines->value_column + (at != NULL ? bk_ini_chars_between (lines->value, at) : 0);
          g_autofree char *header = bk_escape_text (section->header, -1);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, lines->line, column,
                           /* Translators: a line's name twice, then the section's header */
                           _("line '%s' has no definition: expected a key %s= in [%s]"),
                           named->line_names[j], named->line_names[j], header);
          return FALSE;
        }
  return TRUE;
}

static gboolean
read_sections_into (BkParsedStrategy *sf, GPtrArray *sections, GError **error)
{
  static const char *const section_names[] = { "strategy", "indicator", "broker", "rules", "model" };
  BkIniSection *seen[G_N_ELEMENTS (single_sections)] = { NULL };

  for (guint s = 0; s < sections->len; s++)
    {
      BkIniSection *section = g_ptr_array_index (sections, s);
      g_auto(GStrv) words = g_strsplit_set (section->header, " \t", -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          g_strv_builder_add (kept, words[w]);
      g_auto(GStrv) parts = g_strv_builder_end (kept);
      guint n_parts = g_strv_length (parts);
      const char *kind = n_parts > 0 ? parts[0] : "";
      gint single = -1;

      for (guint k = 0; single < 0 && k < G_N_ELEMENTS (single_sections); k++)
        if (g_str_equal (kind, single_sections[k].name))
          single = (gint) k;
      if (single < 0 && !g_str_equal (kind, "indicator"))
        {
          const char *best = bk_closest_name (kind, section_names, G_N_ELEMENTS (section_names));
          g_autofree char *header = bk_escape_text (section->header, -1);
          g_autofree char *hint = NULL;
          if (best == NULL)
            hint = g_strdup ("");
          else if (g_str_equal (best, "indicator"))
            /* Translators: follows "unknown section [...]"; keep [indicator NAME] as it is */
            hint = g_strdup (_(" (did you mean [indicator NAME]?)"));
          else
            /* Translators: follows "unknown section [...]"; %s is a section's name */
            hint = g_strdup_printf (_(" (did you mean [%s]?)"), best);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           /* Translators: the section's header, and " (did you mean [...]?)" or nothing */
                           _("unknown section [%s]%s"), header, hint);
          return FALSE;
        }

      if (single >= 0)
        {
          if (n_parts != 1)
            {
              g_autofree char *header = bk_escape_text (section->header, -1);
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                               /* Translators: a section's name, then the header found */
                               _("expected [%s], found [%s]"), kind, header);
              return FALSE;
            }
          if (seen[single] != NULL)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                               /* Translators: a section's name, the line where it first appears */
                               _("section [%s] appears twice (first at line %u)"), kind, seen[single]->line);
              return FALSE;
            }
          seen[single] = section;
        }
      else if (n_parts < 2)
        {
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           "%s", _("expected a name after 'indicator', as in [indicator sma]"));
          return FALSE;
        }
      else if (n_parts > 2)
        {
          g_autofree char *header = bk_escape_text (section->header, -1);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           _("expected one name after 'indicator', found [%s]"), header);
          return FALSE;
        }

      if (section->entries->len == 0)
        {
          g_autofree char *header = bk_escape_text (section->header, -1);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           _("section [%s] is empty"), header);
          return FALSE;
        }
      if (!check_unique_keys (sf, section, error))
        return FALSE;

      if (single >= 0)
        {
          if (!read_single_section (sf, (guint) single, section, error))
            return FALSE;
          continue;
        }

      /* [indicator NAME] */
      const char *name = parts[1];
      guint name_column = section->column + 1
                          + bk_ini_chars_between (section->header, strstr (section->header, name));
      if (!is_name (name))
        {
          g_autofree char *quoted = bk_ini_quote (name);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, name_column,
                           _("expected an indicator name (letters, digits and _), found %s"), quoted);
          return FALSE;
        }
      if (bk_strategy_feed_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, section->line, name_column,
                           /* Translators: both %s are the same name */
                           _("indicator name '%s' shadows the feed line '%s'"), name, name);
          return FALSE;
        }
      if (bk_strategy_account_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, section->line, name_column,
                           /* Translators: both %s are the same name (position, cash, value ...) */
                           _("indicator name '%s' shadows the account's '%s'"), name, name);
          return FALSE;
        }
      BkParsedIndicator *other = g_hash_table_lookup (sf->by_name, name);
      if (other != NULL)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, section->line, name_column,
                           _("indicator '%s' is already defined at line %u"), name, other->line);
          return FALSE;
        }
      if (sf->named->len >= BK_GRAPH_MAX_NODES)
        {
          bk_set_error_at (error, BK_ERROR_LIMIT, sf->file, section->line, section->column,
                           _("more than %u indicators"), BK_GRAPH_MAX_NODES);
          return FALSE;
        }
      BkParsedIndicator *named = g_new0 (BkParsedIndicator, 1);
      named->name = g_strdup (name);
      named->line = section->line;
      named->column = name_column;
      named->plot = TRUE;
      named->pane = BK_PANE_OWN;
      named->refs = g_ptr_array_new ();
      named->index = sf->named->len;
      g_ptr_array_add (sf->named, named);
      g_hash_table_insert (sf->by_name, named->name, named);
      if (!read_indicator_section (sf, section, named, error))
        return FALSE;
    }

  gboolean any_rule = FALSE;
  for (guint r = 0; r < BK_RULE_N; r++)
    any_rule = any_rule || sf->rules[r].expr != NULL;
  if (sf->named->len == 0 && !any_rule)
    {
      guint line = sections->len > 0 ? ((BkIniSection *) g_ptr_array_index (sections, 0))->line : 1;
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, line, 1, "%s",
                       _("the file defines no indicator and no rule: expected [indicator NAME] or [rules]"));
      return FALSE;
    }
  return TRUE;
}

/* Two keys that cannot go together: the error names the one written
 * second. */
static gboolean
keys_conflict (BkParsedStrategy *sf, const char *a, guint a_line, guint a_column,
               const char *b, guint b_line, guint b_column, const char *why, GError **error)
{
  gboolean b_later = b_line > a_line;

  bk_set_error_at (error, BK_ERROR_INVALID, sf->file, b_later ? b_line : a_line, b_later ? b_column : a_column,
                   /* Translators: two keys, then why they cannot go together */
                   _("%s and %s cannot go together: %s"), b_later ? a : b, b_later ? b : a, why);
  return FALSE;
}

/* Key `key` of the section that appears once `name`, or NULL. */
static const BkIniEntry *
find_key (GPtrArray *sections, const char *name, const char *key)
{
  for (guint s = 0; s < sections->len; s++)
    {
      BkIniSection *section = g_ptr_array_index (sections, s);
      g_autofree char *header = g_strstrip (g_strdup (section->header));
      if (g_str_equal (header, name))
        return find_entry (section, key);
    }
  return NULL;
}

/* What the keys of the orders need of one another, known from the keys
 * alone; what their values must be is checked when they are built. */
static gboolean
check_orders (BkParsedStrategy *sf, GPtrArray *sections, GError **error)
{
  const BkIniEntry *entry_key = find_key (sections, "rules", "entry");
  const BkIniEntry *trail_percent = find_key (sections, "rules", "trail_percent");

  gboolean priced = sf->entry == BK_ENTRY_LIMIT || sf->entry == BK_ENTRY_STOP || sf->entry == BK_ENTRY_STOPLIMIT;
  const char *entry = bk_strategy_entry_names[sf->entry];

  if (sf->entry_price.expr != NULL && !priced)
    {
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, sf->entry_price.line, sf->entry_price.key_column,
                       /* Translators: entry_price and entry= are the file's words; %s is the entry type
                        * in force (market or close) */
                       _("entry_price is the price of a limit or stop entry: it needs entry=limit, stop or "
                         "stoplimit, not %s"), entry);
      return FALSE;
    }
  if (priced && sf->entry_price.expr == NULL)
    {
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry_key->line, entry_key->value_column,
                       /* Translators: %s is the entry type (limit, stop, stoplimit); entry_price= is the file's key */
                       _("a %s entry needs its price: expected entry_price= in [rules]"), entry);
      return FALSE;
    }
  if (sf->entry_limit.expr != NULL && sf->entry != BK_ENTRY_STOPLIMIT)
    {
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, sf->entry_limit.line, sf->entry_limit.key_column,
                       /* Translators: entry_limit and entry=stoplimit are the file's words; %s is the entry type */
                       _("entry_limit is the limit of a stoplimit entry: it needs entry=stoplimit, not %s"), entry);
      return FALSE;
    }
  if (sf->entry == BK_ENTRY_STOPLIMIT && sf->entry_limit.expr == NULL)
    {
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry_key->line, entry_key->value_column,
                       "%s", _("a stoplimit entry needs its limit: expected entry_limit= in [rules]"));
      return FALSE;
    }
  if (sf->trail_percent > 0 && sf->stop_loss.expr != NULL)
    return keys_conflict (sf, "trail_percent", trail_percent->line, trail_percent->column,
                          "stop_loss", sf->stop_loss.line, sf->stop_loss.key_column,
                          _("a trailing stop takes the place of stop_loss; give one"), error);
  if (sf->trail_amount.expr != NULL && sf->stop_loss.expr != NULL)
    return keys_conflict (sf, "trail_amount", sf->trail_amount.line, sf->trail_amount.key_column,
                          "stop_loss", sf->stop_loss.line, sf->stop_loss.key_column,
                          _("a trailing stop takes the place of stop_loss; give one"), error);
  if (sf->trail_percent > 0 && sf->trail_amount.expr != NULL)
    return keys_conflict (sf, "trail_percent", trail_percent->line, trail_percent->column,
                          "trail_amount", sf->trail_amount.line, sf->trail_amount.key_column,
                          /* Translators: completes "%s and %s cannot go together: %s" */
                          _("a trailing stop trails by a fraction or by an amount; give one"), error);
  const BkIniEntry *lot = find_key (sections, "broker", "lot");
  const BkIniEntry *fractional = find_key (sections, "broker", "fractional");
  if (sf->broker.fractional && sf->broker.lot > 1)
    return keys_conflict (sf, "lot", lot->line, lot->column, "fractional=true", fractional->line, fractional->column,
                          /* Translators: completes "%s and %s cannot go together: %s" */
                          _("sizes in whole lots are not fractional; give one"), error);
  return TRUE;
}

gboolean
bk_strategy_read_sections (BkParsedStrategy *sf, GPtrArray *sections, GError **error)
{
  return read_sections_into (sf, sections, error) && check_feature_names (sf, error)
         && check_orders (sf, sections, error);
}

gboolean
bk_model_parse_date (const char *text, double *datetime, GError **error)
{
  static const char pattern[] = "dddd-dd-dd";
  guint year, month, day;

  gboolean ok = strlen (text) == strlen (pattern);
  for (guint i = 0; ok && pattern[i] != '\0'; i++)
    ok = pattern[i] == 'd' ? g_ascii_isdigit (text[i]) : text[i] == pattern[i];
  if (!ok)
    {
      g_autofree char *shown = bk_escape_text (text, -1);
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE,
                   /* Translators: YYYY-MM-DD is the date's format; %s is the text found */
                   _("expected a date YYYY-MM-DD, found '%s'"), shown);
      return FALSE;
    }
  /* The format is right: say which part is not a date. */
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1)
    {
      /* Translators: %s is the date given, "0000-01-01". */
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("'%s' is not a date: there is no year 0"), text);
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      /* Translators: %s is the date given, %02u its month, "13". */
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("'%s' is not a date: month %02u is not 01 to 12"), text, month);
      return FALSE;
    }
  guint days = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
  if (day < 1 || day > days)
    {
      /* Translators: %s is the date given, then its year and month, "2003-02", and their days, "28". */
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE,
                   g_dngettext (GETTEXT_PACKAGE, "'%s' is not a date: %04u-%02u has %u day",
                                "'%s' is not a date: %04u-%02u has %u days", days),
                   text, year, month, days);
      return FALSE;
    }
  *datetime = (double) bk_days_from_civil (year, month, day) * 86400.0;
  return TRUE;
}
