/* bk-strategy-document.c — one strategy file being edited.
 *
 * The buffer is the text; everything else follows it.  A change schedules
 * one idle check, so typing a word loads the text once, after the word,
 * not once a key.  A check loads the text's parameters (which loads the
 * strategy's structure) and the strategy itself, both from the engine's
 * loader, so that what the editor underlines is exactly what `barkeep-cli
 * check` says. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bk-error.h"
#include "bk-output-file.h"
#include "bk-strategy-document.h"

struct _BkStrategyDocument {
  GObject parent_instance;

  GtkSourceBuffer *buffer;
  GFile *file;
  char *builtin_id;
  char *display_name;
  guint check_idle;
  guint n_checks;

  /* The last check's. */
  BkStrategy *strategy;
  BkStrategyParams *params;
  GError *error;
  guint error_line, error_column;
  char *error_message;
};

G_DEFINE_FINAL_TYPE (BkStrategyDocument, bk_strategy_document, G_TYPE_OBJECT)

enum { PROP_0, PROP_MODIFIED, PROP_READ_ONLY, PROP_FILE, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_CHECKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char strategy_template[] =
  "# A new strategy: buy when the close crosses above its moving average,\n"
  "# sell when it crosses below.  Ctrl+Enter runs it.\n"
  "[strategy]\n"
  "name=New strategy\n"
  "description=Close crossing its 20-bar SMA\n"
  "\n"
  "[indicator sma]\n"
  "expr=SMA(close, period=20)\n"
  "pane=price\n"
  "\n"
  "[broker]\n"
  "cash=100000\n"
  "commission=0.001\n"
  "\n"
  "[rules]\n"
  "buy=CrossOver(close, sma) > 0\n"
  "sell=CrossOver(close, sma) < 0\n"
  "size=10\n";

const char *
bk_strategy_document_get_template (void)
{
  return strategy_template;
}

/* ---- checking ------------------------------------------------------------ */

/* The loader's message is "NAME:LINE:COLUMN: text": where, and the text. */
static void
split_error (BkStrategyDocument *self)
{
  const char *message = self->error->message;
  gsize name_len = strlen (self->display_name);
  guint64 line = 0, column = 0;
  char *end;

  self->error_line = self->error_column = 0;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  if (strncmp (message, self->display_name, name_len) != 0 || message[name_len] != ':')
    return;
  const char *at = message + name_len + 1;
  line = g_ascii_strtoull (at, &end, 10);
  if (end == at || line == 0 || line > G_MAXUINT)
    return;
  if (*end == ':' && g_ascii_isdigit (end[1]))
    {
      at = end + 1;
      column = g_ascii_strtoull (at, &end, 10);
      if (column > G_MAXUINT)
        column = 0;
    }
  if (*end != ':')
    return;
  self->error_line = (guint) line;
  self->error_column = (guint) column;
  g_free (self->error_message);
  self->error_message = g_strdup (g_strchug (end + 1));
}

static void
check (BkStrategyDocument *self)
{
  g_autofree char *text = bk_strategy_document_get_text (self);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->check_idle, g_source_remove);
  g_clear_pointer (&self->strategy, bk_strategy_unref);
  g_clear_pointer (&self->params, bk_strategy_params_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->error_message, g_free);
  self->error_line = self->error_column = 0;
  self->n_checks++;

  self->params = bk_strategy_params_new (text, -1, self->display_name, &error);
  if (self->params != NULL)
    self->strategy = bk_strategy_new_from_data (text, -1, self->display_name, &error);
  if (self->strategy == NULL)
    {
      g_clear_pointer (&self->params, bk_strategy_params_free);
      self->error = g_steal_pointer (&error);
      split_error (self);
    }
  g_signal_emit (self, signals[SIGNAL_CHECKED], 0);
}

static gboolean
check_idle_cb (gpointer user_data)
{
  BkStrategyDocument *self = user_data;

  self->check_idle = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed_cb (BkStrategyDocument *self)
{
  if (self->check_idle == 0)
    self->check_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, check_idle_cb, self, NULL);
}

void
bk_strategy_document_check_now (BkStrategyDocument *self)
{
  g_return_if_fail (BK_IS_STRATEGY_DOCUMENT (self));
  if (self->check_idle != 0)
    check (self);
}

/* ---- the document -------------------------------------------------------- */

