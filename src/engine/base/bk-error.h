/* bk-error.h — the engine's error domain.
 *
 * Every failure the engine reports travels as a GError in BK_ERROR; where
 * the failure comes from a file, the message starts "FILE:LINE:COLUMN: ".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BK_ERROR (bk_error_quark ())

typedef enum {
  BK_ERROR_IO,            /* the file cannot be opened or read */
  BK_ERROR_PARSE,         /* malformed input: CSV, strategy file, option value */
  BK_ERROR_INVALID,       /* a request that makes no sense (bad parameter, bad mode) */
  BK_ERROR_LIMIT,         /* input exceeds a limit that keeps hostile files harmless */
  BK_ERROR_RING_OVERRUN,  /* a read past a ring's capacity: a planning bug */
  BK_ERROR_CANCELLED,     /* the caller cancelled the run */
  BK_ERROR_MEMORY,        /* what a run keeps would pass its memory budget (bk-budget.h) */
} BkError;

GQuark bk_error_quark (void);

G_END_DECLS
