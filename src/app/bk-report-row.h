/* bk-report-row.h — one row of the memory panel's tree: a group, a data
 * feed, an indicator or an observer, with its cells and bytes.  Rows are
 * updated in place as new reports arrive, so the tree keeps its expanded
 * rows while a run goes on. */
#pragma once

#include <gio/gio.h>

#include "bk-report.h"

G_BEGIN_DECLS

#define BK_TYPE_REPORT_ROW (bk_report_row_get_type ())
G_DECLARE_FINAL_TYPE (BkReportRow, bk_report_row, BK, REPORT_ROW, GObject)

BkReportRow *bk_report_row_new_from_item (const BkReportItem *item);
/* TRUE when `item` has the shape of the row (same children, recursively). */
gboolean bk_report_row_matches (BkReportRow *self, const BkReportItem *item);
/* Takes new figures from an item of the same shape. */
void bk_report_row_update (BkReportRow *self, const BkReportItem *item);

guint64 bk_report_row_get_cells (BkReportRow *self);
guint64 bk_report_row_get_bytes (BkReportRow *self);
GListModel *bk_report_row_get_children (BkReportRow *self);

G_END_DECLS
