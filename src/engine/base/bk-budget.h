/* bk-budget.h — a bound on the memory that runs keep.
 *
 * A budget is a limit in bytes and a count of the bytes taken from it.  A
 * run takes what it keeps: its rings and its nodes' state when it is
 * planned, its whole lines' blocks and its broker's trades as they grow;
 * and gives all of it back when it is freed.  Runs on several threads may
 * share one budget (a universe's workers do, so that more workers do not
 * multiply the limit): the count is atomic.
 *
 * A take that would pass the limit is refused and not counted.  The
 * memory is then allocated all the same, so that the bar in progress can
 * finish, and the run stops with BK_ERROR_MEMORY (bk_budget_set_error).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BkBudget BkBudget;

/* `limit` in bytes, 0 for none (the count goes on).  `name` says where the
 * limit comes from in messages ("--max-memory"); it may be NULL. */
BkBudget *bk_budget_new (guint64 limit, const char *name);
BkBudget *bk_budget_ref (BkBudget *budget);
void bk_budget_unref (BkBudget *budget);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkBudget, bk_budget_unref)

/* Counts `bytes` as taken, unless that would pass the limit: then FALSE
 * and nothing counted.  A NULL budget takes anything. */
gboolean bk_budget_take (BkBudget *budget, guint64 bytes);
/* Gives back bytes taken.  A NULL budget ignores it. */
void bk_budget_give (BkBudget *budget, guint64 bytes);

guint64 bk_budget_get_limit (const BkBudget *budget);
guint64 bk_budget_get_used (const BkBudget *budget);
/* The most ever taken at once. */
guint64 bk_budget_get_peak (const BkBudget *budget);
/* Whether a take was ever refused. */
gboolean bk_budget_was_refused (const BkBudget *budget);

/* The limit for messages: "64.0 MiB (--max-memory)". */
char *bk_budget_format_limit (const BkBudget *budget);

/* The error of a run that a refused take stopped: `bar` is the bar it
 * stopped at, 0 when it stopped before the first (its plan). */
void bk_budget_set_error (const BkBudget *budget, guint64 bar, GError **error);

G_END_DECLS
