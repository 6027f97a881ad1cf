/* bk-strategy-editor-gen-lang.c — makes the editor's language definition
 * (barkeep-strategy.lang) from its template at build time, with the
 * indicators' names and aliases taken from the engine's registry, so
 * that the highlighting knows every indicator the loader does.
 *
 *   bk-strategy-editor-gen-lang TEMPLATE OUTPUT
 *
 * The template's line "@INDICATORS@" becomes one <keyword> a name. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bk-output-file.h"
#include "bk-registry.h"

static gboolean
is_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_'))
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!(g_ascii_isalnum (*c) || *c == '_'))
      return FALSE;
  return TRUE;
}

static void
add_keyword (GString *out, GHashTable *seen, const char *name)
{
  if (!is_identifier (name) || !g_hash_table_add (seen, g_ascii_strdown (name, -1)))
    return;
  g_string_append_printf (out, "      <keyword>%s</keyword>\n", name);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s TEMPLATE OUTPUT\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &template, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  const char *marker = strstr (template, "@INDICATORS@\n");
  if (marker == NULL)
    {
      fprintf (stderr, "%s: no line @INDICATORS@\n", argv[1]);
      return 1;
    }

  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) out = g_string_new_len (template, marker - template);
  for (guint i = 0; i < bk_indicator_get_n_types (); i++)
    {
      const BkIndicatorDesc *desc = bk_indicator_get_type (i);

      add_keyword (out, seen, desc->name);
      for (guint a = 0; a < G_N_ELEMENTS (desc->aliases) && desc->aliases[a] != NULL; a++)
        add_keyword (out, seen, desc->aliases[a]);
    }
  g_string_append (out, marker + strlen ("@INDICATORS@\n"));
  if (!bk_output_file_set_contents (argv[2], out->str, out->len, BK_OUTPUT_DEFAULT, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  return 0;
}
