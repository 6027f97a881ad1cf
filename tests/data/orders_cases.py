"""The cases of the orders reference: each a backtrader strategy with its
data, its [broker] settings and the same rules as a Barkeep file."""

from orders_rules import Rules, bt

# ---------------------------------------------------------------------------
# The cases.  Each: its data, its [broker], its .ini text and the same in
# Python.  A number in an .ini is written as Python writes it.

CASES = []


def case(cls):
    CASES.append(cls)
    return cls


class SmaCross(Rules):
    """CrossOver(close, SMA(close, 15)), the cases' usual signal."""
    data_file = "2006-day-001.txt"
    period = 15
    ini_indicators = (("sma", "SMA(close, period=15)"), ("cross", "CrossOver(close, sma)"))

    def indicators(self):
        self.sma = bt.indicators.SMA(self.data.close, period=self.period)
        self.cross = bt.indicators.CrossOver(self.data.close, self.sma)

    def up(self):
        return self.cross[0] > 0

    def down(self):
        return self.cross[0] < 0

    def units(self):
        return 10

    when_buy = up      # the cases' usual rules (a case may set None)
    when_sell = down


@case
class MarketEntry(SmaCross):
    case = "market-entry"
    checks = "market buy of a constant 10 at the next open; sell closes at the next open"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"))



@case
class CloseEntry(SmaCross):
    case = "close-entry"
    checks = "entry=close: the entry fills at the next bar's close"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "close"))
    entry = "close"



@case
class LimitEntry(SmaCross):
    case = "limit-entry"
    checks = "limit buy 0.2 % under the signal close: fills at the open on a gap below it, else at the limit"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.998"))
    entry = "limit"


    def price_entry(self):
        return self.data.close[0] * 0.998


@case
class StopEntry(SmaCross):
    case = "stop-entry"
    checks = "stop buy 0.1 % over the signal close: fills at the open on a gap above it, else at the stop"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "stop"),
                 ("entry_price", "close * 1.001"))
    entry = "stop"


    def price_entry(self):
        return self.data.close[0] * 1.001


@case
class StopLimitEntry(SmaCross):
    case = "stoplimit-entry"
    checks = "stop-limit buy (stop 0.3 % over the close, limit 0.1 %): triggered and filled, triggered and not, never triggered"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "stoplimit"),
                 ("entry_price", "close * 1.003"), ("entry_limit", "close * 1.001"))
    entry = "stoplimit"


    def price_entry(self):
        return self.data.close[0] * 1.003

    def price_limit(self):
        return self.data.close[0] * 1.001


@case
class EntryValid(SmaCross):
    case = "entry-valid"
    checks = "entry_valid=4: a limit 1 % under the close fills within 4 bars (one on the 4th) or expires (one the bar before it would fill)"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.99"), ("entry_valid", "4"))
    entry = "limit"
    entry_valid = 4


    def price_entry(self):
        return self.data.close[0] * 0.99


@case
class EntryReplaced(SmaCross):
    case = "entry-replaced"
    checks = "an entry rule true on many bars: the waiting limit is cancelled and made again at the new price every bar"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "close > sma"), ("sell", "cross < 0"), ("size", "10"), ("entry", "limit"),
                 ("entry_price", "close * 0.995"))
    entry = "limit"
    when_sell = SmaCross.down

    def when_buy(self):
        return self.data.close[0] > self.sma[0]


    def price_entry(self):
        return self.data.close[0] * 0.995


@case
class Bracket(SmaCross):
    case = "bracket"
    checks = "stop_loss 2 % under and take_profit 2 % over the signal close, one-cancels-other; sell cancels both"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"),
                 ("stop_loss", "close * 0.98"), ("take_profit", "close * 1.02"))


    def price_stop_loss(self):
        return self.data.close[0] * 0.98

    def price_take_profit(self):
        return self.data.close[0] * 1.02


@case
class BracketTight(SmaCross):
    case = "bracket-tight"
    checks = "stop and target 1 % away on NVDA: live from the bar after the fill; a bar that reaches both fills the stop"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("size", "10"), ("entry", "limit"), ("entry_price", "close"),
                 ("stop_loss", "close * 0.99"), ("take_profit", "close * 1.01"))
    entry = "limit"
    when_sell = None


    def price_entry(self):
        return self.data.close[0]

    def price_stop_loss(self):
        return self.data.close[0] * 0.99

    def price_take_profit(self):
        return self.data.close[0] * 1.01


