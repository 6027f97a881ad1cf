/* bk-strategy-file.c — reading strategy files and building them.
 *
 * GKeyFile's syntax, read by hand because GKeyFile does not say where a
 * value was: '#' or ';' comments at the start of a line, [group] headers,
 * key=value with whitespace trimmed.  Named indicators may refer to one
 * another in any order; they are built in dependency order, found by a
 * depth-first walk without recursion (a hostile file can chain thousands). */
#include "bk-strategy-file.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-indicator.h"
#include "bk-model.h"
#include "bk-ops.h"
#include "bk-parser.h"

static const char *const feed_names[] = {
  "open", "high", "low", "close", "volume", "openinterest",
};
static const BkFeedLine feed_lines[] = {
  BK_FEED_OPEN, BK_FEED_HIGH, BK_FEED_LOW, BK_FEED_CLOSE, BK_FEED_VOLUME, BK_FEED_OPENINTEREST,
};
static const char *const indicator_keys[] = { "expr", "lines", "plot", "pane" };

typedef struct {
  char *key;
  char *value;
  guint line, column;         /* of the key */
  guint value_column;         /* of the value's first character */
} Entry;

typedef struct {
  char *header;               /* the text between [ and ] */
  guint line, column;         /* of '[' */
  GPtrArray *entries;         /* Entry* */
} Section;

typedef enum { UNVISITED, VISITING, DONE } VisitState;

typedef struct {
  char *name;
  guint line, column;         /* of the name in its header */
  BkExpr *expr;               /* expr=, or NULL for lines= */
  guint n_lines;
  char **line_names;          /* NULL-terminated; for expr= the indicator's name */
  BkExpr **line_exprs;
  gboolean plot;
  gboolean pane_set;          /* pane= given; otherwise the descriptor's */
  BkPane pane;
  GPtrArray *refs;            /* BkExpr* naming other indicators (not owned) */
  VisitState state;
  guint ref_cursor;
  guint index;                /* in StrategyFile.named */
} Named;

/* One name of features=, where it stands in the file. */
typedef struct {
  char *text;                 /* as written: "ret20" or "macd.signal" */
  char *indicator;            /* "macd" */
  char *line_name;            /* "signal", or NULL for the indicator's first line */
  guint line, column;         /* of the feature in the value */
  guint line_column;          /* of the line's name, after the '.' */
} Feature;

typedef struct {
  char *file;
  char *id;
  char *name;
  char *description;
  double cash, commission, size;
  GPtrArray *named;           /* Named*, declaration order */
  GHashTable *by_name;        /* name → Named* */
  GPtrArray *order;           /* Named*, build order */
  BkExpr *buy, *sell;
  guint buy_line, buy_column, sell_line, sell_column;
  gboolean has_model;         /* a [model] section: the rest is set */
  char *model_name;
  GPtrArray *features;        /* Feature* */
  guint horizon;
  gboolean has_split;
  double split;
} StrategyFile;

typedef struct {
  StrategyFile *sf;
  BkGraph *graph;
  Named *current;             /* the lines= indicator being built, or NULL */
  guint current_line;         /* lines before this one may be used */
  /* Each named indicator's node in this graph, by Named.index: kept here,
   * not in the parsed file, so that threads may build one strategy at once. */
  BkNode **nodes;
  GError **error;
  guint64 max_cells;          /* bk_strategy_get_max_cells () */
  guint over_line, over_column; /* where the cells first passed it; 0: not yet */
  /* Building a descriptor's formula: the indicator node, and the lines its
   * statements made so far (FormulaLine*); NULL otherwise. */
  BkNode *formula;
  GPtrArray *formula_lines;
} Builder;

typedef struct {
  char *name;
  BkInput line;
  BkNode *node;               /* the statement was one call: its node, for name.line */
} FormulaLine;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

static void
section_free (gpointer data)
{
  Section *section = data;

  g_free (section->header);
  g_ptr_array_unref (section->entries);
  g_free (section);
}

static void
named_free (gpointer data)
{
  Named *named = data;

  g_free (named->name);
  bk_expr_free (named->expr);
  for (guint i = 0; i < named->n_lines && named->line_exprs != NULL; i++)
    bk_expr_free (named->line_exprs[i]);
  g_free (named->line_exprs);
  g_strfreev (named->line_names);
  if (named->refs != NULL)
    g_ptr_array_unref (named->refs);
  g_free (named);
}

static void
feature_free (gpointer data)
{
  Feature *feature = data;

  g_free (feature->text);
  g_free (feature->indicator);
  g_free (feature->line_name);
  g_free (feature);
}

static void
strategy_file_free (gpointer data)
{
  StrategyFile *sf = data;

  if (sf == NULL)
    return;
  g_free (sf->file);
  g_free (sf->id);
  g_free (sf->name);
  g_free (sf->description);
  g_ptr_array_unref (sf->named);
  g_hash_table_unref (sf->by_name);
  g_ptr_array_unref (sf->order);
  bk_expr_free (sf->buy);
  bk_expr_free (sf->sell);
  g_free (sf->model_name);
  if (sf->features != NULL)
    g_ptr_array_unref (sf->features);
  g_free (sf);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrategyFile, strategy_file_free)

static gboolean
is_identifier (const char *text)
{
  if (!g_ascii_isalpha (text[0]) && text[0] != '_')
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_keyword (const char *text)
{
  return g_str_equal (text, "and") || g_str_equal (text, "or") || g_str_equal (text, "not");
}

static gint
feed_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (feed_names); i++)
    if (g_str_equal (feed_names[i], name))
      return (gint) i;
  return -1;
}

static guint
feed_index_of_line (BkFeedLine line)
{
  for (guint i = 0; i < G_N_ELEMENTS (feed_lines); i++)
    if (feed_lines[i] == line)
      return i;
  g_return_val_if_reached (0);
}

/* File text for a message: escaped, so that it cannot act on a terminal. */
static char *
shown (const char *text)
{
  return bk_escape_text (text, -1);
}

static char *
quote_excerpt (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 40)
    {
      g_autofree char *escaped = shown (text);
      return g_strdup_printf ("'%s'", escaped);
    }
  g_autofree char *head = g_utf8_substring (text, 0, 37);
  g_autofree char *escaped = shown (head);
  return g_strdup_printf ("'%s...'", escaped);
}

/* " (did you mean 'x'?)" or "". */
static char *
suggestion (const char *word, const char *const *candidates, guint n)
{
  const char *best = bk_closest_name (word, candidates, n);

  /* Translators: follows a message about an unknown name; %s is a known one */
  return best != NULL ? g_strdup_printf (_(" (did you mean '%s'?)"), best) : g_strdup ("");
}

/* --- The text: size, encoding, lines ------------------------------------ */

/* Line and column (in characters) of byte `offset`; text before it is valid. */
static void
position_of (const char *text, gsize offset, guint *line, guint *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        (*line)++;
        line_start = i + 1;
      }
  *column = 1 + (guint) g_utf8_strlen (text + line_start, (gssize) (offset - line_start));
}

static gboolean
check_text (const char *text, gsize len, const char *file, GError **error)
{
  const char *end = NULL;
  guint line, column;

  if (len > BK_STRATEGY_FILE_MAX_BYTES)
    {
      /* Valid text up to the limit, or the first fault before it, decides. */
      if (g_utf8_validate_len (text, BK_STRATEGY_FILE_MAX_BYTES, &end)
          || end - text > BK_STRATEGY_FILE_MAX_BYTES - 4)
        {
          gsize at = BK_STRATEGY_FILE_MAX_BYTES;
          while (at > 0 && (text[at] & 0xC0) == 0x80)
            at--;
          position_of (text, at, &line, &column);
          bk_set_error_at (error, BK_ERROR_LIMIT, file, line, column,
                           _("the file is larger than the limit of 1 MiB (%u bytes)"),
                           BK_STRATEGY_FILE_MAX_BYTES);
          return FALSE;
        }
    }
  else if (g_utf8_validate_len (text, len, &end))
    end = NULL;

  /* The first offending byte decides, whatever kind it is. */
  gsize valid = end != NULL ? (gsize) (end - text) : len;
  for (gsize i = 0; i < valid; i++)
    {
      guchar c = (guchar) text[i];
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        {
          position_of (text, i, &line, &column);
          bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                           _("binary data: control character U+%04X where text was expected"), c);
          return FALSE;
        }
    }
  if (end != NULL)
    {
      position_of (text, valid, &line, &column);
      if (*end == '\0')
        bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                         "%s", _("binary data: a NUL byte where text was expected"));
      else
        bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                         _("invalid UTF-8: byte 0x%02x where text was expected"), (guchar) *end);
      return FALSE;
    }
  return TRUE;
}