static void
load_text (BkStrategyDocument *self, const char *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  /* The text read is where undo begins. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_set_modified (buffer, FALSE);
  GtkTextIter start;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  check (self);
}

BkStrategyDocument *
bk_strategy_document_new (void)
{
  BkStrategyDocument *self = g_object_new (BK_TYPE_STRATEGY_DOCUMENT, NULL);

  self->display_name = g_strdup ("untitled.ini");
  load_text (self, strategy_template);
  return self;
}

BkStrategyDocument *
bk_strategy_document_new_builtin (const char *id, GError **error)
{
  const char *text = bk_strategy_file_builtin_text (id);

  if (text == NULL)
    {
      g_set_error (error, BK_ERROR, BK_ERROR_INVALID, _("No built-in strategy is called “%s”"), id);
      return NULL;
    }
  BkStrategyDocument *self = g_object_new (BK_TYPE_STRATEGY_DOCUMENT, NULL);
  self->builtin_id = g_strdup (id);
  self->display_name = g_strdup_printf ("%s.ini", id);
  load_text (self, text);
  return self;
}

BkStrategyDocument *
bk_strategy_document_new_from_file (GFile *file, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, error))
    return NULL;
  if (len > BK_STRATEGY_FILE_MAX_BYTES || !g_utf8_validate_len (contents, len, NULL) || memchr (contents, 0, len) != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_set_error (error, BK_ERROR, BK_ERROR_PARSE, _("%s: not a strategy file (UTF-8 text of at most 1 MiB)"), name);
      return NULL;
    }
  BkStrategyDocument *self = g_object_new (BK_TYPE_STRATEGY_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->display_name = g_file_get_parse_name (file);
  load_text (self, contents);
  return self;
}

GtkSourceBuffer *
bk_strategy_document_get_buffer (BkStrategyDocument *self)
{
  return self->buffer;
}

char *
bk_strategy_document_get_text (BkStrategyDocument *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, TRUE);
}

void
bk_strategy_document_set_text (BkStrategyDocument *self, const char *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

GFile *
bk_strategy_document_get_file (BkStrategyDocument *self)
{
  return self->file;
}

const char *
bk_strategy_document_get_builtin_id (BkStrategyDocument *self)
{
  return self->builtin_id;
}

gboolean
bk_strategy_document_get_read_only (BkStrategyDocument *self)
{
  return self->builtin_id != NULL;
}

gboolean
bk_strategy_document_get_modified (BkStrategyDocument *self)
{
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

const char *
bk_strategy_document_get_display_name (BkStrategyDocument *self)
{
  return self->display_name;
}

char *
bk_strategy_document_get_title (BkStrategyDocument *self)
{
  if (self->file != NULL)
    return g_file_get_basename (self->file);
  if (self->builtin_id != NULL)
    /* Translators: the editor's title for a built-in strategy's file, which
     * cannot be saved over: "sma-crossover.ini (read-only)". */
    return g_strdup_printf (_("%s (read-only)"), self->display_name);
  return g_strdup (_("New strategy"));
}

BkStrategy *
bk_strategy_document_get_strategy (BkStrategyDocument *self)
{
  return self->strategy;
}

const BkStrategyParams *
bk_strategy_document_get_params (BkStrategyDocument *self)
{
  return self->params;
}

const GError *
bk_strategy_document_get_error (BkStrategyDocument *self, guint *line, guint *column, const char **message)
{
  if (line != NULL)
    *line = self->error_line;
  if (column != NULL)
    *column = self->error_column;
  if (message != NULL)
    *message = self->error_message;
  return self->error;
}

guint
bk_strategy_document_get_n_checks (BkStrategyDocument *self)
{
  return self->n_checks;
}

/* Byte offset `offset` of the buffer's text, as an iter. */
static void
iter_at_byte (GtkTextBuffer *buffer, const char *text, gsize offset, GtkTextIter *iter)
{
  gtk_text_buffer_get_iter_at_offset (buffer, iter, (int) g_utf8_pointer_to_offset (text, text + offset));
}

