/* bk-number-format.c — the shortest of %.15g, %.16g and %.17g that reads
 * back, in one pass of integer arithmetic.
 *
 * The rule: print with %.15g; if strtod reads that back as another
 * double, %.16g; if that too, %.17g (which always reads back).  printf
 * rounds exactly, half to even, and strtod gives the nearest double, half
 * to even, so the rule is arithmetic on the exact value.  For a finite
 * v = ±m·2^e (m the 53-bit significand) with 10^X <= |v| < 10^(X+1):
 *
 * - Scaled by 10^k, k = 16 - X, the value V = m·5^k·2^(e+k) has 17 digits
 *   before its point.  It is S / 2^s with S = m·5^k and s = -(e+k) (or
 *   S = m·5^k·2^(e+k) and s = 0 when e+k >= 0): S fits in 128 bits, even
 *   times four, while k <= 29 and s <= 68, that is 1e-13 <= |v| < 1e17.
 * - %.{p}g's digits are V's integer part T rounded at 17 - p digits; the
 *   bits of S below T (the fraction) settle the ties.
 * - strtod reads a candidate c (those digits at V's scale) back as v when
 *   c is within half a unit in v's last place of V, a quarter below v
 *   when v is a power of two (the doubles below it are twice as dense);
 *   at exactly that distance, when m is even (ties go to the even
 *   neighbour).  Scaled by 2^(s+2) that is an integer comparison:
 *   |c·2^(s+2) - 4S| against 2·5^k·2^max(e+k, 0), or half that below a
 *   power of two.
 *
 * Outside that range (subnormals, huge values), and for infinities and
 * NaN, the text comes from printf and strtod themselves, as it did before
 * this file: the same bytes, more slowly. */
#include "bk-number-format.h"

#include <math.h>
#include <string.h>

#if defined(__SIZEOF_INT128__)
#define BK_NUMBER_FORMAT_INT128 1
typedef unsigned __int128 u128;
#endif

/* The old way, and the way outside the integers' range. */
static gsize
format_by_printf (double value, char buf[BK_NUMBER_FORMAT_SIZE])
{
  static const char *const formats[] = { "%.15g", "%.16g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, BK_NUMBER_FORMAT_SIZE, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return strlen (buf);
    }
  g_ascii_formatd (buf, BK_NUMBER_FORMAT_SIZE, "%.17g", value);
  return strlen (buf);
}

#ifdef BK_NUMBER_FORMAT_INT128

#define MAX_K 29        /* m·5^29 < 2^121 */
#define MAX_S 68        /* 10^17·2^70 < 2^127 */

static const guint64 five_to[28] = {
  G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (5), G_GUINT64_CONSTANT (25), G_GUINT64_CONSTANT (125),
  G_GUINT64_CONSTANT (625), G_GUINT64_CONSTANT (3125), G_GUINT64_CONSTANT (15625),
  G_GUINT64_CONSTANT (78125), G_GUINT64_CONSTANT (390625), G_GUINT64_CONSTANT (1953125),
  G_GUINT64_CONSTANT (9765625), G_GUINT64_CONSTANT (48828125), G_GUINT64_CONSTANT (244140625),
  G_GUINT64_CONSTANT (1220703125), G_GUINT64_CONSTANT (6103515625), G_GUINT64_CONSTANT (30517578125),
  G_GUINT64_CONSTANT (152587890625), G_GUINT64_CONSTANT (762939453125),
  G_GUINT64_CONSTANT (3814697265625), G_GUINT64_CONSTANT (19073486328125),
  G_GUINT64_CONSTANT (95367431640625), G_GUINT64_CONSTANT (476837158203125),
  G_GUINT64_CONSTANT (2384185791015625), G_GUINT64_CONSTANT (11920928955078125),
  G_GUINT64_CONSTANT (59604644775390625), G_GUINT64_CONSTANT (298023223876953125),
  G_GUINT64_CONSTANT (1490116119384765625), G_GUINT64_CONSTANT (7450580596923828125),
};

