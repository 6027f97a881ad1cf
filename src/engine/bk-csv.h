/* bk-csv.h — a streaming reader of price CSV files, on libcsv.
 *
 * The reader holds one buffer of input and the bars parsed from it, never
 * the whole file: memory does not depend on the file's size.  It accepts
 * Yahoo's columns (Date,Open,High,Low,Close,Adj Close,Volume), backtrader's
 * (Date,Open,High,Low,Close,Volume,OpenInterest) and generic headers matched
 * case-insensitively, English or Chinese (日期 开盘 最高 最低 收盘 成交量);
 * comma, semicolon or tab; a UTF-8 BOM; CRLF; quoted fields.
 *
 * Every error is a BK_ERROR whose message reads "FILE:LINE:COLUMN: problem";
 * after an error the reader yields nothing more.
 */
#pragma once

#include "bk-bar.h"

G_BEGIN_DECLS

typedef struct _BkCsvReader BkCsvReader;

/* path "-" reads standard input. */
BkCsvReader *bk_csv_reader_new (const char *path, GError **error);
void bk_csv_reader_free (BkCsvReader *reader);

/* TRUE and *bar filled; FALSE with *error unset at the end of the data;
 * FALSE with *error set on bad input. */
gboolean bk_csv_reader_next (BkCsvReader *reader, BkBar *bar, GError **error);

/* TRUE when the date column carries a time of day (intraday bars). */
gboolean bk_csv_reader_has_time (BkCsvReader *reader);
guint64 bk_csv_reader_get_bytes_read (BkCsvReader *reader);
guint64 bk_csv_reader_get_size (BkCsvReader *reader); /* 0 when unknown (a pipe) */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkCsvReader, bk_csv_reader_free)

G_END_DECLS
