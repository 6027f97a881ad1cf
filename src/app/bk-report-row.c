/* bk-report-row.c — a memory panel row. */

#include "config.h"

#include <glib/gi18n.h>

#include "bk-format.h"
#include "bk-report-row.h"

struct _BkReportRow {
  GObject parent_instance;
  char *name;
  char *full_name;              /* the name unshortened: a data feed's path */
  char *lines;
  char *per_line;
  guint64 cells;
  guint64 bytes;
  GListStore *children;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_FULL_NAME,
  PROP_LINES,
  PROP_PER_LINE,
  PROP_CELLS,
  PROP_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BkReportRow, bk_report_row, G_TYPE_OBJECT)

static void
bk_report_row_finalize (GObject *object)
{
  BkReportRow *self = BK_REPORT_ROW (object);

  g_free (self->name);
  g_free (self->full_name);
  g_free (self->lines);
  g_free (self->per_line);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (bk_report_row_parent_class)->finalize (object);
}

static void
bk_report_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BkReportRow *self = BK_REPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_FULL_NAME: g_value_set_string (value, self->full_name); break;
    case PROP_LINES: g_value_set_string (value, self->lines); break;
    case PROP_PER_LINE: g_value_set_string (value, self->per_line); break;
    case PROP_CELLS: g_value_set_uint64 (value, self->cells); break;
    case PROP_BYTES: g_value_set_uint64 (value, self->bytes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bk_report_row_class_init (BkReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bk_report_row_finalize;
  object_class->get_property = bk_report_row_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL_NAME] = g_param_spec_string ("full-name", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINES] = g_param_spec_string ("lines", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PER_LINE] = g_param_spec_string ("per-line", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CELLS] = g_param_spec_uint64 ("cells", NULL, NULL, 0, G_MAXUINT64, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BYTES] = g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bk_report_row_init (BkReportRow *self)
{
  self->children = g_list_store_new (BK_TYPE_REPORT_ROW);
}

static char *
item_full_name (const BkReportItem *item)
{
  if (item->name != NULL && g_strcmp0 (item->name, item->label) != 0)
    return g_strdup_printf ("%s · %s", item->name, item->label);
  /* The three groups are the engine's words, marked for translation there. */
  if (g_strcmp0 (item->kind, "group") == 0)
    return g_strdup (_(item->label));
  return g_strdup (item->label);
}

/* A data feed by its file's name (the full name has the path). */
static char *
item_display_name (const BkReportItem *item)
{
  if (item->path != NULL)
    return g_path_get_basename (item->path);
  return item_full_name (item);
}

static char *
item_lines (const BkReportItem *item)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < item->lines->len; i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", line->name);
    }
  return g_string_free (text, FALSE);
}

/* "4965" when every line holds as many; "30, 14, 1" otherwise; rings
 * marked so that whole and ring lines read apart. */
static char *
item_per_line (const BkReportItem *item)
{
  GString *text = g_string_new (NULL);
  gboolean same = TRUE;

  for (guint i = 1; i < item->lines->len; i++)
    same = same && g_array_index (item->lines, BkReportLine, i).cells
                   == g_array_index (item->lines, BkReportLine, 0).cells
                && g_array_index (item->lines, BkReportLine, i).whole
                   == g_array_index (item->lines, BkReportLine, 0).whole;
  for (guint i = 0; i < (same ? MIN (item->lines->len, 1) : item->lines->len); i++)
    {
      const BkReportLine *line = &g_array_index (item->lines, BkReportLine, i);
      g_autofree char *cells = bk_format_count (line->cells);
      g_string_append_printf (text, "%s%s%s", i > 0 ? ", " : "", cells, line->whole ? "" : "○");
    }
  if (item->state_cells > 0)
    {
      g_autofree char *inside = bk_format_count (item->state_cells);
      g_string_append_printf (text, "%s+%s", text->len > 0 ? " " : "", inside);
    }
  return g_string_free (text, FALSE);
}

static gboolean
set_string (char **field, char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }
  g_free (*field);
  *field = value;
  return TRUE;
}

void
bk_report_row_update (BkReportRow *self, const BkReportItem *item)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&self->name, item_display_name (item)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (set_string (&self->full_name, item_full_name (item)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_NAME]);
  if (set_string (&self->lines, item_lines (item)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
  if (set_string (&self->per_line, item_per_line (item)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PER_LINE]);
  if (self->cells != item->total_cells)
    {
      self->cells = item->total_cells;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CELLS]);
    }
  if (self->bytes != item->total_bytes)
    {
      self->bytes = item->total_bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
    }
  for (guint i = 0; i < item->children->len; i++)
    {
      g_autoptr(BkReportRow) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);
      bk_report_row_update (child, g_ptr_array_index (item->children, i));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

BkReportRow *
bk_report_row_new_from_item (const BkReportItem *item)
{
  BkReportRow *self = g_object_new (BK_TYPE_REPORT_ROW, NULL);

  for (guint i = 0; i < item->children->len; i++)
    {
      g_autoptr(BkReportRow) child = bk_report_row_new_from_item (g_ptr_array_index (item->children, i));
      g_list_store_append (self->children, child);
    }
  bk_report_row_update (self, item);
  return self;
}

gboolean
bk_report_row_matches (BkReportRow *self, const BkReportItem *item)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->children)) != item->children->len)
    return FALSE;
  for (guint i = 0; i < item->children->len; i++)
    {
      g_autoptr(BkReportRow) child = g_list_model_get_item (G_LIST_MODEL (self->children), i);
      if (!bk_report_row_matches (child, g_ptr_array_index (item->children, i)))
        return FALSE;
    }
  return TRUE;
}

guint64
bk_report_row_get_cells (BkReportRow *self)
{
  return self->cells;
}

guint64
bk_report_row_get_bytes (BkReportRow *self)
{
  return self->bytes;
}

GListModel *
bk_report_row_get_children (BkReportRow *self)
{
  return G_LIST_MODEL (self->children);
}
