/* bk-regstats.c — regression statistics, per symbol and exactly summed.
 *
 * Within a symbol, rows arrive in bar order and plain double sums are
 * deterministic.  Across symbols the order is whatever the scheduler made
 * it, so each entry is a BkFsum: the exact sum of the symbols' totals,
 * rounded once when read.  Merging adds the other sum's partials, which
 * are exact too, so any grouping of symbols gives the same exact sums.
 *
 * The text form writes each exact sum as a short list of doubles whose
 * exact total it is: the rounded sum, then the rounded remainder, and so
 * on until nothing is left.  That list depends on the exact value only,
 * so two processes that summed the same symbols write the same text. */
#include "bk-regstats.h"

#include <string.h>

#include "bk-error.h"
#include "bk-fsum.h"
#include "bk-i18n.h"
#include "bk-text.h"

struct _BkRegSum {
  guint k;
  guint64 n;
  guint n_acc;
  BkFsum acc[];                /* sum_x[k], sum_y, xtx[packed], xty[k], yty */
};

static guint
acc_count (guint k)
{
  return 2 * k + 2 + BK_REG_PACKED_SIZE (k);
}

static guint
acc_sum_y (guint k)
{
  return k;
}

static guint
acc_xtx (guint k, guint i, guint j)
{
  return k + 1 + BK_REG_PACKED_INDEX (i, j);
}

static guint
acc_xty (guint k, guint i)
{
  return k + 1 + BK_REG_PACKED_SIZE (k) + i;
}

static guint
acc_yty (guint k)
{
  return 2 * k + 1 + BK_REG_PACKED_SIZE (k);
}

void
bk_reg_rows_init (BkRegRows *rows, guint k)
{
  g_return_if_fail (k >= 1 && k <= BK_REG_MAX_FEATURES);

  memset (rows, 0, sizeof *rows);
  rows->k = k;
}

void
bk_reg_rows_clear (BkRegRows *rows)
{
  bk_reg_rows_init (rows, rows->k);
}

void
bk_reg_rows_add (BkRegRows *rows, const double *x, double y)
{
  const guint k = rows->k;
  double *row = rows->xtx;

  for (guint i = 0; i < k; i++)
    {
      const double xi = x[i];
      rows->sum_x[i] += xi;
      rows->xty[i] += xi * y;
      for (guint j = 0; j <= i; j++)
        row[j] += xi * x[j];
      row += i + 1;
    }
  rows->sum_y += y;
  rows->yty += y * y;
  rows->n++;
}

BkRegSum *
bk_reg_sum_new (guint k)
{
  g_return_val_if_fail (k >= 1 && k <= BK_REG_MAX_FEATURES, NULL);

  guint n_acc = acc_count (k);
  BkRegSum *sum = g_malloc (sizeof *sum + n_acc * sizeof (BkFsum));
  sum->k = k;
  sum->n = 0;
  sum->n_acc = n_acc;
  for (guint a = 0; a < n_acc; a++)
    sum->acc[a] = (BkFsum) BK_FSUM_INIT;
  return sum;
}

void
bk_reg_sum_free (BkRegSum *sum)
{
  g_free (sum);
}

void
bk_reg_sum_add_rows (BkRegSum *sum, const BkRegRows *rows)
{
  g_return_if_fail (sum->k == rows->k);

  const guint k = sum->k;
  for (guint i = 0; i < k; i++)
    {
      bk_fsum_add (&sum->acc[i], rows->sum_x[i]);
      bk_fsum_add (&sum->acc[acc_xty (k, i)], rows->xty[i]);
    }
  for (guint p = 0; p < BK_REG_PACKED_SIZE (k); p++)
    bk_fsum_add (&sum->acc[k + 1 + p], rows->xtx[p]);
  bk_fsum_add (&sum->acc[acc_sum_y (k)], rows->sum_y);
  bk_fsum_add (&sum->acc[acc_yty (k)], rows->yty);
  sum->n += rows->n;
}

/* The exact value of `from` added to `into`: partials are doubles and add
 * exactly; `big` counts units of 2^1023 and adds as integers. */
static void
fsum_merge (BkFsum *into, const BkFsum *from)
{
  for (guint i = 0; i < from->n; i++)
    bk_fsum_add (into, from->partials[i]);
  into->big += from->big;
  if (from->has_special)
    bk_fsum_add (into, from->special);
}

void
bk_reg_sum_merge (BkRegSum *into, const BkRegSum *other)
{
  g_return_if_fail (into->k == other->k);

  for (guint a = 0; a < into->n_acc; a++)
    fsum_merge (&into->acc[a], &other->acc[a]);
  into->n += other->n;
}

