/* bk-csv-layout.c — which column holds what.
 *
 * Up to BK_CSV_MAX_TITLES title lines, then a header naming the columns in
 * English or Chinese (units of volume allowed, unknown columns ignored),
 * or straight away a data row: a date and at least four numbers, 通达信's
 * headerless order (date, [time], open, high, low, close, volume, amount).
 * A row with one field more than the header, a time right after the date,
 * has an unnamed time column (backtrader's intraday files).  A header with
 * a date and one price column (price, last, 成交价...) instead of open,
 * high, low and close is a file of ticks: the price is all four.  The line that
 * is neither a title nor OHLC is refused with what it has and lacks.
 */
#include "bk-csv-private.h"

#include "bk-i18n.h"

#include <string.h>

/* Column titles of a headerless file, in 通达信's order. */
static const char * const headerless_titles[BK_CSV_N_ROLES] = {
  NULL, "date", "time", "open", "high", "low", "close", "volume", "openinterest", "price",
};

static const struct {
  const char *name;
  BkCsvRole role;
} header_names[] = {
  { "date", BK_CSV_ROLE_DATE },
  { "datetime", BK_CSV_ROLE_DATE },
  { "date time", BK_CSV_ROLE_DATE },
  { "timestamp", BK_CSV_ROLE_DATE },
  { "trade_date", BK_CSV_ROLE_DATE },
  { "日期", BK_CSV_ROLE_DATE },
  { "交易日期", BK_CSV_ROLE_DATE },
  { "日期时间", BK_CSV_ROLE_DATE },
  { "时间戳", BK_CSV_ROLE_DATE },
  { "time", BK_CSV_ROLE_TIME },
  { "时间", BK_CSV_ROLE_TIME },
  { "open", BK_CSV_ROLE_OPEN },
  { "开盘", BK_CSV_ROLE_OPEN },
  { "开盘价", BK_CSV_ROLE_OPEN },
  { "high", BK_CSV_ROLE_HIGH },
  { "最高", BK_CSV_ROLE_HIGH },
  { "最高价", BK_CSV_ROLE_HIGH },
  { "low", BK_CSV_ROLE_LOW },
  { "最低", BK_CSV_ROLE_LOW },
  { "最低价", BK_CSV_ROLE_LOW },
  { "close", BK_CSV_ROLE_CLOSE },
  { "收盘", BK_CSV_ROLE_CLOSE },
  { "收盘价", BK_CSV_ROLE_CLOSE },
  { "volume", BK_CSV_ROLE_VOLUME },
  { "vol", BK_CSV_ROLE_VOLUME },
  { "成交量", BK_CSV_ROLE_VOLUME },
  { "openinterest", BK_CSV_ROLE_OPENINTEREST },
  { "open interest", BK_CSV_ROLE_OPENINTEREST },
  { "持仓量", BK_CSV_ROLE_OPENINTEREST },
  { "price", BK_CSV_ROLE_PRICE },
  { "last", BK_CSV_ROLE_PRICE },
  { "last price", BK_CSV_ROLE_PRICE },
  { "lastprice", BK_CSV_ROLE_PRICE },
  { "trade price", BK_CSV_ROLE_PRICE },
  { "成交价", BK_CSV_ROLE_PRICE },
  { "最新价", BK_CSV_ROLE_PRICE },
  { "现价", BK_CSV_ROLE_PRICE },
  { "价格", BK_CSV_ROLE_PRICE },
};

static BkCsvRole role_of_name (const char *text, gsize len, gboolean *is_timestamp);

/* Volume in a unit: 成交量(股), 成交量（手）, Volume(shares), Vol.  Read as
 * the file gives it, unscaled: 手 (a lot, 100 shares in China) stays lots,
 * as volume indicators compare a file's volumes with each other.  FALSE
 * for anything else. */
static gboolean
is_volume_with_unit (const char *p, const char *end)
{
  static const char *const units[] = { "股", "shares", "share", "手", "lots", "lot" };
  const char *open = NULL;
  gsize close_len = 0;

  if (end > p && end[-1] == '.')
    return role_of_name (p, end - 1 - p, NULL) == BK_CSV_ROLE_VOLUME;
  if (end > p && end[-1] == ')')
    close_len = 1;
  else if (end - p >= 3 && memcmp (end - 3, "）", 3) == 0)
    close_len = 3;
  else
    return FALSE;
  for (const char *q = p; q < end - close_len; q++)
    if (*q == '(' || (end - q >= 3 && memcmp (q, "（", 3) == 0))
      open = q;
  if (open == NULL || role_of_name (p, open - p, NULL) != BK_CSV_ROLE_VOLUME)
    return FALSE;
  const char *unit = open + (*open == '(' ? 1 : 3);
  const char *unit_end = end - close_len;
  while (unit < unit_end && bk_csv_is_blank (*unit))
    unit++;
  while (unit_end > unit && bk_csv_is_blank (unit_end[-1]))
    unit_end--;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strlen (units[i]) == (gsize) (unit_end - unit) && g_ascii_strncasecmp (unit, units[i], unit_end - unit) == 0)
      return TRUE;
  return FALSE;
}

