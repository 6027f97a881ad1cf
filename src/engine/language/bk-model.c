/* bk-model.c — model files: a strategy file's [model] section, kept with
 * the strategy that computes its features.  Parsing and checking are the
 * strategy-file loader's; this module owns the result and finds the
 * feature lines in a run. */
#include "bk-model.h"

#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-parser.h"
#include "bk-strategy-builtin.h"
#include "bk-strategy-file-private.h"

struct _BkModel {
  gatomicrefcount ref_count;
  char *id;
  char *name;
  BkStrategy *strategy;
  char **features;          /* NULL-terminated, as written */
  guint n_features;
  guint horizon;
  gboolean has_split;
  double split;
};

BkModel *
bk_model_ref (BkModel *model)
{
  g_atomic_ref_count_inc (&model->ref_count);
  return model;
}

void
bk_model_unref (BkModel *model)
{
  if (model == NULL || !g_atomic_ref_count_dec (&model->ref_count))
    return;
  g_free (model->id);
  g_free (model->name);
  bk_strategy_unref (model->strategy);
  g_strfreev (model->features);
  g_free (model);
}

BkModel *
bk_model_new_from_data (const char *text, gssize len, const char *display_name, GError **error)
{
  g_autoptr(BkStrategyFileModel) spec = NULL;

  g_return_val_if_fail (text != NULL && display_name != NULL, NULL);

  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data_full (text, len, display_name, TRUE, &spec, error);
  if (strategy == NULL)
    return NULL;
  if (spec == NULL)
    {
      bk_set_error_at (error, BK_ERROR_INVALID, display_name, 1, 1, "%s",
                       /* Translators: [model] is the file's syntax; keep it as it is */
                       _("a strategy file, not a model: expected a [model] section with features= and horizon="));
      return NULL;
    }

  BkModel *model = g_new0 (BkModel, 1);
  g_atomic_ref_count_init (&model->ref_count);
  model->id = g_strdup (bk_strategy_get_id (strategy));
  model->name = g_strdup (spec->name != NULL ? spec->name : model->id);
  model->strategy = g_steal_pointer (&strategy);
  model->features = g_steal_pointer (&spec->features);
  model->n_features = g_strv_length (model->features);
  model->horizon = spec->horizon;
  model->has_split = spec->has_split;
  model->split = spec->split;
  return model;
}

BkModel *
bk_model_new_from_file (const char *path, GError **error)
{
  gsize len;
  g_autofree char *text = bk_strategy_file_read (path, &len, error);

  return text != NULL ? bk_model_new_from_data (text, (gssize) len, path, error) : NULL;
}

const char *const *
bk_model_builtin_ids (void)
{
  return bk_model_file_builtin_id_list;
}

BkModel *
bk_model_new_builtin (const char *id, GError **error)
{
  for (guint i = 0; bk_model_file_builtins[i].id != NULL; i++)
    if (g_strcmp0 (bk_model_file_builtins[i].id, id) == 0)
      {
        g_autofree char *display_name = g_strconcat (id, ".ini", NULL);
        return bk_model_new_from_data (bk_model_file_builtins[i].text, -1, display_name, error);
      }

  g_autofree char *known = g_strjoinv (", ", (char **) bk_model_file_builtin_id_list);
  g_autofree char *shown = bk_escape_text (id, -1);
  g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
               /* Translators: a name, then the list of built-in models' names */
               _("no built-in model named '%s' (built-in models: %s)"), shown, known);
  return NULL;
}

const char *
bk_model_get_id (BkModel *model)
{
  return model->id;
}

const char *
bk_model_get_name (BkModel *model)
{
  return model->name;
}

BkStrategy *
bk_model_get_strategy (BkModel *model)
{
  return model->strategy;
}

guint
bk_model_get_n_features (BkModel *model)
{
  return model->n_features;
}

const char *
bk_model_get_feature (BkModel *model, guint i)
{
  g_return_val_if_fail (i < model->n_features, NULL);
  return model->features[i];
}

guint
bk_model_get_horizon (BkModel *model)
{
  return model->horizon;
}

gboolean
bk_model_get_split (BkModel *model, double *datetime)
{
  if (model->has_split && datetime != NULL)
    *datetime = model->split;
  return model->has_split;
}

void
bk_model_set_split (BkModel *model, gboolean has_split, double datetime)
{
  model->has_split = has_split;
  model->split = has_split ? datetime : 0.0;
}
