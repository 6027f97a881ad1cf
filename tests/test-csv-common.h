/* test-csv-common.h — what the CSV reader's test programs share. */
#pragma once

#include "bk-csv.h"

G_BEGIN_DECLS

typedef struct {
  char *dir;
  char *path;   /* dir/input.csv */
} Fixture;

void fixture_set_up (Fixture *fixture, gconstpointer data);
void fixture_tear_down (Fixture *fixture, gconstpointer data);
void write_input (Fixture *fixture, const char *contents, gssize len);
GArray *read_bars_with (const char *path, const BkCsvOptions *options, GError **error);
double day (gint64 year, guint month, guint d);
#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

G_END_DECLS
