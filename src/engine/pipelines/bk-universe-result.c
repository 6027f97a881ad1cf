/* bk-universe-result.c — what a universe run leaves: its result.
 *
 * The result's lifetime; its statistics file (--stats), an exact round
 * trip read back for merging; the merge of shards; and its JSON form.
 */

#include "bk-universe-private.h"

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-json.h"
#include "bk-output-file.h"
#include "bk-text.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define BK_UNIVERSE_STATS_VERSION 1

/* ---- the result --------------------------------------------------------- */

static void
clear_symbol (gpointer data)
{
  BkUniverseSymbol *symbol = data;

  g_free (symbol->symbol);
}

void
bk_universe_skip_clear (gpointer data)
{
  BkUniverseSkip *skip = data;

  g_free (skip->file);
  g_free (skip->error);
}

BkUniverseResult *
bk_universe_result_new (guint k)
{
  BkUniverseResult *r = g_new0 (BkUniverseResult, 1);

  r->symbols = g_array_new (FALSE, TRUE, sizeof (BkUniverseSymbol));
  g_array_set_clear_func (r->symbols, clear_symbol);
  r->skipped = g_array_new (FALSE, TRUE, sizeof (BkUniverseSkip));
  g_array_set_clear_func (r->skipped, bk_universe_skip_clear);
  r->timeline = g_array_new (FALSE, TRUE, sizeof (BkUniverseSample));
  r->warnings = g_array_new (FALSE, TRUE, sizeof (BkUniverseSample));
  r->cleanups = g_array_new (FALSE, TRUE, sizeof (BkUniverseCleanupRecord));
  r->train = bk_reg_sum_new (k);
  r->test = bk_reg_sum_new (k);
  r->n_features = k;
  r->shard = 1;
  r->n_shards = 1;
  return r;
}

void
bk_universe_result_free (BkUniverseResult *r)
{
  if (r == NULL)
    return;
  g_free (r->model_id);
  g_free (r->model_name);
  g_strfreev (r->features);
  g_array_unref (r->symbols);
  g_array_unref (r->skipped);
  g_clear_pointer (&r->train, bk_reg_sum_free);
  g_clear_pointer (&r->test, bk_reg_sum_free);
  g_array_unref (r->timeline);
  g_array_unref (r->warnings);
  g_array_unref (r->cleanups);
  g_free (r);
}

gint
bk_universe_symbol_compare (gconstpointer a, gconstpointer b)
{
  const BkUniverseSymbol *x = a, *y = b;

  return strcmp (x->symbol, y->symbol);
}

gint
bk_universe_skip_compare (gconstpointer a, gconstpointer b)
{
  const BkUniverseSkip *x = a, *y = b;

  return strcmp (x->file, y->file);
}

/* ---- statistics files --------------------------------------------------- */

#define STATS_MAGIC "barkeep-universe-stats"

static void
append_field (GString *out, const char *text)
{
  g_autofree char *escaped = g_strescape (text, "");

  g_string_append_c (out, '\t');
  g_string_append (out, escaped);
}

static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, '\t');
  if (isnan (value))
    g_string_append (out, "nan");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%a", value));
}

char *
bk_universe_format_stats (const BkUniverseResult *r)
{
  GString *out = g_string_new (NULL);
  g_autofree char *train = bk_reg_sum_to_text (r->train);
  g_autofree char *test = bk_reg_sum_to_text (r->test);

  g_string_append_printf (out, "%s %d\nmodel", STATS_MAGIC, BK_UNIVERSE_STATS_VERSION);
  append_field (out, r->model_id);
  append_field (out, r->model_name);
  g_string_append (out, "\nfeatures");
  for (guint j = 0; j < r->n_features; j++)
    append_field (out, r->features[j]);
  g_string_append_printf (out, "\nhorizon\t%u\nsplit", r->horizon);
  if (r->has_split)
    {
      char date[40];

      bk_format_datetime (r->split, FALSE, date);
      append_field (out, date);
    }
  else
    append_field (out, "none");
  g_string_append_printf (out, "\nprecision\t%s\nshard\t%u\t%u\nbars\t%" G_GUINT64_FORMAT "\n",
                          r->precision == BK_PRECISION_F32 ? "f32" : "f64", r->shard, r->n_shards, r->bars);
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *symbol = &g_array_index (r->symbols, BkUniverseSymbol, i);

      g_string_append (out, "symbol");
      append_field (out, symbol->symbol);
      g_string_append_printf (out, "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT, symbol->train, symbol->test);
      append_double (out, symbol->first);
      append_double (out, symbol->last);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *skip = &g_array_index (r->skipped, BkUniverseSkip, i);

      g_string_append (out, "skip");
      append_field (out, skip->file);
      append_field (out, skip->error);
      g_string_append_c (out, '\n');
    }
  /* Each sum ends with its own "end" line. */
  g_string_append_printf (out, "train\n%stest\n%s", train, test);
  return g_string_free (out, FALSE);
}