static guint
chars_between (const char *from, const char *to)
{
  return (guint) g_utf8_strlen (from, to - from);
}

/* Splits the text into sections of entries, keeping every position. */
static GPtrArray *
read_sections (const char *text, gsize len, const char *file, GError **error)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (section_free);
  Section *section = NULL;
  const char *end = text + len;
  guint line = 0;

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;   /* a byte-order mark; columns then count from after it */

  for (const char *start = text; start < end || (start == end && line == 0);)
    {
      const char *newline = memchr (start, '\n', (size_t) (end - start));
      const char *stop = newline != NULL ? newline : end;
      const char *next = newline != NULL ? newline + 1 : end;
      const char *a = start, *b = stop;

      line++;
      while (a < b && (*a == ' ' || *a == '\t'))
        a++;
      while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
        b--;
      guint column = 1 + chars_between (start, a);

      if (a == b || *a == '#' || *a == ';')
        ;
      else if (*a == '[')
        {
          if (b[-1] != ']' || b - a < 2)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column + chars_between (a, b),
                               "%s", _("expected ']' at the end of the section header"));
              return NULL;
            }
          section = g_new0 (Section, 1);
          section->header = g_strndup (a + 1, (gsize) (b - a - 2));
          section->line = line;
          section->column = column;
          section->entries = g_ptr_array_new_with_free_func (entry_free);
          g_ptr_array_add (sections, section);
        }
      else
        {
          const char *eq = memchr (a, '=', (size_t) (b - a));
          if (eq == NULL)
            {
              g_autofree char *what = g_strndup (a, (gsize) (b - a));
              g_autofree char *quoted = quote_excerpt (what);
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                               /* Translators: %s is the line's text, quoted; key=value and [section] are syntax */
                               _("expected key=value, a [section] or a comment, found %s"), quoted);
              return NULL;
            }
          const char *key_end = eq, *value = eq + 1;
          while (key_end > a && (key_end[-1] == ' ' || key_end[-1] == '\t'))
            key_end--;
          while (value < b && (*value == ' ' || *value == '\t'))
            value++;
          if (key_end == a)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column, "%s", _("expected a key before '='"));
              return NULL;
            }
          if (section == NULL)
            {
              g_autofree char *key = bk_escape_text (a, key_end - a);
              bk_set_error_at (error, BK_ERROR_PARSE, file, line, column,
                               _("key '%s' is outside any section: expected a [section] first"), key);
              return NULL;
            }
          Entry *entry = g_new0 (Entry, 1);
          entry->key = g_strndup (a, (gsize) (key_end - a));
          entry->value = g_strndup (value, (gsize) (b > value ? b - value : 0));
          entry->line = line;
          entry->column = column;
          entry->value_column = 1 + chars_between (start, value);
          g_ptr_array_add (section->entries, entry);
        }
      if (next == end && newline == NULL)
        break;
      start = next;
    }
  return g_steal_pointer (&sections);
}

/* --- Sections into the parsed form ---------------------------------------- */

static BkExpr *
parse_entry (StrategyFile *sf, const Entry *entry, GError **error)
{
  BkSourcePos pos = { sf->file, entry->line, entry->value_column };

  return bk_expr_parse (entry->value, strlen (entry->value), &pos, error);
}

/* Rejects a key given twice in one section. */
static gboolean
check_unique_keys (StrategyFile *sf, Section *section, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      Entry *first = g_hash_table_lookup (seen, entry->key);
      if (first != NULL)
        {
          g_autofree char *key = shown (entry->key);
          g_autofree char *header = shown (section->header);
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
unknown_key (StrategyFile *sf, Section *section, const Entry *entry,
             const char *const *keys, guint n_keys, GError **error)
{
  g_autofree char *hint = suggestion (entry->key, keys, n_keys);
  g_autofree char *key = shown (entry->key);
  g_autofree char *header = shown (section->header);

  bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->column,
                   /* Translators: a key, the section's header, and " (did you mean '...'?)" or nothing */
                   _("unknown key '%s' in [%s]%s"), key, header, hint);
  return FALSE;
}

static gboolean
read_number_entry (StrategyFile *sf, const Entry *entry, double min, double max, gboolean min_open,
                   const char *what, double *value, GError **error)
{
  double v;

  if (!bk_parse_number (entry->value, &v) || v < min || v > max || (min_open && v == min))
    {
      g_autofree char *found = entry->value[0] != '\0' ? quote_excerpt (entry->value)
                                                       /* Translators: completes "expected %s for %s, found %s" when the value is empty */
                                                       : g_strdup (_("nothing"));
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, entry->value_column,
                       /* Translators: what the value should be (e.g. "a positive amount of money"), the key, the value found */
                       _("expected %s for %s, found %s"), what, entry->key, found);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

static gboolean
read_strategy_section (StrategyFile *sf, Section *section, GError **error)
{
  static const char *const keys[] = { "name", "description" };

  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, "name"))
        {
          g_free (sf->name);
          sf->name = g_strdup (entry->value);
        }
      else if (g_str_equal (entry->key, "description"))
        {
          g_free (sf->description);
          sf->description = g_strdup (entry->value);
        }
      else
        return unknown_key (sf, section, entry, keys, G_N_ELEMENTS (keys), error);
    }
  return TRUE;
}

static gboolean
read_broker_section (StrategyFile *sf, Section *section, GError **error)
{
  static const char *const keys[] = { "cash", "commission" };

  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, "cash"))
        {
          /* Translators: completes "expected %s for %s, found %s" */
          if (!read_number_entry (sf, entry, 0, 1e15, TRUE, _("a positive amount of money"), &sf->cash, error))
            return FALSE;
        }
      else if (g_str_equal (entry->key, "commission"))
        {
          if (!read_number_entry (sf, entry, 0, 1, FALSE,
                                  /* Translators: completes "expected %s for %s, found %s" */
                                  _("a fraction of traded value from 0 to 1"), &sf->commission, error))
            return FALSE;
        }
      else
        return unknown_key (sf, section, entry, keys, G_N_ELEMENTS (keys), error);
    }
  return TRUE;
}

static gboolean
read_rules_section (StrategyFile *sf, Section *section, GError **error)
{
  static const char *const keys[] = { "buy", "sell", "size" };

  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, "buy"))
        {
          if ((sf->buy = parse_entry (sf, entry, error)) == NULL)
            return FALSE;
          sf->buy_line = entry->line;
          sf->buy_column = entry->value_column;
        }
      else if (g_str_equal (entry->key, "sell"))
        {
          if ((sf->sell = parse_entry (sf, entry, error)) == NULL)
            return FALSE;
          sf->sell_line = entry->line;
          sf->sell_column = entry->value_column;
        }
      else if (g_str_equal (entry->key, "size"))
        {
          /* Translators: completes "expected %s for %s, found %s" */
          if (!read_number_entry (sf, entry, 0, 1e12, TRUE, _("a positive number of units"), &sf->size, error))
            return FALSE;
        }
      else
        return unknown_key (sf, section, entry, keys, G_N_ELEMENTS (keys), error);
    }
  return TRUE;
}

/* An item of a list value, from start to stop (NULL: the value's end),
 * trimmed of blanks; *column is where it stands in the file. */
static char *
list_item (const Entry *entry, const char *start, const char *stop, guint *column)
{
  const char *a = start, *b = stop != NULL ? stop : start + strlen (start);

  while (a < b && (*a == ' ' || *a == '\t'))
    a++;
  while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
    b--;
  *column = entry->value_column + chars_between (entry->value, a);
  return g_strndup (a, (gsize) (b - a));
}

/* features=ret20, macd.signal — each name checked where it stands in the
 * value; whether it names a line is known once indicators are read. */
static gboolean
read_features (StrategyFile *sf, const Entry *entry, GError **error)
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
      if (!is_identifier (indicator) || is_keyword (indicator)
          || (line_name != NULL && (!is_identifier (line_name) || is_keyword (line_name))))
        {
          g_autofree char *quoted = quote_excerpt (text);
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           /* Translators: %s is what was found, quoted; ret20 and macd.signal are examples to keep */
                           _("expected a feature: an indicator's line, as in ret20 or macd.signal, found %s"),
                           quoted);
          return FALSE;
        }
      Feature *feature = g_new0 (Feature, 1);
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

