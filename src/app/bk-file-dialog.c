/* bk-file-dialog.c — asking for a file or a folder. */

#include "config.h"

#include "bk-file-dialog.h"

#if GTK_CHECK_VERSION (4, 10, 0)
typedef struct {
  GtkWidget *widget;
  BkFileChosenFunc func;
  BkFileDialogKind kind;
} DialogData;

static void
on_file_dialog_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  DialogData *data = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  g_autoptr(GFile) file = data->kind == BK_FILE_DIALOG_SAVE     ? gtk_file_dialog_save_finish (dialog, result, NULL)
                          : data->kind == BK_FILE_DIALOG_FOLDER ? gtk_file_dialog_select_folder_finish (dialog, result, NULL)
                                                                : gtk_file_dialog_open_finish (dialog, result, NULL);

  if (file != NULL)
    data->func (data->widget, file);
  g_object_unref (data->widget);
  g_free (data);
}
#else
static void
on_file_chooser_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  BkFileChosenFunc func = (BkFileChosenFunc) g_object_get_data (G_OBJECT (dialog), "bk-func");
  GtkWidget *widget = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      func (widget, file);
    }
  g_object_unref (dialog);
  g_object_unref (widget);
}
#endif

void
bk_file_dialog_choose (GtkWidget *widget, const char *title, BkFileDialogKind kind, const char *suggested,
                       GtkFileFilter *filter, BkFileChosenFunc func)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));

#if GTK_CHECK_VERSION (4, 10, 0)
  GtkFileDialog *dialog = gtk_file_dialog_new ();
  DialogData *data = g_new0 (DialogData, 1);

  gtk_file_dialog_set_title (dialog, title);
  if (filter != NULL)
    gtk_file_dialog_set_default_filter (dialog, filter);
  if (suggested != NULL)
    gtk_file_dialog_set_initial_name (dialog, suggested);
  data->widget = g_object_ref (widget);
  data->func = func;
  data->kind = kind;
  if (kind == BK_FILE_DIALOG_SAVE)
    gtk_file_dialog_save (dialog, parent, NULL, on_file_dialog_done_cb, data);
  else if (kind == BK_FILE_DIALOG_FOLDER)
    gtk_file_dialog_select_folder (dialog, parent, NULL, on_file_dialog_done_cb, data);
  else
    gtk_file_dialog_open (dialog, parent, NULL, on_file_dialog_done_cb, data);
  g_object_unref (dialog);
  g_clear_object (&filter);
#else
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, parent,
                                                              kind == BK_FILE_DIALOG_SAVE     ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                              : kind == BK_FILE_DIALOG_FOLDER ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                                                              : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              NULL, NULL);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_object_set_data (G_OBJECT (dialog), "bk-func", (gpointer) func);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chooser_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  g_clear_object (&filter);
#endif
}
