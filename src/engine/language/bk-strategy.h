/* bk-strategy.h — what a strategy declares: its named indicators, its
 * rules, its broker settings, and how it builds them into a graph.
 *
 * A strategy is a recipe: every run builds it into a graph of its own. */
#pragma once

#include "bk-graph.h"

G_BEGIN_DECLS

typedef struct _BkStrategy BkStrategy;

/* The rules of a strategy, read at a bar's close once the warm-up is over. */
typedef enum {
  BK_RULE_BUY,    /* flat: open a long; short: one order that covers and goes long */
  BK_RULE_SELL,   /* long: close it (cancels its stop, target and trail) */
  BK_RULE_SHORT,  /* flat: open a short; long: one order that sells and goes short */
  BK_RULE_COVER,  /* short: close it */
  BK_RULE_N
} BkRule;

/* How an entry order is made: backtrader's execution types. */
typedef enum {
  BK_ENTRY_MARKET,     /* the next bar's open */
  BK_ENTRY_CLOSE,      /* the next bar's close */
  BK_ENTRY_LIMIT,      /* at entry_price or better */
  BK_ENTRY_STOP,       /* once the price reaches entry_price */
  BK_ENTRY_STOPLIMIT,  /* a limit at entry_limit once the price reaches entry_price */
} BkEntryType;

/* The broker's settings ([broker]), as backtrader's BackBroker and
 * CommInfoBase have them.  Fractions are fractions: 0.001 is 0.1 %. */
typedef struct {
  double cash;                 /* starting cash (10000) */
  double commission;           /* fraction of the traded value */
  double commission_per_unit;  /* an amount per unit traded; adds to commission */
  double commission_min;       /* the least commission a fill pays */
  double stamp_duty;           /* fraction of the value of every sale, short sales too */
  guint lot;                   /* sizes are whole multiples of it (1) */
  double slippage_percent;     /* set_slippage_perc, fraction */
  double slippage_fixed;       /* set_slippage_fixed, price units */
  gboolean cheat_on_close;     /* market orders fill at the signal bar's close */
  gboolean fractional;         /* sizes need not be whole units */
} BkBrokerSettings;

/* What a rule or an order price reads from the account: lines of the
 * graph's account node, pushed by the run after each bar's fills and
 * valuation at the close, before the rules are read. */
typedef enum {
  BK_ACCOUNT_POSITION,        /* signed units held */
  BK_ACCOUNT_POSITION_PRICE,  /* average fill price without commission; NaN while flat */
  BK_ACCOUNT_CASH,
  BK_ACCOUNT_VALUE,           /* cash plus the position at the close */
  BK_ACCOUNT_BARS_HELD,       /* bars since the entry filled, 0 on the fill bar; NaN while flat */
  BK_ACCOUNT_N_LINES
} BkAccountLine;

/* What building a strategy into a graph yields.  An input that is not set
 * (has_* FALSE) is never read; a constant input has spec NULL and its value. */
typedef struct {
  GPtrArray *named;       /* BkNode*, named indicators in declaration order (owned by the caller) */
  gboolean has_rule[BK_RULE_N];
  BkInput rule[BK_RULE_N];  /* true: non-zero and not NaN */
  BkInput size;           /* units of an entry, read at the signal bar (default 1) */
  BkEntryType entry;
  gboolean has_entry_price;
  BkInput entry_price;    /* limit or stop price of the entry, read at the signal bar */
  gboolean has_entry_limit;
  BkInput entry_limit;    /* the limit of a stoplimit entry */
  guint entry_valid;      /* bars an unfilled entry waits; 0: until filled or replaced */
  gboolean has_stop_loss;
  BkInput stop_loss;      /* protective stop price, read at the signal bar */
  gboolean has_take_profit;
  BkInput take_profit;    /* limit exit price, read at the signal bar */
  double trail_percent;   /* fraction; 0: none */
  gboolean has_trail_amount;
  BkInput trail_amount;   /* price units, read at the signal bar */
  guint warmup;           /* rules are read from this bar on (1-based): the longest
                           * minimum period of the named indicators, at least 1 */
  BkNode *account;        /* the graph's account node, or NULL when nothing reads it */
} BkStrategyBuild;

typedef gboolean (*BkStrategyBuildFunc) (BkGraph *graph, BkStrategyBuild *build,
                                         gpointer user_data, GError **error);

/* The strategies built into Barkeep, the files of data/strategies/
 * (bk-strategy-builtin.c); NULL-terminated ids. */
const char *const *bk_strategy_list_builtin (void);
BkStrategy *bk_strategy_new_builtin (const char *id, GError **error);

/* A strategy whose graph `build` makes; for strategy files and tests.  A
 * graph that uses an indicator written as a formula needs the language's
 * formula compiler installed (bk_formula_install; loading any strategy
 * file does it). */
BkStrategy *bk_strategy_new_custom (const char *id, const char *name, const char *description,
                                    BkStrategyBuildFunc build, gpointer user_data,
                                    GDestroyNotify destroy);
/* Strategies are reference counted: every run holds one on its strategy,
 * so a front end may drop its own while runs of it go on. */
BkStrategy *bk_strategy_ref (BkStrategy *strategy);
void bk_strategy_unref (BkStrategy *strategy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BkStrategy, bk_strategy_unref)

const char *bk_strategy_get_id (BkStrategy *strategy);
const char *bk_strategy_get_name (BkStrategy *strategy);
const char *bk_strategy_get_description (BkStrategy *strategy);
double bk_strategy_get_cash (BkStrategy *strategy);
double bk_strategy_get_commission (BkStrategy *strategy);
/* Defaults: backtrader's cash of 10000, no commission, no slippage, lots
 * of 1, whole units. */
void bk_strategy_set_broker (BkStrategy *strategy, double cash, double commission);
const BkBrokerSettings *bk_strategy_get_broker_settings (BkStrategy *strategy);
void bk_strategy_set_broker_settings (BkStrategy *strategy, const BkBrokerSettings *settings);
void bk_broker_settings_init (BkBrokerSettings *settings);

/* The memory limit: how many cells (stored values, 8 bytes each) a
 * strategy's lines may need when every line is a ring (mode 1; no mode
 * keeps more in rings) counting the values indicators keep inside, as
 * bk_graph_get_cells() counts them.  A strategy file whose plan needs more
 * is refused when it is loaded and again when it is built for a run, with
 * BK_ERROR_LIMIT and the file, line and column of the expression that
 * passes the limit.  The default is a quarter of physical memory; the
 * limit is the process's, for every strategy: set it before loading.
 * 0 restores the default. */
guint64 bk_strategy_get_max_cells (void);
void bk_strategy_set_max_cells (guint64 max_cells);
guint64 bk_strategy_get_default_max_cells (void);

/* Builds the strategy into `graph`; build->named must be an empty array. */
gboolean bk_strategy_build (BkStrategy *strategy, BkGraph *graph, BkStrategyBuild *build, GError **error);

G_END_DECLS
