/* bk-dump.c — writing the dump CSV as the run goes. */
#include "bk-dump.h"

#include <string.h>

#include "bk-number-format.h"

struct _BkDump {
  FILE *out;
  GPtrArray *lines;    /* BkLine*, the columns after the date */
  char *row;           /* room for the longest row */
  /* The last day whose date was written, its text up to the 'T' (rows of
   * intraday data differ only in their time of day). */
  gint64 day;
  char day_text[32];
  gsize day_length;
};

/* A row: the date, then ",number" for each column. */
#define DATE_SIZE 32
#define FIELD_SIZE (1 + BK_NUMBER_FORMAT_SIZE)

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
  dump->row = g_malloc (DATE_SIZE + (gsize) dump->lines->len * FIELD_SIZE + 1);
  dump->day = G_MININT64;

  g_autoptr(GString) header = g_string_new ("date");
  for (guint i = 0; i < titles->len; i++)
    g_string_append_printf (header, ",%s", (const char *) g_ptr_array_index (titles, i));
  g_string_append_c (header, '\n');
  fputs (header->str, out);
  return dump;
}

/* bk_number_format writes past its text's end: its own buffer, then the
 * text alone into the caller's. */
const char *
bk_dump_format_number (char buf[G_ASCII_DTOSTR_BUF_SIZE], double value)
{
  char text[BK_NUMBER_FORMAT_SIZE];
  gsize length = bk_number_format (value, text);

  memcpy (buf, text, length + 1);
  return buf;
}

static inline char *
write_two (char *out, guint n)
{
  out[0] = (char) ('0' + n / 10);
  out[1] = (char) ('0' + n % 10);
  return out + 2;
}

/* bk_format_datetime's text, its date written once a day: the date is
 * the slow part and intraday rows share it.  Dates without a time, and
 * what it writes as invalid, are its own. */
static char *
write_datetime (BkDump *dump, double datetime, gboolean with_time, char *out)
{
  gint64 day;
  guint second_of_day, millisecond;

  if (!with_time || !bk_datetime_split (datetime, TRUE, &day, &second_of_day, &millisecond))
    {
      bk_format_datetime (datetime, with_time, out);
      return out + strlen (out);
    }

  if (day != dump->day)
    {
      bk_format_datetime ((double) day * 86400.0, FALSE, dump->day_text);
      dump->day_length = strlen (dump->day_text);
      dump->day_text[dump->day_length++] = 'T';
      dump->day = day;
    }
  memcpy (out, dump->day_text, dump->day_length);
  out += dump->day_length;
  out = write_two (out, second_of_day / 3600);
  *out++ = ':';
  out = write_two (out, second_of_day / 60 % 60);
  *out++ = ':';
  out = write_two (out, second_of_day % 60);
  if (millisecond != 0)
    {
      *out++ = '.';
      *out++ = (char) ('0' + millisecond / 100);
      out = write_two (out, millisecond % 100);
    }
  return out;
}

void
bk_dump_write_bar (BkRun *run, gpointer data)
{
  BkDump *dump = data;
  BkNode *feed = bk_graph_get_feed (bk_run_get_graph (run));
  double datetime = bk_line_get (feed->outputs[BK_FEED_DATETIME]->line, 0);
  char *out = dump->row;

  if (!isnan (datetime))
    out = write_datetime (dump, datetime, bk_run_has_time (run), out);
  for (guint i = 0; i < dump->lines->len; i++)
    {
      double value = bk_line_get (g_ptr_array_index (dump->lines, i), 0);

      *out++ = ',';
      if (!isnan (value))
        out += bk_number_format (value, out);
    }
  *out++ = '\n';
  fwrite (dump->row, 1, out - dump->row, dump->out);
}

void
bk_dump_free (BkDump *dump)
{
  if (dump == NULL)
    return;
  g_ptr_array_unref (dump->lines);
  g_free (dump->row);
  g_free (dump);
}
