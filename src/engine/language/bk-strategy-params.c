/* bk-strategy-params.c — the numbers of a strategy file, named, placed
 * and ranged, and the file rewritten with other numbers.
 *
 * The text is read as loading reads it (bk-ini.c, bk-parser.c), so every
 * number's line and column are the parser's own; the byte span is found
 * from them and checked against the number it must hold.  An argument of
 * an indicator call is told from an input as the compiler tells it: a
 * positional argument that is not a constant, before any positional
 * parameter, is an input. */
#include "bk-strategy-params.h"

#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-indicator.h"
#include "bk-ini.h"
#include "bk-parser.h"
#include "bk-strategy-builtin.h"
#include "bk-strategy-compiler.h"
#include "bk-strategy-file-private.h"

struct _BkStrategyParams {
  char *text;
  gsize len;
  char *display_name;
  GArray *params;             /* BkStrategyParam, in text order */
};

/* Keys whose value is one number, and what they may hold (as the section
 * validators check them; loading is the last word). */
static const struct {
  const char *section, *key;
  double min, max;
  gboolean integer;
} settings[] = {
  { "broker", "cash", 0, 1e15, FALSE },
  { "broker", "commission", 0, 1, FALSE },
  { "broker", "commission_per_unit", 0, 1e15, FALSE },
  { "broker", "commission_min", 0, 1e15, FALSE },
  { "broker", "stamp_duty", 0, 1, FALSE },
  { "broker", "lot", 1, 1e9, TRUE },
  { "broker", "slippage_percent", 0, 1, FALSE },
  { "broker", "slippage_fixed", 0, 1e15, FALSE },
  { "rules", "entry_valid", 1, G_MAXUINT, TRUE },
  { "rules", "trail_percent", 0, 1, FALSE },
  { "rules", "size", 0, 1e12, FALSE },
};

/* The keys of [rules] whose value is an expression. */
static const char *const rule_keys[] = {
  "buy", "sell", "short", "cover", "size", "entry_price", "entry_limit", "stop_loss", "take_profit",
  "trail_amount",
};

typedef struct {
  BkStrategyParams *params;
  const char *file;
  GArray *line_starts;        /* gsize: the byte where each line starts */
  GHashTable *used;           /* name → GUINT count, for the #N of repeats */
  const char *prefix;
  guint bare;                 /* numbers of the value that are no parameter, so far */
} Walk;

void
bk_strategy_params_format_number (double value, char buf[BK_STRATEGY_PARAMS_NUMBER_SIZE])
{
  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_snprintf (buf, BK_STRATEGY_PARAMS_NUMBER_SIZE, "%.0f", value == 0 ? 0.0 : value);
      return;
    }
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, BK_STRATEGY_PARAMS_NUMBER_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

/* The sensible range of a slider: the whole of a fraction, else from a
 * quarter of the value to four times it (ten more for small whole
 * numbers), within what the file may hold. */
static void
set_range (BkStrategyParam *p, double min, double max, gboolean integer)
{
  p->min = min;
  p->max = max;
  p->integer = integer;
  if (min == 0 && max == 1)
    {
      p->lower = 0;
      p->upper = 1;
      return;
    }
  double v = fabs (p->value);
  p->lower = integer ? floor (v / 4) : 0;
  p->upper = integer ? MAX (v * 4, v + 10) : v > 0 ? v * 4 : 1;
  p->lower = CLAMP (p->lower, min, max);
  p->upper = CLAMP (p->upper, min, max);
  p->lower = MIN (p->lower, p->value);
  p->upper = MAX (p->upper, p->value);
}

/* The bytes of the number at `s`: the parser found a number token there
 * (a digit or a '.' first), which strtod reads to the same end. */
static gsize
number_length (const char *s)
{
  char *end;

  g_ascii_strtod (s, &end);
  return (gsize) (end - s);
}

static gsize
offset_of (const Walk *w, guint line, guint column)
{
  gsize start = g_array_index (w->line_starts, gsize, line - 1);
  const char *at = g_utf8_offset_to_pointer (w->params->text + start, column - 1);

  return (gsize) (at - w->params->text);
}

static char *
unique_name (Walk *w, const char *base)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (w->used, base)) + 1;

  g_hash_table_replace (w->used, g_strdup (base), GUINT_TO_POINTER (n));
  return n == 1 ? g_strdup (base) : g_strdup_printf ("%s#%u", base, n);
}

