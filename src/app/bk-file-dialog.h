/* bk-file-dialog.h — asking for a file or a folder, the same way on GTK
 * 4.8 (GtkFileChooserNative) and on 4.10 and later (GtkFileDialog,
 * through the portal in the Flatpak), for whichever view asks. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  BK_FILE_DIALOG_OPEN,
  BK_FILE_DIALOG_SAVE,
  BK_FILE_DIALOG_FOLDER,
} BkFileDialogKind;

/* Called with the file chosen; not called when the dialog was dismissed. */
typedef void (*BkFileChosenFunc) (GtkWidget *widget, GFile *file);

/* Asks, over the window `widget` is in, with `title`, the `filter` (taken;
 * may be NULL) and a `suggested` name to save under (may be NULL); then
 * calls `func` with `widget` (held until then) and the file. */
void bk_file_dialog_choose (GtkWidget *widget, const char *title, BkFileDialogKind kind, const char *suggested,
                            GtkFileFilter *filter, BkFileChosenFunc func);

G_END_DECLS