/* A title that is not read but reads like a volume ("Volume BTC",
 * "成交量(万股)"): better an error than a volume of zero. */
static gboolean
looks_like_volume (const char *p, const char *end)
{
  g_autofree char *title = g_ascii_strdown (p, end - p);

  return (strstr (title, "vol") != NULL && strstr (title, "volatil") == NULL) || strstr (title, "成交量") != NULL;
}

/* A title without the blanks and stray quotes around it. */
static void
trim_title (const char **p, const char **end)
{
  while (*p < *end && (bk_csv_is_blank (**p) || **p == '"' || **p == '\''))
    (*p)++;
  while (*end > *p && (bk_csv_is_blank ((*end)[-1]) || (*end)[-1] == '"' || (*end)[-1] == '\''))
    (*end)--;
}

static BkCsvRole
role_of_name (const char *text, gsize len, gboolean *is_timestamp)
{
  const char *p = text;
  const char *end = text + len;

  trim_title (&p, &end);
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (strlen (header_names[i].name) == (gsize) (end - p)
        && g_ascii_strncasecmp (p, header_names[i].name, end - p) == 0)
      {
        if (is_timestamp != NULL)
          *is_timestamp = g_ascii_strncasecmp (p, "timestamp", end - p) == 0
                          || strncmp (p, "时间戳", end - p) == 0;
        return header_names[i].role;
      }
  return is_volume_with_unit (p, end) ? BK_CSV_ROLE_VOLUME : BK_CSV_ROLE_IGNORED;
}

/* The header's field at reader->field_index: its role, if any. */
static void
store_header_name (BkCsvReader *reader, const char *text, gsize len)
{
  gboolean is_timestamp = FALSE;
  BkCsvRole role = role_of_name (text, len, &is_timestamp);
  const char *p = text;
  const char *end = text + len;

  trim_title (&p, &end);

  /* A second column for a role is ignored: the first wins. */
  if (role != BK_CSV_ROLE_IGNORED && reader->role_titles[role] != NULL)
    role = BK_CSV_ROLE_IGNORED;
  if (role != BK_CSV_ROLE_IGNORED)
    {
      reader->role_titles[role] = g_strndup (p, end - p);
      reader->role_column[role] = (gint) reader->roles->len;
      if (role == BK_CSV_ROLE_DATE && is_timestamp)
        reader->date_kind = BK_CSV_DATE_TIMESTAMP;
    }

  else if (reader->volume_like_title == NULL && looks_like_volume (p, end))
    {
      reader->volume_like_title = g_strndup (p, end - p);
      reader->volume_like_column = reader->roles->len;
    }

  guint8 byte = (guint8) role;
  g_byte_array_append (reader->roles, &byte, 1);
}


static const char *
role_display_name (BkCsvRole role)
{
  switch (role)
    {
    case BK_CSV_ROLE_DATE: return _("a date");
    case BK_CSV_ROLE_OPEN: return "open";
    case BK_CSV_ROLE_HIGH: return "high";
    case BK_CSV_ROLE_LOW: return "low";
    case BK_CSV_ROLE_CLOSE: return "close";
    default: return "?";
    }
}

/* "not OHLC": names the columns found and the ones missing. */
static void
fail_not_ohlc (BkCsvReader *reader, GPtrArray *fields, const gboolean *present)
{
  g_autoptr(GString) found = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < fields->len && i < BK_CSV_MAX_NAMED; i++)
    {
      const char *name = g_ptr_array_index (fields, i);

      if (i > 0)
        g_string_append (found, ", ");
      bk_csv_append_quoted (found, name, strlen (name));
    }
  if (fields->len > BK_CSV_MAX_NAMED)
    g_string_append_printf (found, _(" and %u more"), fields->len - BK_CSV_MAX_NAMED);
  for (BkCsvRole role = BK_CSV_ROLE_DATE; role <= BK_CSV_ROLE_CLOSE; role++)
    if (role != BK_CSV_ROLE_TIME && !present[role])
      {
        if (missing->len > 0)
          g_string_append (missing, ", ");
        g_string_append (missing, role_display_name (role));
      }
  /* TRANSLATORS: the columns of the header as written, then the ones that
   * are missing ("open, high, low, close", "a date"). */
  bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1, _("not OHLC: found columns %s; need %s"),
                  found->str, missing->str);
}

/* What the current line is: a title, a header, the first row of a file
 * without one, or a header of something that is not OHLC. */