static BkStrategyParam *
add_param (Walk *w, char *name, BkStrategyParamKind kind, double value, guint line, guint column)
{
  BkStrategyParam p = {
    .name = name,
    .kind = kind,
    .value = value,
    .line = line,
    .column = column,
    .offset = offset_of (w, line, column),
  };

  p.length = kind == BK_STRATEGY_PARAM_SETTING
               ? strcspn (w->params->text + p.offset, "\r\n")
               : number_length (w->params->text + p.offset);
  /* A whole value is trimmed of trailing blanks, as the INI reader does. */
  while (p.length > 0 && (w->params->text[p.offset + p.length - 1] == ' '
                          || w->params->text[p.offset + p.length - 1] == '\t'))
    p.length--;
  g_array_append_val (w->params->params, p);
  return &g_array_index (w->params->params, BkStrategyParam, w->params->params->len - 1);
}

static void add_bare (Walk *w, const BkExpr *expr);
static void walk_expr (Walk *w, const BkExpr *expr);

static void
add_bare (Walk *w, const BkExpr *expr)
{
  char *name = g_strdup_printf ("%s#%u", w->prefix, ++w->bare);
  BkStrategyParam *p = add_param (w, name, BK_STRATEGY_PARAM_NUMBER, expr->number, expr->line, expr->column);

  set_range (p, -G_MAXDOUBLE, G_MAXDOUBLE, FALSE);
}

/* Whether an argument builds to a constant rather than a line: the
 * compiler folds operations on constants. */
static gboolean
is_constant (const BkExpr *expr)
{
  switch (expr->kind)
    {
    case BK_EXPR_NUMBER:
      return TRUE;
    case BK_EXPR_UNARY:
      return is_constant (expr->a);
    case BK_EXPR_BINARY:
      return is_constant (expr->a) && is_constant (expr->b);
    case BK_EXPR_CALL:
      if (bk_indicator_lookup (expr->name) != NULL)
        return FALSE;
      for (guint i = 0; i < expr->args->len; i++)
        if (!is_constant (((BkExprArg *) g_ptr_array_index (expr->args, i))->value))
          return FALSE;
      return TRUE;
    case BK_EXPR_NAME:
    case BK_EXPR_MEMBER:
    case BK_EXPR_PAST:
    default:
      return FALSE;
    }
}

static void
walk_call (Walk *w, const BkExpr *call, const BkIndicatorDesc *desc)
{
  guint n_positional = 0;

  for (guint i = 0; i < call->args->len; i++)
    {
      const BkExprArg *arg = g_ptr_array_index (call->args, i);
      gint param = -1;

      if (arg->keyword != NULL)
        param = bk_strategy_param_index (desc, arg->keyword);
      else if (n_positional > 0 || is_constant (arg->value))
        param = n_positional < desc->n_params ? (gint) n_positional++ : -1;
      if (param < 0 || arg->value->kind != BK_EXPR_NUMBER)
        {
          walk_expr (w, arg->value);
          continue;
        }
      const BkParamDesc *pd = &desc->params[param];
      g_autofree char *base = g_strdup_printf ("%s.%s", w->prefix, pd->name);
      BkStrategyParam *p = add_param (w, unique_name (w, base), BK_STRATEGY_PARAM_INDICATOR, arg->value->number,
                                      arg->value->line, arg->value->column);
      set_range (p, pd->min, pd->max, pd->integer);
    }
}

static void
walk_expr (Walk *w, const BkExpr *expr)
{
  switch (expr->kind)
    {
    case BK_EXPR_NUMBER:
      add_bare (w, expr);
      break;
    case BK_EXPR_UNARY:
    case BK_EXPR_MEMBER:
    case BK_EXPR_PAST:
      walk_expr (w, expr->a);
      break;
    case BK_EXPR_BINARY:
      walk_expr (w, expr->a);
      walk_expr (w, expr->b);
      break;
    case BK_EXPR_CALL:
      {
        const BkIndicatorDesc *desc = bk_indicator_lookup (expr->name);
        if (desc != NULL)
          walk_call (w, expr, desc);
        else
          for (guint i = 0; i < expr->args->len; i++)
            walk_expr (w, ((BkExprArg *) g_ptr_array_index (expr->args, i))->value);
      }
      break;
    case BK_EXPR_NAME:
    default:
      break;
    }
}

/* One value that is an expression: a single number is the value's own
 * parameter (`prefix`), otherwise each number is named in it. */
