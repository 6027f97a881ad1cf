/* test-cli-common.c — what the barkeep-cli test programs
 * share: a scratch folder, input files, JSON and Chinese output. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bk-cli-test-util.h"

#include "test-cli-common.h"

char *tmpdir;

char *
write_input (const char *name, const char *contents, gssize length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

gboolean
has_wide (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iswide (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

gboolean
chinese_available (void)
{
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    return FALSE;
  setlocale (LC_ALL, "");
  return TRUE;
}


JsonObject *
parse_json (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}