guint
bk_reg_sum_get_k (const BkRegSum *sum)
{
  return sum->k;
}

guint64
bk_reg_sum_get_n (const BkRegSum *sum)
{
  return sum->n;
}

double
bk_reg_sum_get_sum_x (const BkRegSum *sum, guint i)
{
  g_return_val_if_fail (i < sum->k, 0.0);
  return bk_fsum_result (&sum->acc[i]);
}

double
bk_reg_sum_get_sum_y (const BkRegSum *sum)
{
  return bk_fsum_result (&sum->acc[acc_sum_y (sum->k)]);
}

double
bk_reg_sum_get_xtx (const BkRegSum *sum, guint i, guint j)
{
  g_return_val_if_fail (i < sum->k && j < sum->k, 0.0);
  return bk_fsum_result (&sum->acc[acc_xtx (sum->k, i, j)]);
}

double
bk_reg_sum_get_xty (const BkRegSum *sum, guint i)
{
  g_return_val_if_fail (i < sum->k, 0.0);
  return bk_fsum_result (&sum->acc[acc_xty (sum->k, i)]);
}

double
bk_reg_sum_get_yty (const BkRegSum *sum)
{
  return bk_fsum_result (&sum->acc[acc_yty (sum->k)]);
}

gboolean
bk_reg_sum_equal (const BkRegSum *a, const BkRegSum *b)
{
  if (a->k != b->k || a->n != b->n)
    return FALSE;
  for (guint i = 0; i < a->n_acc; i++)
    {
      double x = bk_fsum_result (&a->acc[i]);
      double y = bk_fsum_result (&b->acc[i]);
      if (memcmp (&x, &y, sizeof x) != 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- text ---- */

#define UNIT_TOKEN "u:"        /* "u:N": N units of 2^1023 (raw form only) */

static void
append_double (GString *out, double x)
{
  char buf[64];

  g_snprintf (buf, sizeof buf, " %a", x);
  g_string_append (out, buf);
}

/* The exact value of `acc` as doubles: canonical (rounded value, then the
 * rounded remainders) when it is finite and in range, else the raw
 * partials and units, which are exact as well. */
static void
append_value (GString *out, const BkFsum *acc)
{
  if (acc->has_special)
    {
      append_double (out, acc->special);
      return;
    }
  if (acc->big == 0)
    {
      GString *canonical = g_string_new (NULL);
      BkFsum rest = *acc;
      gboolean ok = TRUE;
      for (;;)
        {
          double r = bk_fsum_result (&rest);
          if (!isfinite (r))
            {
              ok = FALSE;
              break;
            }
          if (r == 0.0)
            {
              if (canonical->len == 0)
                append_double (canonical, r);   /* keeps the sign of a zero */
              break;
            }
          append_double (canonical, r);
          bk_fsum_add (&rest, -r);
          if (rest.big != 0 || rest.has_special)
            {
              ok = FALSE;
              break;
            }
        }
      if (ok)
        {
          g_string_append_len (out, canonical->str, canonical->len);
          g_string_free (canonical, TRUE);
          return;
        }
      g_string_free (canonical, TRUE);
    }
  for (guint i = 0; i < acc->n; i++)
    append_double (out, acc->partials[i]);
  if (acc->n == 0)
    append_double (out, 0.0);
  if (acc->big != 0)
    g_string_append_printf (out, " " UNIT_TOKEN "%" G_GINT64_FORMAT, acc->big);
}

char *
bk_reg_sum_to_text (const BkRegSum *sum)
{
  const guint k = sum->k;
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "k %u\n", k);
  g_string_append_printf (out, "n %" G_GUINT64_FORMAT "\n", sum->n);
  for (guint i = 0; i < k; i++)
    {
      g_string_append_printf (out, "sum_x %u", i);
      append_value (out, &sum->acc[i]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "sum_y");
  append_value (out, &sum->acc[acc_sum_y (k)]);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j <= i; j++)
      {
        g_string_append_printf (out, "xtx %u %u", i, j);
        append_value (out, &sum->acc[acc_xtx (k, i, j)]);
        g_string_append_c (out, '\n');
      }
  for (guint i = 0; i < k; i++)
    {
      g_string_append_printf (out, "xty %u", i);
      append_value (out, &sum->acc[acc_xty (k, i)]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "yty");
  append_value (out, &sum->acc[acc_yty (k)]);
  g_string_append (out, "\nend\n");
  return g_string_free (out, FALSE);
}

typedef struct {
  const char *file;
  guint line;                  /* of the file */
  const char *start;           /* of the current line */
  const char *end;             /* of the current line, without '\r' and '\n' */
  const char *next;            /* the next line, or NULL at the end of the text */
  const char *pos;             /* within the current line */
  GError **error;
} Reader;

static G_GNUC_PRINTF (4, 5) gboolean
fail_at (Reader *reader, BkError code, const char *at, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *problem = g_strdup_vprintf (format, args);
  va_end (args);
  guint column = (guint) (at - reader->start) + 1;
  g_set_error (reader->error, BK_ERROR, code, "%s:%u:%u: %s",
               reader->file, reader->line, column, problem);
  return FALSE;
}

/* Moves to the next line; FALSE past the end of the text, the line
 * number then being the one after the last (where a missing line would
 * be). */
static gboolean
next_line (Reader *reader, gboolean first)
{
  if (!first)
    reader->line++;
  if (reader->next == NULL || *reader->next == '\0')
    {
      reader->start = reader->end = reader->pos = "";
      reader->next = NULL;
      return FALSE;
    }
  reader->start = reader->pos = reader->next;
  const char *nl = strchr (reader->start, '\n');
  reader->end = nl != NULL ? nl : reader->start + strlen (reader->start);
  reader->next = nl != NULL ? nl + 1 : NULL;
  if (reader->end > reader->start && reader->end[-1] == '\r')
    reader->end--;
  return TRUE;
}

static void
skip_blanks (Reader *reader)
{
  while (reader->pos < reader->end && (*reader->pos == ' ' || *reader->pos == '\t'))
    reader->pos++;
}

/* The next token of the line: [*token, *token + *len). */
static gboolean
next_token (Reader *reader, const char **token, gsize *len)
{
  skip_blanks (reader);
  if (reader->pos == reader->end)
    return FALSE;
  *token = reader->pos;
  while (reader->pos < reader->end && *reader->pos != ' ' && *reader->pos != '\t')
    reader->pos++;
  *len = (gsize) (reader->pos - *token);
  return TRUE;
}

/* Starts the line that must begin with `key`; `what` is the whole
 * expected start, for the message. */
static gboolean
expect_line (Reader *reader, gboolean first, const char *key, const char *what)
{
  const char *token;
  gsize len;

  if (!next_line (reader, first))
    return fail_at (reader, BK_ERROR_PARSE, reader->start,
                    _("the statistics end early: '%s' expected"), what);
  if (!next_token (reader, &token, &len) || len != strlen (key) || memcmp (token, key, len) != 0)
    return fail_at (reader, BK_ERROR_PARSE, reader->pos, _("'%s' expected"), what);
  return TRUE;
}

static gboolean
expect_index (Reader *reader, guint index, const char *what)
{
  const char *token;
  gsize len;
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", index);
  skip_blanks (reader);
  const char *at = reader->pos;
  if (!next_token (reader, &token, &len) || len != strlen (buf) || memcmp (token, buf, len) != 0)
    return fail_at (reader, BK_ERROR_PARSE, at, _("'%s' expected"), what);
  return TRUE;
}

static gboolean
read_unsigned (Reader *reader, guint64 *value)
{
  const char *token;
  gsize len;

  skip_blanks (reader);
  const char *at = reader->pos;
  if (!next_token (reader, &token, &len))
    return fail_at (reader, BK_ERROR_PARSE, at, "%s", _("a number expected"));
  g_autofree char *copy = g_strndup (token, len);
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT64, value, NULL))
    {
      g_autofree char *shown = bk_escape_text (copy, -1);
      return fail_at (reader, BK_ERROR_PARSE, token, _("'%s' is not a count"), shown);
    }
  return TRUE;
}

static gboolean
expect_end_of_line (Reader *reader)
{
  skip_blanks (reader);
  if (reader->pos != reader->end)
    return fail_at (reader, BK_ERROR_PARSE, reader->pos, "%s", _("unexpected text at the end of the line"));
  return TRUE;
}

/* A token quoted safely: the line may hold any bytes but a tab or a space. */
static gboolean
fail_number (Reader *reader, const char *at, const char *token)
{
  g_autofree char *shown = bk_escape_text (token, -1);

  return fail_at (reader, BK_ERROR_PARSE, at, _("'%s' is not a number"), shown);
}

/* The rest of the line: at least one value, each a double (hex or
 * decimal, inf, nan) or "u:N", added exactly into `acc`. */
static gboolean
read_value (Reader *reader, BkFsum *acc)
{
  const char *token;
  gsize len;
  guint count = 0;

  skip_blanks (reader);
  const char *at = reader->pos;
  while (next_token (reader, &token, &len))
    {
      g_autofree char *copy = g_strndup (token, len);
      if (g_str_has_prefix (copy, UNIT_TOKEN))
        {
          gint64 units;
          if (!g_ascii_string_to_signed (copy + strlen (UNIT_TOKEN), 10, -G_MAXINT32, G_MAXINT32, &units, NULL))
            return fail_number (reader, token, copy);
          acc->big += units;
        }
      else
        {
          char *end = NULL;
          double x = g_ascii_strtod (copy, &end);
          if (end == copy || *end != '\0')
            return fail_number (reader, token, copy);
          bk_fsum_add (acc, x);
        }
      count++;
    }
  if (count == 0)
    return fail_at (reader, BK_ERROR_PARSE, at, "%s", _("a number expected"));
  return TRUE;
}

/* A diagonal of X'X, or y'y: a sum of squares, never negative (a NaN is
 * not one either).  Checked on the line just read. */
static gboolean
expect_sum_of_squares (Reader *reader, const BkFsum *acc, const char *what)
{
  double value = bk_fsum_result (acc);

  if (!(value >= 0.0))
    return fail_at (reader, BK_ERROR_PARSE, reader->start,
                    _("%s is a sum of squares, it cannot be %g"), what, value);
  return TRUE;
}

BkRegSum *
bk_reg_sum_from_text (const char *text, guint k, const char *file, guint first_line, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (k >= 1 && k <= BK_REG_MAX_FEATURES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  Reader reader = { file != NULL ? file : "-", first_line, text, text, text, text, error };
  g_autoptr (BkRegSum) sum = NULL;
  guint64 value;
  char what[48];

  if (!expect_line (&reader, TRUE, "k", "k"))
    return NULL;
  skip_blanks (&reader);
  const char *k_at = reader.pos;
  if (!read_unsigned (&reader, &value) || !expect_end_of_line (&reader))
    return NULL;
  if (value != k)
    {
      fail_at (&reader, BK_ERROR_INVALID, k_at,
               _("statistics of %llu features where %u were expected"), (unsigned long long) value, k);
      return NULL;
    }
  sum = bk_reg_sum_new (k);
  const char *n_line = reader.next;
  if (!expect_line (&reader, FALSE, "n", "n")
      || !read_unsigned (&reader, &sum->n) || !expect_end_of_line (&reader))
    return NULL;

  for (guint i = 0; i < k; i++)
    {
      g_snprintf (what, sizeof what, "sum_x %u", i);
      if (!expect_line (&reader, FALSE, "sum_x", what) || !expect_index (&reader, i, what)
          || !read_value (&reader, &sum->acc[i]))
        return NULL;
    }
  if (!expect_line (&reader, FALSE, "sum_y", "sum_y")
      || !read_value (&reader, &sum->acc[acc_sum_y (k)]))
    return NULL;
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j <= i; j++)
      {
        g_snprintf (what, sizeof what, "xtx %u %u", i, j);
        if (!expect_line (&reader, FALSE, "xtx", what) || !expect_index (&reader, i, what)
            || !expect_index (&reader, j, what) || !read_value (&reader, &sum->acc[acc_xtx (k, i, j)])
            || (i == j && !expect_sum_of_squares (&reader, &sum->acc[acc_xtx (k, i, j)], what)))
          return NULL;
      }
  for (guint i = 0; i < k; i++)
    {
      g_snprintf (what, sizeof what, "xty %u", i);
      if (!expect_line (&reader, FALSE, "xty", what) || !expect_index (&reader, i, what)
          || !read_value (&reader, &sum->acc[acc_xty (k, i)]))
        return NULL;
    }
  if (!expect_line (&reader, FALSE, "yty", "yty")
      || !read_value (&reader, &sum->acc[acc_yty (k)])
      || !expect_sum_of_squares (&reader, &sum->acc[acc_yty (k)], "yty"))
    return NULL;
  /* No rows, no sums. */
  for (guint a = 0; a < sum->n_acc && sum->n == 0; a++)
    if (bk_fsum_result (&sum->acc[a]) != 0.0)
      {
        reader.line = first_line + 1;
        reader.start = reader.pos = n_line;
        fail_at (&reader, BK_ERROR_PARSE, n_line, "%s", _("no rows, but sums that are not 0"));
        return NULL;
      }
  if (!expect_line (&reader, FALSE, "end", "end") || !expect_end_of_line (&reader))
    return NULL;

  /* Blank lines may follow, nothing else. */
  while (next_line (&reader, FALSE))
    {
      skip_blanks (&reader);
      if (reader.pos != reader.end)
        {
          fail_at (&reader, BK_ERROR_PARSE, reader.pos, "%s", _("unexpected text after the statistics"));
          return NULL;
        }
    }
  return g_steal_pointer (&sum);
}