gboolean
bk_universe_write_stats (const BkUniverseResult *r, const char *path, GError **error)
{
  g_autofree char *text = bk_universe_format_stats (r);

  return bk_output_file_set_contents (path, text, strlen (text), BK_OUTPUT_DEFAULT, error);
}

typedef struct {
  const char *path;
  char **lines;
  guint n;
  guint i;                      /* the line being read, 0-based */
  GError **error;
} StatsReader;

static G_GNUC_PRINTF (3, 4) gboolean
stats_fail (StatsReader *sr, guint column, const char *format, ...)
{
  va_list args;
  g_autofree char *problem = NULL;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (sr->error, BK_ERROR, BK_ERROR_PARSE, "%s:%u:%u: %s", sr->path, sr->i + 1, column, problem);
  return FALSE;
}

/* The fields of the current line after its keyword, unescaped; NULL and
 * an error unless there are `min` to `max` of them. */
static char **
stats_fields (StatsReader *sr, const char *keyword, guint min, guint max)
{
  const char *line = sr->i < sr->n ? sr->lines[sr->i] : "";
  gsize len = strlen (keyword);

  if (strncmp (line, keyword, len) != 0 || (line[len] != '\t' && line[len] != '\0'))
    {
      stats_fail (sr, 1, _("expected '%s' in this statistics file"), keyword);
      return NULL;
    }
  char **fields = line[len] == '\0' ? g_new0 (char *, 1) : g_strsplit (line + len + 1, "\t", -1);
  guint n = g_strv_length (fields);
  if (n < min || n > max)
    {
      g_strfreev (fields);
      stats_fail (sr, 1, _("'%s' has %u fields, expected %u"), keyword, n, min);
      return NULL;
    }
  /* Unescaped, then made safe to show: an edited file may hold any
   * bytes, and names go to the terminal and into JSON. */
  for (guint j = 0; j < n; j++)
    {
      gsize len_j = strlen (fields[j]), backslashes = 0;

      while (backslashes < len_j && fields[j][len_j - 1 - backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 1)
        {
          g_strfreev (fields);
          stats_fail (sr, 1, _("'%s' ends in a lone '\\'"), keyword);
          return NULL;
        }
      g_autofree char *plain = g_strcompress (fields[j]);
      g_free (fields[j]);
      fields[j] = bk_escape_text (plain, -1);
    }
  return fields;
}

static gboolean
stats_number (StatsReader *sr, const char *text, guint64 max, guint64 *value)
{
  guint64 any;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &any, NULL))
    return stats_fail (sr, 1, _("expected a whole number, found '%s'"), text);
  if (any > max)
    return stats_fail (sr, 1, _("%s is more than %llu"), text, (unsigned long long) max);
  *value = any;
  return TRUE;
}

