/* test-app-editor.c — the Run view's strategy editor and parameter panel:
 * what is typed is what runs, errors are underlined where the loader puts
 * them and refuse the run, files round-trip, built-ins are read-only, and
 * a slider rewrites its number and runs again, a newer change stopping
 * the run of the older one.  Structure, never time. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bk-strategy-editor-completion.h"
#include "test-app-common.h"

static BkStrategyEditor *
editor (void)
{
  return bk_run_view_get_editor (run_view ());
}

static BkStrategyDocument *
document (void)
{
  return bk_run_view_get_document (run_view ());
}

static GtkTextBuffer *
buffer (void)
{
  return GTK_TEXT_BUFFER (bk_strategy_document_get_buffer (document ()));
}

static char *
text (void)
{
  return bk_strategy_document_get_text (document ());
}

/* A fresh document, shown without asking. */
static void
show_new_document (void)
{
  g_autoptr(BkStrategyDocument) fresh = bk_strategy_document_new ();

  bk_run_view_set_document (run_view (), fresh);
  g_assert_true (document () == fresh);
}

/* Replaces the first `old` of the text with `new`, key by key as a person
 * types: a deletion, then one insertion a character. */
static void
type_over (const char *old, const char *replacement)
{
  g_autofree char *now = text ();
  const char *at = strstr (now, old);
  GtkTextIter start, end;

  g_assert_nonnull (at);
  glong offset = g_utf8_pointer_to_offset (now, at);
  gtk_text_buffer_get_iter_at_offset (buffer (), &start, (int) offset);
  gtk_text_buffer_get_iter_at_offset (buffer (), &end, (int) (offset + g_utf8_strlen (old, -1)));
  gtk_text_buffer_delete (buffer (), &start, &end);
  for (const char *c = replacement; *c != '\0'; c++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer (), &start, (int) offset++);
      gtk_text_buffer_insert (buffer (), &start, c, 1);
    }
}

static guint checks_before;

static gboolean
checked_again (void)
{
  return bk_strategy_document_get_n_checks (document ()) > checks_before;
}

/* Lets the idle check run. */
static void
wait_checked (void)
{
  g_assert_true (wait_for (checked_again, 10));
}

/* The label of the run's named indicator `prefix`..., or NULL. */
static const char *
run_node_label (BkRun *run, const char *prefix)
{
  BkGraph *graph = bk_run_get_graph (run);

  for (guint i = 0; i < bk_graph_get_n_nodes (graph); i++)
    {
      const char *label = bk_node_get_label (bk_graph_get_node (graph, i));
      if (label != NULL && g_str_has_prefix (label, prefix))
        return label;
    }
  return NULL;
}

/* Typing a new period changes what runs: the text is checked once for the
 * whole burst of keys, and the run's graph has the period typed. */
static void
test_typed_period_runs (void)
{
  show_new_document ();
  run_and_wait ();
  g_assert_nonnull (run_node_label (bk_run_view_get_shown (run_view ()), "SMA(20)"));

  checks_before = bk_strategy_document_get_n_checks (document ());
  type_over ("period=20", "period=35");
  g_assert_false (checked_again ());   /* not once a key */
  wait_checked ();
  g_assert_cmpuint (bk_strategy_document_get_n_checks (document ()), ==, checks_before + 1);
  g_assert_null (bk_strategy_document_get_error (document (), NULL, NULL, NULL));
  /* The run shown was made with the text before: the view says so. */
  g_assert_nonnull (bk_run_view_get_stale_note (run_view ()));

  run_and_wait ();
  BkRun *run = bk_run_view_get_shown (run_view ());
  g_assert_true (bk_run_get_strategy (run) == bk_strategy_document_get_strategy (document ()));
  g_assert_nonnull (run_node_label (run, "SMA(35)"));
  g_assert_null (run_node_label (run, "SMA(20)"));
}

/* An error is underlined from the loader's line and column, said in the
 * status line, and Run is refused with its message. */
