/* test-cli-common.h — what the barkeep-cli test programs
 * share: a scratch folder, input files, JSON and Chinese output. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bk-cli-test-util.h"

G_BEGIN_DECLS

extern char *tmpdir;
char *write_input (const char *name, const char *contents, gssize length);
gboolean has_wide (const char *text);
gboolean chinese_available (void);
JsonObject *parse_json (JsonParser *parser, const char *text);

G_END_DECLS