static gboolean
stats_double (StatsReader *sr, const char *text, double *value)
{
  char *end;

  if (strcmp (text, "nan") == 0)
    {
      *value = NAN;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0' || !isfinite (*value))
    return stats_fail (sr, 1, _("expected a number, found '%s'"), text);
  return TRUE;
}

/* The lines of one sum, up to its "end" line, which it reads itself. */
static BkRegSum *
stats_sum (StatsReader *sr, guint k)
{
  guint first = sr->i;

  while (sr->i < sr->n && strcmp (sr->lines[sr->i], "end") != 0)
    sr->i++;
  if (sr->i < sr->n)
    sr->i++;
  g_autofree char *block = NULL;
  {
    g_autoptr(GString) text = g_string_new (NULL);
    for (guint i = first; i < sr->i; i++)
      g_string_append_printf (text, "%s\n", sr->lines[i]);
    block = g_string_free (g_steal_pointer (&text), FALSE);
  }
  return bk_reg_sum_from_text (block, k, sr->path, first + 1, sr->error);
}

BkUniverseResult *
bk_universe_read_stats (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!bk_universe_read_regular (path, &text, &length, error))
    return NULL;
  return bk_universe_read_stats_from_data (text, length, path, error);
}

/* What the file's own numbers imply: each symbol once, its dates there
 * exactly when it has rows, its rows adding up to the sums' counts, and
 * no more rows than bars. */
static gboolean
stats_check_symbols (StatsReader *sr, BkUniverseResult *r, guint first_symbol_line, guint train_line, guint test_line)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 train = 0, test = 0;

  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);
      guint64 rows = s->train + s->test;

      sr->i = first_symbol_line + i;
      if (!g_hash_table_add (seen, s->symbol))
        return stats_fail (sr, 8, _("symbol %s is listed twice"), s->symbol);
      if (rows < s->train || isnan (s->first) != (rows == 0) || isnan (s->last) != (rows == 0)
          || s->first > s->last)
        return stats_fail (sr, 8, _("symbol %s: its first and last dates do not match its rows"), s->symbol);
      train += s->train;
      test += s->test;
      if (train < s->train || test < s->test)
        return stats_fail (sr, 8, "%s", _("the symbols' rows add up to more than a count can hold"));
    }
  /* The "n" lines: the second of each sum. */
  sr->i = train_line + 2;
  if (train != bk_reg_sum_get_n (r->train))
    return stats_fail (sr, 3, _("%llu training rows, but the symbols have %llu"),
                       (unsigned long long) bk_reg_sum_get_n (r->train), (unsigned long long) train);
  sr->i = test_line + 2;
  if (test != bk_reg_sum_get_n (r->test))
    return stats_fail (sr, 3, _("%llu test rows, but the symbols have %llu"),
                       (unsigned long long) bk_reg_sum_get_n (r->test), (unsigned long long) test);
  if (train + test < train || train + test > r->bars)
    {
      sr->i = first_symbol_line - 1;
      return stats_fail (sr, 6, _("%llu bars cannot give %llu rows"), (unsigned long long) r->bars,
                         (unsigned long long) (train + test));
    }
  return TRUE;
}