static gboolean
read_model_section (StrategyFile *sf, Section *section, GError **error)
{
  static const char *const keys[] = { "name", "features", "horizon", "split" };
  gboolean has_features = FALSE, has_horizon = FALSE;

  sf->has_model = TRUE;
  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, "name"))
        {
          g_free (sf->model_name);
          sf->model_name = g_strdup (entry->value);
        }
      else if (g_str_equal (entry->key, "features"))
        {
          if (!read_features (sf, entry, error))
            return FALSE;
          has_features = TRUE;
        }
      else if (g_str_equal (entry->key, "horizon"))
        {
          guint64 horizon;
          if (!g_ascii_string_to_unsigned (entry->value, 10, 1, BK_MODEL_MAX_HORIZON, &horizon, NULL))
            {
              g_autofree char *found = entry->value[0] != '\0' ? quote_excerpt (entry->value)
                                                               /* Translators: completes "expected ... for horizon, found %s" when the value is empty */
                                                               : g_strdup (_("nothing"));
              bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, entry->value_column,
                               /* Translators: horizon is the file's key: how many bars ahead the target
                                * return looks; %u is the largest horizon, %s the value found */
                               _("expected a whole number of bars from 1 to %u for horizon, found %s"),
                               BK_MODEL_MAX_HORIZON, found);
              return FALSE;
            }
          sf->horizon = (guint) horizon;
          has_horizon = TRUE;
        }
      else if (g_str_equal (entry->key, "split"))
        {
          if (!bk_model_parse_date (entry->value, &sf->split, NULL))
            {
              g_autofree char *found = entry->value[0] != '\0' ? quote_excerpt (entry->value)
                                                               /* Translators: completes "expected a date ... for split, found %s" when the value is empty */
                                                               : g_strdup (_("nothing"));
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                               /* Translators: YYYY-MM-DD is the date's format and split the file's key;
                                * %s is the value found */
                               _("expected a date YYYY-MM-DD for split, found %s"), found);
              return FALSE;
            }
          sf->has_split = TRUE;
        }
      else
        return unknown_key (sf, section, entry, keys, G_N_ELEMENTS (keys), error);
    }
  if (!has_features || !has_horizon)
    {
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                       /* Translators: [model], features= and horizon= are the file's words */
                       "%s", !has_features ? _("[model] needs features=, as in features=ret20, vol20")
                                           : _("[model] needs horizon=, a number of bars, as in horizon=5"));
      return FALSE;
    }
  return TRUE;
}

/* Every feature names an indicator of the file; its line is checked when
 * the file is built (an indicator call's lines are its type's). */
static gboolean
check_feature_names (StrategyFile *sf, GError **error)
{
  for (guint i = 0; sf->features != NULL && i < sf->features->len; i++)
    {
      Feature *feature = g_ptr_array_index (sf->features, i);
      if (g_hash_table_contains (sf->by_name, feature->indicator))
        continue;
      if (feed_index (feature->indicator) >= 0)
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
        g_ptr_array_add (names, ((Named *) g_ptr_array_index (sf->named, j))->name);
      g_autofree char *hint = suggestion (feature->indicator, (const char *const *) names->pdata, names->len);
      bk_set_error_at (error, BK_ERROR_INVALID, sf->file, feature->line, feature->column,
                       /* Translators: a name twice, and " (did you mean '...'?)" or nothing;
                        * [indicator %s] is the file's syntax */
                       _("unknown feature '%s': the file has no [indicator %s]%s"),
                       feature->indicator, feature->indicator, hint);
      return FALSE;
    }
  return TRUE;
}

static const Entry *
find_entry (Section *section, const char *key)
{
  for (guint i = 0; i < section->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

/* lines=a;b — each name checked where it stands in the value. */
static gboolean
read_line_names (StrategyFile *sf, Named *named, const Entry *entry, GError **error)
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
      if (!is_identifier (name) || is_keyword (name))
        {
          g_autofree char *quoted = quote_excerpt (name);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, column,
                           _("expected a line name (letters, digits and _), found %s"), quoted);
          return FALSE;
        }
      for (guint k = 0; k < G_N_ELEMENTS (indicator_keys); k++)
        if (g_str_equal (name, indicator_keys[k]))
          {
            bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                             _("'%s' cannot name a line: it is a key of [indicator]"), name);
            return FALSE;
          }
      if (feed_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, entry->line, column,
                           /* Translators: both %s are the same name */
                           _("line name '%s' shadows the feed line '%s'"), name, name);
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
read_indicator_section (StrategyFile *sf, Section *section, Named *named, GError **error)
{
  const Entry *expr = find_entry (section, "expr");
  const Entry *lines = find_entry (section, "lines");

  if (expr != NULL && lines != NULL)
    {
      const Entry *second = expr->line > lines->line ? expr : lines;
      g_autofree char *header = shown (section->header);
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, second->line, second->column,
                       /* Translators: %s is the section's header; expr= and lines= are keys */
                       _("[%s] has both expr= and lines=: give one"), header);
      return FALSE;
    }
  if (expr == NULL && lines == NULL)
    {
      g_autofree char *header = shown (section->header);
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
      Entry *entry = g_ptr_array_index (section->entries, i);
      if (g_str_equal (entry->key, "expr"))
        {
          if ((named->expr = parse_entry (sf, entry, error)) == NULL)
            return FALSE;
        }
      else if (g_str_equal (entry->key, "lines"))
        ;
      else if (g_str_equal (entry->key, "plot"))
        {
          if (g_str_equal (entry->value, "true"))
            named->plot = TRUE;
          else if (g_str_equal (entry->value, "false"))
            named->plot = FALSE;
          else
            {
              g_autofree char *found = quote_excerpt (entry->value);
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                               /* Translators: true, false and plot are the file's words; %s is the value found, quoted */
                               _("expected true or false for plot, found %s"), found);
              return FALSE;
            }
        }
      else if (g_str_equal (entry->key, "pane"))
        {
          named->pane_set = g_str_equal (entry->value, "price") || g_str_equal (entry->value, "own");
          named->pane = g_str_equal (entry->value, "price") ? BK_PANE_PRICE : BK_PANE_OWN;
          if (!named->pane_set)
            {
              g_autofree char *found = quote_excerpt (entry->value);
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, entry->line, entry->value_column,
                               /* Translators: price, own and pane are the file's words; %s is the value found, quoted */
                               _("expected price or own for pane, found %s"), found);
              return FALSE;
            }
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
              g_autoptr(GPtrArray) keys = g_ptr_array_new ();
              for (guint j = 0; j < G_N_ELEMENTS (indicator_keys); j++)
                g_ptr_array_add (keys, (gpointer) indicator_keys[j]);
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
          guint column = lines->value_column + (at != NULL ? chars_between (lines->value, at) : 0);
          g_autofree char *header = shown (section->header);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, lines->line, column,
                           /* Translators: a line's name twice, then the section's header */
                           _("line '%s' has no definition: expected a key %s= in [%s]"),
                           named->line_names[j], named->line_names[j], header);
          return FALSE;
        }
  return TRUE;
}

