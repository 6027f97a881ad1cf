/* bk-dump.h — the --dump CSV, written bar by bar in every mode: date,
 * open..volume, then each named indicator's lines as "name.line"; numbers
 * in the shortest text that reads back as the same double, NaN as an empty
 * field. */
#pragma once

#include <stdio.h>

#include "bk-run.h"

G_BEGIN_DECLS

typedef struct _BkDump BkDump;

/* The dump's columns after the date, BkLine*, in order: open..volume, then
 * each named indicator's lines; with titles, their "name.line" titles
 * (char*, freed with the array). */
GPtrArray *bk_dump_get_columns (BkRun *run, GPtrArray **titles);

/* Writes the header; then install bk_dump_write_bar as the run's bar func. */
BkDump *bk_dump_new (BkRun *run, FILE *out);
void bk_dump_write_bar (BkRun *run, gpointer dump);
void bk_dump_free (BkDump *dump);

/* A finite double in the shortest text that g_ascii_strtod() reads back
 * as the same value; returns buf. */
const char *bk_dump_format_number (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkDump, bk_dump_free)

G_END_DECLS
