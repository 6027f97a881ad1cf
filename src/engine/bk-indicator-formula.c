/* bk-indicator-formula.c — the registry's formulas, compiled once.
 *
 * Composite indicators written as formulas (BkIndicatorDesc.formula) are
 * text in the strategy language, a layer above this one.  The language
 * installs its compiler here once; the registry then compiles every
 * formula and builds each type once at its defaults into a scratch graph,
 * so that a mistake in a shipped formula fails the first thing that
 * loads a strategy, not a run that happens to use that indicator.  Graph
 * builds afterwards reuse the compiled forms, which are read-only and so
 * shared by every thread. */
#include "bk-indicator.h"

#include "bk-error.h"

static const BkFormulaCompiler *compiler;
/* const BkIndicatorDesc* → BkFormula*, published whole once compiled;
 * kept for the process's life. */
static GHashTable *compiled;
static GError *install_error;   /* the first install's, or NULL */
G_LOCK_DEFINE_STATIC (install);

/* The registry's formulas, each compiled; NULL at the first that does not. */
static GHashTable *
compile_registry (GError **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                       (GDestroyNotify) compiler->free);

  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      if (desc->formula == NULL)
        continue;
      BkFormula *formula = compiler->compile (desc, error);
      if (formula == NULL)
        return NULL;
      g_hash_table_insert (table, (gpointer) desc, formula);
    }
  return g_steal_pointer (&table);
}

/* Each formula type built once at its defaults, with the compiled forms
 * (published by then: they are complete, and read-only from then on). */
static gboolean
check_registry (GError **error)
{
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);
      if (desc->formula == NULL)
        continue;
      g_autoptr(BkGraph) scratch = bk_graph_new ();
      if (bk_graph_add_indicator (scratch, NULL, desc, NULL, 0, NULL, 0, error) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
bk_indicator_set_formula_compiler (const BkFormulaCompiler *formula_compiler, GError **error)
{
  G_LOCK (install);
  if (g_atomic_pointer_get (&compiler) == NULL)
    {
      g_atomic_pointer_set (&compiler, formula_compiler);
      GHashTable *table = compile_registry (&install_error);
      if (table != NULL)
        {
          g_atomic_pointer_set (&compiled, table);
          check_registry (&install_error);
        }
    }
  if (install_error != NULL)
    g_propagate_error (error, g_error_copy (install_error));
  gboolean ok = install_error == NULL;
  G_UNLOCK (install);
  return ok;
}

gboolean
bk_indicator_build_formula (BkNode *node, GError **error)
{
  const BkFormulaCompiler *language = g_atomic_pointer_get (&compiler);
  GHashTable *table = g_atomic_pointer_get (&compiled);
  const BkFormula *formula = table != NULL ? g_hash_table_lookup (table, node->desc) : NULL;

  if (formula != NULL)
    return language->build (formula, node, error);
  if (language == NULL)
    {
      /* A programming error: nothing of the language has run yet. */
      g_critical ("%s: a formula needs the strategy language's compiler", node->desc->name);
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, "%s: no formula compiler", node->desc->name);
      return FALSE;
    }
  BkFormula *own = language->compile (node->desc, error);
  if (own == NULL)
    return FALSE;
  gboolean ok = language->build (own, node, error);
  language->free (own);
  return ok;
}