@case
class ShortBracket(SmaCross):
    case = "short-bracket"
    checks = "a short with stop_loss 2 % over and take_profit 3 % under (sell_bracket); cover cancels both"
    settings = dict(cash=100000.0)
    ini_rules = (("short", "cross < 0"), ("cover", "cross > 0"), ("size", "10"),
                 ("stop_loss", "close * 1.02"), ("take_profit", "close * 0.97"))
    when_buy = when_sell = None
    when_short = SmaCross.down
    when_cover = SmaCross.up


    def price_stop_loss(self):
        return self.data.close[0] * 1.02

    def price_take_profit(self):
        return self.data.close[0] * 0.97


@case
class TrailPercent(SmaCross):
    case = "trail-percent"
    checks = "trail_percent=0.02: a StopTrail 2 % under the signal close, following each close once live"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "10"), ("trail_percent", "0.02"))
    trail_percent = 0.02



@case
class TrailAmount(SmaCross):
    case = "trail-amount"
    checks = "trail_amount=2 * atr (read at the signal bar) with a take_profit 3 % over the close"
    settings = dict(cash=100000.0)
    ini_indicators = SmaCross.ini_indicators + (("atr", "ATR(period=14)"),)
    ini_rules = (("buy", "cross > 0"), ("size", "10"), ("trail_amount", "2 * atr"),
                 ("take_profit", "close * 1.03"))
    when_sell = None

    def indicators(self):
        super().indicators()
        self.atr = bt.indicators.ATR(self.data, period=14)


    def amount_trail(self):
        return 2 * self.atr[0]

    def price_take_profit(self):
        return self.data.close[0] * 1.03


@case
class ShortCover(SmaCross):
    case = "short-cover"
    checks = "short 10 on a downward cross while flat, cover on an upward cross"
    settings = dict(cash=100000.0)
    ini_rules = (("short", "cross < 0"), ("cover", "cross > 0"), ("size", "10"))
    when_buy = when_sell = None
    when_short = SmaCross.down
    when_cover = SmaCross.up



@case
class Reversal(SmaCross):
    case = "reversal"
    checks = "always in the market: short while long and buy while short are one order of |position| + size, winning over sell and cover"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("short", "cross < 0"), ("cover", "cross > 0"),
                 ("size", "10"))
    when_short = SmaCross.down
    when_cover = SmaCross.up



@case
class Commission(MarketEntry):
    case = "commission"
    checks = "commission=0.001: a fraction of the traded value on every fill"
    settings = dict(cash=100000.0, commission=0.001)


@case
class CommissionPerUnit(MarketEntry):
    case = "commission-per-unit"
    checks = "commission_per_unit=0.5 alone (backtrader's COMM_FIXED)"
    settings = dict(cash=100000.0, commission_per_unit=0.5)


@case
class CommissionBoth(MarketEntry):
    case = "commission-both"
    checks = "commission=0.001 and commission_per_unit=0.5 add up"
    settings = dict(cash=100000.0, commission=0.001, commission_per_unit=0.5)


@case
class CommissionMin(MarketEntry):
    case = "commission-min"
    checks = "commission=0.001 with commission_min=37: the minimum binds on fills under 37000 of value"
    settings = dict(cash=100000.0, commission=0.001, commission_min=37.0)


@case
class StampDuty(Reversal):
    case = "stamp-duty"
    checks = "stamp_duty=0.001 on every sale (long exits, short sales, reversals) on top of commission=0.0005"
    settings = dict(cash=100000.0, commission=0.0005, stamp_duty=0.001)


class Sized(SmaCross):
    """SmaCross long only, sized by a rule."""


@case
class SizeCash(Sized):
    case = "size-cash"
    checks = "size=0.95 * cash / close, rounded down to whole units"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "0.95 * cash / close"))

    def units(self):
        return 0.95 * self.acct_cash / self.data.close[0]


