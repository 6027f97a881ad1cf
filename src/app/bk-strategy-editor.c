/* bk-strategy-editor.c — the strategy editor.
 *
 * The editor shows its document's buffer and follows the document's
 * checks: each "checked" moves the error underline and the status line.
 * Replacing a document that has changes asks first; the question's answer
 * carries on with whatever asked (New, Open, a strategy chosen in the
 * toolbar, the window closing). */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bk-file-dialog.h"
#include "bk-strategy-editor-completion.h"
#include "bk-strategy-editor.h"
#include "bk-widget.h"

/* What to do once the edited document is saved or given up. */
typedef struct {
  BkStrategyDocument *next;     /* the document to show, or NULL */
  gboolean open_dialog;         /* then ask for a file to open */
  gboolean close_window;        /* then close the window */
} Then;

struct _BkStrategyEditor {
  GtkWidget parent_instance;

  GtkButton *save_button;
  GtkLabel *title_label;
  GtkSourceView *source_view;
  GtkLabel *status_label;

  BkStrategyDocument *document;
  GtkWidget *question;          /* the unsaved-changes dialog, or NULL */
  Then *then;                   /* waiting for the question or a Save As */
  gboolean closing;             /* the window may close now */
};

G_DEFINE_FINAL_TYPE (BkStrategyEditor, bk_strategy_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_DOCUMENT, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SIGNAL_RUN, SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define ERROR_TAG "bk-strategy-error"

static void
then_free (Then *then)
{
  g_clear_object (&then->next);
  g_free (then);
}

/* ---- the language ------------------------------------------------------ */

GtkSourceLanguage *
bk_strategy_editor_get_language (void)
{
  static gsize searched;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();

  if (g_once_init_enter (&searched))
    {
      /* The build tree's, then the installed prefix's, before the usual
       * places (a prefix outside XDG_DATA_DIRS is not among them). */
      g_autofree char *prefix_share = g_path_get_dirname (BK_PKGDATADIR);
      g_autofree char *installed = g_build_filename (prefix_share, "gtksourceview-5", "language-specs", NULL);
      const char *dirs[] = { g_getenv ("BARKEEP_DATADIR"), BK_BUILD_DATADIR, installed };
      g_autoptr(GStrvBuilder) path = g_strv_builder_new ();

      for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
        {
          g_autofree char *lang = dirs[i] != NULL ? g_build_filename (dirs[i], "barkeep-strategy.lang", NULL) : NULL;

          if (lang != NULL && g_file_test (lang, G_FILE_TEST_IS_REGULAR))
            g_strv_builder_add (path, dirs[i]);
        }
      const char *const *usual = gtk_source_language_manager_get_search_path (manager);
      for (guint i = 0; usual != NULL && usual[i] != NULL; i++)
        g_strv_builder_add (path, usual[i]);
      g_auto(GStrv) search = g_strv_builder_end (path);
      gtk_source_language_manager_set_search_path (manager, (const char *const *) search);
      g_once_init_leave (&searched, 1);
    }
  return gtk_source_language_manager_get_language (manager, "barkeep-strategy");
}

/* ---- the error and the status line ------------------------------------- */

GtkTextTag *
bk_strategy_editor_get_error_tag (BkStrategyEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (self->document));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), ERROR_TAG);

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, ERROR_TAG, "underline", PANGO_UNDERLINE_ERROR, NULL);
  return tag;
}

/* The error's place: from its column to the end of the word there (one
 * character at least), or the whole line when it names no column. */
