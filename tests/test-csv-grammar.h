/* test-csv-grammar.h — lines for the CSV tokeniser's grammar. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *contents;
  const char *outcome;     /* the bars, one "date open high low close volume"
                            * each, separated by "; ", or the error after the
                            * file's name */
} BkCsvGrammarCase;

const BkCsvGrammarCase *bk_csv_grammar_cases (guint *n_cases);

G_END_DECLS
