/* bk-budget.c — an atomic count of bytes against a limit. */
#include "bk-budget.h"

#include "bk-error.h"
#include "bk-i18n.h"

struct _BkBudget {
  gatomicrefcount ref_count;
  guint64 limit;          /* 0: none */
  char *name;
  guint64 used;           /* atomic */
  guint64 peak;           /* atomic */
  gint refused;           /* atomic */
};

BkBudget *
bk_budget_new (guint64 limit, const char *name)
{
  BkBudget *budget = g_new0 (BkBudget, 1);

  g_atomic_ref_count_init (&budget->ref_count);
  budget->limit = limit;
  budget->name = g_strdup (name);
  return budget;
}

BkBudget *
bk_budget_ref (BkBudget *budget)
{
  g_atomic_ref_count_inc (&budget->ref_count);
  return budget;
}

void
bk_budget_unref (BkBudget *budget)
{
  if (budget == NULL || !g_atomic_ref_count_dec (&budget->ref_count))
    return;
  g_free (budget->name);
  g_free (budget);
}

static void
raise_peak (BkBudget *budget, guint64 used)
{
  guint64 peak = __atomic_load_n (&budget->peak, __ATOMIC_RELAXED);

  while (used > peak
         && !__atomic_compare_exchange_n (&budget->peak, &peak, used, TRUE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}

gboolean
bk_budget_take (BkBudget *budget, guint64 bytes)
{
  if (budget == NULL)
    return TRUE;

  guint64 used = __atomic_load_n (&budget->used, __ATOMIC_RELAXED);
  guint64 want;

  /* Compare and swap, so that two threads near the limit cannot both
   * pass it. */
  do
    {
      if (bytes > G_MAXUINT64 - used || (budget->limit > 0 && used + bytes > budget->limit))
        {
          g_atomic_int_set (&budget->refused, TRUE);
          return FALSE;
        }
      want = used + bytes;
    }
  while (!__atomic_compare_exchange_n (&budget->used, &used, want, TRUE, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  raise_peak (budget, want);
  return TRUE;
}

void
bk_budget_give (BkBudget *budget, guint64 bytes)
{
  if (budget == NULL || bytes == 0)
    return;

  guint64 before = __atomic_fetch_sub (&budget->used, bytes, __ATOMIC_RELAXED);

  g_return_if_fail (before >= bytes);
}

guint64
bk_budget_get_limit (const BkBudget *budget)
{
  return budget->limit;
}

guint64
bk_budget_get_used (const BkBudget *budget)
{
  return __atomic_load_n (&budget->used, __ATOMIC_RELAXED);
}

guint64
bk_budget_get_peak (const BkBudget *budget)
{
  return __atomic_load_n (&budget->peak, __ATOMIC_RELAXED);
}

gboolean
bk_budget_was_refused (const BkBudget *budget)
{
  return g_atomic_int_get (&budget->refused);
}

char *
bk_budget_format_limit (const BkBudget *budget)
{
  g_autofree char *size = g_format_size_full (budget->limit, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: a size ("64.0 MiB") and the option that set it. */
  return budget->name != NULL ? g_strdup_printf (_("%s (%s)"), size, budget->name) : g_steal_pointer (&size);
}

void
bk_budget_set_error (const BkBudget *budget, guint64 bar, GError **error)
{
  g_autofree char *limit = bk_budget_format_limit (budget);

  if (bar == 0)
    /* Translators: %s is the limit, "64.0 MiB (--max-memory)"; rings are
     * the short lines a run keeps of every indicator. */
    g_set_error (error, BK_ERROR, BK_ERROR_MEMORY,
                 _("the run cannot start: its rings and indicators need more than is left of the memory "
                   "limit of %s; raise the limit"), limit);
  else
    /* Translators: a bar number, then the limit, "64.0 MiB (--max-memory)";
     * mode 1 keeps a fixed amount, mode -1 only the named indicators. */
    g_set_error (error, BK_ERROR, BK_ERROR_MEMORY,
                 _("run stopped at bar %llu: the lines kept need more than the memory limit of %s; "
                   "use mode 1 or -1, or raise the limit"), (unsigned long long) bar, limit);
}
