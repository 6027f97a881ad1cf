/* bk-preferences-page.c — the Preferences page.
 *
 * Each combo row is bound to its key with g_settings_bind_with_mapping:
 * the row's position is the key's value, one mapping for each kind of
 * key (a string among choices, a boolean, a memory mode). */
#include "config.h"

#include <glib/gi18n.h>

#include "bk-preferences-page.h"
#include "bk-mode-choices.h"
#include "bk-renderer-choice.h"

struct _BkPreferencesPage {
  AdwPreferencesPage parent_instance;

  AdwComboRow *chart_style_row;
  AdwComboRow *red_up_row;
  AdwComboRow *mode_row;
  AdwComboRow *precision_row;
  AdwComboRow *renderer_row;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (BkPreferencesPage, bk_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* The values of the string keys, in their rows' order. */
static const char *const chart_styles[] = { "candles", "bars", NULL };
static const char *const precisions[] = { "f64", "f32", NULL };
static const char *const renderers[] = { "cairo", "gl", NULL };

static gboolean
string_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *choices = user_data;
  const char *chosen = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], chosen))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_string (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *choices = user_data;
  guint position = MIN (g_value_get_uint (value), g_strv_length ((char **) choices) - 1);

  return g_variant_new_string (choices[position]);
}

static gboolean
boolean_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_variant_get_boolean (variant) ? 1 : 0);
  return TRUE;
}

static GVariant *
position_to_boolean (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_boolean (g_value_get_uint (value) == 1);
}

static gboolean
mode_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  guint position = bk_mode_choice_index (g_variant_get_int32 (variant));

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_uint (value, position);
  return TRUE;
}

static GVariant *
position_to_mode (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_int32 (bk_mode_choice_get (g_value_get_uint (value)));
}

GtkWidget *
bk_preferences_page_new (GSettings *settings)
{
  BkPreferencesPage *self = g_object_new (BK_TYPE_PREFERENCES_PAGE, NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "chart-style", self->chart_style_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_to_position, position_to_string, (gpointer) chart_styles, NULL);
  g_settings_bind_with_mapping (settings, "red-up", self->red_up_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                boolean_to_position, position_to_boolean, NULL, NULL);
  g_settings_bind_with_mapping (settings, "default-mode", self->mode_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                mode_to_position, position_to_mode, NULL, NULL);
  g_settings_bind_with_mapping (settings, "default-precision", self->precision_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, string_to_position, position_to_string,
                                (gpointer) precisions, NULL);
  g_settings_bind_with_mapping (settings, "renderer", self->renderer_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_to_position, position_to_string, (gpointer) renderers, NULL);

  /* A variable in the environment decides before the preference does. */
  const BkRendererPlan *chosen = bk_renderer_get_chosen ();
  if (chosen != NULL && chosen->origin != BK_RENDERER_FROM_PREFERENCE)
    {
      /* Translators: %s is an environment variable with its value, e.g. "GSK_RENDERER=ngl" */
      g_autofree char *subtitle = g_strdup_printf (_("%s in the environment decides before this setting"),
                                                   chosen->origin_detail);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->renderer_row), subtitle);
    }
  return GTK_WIDGET (self);
}

static void
bk_preferences_page_dispose (GObject *object)
{
  BkPreferencesPage *self = BK_PREFERENCES_PAGE (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BK_TYPE_PREFERENCES_PAGE);
  G_OBJECT_CLASS (bk_preferences_page_parent_class)->dispose (object);
}

static void
bk_preferences_page_class_init (BkPreferencesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = bk_preferences_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/barkeep/Barkeep/bk-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BkPreferencesPage, chart_style_row);
  gtk_widget_class_bind_template_child (widget_class, BkPreferencesPage, red_up_row);
  gtk_widget_class_bind_template_child (widget_class, BkPreferencesPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, BkPreferencesPage, precision_row);
  gtk_widget_class_bind_template_child (widget_class, BkPreferencesPage, renderer_row);
}

static void
bk_preferences_page_init (BkPreferencesPage *self)
{
  g_autoptr(GtkStringList) modes = bk_mode_choices_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (modes));
}