static BkLineKind
classify_line (BkCsvReader *reader)
{
  char delimiter = bk_csv_detect_delimiter (reader->line, reader->line_len);
  g_autoptr(GPtrArray) fields = bk_csv_split_fields (reader, delimiter);
  gboolean present[BK_CSV_N_ROLES] = { FALSE };
  guint known = 0, numbers = 0, empty = 0;

  reader->delimiter = delimiter;
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);
      BkCsvRole role = role_of_name (field, strlen (field), NULL);

      if (role != BK_CSV_ROLE_IGNORED)
        {
          present[role] = TRUE;
          known++;
        }
      if (*field == '\0')
        empty++;
      else if (bk_csv_is_number_text (field))
        numbers++;
    }
  if (present[BK_CSV_ROLE_TIME])
    present[BK_CSV_ROLE_DATE] = TRUE;
  if (present[BK_CSV_ROLE_DATE] && present[BK_CSV_ROLE_OPEN] && present[BK_CSV_ROLE_HIGH]
      && present[BK_CSV_ROLE_LOW] && present[BK_CSV_ROLE_CLOSE])
    return BK_LINE_HEADER;
  if (present[BK_CSV_ROLE_DATE] && present[BK_CSV_ROLE_PRICE] && !present[BK_CSV_ROLE_OPEN]
      && !present[BK_CSV_ROLE_HIGH] && !present[BK_CSV_ROLE_LOW] && !present[BK_CSV_ROLE_CLOSE])
    return BK_LINE_HEADER;

  const char *first = g_ptr_array_index (fields, 0);
  if (bk_csv_looks_like_date (first, strlen (first)))
    {
      guint i = 1, prices = 0;

      if (i < fields->len)
        {
          const char *second = g_ptr_array_index (fields, i);
          if (bk_csv_looks_like_time (second, strlen (second)))
            i++;
        }
      for (; i < fields->len && bk_csv_is_number_text (g_ptr_array_index (fields, i)); i++)
        prices++;
      if (prices >= 4)
        return BK_LINE_FIRST_ROW;
      /* TRANSLATORS: %u is how many numbers follow the date. */
      bk_csv_fail_at_column (reader, BK_ERROR_PARSE, 1,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "not OHLC: the first row has a date and %u number; need a date, then open, high, low and close",
                                   "not OHLC: the first row has a date and %u numbers; need a date, then open, high, low and close",
                                   prices),
                      prices);
      return BK_LINE_REFUSED;
    }
  if ((known >= 1 && fields->len >= 2) || (fields->len >= 3 && numbers == 0 && empty == 0))
    {
      fail_not_ohlc (reader, fields, present);
      return BK_LINE_REFUSED;
    }
  return BK_LINE_TITLE;
}

static void
set_role (BkCsvReader *reader, guint column, BkCsvRole role, const char *title)
{
  reader->roles->data[column] = (guint8) role;
  reader->role_column[role] = (gint) column;
  g_free (reader->role_titles[role]);
  reader->role_titles[role] = g_strdup (title);
}

static void
ignore_row_end (BkCsvReader *reader)
{
}

/* A price column beside open, high, low and close is not read; alone, it
 * is all four, and the reader copies it into them row by row. */
static void
take_price_column (BkCsvReader *reader)
{
  g_autofree char *title = g_steal_pointer (&reader->role_titles[BK_CSV_ROLE_PRICE]);
  guint column = (guint) reader->role_column[BK_CSV_ROLE_PRICE];
  static const BkCsvRole prices[] = {
    BK_CSV_ROLE_OPEN, BK_CSV_ROLE_HIGH, BK_CSV_ROLE_LOW, BK_CSV_ROLE_CLOSE,
  };

  reader->role_column[BK_CSV_ROLE_PRICE] = -1;
  if (reader->role_titles[BK_CSV_ROLE_CLOSE] != NULL)
    {
      reader->roles->data[column] = BK_CSV_ROLE_IGNORED;
      return;
    }
  reader->single_price = TRUE;
  set_role (reader, column, BK_CSV_ROLE_CLOSE, title);
  /* The sanity checks name the column of whichever price they test. */
  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    {
      reader->role_column[prices[i]] = (gint) column;
      g_free (reader->role_titles[prices[i]]);
      reader->role_titles[prices[i]] = g_strdup (title);
    }
}

