/* bk-json.c — json-glib trees written as Barkeep's JSON. */
#include "bk-json.h"
#include "bk-text.h"

#include <math.h>

static void
append_string (GString *out, const char *text)
{
  /* A byte that is not UTF-8 (a file name from a Latin-1 or GBK system)
   * cannot stand in JSON: such a text is written as error messages show
   * it, the byte as \xNN. */
  g_autofree char *escaped = !g_utf8_validate (text, -1, NULL) ? bk_escape_text (text, -1) : NULL;

  g_string_append_c (out, '"');
  for (const char *p = escaped != NULL ? escaped : text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

void
bk_json_append_number (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

/* Digits without printf, which would cost more than the rest of a
 * compare's timeline point. */
static void
append_integer (GString *out, gint64 value)
{
  char digits[24];
  char *p = digits + sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    *--p = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, digits + sizeof digits - p);
}

static void
append_value (GString *out, JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    append_integer (out, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    bk_json_append_number (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_STRING)
    append_string (out, json_node_get_string (node));
  else
    g_return_if_reached ();
}

void
bk_json_append (GString *out, JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_string (out, name);
            g_string_append_c (out, ':');
            bk_json_append (out, member);
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            bk_json_append (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

void
bk_json_append_object (GString *out, JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  bk_json_append (out, node);
}

void
bk_json_object_set_text (JsonObject *object, const char *member, const char *text)
{
  json_object_set_string_member (object, member, text != NULL ? text : "");
}

JsonObject *
bk_json_object_add_object (JsonObject *object, const char *member)
{
  JsonObject *child = json_object_new ();

  json_object_set_object_member (object, member, child);
  return child;
}

JsonArray *
bk_json_object_add_array (JsonObject *object, const char *member)
{
  JsonArray *child = json_array_new ();

  json_object_set_array_member (object, member, child);
  return child;
}

JsonObject *
bk_json_array_add_object (JsonArray *array)
{
  JsonObject *child = json_object_new ();

  json_array_add_object_element (array, child);
  return child;
}