static void
underline_error (BkStrategyEditor *self, guint line, guint column)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (self->document));
  GtkTextIter start, end;

  if (line == 0 || (int) line > gtk_text_buffer_get_line_count (buffer))
    return;
  gtk_text_buffer_get_iter_at_line (buffer, &start, (int) line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  if (column > 0 && (int) column - 1 < gtk_text_iter_get_chars_in_line (&start))
    {
      gtk_text_iter_set_line_offset (&start, (int) column - 1);
      end = start;
      while (!gtk_text_iter_ends_line (&end)
             && (g_unichar_isalnum (gtk_text_iter_get_char (&end)) || gtk_text_iter_get_char (&end) == '_'
                 || gtk_text_iter_get_char (&end) == '.'))
        gtk_text_iter_forward_char (&end);
      if (gtk_text_iter_equal (&start, &end) && !gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_char (&end);
    }
  if (gtk_text_iter_equal (&start, &end))
    {
      /* An empty line: the newline before it, so that it shows. */
      if (!gtk_text_iter_backward_char (&start))
        gtk_text_iter_forward_char (&end);
    }
  gtk_text_buffer_apply_tag (buffer, bk_strategy_editor_get_error_tag (self), &start, &end);
}

static void
update_title (BkStrategyEditor *self)
{
  g_autofree char *title = bk_strategy_document_get_title (self->document);
  g_autofree char *shown = bk_strategy_document_get_modified (self->document) ? g_strdup_printf ("• %s", title)
                                                                              : g_strdup (title);
  GFile *file = bk_strategy_document_get_file (self->document);
  g_autofree char *path = file != NULL ? g_file_get_parse_name (file) : NULL;
  gboolean copy = bk_strategy_document_get_read_only (self->document);

  gtk_label_set_text (self->title_label, shown);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), path);
  gtk_button_set_label (self->save_button, copy ? _("Save a _Copy…") : _("_Save"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                               copy ? _("A built-in strategy is read-only: save a copy to change it")
                                    : _("Save the strategy (Ctrl+S)"));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), !copy);
}

static void
on_document_checked_cb (BkStrategyEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (self->document));
  GtkTextIter start, end;
  guint line, column;
  const char *message;
  g_autofree char *status = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, bk_strategy_editor_get_error_tag (self), &start, &end);
  if (bk_strategy_document_get_error (self->document, &line, &column, &message) != NULL)
    {
      underline_error (self, line, column);
      if (line > 0 && column > 0)
        /* Translators: the editor's status line: where the error is, and what it is. */
        status = g_strdup_printf (_("Line %u, column %u: %s"), line, column, message);
      else if (line > 0)
        status = g_strdup_printf (_("Line %u: %s"), line, message);
      else
        status = g_strdup (message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      guint n = bk_strategy_params_get_n (bk_strategy_document_get_params (self->document));

      /* Translators: the editor's status line when the text loads. */
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No errors · %u parameter · Ctrl+Enter runs",
                                             "No errors · %u parameters · Ctrl+Enter runs", n),
                                n);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status);
}

/* The message of the error under the pointer. */
static gboolean
on_query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user_data)
{
  BkStrategyEditor *self = BK_STRATEGY_EDITOR (user_data);
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextIter iter;
  int bx, by;
  const char *message;

  if (self->document == NULL || bk_strategy_document_get_error (self->document, NULL, NULL, &message) == NULL)
    return FALSE;
  if (keyboard)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    }
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return FALSE;
    }
  if (!gtk_text_iter_has_tag (&iter, bk_strategy_editor_get_error_tag (self)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, message);
  return TRUE;
}

static void
on_document_modified_cb (BkStrategyEditor *self)
{
  update_title (self);
}

/* ---- the document ------------------------------------------------------ */

void
bk_strategy_editor_set_document (BkStrategyEditor *self, BkStrategyDocument *document)
{
  g_return_if_fail (BK_IS_STRATEGY_EDITOR (self));
  g_return_if_fail (BK_IS_STRATEGY_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);

  GtkSourceBuffer *buffer = bk_strategy_document_get_buffer (document);
  GtkSourceLanguage *language = bk_strategy_editor_get_language ();
  if (language != NULL)
    gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (buffer));
  g_signal_connect_swapped (document, "checked", G_CALLBACK (on_document_checked_cb), self);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (on_document_modified_cb), self);
  g_signal_connect_swapped (document, "notify::read-only", G_CALLBACK (on_document_modified_cb), self);
  g_signal_connect_swapped (document, "notify::file", G_CALLBACK (on_document_modified_cb), self);
  update_title (self);
  bk_strategy_document_check_now (document);
  on_document_checked_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DOCUMENT]);
}

BkStrategyDocument *
bk_strategy_editor_get_document (BkStrategyEditor *self)
{
  return self->document;
}