static void
test_error_underlined_and_run_refused (void)
{
  guint line, column;
  const char *message;

  show_new_document ();
  checks_before = bk_strategy_document_get_n_checks (document ());
  type_over ("SMA(close, period=20)", "SMAX(close, period=20)");
  wait_checked ();
  const GError *error = bk_strategy_document_get_error (document (), &line, &column, &message);
  g_assert_nonnull (error);
  /* [indicator sma] is on line 7 of the template; its expr= on line 8. */
  g_assert_cmpuint (line, ==, 8);
  g_assert_cmpuint (column, ==, 6);
  g_assert_nonnull (strstr (message, "SMAX"));
  g_assert_true (g_str_has_prefix (error->message, "untitled.ini:8:6:"));

  GtkTextIter at, before;
  GtkTextTag *tag = bk_strategy_editor_get_error_tag (editor ());
  gtk_text_buffer_get_iter_at_line_offset (buffer (), &at, 7, 5);
  gtk_text_buffer_get_iter_at_line_offset (buffer (), &before, 7, 4);
  g_assert_true (gtk_text_iter_has_tag (&at, tag));
  g_assert_false (gtk_text_iter_has_tag (&before, tag));
  g_assert_nonnull (strstr (bk_strategy_editor_get_status (editor ()), "Line 8, column 6"));
  g_assert_nonnull (strstr (bk_strategy_editor_get_status (editor ()), message));

  BkRun *shown = bk_run_view_get_shown (run_view ());
  hide_banner ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.run", NULL));
  g_assert_false (bk_run_view_is_running (run_view ()));
  g_assert_true (bk_run_view_get_shown (run_view ()) == shown);
  g_assert_nonnull (banner_text ());
  g_assert_nonnull (strstr (banner_text (), "untitled.ini:8:6:"));

  /* Put right, the underline goes. */
  checks_before = bk_strategy_document_get_n_checks (document ());
  type_over ("SMAX", "SMA");
  wait_checked ();
  g_assert_null (bk_strategy_document_get_error (document (), NULL, NULL, NULL));
  gtk_text_buffer_get_iter_at_line_offset (buffer (), &at, 7, 5);
  g_assert_false (gtk_text_iter_has_tag (&at, tag));
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Save As writes the text and the document is that file from then on;
 * Save writes there again; opening it gives the same text back. */
static void
test_save_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "round-trip.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  show_new_document ();
  g_assert_null (bk_strategy_document_get_file (document ()));
  type_over ("size=10", "size=7");
  g_assert_true (bk_strategy_document_get_modified (document ()));
  g_assert_true (bk_strategy_editor_save_to (editor (), file, &error));
  g_assert_no_error (error);
  g_assert_false (bk_strategy_document_get_modified (document ()));
  g_assert_true (g_file_equal (bk_strategy_document_get_file (document ()), file));
  g_autofree char *saved = read_file (path);
  g_autofree char *now = text ();
  g_assert_cmpstr (saved, ==, now);

  type_over ("size=7", "size=8");
  g_assert_true (bk_strategy_document_get_modified (document ()));
  bk_strategy_editor_save (editor ());   /* a file: no dialog */
  g_assert_false (bk_strategy_document_get_modified (document ()));
  g_autofree char *again = read_file (path);
  g_assert_nonnull (strstr (again, "size=8"));

  g_autoptr(BkStrategyDocument) reopened = bk_strategy_document_new_from_file (file, &error);
  g_assert_no_error (error);
  g_autofree char *reopened_text = bk_strategy_document_get_text (reopened);
  g_assert_cmpstr (reopened_text, ==, again);
  g_assert_false (bk_strategy_document_get_read_only (reopened));
  /* Errors name the file now. */
  g_assert_cmpstr (bk_strategy_document_get_display_name (reopened), ==, path);
}

/* A built-in opens read-only; Save has no file to write and asks for one;
 * Save a Copy writes its text, and the copy is editable. */
static void
test_builtin_read_only_save_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategyDocument) builtin = bk_strategy_document_new_builtin ("sma-crossover", &error);
  g_autofree char *path = g_build_filename (tmpdir, "copy.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  bk_run_view_set_document (run_view (), builtin);
  g_assert_true (bk_strategy_document_get_read_only (builtin));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (bk_strategy_editor_get_view (editor ()))));
  g_assert_false (bk_strategy_document_save (builtin, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (bk_strategy_editor_save_to (editor (), file, &error));
  g_assert_no_error (error);
  g_autofree char *copy = read_file (path);
  g_assert_cmpstr (copy, ==, bk_strategy_file_builtin_text ("sma-crossover"));
  g_assert_false (bk_strategy_document_get_read_only (builtin));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (bk_strategy_editor_get_view (editor ()))));
}

static const char *
param_text (const char *name)
{
  const BkStrategyParams *params = bk_strategy_document_get_params (document ());
  static char value[BK_STRATEGY_PARAMS_NUMBER_SIZE];
  gint i = bk_strategy_params_lookup (params, name, NULL);

  g_assert_cmpint (i, >=, 0);
  bk_strategy_params_format_number (bk_strategy_params_get (params, (guint) i)->value, value);
  return value;
}

