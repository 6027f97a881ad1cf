/* bk-strategy-builtin.c — the built-in strategies, and finding a strategy
 * by name: the strategy files of data/strategies/, embedded in the engine
 * at build time (bk-strategy-builtins.c, generated). */
#include "bk-strategy-builtin.h"

#include <string.h>

#include "bk-error.h"
#include "bk-i18n.h"
#include "bk-parser.h"
#include "bk-strategy-file.h"

const char *const *
bk_strategy_list_builtin (void)
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
bk_strategy_new_builtin (const char *id, GError **error)
{
  const char *text = bk_strategy_file_builtin_text (id);

  if (text == NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("no built-in strategy named '%s'"), id);
      return NULL;
    }
  /* The tests build and run every built-in strategy, so the build that
   * loading a strategy file makes to find its mistakes has nothing to find
   * here: a command that uses one starts without it. */
  g_autofree char *display_name = g_strconcat (id, ".ini", NULL);
  return bk_strategy_new_from_data_unbuilt (text, -1, display_name, error);
}

/* The built-in name `name` was meant as, or NULL: the one it begins
 * ("sma-cross"), else the closest by bk_closest_name, case aside. */
static const char *
closest_builtin (const char *name)
{
  const char *const *ids = bk_strategy_list_builtin ();
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (lower[0] == '\0')
    return NULL;
  for (const char *const *id = ids; *id != NULL; id++)
    if (g_str_has_prefix (*id, lower))
      return *id;
  return bk_closest_name (lower, ids, g_strv_length ((char **) ids));
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