static gboolean
read_sections_into (StrategyFile *sf, GPtrArray *sections, GError **error)
{
  static const char *const section_names[] = { "strategy", "indicator", "broker", "rules", "model" };
  Section *seen_strategy = NULL, *seen_broker = NULL, *seen_rules = NULL, *seen_model = NULL;

  for (guint s = 0; s < sections->len; s++)
    {
      Section *section = g_ptr_array_index (sections, s);
      g_auto(GStrv) words = g_strsplit_set (section->header, " \t", -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          g_strv_builder_add (kept, words[w]);
      g_auto(GStrv) parts = g_strv_builder_end (kept);
      guint n_parts = g_strv_length (parts);
      const char *kind = n_parts > 0 ? parts[0] : "";
      Section **single = NULL;

      if (g_str_equal (kind, "strategy"))
        single = &seen_strategy;
      else if (g_str_equal (kind, "broker"))
        single = &seen_broker;
      else if (g_str_equal (kind, "rules"))
        single = &seen_rules;
      else if (g_str_equal (kind, "model"))
        single = &seen_model;
      else if (!g_str_equal (kind, "indicator"))
        {
          const char *best = bk_closest_name (kind, section_names, G_N_ELEMENTS (section_names));
          g_autofree char *header = shown (section->header);
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

      if (single != NULL)
        {
          if (n_parts != 1)
            {
              g_autofree char *header = shown (section->header);
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                               /* Translators: a section's name, then the header found */
                               _("expected [%s], found [%s]"), kind, header);
              return FALSE;
            }
          if (*single != NULL)
            {
              bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                               /* Translators: a section's name, the line where it first appears */
                               _("section [%s] appears twice (first at line %u)"), kind, (*single)->line);
              return FALSE;
            }
          *single = section;
        }
      else if (n_parts < 2)
        {
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           "%s", _("expected a name after 'indicator', as in [indicator sma]"));
          return FALSE;
        }
      else if (n_parts > 2)
        {
          g_autofree char *header = shown (section->header);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           _("expected one name after 'indicator', found [%s]"), header);
          return FALSE;
        }

      if (section->entries->len == 0)
        {
          g_autofree char *header = shown (section->header);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, section->column,
                           _("section [%s] is empty"), header);
          return FALSE;
        }
      if (!check_unique_keys (sf, section, error))
        return FALSE;

      if (single == &seen_strategy && !read_strategy_section (sf, section, error))
        return FALSE;
      if (single == &seen_broker && !read_broker_section (sf, section, error))
        return FALSE;
      if (single == &seen_rules && !read_rules_section (sf, section, error))
        return FALSE;
      if (single == &seen_model && !read_model_section (sf, section, error))
        return FALSE;
      if (single != NULL)
        continue;

      /* [indicator NAME] */
      const char *name = parts[1];
      guint name_column = section->column + 1
                          + chars_between (section->header, strstr (section->header, name));
      if (!is_identifier (name) || is_keyword (name))
        {
          g_autofree char *quoted = quote_excerpt (name);
          bk_set_error_at (error, BK_ERROR_PARSE, sf->file, section->line, name_column,
                           _("expected an indicator name (letters, digits and _), found %s"), quoted);
          return FALSE;
        }
      if (feed_index (name) >= 0)
        {
          bk_set_error_at (error, BK_ERROR_INVALID, sf->file, section->line, name_column,
                           /* Translators: both %s are the same name */
                           _("indicator name '%s' shadows the feed line '%s'"), name, name);
          return FALSE;
        }
      Named *other = g_hash_table_lookup (sf->by_name, name);
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
      Named *named = g_new0 (Named, 1);
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

  if (sf->named->len == 0 && sf->buy == NULL && sf->sell == NULL)
    {
      guint line = sections->len > 0 ? ((Section *) g_ptr_array_index (sections, 0))->line : 1;
      bk_set_error_at (error, BK_ERROR_PARSE, sf->file, line, 1, "%s",
                       _("the file defines no indicator and no rule: expected [indicator NAME] or [rules]"));
      return FALSE;
    }
  return TRUE;
}

/* --- Dependency order ----------------------------------------------------- */

static void
collect_refs (StrategyFile *sf, Named *self, BkExpr *expr, gboolean own_lines)
{
  if (expr == NULL)
    return;
  if (expr->kind == BK_EXPR_NAME)
    {
      if (own_lines && g_strv_contains ((const char *const *) self->line_names, expr->name))
        return;
      if (g_hash_table_contains (sf->by_name, expr->name))
        g_ptr_array_add (self->refs, expr);
      return;
    }
  collect_refs (sf, self, expr->a, own_lines);
  collect_refs (sf, self, expr->b, own_lines);
  if (expr->args != NULL)
    for (guint i = 0; i < expr->args->len; i++)
      collect_refs (sf, self, ((BkExprArg *) g_ptr_array_index (expr->args, i))->value, own_lines);
}

