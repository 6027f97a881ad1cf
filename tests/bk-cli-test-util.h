/* bk-cli-test-util.h — running barkeep-cli ($BARKEEP_CLI) from a test, as
 * a person runs it: its exit status and what it printed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int status;
  char *out;
  char *err;
} BkCliResult;

void bk_cli_result_clear (BkCliResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BkCliResult, bk_cli_result_clear)

/* Any program: argv with the program first, NULL-terminated; envp NULL
 * for this process's environment. */
void bk_cli_spawn (BkCliResult *result, char **envp, const char *const *argv);
/* barkeep-cli with the arguments of argv, NULL-terminated. */
void bk_cli_run_argv (BkCliResult *result, char **envp, const char *const *argv);
void bk_cli_run (BkCliResult *result, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* In Chinese, with the translations of the build tree (po/). */
void bk_cli_run_zh (BkCliResult *result, const char *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