static void
fail (BkStrategyEditor *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

/* ---- asking before an edited document goes ------------------------------ */

static void open_chosen (GtkWidget *widget, GFile *file);

static void
carry_on (BkStrategyEditor *self)
{
  Then *then = g_steal_pointer (&self->then);

  if (then == NULL)
    return;
  if (then->next != NULL)
    bk_strategy_editor_set_document (self, then->next);
  if (then->open_dialog)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Strategy files"));
      gtk_file_filter_add_suffix (filter, "ini");
      bk_file_dialog_choose (GTK_WIDGET (self), _("Open Strategy File"), BK_FILE_DIALOG_OPEN, NULL, filter,
                             open_chosen);
    }
  if (then->close_window)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      self->closing = TRUE;
      if (GTK_IS_WINDOW (root))
        gtk_window_close (GTK_WINDOW (root));
    }
  then_free (then);
}

static void save_as_chosen (GtkWidget *widget, GFile *file);

static void
ask_save_as (BkStrategyEditor *self)
{
  const char *id = bk_strategy_document_get_builtin_id (self->document);
  g_autofree char *suggested = id != NULL ? g_strdup_printf ("%s.ini", id) : g_strdup ("strategy.ini");

  bk_file_dialog_choose (GTK_WIDGET (self),
                         bk_strategy_document_get_read_only (self->document) ? _("Save a Copy of the Strategy")
                                                                             : _("Save the Strategy As"),
                         BK_FILE_DIALOG_SAVE, suggested, NULL, save_as_chosen);
}

static void
on_question_response_cb (AdwMessageDialog *dialog, const char *response, BkStrategyEditor *self)
{
  self->question = NULL;
  if (g_str_equal (response, "discard"))
    carry_on (self);
  else if (g_str_equal (response, "save"))
    {
      g_autoptr(GError) error = NULL;

      if (bk_strategy_document_get_file (self->document) == NULL || bk_strategy_document_get_read_only (self->document))
        ask_save_as (self);  /* carries on once saved */
      else if (bk_strategy_document_save (self->document, &error))
        carry_on (self);
      else
        {
          g_clear_pointer (&self->then, then_free);
          fail (self, error->message);
        }
    }
  else
    g_clear_pointer (&self->then, then_free);
}

/* Does `then` now, or once the user has saved or given up the changes. */
static void
ask_then (BkStrategyEditor *self, Then *then)
{
  g_clear_pointer (&self->then, then_free);
  self->then = then;
  if (self->document == NULL || !bk_strategy_document_get_modified (self->document))
    {
      carry_on (self);
      return;
    }
  if (self->question != NULL)
    return;

  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = bk_strategy_document_get_title (self->document);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                         _("Save Changes?"), NULL));
  /* Translators: %s is the strategy's file name (or "New strategy"). */
  adw_message_dialog_format_body (dialog, _("“%s” has changes that are not saved. Changes that are not saved are lost."),
                                  title);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"), "save",
                                    bk_strategy_document_get_read_only (self->document) ? _("Save a _Copy…")
                                                                                        : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_question_response_cb), self);
  self->question = GTK_WIDGET (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
bk_strategy_editor_get_question (BkStrategyEditor *self)
{
  return self->question;
}

void
bk_strategy_editor_replace_document (BkStrategyEditor *self, BkStrategyDocument *document)
{
  Then *then = g_new0 (Then, 1);

  then->next = g_object_ref (document);
  ask_then (self, then);
}

gboolean
bk_strategy_editor_close_request (BkStrategyEditor *self)
{
  if (self->closing || self->document == NULL || !bk_strategy_document_get_modified (self->document))
    return FALSE;
  Then *then = g_new0 (Then, 1);
  then->close_window = TRUE;
  ask_then (self, then);
  return TRUE;
}

/* ---- files ------------------------------------------------------------- */

void
bk_strategy_editor_new_document (BkStrategyEditor *self)
{
  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new ();

  bk_strategy_editor_replace_document (self, document);
}

static void
open_chosen (GtkWidget *widget, GFile *file)
{
  BkStrategyEditor *self = BK_STRATEGY_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new_from_file (file, &error);

  if (document == NULL)
    {
      fail (self, error->message);
      return;
    }
  bk_strategy_editor_set_document (self, document);
}

void
bk_strategy_editor_open (BkStrategyEditor *self)
{
  Then *then = g_new0 (Then, 1);

  then->open_dialog = TRUE;
  ask_then (self, then);
}

void
bk_strategy_editor_open_file (BkStrategyEditor *self, GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new_from_file (file, &error);

  if (document == NULL)
    {
      fail (self, error->message);
      return;
    }
  bk_strategy_editor_replace_document (self, document);
}

gboolean
bk_strategy_editor_save_to (BkStrategyEditor *self, GFile *file, GError **error)
{
  if (!bk_strategy_document_save_as (self->document, file, error))
    return FALSE;
  update_title (self);
  return TRUE;
}

static void
save_as_chosen (GtkWidget *widget, GFile *file)
{
  BkStrategyEditor *self = BK_STRATEGY_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!bk_strategy_editor_save_to (self, file, &error))
    {
      g_clear_pointer (&self->then, then_free);
      fail (self, error->message);
      return;
    }
  carry_on (self);
}

