/* bk-cli-private.h — what barkeep-cli's commands share. */
#pragma once

#include <glib.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-live-events.h"
#include "bk-output-file.h"
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

/* ---- bk-cli-usage.c: the table of commands and options ---- */

/* Runs the command argv names (argv[0] is the program). */
int bk_cli_dispatch (int argc, char **argv);
/* The command whose usage a usage error prints ("run", "bench csv", or a
 * group, "bench"), or NULL for the global usage. */
void bk_cli_set_command (const char *command);
int bk_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int bk_cli_fail (GError *error);
gboolean bk_cli_no_arguments (const char *command, int argc, char **argv, int *status);
/* Parses the options the table lists for `command`; after status come
 * pairs of an option's name and its variable ("data", &data), then NULL.
 * FALSE with *status set: after --help (0) or a usage error (2). */
gboolean bk_cli_parse (const char *command, int *argc, char ***argv, int *status, ...) G_GNUC_NULL_TERMINATED;

/* Parses --mode and --precision values. */
gboolean bk_cli_parse_mode (const char *text, BkMode *mode, int *status);
gboolean bk_cli_parse_precision (const char *text, BkPrecision *precision, int *status);

/* --resample PERIOD or --replay PERIOD (not both), parsed; `set` FALSE
 * when neither was given.  bk_cli_apply_resample puts it on a source. */
typedef struct {
  gboolean set;
  BkPeriod period;
  BkResampleMode mode;
} BkCliResample;

gboolean bk_cli_parse_resample (const char *resample, const char *replay, BkCliResample *out, int *status);
void bk_cli_apply_resample (BkSource *source, const BkCliResample *resample);

/* Parses --max-memory: a byte count with an optional K, M, G or T
 * (powers of 1024), "512M", "2G", "1.5G". */
gboolean bk_cli_parse_size (const char *option, const char *text, guint64 *bytes, int *status);
/* Applies --max-memory (0: not given, a quarter of the physical memory):
 * to the strategy's plan as it loads, and as the budget returned, which
 * bounds everything the runs keep. */
BkBudget *bk_cli_max_memory_budget (guint64 max_memory);

/* Opens --data, or the bundled sample when data is NULL; --lenient turns
 * failed sanity checks into warnings. */
BkSource *bk_cli_open_source (const char *data, gboolean lenient, GError **error);

/* ---- bk-cli-live.c: live sources, stopping by a signal, --events ---- */

typedef struct {
  char *follow;            /* --follow FILE */
  char *events;            /* --events FILE|- */
  double status_every;     /* --status-every SECONDS, 0: none */
  double max_gap;          /* --max-gap SECONDS, 0: none */
  gboolean strict;         /* --strict */
  FILE *events_file;
  gboolean close_events;
  BkEventLog *log;         /* with --events */
  gboolean disconnected;   /* the feed's connection broke */
} BkCliLive;

/* SIGINT and SIGTERM raise the flag returned, the run's cancel flag. */
const gint *bk_cli_live_install_stop (void);
gboolean bk_cli_live_check_options (const BkCliLive *live, const char *data, int *status);
/* Opens --events (never over one of `inputs`, NULL-terminated). */
gboolean bk_cli_live_open_events (BkCliLive *live, const char *const *inputs, GError **error);
/* --data or --follow: a live source when the data can wait for more,
 * else a file (or the bundled sample); either way its warnings go to
 * --events. */
BkSource *bk_cli_live_open_source (BkCliLive *live, const char *data, gboolean lenient, const gint *stop,
                                   GError **error);
void bk_cli_live_attach (BkCliLive *live, BkRun *run, BkSource *source);
/* After bk_run_execute returned ok: TRUE when the run ended or was
 * stopped by a signal (the error cleared), FALSE for a failure. */
gboolean bk_cli_live_ended (BkCliLive *live, BkRun *run, gboolean ok, GError **error);
/* The final status line; FALSE when --events could not be written. */
gboolean bk_cli_live_finish (BkCliLive *live, GError **error);
void bk_cli_live_clear (BkCliLive *live);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BkCliLive, bk_cli_live_clear)

/* ---- bk-cli-output.c ---- */

/* Terminal columns `text` takes: two for a wide (CJK) character, none for
 * a zero-width one. */
guint bk_cli_text_width (const char *text);
/* Appends text padded with spaces to `width` columns. */
void bk_cli_append_padded (GString *out, const char *text, guint width, gboolean align_right);

/* A table whose columns are as wide as their widest cell, by display
 * width.  align has one 'l' or 'r' a column; cells are added row by row. */
typedef struct _BkCliTable BkCliTable;
BkCliTable *bk_cli_table_new (const char *align, guint gap);
void bk_cli_table_add (BkCliTable *table, const char *text);
void bk_cli_table_addf (BkCliTable *table, const char *format, ...) G_GNUC_PRINTF (2, 3);
char *bk_cli_table_format (BkCliTable *table);
void bk_cli_table_free (BkCliTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkCliTable, bk_cli_table_free)

/* Standard output through a stream that remembers why a write failed;
 * then bk_cli_finish_stdout flushes it: `status`, or BK_EXIT_FAILURE with
 * a one-line error when any of it could not be written (a full disk). */
void bk_cli_watch_stdout (void);
int bk_cli_finish_stdout (int status);

int bk_cli_cmd_run (int argc, char **argv);
int bk_cli_cmd_experiment (int argc, char **argv);
int bk_cli_cmd_compare (int argc, char **argv);
int bk_cli_cmd_sweep (int argc, char **argv);
int bk_cli_cmd_gen_sample (int argc, char **argv);
int bk_cli_cmd_gen_universe (int argc, char **argv);
int bk_cli_cmd_gen_ticks (int argc, char **argv);
int bk_cli_cmd_bench_experiment (int argc, char **argv);
int bk_cli_cmd_bench_stream (int argc, char **argv);
int bk_cli_cmd_bench_csv (int argc, char **argv);
int bk_cli_cmd_bench_universe (int argc, char **argv);
int bk_cli_cmd_check (int argc, char **argv);
int bk_cli_cmd_indicators (int argc, char **argv);
int bk_cli_cmd_strategies (int argc, char **argv);
int bk_cli_cmd_models (int argc, char **argv);
int bk_cli_cmd_universe (int argc, char **argv);
int bk_cli_cmd_merge (int argc, char **argv);

/* A built-in strategy by name, or a strategy file by path; a file of
 * price data given instead is named as such, with --data as the way to
 * give it when the command takes data. */
BkStrategy *bk_cli_open_strategy (const char *name_or_path, gboolean takes_data, GError **error);

G_END_DECLS
