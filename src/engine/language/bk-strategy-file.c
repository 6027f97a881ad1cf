/* bk-strategy-file.c — loading strategy files.
 *
 * The text goes through the INI reader (bk-ini.c), the section validators
 * (bk-strategy-sections.c) and the compiler's dependency order
 * (bk-strategy-compiler.c); then the whole strategy is built once into a
 * scratch graph, so that every mistake is reported when the file is
 * opened.  The strategy owns the parsed file and builds it afresh for
 * each run. */
#include "bk-strategy-file-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-ini.h"
#include "bk-strategy-compiler.h"
#include "bk-strategy-rules.h"
#include "bk-strategy-private.h"
#include "bk-strategy-sections.h"

static void
named_free (gpointer data)
{
  BkParsedIndicator *named = data;

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
  BkParsedFeature *feature = data;

  g_free (feature->text);
  g_free (feature->indicator);
  g_free (feature->line_name);
  g_free (feature);
}

static void
rule_clear (BkParsedRule *rule)
{
  bk_expr_free (rule->expr);
  g_free (rule->text);
}

static void
parsed_strategy_free (gpointer data)
{
  BkParsedStrategy *sf = data;

  if (sf == NULL)
    return;
  g_free (sf->file);
  g_free (sf->id);
  g_free (sf->name);
  g_free (sf->description);
  g_ptr_array_unref (sf->named);
  g_hash_table_unref (sf->by_name);
  g_ptr_array_unref (sf->order);
  for (guint r = 0; r < BK_RULE_N; r++)
    rule_clear (&sf->rules[r]);
  rule_clear (&sf->size);
  rule_clear (&sf->entry_price);
  rule_clear (&sf->entry_limit);
  rule_clear (&sf->stop_loss);
  rule_clear (&sf->take_profit);
  rule_clear (&sf->trail_amount);
  g_free (sf->model_name);
  if (sf->features != NULL)
    g_ptr_array_unref (sf->features);
  g_free (sf);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkParsedStrategy, parsed_strategy_free)

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
model_from_file (BkParsedStrategy *sf)
{
  BkStrategyFileModel *model = g_new0 (BkStrategyFileModel, 1);

  model->name = g_strdup (sf->model_name);
  model->features = g_new0 (char *, sf->features->len + 1);
  for (guint i = 0; i < sf->features->len; i++)
    model->features[i] = g_strdup (((BkParsedFeature *) g_ptr_array_index (sf->features, i))->text);
  model->horizon = sf->horizon;
  model->has_split = sf->has_split;
  model->split = sf->split;
  return model;
}

BkStrategy *
bk_strategy_new_from_data (const char *text, gssize len, const char *display_name, GError **error)
{
  return bk_strategy_new_from_data_full (text, len, display_name, TRUE, NULL, error);
}

BkStrategy *
bk_strategy_new_from_data_unbuilt (const char *text, gssize len, const char *display_name, GError **error)
{
  return bk_strategy_new_from_data_full (text, len, display_name, FALSE, NULL, error);
}

BkStrategy *
bk_strategy_new_from_data_full (const char *text, gssize len, const char *display_name,
                                gboolean check_build, BkStrategyFileModel **model, GError **error)
{
  g_return_val_if_fail (text != NULL && display_name != NULL, NULL);

  if (model != NULL)
    *model = NULL;
  bk_formula_install ();

  gsize n = len < 0 ? strlen (text) : (gsize) len;
  g_autoptr(BkParsedStrategy) sf = g_new0 (BkParsedStrategy, 1);
  sf->file = g_strdup (display_name);
  sf->id = id_from_display_name (display_name);
  bk_broker_settings_init (&sf->broker);
  sf->named = g_ptr_array_new_with_free_func (named_free);
  sf->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  sf->order = g_ptr_array_new ();
  sf->features = g_ptr_array_new_with_free_func (feature_free);

  g_autoptr(GPtrArray) sections = bk_ini_read (text, n, sf->file, error);
  if (sections == NULL || !bk_strategy_read_sections (sf, sections, error)
      || !bk_strategy_order_indicators (sf, error))
    return NULL;

  /* Everything else can only go wrong while building: do it once now. */
  if (check_build)
    {
      g_autoptr(BkGraph) scratch = bk_graph_new ();
      g_autoptr(GPtrArray) named = g_ptr_array_new ();
      BkStrategyBuild build = { .named = named };
      if (!bk_strategy_build_parsed (scratch, &build, sf, error))
        return NULL;
    }

  if (model != NULL && sf->has_model)
    *model = model_from_file (sf);
  const char *name = sf->name != NULL ? sf->name : sf->model_name != NULL ? sf->model_name : sf->id;
  BkParsedStrategy *owned = g_steal_pointer (&sf);
  BkStrategy *strategy = bk_strategy_new_custom (owned->id, name, owned->description,
                                                 bk_strategy_build_parsed, owned, parsed_strategy_free);
  bk_strategy_set_broker_settings (strategy, &owned->broker);
  return strategy;
}

const char *
bk_strategy_file_get_text (BkStrategy *strategy, const char *key)
{
  const BkParsedStrategy *sf = bk_strategy_get_build_data (strategy, bk_strategy_build_parsed);

  if (sf == NULL)
    return NULL;
  const BkParsedRule *rules[] = {
    &sf->rules[BK_RULE_BUY], &sf->rules[BK_RULE_SELL], &sf->rules[BK_RULE_SHORT], &sf->rules[BK_RULE_COVER],
    &sf->size, &sf->entry_price, &sf->entry_limit, &sf->stop_loss, &sf->take_profit, &sf->trail_amount,
  };
  static const char *const keys[] = {
    "buy", "sell", "short", "cover", "size", "entry_price", "entry_limit", "stop_loss", "take_profit", "trail_amount",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i], key))
      return rules[i]->text;
  g_return_val_if_reached (NULL);
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
