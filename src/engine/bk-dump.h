/* bk-dump.h — the --dump CSV, written bar by bar in every mode: date,
 * open..volume, then each named indicator's lines as "name.line"; numbers
 * as %.17g, NaN as an empty field. */
#pragma once

#include <stdio.h>

#include "bk-run.h"

G_BEGIN_DECLS

typedef struct _BkDump BkDump;

/* Writes the header; then install bk_dump_write_bar as the run's bar func. */
BkDump *bk_dump_new (BkRun *run, FILE *out);
void bk_dump_write_bar (BkRun *run, gpointer dump);
void bk_dump_free (BkDump *dump);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkDump, bk_dump_free)

G_END_DECLS
