/* bk-json.h — the one writer of Barkeep's JSON.  Documents (the CLI's
 * --json objects, the memory report, comparisons, universes) are built as
 * json-glib trees (JsonObject, JsonArray) and written here, in the form
 * they have always had, which json-glib's own generator cannot give: no
 * spaces or newlines; members in the order they were set; integers as
 * digits; doubles as "%.17g" (1, -0, 1e+20) and null where not finite;
 * control characters as \u00XX; and a text that is not UTF-8 as error
 * messages show it, its odd bytes as \xNN. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends `node` and everything under it. */
void bk_json_append (GString *out, JsonNode *node);
void bk_json_append_object (GString *out, JsonObject *object);
/* A number as it stands in the JSON: also the number format of the CSV
 * exports. */
void bk_json_append_number (GString *out, double value);

/* Sets a text member; NULL stands for "", as it always has. */
void bk_json_object_set_text (JsonObject *object, const char *member, const char *text);
/* Sets a member to a new object or array and returns it (owned by
 * `object`). */
JsonObject *bk_json_object_add_object (JsonObject *object, const char *member);
JsonArray *bk_json_object_add_array (JsonObject *object, const char *member);
/* Appends a new object to `array` and returns it (owned by `array`). */
JsonObject *bk_json_array_add_object (JsonArray *array);

G_END_DECLS