static gboolean
order_indicators (StrategyFile *sf, GError **error)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  for (guint i = 0; i < sf->named->len; i++)
    {
      Named *named = g_ptr_array_index (sf->named, i);
      collect_refs (sf, named, named->expr, FALSE);
      for (guint j = 0; j < named->n_lines && named->expr == NULL; j++)
        collect_refs (sf, named, named->line_exprs[j], TRUE);
    }

  for (guint i = 0; i < sf->named->len; i++)
    {
      Named *root = g_ptr_array_index (sf->named, i);
      if (root->state != UNVISITED)
        continue;
      root->state = VISITING;
      g_ptr_array_add (stack, root);
      while (stack->len > 0)
        {
          Named *top = g_ptr_array_index (stack, stack->len - 1);
          if (top->ref_cursor == top->refs->len)
            {
              top->state = DONE;
              g_ptr_array_add (sf->order, top);
              g_ptr_array_set_size (stack, stack->len - 1);
              continue;
            }
          BkExpr *ref = g_ptr_array_index (top->refs, top->ref_cursor++);
          Named *target = g_hash_table_lookup (sf->by_name, ref->name);
          if (target->state == UNVISITED)
            {
              target->state = VISITING;
              g_ptr_array_add (stack, target);
            }
          else if (target->state == VISITING)
            {
              guint k = 0;
              while (g_ptr_array_index (stack, k) != target)
                k++;
              BkExpr *first = g_ptr_array_index (target->refs, target->ref_cursor - 1);
              g_autoptr(GString) path = g_string_new (NULL);
              for (guint m = k + 1; m < stack->len; m++)
                g_string_append_printf (path, "%s -> ", ((Named *) g_ptr_array_index (stack, m))->name);
              g_string_append (path, target->name);
              if (target == top)
                bk_set_error_at (error, BK_ERROR_INVALID, sf->file, first->line, first->column,
                                 _("indicator '%s' depends on itself"), target->name);
              else
                bk_set_error_at (error, BK_ERROR_INVALID, sf->file, first->line, first->column,
                                 /* Translators: an indicator's name, then the chain of names "a -> b -> c" */
                                 _("indicator '%s' depends on itself through %s"), target->name, path->str);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* --- Building into a graph ------------------------------------------------ */

static gboolean
fail_expr (Builder *b, const BkExpr *expr, gint code, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail_expr (Builder *b, const BkExpr *expr, gint code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  bk_set_error_at (b->error, code, b->sf->file, expr->line, expr->column, "%s", message);
  return FALSE;
}

/* Remembers where the graph's cells first pass the limit.  Building goes
 * on (the lines are only planned, not allocated), so that the error can
 * say how much the whole strategy would need. */
static void
note_cells (Builder *b, guint line, guint column)
{
  if (b->over_line == 0 && bk_graph_get_cells (b->graph) > b->max_cells)
    {
      b->over_line = line;
      b->over_column = column;
    }
}

/* Puts a position in front of an error the graph reported. */
static gboolean
locate_error (Builder *b, guint line, guint column, GError *graph_error)
{
  bk_set_error_at (b->error, graph_error->code, b->sf->file, line, column, "%s", graph_error->message);
  g_error_free (graph_error);
  return FALSE;
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", value));
}

static gboolean build_expr (Builder *b, BkNode *parent, const BkExpr *expr, BkInput *out);

/* The index of the indicator's parameter `name`, or -1. */
static gint
param_index (const BkIndicatorDesc *desc, const char *name)
{
  for (guint k = 0; k < desc->n_params; k++)
    if (g_str_equal (desc->params[k].name, name))
      return (gint) k;
  return -1;
}

/* The functions beside the indicators, as backtrader's Max, Min and abs:
 * operators written as calls, on lines or numbers. */
static const struct {
  const char *name;
  BkOp op;
  guint min_args, max_args;
} functions[] = {
  { "Max", BK_OP_MAX, 2, G_MAXUINT },
  { "Min", BK_OP_MIN, 2, G_MAXUINT },
  { "Abs", BK_OP_ABS, 1, 1 },
};

static gint
function_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (g_str_equal (functions[i].name, name))
      return (gint) i;
  return -1;
}

/* Max(a, b, ...) folds from the left: Max(Max(a, b), c). */
static gboolean
build_function (Builder *b, BkNode *parent, const BkExpr *call, guint f, BkInput *out)
{
  guint n = call->args->len;

  if (n < functions[f].min_args || n > functions[f].max_args)
    {
      if (functions[f].max_args == 1)
        /* Translators: a function's name (Abs), the number of arguments given */
        return fail_expr (b, call, BK_ERROR_INVALID, _("%s takes one argument, found %u"), functions[f].name, n);
      /* Translators: a function's name (Max, Min), the number of arguments given */
      return fail_expr (b, call, BK_ERROR_INVALID, _("%s takes two arguments or more, found %u"), functions[f].name, n);
    }
  for (guint i = 0; i < n; i++)
    {
      BkExprArg *arg = g_ptr_array_index (call->args, i);
      BkInput value;
      GError *graph_error = NULL;

      if (arg->keyword != NULL)
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                           /* Translators: a function's name (Max, Min, Abs) */
                           _("%s takes no named arguments"), functions[f].name);
          return FALSE;
        }
      if (!build_expr (b, parent, arg->value, &value))
        return FALSE;
      if (i == 0)
        *out = value;
      if ((i > 0 || functions[f].max_args == 1)
          && !bk_graph_add_op (b->graph, parent, functions[f].op, *out, i > 0 ? value : bk_input_const (0), out,
                               &graph_error))
        return locate_error (b, call->line, call->column, graph_error);
    }
  return TRUE;
}

static BkNode *
build_call (Builder *b, BkNode *parent, const BkExpr *call)
{
  const BkIndicatorDesc *desc = bk_indicator_lookup (call->name);
  BkInput inputs[BK_MAX_INPUTS];
  double params[BK_MAX_PARAMS];
  gboolean given[BK_MAX_PARAMS] = { FALSE };
  guint n_inputs = 0, n_positional_params = 0;

  if (desc == NULL)
    {
      guint n = bk_indicator_get_n_types ();
      g_autofree const char **names = g_new0 (const char *, n + 1);
      for (guint i = 0; i < n; i++)
        names[i] = bk_indicator_get_type (i)->name;
      g_autofree char *hint = suggestion (call->name, names, n);
      /* Translators: a name, and " (did you mean '...'?)" or nothing */
      fail_expr (b, call, BK_ERROR_INVALID, _("unknown indicator '%s'%s"), call->name, hint);
      return NULL;
    }
  for (guint i = 0; i < desc->n_params; i++)
    params[i] = desc->params[i].default_value;

  for (guint i = 0; i < call->args->len; i++)
    {
      BkExprArg *arg = g_ptr_array_index (call->args, i);
      BkInput value;
      gint param = -1;

      if (arg->keyword != NULL)
        {
          param = param_index (desc, arg->keyword);
          if (param < 0)
            {
              const char *names[BK_MAX_PARAMS];
              for (guint k = 0; k < desc->n_params; k++)
                names[k] = desc->params[k].name;
              g_autofree char *hint = suggestion (arg->keyword, names, desc->n_params);
              bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                               /* Translators: a parameter's name, an indicator type, and " (did you mean '...'?)" or nothing */
                               _("unknown parameter '%s' of %s%s"), arg->keyword, desc->name, hint);
              return NULL;
            }
        }
      if (!build_expr (b, parent, arg->value, &value))
        return NULL;

      if (arg->keyword == NULL && value.spec != NULL && n_positional_params == 0)
        {
          if (n_inputs == desc->n_inputs)
            {
              if (desc->n_params > 0)
                bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                                 /* Translators: an indicator type, how many inputs (lines) it takes, its first parameter */
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "%s takes %u input: expected a number for parameter '%s', found a line",
                                              "%s takes %u inputs: expected a number for parameter '%s', found a line",
                                              desc->n_inputs),
                                 desc->name, desc->n_inputs, desc->params[0].name);
              else
                bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                                 /* Translators: an indicator type, how many inputs (lines) it takes, which argument is one too many */
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "%s takes %u input and no parameters, found a line as argument %u",
                                              "%s takes %u inputs and no parameters, found a line as argument %u",
                                              desc->n_inputs),
                                 desc->name, desc->n_inputs, i + 1);
              return NULL;
            }
          inputs[n_inputs++] = value;
          continue;
        }
      if (arg->keyword == NULL)
        {
          if (n_positional_params == desc->n_params)
            {
              bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                               /* Translators: an indicator type and how many parameters it takes */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%s takes %u parameter, found one more argument",
                                            "%s takes %u parameters, found one more argument",
                                            desc->n_params),
                               desc->name, desc->n_params);
              return NULL;
            }
          param = (gint) n_positional_params++;
        }
      const BkParamDesc *p = &desc->params[param];
      if (given[param])
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->line, arg->column,
                           /* Translators: a parameter's name, an indicator type */
                           _("parameter '%s' of %s is given twice"), p->name, desc->name);
          return NULL;
        }
      if (value.spec != NULL)
        {
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, arg->value->line, arg->value->column,
                           /* Translators: a parameter's name, an indicator type */
                           _("parameter '%s' of %s needs a number, found a line"), p->name, desc->name);
          return NULL;
        }
      if (!isfinite (value.value) || value.value < p->min || value.value > p->max
          || (p->integer && value.value != floor (value.value)))
        {
          g_autofree char *found = format_number (value.value);
          g_autofree char *min = format_number (p->min), *max = format_number (p->max);
          gint code = value.value > p->max && p->max == BK_MAX_PERIOD ? BK_ERROR_LIMIT : BK_ERROR_INVALID;
          if (p->integer)
            bk_set_error_at (b->error, code, b->sf->file, arg->value->line, arg->value->column,
                             /* Translators: a parameter's name, an indicator type, the smallest and largest value allowed, the value given */
                             _("parameter '%s' of %s must be a whole number from %s to %s, found %s"),
                             p->name, desc->name, min, max, found);
          else
            bk_set_error_at (b->error, code, b->sf->file, arg->value->line, arg->value->column,
                             /* Translators: a parameter's name, an indicator type, the smallest and largest value allowed, the value given */
                             _("parameter '%s' of %s must be a number from %s to %s, found %s"),
                             p->name, desc->name, min, max, found);
          return NULL;
        }
      given[param] = TRUE;
      params[param] = value.value;
    }

  GError *graph_error = NULL;
  BkNode *node = bk_graph_add_indicator (b->graph, parent, desc, inputs, n_inputs,
                                         params, desc->n_params, &graph_error);
  if (node == NULL)
    {
      locate_error (b, call->line, call->column, graph_error);
      return NULL;
    }
  return node;
}

/* `named`: the strategy's indicator `node` is, or NULL for a call. */
static gboolean
pick_line (Builder *b, BkNode *node, const Named *named, const BkExpr *member, BkInput *out)
{
  const char *names[BK_MAX_OUTPUTS];

  for (guint j = 0; j < node->n_outputs; j++)
    {
      names[j] = node->outputs[j]->name;
      if (g_str_equal (names[j], member->name)
          || (node->desc != NULL && g_strcmp0 (node->desc->output_aliases[j], member->name) == 0))
        {
          *out = bk_node_output (node, j);
          return TRUE;
        }
    }
  g_autofree char *hint = NULL;
  const BkIndicatorDesc *desc = node->desc;
  if (desc != NULL && g_strcmp0 (desc->left_out_line, member->name) == 0)
    hint = g_strconcat (": ", _(desc->left_out_reason), NULL);
  else
    hint = suggestion (member->name, names, node->n_outputs);
  if (named != NULL)
    /* Translators: an indicator's name, a line's name, and " (did you mean '...'?)", ": " and why, or nothing */
    return fail_expr (b, member, BK_ERROR_INVALID, _("indicator '%s' has no line '%s'%s"),
                      named->name, member->name, hint);
  /* Translators: an indicator type, a line's name, and " (did you mean '...'?)", ": " and why, or nothing */
  return fail_expr (b, member, BK_ERROR_INVALID, _("%s has no line '%s'%s"), node->desc->name, member->name, hint);
}

static const FormulaLine *
formula_line (Builder *b, const char *name)
{
  for (guint i = 0; i < b->formula_lines->len; i++)
    {
      const FormulaLine *line = g_ptr_array_index (b->formula_lines, i);
      if (g_str_equal (line->name, name))
        return line;
    }
  return NULL;
}

/* In a formula: a line it made before, a parameter of the indicator (a
 * number), or an input: `data` for a one-input indicator, otherwise the
 * name of the price line it reads by default (high, low, close ...). */
