/* bk-indicator-formula.c — the registry's formulas, each compiled once.
 *
 * Composite indicators written as formulas (BkIndicatorDesc.formula) are
 * text in the strategy language, a layer above this one.  The language
 * installs its compiler here; a registry formula is compiled the first
 * time a graph builds its type, and that compiled form serves every later
 * build, from any thread.  Nothing is compiled that a run does not use,
 * so a command starts without compiling fifty formulas; the tests check
 * every shipped formula at once (bk_indicator_check_formulas), so that a
 * mistake in one fails the library's tests, not a run that happens to use
 * that indicator.  The graph, below, builds a formula indicator through
 * the builder installed here with the compiler (bk_graph_set_formula_builder). */
#include "bk-indicator.h"

#include "bk-graph-private.h"

static const BkFormulaCompiler *compiler;
/* Registry descriptor → its compiled BkFormula, kept for the process's
 * life; looked up and filled under the lock (at graph builds, never per
 * bar). */
static GHashTable *compiled;
G_LOCK_DEFINE_STATIC (formulas);

static gboolean build_formula (BkNode *node, GError **error);

void
bk_indicator_set_formula_compiler (const BkFormulaCompiler *formula_compiler)
{
  G_LOCK (formulas);
  if (compiler == NULL)
    {
      compiler = formula_compiler;
      compiled = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) compiler->free);
    }
  G_UNLOCK (formulas);
  bk_graph_set_formula_builder (build_formula);
}

static gboolean
is_registry_type (const BkIndicatorDesc *desc)
{
  return bk_indicator_lookup (desc->name) == desc;
}

/* The compiled form of a registry type, compiled now if it is the first
 * build of that type; NULL with the formula's mistake. */
static const BkFormula *
registry_formula (const BkFormulaCompiler *language, const BkIndicatorDesc *desc, GError **error)
{
  G_LOCK (formulas);
  BkFormula *formula = g_hash_table_lookup (compiled, desc);
  if (formula == NULL && (formula = language->compile (desc, error)) != NULL)
    g_hash_table_insert (compiled, (gpointer) desc, formula);
  G_UNLOCK (formulas);
  return formula;
}

/* The graph's formula builder: `node`'s type's compiled form, or for a
 * type outside the registry, compiled now. */
static gboolean
build_formula (BkNode *node, GError **error)
{
  G_LOCK (formulas);
  const BkFormulaCompiler *language = compiler;
  G_UNLOCK (formulas);

  if (is_registry_type (node->desc))
    {
      const BkFormula *formula = registry_formula (language, node->desc, error);
      return formula != NULL && language->build (formula, node, error);
    }
  /* A type outside the registry (a test's) may not live as long as the
   * process: compiled for this build only. */
  BkFormula *own = language->compile (node->desc, error);
  if (own == NULL)
    return FALSE;
  gboolean ok = language->build (own, node, error);
  language->free (own);
  return ok;
}

gboolean
bk_indicator_check_formulas (GError **error)
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