@case
class SizeVolatility(Sized):
    case = "size-volatility"
    checks = "size=0.01 * value / atr (ATR(14)): volatility sizing"
    settings = dict(cash=100000.0, commission=0.001)
    ini_indicators = SmaCross.ini_indicators + (("atr", "ATR(period=14)"),)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "0.01 * value / atr"))

    def indicators(self):
        super().indicators()
        self.atr = bt.indicators.ATR(self.data, period=14)

    def units(self):
        return 0.01 * self.acct_value / self.atr[0]


@case
class SizeLot(Sized):
    case = "size-lot"
    checks = "lot=100: size=0.95 * cash / close rounded down to whole lots"
    settings = dict(cash=1000000.0, lot=100)
    ini_rules = SizeCash.ini_rules
    units = SizeCash.units


@case
class SizeFractional(Sized):
    case = "size-fractional"
    checks = "fractional=true: size=0.95 * cash / close not rounded"
    settings = dict(cash=100000.0, commission=0.001, fractional=True)
    ini_rules = SizeCash.ini_rules
    units = SizeCash.units


@case
class SizeZero(SizeVolatility):
    case = "size-zero"
    checks = "lot=100, size=0.01 * value / atr: entries of 0 lots make no order (skipped, counted), the others trade"
    settings = dict(cash=500000.0, lot=100)


@case
class SlippagePercent(MarketEntry):
    case = "slippage-percent"
    checks = "slippage_percent=0.001 on market fills (slip_open), never outside the bar's range"
    settings = dict(cash=100000.0, slippage_percent=0.001)


@case
class SlippageCapped(MarketEntry):
    case = "slippage-capped"
    checks = "slippage_percent=0.01: a slipped price past the high (buy) or low (sell) is held to it (slip_match)"
    settings = dict(cash=100000.0, slippage_percent=0.01)


@case
class SlippageFixedStop(StopEntry):
    case = "slippage-fixed"
    checks = "slippage_fixed=3 on stop entries (gap and trigger) and market exits"
    settings = dict(cash=100000.0, slippage_fixed=3.0)


@case
class SlippageBracket(BracketTight):
    case = "slippage-bracket"
    checks = "slippage_percent=0.002 on bracket-tight: limit entry, stop and target children, gaps and triggers"
    settings = dict(cash=100000.0, slippage_percent=0.002)


@case
class CheatOnClose(MarketEntry):
    case = "cheat-on-close"
    checks = "cheat_on_close=true: market orders fill at the signal bar's close"
    settings = dict(cash=100000.0, cheat_on_close=True)


@case
class CashAtSubmission(Sized):
    case = "cash-submission"
    checks = "size=cash / close + 0.5: orders worth more than the cash at the signal close are refused when made (margin)"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "cash / close + 0.5"))

    def units(self):
        return self.acct_cash / self.data.close[0] + 0.5


@case
class CashAtFill(Sized):
    case = "cash-fill"
    checks = "size=cash / close on NVDA: affordable at the close, refused at the fill when the next open gaps up (margin)"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "cross < 0"), ("size", "cash / close"))

    def units(self):
        return self.acct_cash / self.data.close[0]


@case
class LastBar(SmaCross):
    case = "last-bar"
    checks = "an order made on the last bar never fills (it stays accepted/submitted); the position stays open"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "close > sma"), ("sell", "bars_held >= 2"), ("size", "10"))

    def when_buy(self):
        return self.data.close[0] > self.sma[0]

    def when_sell(self):
        return self.bars_held >= 2




@case
class LastBarCoc(LastBar):
    case = "last-bar-coc"
    checks = "cheat_on_close=true: an order made on the last bar never fills even at that bar's close"
    settings = dict(cash=100000.0, cheat_on_close=True)

class MacdSma(Rules):
    """A MACD(12, 26, 9) cross entry; an exit that reads SMA(close, 50)."""
    data_file = "2006-day-001.txt"
    ini_indicators = (("macd", "MACD(close, period_me1=12, period_me2=26, period_signal=9)"),
                      ("mcross", "CrossOver(macd, macd.signal)"), ("sma60", "SMA(close, period=60)"))

    def indicators(self):
        self.macd = bt.indicators.MACD(self.data.close, period_me1=12, period_me2=26, period_signal=9)
        self.mcross = bt.indicators.CrossOver(self.macd.macd, self.macd.signal)
        self.sma60 = bt.indicators.SMA(self.data.close, period=60)