static gboolean
resolve_formula_name (Builder *b, const BkExpr *expr, BkInput *out)
{
  const BkNode *node = b->formula;
  const BkIndicatorDesc *desc = node->desc;
  const FormulaLine *line = formula_line (b, expr->name);
  gint param = param_index (desc, expr->name);

  if (line != NULL)
    {
      *out = line->line;
      return TRUE;
    }
  if (param >= 0)
    {
      *out = bk_input_const (node->params[param]);
      return TRUE;
    }
  for (guint i = 0; i < desc->n_inputs; i++)
    if (desc->n_inputs == 1 ? g_str_equal (expr->name, "data")
                            : g_str_equal (expr->name, feed_names[feed_index_of_line (desc->default_inputs[i])]))
      {
        *out = node->inputs[i];
        return TRUE;
      }
  return fail_expr (b, expr, BK_ERROR_INVALID, "unknown name '%s' in the formula of %s", expr->name, desc->name);
}

/* x[-name] in a formula: the parameter `name`, a whole number of bars. */
static gboolean
formula_ago (Builder *b, const BkExpr *expr, guint *ago)
{
  const BkIndicatorDesc *desc = b->formula->desc;
  gint param = param_index (desc, expr->name);

  if (param >= 0 && desc->params[param].integer && desc->params[param].min >= 0)
    {
      *ago = (guint) b->formula->params[param];
      return TRUE;
    }
  return fail_expr (b, expr, BK_ERROR_INVALID, "[-%s] in the formula of %s needs a whole-number parameter",
                    expr->name, desc->name);
}

static gboolean
resolve_name (Builder *b, const BkExpr *expr, BkInput *out, Named **named_out)
{
  Named *current = b->current;
  gint feed;

  if (named_out != NULL)
    *named_out = NULL;
  if (b->formula != NULL)
    return resolve_formula_name (b, expr, out);
  if (current != NULL)
    for (guint j = 0; j < current->n_lines; j++)
      if (g_str_equal (current->line_names[j], expr->name))
        {
          if (j == b->current_line)
            /* Translators: a line's name, its indicator's name */
            return fail_expr (b, expr, BK_ERROR_INVALID, _("line '%s' of '%s' cannot use itself"),
                              expr->name, current->name);
          if (j > b->current_line)
            return fail_expr (b, expr, BK_ERROR_INVALID,
                              /* Translators: a line's name, its indicator's name */
                              _("line '%s' of '%s' is not defined yet: a line can use only the lines before it"),
                              expr->name, current->name);
          *out = bk_node_output (b->nodes[current->index], j);
          return TRUE;
        }
  if ((feed = feed_index (expr->name)) >= 0)
    {
      *out = bk_graph_feed_input (b->graph, feed_lines[feed]);
      return TRUE;
    }
  Named *named = g_hash_table_lookup (b->sf->by_name, expr->name);
  if (named != NULL)
    {
      g_assert (b->nodes[named->index] != NULL);
      *out = bk_node_output (b->nodes[named->index], 0);
      if (named_out != NULL)
        *named_out = named;
      return TRUE;
    }
  const BkIndicatorDesc *desc = bk_indicator_lookup (expr->name);
  if (desc != NULL)
    return fail_expr (b, expr, BK_ERROR_INVALID,
                      /* Translators: the name as written, then the indicator type's own spelling */
                      _("'%s' is an indicator type: call it, as in %s(...)"), expr->name, desc->name);

  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  if (current != NULL)
    for (guint j = 0; j < b->current_line; j++)
      g_ptr_array_add (names, current->line_names[j]);
  for (guint i = 0; i < G_N_ELEMENTS (feed_names); i++)
    g_ptr_array_add (names, (gpointer) feed_names[i]);
  for (guint i = 0; i < b->sf->named->len; i++)
    g_ptr_array_add (names, ((Named *) g_ptr_array_index (b->sf->named, i))->name);
  g_autofree char *hint = suggestion (expr->name, (const char *const *) names->pdata, names->len);
  /* Translators: a name, and " (did you mean '...'?)" or nothing */
  return fail_expr (b, expr, BK_ERROR_INVALID, _("unknown name '%s'%s"), expr->name, hint);
}

static gboolean build_expr_nodes (Builder *b, BkNode *parent, const BkExpr *expr, BkInput *out);

/* Children are built first: the first expression whose own nodes pass the
 * cell limit is the one reported. */
static gboolean
build_expr (Builder *b, BkNode *parent, const BkExpr *expr, BkInput *out)
{
  if (!build_expr_nodes (b, parent, expr, out))
    return FALSE;
  note_cells (b, expr->line, expr->column);
  return TRUE;
}