BkUniverseResult *
bk_universe_read_stats_from_data (const char *data, gsize length, const char *name, GError **error)
{
  g_autofree char *path = bk_escape_text (name, -1);

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s:1:1: not a statistics file: it is not text"), path);
      return NULL;
    }

  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  StatsReader sr = { path, lines, g_strv_length (lines), 0, error };
  g_autoptr(BkUniverseResult) r = NULL;
  g_auto(GStrv) f = NULL;
  guint64 number = 0, shard = 0, n_shards = 0;

  if (g_strcmp0 (lines[0], STATS_MAGIC " 1") != 0)
    {
      stats_fail (&sr, 1, _("not a Barkeep statistics file (version %d): it starts with something else"),
                  BK_UNIVERSE_STATS_VERSION);
      return NULL;
    }
  sr.i++;
  if ((f = stats_fields (&sr, "model", 2, 2)) == NULL)
    return NULL;
  g_auto(GStrv) model = g_steal_pointer (&f);
  sr.i++;
  if ((f = stats_fields (&sr, "features", 1, BK_REG_MAX_FEATURES)) == NULL)
    return NULL;
  r = bk_universe_result_new (g_strv_length (f));
  r->features = g_steal_pointer (&f);
  r->model_id = g_strdup (model[0]);
  r->model_name = g_strdup (model[1]);
  sr.i++;
  if ((f = stats_fields (&sr, "horizon", 1, 1)) == NULL || !stats_number (&sr, f[0], G_MAXUINT, &number))
    return NULL;
  if (number < 1)
    {
      stats_fail (&sr, 9, "%s", _("the horizon is at least 1 bar"));
      return NULL;
    }
  r->horizon = (guint) number;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "split", 1, 1)) == NULL)
    return NULL;
  if (strcmp (f[0], "none") != 0)
    {
      g_autoptr(GError) date_error = NULL;

      if (!bk_model_parse_date (f[0], &r->split, &date_error))
        {
          stats_fail (&sr, 1, "%s", date_error->message);
          return NULL;
        }
      r->has_split = TRUE;
    }
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "precision", 1, 1)) == NULL)
    return NULL;
  if (strcmp (f[0], "f64") != 0 && strcmp (f[0], "f32") != 0)
    {
      stats_fail (&sr, 1, _("expected f64 or f32, found '%s'"), f[0]);
      return NULL;
    }
  r->precision = strcmp (f[0], "f32") == 0 ? BK_PRECISION_F32 : BK_PRECISION_F64;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  /* A count checked against what it implies before anything is sized by
   * it: at most as many shards as a run can be cut into. */
  if ((f = stats_fields (&sr, "shard", 2, 2)) == NULL || !stats_number (&sr, f[1], BK_UNIVERSE_MAX_SHARDS, &n_shards)
      || !stats_number (&sr, f[0], n_shards, &shard))
    return NULL;
  if (shard < 1)
    {
      stats_fail (&sr, 1, "%s", _("shards are numbered from 1"));
      return NULL;
    }
  r->shard = (guint) shard;
  r->n_shards = (guint) n_shards;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  if ((f = stats_fields (&sr, "bars", 1, 1)) == NULL || !stats_number (&sr, f[0], G_MAXUINT64, &r->bars))
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  guint first_symbol_line = sr.i + 1;
  for (sr.i++; sr.i < sr.n && g_str_has_prefix (lines[sr.i], "symbol\t"); sr.i++)
    {
      BkUniverseSymbol symbol = { 0 };

      if ((f = stats_fields (&sr, "symbol", 5, 5)) == NULL || !stats_number (&sr, f[1], G_MAXUINT64, &symbol.train)
          || !stats_number (&sr, f[2], G_MAXUINT64, &symbol.test) || !stats_double (&sr, f[3], &symbol.first)
          || !stats_double (&sr, f[4], &symbol.last))
        return NULL;
      symbol.symbol = g_strdup (f[0]);
      g_array_append_val (r->symbols, symbol);
      g_clear_pointer (&f, g_strfreev);
    }
  for (; sr.i < sr.n && g_str_has_prefix (lines[sr.i], "skip\t"); sr.i++)
    {
      if ((f = stats_fields (&sr, "skip", 2, 2)) == NULL)
        return NULL;
      BkUniverseSkip skip = { g_strdup (f[0]), g_strdup (f[1]) };
      g_array_append_val (r->skipped, skip);
      g_clear_pointer (&f, g_strfreev);
    }
  if ((f = stats_fields (&sr, "train", 0, 0)) == NULL)
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  guint train_line = sr.i;
  bk_reg_sum_free (r->train);
  if ((r->train = stats_sum (&sr, r->n_features)) == NULL)
    return NULL;
  if ((f = stats_fields (&sr, "test", 0, 0)) == NULL)
    return NULL;
  g_clear_pointer (&f, g_strfreev);
  sr.i++;
  guint test_line = sr.i;
  bk_reg_sum_free (r->test);
  if ((r->test = stats_sum (&sr, r->n_features)) == NULL)
    return NULL;
  guint end_line = sr.i;
  if (!stats_check_symbols (&sr, r, first_symbol_line, train_line, test_line))
    return NULL;
  sr.i = end_line;
  if (sr.i < sr.n && !(sr.i == sr.n - 1 && lines[sr.i][0] == '\0'))
    {
      stats_fail (&sr, 1, "%s", _("unexpected text after the statistics"));
      return NULL;
    }
  return g_steal_pointer (&r);
}

