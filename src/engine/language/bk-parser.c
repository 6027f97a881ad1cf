/* bk-parser.c — lexer and recursive-descent parser for strategy-file
 * expressions.
 *
 * Precedence, loosest first: or; and; not; comparisons (which do not
 * chain); + -; * /; unary minus; postfix [-n] and .line; primaries.
 * Recursion is bounded by BK_PARSER_MAX_NESTING, and the tree's depth (which
 * later recursive walks follow) by BK_PARSER_MAX_TREE_DEPTH. */
#include "bk-parser.h"

#include <errno.h>
#include <stdarg.h>

#include "bk-error.h"
#include "bk-graph.h"
#include "bk-i18n.h"

typedef enum {
  TOKEN_END,
  TOKEN_NUMBER,
  TOKEN_IDENT,
  TOKEN_PLUS, TOKEN_MINUS, TOKEN_STAR, TOKEN_SLASH,
  TOKEN_LT, TOKEN_LE, TOKEN_GT, TOKEN_GE, TOKEN_EQ, TOKEN_NE,
  TOKEN_LPAREN, TOKEN_RPAREN, TOKEN_LBRACKET, TOKEN_RBRACKET,
  TOKEN_COMMA, TOKEN_DOT, TOKEN_ASSIGN,
  TOKEN_BAD,
} TokenKind;

typedef struct {
  TokenKind kind;
  gsize start, end;   /* byte offsets in the value */
  double number;
} Token;

typedef struct {
  const char *text;
  gsize len;
  const BkSourcePos *pos;
  Token token;        /* the current one */
  gsize next;         /* where the lexer continues */
  gsize known_offset; /* a byte offset whose column is known, */
  guint known_chars;  /* as characters from the start */
  guint nesting;
  gboolean named_ago;  /* [-name] allowed: a descriptor's formula */
  GError **error;
} Parser;

void
bk_set_error_at (GError **error, gint code, const char *file, guint line, guint column,
                 const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BK_ERROR, code, "%s:%u:%u: %s", file, line, column, message);
}

/* Columns count characters from a known offset, forwards or backwards,
 * not from the start of the value: a long line stays linear, not
 * quadratic.  (A binary operation asks for its operator's column after
 * its right operand's: backwards, by the operand's length.) */
static guint
column_of (Parser *p, gsize offset)
{
  if (offset >= p->known_offset)
    p->known_chars += (guint) g_utf8_strlen (p->text + p->known_offset, (gssize) (offset - p->known_offset));
  else
    p->known_chars -= (guint) g_utf8_strlen (p->text + offset, (gssize) (p->known_offset - offset));
  p->known_offset = offset;
  return p->pos->column + p->known_chars;
}