static gboolean
build_expr_nodes (Builder *b, BkNode *parent, const BkExpr *expr, BkInput *out)
{
  switch (expr->kind)
    {
    case BK_EXPR_NUMBER:
      *out = bk_input_const (expr->number);
      return TRUE;

    case BK_EXPR_NAME:
      return resolve_name (b, expr, out, NULL);

    case BK_EXPR_MEMBER:
      {
        const BkExpr *operand = expr->a;
        if (operand->kind == BK_EXPR_CALL && function_index (operand->name) >= 0)
          return fail_expr (b, expr, BK_ERROR_INVALID,
                            /* Translators: a function's name (Max, Min, Abs), then the line asked of it */
                            _("%s gives one line, not lines by name: it has no line '%s'"), operand->name, expr->name);
        if (operand->kind == BK_EXPR_CALL)
          {
            BkNode *node = build_call (b, parent, operand);
            return node != NULL && pick_line (b, node, NULL, expr, out);
          }
        const FormulaLine *line = b->formula != NULL && operand->kind == BK_EXPR_NAME
                                  ? formula_line (b, operand->name) : NULL;
        if (line != NULL && line->node != NULL)
          return pick_line (b, line->node, NULL, expr, out);
        Named *named = NULL;
        if (!resolve_name (b, operand, out, &named))
          return FALSE;
        if (named == NULL)
          return fail_expr (b, operand, BK_ERROR_INVALID,
                            /* Translators: the name of a line, then the line asked of it */
                            _("'%s' is a line, not an indicator: it has no line '%s'"),
                            operand->name, expr->name);
        return pick_line (b, b->nodes[named->index], named, expr, out);
      }

    case BK_EXPR_PAST:
      {
        BkInput line;
        if (!build_expr (b, parent, expr->a, &line))
          return FALSE;
        if (line.spec == NULL)
          return fail_expr (b, expr, BK_ERROR_INVALID, "%s", _("past values need a line, found a number"));
        guint ago = expr->ago;
        if (expr->name != NULL && !formula_ago (b, expr, &ago))
          return FALSE;
        if ((guint64) line.ago + ago > BK_MAX_PERIOD)
          return fail_expr (b, expr, BK_ERROR_LIMIT, _("looking back %llu bars is more than the limit of %u"),
                            (unsigned long long) line.ago + ago, BK_MAX_PERIOD);
        *out = bk_input_delay (line, ago);
        return TRUE;
      }

    case BK_EXPR_UNARY:
    case BK_EXPR_BINARY:
      {
        BkInput a, c = bk_input_const (0);
        GError *graph_error = NULL;
        if (!build_expr (b, parent, expr->a, &a)
            || (expr->b != NULL && !build_expr (b, parent, expr->b, &c)))
          return FALSE;
        if (!bk_graph_add_op (b->graph, parent, expr->op, a, c, out, &graph_error))
          return locate_error (b, expr->line, expr->column, graph_error);
        return TRUE;
      }

    case BK_EXPR_CALL:
      {
        gint f = function_index (expr->name);
        if (f >= 0)
          return build_function (b, parent, expr, (guint) f, out);
        BkNode *node = build_call (b, parent, expr);
        if (node == NULL)
          return FALSE;
        *out = bk_node_output (node, 0);
        return TRUE;
      }

    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
build_named (Builder *b, Named *named)
{
  GError *graph_error = NULL;

  b->current = NULL;
  if (named->expr != NULL && named->expr->kind == BK_EXPR_CALL && function_index (named->expr->name) < 0)
    {
      /* One call: the indicator is that node, with its own line names. */
      b->nodes[named->index] = build_call (b, NULL, named->expr);
      if (b->nodes[named->index] == NULL)
        return FALSE;
      note_cells (b, named->expr->line, named->expr->column);
    }
  else
    {
      b->nodes[named->index] = bk_graph_add_group (b->graph, NULL, named->name,
                                        (const char *const *) named->line_names, &graph_error);
      if (b->nodes[named->index] == NULL)
        return locate_error (b, named->line, named->column, graph_error);
      if (named->expr == NULL)
        b->current = named;
      for (guint j = 0; j < named->n_lines; j++)
        {
          const BkExpr *expr = named->expr != NULL ? named->expr : named->line_exprs[j];
          BkInput line;
          b->current_line = j;
          if (!build_expr (b, b->nodes[named->index], expr, &line))
            return FALSE;
          if (!bk_node_bind_output (b->nodes[named->index], j, line, &graph_error))
            return locate_error (b, expr->line, expr->column, graph_error);
          note_cells (b, expr->line, expr->column);
        }
      b->current = NULL;
    }
  bk_node_set_name (b->nodes[named->index], named->name);
  b->nodes[named->index]->plot = named->plot;
  if (named->pane_set)
    b->nodes[named->index]->pane = named->pane;
  return TRUE;
}

/* Each feature's line; the run reads it at every bar (a universe run's
 * rows), which a ring of one value covers. */
static gboolean
build_features (Builder *b)
{
  for (guint i = 0; b->sf->features != NULL && i < b->sf->features->len; i++)
    {
      Feature *feature = g_ptr_array_index (b->sf->features, i);
      Named *named = g_hash_table_lookup (b->sf->by_name, feature->indicator);
      BkNode *node = b->nodes[named->index];
      gint found = feature->line_name == NULL ? 0 : -1;
      const char *names[BK_MAX_OUTPUTS];

      for (guint j = 0; found < 0 && j < node->n_outputs; j++)
        if (g_str_equal (node->outputs[j]->name, feature->line_name))
          found = (gint) j;
      if (found < 0)
        {
          for (guint j = 0; j < node->n_outputs; j++)
            names[j] = node->outputs[j]->name;
          g_autofree char *hint = suggestion (feature->line_name, names, node->n_outputs);
          bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, feature->line, feature->line_column,
                           /* Translators: an indicator's name, a line's name, and " (did you mean '...'?)" or nothing */
                           _("indicator '%s' has no line '%s'%s"), named->name, feature->line_name, hint);
          return FALSE;
        }
      bk_graph_note_read (b->graph, node->outputs[found], 1);
    }
  return TRUE;
}

/* `constant_message`: what to say when the rule is a number. */
static gboolean
build_rule (Builder *b, const BkExpr *rule, const char *constant_message, guint line, guint column,
            gboolean *has, BkInput *out)
{
  if (rule == NULL)
    return TRUE;
  if (!build_expr (b, NULL, rule, out))
    return FALSE;
  if (out->spec == NULL)
    {
      bk_set_error_at (b->error, BK_ERROR_INVALID, b->sf->file, line, column, "%s", constant_message);
      return FALSE;
    }
  /* The run reads the rule's line as much; count it now (bk_run_new). */
  bk_graph_note_read (b->graph, out->spec, out->ago + 1);
  note_cells (b, rule->line, rule->column);
  *has = TRUE;
  return TRUE;
}

static gboolean
strategy_file_build (BkGraph *graph, BkStrategyBuild *build, gpointer user_data, GError **error)
{
  StrategyFile *sf = user_data;
  g_autofree BkNode **nodes = g_new0 (BkNode *, sf->named->len);
  Builder b = { .sf = sf, .graph = graph, .error = error, .max_cells = bk_strategy_get_max_cells (),
                .nodes = nodes };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < sf->order->len; i++)
    ok = build_named (&b, g_ptr_array_index (sf->order, i));
  if (ok)
    for (guint i = 0; i < sf->named->len; i++)
      g_ptr_array_add (build->named, nodes[i]);
  ok = ok && build_features (&b);
  ok = ok
       && build_rule (&b, sf->buy, _("the buy rule needs a condition on lines, found a number"),
                      sf->buy_line, sf->buy_column, &build->has_buy, &build->buy)
       && build_rule (&b, sf->sell, _("the sell rule needs a condition on lines, found a number"),
                      sf->sell_line, sf->sell_column, &build->has_sell, &build->sell);
  build->size = sf->size;
  if (ok && b.over_line > 0)
    {
      guint64 cells = bk_graph_get_cells (graph);
      g_autofree char *need = g_format_size (cells * sizeof (double));
      g_autofree char *limit = g_format_size (b.max_cells * sizeof (double));
      bk_set_error_at (error, BK_ERROR_LIMIT, sf->file, b.over_line, b.over_column,
                       /* Translators: memory cells are stored values of 8 bytes; a count of
                        * them and its size ("2.1 GB"), then the limit as a count and a size */
                       _("the strategy needs %llu memory cells (%s) for its lines, "
                         "more than the limit of %llu cells (%s)"),
                       (unsigned long long) cells, need, (unsigned long long) b.max_cells, limit);
      ok = FALSE;
    }
  return ok;
}

static void
formula_line_free (gpointer data)
{
  FormulaLine *line = data;

  g_free (line->name);
  g_free (line);
}

/* A descriptor's formula, parsed: statement i is `names[i] = exprs[i]`. */
struct _BkFormula {
  char *display;              /* "TYPE formula", the file its errors name */
  GPtrArray *names;           /* char* */
  GPtrArray *exprs;           /* BkExpr* */
};

static void
formula_free (BkFormula *formula)
{
  g_free (formula->display);
  g_ptr_array_unref (formula->names);
  g_ptr_array_unref (formula->exprs);
  g_free (formula);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkFormula, formula_free)

static BkFormula *
formula_compile (const BkIndicatorDesc *desc, GError **error)
{
  g_autoptr(BkFormula) formula = g_new0 (BkFormula, 1);
  g_auto(GStrv) statements = g_strsplit (desc->formula, "\n", -1);

  formula->display = g_strdup_printf ("%s formula", desc->name);
  formula->names = g_ptr_array_new_with_free_func (g_free);
  formula->exprs = g_ptr_array_new_with_free_func ((GDestroyNotify) bk_expr_free);
  for (guint i = 0; statements[i] != NULL; i++)
    {
      const char *text = statements[i], *equals = strchr (text, '=');
      BkSourcePos pos = { formula->display, i + 1, 1 };

      if (*text == '\0')
        continue;
      g_return_val_if_fail (equals != NULL && equals[1] != '=', NULL);
      pos.column = (guint) (equals + 1 - text) + 1;
      BkExpr *expr = bk_expr_parse_full (equals + 1, strlen (equals + 1), &pos, TRUE, error);
      if (expr == NULL)
        return NULL;
      g_ptr_array_add (formula->names, g_strstrip (g_strndup (text, equals - text)));
      g_ptr_array_add (formula->exprs, expr);
    }
  for (guint j = 0; j < desc->n_outputs; j++)
    g_return_val_if_fail (g_ptr_array_find_with_equal_func (formula->names, desc->outputs[j], g_str_equal, NULL),
                          NULL);
  return g_steal_pointer (&formula);
}

static gboolean
formula_build (const BkFormula *formula, BkNode *node, GError **error)
{
  const BkIndicatorDesc *desc = node->desc;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) named = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (formula_line_free);
  StrategyFile sf = { .file = formula->display, .named = named, .by_name = by_name };
  Builder b = { .sf = &sf, .graph = node->graph, .error = error, .max_cells = G_MAXUINT64,
                .formula = node, .formula_lines = lines };

  for (guint i = 0; i < formula->exprs->len; i++)
    {
      const BkExpr *expr = g_ptr_array_index (formula->exprs, i);
      FormulaLine *line = g_new0 (FormulaLine, 1);

      line->name = g_strdup (g_ptr_array_index (formula->names, i));
      g_ptr_array_add (lines, line);
      if (expr->kind == BK_EXPR_CALL && function_index (expr->name) < 0)
        {
          line->node = build_call (&b, node, expr);
          if (line->node == NULL)
            return FALSE;
          line->line = bk_node_output (line->node, 0);
        }
      else if (!build_expr (&b, node, expr, &line->line))
        return FALSE;
    }
  for (guint j = 0; j < desc->n_outputs; j++)
    {
      const FormulaLine *line = formula_line (&b, desc->outputs[j]);

      g_return_val_if_fail (line != NULL, FALSE);
      if (!bk_node_bind_output (node, j, line->line, error))
        return FALSE;
    }
  return TRUE;
}

static const BkFormulaCompiler formula_compiler = {
  .compile = formula_compile,
  .build = formula_build,
  .free = formula_free,
};