gboolean
bk_strategy_document_set_param (BkStrategyDocument *self, guint i, double value)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

  g_return_val_if_fail (BK_IS_STRATEGY_DOCUMENT (self), FALSE);
  bk_strategy_document_check_now (self);
  if (self->params == NULL || i >= bk_strategy_params_get_n (self->params))
    return FALSE;

  /* The engine writes the number (a negative one in parentheses); the
   * buffer takes only the bytes that differ, so the cursor, the marks and
   * undo see one small edit. */
  guint n = bk_strategy_params_get_n (self->params);
  g_autofree double *values = g_new (double, n);
  for (guint p = 0; p < n; p++)
    values[p] = bk_strategy_params_get (self->params, p)->value;
  values[i] = value;
  gsize new_len;
  g_autofree char *rewritten = bk_strategy_params_rewrite (self->params, values, &new_len);
  g_autofree char *old = bk_strategy_document_get_text (self);
  gsize old_len = strlen (old);
  gsize prefix = 0, suffix = 0;
  while (prefix < old_len && prefix < new_len && old[prefix] == rewritten[prefix])
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix
         && old[old_len - 1 - suffix] == rewritten[new_len - 1 - suffix])
    suffix++;
  /* Whole characters: the numbers are ASCII, the text around them need not be. */
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;
  if (prefix == old_len && prefix == new_len)
    return TRUE;

  GtkTextIter start, end;
  iter_at_byte (buffer, old, prefix, &start);
  iter_at_byte (buffer, old, old_len - suffix, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, rewritten + prefix, (int) (new_len - prefix - suffix));
  gtk_text_buffer_end_user_action (buffer);
  check (self);
  return TRUE;
}

/* ---- saving -------------------------------------------------------------- */

gboolean
bk_strategy_document_save_as (BkStrategyDocument *self, GFile *file, GError **error)
{
  g_autofree char *text = bk_strategy_document_get_text (self);
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("The file has no local path"));
      return FALSE;
    }
  if (!bk_output_file_set_contents (path, text, strlen (text), BK_OUTPUT_DEFAULT, error))
    return FALSE;

  gboolean was_read_only = bk_strategy_document_get_read_only (self);
  gboolean renamed = self->file == NULL || !g_file_equal (self->file, file);
  g_set_object (&self->file, file);
  g_clear_pointer (&self->builtin_id, g_free);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  if (renamed)
    {
      /* Errors name the file from now on. */
      g_free (self->display_name);
      self->display_name = g_file_get_parse_name (file);
      check (self);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FILE]);
    }
  if (was_read_only)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_READ_ONLY]);
  return TRUE;
}

gboolean
bk_strategy_document_save (BkStrategyDocument *self, GError **error)
{
  if (self->file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The strategy has no file yet: save it as one"));
      return FALSE;
    }
  return bk_strategy_document_save_as (self, self->file, error);
}

/* ---- the class ----------------------------------------------------------- */

static void
bk_strategy_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkStrategyDocument *self = BK_STRATEGY_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, bk_strategy_document_get_modified (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, bk_strategy_document_get_read_only (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_modified_changed_cb (BkStrategyDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODIFIED]);
}

static void
bk_strategy_document_dispose (GObject *object)
{
  BkStrategyDocument *self = BK_STRATEGY_DOCUMENT (object);

  g_clear_handle_id (&self->check_idle, g_source_remove);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);
  G_OBJECT_CLASS (bk_strategy_document_parent_class)->dispose (object);
}

static void
bk_strategy_document_finalize (GObject *object)
{
  BkStrategyDocument *self = BK_STRATEGY_DOCUMENT (object);

  g_clear_object (&self->file);
  g_free (self->builtin_id);
  g_free (self->display_name);
  g_clear_pointer (&self->strategy, bk_strategy_unref);
  g_clear_pointer (&self->params, bk_strategy_params_free);
  g_clear_error (&self->error);
  g_free (self->error_message);
  G_OBJECT_CLASS (bk_strategy_document_parent_class)->finalize (object);
}

static void
bk_strategy_document_class_init (BkStrategyDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bk_strategy_document_get_property;
  object_class->dispose = bk_strategy_document_dispose;
  object_class->finalize = bk_strategy_document_finalize;

  props[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* The text was loaded: the strategy, the parameters or the error are new. */
  signals[SIGNAL_CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bk_strategy_document_init (BkStrategyDocument *self)
{
  self->buffer = gtk_source_buffer_new (NULL);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (on_buffer_changed_cb), self);
  g_signal_connect_swapped (self->buffer, "modified-changed", G_CALLBACK (on_modified_changed_cb), self);
}