static gboolean
same_model (const BkUniverseResult *a, const BkUniverseResult *b)
{
  if (strcmp (a->model_id, b->model_id) != 0 || a->n_features != b->n_features || a->horizon != b->horizon
      || a->has_split != b->has_split || (a->has_split && a->split != b->split) || a->precision != b->precision)
    return FALSE;
  for (guint j = 0; j < a->n_features; j++)
    if (strcmp (a->features[j], b->features[j]) != 0)
      return FALSE;
  return TRUE;
}

static gint
compare_guints (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Every shard of 1..N once.  N comes from a file: nothing is sized by it,
 * and more shards than parts means one is missing. */
static gboolean
check_shards (GPtrArray *results, guint n_shards, GError **error)
{
  g_autoptr(GArray) shards = g_array_sized_new (FALSE, FALSE, sizeof (guint), results->len);

  for (guint i = 0; i < results->len; i++)
    {
      const BkUniverseResult *r = g_ptr_array_index (results, i);
      g_array_append_val (shards, r->shard);
    }
  g_array_sort (shards, compare_guints);
  for (guint i = 0; i < shards->len; i++)
    {
      guint shard = g_array_index (shards, guint, i);

      if (i > 0 && shard == g_array_index (shards, guint, i - 1))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is given twice"), shard, n_shards);
          return FALSE;
        }
      /* Sorted and without repeats: shard i + 1 is there when the i-th is it. */
      if (shard != i + 1)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is missing"), i + 1, n_shards);
          return FALSE;
        }
    }
  if (shards->len < n_shards)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("shard %u of %u is missing"), shards->len + 1, n_shards);
      return FALSE;
    }
  return TRUE;
}

BkUniverseResult *
bk_universe_merge (GPtrArray *results, GError **error)
{
  g_return_val_if_fail (results->len > 0, NULL);

  BkUniverseResult *first = g_ptr_array_index (results, 0);
  guint n_shards = first->n_shards;

  for (guint i = 0; i < results->len; i++)
    {
      BkUniverseResult *r = g_ptr_array_index (results, i);

      if (!same_model (first, r))
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("the statistics do not belong together: part %u has another model, features, "
                         "horizon, split or precision than part 1"), i + 1);
          return NULL;
        }
      if (r->n_shards != n_shards)
        {
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       _("the statistics do not belong together: part %u is one of %u shards, part 1 one of %u"),
                       i + 1, r->n_shards, n_shards);
          return NULL;
        }
    }
  if (!check_shards (results, n_shards, error))
    return NULL;

  g_autoptr(BkUniverseResult) merged = bk_universe_result_new (first->n_features);
  g_autoptr(GHashTable) symbol_shard = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) skips = g_hash_table_new (g_str_hash, g_str_equal);
  merged->model_id = g_strdup (first->model_id);
  merged->model_name = g_strdup (first->model_name);
  merged->features = g_strdupv (first->features);
  merged->horizon = first->horizon;
  merged->has_split = first->has_split;
  merged->split = first->split;
  merged->precision = first->precision;
  for (guint i = 0; i < results->len; i++)
    {
      BkUniverseResult *r = g_ptr_array_index (results, i);

      bk_reg_sum_merge (merged->train, r->train);
      bk_reg_sum_merge (merged->test, r->test);
      merged->bars += r->bars;
      merged->elapsed += r->elapsed;
      for (guint j = 0; j < r->symbols->len; j++)
        {
          BkUniverseSymbol s = g_array_index (r->symbols, BkUniverseSymbol, j);
          gpointer other;

          /* Shards of one universe are disjoint: a symbol in two would
           * count twice. */
          if (g_hash_table_lookup_extended (symbol_shard, s.symbol, NULL, &other))
            {
              g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("symbol %s is in shard %u and in shard %u"),
                           s.symbol, GPOINTER_TO_UINT (other), r->shard);
              return NULL;
            }
          g_hash_table_insert (symbol_shard, s.symbol, GUINT_TO_POINTER (r->shard));
          s.symbol = g_strdup (s.symbol);
          g_array_append_val (merged->symbols, s);
        }
      /* What the listing left out, every shard tells: once here. */
      for (guint j = 0; j < r->skipped->len; j++)
        {
          BkUniverseSkip s = g_array_index (r->skipped, BkUniverseSkip, j);

          if (!g_hash_table_add (skips, s.error))
            continue;
          s.file = g_strdup (s.file);
          s.error = g_strdup (s.error);
          g_array_append_val (merged->skipped, s);
        }
    }
  g_array_sort (merged->symbols, bk_universe_symbol_compare);
  g_array_sort (merged->skipped, bk_universe_skip_compare);
  return g_steal_pointer (&merged);
}