@case
class Warmup(MacdSma):
    case = "warmup"
    checks = "MACD cross entry, close < SMA(60) exit: rules read from bar 60 (backtrader's first next()), so the MACD's upward cross on bar 53 is not taken"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "mcross > 0"), ("sell", "close < sma60"), ("size", "10"))

    def when_buy(self):
        return self.mcross[0] > 0

    def when_sell(self):
        return self.data.close[0] < self.sma60[0]

    def units(self):
        return 10



class MustHold(MacdSma):
    checks = "the issue's must-hold: MACD cross entry, exit on a MACD cross down or close < SMA(60)"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "mcross > 0"), ("sell", "mcross < 0 or close < sma60"), ("size", "0.95 * cash / close"))

    def when_buy(self):
        return self.mcross[0] > 0

    def when_sell(self):
        return self.mcross[0] < 0 or self.data.close[0] < self.sma60[0]

    def units(self):
        return 0.95 * self.acct_cash / self.data.close[0]


@case
class MustHold2006(MustHold):
    case = "macd-sma60-2006"


@case
class MustHoldNvda(MustHold):
    case = "macd-sma60-nvda"
    data_file = "nvda-1999-2014.txt"


@case
class MustHoldOrcl(MustHold):
    case = "macd-sma60-orcl"
    data_file = "orcl-1995-2014.txt"


@case
class MustHoldYhoo(MustHold):
    case = "macd-sma60-yhoo"
    data_file = "yhoo-1996-2015.txt"


@case
class NanOr(SmaCross):
    case = "nan-or"
    checks = "close[-60] is NaN for 60 bars after the warm-up (bar 16): `a or b` is true when b is true, a comparison with NaN is false"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0 or close > close[-60] * 1.08"),
                 ("sell", "close < close[-60] * 0.97 or cross < 0"), ("size", "10"))

    def when_buy(self):
        return self.cross[0] > 0 or self.data.close[0] > self.past(self.data.close, 60) * 1.08

    def when_sell(self):
        return self.data.close[0] < self.past(self.data.close, 60) * 0.97 or self.cross[0] < 0



@case
class BarsHeld(SmaCross):
    case = "bars-held"
    checks = "sell=bars_held >= 5: bars_held is 0 on the fill bar, so the exit is made 5 bars after the fill"
    settings = dict(cash=100000.0)
    ini_rules = (("buy", "cross > 0"), ("sell", "bars_held >= 5"), ("size", "10"))

    def when_sell(self):
        return self.bars_held >= 5



@case
class Account(SmaCross):
    case = "account"
    checks = "rules and size read position, position_price, cash, value and bars_held (a losing long reverses)"
    settings = dict(cash=100000.0, commission=0.001)
    ini_rules = (("buy", "cross > 0 and cash > 0.5 * value"),
                 ("sell", "close > position_price * 1.02 or bars_held >= 10"),
                 ("short", "position > 0 and close < position_price * 0.99"),
                 ("cover", "bars_held >= 5 or close < position_price * 0.98"),
                 ("size", "0.3 * value / close"))

    def when_buy(self):
        return self.cross[0] > 0 and self.acct_cash > 0.5 * self.acct_value

    def when_sell(self):
        return self.data.close[0] > self.acct_price * 1.02 or self.bars_held >= 10

    def when_short(self):
        return self.acct_position > 0 and self.data.close[0] < self.acct_price * 0.99

    def when_cover(self):
        return self.bars_held >= 5 or self.data.close[0] < self.acct_price * 0.98

    def units(self):
        return 0.3 * self.acct_value / self.data.close[0]


@case
class AShares(SizeCash):
    case = "a-shares"
    checks = "commission 0.0003 + 0.001 a unit, at least 5, stamp_duty 0.0005 on sales, lot=100, on NVDA's many trades"
    data_file = "nvda-1999-2014.txt"
    settings = dict(cash=100000.0, commission=0.0003, commission_per_unit=0.001, commission_min=5.0,
                    stamp_duty=0.0005, lot=100)


# The built-in strategies that show the orders language: each case's .ini has
# the built-in file's [indicator], [broker] and [rules] sections, word for
# word (test-builtin-cases.py holds them together).