/* A slider rewrites its number (one undoable edit) and starts a run at
 * once; a second change stops the first run, which is never shown. */
static void
test_slider_rewrites_and_reruns (void)
{
  show_new_document ();
  run_and_wait ();
  BkParameterPanel *panel = bk_run_view_get_parameter_panel (run_view ());
  GtkAdjustment *period = bk_parameter_panel_get_adjustment (panel, "sma.period");
  g_assert_nonnull (period);
  g_assert_nonnull (bk_parameter_panel_get_adjustment (panel, "rules.size"));
  g_assert_cmpuint (bk_parameter_panel_get_n_rows (panel), ==,
                    bk_strategy_params_get_n (bk_strategy_document_get_params (document ())));
  g_assert_cmpfloat (gtk_adjustment_get_value (period), ==, 20);

  guint superseded = bk_run_view_get_n_superseded (run_view ());
  gtk_adjustment_set_value (period, 25);
  g_autofree char *after_first = text ();
  g_assert_nonnull (strstr (after_first, "SMA(close, period=25)"));
  g_assert_cmpstr (param_text ("sma.period"), ==, "25");
  g_assert_true (bk_run_view_is_running (run_view ()));

  gtk_adjustment_set_value (period, 26);
  g_assert_cmpuint (bk_run_view_get_n_superseded (run_view ()), ==, superseded + 1);
  g_assert_true (wait_for (run_ended, 60));
  BkRun *shown = bk_run_view_get_shown (run_view ());
  g_assert_true (bk_run_get_strategy (shown) == bk_strategy_document_get_strategy (document ()));
  g_assert_nonnull (run_node_label (shown, "SMA(26)"));
  g_assert_cmpuint (bk_run_get_bars (shown), ==, 4965);

  /* Each move is one edit: undo gives the number before it. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer ()));
  gtk_text_buffer_undo (buffer ());
  bk_strategy_document_check_now (document ());
  g_assert_cmpstr (param_text ("sma.period"), ==, "25");
  g_assert_cmpfloat (gtk_adjustment_get_value (period), ==, 25);
}

static void
on_items_changed_cb (GListModel *model, guint position, guint removed, guint added, guint *count)
{
  (*count)++;
}

/* What a slider's run costs the window, counted: out of sight, the results
 * panel keeps the run unread until it is asked; its trade rows are the
 * same items, rewritten, and the list changes at most once a run. */
static void
test_slider_rerun_keeps_rows (void)
{
  show_new_document ();
  run_and_wait ();
  BkResultsPanel *results = bk_run_view_get_results_panel (run_view ());
  GtkAdjustment *period = bk_parameter_panel_get_adjustment (bk_run_view_get_parameter_panel (run_view ()),
                                                             "sma.period");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (results)));

  gtk_adjustment_set_value (period, 12);
  g_assert_true (wait_for (run_ended, 60));
  g_assert_true (bk_results_panel_is_pending (results));
  GListModel *trades = bk_results_panel_get_trades (results);
  g_assert_false (bk_results_panel_is_pending (results));
  guint before = g_list_model_get_n_items (trades);
  g_assert_cmpuint (before, >, 1);
  g_autoptr(BkTradeItem) first = g_list_model_get_item (trades, 0);
  double first_pnl = bk_trade_item_get_trade (first)->pnl;

  guint changes = 0;
  gulong id = g_signal_connect (trades, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  gtk_adjustment_set_value (period, 30);
  g_assert_true (wait_for (run_ended, 60));
  g_assert_true (bk_results_panel_is_pending (results));
  g_assert_cmpuint (changes, ==, 0);
  g_assert_true (bk_results_panel_get_trades (results) == trades);
  const BkBroker *broker = bk_run_get_broker (bk_run_view_get_shown (run_view ()));
  g_assert_cmpuint (g_list_model_get_n_items (trades), ==, broker->trades->len);
  g_assert_cmpuint (changes, ==, broker->trades->len != before ? 1 : 0);
  g_autoptr(BkTradeItem) first_again = g_list_model_get_item (trades, 0);
  g_assert_true (first_again == first);
  g_assert_cmpfloat (bk_trade_item_get_trade (first)->pnl, ==, g_array_index (broker->trades, BkTrade, 0).pnl);
  g_assert_cmpfloat (bk_trade_item_get_trade (first)->pnl, !=, first_pnl);
  g_signal_handler_disconnect (trades, id);
}