/* ---- JSON --------------------------------------------------------------- */

/* A date as "2001-01-02", null when there is none. */
static JsonNode *
date_json (double datetime)
{
  char date[40];

  if (isnan (datetime))
    return json_node_new (JSON_NODE_NULL);
  bk_format_datetime (datetime, FALSE, date);
  return json_node_init_string (json_node_alloc (), date);
}

static JsonArray *
features_json (const BkUniverseResult *r, guint32 mask)
{
  JsonArray *array = json_array_new ();

  for (guint j = 0; j < r->n_features; j++)
    if (mask & (1u << j))
      json_array_add_string_element (array, r->features[j]);
  return array;
}

guint64
bk_universe_rows_total (const BkUniverseResult *r, gboolean train)
{
  guint64 n = 0;

  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);
      n += train ? s->train : s->test;
    }
  return n;
}

static void
add_sample_json (JsonArray *array, const BkUniverseSample *s, guint64 start_rss, gboolean warning)
{
  JsonObject *o = bk_json_array_add_object (array);

  json_object_set_double_member (o, "t", s->t);
  if (!warning)
    json_object_set_int_member (o, "symbols", s->symbols);
  json_object_set_int_member (o, "chunk", s->chunk);
  json_object_set_int_member (o, "rss_bytes", s->rss_bytes);
  if (warning)
    json_object_set_int_member (o, "growth_bytes", s->rss_bytes > start_rss ? s->rss_bytes - start_rss : 0);
  json_object_set_int_member (o, "cells", s->cells);
}

static void
set_model_json (JsonObject *model, const BkUniverseResult *r)
{
  bk_json_object_set_text (model, "name", r->model_name);
  bk_json_object_set_text (model, "id", r->model_id);
  json_object_set_array_member (model, "features", features_json (r, G_MAXUINT32));
  json_object_set_int_member (model, "horizon", r->horizon);
  json_object_set_member (model, "split", date_json (r->has_split ? r->split : NAN));
  json_object_set_string_member (model, "precision", r->precision == BK_PRECISION_F32 ? "f32" : "f64");
}

static void
set_symbols_json (JsonObject *symbols, const BkUniverseResult *r)
{
  json_object_set_int_member (symbols, "used", r->symbols->len);
  JsonArray *skipped = bk_json_object_add_array (symbols, "skipped");
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *s = &g_array_index (r->skipped, BkUniverseSkip, i);
      JsonObject *o = bk_json_array_add_object (skipped);

      bk_json_object_set_text (o, "file", s->file);
      bk_json_object_set_text (o, "error", s->error);
    }
  JsonArray *rows = bk_json_object_add_array (symbols, "rows");
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);
      JsonObject *o = bk_json_array_add_object (rows);

      bk_json_object_set_text (o, "symbol", s->symbol);
      json_object_set_int_member (o, "train", s->train);
      json_object_set_int_member (o, "test", s->test);
      json_object_set_member (o, "first", date_json (s->first));
      json_object_set_member (o, "last", date_json (s->last));
    }
}