class BracketedBreakout(Rules):
    """data/strategies/bracketed-breakout.ini."""
    data_file = "yhoo-1996-2015.txt"
    checks = ("built-in bracketed-breakout: a stop entry over the high of a close above the 20-bar high, "
              "valid 3 bars, Min(0.01 * value / atr, 0.9 * cash / close) units, stop 2 ATR under and target "
              "4 ATR over the close, sell under the 10-bar low")
    settings = dict(cash=100000, commission=0.001)
    ini_indicators = (("top", "Highest(high, period=20)"), ("bottom", "Lowest(low, period=10)"),
                      ("atr", "ATR(period=14)"))
    ini_rules = (("buy", "close > top[-1]"), ("sell", "close < bottom[-1]"),
                 ("size", "Min(0.01 * value / atr, 0.9 * cash / close)"), ("entry", "stop"),
                 ("entry_price", "high + 0.1 * atr"), ("entry_valid", "3"),
                 ("stop_loss", "close - 2 * atr"), ("take_profit", "close + 4 * atr"))
    entry = "stop"
    entry_valid = 3

    def indicators(self):
        self.top = bt.indicators.Highest(self.data.high, period=20)
        self.bottom = bt.indicators.Lowest(self.data.low, period=10)
        self.atr = bt.indicators.ATR(self.data, period=14)

    def when_buy(self):
        return self.data.close[0] > self.top[-1]

    def when_sell(self):
        return self.data.close[0] < self.bottom[-1]

    def units(self):
        return min(0.01 * self.acct_value / self.atr[0], 0.9 * self.acct_cash / self.data.close[0])

    def price_entry(self):
        return self.data.high[0] + 0.1 * self.atr[0]

    def price_stop_loss(self):
        return self.data.close[0] - 2 * self.atr[0]

    def price_take_profit(self):
        return self.data.close[0] + 4 * self.atr[0]


@case
class BracketedBreakoutYhoo(BracketedBreakout):
    case = "builtin-bracketed-breakout"


@case
class BracketedBreakout2006(BracketedBreakout):
    case = "builtin-bracketed-breakout-2006"
    data_file = "2006-day-001.txt"


class LongShort(Rules):
    """data/strategies/long-short.ini."""
    data_file = "nvda-1999-2014.txt"
    checks = ("built-in long-short: long on EMA(10) crossing above EMA(30), short on crossing below, reversing "
              "in one order, 0.5 * value / close units; sell above RSI 75, cover below RSI 25")
    settings = dict(cash=100000, commission=0.001)
    ini_indicators = (("fast", "EMA(close, period=10)"), ("slow", "EMA(close, period=30)"),
                      ("cross", "CrossOver(fast, slow)"), ("rsi", "RSI(close, period=14)"))
    ini_rules = (("buy", "cross > 0"), ("short", "cross < 0"), ("sell", "rsi > 75"), ("cover", "rsi < 25"),
                 ("size", "0.5 * value / close"))

    def indicators(self):
        self.fast = bt.indicators.EMA(self.data.close, period=10)
        self.slow = bt.indicators.EMA(self.data.close, period=30)
        self.cross = bt.indicators.CrossOver(self.fast, self.slow)
        self.rsi = bt.indicators.RSI(self.data.close, period=14)

    def when_buy(self):
        return self.cross[0] > 0

    def when_short(self):
        return self.cross[0] < 0

    def when_sell(self):
        return self.rsi[0] > 75

    def when_cover(self):
        return self.rsi[0] < 25

    def units(self):
        return 0.5 * self.acct_value / self.data.close[0]


@case
class LongShortNvda(LongShort):
    case = "builtin-long-short"


@case
class LongShortOrcl(LongShort):
    case = "builtin-long-short-orcl"
    data_file = "orcl-1995-2014.txt"


@case
class BracketedBreakoutNvda(BracketedBreakout):
    case = "builtin-bracketed-breakout-nvda"
    data_file = "nvda-1999-2014.txt"


@case
class BracketedBreakoutOrcl(BracketedBreakout):
    case = "builtin-bracketed-breakout-orcl"
    data_file = "orcl-1995-2014.txt"


@case
class LongShortYhoo(LongShort):
    case = "builtin-long-short-yhoo"
    data_file = "yhoo-1996-2015.txt"


@case
class LongShort2006(LongShort):
    case = "builtin-long-short-2006"
    data_file = "2006-day-001.txt"
