/* bk-dump.c — writing the dump CSV as the run goes. */
#include "bk-dump.h"

struct _BkDump {
  FILE *out;
  GPtrArray *lines;    /* BkLine*, the columns after the date */
  GString *row;
};

GPtrArray *
bk_dump_get_columns (BkRun *run, GPtrArray **titles)
{
  BkNode *feed = bk_graph_get_feed (bk_run_get_graph (run));
  GPtrArray *named = bk_run_get_named (run);
  GPtrArray *lines = g_ptr_array_new ();

  if (titles != NULL)
    *titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = BK_FEED_OPEN; i <= BK_FEED_VOLUME; i++)
    {
      g_ptr_array_add (lines, feed->outputs[i]->line);
      if (titles != NULL)
        g_ptr_array_add (*titles, g_strdup (feed->outputs[i]->name));
    }
  for (guint n = 0; n < named->len; n++)
    {
      BkNode *node = g_ptr_array_index (named, n);
      for (guint j = 0; j < node->n_outputs; j++)
        {
          g_ptr_array_add (lines, node->outputs[j]->line);
          if (titles != NULL)
            g_ptr_array_add (*titles, g_strdup_printf ("%s.%s", node->name, node->outputs[j]->name));
        }
    }
  return lines;
}

BkDump *
bk_dump_new (BkRun *run, FILE *out)
{
  BkDump *dump = g_new0 (BkDump, 1);
  g_autoptr(GPtrArray) titles = NULL;

  dump->out = out;
  dump->lines = bk_dump_get_columns (run, &titles);
  dump->row = g_string_sized_new (512);
  g_string_append (dump->row, "date");
  for (guint i = 0; i < titles->len; i++)
    g_string_append_printf (dump->row, ",%s", (const char *) g_ptr_array_index (titles, i));
  g_string_append_c (dump->row, '\n');
  fputs (dump->row->str, out);
  return dump;
}

/* The shortest of %.15g, %.16g and %.17g that reads back as the same
 * double: 39.94, not 39.939999999999998.  Any double has at most 17
 * significant digits worth printing, and one that needs 15 or fewer
 * prints them exactly with %.15g, so trying those three is enough.  The
 * text depends on the value alone, so dumps stay the same in every mode. */
const char *
bk_dump_format_number (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value)
{
  static const char *const formats[] = { "%.15g", "%.16g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return buf;
    }
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

void
bk_dump_write_bar (BkRun *run, gpointer data)
{
  BkDump *dump = data;
  BkNode *feed = bk_graph_get_feed (bk_run_get_graph (run));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  double datetime = bk_line_get (feed->outputs[BK_FEED_DATETIME]->line, 0);

  g_string_truncate (dump->row, 0);
  if (!isnan (datetime))
    {
      bk_format_datetime (datetime, bk_run_has_time (run), buf);
      g_string_append (dump->row, buf);
    }
  for (guint i = 0; i < dump->lines->len; i++)
    {
      double value = bk_line_get (g_ptr_array_index (dump->lines, i), 0);

      g_string_append_c (dump->row, ',');
      if (!isnan (value))
        g_string_append (dump->row, bk_dump_format_number (buf, value));
    }
  g_string_append_c (dump->row, '\n');
  fwrite (dump->row->str, 1, dump->row->len, dump->out);
}

void
bk_dump_free (BkDump *dump)
{
  if (dump == NULL)
    return;
  g_ptr_array_unref (dump->lines);
  g_string_free (dump->row, TRUE);
  g_free (dump);
}