static gboolean
walk_value (Walk *w, const BkIniEntry *entry, const char *prefix, double min, double max, gboolean integer,
            GError **error)
{
  const BkSourcePos pos = { w->file, entry->line, entry->value_column };
  g_autoptr(BkExpr) expr = bk_expr_parse (entry->value, strlen (entry->value), &pos, error);

  if (expr == NULL)
    return FALSE;
  w->prefix = prefix;
  w->bare = 0;
  if (expr->kind == BK_EXPR_NUMBER)
    {
      BkStrategyParam *p = add_param (w, g_strdup (prefix), BK_STRATEGY_PARAM_NUMBER, expr->number, expr->line,
                                      expr->column);
      set_range (p, min, max, integer);
      return TRUE;
    }
  walk_expr (w, expr);
  return TRUE;
}

static gboolean
walk_setting (Walk *w, const BkIniEntry *entry, const char *section, guint row)
{
  double value;

  /* Loading has checked it; a value it read otherwise is not a number. */
  if (!bk_parse_number (entry->value, &value))
    return TRUE;
  char *name = g_strdup_printf ("%s.%s", section, entry->key);
  BkStrategyParam *p = add_param (w, name, BK_STRATEGY_PARAM_SETTING, value, entry->line, entry->value_column);
  set_range (p, settings[row].min, settings[row].max, settings[row].integer);
  return TRUE;
}

static gint
setting_row (const char *section, const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].section, section) && g_str_equal (settings[i].key, key))
      return (gint) i;
  return -1;
}

static gboolean
walk_section (Walk *w, const BkIniSection *section, GError **error)
{
  gboolean is_indicator = g_str_has_prefix (section->header, "indicator ");
  g_autofree char *indicator = is_indicator ? g_strstrip (g_strdup (section->header + strlen ("indicator "))) : NULL;

  if (!is_indicator && !g_str_equal (section->header, "rules") && !g_str_equal (section->header, "broker"))
    return TRUE;
  for (guint i = 0; i < section->entries->len; i++)
    {
      const BkIniEntry *entry = g_ptr_array_index (section->entries, i);

      if (is_indicator)
        {
          if (g_str_equal (entry->key, "lines") || g_str_equal (entry->key, "plot")
              || g_str_equal (entry->key, "pane"))
            continue;
          g_autofree char *prefix = g_str_equal (entry->key, "expr") ? g_strdup (indicator)
                                                                      : g_strdup_printf ("%s.%s", indicator, entry->key);
          if (!walk_value (w, entry, prefix, -G_MAXDOUBLE, G_MAXDOUBLE, FALSE, error))
            return FALSE;
          continue;
        }
      gint row = setting_row (section->header, entry->key);
      g_autofree char *prefix = g_strdup_printf ("%s.%s", section->header, entry->key);
      if (g_str_equal (section->header, "rules")
          && g_strv_contains (rule_keys, entry->key))
        {
          if (!walk_value (w, entry, prefix, row >= 0 ? settings[row].min : 0, row >= 0 ? settings[row].max : G_MAXDOUBLE,
                           FALSE, error))
            return FALSE;
        }
      else if (row >= 0 && !walk_setting (w, entry, section->header, (guint) row))
        return FALSE;
    }
  return TRUE;
}

static gint
by_offset (gconstpointer a, gconstpointer b)
{
  gsize x = ((const BkStrategyParam *) a)->offset, y = ((const BkStrategyParam *) b)->offset;

  return x < y ? -1 : x > y;
}

static void
param_clear (gpointer data)
{
  g_free (((BkStrategyParam *) data)->name);
}

BkStrategyParams *
bk_strategy_params_new (const char *text, gssize len, const char *display_name, GError **error)
{
  g_return_val_if_fail (text != NULL && display_name != NULL, NULL);

  gsize n = len < 0 ? strlen (text) : (gsize) len;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, (gssize) n, display_name, error);
  if (strategy == NULL)
    return NULL;

  g_autoptr(BkStrategyParams) params = g_new0 (BkStrategyParams, 1);
  params->text = g_strndup (text, n);
  params->len = n;
  params->display_name = g_strdup (display_name);
  params->params = g_array_new (FALSE, FALSE, sizeof (BkStrategyParam));
  g_array_set_clear_func (params->params, param_clear);

  g_autoptr(GArray) line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  /* Columns of the first line count from after a byte-order mark, as the
   * INI reader counts them. */
  gsize start = n >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  g_array_append_val (line_starts, start);
  for (gsize i = 0; i < n; i++)
    if (text[i] == '\n')
      {
        gsize next = i + 1;
        g_array_append_val (line_starts, next);
      }

  g_autoptr(GPtrArray) sections = bk_ini_read (params->text, n, display_name, error);
  if (sections == NULL)
    return NULL;
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Walk w = { .params = params, .file = display_name, .line_starts = line_starts, .used = used };
  for (guint i = 0; i < sections->len; i++)
    {
      g_hash_table_remove_all (used);
      if (!walk_section (&w, g_ptr_array_index (sections, i), error))
        return NULL;
    }
  g_array_sort (params->params, by_offset);
  return g_steal_pointer (&params);
}