/* New over an edited document asks; Cancel keeps it, Discard replaces it. */
static void
test_unsaved_changes_ask (void)
{
  show_new_document ();
  BkStrategyDocument *edited = document ();
  type_over ("size=10", "size=3");

  bk_strategy_editor_new_document (editor ());
  GtkWidget *question = bk_strategy_editor_get_question (editor ());
  g_assert_nonnull (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  g_assert_null (bk_strategy_editor_get_question (editor ()));
  g_assert_true (document () == edited);

  bk_strategy_editor_new_document (editor ());
  question = bk_strategy_editor_get_question (editor ());
  g_assert_nonnull (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "discard");
  g_assert_true (document () != edited);
  g_autofree char *now = text ();
  g_assert_cmpstr (now, ==, bk_strategy_document_get_template ());

  /* An unedited document goes without a question. */
  bk_strategy_editor_new_document (editor ());
  g_assert_null (bk_strategy_editor_get_question (editor ()));
}

static gboolean
offers (char **words, const char *word)
{
  return g_strv_contains ((const char *const *) words, word);
}

/* Completion from the registry: indicators, a call's parameters with
 * their defaults, an indicator's lines, a section's keys. */
static void
test_completion_from_registry (void)
{
  g_autoptr(GtkSourceCompletionProvider) provider = bk_strategy_completion_new ();
  g_autoptr(GtkTextBuffer) text_buffer = GTK_TEXT_BUFFER (gtk_source_buffer_new (NULL));
  const char *cases[][3] = {
    { "[indicator m]\nexpr=MAC", "MACD(", NULL },
    { "[indicator m]\nexpr=SMA(close, per", "period=30", NULL },
    { "[indicator m]\nexpr=MACD()\n[rules]\nbuy=m.si", "signal", NULL },
    { "[rules]\nbuy=MACD().sig", "signal", NULL },
    { "[rules]\nsto", "stop_loss=", NULL },
    { "[rules]\nbuy=clo", "close", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkTextIter end;

      gtk_text_buffer_set_text (text_buffer, cases[i][0], -1);
      gtk_text_buffer_get_end_iter (text_buffer, &end);
      g_auto(GStrv) words = bk_strategy_completion_list (BK_STRATEGY_COMPLETION (provider), text_buffer, &end);
      if (!offers (words, cases[i][1]))
        g_error ("after “%s”: “%s” not offered", cases[i][0], cases[i][1]);
    }
}

/* The language definition is found (made from the registry at build
 * time) and knows an indicator's alias. */
static void
test_language_found (void)
{
  GtkSourceLanguage *language = bk_strategy_editor_get_language ();

  g_assert_nonnull (language);
  g_assert_true (gtk_source_buffer_get_language (bk_strategy_document_get_buffer (document ())) == language);
  const char *file = gtk_source_language_get_metadata (language, "line-comment-start");
  g_assert_cmpstr (file, ==, "#");
}

/* The toggle hides the editor; the chart stays. */
static void
test_toggle_hides_editor (void)
{
  GtkWidget *pane = gtk_widget_get_parent (GTK_WIDGET (editor ()));

  g_assert_true (gtk_widget_get_visible (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.show-editor", NULL));
  g_assert_false (gtk_widget_get_visible (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.show-editor", NULL));
  g_assert_true (gtk_widget_get_visible (pane));
}

int
main (int argc, char **argv)
{
  app_test_init (&argc, &argv);
  g_test_add_func ("/app/editor/typed-period-runs", test_typed_period_runs);
  g_test_add_func ("/app/editor/error-underlined-run-refused", test_error_underlined_and_run_refused);
  g_test_add_func ("/app/editor/save-round-trip", test_save_round_trip);
  g_test_add_func ("/app/editor/builtin-read-only-save-copy", test_builtin_read_only_save_copy);
  g_test_add_func ("/app/editor/slider-rewrites-and-reruns", test_slider_rewrites_and_reruns);
  g_test_add_func ("/app/editor/slider-rerun-keeps-rows", test_slider_rerun_keeps_rows);
  g_test_add_func ("/app/editor/unsaved-changes-ask", test_unsaved_changes_ask);
  g_test_add_func ("/app/editor/completion-from-registry", test_completion_from_registry);
  g_test_add_func ("/app/editor/language-found", test_language_found);
  g_test_add_func ("/app/editor/toggle-hides-editor", test_toggle_hides_editor);
  return app_test_run ();
}