static void G_GNUC_PRINTF (4, 5)
fail_at (Parser *p, gint code, gsize offset, const char *format, ...)
{
  va_list args;

  if (p->error != NULL && *p->error != NULL)
    return;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  bk_set_error_at (p->error, code, p->pos->file, p->pos->line, column_of (p, offset), "%s", message);
}

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
lex (Parser *p)
{
  const char *s = p->text;
  gsize i = p->next, n = p->len;

  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  p->token.start = i;
  p->token.number = 0;
  if (i >= n)
    {
      p->token.kind = TOKEN_END;
      p->token.end = p->next = i;
      return;
    }

  char c = s[i];
  if (g_ascii_isdigit (c) || (c == '.' && i + 1 < n && g_ascii_isdigit (s[i + 1])))
    {
      gsize j = i;
      while (j < n && g_ascii_isdigit (s[j]))
        j++;
      if (j < n && s[j] == '.')
        for (j++; j < n && g_ascii_isdigit (s[j]); j++)
          ;
      if (j < n && (s[j] == 'e' || s[j] == 'E'))
        {
          gsize k = j + 1;
          if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
          if (k < n && g_ascii_isdigit (s[k]))
            {
              for (; k < n && g_ascii_isdigit (s[k]); k++)
                ;
              j = k;
            }
        }
      g_autofree char *copy = g_strndup (s + i, j - i);
      p->token.kind = TOKEN_NUMBER;
      p->token.number = g_ascii_strtod (copy, NULL);
      p->token.end = p->next = j;
      return;
    }
  if (is_ident_start (c))
    {
      gsize j = i;
      while (j < n && is_ident_char (s[j]))
        j++;
      p->token.kind = TOKEN_IDENT;
      p->token.end = p->next = j;
      return;
    }

  static const struct { const char *text; TokenKind kind; } symbols[] = {
    { "<=", TOKEN_LE }, { ">=", TOKEN_GE }, { "==", TOKEN_EQ }, { "!=", TOKEN_NE },
    { "+", TOKEN_PLUS }, { "-", TOKEN_MINUS }, { "*", TOKEN_STAR }, { "/", TOKEN_SLASH },
    { "<", TOKEN_LT }, { ">", TOKEN_GT }, { "(", TOKEN_LPAREN }, { ")", TOKEN_RPAREN },
    { "[", TOKEN_LBRACKET }, { "]", TOKEN_RBRACKET }, { ",", TOKEN_COMMA },
    { ".", TOKEN_DOT }, { "=", TOKEN_ASSIGN },
  };
  for (guint k = 0; k < G_N_ELEMENTS (symbols); k++)
    {
      gsize l = strlen (symbols[k].text);
      if (i + l <= n && memcmp (s + i, symbols[k].text, l) == 0)
        {
          p->token.kind = symbols[k].kind;
          p->token.end = p->next = i + l;
          return;
        }
    }

  /* One whole character, so the message can quote it. */
  const char *after = g_utf8_next_char (s + i);
  p->token.kind = TOKEN_BAD;
  p->token.end = p->next = MIN ((gsize) (after - s), n);
}

static gboolean
token_is_word (Parser *p, const char *word)
{
  gsize l = strlen (word);

  return p->token.kind == TOKEN_IDENT && p->token.end - p->token.start == l
         && memcmp (p->text + p->token.start, word, l) == 0;
}

/* "'foo'" or "the end of the expression", for messages. */
static char *
describe_token (Parser *p)
{
  if (p->token.kind == TOKEN_END)
    /* Translators: completes "expected ..., found %s" */
    return g_strdup (_("the end of the expression"));
  g_autofree char *shown = bk_escape_text (p->text + p->token.start, (gssize) (p->token.end - p->token.start));
  return g_strdup_printf ("'%s'", shown);
}

static void G_GNUC_PRINTF (2, 3)
fail_expected (Parser *p, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *expected = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *found = describe_token (p);
  gunichar bad = p->token.kind == TOKEN_BAD ? g_utf8_get_char (p->text + p->token.start) : 0;
  if (p->token.kind == TOKEN_BAD && bk_is_hidden_char (bad))
    fail_at (p, BK_ERROR_PARSE, p->token.start, _("unexpected character U+%04X"), (guint) bad);
  else if (p->token.kind == TOKEN_BAD)
    /* Translators: %s is the character, quoted */
    fail_at (p, BK_ERROR_PARSE, p->token.start, _("unexpected character %s"), found);
  else
    /* Translators: what the parser expected at this point, and what it found there (quoted text, or "the end of the expression") */
    fail_at (p, BK_ERROR_PARSE, p->token.start, _("expected %s, found %s"), expected, found);
}

static BkExpr *
expr_new (Parser *p, BkExprKind kind, gsize offset)
{
  BkExpr *expr = g_new0 (BkExpr, 1);

  expr->kind = kind;
  expr->line = p->pos->line;
  expr->column = column_of (p, offset);
  expr->depth = 1;
  return expr;
}

static void
arg_free (gpointer data)
{
  BkExprArg *arg = data;

  g_free (arg->keyword);
  bk_expr_free (arg->value);
  g_free (arg);
}

