/* bk-parser.h — the expression language of strategy files
 * (docs/strategy-files.md, "Expressions").
 *
 * A recursive-descent parser turns one value ("SMA(close, period=30) >
 * close[-1]") into a tree of BkExpr, each carrying the line and column it
 * came from, so that everything found wrong later — an unknown name, a
 * parameter out of range — can still be reported where it was written.
 * Names are resolved when the tree is built into a graph, not here. */
#pragma once

#include <glib.h>

#include "bk-ops.h"
#include "bk-text.h"

G_BEGIN_DECLS

/* How deep parentheses, calls and unary operators may nest, and how deep a
 * whole tree may grow (long operator chains nest to the left). */
#define BK_PARSER_MAX_NESTING 64
#define BK_PARSER_MAX_TREE_DEPTH 1024

typedef enum {
  BK_EXPR_NUMBER,
  BK_EXPR_NAME,      /* close, sma, a (a line of the indicator being defined) */
  BK_EXPR_MEMBER,    /* operand.member: macd.signal */
  BK_EXPR_PAST,      /* operand[-ago] */
  BK_EXPR_UNARY,
  BK_EXPR_BINARY,
  BK_EXPR_CALL,      /* SMA(close, period=30) */
} BkExprKind;

typedef struct _BkExpr BkExpr;

typedef struct {
  char *keyword;     /* NULL: positional */
  guint line, column;
  BkExpr *value;
} BkExprArg;

struct _BkExpr {
  BkExprKind kind;
  guint line, column;  /* 1-based, columns in characters */
  guint depth;         /* of the tree below, this node counting 1 */
  double number;
  char *name;          /* NAME, MEMBER (the member), CALL (the indicator type) */
  guint ago;           /* PAST; or `name` (a formula's parameter) */
  BkOp op;             /* UNARY, BINARY */
  BkExpr *a, *b;       /* UNARY/MEMBER/PAST: a; BINARY: a, b */
  GPtrArray *args;     /* CALL: BkExprArg* */
};

/* Where a value sits in its file, to report errors in it. */
typedef struct {
  const char *file;    /* display name */
  guint line;
  guint column;        /* of the value's first character */
} BkSourcePos;

/* Parses `text` (one value, `len` bytes of valid UTF-8) as one expression. */
BkExpr *bk_expr_parse (const char *text, gsize len, const BkSourcePos *pos, GError **error);
/* The same, also reading operand[-name] (PAST with `name` set): bars ago
 * given by a descriptor's parameter, in its formula. */
BkExpr *bk_expr_parse_full (const char *text, gsize len, const BkSourcePos *pos, gboolean named_ago,
                            GError **error);
void bk_expr_free (BkExpr *expr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkExpr, bk_expr_free)

/* Parses a whole value as one number ("100000", "1e-3"); FALSE if it is not. */
gboolean bk_parse_number (const char *text, double *value);

/* Sets `error` to "FILE:LINE:COLUMN: message". */
void bk_set_error_at (GError **error, gint code, const char *file, guint line, guint column,
                      const char *format, ...) G_GNUC_PRINTF (6, 7);

/* The candidate closest to `word` by edit distance (ASCII case ignored),
 * when close enough to be a likely typo; NULL otherwise. */
const char *bk_closest_name (const char *word, const char *const *candidates, guint n_candidates);

G_END_DECLS
