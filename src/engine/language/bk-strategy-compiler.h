/* bk-strategy-compiler.h — the strategy language's compiler, private to
 * the language layer.
 *
 * A strategy file between reading and building (BkParsedStrategy): the
 * section validators (bk-strategy-sections.c) fill it in, the compiler
 * orders its indicators and builds it into a graph, and loading
 * (bk-strategy-file.c) owns it.  The compiler also compiles the formulas
 * of composite indicators, and hands itself down to the indicator registry
 * for them (bk_formula_install). */
#pragma once

#include "bk-graph.h"
#include "bk-parser.h"
#include "bk-strategy.h"

G_BEGIN_DECLS

typedef enum { UNVISITED, VISITING, DONE } BkVisitState;

/* One [indicator NAME] section. */
typedef struct {
  char *name;
  guint line, column;         /* of the name in its header */
  BkExpr *expr;               /* expr=, or NULL for lines= */
  guint n_lines;
  char **line_names;          /* NULL-terminated; for expr= the indicator's name */
  BkExpr **line_exprs;
  gboolean plot;
  gboolean pane_set;          /* pane= given; otherwise the descriptor's */
  BkPane pane;
  GPtrArray *refs;            /* BkExpr* naming other indicators (not owned) */
  BkVisitState state;
  guint ref_cursor;
  guint index;                /* in BkParsedStrategy.named */
} BkParsedIndicator;

/* One name of features=, where it stands in the file. */
typedef struct {
  char *text;                 /* as written: "ret20" or "macd.signal" */
  char *indicator;            /* "macd" */
  char *line_name;            /* "signal", or NULL for the indicator's first line */
  guint line, column;         /* of the feature in the value */
  guint line_column;          /* of the line's name, after the '.' */
} BkParsedFeature;

/* A key of [rules] whose value is an expression: the rules (buy=, sell=,
 * short=, cover=), size= and the prices of the orders. */
typedef struct {
  BkExpr *expr;               /* NULL: not given */
  char *text;                 /* the value as written */
  guint line, column;         /* of the value */
  guint key_column;           /* of the key */
} BkParsedRule;

typedef struct {
  char *file;
  char *id;
  char *name;
  char *description;
  BkBrokerSettings broker;    /* [broker] */
  GPtrArray *named;           /* BkParsedIndicator*, declaration order */
  GHashTable *by_name;        /* name → BkParsedIndicator* */
  GPtrArray *order;           /* BkParsedIndicator*, build order */
  BkParsedRule rules[BK_RULE_N];
  BkParsedRule size, entry_price, entry_limit, stop_loss, take_profit, trail_amount;
  BkEntryType entry;
  guint entry_valid;          /* 0: not given */
  double trail_percent;       /* 0: not given */
  gboolean has_model;         /* a [model] section: the rest is set */
  char *model_name;
  GPtrArray *features;        /* BkParsedFeature* */
  guint horizon;
  gboolean has_split;
  double split;
} BkParsedStrategy;

/* The feed's lines by the names a strategy file gives them. */
extern const char *const bk_strategy_feed_names[6];
extern const BkFeedLine bk_strategy_feed_lines[6];
/* The index of feed line `name` in the tables above, or -1. */
gint bk_strategy_feed_index (const char *name);
/* The account's lines by the names rules read them (BkAccountLine order),
 * and the index of `name` among them, or -1. */
extern const char *const bk_strategy_account_names[BK_ACCOUNT_N_LINES + 1];
gint bk_strategy_account_index (const char *name);
/* The names of the rules (BkRule order) and of the entry types
 * (BkEntryType order), as files write them. */
extern const char *const bk_strategy_rule_names[BK_RULE_N];
extern const char *const bk_strategy_entry_names[5];
/* The index of the indicator's parameter `name`, or -1. */
gint bk_strategy_param_index (const BkIndicatorDesc *desc, const char *name);
/* " (did you mean 'x'?)" or "" (bk_closest_name). */
char *bk_strategy_suggestion (const char *word, const char *const *candidates, guint n);

/* The compiler: the indicators in dependency order (sf->order), or the
 * cycle as an error.  Building them into a graph is bk-strategy-rules.h's
 * bk_strategy_build_parsed. */
gboolean bk_strategy_order_indicators (BkParsedStrategy *sf, GError **error);

/* Hands the formula compiler down to the indicator registry, which
 * compiles a built-in formula the first time a graph uses it.  Loading a
 * strategy file does it; a strategy built in C whose graph uses a formula
 * indicator needs it first. */
void bk_formula_install (void);
/* Installs the compiler and checks every built-in formula now (compiled,
 * and each type built at its defaults): FALSE with the first mistake. */
gboolean bk_formula_install_and_check (GError **error);

G_END_DECLS