void
bk_expr_free (BkExpr *expr)
{
  if (expr == NULL)
    return;
  g_free (expr->name);
  bk_expr_free (expr->a);
  bk_expr_free (expr->b);
  if (expr->args != NULL)
    g_ptr_array_unref (expr->args);
  g_free (expr);
}

/* Gives `expr` its children's depth; FALSE (and an error) past the limit. */
static gboolean
settle_depth (Parser *p, BkExpr *expr, gsize offset)
{
  guint depth = 0;

  if (expr->a != NULL)
    depth = MAX (depth, expr->a->depth);
  if (expr->b != NULL)
    depth = MAX (depth, expr->b->depth);
  if (expr->args != NULL)
    for (guint i = 0; i < expr->args->len; i++)
      depth = MAX (depth, ((BkExprArg *) g_ptr_array_index (expr->args, i))->value->depth);
  expr->depth = depth + 1;
  if (expr->depth > BK_PARSER_MAX_TREE_DEPTH)
    {
      fail_at (p, BK_ERROR_LIMIT, offset, _("expression is too long: more than %u operations deep"),
               BK_PARSER_MAX_TREE_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static BkExpr *parse_or (Parser *p);

static gboolean
enter (Parser *p)
{
  if (++p->nesting > BK_PARSER_MAX_NESTING)
    {
      fail_at (p, BK_ERROR_LIMIT, p->token.start, _("expression nests deeper than %u levels"),
               BK_PARSER_MAX_NESTING);
      return FALSE;
    }
  return TRUE;
}

static BkExpr *
parse_call (Parser *p, BkExpr *call)
{
  gboolean seen_keyword = FALSE;

  call->kind = BK_EXPR_CALL;
  call->args = g_ptr_array_new_with_free_func (arg_free);
  lex (p);   /* '(' */
  if (p->token.kind == TOKEN_RPAREN)
    {
      lex (p);
      return call;
    }
  for (;;)
    {
      BkExprArg *arg = g_new0 (BkExprArg, 1);
      g_ptr_array_add (call->args, arg);

      if (p->token.kind == TOKEN_IDENT && p->next < p->len)
        {
          /* keyword=value: look past the name for a lone '='. */
          Parser peek = *p;
          lex (&peek);
          if (peek.token.kind == TOKEN_ASSIGN)
            {
              arg->keyword = g_strndup (p->text + p->token.start, p->token.end - p->token.start);
              arg->line = p->pos->line;
              arg->column = column_of (p, p->token.start);
              seen_keyword = TRUE;
              *p = peek;
              lex (p);
            }
        }
      if (arg->keyword == NULL && seen_keyword)
        {
          fail_at (p, BK_ERROR_PARSE, p->token.start,
                   /* Translators: %s is an indicator type */
                   _("expected a keyword argument (name=value) after keyword arguments of %s"), call->name);
          return NULL;
        }
      if (arg->keyword == NULL)
        {
          arg->line = p->pos->line;
          arg->column = column_of (p, p->token.start);
        }
      arg->value = parse_or (p);
      if (arg->value == NULL)
        return NULL;
      if (p->token.kind == TOKEN_RPAREN)
        {
          lex (p);
          return call;
        }
      if (p->token.kind != TOKEN_COMMA)
        {
          if (p->token.kind == TOKEN_END)
            /* Translators: completes "expected %s, found %s"; %s is an indicator type */
            fail_expected (p, _("')' after the arguments of %s"), call->name);
          else
            /* Translators: completes "expected %s, found %s"; %s is an indicator type */
            fail_expected (p, _("',' or ')' after an argument of %s"), call->name);
          return NULL;
        }
      lex (p);
    }
}

static BkExpr *
parse_primary (Parser *p)
{
  gsize start = p->token.start;

  switch (p->token.kind)
    {
    case TOKEN_NUMBER:
      {
        if (!isfinite (p->token.number))
          {
            g_autofree char *found = describe_token (p);
            /* Translators: %s is the number as written, quoted */
            fail_at (p, BK_ERROR_INVALID, start, _("number %s is out of range"), found);
            return NULL;
          }
        BkExpr *expr = expr_new (p, BK_EXPR_NUMBER, start);
        expr->number = p->token.number;
        lex (p);
        return expr;
      }
    case TOKEN_IDENT:
      {
        if (token_is_word (p, "and") || token_is_word (p, "or") || token_is_word (p, "not"))
          {
            /* Translators: completes "expected %s, found %s" */
            fail_expected (p, _("a number, a line or an indicator"));
            return NULL;
          }
        g_autoptr(BkExpr) expr = expr_new (p, BK_EXPR_NAME, start);
        expr->name = g_strndup (p->text + start, p->token.end - start);
        lex (p);
        if (p->token.kind == TOKEN_LPAREN)
          {
            if (!enter (p) || parse_call (p, expr) == NULL || !settle_depth (p, expr, start))
              return NULL;
            p->nesting--;
          }
        return g_steal_pointer (&expr);
      }
    case TOKEN_LPAREN:
      {
        guint column = column_of (p, start);
        if (!enter (p))
          return NULL;
        lex (p);
        BkExpr *inner = parse_or (p);
        if (inner == NULL)
          return NULL;
        if (p->token.kind != TOKEN_RPAREN)
          {
            /* Translators: completes "expected %s, found %s" */
            fail_expected (p, _("')' to close the '(' at column %u"), column);
            bk_expr_free (inner);
            return NULL;
          }
        p->nesting--;
        lex (p);
        return inner;
      }
    case TOKEN_END:
    case TOKEN_PLUS: case TOKEN_MINUS: case TOKEN_STAR: case TOKEN_SLASH:
    case TOKEN_LT: case TOKEN_LE: case TOKEN_GT: case TOKEN_GE: case TOKEN_EQ: case TOKEN_NE:
    case TOKEN_RPAREN: case TOKEN_LBRACKET: case TOKEN_RBRACKET:
    case TOKEN_COMMA: case TOKEN_DOT: case TOKEN_ASSIGN: case TOKEN_BAD:
    default:
      /* Translators: completes "expected %s, found %s" */
      fail_expected (p, _("a number, a line or an indicator"));
      return NULL;
    }
}

static BkExpr *
parse_postfix (Parser *p)
{
  BkExpr *expr = parse_primary (p);

  while (expr != NULL && (p->token.kind == TOKEN_LBRACKET || p->token.kind == TOKEN_DOT))
    {
      gsize start = p->token.start;
      g_autoptr(BkExpr) operand = expr;

      expr = NULL;
      if (p->token.kind == TOKEN_DOT)
        {
          if (operand->kind != BK_EXPR_NAME && operand->kind != BK_EXPR_CALL)
            {
              fail_at (p, BK_ERROR_PARSE, start, _("expected an indicator before '.'"));
              return NULL;
            }
          lex (p);
          if (p->token.kind != TOKEN_IDENT)
            {
              /* Translators: completes "expected %s, found %s" */
              fail_expected (p, _("the name of a line after '.'"));
              return NULL;
            }
          expr = expr_new (p, BK_EXPR_MEMBER, p->token.start);
          expr->name = g_strndup (p->text + p->token.start, p->token.end - p->token.start);
          lex (p);
        }
      else
        {
          gboolean negative = FALSE;
          lex (p);
          if (p->token.kind == TOKEN_MINUS)
            {
              negative = TRUE;
              lex (p);
            }
          double ago = p->token.number;
          if (negative && p->named_ago && p->token.kind == TOKEN_IDENT)
            {
              /* Bars ago from a parameter, resolved when built. */
              expr = expr_new (p, BK_EXPR_PAST, start);
              expr->name = g_strndup (p->text + p->token.start, p->token.end - p->token.start);
            }
          else if (p->token.kind != TOKEN_NUMBER || ago != floor (ago))
            {
              /* Translators: completes "expected %s, found %s" */
              fail_expected (p, _("a whole number of bars ago, like [-1]"));
              return NULL;
            }
          else if (!negative && ago != 0)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              g_ascii_formatd (number, sizeof number, "%.15g", ago);
              fail_at (p, BK_ERROR_INVALID, p->token.start,
                       /* Translators: both %s are the same number of bars */
                       _("a strategy cannot look ahead: expected a negative index like [-%s], found [%s]"),
                       number, number);
              return NULL;
            }
          else if (ago > BK_MAX_PERIOD)
            {
              char number[G_ASCII_DTOSTR_BUF_SIZE];
              g_ascii_formatd (number, sizeof number, "%.15g", ago);
              fail_at (p, BK_ERROR_LIMIT, p->token.start, _("looking back %s bars is more than the limit of %u"),
                       number, BK_MAX_PERIOD);
              return NULL;
            }
          else
            {
              expr = expr_new (p, BK_EXPR_PAST, start);
              expr->ago = (guint) ago;
            }
          lex (p);
          if (p->token.kind != TOKEN_RBRACKET)
            {
              /* Translators: completes "expected %s, found %s" */
              fail_expected (p, _("']' after the bars ago"));
              bk_expr_free (expr);
              return NULL;
            }
          lex (p);
        }
      expr->a = g_steal_pointer (&operand);
      if (!settle_depth (p, expr, start))
        {
          bk_expr_free (expr);
          return NULL;
        }
    }
  return expr;
}

static BkExpr *
parse_unary (Parser *p)
{
  if (p->token.kind != TOKEN_MINUS)
    return parse_postfix (p);

  gsize start = p->token.start;
  if (!enter (p))
    return NULL;
  lex (p);
  BkExpr *operand = parse_unary (p);
  if (operand == NULL)
    return NULL;
  p->nesting--;
  BkExpr *expr = expr_new (p, BK_EXPR_UNARY, start);
  expr->op = BK_OP_NEG;
  expr->a = operand;
  if (!settle_depth (p, expr, start))
    {
      bk_expr_free (expr);
      return NULL;
    }
  return expr;
}

static gboolean
binary_op (Parser *p, guint level, BkOp *op)
{
  switch (level)
    {
    case 0:
      if (token_is_word (p, "or")) { *op = BK_OP_OR; return TRUE; }
      return FALSE;
    case 1:
      if (token_is_word (p, "and")) { *op = BK_OP_AND; return TRUE; }
      return FALSE;
    case 2:
      switch (p->token.kind)
        {
        case TOKEN_LT: *op = BK_OP_LT; return TRUE;
        case TOKEN_LE: *op = BK_OP_LE; return TRUE;
        case TOKEN_GT: *op = BK_OP_GT; return TRUE;
        case TOKEN_GE: *op = BK_OP_GE; return TRUE;
        case TOKEN_EQ: *op = BK_OP_EQ; return TRUE;
        case TOKEN_NE: *op = BK_OP_NE; return TRUE;
        default: return FALSE;
        }
    case 3:
      if (p->token.kind == TOKEN_PLUS) { *op = BK_OP_ADD; return TRUE; }
      if (p->token.kind == TOKEN_MINUS) { *op = BK_OP_SUB; return TRUE; }
      return FALSE;
    case 4:
      if (p->token.kind == TOKEN_STAR) { *op = BK_OP_MUL; return TRUE; }
      if (p->token.kind == TOKEN_SLASH) { *op = BK_OP_DIV; return TRUE; }
      return FALSE;
    default:
      return FALSE;
    }
}

/* Levels 0..4: or, and, (not,) comparisons, + -, * /. */
static BkExpr *parse_level (Parser *p, guint level);

static BkExpr *
parse_operand (Parser *p, guint level)
{
  if (level == 1 && token_is_word (p, "not"))
    {
      /* not binds looser than comparisons: not a < b is not (a < b). */
      gsize start = p->token.start;
      if (!enter (p))
        return NULL;
      lex (p);
      BkExpr *operand = parse_operand (p, level);
      if (operand == NULL)
        return NULL;
      p->nesting--;
      BkExpr *expr = expr_new (p, BK_EXPR_UNARY, start);
      expr->op = BK_OP_NOT;
      expr->a = operand;
      if (!settle_depth (p, expr, start))
        {
          bk_expr_free (expr);
          return NULL;
        }
      return expr;
    }
  return level == 4 ? parse_unary (p) : parse_level (p, level + 1);
}

static BkExpr *
parse_level (Parser *p, guint level)
{
  BkExpr *left = parse_operand (p, level);
  BkOp op;

  while (left != NULL && binary_op (p, level, &op))
    {
      gsize start = p->token.start;

      lex (p);
      BkExpr *right = parse_operand (p, level);
      BkExpr *expr = expr_new (p, BK_EXPR_BINARY, start);
      expr->op = op;
      expr->a = left;
      expr->b = right;
      left = expr;
      if (right == NULL || !settle_depth (p, expr, start))
        {
          bk_expr_free (expr);
          return NULL;
        }
      if (level == 2 && binary_op (p, level, &op))
        {
          fail_at (p, BK_ERROR_PARSE, p->token.start,
                   _("comparisons do not chain: join them with 'and'"));
          bk_expr_free (expr);
          return NULL;
        }
    }
  return left;
}

static BkExpr *
parse_or (Parser *p)
{
  return parse_level (p, 0);
}

BkExpr *
bk_expr_parse (const char *text, gsize len, const BkSourcePos *pos, GError **error)
{
  return bk_expr_parse_full (text, len, pos, FALSE, error);
}

BkExpr *
bk_expr_parse_full (const char *text, gsize len, const BkSourcePos *pos, gboolean named_ago, GError **error)
{
  Parser p = { .text = text, .len = len, .pos = pos, .named_ago = named_ago, .error = error };

  lex (&p);
  BkExpr *expr = parse_or (&p);
  if (expr == NULL)
    {
      /* Every failing path reports; this catches one that forgot. */
      if (error != NULL && *error == NULL)
        /* Translators: completes "expected %s, found %s" */
        fail_expected (&p, _("an expression"));
      return NULL;
    }
  if (p.token.kind != TOKEN_END)
    {
      if (p.token.kind == TOKEN_RPAREN)
        fail_at (&p, BK_ERROR_PARSE, p.token.start, _("found ')' without a matching '('"));
      else
        /* Translators: completes "expected %s, found %s" */
        fail_expected (&p, _("an operator or the end of the expression"));
      bk_expr_free (expr);
      return NULL;
    }
  return expr;
}

gboolean
bk_parse_number (const char *text, double *value)
{
  Parser p = { .text = text, .len = strlen (text) };

  lex (&p);
  if (p.token.kind == TOKEN_MINUS)
    lex (&p);
  if (p.token.kind != TOKEN_NUMBER || p.next != p.len || !isfinite (p.token.number))
    return FALSE;
  *value = text[0] == '-' ? -p.token.number : p.token.number;
  return TRUE;
}

static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint row[65];

  if (la > 64 || lb > 64)
    return G_MAXUINT;
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

const char *
bk_closest_name (const char *word, const char *const *candidates, guint n_candidates)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  gsize len = strlen (word);

  for (guint i = 0; i < n_candidates; i++)
    {
      guint d = edit_distance (word, candidates[i]);
      if (d < best_distance)
        {
          best = candidates[i];
          best_distance = d;
        }
    }
  if (best == NULL || best_distance > 2 || best_distance * 2 > MAX (len, 2))
    return NULL;
  return best;
}