static const guint64 ten_to[18] = {
  G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (10), G_GUINT64_CONSTANT (100), G_GUINT64_CONSTANT (1000),
  G_GUINT64_CONSTANT (10000), G_GUINT64_CONSTANT (100000), G_GUINT64_CONSTANT (1000000),
  G_GUINT64_CONSTANT (10000000), G_GUINT64_CONSTANT (100000000), G_GUINT64_CONSTANT (1000000000),
  G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
  G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
  G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
  G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
};

/* Eight '0's, as eight_digits' lanes. */
#define ZEROS G_GUINT64_CONSTANT (0x3030303030303030)
/* 17 digits and the 16 that layout copies past them. */
#define TEXT_SIZE 33

/* 10^-13..10^17 as doubles: |v| >= 10^j tells X >= j, exactly where
 * 10^j is a double, else with one too many at the double nearest 10^j,
 * which V's integer part corrects. */
static const double ten_to_double[31] = {
  1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
  1e15, 1e16, 1e17,
};

static inline u128
pow5_wide (int k)
{
  return k < 28 ? five_to[k] : (u128) five_to[27] * five_to[k - 27];
}

/* floor(a / b) for b > 0, whatever a's sign. */
static inline int
floor_div (int a, int b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The exact value m·2^e·10^k as S / 2^s; FALSE where 128 bits cannot
 * hold it with room for the comparisons. */
static inline gboolean
scale (guint64 m, int e, int k, u128 *S, int *s)
{
  if (k < 0 || k > MAX_K)
    return FALSE;
  u128 product = (u128) m * pow5_wide (k);
  int q = e + k;
  if (q >= 0)
    {
      *S = product << q;
      *s = 0;
      return TRUE;
    }
  if (-q > MAX_S)
    return FALSE;
  *S = product;
  *s = -q;
  return TRUE;
}

/* n < 10^8 as eight digits, the first in the lowest byte, each 0-9:
 * two halves of four digits side by side, split into pairs, then the
 * pairs into digits, every lane at once (10486 / 2^20 divides by 100
 * below 10^4, 103 / 2^10 by 10 below 100). */
static inline guint64
eight_digits (guint32 n)
{
  guint64 x = (n / 10000) | ((guint64) (n % 10000) << 32);
  guint64 hundreds = ((x * 10486) >> 20) & G_GUINT64_CONSTANT (0x0000007f0000007f);
  x = ((x - hundreds * 100) << 16) | hundreds;
  guint64 tens = ((x * 103) >> 10) & G_GUINT64_CONSTANT (0x000f000f000f000f);
  return ((x - tens * 10) << 8) | tens;
}

/* c, 10^16 <= c < 10^17, as its 17 digits at the start of text (the
 * rest '0'); returns how many are left without the trailing zeros. */
static inline int
seventeen_digits (guint64 c, char text[TEXT_SIZE])
{
  guint64 rest = c % ten_to[16];
  guint64 high = eight_digits ((guint32) (rest / ten_to[8]));
  guint64 low = eight_digits ((guint32) (rest % ten_to[8]));
  int zeros = low != 0 ? __builtin_clzll (low) / 8
                       : 8 + (high != 0 ? __builtin_clzll (high) / 8 : 8);

  text[0] = (char) ('0' + c / ten_to[16]);
  high = GUINT64_TO_LE (high | ZEROS);
  low = GUINT64_TO_LE (low | ZEROS);
  memcpy (text + 1, &high, 8);
  memcpy (text + 9, &low, 8);
  memset (text + 17, '0', TEXT_SIZE - 17);
  return 17 - zeros;
}

/* The text of ±0.d1d2...·10^(exponent+1), the digits in text (count of
 * them, '0' after them), as %.{precision}g writes it.  The copies are of
 * a fixed size, past the end of the text: the buffer has room. */
static gsize
layout (char *buf, gboolean negative, const char *text, int count, int exponent, int precision)
{
  char *o = buf;

  if (negative)
    *o++ = '-';
  if (exponent < -4 || exponent >= precision)
    {
      *o++ = text[0];
      if (count > 1)
        {
          *o++ = '.';
          memcpy (o, text + 1, 16);
          o += count - 1;
        }
      int magnitude = ABS (exponent);
      *o++ = 'e';
      *o++ = exponent < 0 ? '-' : '+';
      if (magnitude >= 100)
        {
          *o++ = (char) ('0' + magnitude / 100);
          magnitude %= 100;
        }
      *o++ = (char) ('0' + magnitude / 10);
      *o++ = (char) ('0' + magnitude % 10);
    }
  else if (exponent >= 0)
    {
      /* The digits before the point, with the stripped zeros where the
       * point comes after them; then the point and the rest. */
      int whole = exponent + 1;
      memcpy (o, text, 17);
      if (count > whole)
        {
          o[whole] = '.';
          memcpy (o + whole + 1, text + whole, 16);
          o += count + 1;
        }
      else
        o += whole;
    }
  else
    {
      memcpy (o, "0.000", 5);
      o += 1 - exponent;
      memcpy (o, text, 17);
      o += count;
    }
  *o = '\0';
  return o - buf;
}

/* Prices and volumes: a value that n / 10^8 reads back as, with
 * 10^-4 <= |v| < 10^7, written as n's digits with the point in place;
 * 0 for any other value.  That decimal is what %.15g prints: it lies
 * within v's rounding interval, and the 15-digit decimals near v are at
 * least 4.5 units in v's last place apart (10^-14·10^X against at most
 * 2^-52·10^(X+1)), so it is the one nearest v, %.15g's.  How n was found
 * does not matter: the division, correctly rounded like strtod, decides. */
static inline gsize
format_short_decimal (double value, gboolean negative, char *buf)
{
  double magnitude = fabs (value);

  if (!(magnitude >= 1e-4 && magnitude < 1e7))
    return 0;
  guint64 n = (guint64) (magnitude * 1e8 + 0.5);
  if ((double) n / 1e8 != magnitude)
    return 0;

  char *o = buf;
  guint32 whole = (guint32) (n / ten_to[8]), fraction = (guint32) (n % ten_to[8]);
  guint64 digits = eight_digits (whole);
  /* Zero digits are zero bytes: the leading ones are the low bytes. */
  int leading = whole != 0 ? __builtin_ctzll (digits) / 8 : 7;
  guint64 text = GUINT64_TO_LE ((digits | ZEROS) >> (8 * leading));

  if (negative)
    *o++ = '-';
  memcpy (o, &text, 8);
  o += 8 - leading;
  if (fraction != 0)
    {
      digits = eight_digits (fraction);
      text = GUINT64_TO_LE (digits | ZEROS);
      *o++ = '.';
      memcpy (o, &text, 8);
      o += 8 - __builtin_clzll (digits) / 8;
    }
  *o = '\0';
  return o - buf;
}

/* Is c, at V's scale, read back as v?  W = 4S; half = 2·5^k·2^max(e+k,0),
 * both scaled by 2^(s+2). */
static inline gboolean
reads_back (guint64 c, int s, u128 W, u128 half, gboolean power_of_two, gboolean even)
{
  u128 C = (u128) c << (s + 2);
  u128 distance, limit;

  if (C >= W)
    {
      distance = C - W;
      limit = half;
    }
  else
    {
      distance = W - C;
      limit = power_of_two ? half >> 1 : half;
    }
  return distance < limit || (distance == limit && even);
}

/* cond (0 or 1) ? a : b, without a branch. */
static inline guint64
select64 (guint64 cond, guint64 a, guint64 b)
{
  return b ^ ((a ^ b) & -cond);
}

/* The common case: v = ±m·2^e, not a power of two, 2^E <= |v| <
 * 2^(E+1) with -34 <= E <= 50, and V's scale 10^k, k = 16 - X, such that
 * 5^k fits 64 bits and s is at most 62 (about 1e-10 to 1e15); returns 0
 * where it does not apply.  V's integer part T and its fraction f (64
 * bits, exact since s <= 62) decide each candidate at once: the distance
 * from a candidate below V is r + f, from one above u - r - f (r = T mod
 * u, u = 100 or 10), and half a unit in v's last place is h = 5^k /
 * 2^(s+1) exactly, all three in 64.64 fixed point.  A power of two (whose
 * interval below is half as wide) goes the general way.  The digits are
 * written in place, the point moved in after them. */
static inline gsize
format_common (double value, gboolean negative, guint64 m, int E, char *buf)
{
  int X = (E * 78913) >> 18;    /* floor (E·log10 2): the shift is arithmetic */
  X += fabs (value) >= ten_to_double[X + 14];
  int k = 16 - X;
  int s = 52 - E - k;

  if (k < 0 || k > 27 || s < 1 || s > 62)
    return 0;
  /* S = m·5^k, T = S >> s, f its bits below, shifted to the top. */
  u128 S = (u128) m * five_to[k];
  guint64 S_high = (guint64) (S >> 64), S_low = (guint64) S;
  guint64 T = (S_high << (64 - s)) | (S_low >> s);
  if (G_UNLIKELY (T < ten_to[16] || T >= ten_to[17]))
    return 0;
  guint64 f = S_low << (64 - s);
  /* Reads back: d < h, or d = h with m even (kept for the rule's sake:
   * below 2^51 an end of v's interval needs more than 17 digits, so no
   * candidate lies on it). */
  guint64 five = five_to[k];
  u128 limit = ((((u128) (five >> (s + 1))) << 64) | (five << (63 - s))) + ((m & 1) == 0);
  guint64 tie = f != 0;

  /* Without branches, which the digits would mispredict: a candidate
   * above V is at (u - r - tie) + (-f), one below at r + f. */
  guint64 q15 = T / 100, r15 = T % 100;
  guint64 up15 = r15 + (tie | (q15 & 1)) > 50;
  guint64 ok15 = (((u128) select64 (up15, 100 - r15 - tie, r15) << 64) | select64 (up15, -f, f)) < limit;
  guint64 q16 = T / 10, r16 = T % 10;
  guint64 up16 = r16 + (tie | (q16 & 1)) > 5;
  guint64 ok16 = (((u128) select64 (up16, 10 - r16 - tie, r16) << 64) | select64 (up16, -f, f)) < limit;
  guint64 half = G_GUINT64_CONSTANT (0x8000000000000000);
  guint64 c = T + ((f > half) | ((f == half) & (T & 1)));
  c = select64 (ok16, (q16 + up16) * 10, c);
  c = select64 (ok15, (q15 + up15) * 100, c);
  /* 16 digits are at least as near as 15: ok15 implies ok16. */
  int precision = 17 - (int) ok16 - (int) ok15;
  if (c == ten_to[17])
    {
      /* Rounding up carried into a new digit: 9.99...e5 becomes 1e6. */
      c = ten_to[16];
      X++;
    }
  if (X < -4 || X >= precision)
    return 0;   /* %g's exponent form: the general way */

  /* The digits after -X zeros when v < 1, the point after the first
   * `whole` of them, moved in with the rest after it (at most 21). */
  char *o = buf;
  *o = '-';
  o += negative;
  int zeros = -X & (X >> 31);   /* X < 0 ? -X : 0 */
  int whole = X + 1 + zeros;
  memcpy (o, "00000000", 8);
  guint64 first = c / ten_to[16];
  guint64 rest = c - first * ten_to[16];
  guint64 high = eight_digits ((guint32) (rest / ten_to[8]));
  guint64 low = eight_digits ((guint32) (rest % ten_to[8]));
  /* The trailing zeros are the top bytes that are 0: clz of x | 1 counts
   * them but for x = 0, where it says 7 of 8. */
  int low_zeros = __builtin_clzll (low | 1) / 8 + (low == 0);
  int high_zeros = __builtin_clzll (high | 1) / 8 + (high == 0);
  int count = zeros + 17 - (int) select64 (low == 0, 8 + high_zeros, low_zeros);
  o[zeros] = (char) ('0' + first);
  high = GUINT64_TO_LE (high | ZEROS);
  low = GUINT64_TO_LE (low | ZEROS);
  memcpy (o + zeros + 1, &high, 8);
  memcpy (o + zeros + 9, &low, 8);
  char tail[24];
  memcpy (tail, o + whole, 24);
  o[whole] = '.';
  memcpy (o + whole + 1, tail, 24);
  o += count > whole ? count + 1 : whole;
  *o = '\0';
  return o - buf;
}

/* The values that neither format_short_decimal nor format_common
 * takes: a function of its own, so that the common path saves no
 * registers for it. */
static G_GNUC_NO_INLINE gsize
format_general (double value, char buf[BK_NUMBER_FORMAT_SIZE])
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  gboolean negative = bits >> 63;
  int biased = (int) ((bits >> 52) & 0x7ff);
  guint64 fraction = bits & ((G_GUINT64_CONSTANT (1) << 52) - 1);

  if (biased == 0 && fraction == 0)
    {
      memcpy (buf, negative ? "-0" : "0", negative ? 3 : 2);
      return negative ? 2 : 1;
    }
  if (biased == 0 || biased == 0x7ff)
    return format_by_printf (value, buf);

  guint64 m = fraction | (G_GUINT64_CONSTANT (1) << 52);
  int E = biased - 1023;
  int e = biased - 1075;
  /* 2^E <= |v| < 2^(E+1), so X is floor(E·log10 2) or one more: the
   * guess is checked against 10^(X+1), then by V's integer part. */
  int X = floor_div (E * 78913, 1 << 18);
  if (X >= -14 && X <= 16)
    X += fabs (value) >= ten_to_double[X + 14];
  u128 S;
  int s;
  guint64 T;

  for (;;)
    {
      if (!scale (m, e, 16 - X, &S, &s))
        return format_by_printf (value, buf);
      T = (guint64) (S >> s);
      if (T >= ten_to[17])
        X++;
      else if (T < ten_to[16])
        X--;
      else
        break;
    }

  int k = 16 - X;
  u128 W = S << 2;
  u128 half = ((u128) 2 * pow5_wide (k)) << MAX (e + k, 0);
  gboolean power_of_two = fraction == 0 && biased > 1;
  gboolean even = (m & 1) == 0;
  /* The bits of S below T: are there any? */
  u128 rest = s > 0 ? S & (((u128) 1 << s) - 1) : 0;
  gboolean below = rest != 0;

  /* c: the digits of %.{precision}g at V's scale.  Half a unit in v's
   * last place is at most 10^17·2^-53 < 11.2 at that scale: 15 digits
   * that end 13 or more from V need no closer look. */
  int precision = 15;
  guint64 q = T / 100, r = T % 100;
  guint64 c = (q + (r > 50 || (r == 50 && (below || (q & 1))))) * 100;
  if ((r >= 13 && r <= 87) || !reads_back (c, s, W, half, power_of_two, even))
    {
      precision = 16;
      q = T / 10, r = T % 10;
      c = (q + (r > 5 || (r == 5 && (below || (q & 1))))) * 10;
      if (!reads_back (c, s, W, half, power_of_two, even))
        {
          precision = 17;
          u128 half_unit = (u128) 1 << (s > 0 ? s - 1 : 0);
          c = T + (s > 0 && (rest > half_unit || (rest == half_unit && (T & 1))));
        }
    }

  /* Rounding up may carry into a new digit: 9.99...e5 becomes 1e6. */
  int exponent = X;
  if (c == ten_to[17])
    {
      c = ten_to[16];
      exponent++;
    }
  char text[TEXT_SIZE];
  int count = seventeen_digits (c, text);
  return layout (buf, negative, text, count, exponent, precision);
}

gsize
bk_number_format (double value, char buf[BK_NUMBER_FORMAT_SIZE])
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  int E = (int) ((bits >> 52) & 0x7ff) - 1023;
  guint64 fraction = bits & ((G_GUINT64_CONSTANT (1) << 52) - 1);

  /* Prices and volumes first: their path is the shorter. */
  gsize short_length = format_short_decimal (value, bits >> 63, buf);
  if (short_length != 0)
    return short_length;
  if (G_LIKELY (fraction != 0 && E >= -34 && E <= 50))
    {
      gsize length = format_common (value, bits >> 63, fraction | (G_GUINT64_CONSTANT (1) << 52), E, buf);
      if (G_LIKELY (length != 0))
        return length;
    }
  return format_general (value, buf);
}

#else

gsize
bk_number_format (double value, char buf[BK_NUMBER_FORMAT_SIZE])
{
  return format_by_printf (value, buf);
}

#endif