static void
set_bma_json (JsonObject *object, const BkUniverseResult *r, const BkBmaResult *bma)
{
  JsonArray *features = bk_json_object_add_array (object, "features");
  for (guint j = 0; j < r->n_features; j++)
    {
      JsonObject *o = bk_json_array_add_object (features);

      bk_json_object_set_text (o, "name", r->features[j]);
      json_object_set_double_member (o, "pip", bma->pip[j]);
      json_object_set_double_member (o, "mean", bma->mean[j]);
      json_object_set_double_member (o, "sd", bma->sd[j]);
    }
  JsonObject *intercept = bk_json_object_add_object (object, "intercept");
  json_object_set_double_member (intercept, "mean", bma->intercept_mean);
  json_object_set_double_member (intercept, "sd", bma->intercept_sd);
  JsonArray *models = bk_json_object_add_array (object, "models");
  for (guint i = 0; i < bma->n_models; i++)
    {
      const BkBmaModel *m = &bma->models[i];
      JsonObject *o = bk_json_array_add_object (models);

      json_object_set_array_member (o, "features", features_json (r, m->features));
      json_object_set_double_member (o, "probability", m->probability);
      json_object_set_double_member (o, "r2", m->r2);
      json_object_set_double_member (o, "bic", m->bic);
    }
  JsonArray *excluded = bk_json_object_add_array (object, "excluded");
  for (guint i = 0; i < bma->n_excluded; i++)
    json_array_add_array_element (excluded, features_json (r, bma->excluded[i]));
  JsonObject *test_r2 = bk_json_object_add_object (object, "test_r2");
  if (bma->has_test_r2)
    {
      json_object_set_double_member (test_r2, "bma", bma->test_r2_bma);
      json_object_set_double_member (test_r2, "best", bma->test_r2_best);
    }
  else
    {
      json_object_set_null_member (test_r2, "bma");
      json_object_set_null_member (test_r2, "best");
    }
}

static void
set_memory_json (JsonObject *memory, const BkUniverseResult *r)
{
  json_object_set_int_member (memory, "start_rss_bytes", r->start_rss_bytes);
  json_object_set_int_member (memory, "peak_rss_bytes", r->peak_rss_bytes);
  json_object_set_int_member (memory, "warn_growth_bytes", r->warn_growth_bytes);
  JsonArray *timeline = bk_json_object_add_array (memory, "timeline");
  for (guint i = 0; i < r->timeline->len; i++)
    add_sample_json (timeline, &g_array_index (r->timeline, BkUniverseSample, i), r->start_rss_bytes, FALSE);
  JsonArray *warnings = bk_json_object_add_array (memory, "warnings");
  for (guint i = 0; i < r->warnings->len; i++)
    add_sample_json (warnings, &g_array_index (r->warnings, BkUniverseSample, i), r->start_rss_bytes, TRUE);
  JsonArray *cleanups = bk_json_object_add_array (memory, "cleanups");
  for (guint i = 0; i < r->cleanups->len; i++)
    {
      const BkUniverseCleanupRecord *c = &g_array_index (r->cleanups, BkUniverseCleanupRecord, i);
      JsonObject *o = bk_json_array_add_object (cleanups);

      json_object_set_int_member (o, "chunk", c->chunk);
      json_object_set_int_member (o, "before_bytes", c->before_bytes);
      json_object_set_int_member (o, "after_bytes", c->after_bytes);
    }
}

char *
bk_universe_format_json (const BkUniverseResult *r, const BkBmaResult *bma)
{
  g_autoptr(JsonObject) object = json_object_new ();
  GString *out = g_string_new (NULL);

  set_model_json (bk_json_object_add_object (object, "model"), r);
  set_symbols_json (bk_json_object_add_object (object, "symbols"), r);
  JsonObject *rows = bk_json_object_add_object (object, "rows");
  json_object_set_int_member (rows, "train", bk_universe_rows_total (r, TRUE));
  json_object_set_int_member (rows, "test", bk_universe_rows_total (r, FALSE));
  set_bma_json (bk_json_object_add_object (object, "bma"), r, bma);
  set_memory_json (bk_json_object_add_object (object, "memory"), r);
  JsonObject *stats = bk_json_object_add_object (object, "stats");
  json_object_set_int_member (stats, "symbols", r->symbols->len);
  json_object_set_int_member (stats, "bars", r->bars);
  json_object_set_double_member (stats, "elapsed_seconds", r->elapsed);
  json_object_set_double_member (stats, "bars_per_second", r->elapsed > 0 ? r->bars / r->elapsed : 0.0);
  bk_json_append_object (out, object);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
