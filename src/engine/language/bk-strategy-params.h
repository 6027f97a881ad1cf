/* bk-strategy-params.h — the numbers a strategy file sets, as parameters
 * to change: what the window's parameter panel shows and what a sweep
 * varies.
 *
 * Every number written in a strategy file's [indicator], [rules] and
 * [broker] sections is a parameter with a stable name taken from the
 * file, its value as written, where it is in the text (line, column and
 * byte span) and the range it may take.  Changing parameters is an edit
 * of the text at those spans: a run of the rewritten text is, by
 * construction, a run of that file with those numbers.
 *
 * Names (docs/strategy-files.md, "Parameters"):
 *   sma.period          an indicator's parameter, given by name or by
 *                       position, in [indicator sma]'s expr=
 *   testind.b.period    the same in the line b= of a lines= indicator
 *   rules.buy.period    the same in a call inside a rule
 *   sma.period#2        the second parameter of that name in one value
 *   rules.buy#1         the first other number of the value of buy=
 *   rules.size          a value that is one number (size=10)
 *   broker.commission   a [broker] number; rules.entry_valid and
 *                       rules.trail_percent likewise
 * A number's value is the literal as written: in `close * -0.5` it is
 * 0.5, the minus is the expression's.  The bars of `close[-1]` are part of
 * what a line is, not parameters. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BK_STRATEGY_PARAM_INDICATOR,   /* a parameter of an indicator call: the registry's range */
  BK_STRATEGY_PARAM_NUMBER,      /* another number in an expression */
  BK_STRATEGY_PARAM_SETTING,     /* a key whose whole value is one number */
} BkStrategyParamKind;

typedef struct {
  char *name;
  BkStrategyParamKind kind;
  double value;                  /* as written */
  guint line, column;            /* 1-based; the column in characters */
  gsize offset, length;          /* the number's bytes in the text */
  /* What the file may hold there (an indicator's registry range, a
   * fraction's 0 to 1...), and a range around the value for a slider,
   * within it. */
  double min, max;
  double lower, upper;
  gboolean integer;
} BkStrategyParam;

typedef struct _BkStrategyParams BkStrategyParams;

/* The parameters of a strategy file's text (`len` bytes, -1:
 * NUL-terminated), which must load: otherwise NULL and the loader's
 * error.  `display_name` names it in errors, as bk_strategy_new_from_data. */
BkStrategyParams *bk_strategy_params_new (const char *text, gssize len, const char *display_name,
                                          GError **error);
/* A built-in strategy by id or a strategy file, as bk_strategy_open. */
BkStrategyParams *bk_strategy_params_open (const char *name_or_path, GError **error);
void bk_strategy_params_free (BkStrategyParams *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategyParams, bk_strategy_params_free)

const char *bk_strategy_params_get_text (const BkStrategyParams *params);
const char *bk_strategy_params_get_display_name (const BkStrategyParams *params);
/* The parameters in the order of the text. */
guint bk_strategy_params_get_n (const BkStrategyParams *params);
const BkStrategyParam *bk_strategy_params_get (const BkStrategyParams *params, guint i);
/* The index of parameter `name`, or -1; then the error names the closest
 * (bk_closest_name) and the file. */
gint bk_strategy_params_lookup (const BkStrategyParams *params, const char *name, GError **error);

/* The text with parameter i set to values[i] for every i (n values, in
 * the order above): each number that changes is written shortest
 * round-trip (bk_strategy_params_format_number), a negative one inside an
 * expression in parentheses; the rest of the text is as it was.  The
 * parameters' own values give the text back unchanged. */
char *bk_strategy_params_rewrite (const BkStrategyParams *params, const double *values, gsize *len);
/* The text with parameter i alone set to `value`, loaded: FALSE with the
 * loader's error (file, line and column of the number) when the file may
 * not hold that value there. */
gboolean bk_strategy_params_check_value (const BkStrategyParams *params, guint i, double value, GError **error);

/* The shortest text that reads back as `value` ("30", "0.001", "1e-07");
 * whole numbers below 1e15 without an exponent. */
#define BK_STRATEGY_PARAMS_NUMBER_SIZE 32
void bk_strategy_params_format_number (double value, char buf[BK_STRATEGY_PARAMS_NUMBER_SIZE]);

G_END_DECLS
