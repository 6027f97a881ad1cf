/* bk-model-run.c — a model's features among a run's lines. */

#include "bk-model-run.h"

#include "bk-error.h"
#include "bk-i18n.h"

#include <string.h>

gboolean
bk_model_get_feature_lines (BkModel *model, BkRun *run, BkLine **lines, GError **error)
{
  GPtrArray *named = bk_run_get_named (run);

  for (guint i = 0; i < bk_model_get_n_features (model); i++)
    {
      const char *feature = bk_model_get_feature (model, i);
      const char *dot = strchr (feature, '.');
      g_autofree char *indicator = dot != NULL ? g_strndup (feature, (gsize) (dot - feature)) : g_strdup (feature);
      BkNode *node = NULL;

      for (guint j = 0; node == NULL && j < named->len; j++)
        {
          BkNode *candidate = g_ptr_array_index (named, j);
          if (g_strcmp0 (candidate->name, indicator) == 0)
            node = candidate;
        }
      lines[i] = NULL;
      for (guint j = 0; node != NULL && lines[i] == NULL && j < node->n_outputs; j++)
        if (dot == NULL || g_str_equal (node->outputs[j]->name, dot + 1))
          lines[i] = node->outputs[j]->line;
      if (lines[i] == NULL)
        {
          /* Loading checked the features: the run is of another strategy. */
          g_set_error (error, BK_ERROR, BK_ERROR_INVALID,
                       /* Translators: a feature's name, the model's id, the run's strategy's id */
                       _("no line for feature '%s' of model %s in a run of strategy %s"),
                       feature, bk_model_get_id (model), bk_strategy_get_id (bk_run_get_strategy (run)));
          return FALSE;
        }
    }
  return TRUE;
}