void
bk_strategy_editor_save_as (BkStrategyEditor *self)
{
  ask_save_as (self);
}

void
bk_strategy_editor_save (BkStrategyEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (bk_strategy_document_get_file (self->document) == NULL || bk_strategy_document_get_read_only (self->document))
    ask_save_as (self);
  else if (!bk_strategy_document_save (self->document, &error))
    fail (self, error->message);
}

/* ---- the class --------------------------------------------------------- */

GtkSourceView *
bk_strategy_editor_get_view (BkStrategyEditor *self)
{
  return self->source_view;
}

const char *
bk_strategy_editor_get_status (BkStrategyEditor *self)
{
  return gtk_label_get_text (self->status_label);
}

static gboolean
run_shortcut_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_RUN], 0);
  return TRUE;
}

static gboolean
save_shortcut_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  if (g_variant_get_boolean (args))
    bk_strategy_editor_save_as (user_data);
  else
    bk_strategy_editor_save (user_data);
  return TRUE;
}

static void
add_shortcut (GtkShortcutController *controller, const char *trigger, GtkShortcutFunc func, gpointer data,
              GVariant *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                            gtk_callback_action_new (func, data, NULL));

  if (args != NULL)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
bk_strategy_editor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkStrategyEditor *self = BK_STRATEGY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_strategy_editor_dispose (GObject *object)
{
  BkStrategyEditor *self = BK_STRATEGY_EDITOR (object);

  if (self->question != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->question, self);
      gtk_window_destroy (GTK_WINDOW (self->question));
      self->question = NULL;
    }
  g_clear_pointer (&self->then, then_free);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  bk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_STRATEGY_EDITOR);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (bk_strategy_editor_parent_class)->dispose (object);
}

static void
bk_strategy_editor_class_init (BkStrategyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bk_strategy_editor_get_property;
  object_class->dispose = bk_strategy_editor_dispose;

  props[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, BK_TYPE_STRATEGY_DOCUMENT,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  /* Ctrl+Enter: run the strategy. */
  signals[SIGNAL_RUN] = g_signal_new ("run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);
  /* A file could not be read or written: the message names it. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-strategy-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BkStrategyEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, BkStrategyEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, BkStrategyEditor, source_view);
  gtk_widget_class_bind_template_child (widget_class, BkStrategyEditor, status_label);
}

static void
bk_strategy_editor_init (BkStrategyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>Return|<Control>KP_Enter", run_shortcut_cb, self,
                NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>s", save_shortcut_cb, self,
                g_variant_new_boolean (FALSE));
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Shift><Control>s", save_shortcut_cb, self,
                g_variant_new_boolean (TRUE));
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), shortcuts);
  g_signal_connect (self->source_view, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);

  GtkSourceCompletion *completion = gtk_source_view_get_completion (self->source_view);
  g_autoptr(GtkSourceCompletionProvider) provider = bk_strategy_completion_new ();
  gtk_source_completion_add_provider (completion, provider);

  g_autoptr(BkStrategyDocument) document = bk_strategy_document_new ();
  bk_strategy_editor_set_document (self, document);
}