BkStrategyParams *
bk_strategy_params_open (const char *name_or_path, GError **error)
{
  const char *builtin = NULL;

  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".ini")
      && !g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    builtin = bk_strategy_file_builtin_text (name_or_path);
  if (builtin != NULL)
    {
      g_autofree char *display_name = g_strconcat (name_or_path, ".ini", NULL);
      return bk_strategy_params_new (builtin, -1, display_name, error);
    }
  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".ini")
      && !g_file_test (name_or_path, G_FILE_TEST_IS_REGULAR))
    {
      /* Not a built-in: bk_strategy_open says so, with the closest. */
      g_autoptr(BkStrategy) none = bk_strategy_open (name_or_path, error);
      g_assert (none == NULL);
      return NULL;
    }
  gsize len;
  g_autofree char *text = bk_strategy_file_read (name_or_path, &len, error);
  return text != NULL ? bk_strategy_params_new (text, (gssize) len, name_or_path, error) : NULL;
}

void
bk_strategy_params_free (BkStrategyParams *params)
{
  if (params == NULL)
    return;
  g_free (params->text);
  g_free (params->display_name);
  g_array_unref (params->params);
  g_free (params);
}

const char *
bk_strategy_params_get_text (const BkStrategyParams *params)
{
  return params->text;
}

const char *
bk_strategy_params_get_display_name (const BkStrategyParams *params)
{
  return params->display_name;
}

guint
bk_strategy_params_get_n (const BkStrategyParams *params)
{
  return params->params->len;
}

const BkStrategyParam *
bk_strategy_params_get (const BkStrategyParams *params, guint i)
{
  g_return_val_if_fail (i < params->params->len, NULL);
  return &g_array_index (params->params, BkStrategyParam, i);
}

gint
bk_strategy_params_lookup (const BkStrategyParams *params, const char *name, GError **error)
{
  guint n = params->params->len;
  g_autofree const char **names = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      names[i] = bk_strategy_params_get (params, i)->name;
      if (g_str_equal (names[i], name))
        return (gint) i;
    }
  g_autofree char *shown = bk_escape_text (name, -1);
  const char *closest = bk_closest_name (name, names, n);
  if (closest != NULL)
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                 /* Translators: a parameter's name as given, the strategy file, the closest parameter's name */
                 _("no parameter '%s' in %s (did you mean '%s'?)"), shown, params->display_name, closest);
  else if (n == 0)
    g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                 /* Translators: a parameter's name as given, the strategy file */
                 _("no parameter '%s' in %s, which sets no number"), shown, params->display_name);
  else
    {
      g_autofree char *list = g_strjoinv (", ", (char **) names);
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                   /* Translators: a parameter's name as given, the strategy file, the list of its parameters */
                   _("no parameter '%s' in %s; its parameters are %s"), shown, params->display_name, list);
    }
  return -1;
}

char *
bk_strategy_params_rewrite (const BkStrategyParams *params, const double *values, gsize *len)
{
  GString *out = g_string_sized_new (params->len + 16);
  gsize at = 0;

  for (guint i = 0; i < params->params->len; i++)
    {
      const BkStrategyParam *p = bk_strategy_params_get (params, i);
      char number[BK_STRATEGY_PARAMS_NUMBER_SIZE];

      /* The same number keeps its spelling ("0.0010", "1e3"). */
      if (values[i] == p->value && signbit (values[i]) == signbit (p->value))
        continue;
      g_string_append_len (out, params->text + at, (gssize) (p->offset - at));
      bk_strategy_params_format_number (values[i], number);
      if (values[i] < 0 && p->kind != BK_STRATEGY_PARAM_SETTING)
        g_string_append_printf (out, "(%s)", number);
      else
        g_string_append (out, number);
      at = p->offset + p->length;
    }
  g_string_append_len (out, params->text + at, (gssize) (params->len - at));
  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}

gboolean
bk_strategy_params_check_value (const BkStrategyParams *params, guint i, double value, GError **error)
{
  guint n = params->params->len;
  g_autofree double *values = g_new (double, n);

  g_return_val_if_fail (i < n, FALSE);
  for (guint k = 0; k < n; k++)
    values[k] = bk_strategy_params_get (params, k)->value;
  values[i] = value;
  gsize len;
  g_autofree char *text = bk_strategy_params_rewrite (params, values, &len);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data (text, (gssize) len, params->display_name, error);
  return strategy != NULL;
}
