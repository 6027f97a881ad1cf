/* bk-regstats.h — the statistics a linear regression needs, without rows.
 *
 * BkRegRows accumulates one symbol's rows in its bar order with plain
 * double arithmetic: n, Σx, Σy, X'X, X'y and y'y.  BkRegSum adds symbols'
 * totals exactly (each entry an exactly rounded sum, BkFsum), so that its
 * rounded values do not depend on the order symbols are added in nor on
 * how they were split into sums that are merged: chunks, worker threads,
 * file order and shards all give the same bits.  A BkRegSum writes itself
 * as text that reads back to the same exact sums.  Memory: O(k²). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BK_REG_MAX_FEATURES 20
#define BK_REG_PACKED_SIZE(k) ((k) * ((k) + 1) / 2)

/* Index of X'X[i][j] in the packed lower triangle (either order of i, j). */
#define BK_REG_PACKED_INDEX(i, j) \
  ((i) >= (j) ? (i) * ((i) + 1) / 2 + (j) : (j) * ((j) + 1) / 2 + (i))

typedef struct {
  guint k;                     /* features, 1..BK_REG_MAX_FEATURES */
  guint64 n;                   /* rows added */
  double sum_x[BK_REG_MAX_FEATURES];
  double sum_y;
  double xtx[BK_REG_PACKED_SIZE (BK_REG_MAX_FEATURES)];   /* packed lower triangle */
  double xty[BK_REG_MAX_FEATURES];
  double yty;
} BkRegRows;

void bk_reg_rows_init (BkRegRows *rows, guint k);
/* Back to no rows, keeping k. */
void bk_reg_rows_clear (BkRegRows *rows);
/* One row: x[0..k-1] and y, all finite (the caller checks). */
void bk_reg_rows_add (BkRegRows *rows, const double *x, double y);

typedef struct _BkRegSum BkRegSum;

BkRegSum *bk_reg_sum_new (guint k);
void bk_reg_sum_free (BkRegSum *sum);

/* Adds one symbol's totals, exactly. */
void bk_reg_sum_add_rows (BkRegSum *sum, const BkRegRows *rows);
/* Adds another sum (same k), exactly: as if its symbols had been added. */
void bk_reg_sum_merge (BkRegSum *into, const BkRegSum *other);

guint bk_reg_sum_get_k (const BkRegSum *sum);
guint64 bk_reg_sum_get_n (const BkRegSum *sum);
/* The exact sums, rounded to the nearest double. */
double bk_reg_sum_get_sum_x (const BkRegSum *sum, guint i);
double bk_reg_sum_get_sum_y (const BkRegSum *sum);
double bk_reg_sum_get_xtx (const BkRegSum *sum, guint i, guint j);
double bk_reg_sum_get_xty (const BkRegSum *sum, guint i);
double bk_reg_sum_get_yty (const BkRegSum *sum);
/* TRUE when every rounded value of a equals b's, bit for bit, and n and k too. */
gboolean bk_reg_sum_equal (const BkRegSum *a, const BkRegSum *b);

/* Text for a stats file: "k", "n", one line per sum (its exact value as
 * C99 hex floats whose exact total it is), then "end"; every line ends
 * with '\n'.  The text is a function of the exact sums only, not of the
 * order they were added in.  from_text reads exactly that text (no more
 * lines after "end"); `file` and `first_line` (the line of the file the
 * text starts on) name the place of an error, "FILE:LINE:COLUMN: ...",
 * in BK_ERROR (BK_ERROR_PARSE; BK_ERROR_INVALID for a k other than `k`). */
char *bk_reg_sum_to_text (const BkRegSum *sum);
BkRegSum *bk_reg_sum_from_text (const char *text, guint k, const char *file,
                                guint first_line, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkRegSum, bk_reg_sum_free)

G_END_DECLS
