/* bk-report.h — the memory report: a copy, made on the running thread, of
 * what every line stores.  Data feeds → lines; indicators → lines and their
 * sub-indicators, recursively; observers → lines.  Being a copy it can be
 * handed to another thread and outlive the run.  Beside it, what the
 * process holds (resident memory, malloc's heap). */
#pragma once

#include "bk-json.h"
#include "bk-run.h"

G_BEGIN_DECLS

typedef struct {
  char *name;
  gboolean whole;
  guint64 cells;
  guint64 bytes;
} BkReportLine;

typedef struct _BkReportItem BkReportItem;
struct _BkReportItem {
  char *kind;             /* "data", "indicator", "expression", "observer", "group" */
  char *name;             /* named indicator's name, or NULL */
  char *label;            /* "SMA(30)", "close - high" */
  char *path;             /* a data feed's file, as given; NULL for the rest */
  GArray *lines;          /* BkReportLine */
  guint64 state_cells;    /* values kept inside the node */
  guint64 cells;          /* own lines + state */
  guint64 bytes;
  guint64 total_cells;    /* with every sub-indicator */
  guint64 total_bytes;
  GPtrArray *children;    /* BkReportItem* */
};

typedef struct {
  BkMode mode;
  BkPrecision precision;
  guint64 bars;
  double elapsed;
  char *source;
  BkReportItem *datas;
  BkReportItem *indicators;
  BkReportItem *observers;
  guint64 total_cells;
  guint64 total_bytes;
  guint64 rss_bytes;
} BkReport;

BkReport *bk_report_new (BkRun *run);
void bk_report_free (BkReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkReport, bk_report_free)

/* backtrader's --lendetails listing, ending "Total memory cells used: N". */
char *bk_report_format_lendetails (const BkReport *report);
/* The report as a JSON object (new), and appended as JSON text. */
JsonObject *bk_report_to_json (const BkReport *report);
void bk_report_append_json (const BkReport *report, GString *out);

/* The process's resident memory in bytes (0 where unknown): the one
 * reader of /proc/self/statm, for reports, the window and universes. */
guint64 bk_process_rss_bytes (void);

/* What malloc holds, over every arena (glibc's malloc_info): in use, and
 * free but kept from the system (what malloc_trim can give back).  FALSE,
 * and zeros, where that cannot be known. */
typedef struct {
  guint64 in_use_bytes;
  guint64 free_bytes;
} BkHeapUsage;

gboolean bk_process_heap_usage (BkHeapUsage *usage);

G_END_DECLS