gboolean
bk_formula_install (GError **error)
{
  return bk_indicator_set_formula_compiler (&formula_compiler, error);
}

void
bk_formula_install_once (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_autoptr(GError) error = NULL;
      if (!bk_formula_install (&error))
        g_critical ("%s", error->message);
      g_once_init_leave (&installed, 1);
    }
}

/* --- Loading -------------------------------------------------------------- */

static char *
id_from_display_name (const char *display_name)
{
  g_autofree char *base = g_path_get_basename (display_name);

  if (g_str_has_suffix (base, ".ini"))
    base[strlen (base) - 4] = '\0';
  return g_steal_pointer (&base);
}

void
bk_strategy_file_model_free (BkStrategyFileModel *model)
{
  if (model == NULL)
    return;
  g_free (model->name);
  g_strfreev (model->features);
  g_free (model);
}

static BkStrategyFileModel *
model_from_file (StrategyFile *sf)
{
  BkStrategyFileModel *model = g_new0 (BkStrategyFileModel, 1);

  model->name = g_strdup (sf->model_name);
  model->features = g_new0 (char *, sf->features->len + 1);
  for (guint i = 0; i < sf->features->len; i++)
    model->features[i] = g_strdup (((Feature *) g_ptr_array_index (sf->features, i))->text);
  model->horizon = sf->horizon;
  model->has_split = sf->has_split;
  model->split = sf->split;
  return model;
}

BkStrategy *
bk_strategy_new_from_data (const char *text, gssize len, const char *display_name, GError **error)
{
  return bk_strategy_new_from_data_full (text, len, display_name, NULL, error);
}

BkStrategy *
bk_strategy_new_from_data_full (const char *text, gssize len, const char *display_name,
                                BkStrategyFileModel **model, GError **error)
{
  g_return_val_if_fail (text != NULL && display_name != NULL, NULL);

  if (model != NULL)
    *model = NULL;
  bk_formula_install_once ();

  gsize n = len < 0 ? strlen (text) : (gsize) len;
  g_autoptr(StrategyFile) sf = g_new0 (StrategyFile, 1);
  sf->file = g_strdup (display_name);
  sf->id = id_from_display_name (display_name);
  sf->cash = 10000.0;
  sf->commission = 0.0;
  sf->size = 1.0;
  sf->named = g_ptr_array_new_with_free_func (named_free);
  sf->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  sf->order = g_ptr_array_new ();
  sf->features = g_ptr_array_new_with_free_func (feature_free);

  if (!check_text (text, n, sf->file, error))
    return NULL;
  g_autoptr(GPtrArray) sections = read_sections (text, n, sf->file, error);
  if (sections == NULL || !read_sections_into (sf, sections, error)
      || !check_feature_names (sf, error) || !order_indicators (sf, error))
    return NULL;

  /* Everything else can only go wrong while building: do it once now. */
  {
    g_autoptr(BkGraph) scratch = bk_graph_new ();
    g_autoptr(GPtrArray) named = g_ptr_array_new ();
    BkStrategyBuild build = { .named = named };
    if (!strategy_file_build (scratch, &build, sf, error))
      return NULL;
  }

  if (model != NULL && sf->has_model)
    *model = model_from_file (sf);
  const char *name = sf->name != NULL ? sf->name : sf->model_name != NULL ? sf->model_name : sf->id;
  StrategyFile *owned = g_steal_pointer (&sf);
  BkStrategy *strategy = bk_strategy_new_custom (owned->id, name, owned->description,
                                                 strategy_file_build, owned, strategy_file_free);
  bk_strategy_set_broker (strategy, owned->cash, owned->commission);
  return strategy;
}

char *
bk_strategy_file_read (const char *path, gsize *len, GError **error)
{
  FILE *in = fopen (path, "rb");

  if (in == NULL)
    {
      int saved = errno;
      g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  /* fopen() opens a directory for reading; say so rather than fail to read. */
  struct stat st;
  if (fstat (fileno (in), &st) == 0 && S_ISDIR (st.st_mode))
    {
      fclose (in);
      g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: %s", path, g_strerror (EISDIR));
      return NULL;
    }
  /* Read one byte past the limit: enough to know the file is too large. */
  g_autofree char *text = g_malloc (BK_STRATEGY_FILE_MAX_BYTES + 2);
  errno = 0;
  size_t n = fread (text, 1, BK_STRATEGY_FILE_MAX_BYTES + 1, in);
  int read_errno = errno;
  gboolean failed = ferror (in);
  fclose (in);
  if (failed)
    {
      /* Translators: %s is the reason, from the system (e.g. "Input/output error") */
      g_autofree char *reason = g_strdup_printf (_("cannot read the file: %s"),
                                                 g_strerror (read_errno != 0 ? read_errno : EIO));
      g_set_error (error, BK_ERROR, BK_ERROR_IO, "%s: %s", path, reason);
      return NULL;
    }
  text[n] = '\0';
  *len = n;
  return g_steal_pointer (&text);
}

BkStrategy *
bk_strategy_new_from_file (const char *path, GError **error)
{
  gsize len;
  g_autofree char *text = bk_strategy_file_read (path, &len, error);

  return text != NULL ? bk_strategy_new_from_data (text, (gssize) len, path, error) : NULL;
}

/* --- Built-in strategy files ---------------------------------------------- */

const char *const *
bk_strategy_file_builtin_ids (void)
{
  return bk_strategy_file_builtin_id_list;
}

const char *
bk_strategy_file_builtin_text (const char *id)
{
  for (guint i = 0; bk_strategy_file_builtins[i].id != NULL; i++)
    if (g_strcmp0 (bk_strategy_file_builtins[i].id, id) == 0)
      return bk_strategy_file_builtins[i].text;
  return NULL;
}

BkStrategy *
bk_strategy_file_new_builtin (const char *id, GError **error)
{
  const char *text = bk_strategy_file_builtin_text (id);

  if (text == NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("no built-in strategy named '%s'"), id);
      return NULL;
    }
  g_autofree char *display_name = g_strconcat (id, ".ini", NULL);
  return bk_strategy_new_from_data (text, -1, display_name, error);
}

/* Levenshtein distance, for suggesting a built-in strategy's name. */
static guint
edit_distance (const char *a, const char *b)
{
  gsize n = strlen (b);
  g_autofree guint *row = g_new (guint, n + 1);

  for (gsize j = 0; j <= n; j++)
    row[j] = j;
  for (gsize i = 1; a[i - 1] != '\0'; i++)
    {
      guint diagonal = row[0];
      row[0] = i;
      for (gsize j = 1; j <= n; j++)
        {
          guint above = row[j];
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] != b[j - 1]));
          diagonal = above;
        }
    }
  return row[n];
}

/* The built-in name closest to `name`, or NULL when none is close. */
static const char *
closest_builtin (const char *name)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (strlen (name) > 256)
    return NULL;
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      guint distance = edit_distance (lower, *id);
      gsize longest = MAX (strlen (lower), strlen (*id));
      /* "sma-cross" is far from "sma-crossover" by distance but plainly
       * meant it. */
      if (g_str_has_prefix (*id, lower) && lower[0] != '\0')
        distance = MIN (distance, 1);
      if (distance <= MAX (2, longest / 3) && distance < best_distance)
        {
          best = *id;
          best_distance = distance;
        }
    }
  return best;
}

BkStrategy *
bk_strategy_open (const char *name_or_path, GError **error)
{
  /* A name with a slash or an .ini ending is a file; anything else a built-in. */
  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".ini")
      || g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    return bk_strategy_new_from_file (name_or_path, error);
  if (g_strv_contains (bk_strategy_list_builtin (), name_or_path))
    return bk_strategy_new_builtin (name_or_path, error);

  g_autofree char *list = g_strjoinv (", ", (char **) bk_strategy_list_builtin ());
  const char *suggestion = closest_builtin (name_or_path);
  if (suggestion != NULL)
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                 /* Translators: the first %s is what the user typed, the second the
                  * closest built-in strategy's name, the third the list of them. */
                 _("no built-in strategy named '%s' (did you mean '%s'?); the built-in strategies are %s"),
                 name_or_path, suggestion, list);
  else
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                 /* Translators: the first %s is what the user typed, the second the
                  * list of built-in strategies. */
                 _("no built-in strategy named '%s'; the built-in strategies are %s, "
                   "and a strategy file is given by its path"),
                 name_or_path, list);
  return NULL;
}
