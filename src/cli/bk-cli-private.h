/* bk-cli-private.h — what barkeep-cli's commands share. */
#pragma once

#include <glib.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

enum {
  BK_EXIT_SUCCESS = 0,
  BK_EXIT_FAILURE = 1,
  BK_EXIT_USAGE = 2,
};

int bk_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int bk_cli_fail (GError *error);
gboolean bk_cli_parse (const char *command, const char *parameters, const GOptionEntry *entries,
                       int *argc, char ***argv, int *status);

/* Parses --save and --precision values. */
gboolean bk_cli_parse_mode (const char *text, BkMode *mode, int *status);
gboolean bk_cli_parse_precision (const char *text, BkPrecision *precision, int *status);

/* Opens --data, or the bundled sample when data is NULL. */
BkSource *bk_cli_open_source (const char *data, GError **error);

int bk_cli_cmd_run (int argc, char **argv);
int bk_cli_cmd_experiment (int argc, char **argv);
int bk_cli_cmd_gen (int argc, char **argv);
int bk_cli_cmd_bench (int argc, char **argv);
int bk_cli_cmd_check (int argc, char **argv);
int bk_cli_cmd_indicators (int argc, char **argv);

/* A built-in strategy by name, or a strategy file by path. */
BkStrategy *bk_cli_open_strategy (const char *name_or_path, GError **error);

G_END_DECLS