/* The header's roles; a time column alone holds whole timestamps. */
static gboolean
take_header (BkCsvReader *reader)
{
  reader->header_line_number = reader->line_number;
  bk_csv_tokenize_line (reader, store_header_name, ignore_row_end);
  if (reader->error != NULL)
    return FALSE;
  reader->n_columns = reader->roles->len;
  if (reader->role_titles[BK_CSV_ROLE_PRICE] != NULL)
    take_price_column (reader);
  if (reader->role_titles[BK_CSV_ROLE_VOLUME] == NULL && reader->volume_like_title != NULL)
    {
      g_autofree char *title = bk_csv_quote_title (reader->volume_like_title);
      bk_csv_fail_at_column (reader, BK_ERROR_PARSE,
                      bk_csv_column_at (reader, bk_csv_field_start_offset (reader, reader->volume_like_column)),
                      /* Translators: %s is a column's title; keep Volume, Volume(shares) and
                       * 成交量(手) as they are: they are the titles Barkeep reads */
                      _("column '%s' looks like a volume in a unit Barkeep does not read; "
                        "title it Volume, Volume(shares) or 成交量(手), or remove it"), title);
      return FALSE;
    }
  if (reader->role_titles[BK_CSV_ROLE_DATE] == NULL)
    {
      g_autofree char *title = g_steal_pointer (&reader->role_titles[BK_CSV_ROLE_TIME]);
      guint column = (guint) reader->role_column[BK_CSV_ROLE_TIME];

      reader->role_column[BK_CSV_ROLE_TIME] = -1;
      set_role (reader, column, BK_CSV_ROLE_DATE, title);
    }
  return TRUE;
}

/* A file without a header: 通达信's order, date, [time], open, high, low,
 * close, [volume], then anything (amount) ignored. */
static void
take_headerless_layout (BkCsvReader *reader)
{
  g_autoptr(GPtrArray) fields = bk_csv_split_fields (reader, reader->delimiter);
  static const BkCsvRole order[] = {
    BK_CSV_ROLE_OPEN, BK_CSV_ROLE_HIGH, BK_CSV_ROLE_LOW, BK_CSV_ROLE_CLOSE, BK_CSV_ROLE_VOLUME,
  };
  guint column = 0;

  reader->headerless = TRUE;
  g_byte_array_set_size (reader->roles, fields->len);
  memset (reader->roles->data, BK_CSV_ROLE_IGNORED, fields->len);
  reader->n_columns = fields->len;
  set_role (reader, column++, BK_CSV_ROLE_DATE, headerless_titles[BK_CSV_ROLE_DATE]);
  const char *second = g_ptr_array_index (fields, 1);
  if (bk_csv_looks_like_time (second, strlen (second)))
    set_role (reader, column++, BK_CSV_ROLE_TIME, headerless_titles[BK_CSV_ROLE_TIME]);
  for (guint i = 0; i < G_N_ELEMENTS (order) && column < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, column);

      /* Volume only where the first row has a number there. */
      if (order[i] == BK_CSV_ROLE_VOLUME && !bk_csv_is_number_text (field))
        break;
      set_role (reader, column++, order[i], headerless_titles[order[i]]);
    }
}

/* A row with one field more than the header, right after the date, of the
 * form HH:MM[:SS]: an unnamed time column (backtrader's own intraday files). */
void
bk_csv_layout_look_for_unnamed_time (BkCsvReader *reader)
{
  gint date = reader->role_column[BK_CSV_ROLE_DATE];

  if (reader->headerless || reader->role_column[BK_CSV_ROLE_TIME] >= 0 || date < 0)
    return;
  g_autoptr(GPtrArray) fields = bk_csv_split_fields (reader, reader->delimiter);
  if (fields->len != reader->n_columns + 1)
    return;
  const char *date_text = g_ptr_array_index (fields, date);
  const char *time_text = g_ptr_array_index (fields, date + 1);
  BkCivilTime t;
  if (!bk_csv_scan_datetime (date_text, strlen (date_text), &t) || t.has_time
      || !bk_csv_looks_like_time (time_text, strlen (time_text)))
    return;

  g_byte_array_set_size (reader->roles, reader->n_columns + 1);
  memmove (reader->roles->data + date + 2, reader->roles->data + date + 1, reader->n_columns - date - 1);
  reader->roles->data[date + 1] = BK_CSV_ROLE_IGNORED;
  reader->n_columns++;
  for (BkCsvRole role = BK_CSV_ROLE_DATE; role < BK_CSV_N_ROLES; role++)
    if (reader->role_column[role] > date)
      reader->role_column[role]++;
  set_role (reader, (guint) date + 1, BK_CSV_ROLE_TIME, headerless_titles[BK_CSV_ROLE_TIME]);
}

/* What the current line is, a title, the header or a headerless file's
 * first row, and in the last two cases the layout taken from it. */
BkLineKind
bk_csv_layout_take_line (BkCsvReader *reader)
{
  BkLineKind kind = classify_line (reader);

  if (kind == BK_LINE_HEADER && !take_header (reader))
    return BK_LINE_REFUSED;
  if (kind == BK_LINE_FIRST_ROW)
    {
      take_headerless_layout (reader);
      reader->header_line_number = reader->line_number - 1;
    }
  return kind;
}
