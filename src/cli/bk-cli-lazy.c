/* bk-cli-lazy.c — json-glib and GIO, loaded by the first command that
 * calls them.
 *
 * A program linked against json-glib loads it at every start with GIO,
 * GObject and six more libraries (GIO's mounts, SELinux, zlib...) and
 * runs their set-up: 0.9 ms, about as long as all of /bin/true, for
 * commands (run, experiment, gen) that never build a JSON tree or open a
 * socket.  So barkeep-cli is linked without them: each of their
 * functions that the engine or the CLI calls is defined here, and the
 * first call loads the library (dlopen) and looks the real function up,
 * once.  The window and the tests link the libraries as usual.
 *
 * A function of theirs missing from the list below is a link error of
 * barkeep-cli ("undefined reference to json_..."): add its line.  The
 * compiler holds each line to the library's own declaration. */

#include "config.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

/* The libraries by their sonames: what the linker would have recorded. */
#define JSON "libjson-glib-1.0.so.0"
#define GIO "libgio-2.0.so.0"
#define GOBJECT "libgobject-2.0.so.0"

/* Each line: the library, the function's return type (or VOID), its
 * name, its parameters and its arguments. */
#define LAZY_FUNCTIONS(F, VOID) \
  F (JSON, JsonArray *, json_array_new, (void), ()) \
  F (JSON, JsonArray *, json_array_sized_new, (guint n_elements), (n_elements)) \
  VOID (JSON, json_array_unref, (JsonArray *array), (array)) \
  VOID (JSON, json_array_add_element, (JsonArray *array, JsonNode *node), (array, node)) \
  VOID (JSON, json_array_add_int_element, (JsonArray *array, gint64 value), (array, value)) \
  VOID (JSON, json_array_add_double_element, (JsonArray *array, gdouble value), (array, value)) \
  VOID (JSON, json_array_add_boolean_element, (JsonArray *array, gboolean value), (array, value)) \
  VOID (JSON, json_array_add_string_element, (JsonArray *array, const gchar *value), (array, value)) \
  VOID (JSON, json_array_add_null_element, (JsonArray *array), (array)) \
  VOID (JSON, json_array_add_array_element, (JsonArray *array, JsonArray *value), (array, value)) \
  VOID (JSON, json_array_add_object_element, (JsonArray *array, JsonObject *value), (array, value)) \
  F (JSON, JsonNode *, json_array_get_element, (JsonArray *array, guint index_), (array, index_)) \
  F (JSON, guint, json_array_get_length, (JsonArray *array), (array)) \
  F (JSON, JsonNode *, json_node_new, (JsonNodeType type), (type)) \
  F (JSON, JsonNode *, json_node_alloc, (void), ()) \
  F (JSON, JsonNode *, json_node_init_object, (JsonNode *node, JsonObject *object), (node, object)) \
  F (JSON, JsonNode *, json_node_init_array, (JsonNode *node, JsonArray *array), (node, array)) \
  F (JSON, JsonNode *, json_node_init_int, (JsonNode *node, gint64 value), (node, value)) \
  F (JSON, JsonNode *, json_node_init_double, (JsonNode *node, gdouble value), (node, value)) \
  F (JSON, JsonNode *, json_node_init_boolean, (JsonNode *node, gboolean value), (node, value)) \
  F (JSON, JsonNode *, json_node_init_string, (JsonNode *node, const char *value), (node, value)) \
  F (JSON, JsonNode *, json_node_init_null, (JsonNode *node), (node)) \
  VOID (JSON, json_node_unref, (JsonNode *node), (node)) \
  VOID (JSON, json_node_take_object, (JsonNode *node, JsonObject *object), (node, object)) \
  VOID (JSON, json_node_take_array, (JsonNode *node, JsonArray *array), (node, array)) \
  F (JSON, JsonNodeType, json_node_get_node_type, (JsonNode *node), (node)) \
  F (JSON, GType, json_node_get_value_type, (JsonNode *node), (node)) \
  F (JSON, JsonObject *, json_node_get_object, (JsonNode *node), (node)) \
  F (JSON, JsonArray *, json_node_get_array, (JsonNode *node), (node)) \
  F (JSON, const gchar *, json_node_get_string, (JsonNode *node), (node)) \
  F (JSON, gint64, json_node_get_int, (JsonNode *node), (node)) \
  F (JSON, gdouble, json_node_get_double, (JsonNode *node), (node)) \
  F (JSON, gboolean, json_node_get_boolean, (JsonNode *node), (node)) \
  F (JSON, JsonObject *, json_object_new, (void), ()) \
  VOID (JSON, json_object_unref, (JsonObject *object), (object)) \
  VOID (JSON, json_object_set_member, (JsonObject *object, const gchar *member_name, JsonNode *node), \
        (object, member_name, node)) \
  VOID (JSON, json_object_set_int_member, (JsonObject *object, const gchar *member_name, gint64 value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_set_double_member, (JsonObject *object, const gchar *member_name, gdouble value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_set_boolean_member, (JsonObject *object, const gchar *member_name, gboolean value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_set_string_member, (JsonObject *object, const gchar *member_name, const gchar *value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_set_null_member, (JsonObject *object, const gchar *member_name), (object, member_name)) \
  VOID (JSON, json_object_set_array_member, (JsonObject *object, const gchar *member_name, JsonArray *value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_set_object_member, (JsonObject *object, const gchar *member_name, JsonObject *value), \
        (object, member_name, value)) \
  VOID (JSON, json_object_iter_init_ordered, (JsonObjectIter *iter, JsonObject *object), (iter, object)) \
  F (JSON, gboolean, json_object_iter_next_ordered, \
     (JsonObjectIter *iter, const char **member_name, JsonNode **member_node), (iter, member_name, member_node)) \
  F (GIO, GSocketConnectable *, g_network_address_new, (const gchar *hostname, guint16 port), (hostname, port)) \
  F (GIO, GSocketAddress *, g_unix_socket_address_new, (const gchar *path), (path)) \
  F (GIO, GType, g_socket_connectable_get_type, (void), ()) \
  F (GIO, GSocketClient *, g_socket_client_new, (void), ()) \
  VOID (GIO, g_socket_client_set_timeout, (GSocketClient *client, guint timeout), (client, timeout)) \
  F (GIO, GSocketConnection *, g_socket_client_connect, \
     (GSocketClient *client, GSocketConnectable *connectable, GCancellable *cancellable, GError **error), \
     (client, connectable, cancellable, error)) \
  F (GIO, GSocket *, g_socket_connection_get_socket, (GSocketConnection *connection), (connection)) \
  F (GIO, int, g_socket_get_fd, (GSocket *socket), (socket)) \
  VOID (GOBJECT, g_object_unref, (gpointer object), (object)) \
  F (GOBJECT, GTypeInstance *, g_type_check_instance_cast, (GTypeInstance *instance, GType iface_type), \
     (instance, iface_type))

/* The real function: the library loaded the first time any of its
 * functions is called, as the loader would have (its own libraries with
 * it, its symbols for the libraries loaded after it), and the function
 * looked up the first time it is called.  Two threads may do it at once:
 * both find the same function. */
static void *
lazy_function (void **real, const char *library, const char *name)
{
  void *function = g_atomic_pointer_get (real);

  if (G_LIKELY (function != NULL))
    return function;
  void *handle = dlopen (library, RTLD_NOW | RTLD_GLOBAL);
  function = handle != NULL ? dlsym (handle, name) : NULL;
  if (function == NULL)
    {
      const char *why = dlerror ();

      /* Translators: %s is the system's reason, such as
       * "libjson-glib-1.0.so.0: cannot open shared object file: No such file or directory". */
      fprintf (stderr, _("barkeep-cli: cannot load a library it needs: %s\n"), why != NULL ? why : name);
      exit (1);
    }
  g_atomic_pointer_set (real, function);
  return function;
}

/* The name in parentheses: GLib may also define a macro of that name. */
#define REAL(library, name) ((__typeof__ (name) *) lazy_function (&real, library, #name))
#define DEFINE(library, type, name, parameters, arguments) \
  type (name) parameters { static void *real; return REAL (library, name) arguments; }
#define DEFINE_VOID(library, name, parameters, arguments) \
  void (name) parameters { static void *real; REAL (library, name) arguments; }

LAZY_FUNCTIONS (DEFINE, DEFINE_VOID)
