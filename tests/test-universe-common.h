/* test-universe-common.h — what the universe's test programs share. */
#pragma once

#include "bk-universe.h"
#include "bk-test-util.h"

G_BEGIN_DECLS

#define N_SYMBOLS 24
#define N_BARS 260

extern char *universe_dir;      /* N_SYMBOLS generated files */
extern char *work_dir;          /* lists, broken copies, stats files */
/* Makes universe_dir (its N_SYMBOLS files) and work_dir; removes them,
 * and the reference result, when the tests are done. */
void universe_fixture_make (void);
void universe_fixture_remove (void);
void write_symbol (const char *dir, guint symbol, guint n_symbols, guint bars);
BkModel *seed_model (gboolean with_split);
BkUniverseResult *run_universe (BkModel *model, const char *source, guint chunk, guint jobs, BkMode mode, GError **error);
void assert_same_results (const BkUniverseResult *a, const BkUniverseResult *b);
extern BkUniverseResult *reference;
const BkUniverseResult *get_reference (void);
char *write_list (const char *name, gboolean reverse, const char *extra);
void remove_tree (const char *path);

G_END_DECLS
