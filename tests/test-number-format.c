/* test-number-format.c — bk_number_format writes what the dump wrote
 * before it: the shortest of %.15g, %.16g and %.17g that reads back, the
 * same bytes for every double.  The reference below is that function as
 * it was, printf and strtod; the cases are random bit patterns, values of
 * every size, prices, integers, powers of two and ten with their
 * neighbours, the thresholds where %g turns to an exponent, and the
 * doubles where a shortcut of the formatter decides.  And the dump's own
 * date text, which it now writes a day at a time. */

#include <float.h>
#include <math.h>
#include <string.h>

#include "bk-bar.h"
#include "bk-dump.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy.h"
#include "bk-test-util.h"
#include "fuzz/fuzz-number-reference.h"

static void
check (double value)
{
  g_autofree char *difference = reference_difference (value);

  if (difference != NULL)
    g_error ("%s", difference);
}

/* value and the doubles `steps` either side of it. */
static void
check_around (double value, guint steps)
{
  double below = value, above = value;

  check (value);
  for (guint i = 0; i < steps; i++)
    {
      below = nextafter (below, -INFINITY);
      above = nextafter (above, INFINITY);
      check (below);
      check (above);
    }
}

static double
from_bits (guint64 bits)
{
  double value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

static guint64
random_bits (GRand *rand)
{
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

static void
test_random_bits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);

  for (guint i = 0; i < 200000; i++)
    check (from_bits (random_bits (rand)));
}

/* Random 53-bit significands at every power of ten from 1e-30 to 1e30:
 * the integer path's whole range and past both of its ends. */
static void
test_every_size (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 150000; i++)
    {
      double unit = (double) (random_bits (rand) >> 11) / 9007199254740992.0;
      int decade = g_rand_int_range (rand, -30, 31);
      double value = unit * pow (10.0, decade);

      check (value);
      check (-value);
    }
}

/* Prices and quantities: m / 10^d with 1 to 8 decimals, as a strtod of
 * their text gives them, and the doubles next to them, which are not
 * short. */
static void
test_short_decimals (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3994);

  for (guint i = 0; i < 150000; i++)
    {
      int decimals = g_rand_int_range (rand, 1, 9);
      /* 2 to 17 digits, more of them short, as prices are. */
      guint64 digits = random_bits (rand) % (guint64) pow (10.0, g_rand_int_range (rand, 2, 18));
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT "e-%d", digits, decimals);
      double value = g_ascii_strtod (text, NULL);

      check_around (value, 1);
      check (-value);
    }
}

static void
test_integers (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1195929);

  for (guint i = 0; i < 120000; i++)
    {
      guint64 n = random_bits (rand) >> g_rand_int_range (rand, 0, 64);

      check ((double) n);
      check (-(double) n);
    }
  for (guint64 n = 0; n < 100000; n++)
    check ((double) n);
}

/* Where the interval of a double is lopsided (a quarter of a unit below,
 * half above), where 128 bits end, and the subnormals. */
static void
test_powers_of_two (void)
{
  for (int e = -1074; e <= 1023; e++)
    {
      check_around (ldexp (1.0, e), 3);
      check_around (-ldexp (1.0, e), 1);
      /* A power of two times a short decimal: 5·2^e, 3·2^e... */
      for (int odd = 3; odd <= 15; odd += 2)
        check_around (ldexp (odd, e), 1);
    }
}

/* Every 10^j and its neighbours: where %g's exponent changes, where the
 * digits carry (9.999...e5 rounds to 1e6) and where the first guess of
 * the exponent is one short. */
static void
test_powers_of_ten (void)
{
  for (int j = -320; j <= 308; j++)
    {
      char text[16];
      g_snprintf (text, sizeof text, "1e%d", j);
      double value = g_ascii_strtod (text, NULL);

      check_around (value, 40);
      check_around (value * 9.999999999999998, 4);
      check_around (value * 5, 4);
      check_around (value * 1.5, 4);
    }
}

/* %g's two thresholds: an exponent from 10^precision up and below 10^-4.
 * A 17-digit value under 10^17 prints in full (1234567890123456.8), one
 * of 15 digits from 10^15 on with an exponent (1e+15). */
static void
test_thresholds (void)
{
  static const double values[] = {
    1e15, 1e16, 1e17, 1e-4, 1e-5, 1e20, 1.5e-7, 1234567890123456.8, 123456789012345678.0,
    999999999999999.9, 9999999999999998.0, 99999999999999984.0, 0.0001, 0.00001234, 0.000099999999999999991,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      check_around (values[i], 1000);
      check_around (-values[i], 10);
    }
  for (guint i = 0; i < 30000; i++)
    {
      /* Random 15, 16 and 17-digit decimals around each threshold. */
      static const int decades[] = { -6, -5, -4, 14, 15, 16, 17 };
      int decade = decades[g_rand_int_range (rand, 0, G_N_ELEMENTS (decades))];
      int digits = g_rand_int_range (rand, 15, 18);
      guint64 n = random_bits (rand) % (guint64) pow (10.0, digits);
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT "e%d", n, decade - digits + 1);

      check_around (g_ascii_strtod (text, NULL), 1);
    }
}

/* The integer path's common case, each binary exponent E from below its
 * first (-34) to past its last (50): random significands, the binade's
 * ends, and the tie of the 17th digit (V = T + 1/2 at E = 50). */
static void
test_common_path_edges (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3450);

  for (int E = -40; E <= 56; E++)
    {
      for (guint i = 0; i < 2000; i++)
        {
          guint64 m = (G_GUINT64_CONSTANT (1) << 52) | (random_bits (rand) >> 12);
          double value = ldexp ((double) m, E - 52);

          check (value);
          check (-value);
        }
      check_around (ldexp (1.0, E + 1), 2);
      check_around (ldexp (1.5, E), 2);
    }
  check_around (1234567890123456.25, 8);
  check_around (1234567890123456.75, 8);
}

static void
test_special_values (void)
{
  static const double values[] = {
    0.0, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, DBL_EPSILON, INFINITY, 1.0, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0,
    M_PI, M_E, 5e-324, 2.2250738585072009e-308, 1.7976931348623157e308, 9007199254740993.0,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      check (values[i]);
      check (-values[i]);
    }
  check (NAN);
  check (-NAN);
  check (from_bits (G_GUINT64_CONSTANT (0x7ff0000000000001)));

  char buf[BK_NUMBER_FORMAT_SIZE];
  g_assert_cmpuint (bk_number_format (-0.0, buf), ==, 2);
  g_assert_cmpstr (buf, ==, "-0");
  bk_number_format (39.94, buf);
  g_assert_cmpstr (buf, ==, "39.94");
  bk_number_format (0.1 + 0.2, buf);
  g_assert_cmpstr (buf, ==, "0.30000000000000004");
  bk_number_format (1e20, buf);
  g_assert_cmpstr (buf, ==, "1e+20");
  bk_number_format (1e-5, buf);
  g_assert_cmpstr (buf, ==, "1e-05");
  bk_number_format (1234567890123456.8, buf);
  g_assert_cmpstr (buf, ==, "1234567890123456.8");
}

/* The dump's columns through bk_dump_format_number, as comparisons show
 * them. */
static void
test_dump_format_number (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (64);

  for (guint i = 0; i < 10000; i++)
    {
      double value = from_bits (random_bits (rand));
      char want[G_ASCII_DTOSTR_BUF_SIZE], got[G_ASCII_DTOSTR_BUF_SIZE];

      g_assert_cmpstr (bk_dump_format_number (got, value), ==, reference_format (want, value));
    }
}

/* Each row's date is bk_format_datetime's, though the dump writes a date
 * once a day: milliseconds, midnight, a rounding into the next day,
 * before 1970, and past the times it writes itself. */
static void
test_dump_dates (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (86400);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  static const double steps[] = { 0.001, 0.0004, 0.0006, 0.25, 1, 59.9996, 60, 3600, 86399.9995, 86400, 1e7 };
  double datetime = -86400.0 * 365 * 3 - 0.5;

  /* 5,000 rows, the last thousand past 10^12 s (the year 33658). */
  while (bars->len < 5000)
    {
      BkBar bar = { datetime, 10, 11, 9, 10, 100, 0 };

      g_array_append_val (bars, bar);
      if (bars->len % 1000 == 0)
        datetime += 3e11;
      datetime += steps[g_rand_int_range (rand, 0, G_N_ELEMENTS (steps))];
    }
  g_assert_cmpfloat (g_array_index (bars, BkBar, 3999).datetime, <, 1e12);
  g_assert_cmpfloat (g_array_index (bars, BkBar, 4000).datetime, >, 1e12);
  g_autoptr(BkStrategy) strategy = bk_strategy_new_builtin ("memory-savings", &error);
  g_assert_no_error (error);
  g_autoptr(BkRun) run = bk_run_new (strategy, BK_MODE_MINIMAL, BK_PRECISION_F64, &error);
  g_assert_no_error (error);
  g_autoptr(BkSource) source = bk_source_new_bars ("dates", (BkBar *) bars->data, bars->len, TRUE);
  char *text = bk_test_execute_dump (run, source);

  g_auto(GStrv) rows = g_strsplit (text, "\n", -1);
  free (text);
  g_assert_cmpuint (g_strv_length (rows), ==, bars->len + 2);
  for (guint i = 0; i < bars->len; i++)
    {
      char want[32];
      g_autofree char *got = g_strndup (rows[i + 1], strcspn (rows[i + 1], ","));

      bk_format_datetime (g_array_index (bars, BkBar, i).datetime, TRUE, want);
      g_assert_cmpstr (got, ==, want);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number-format/random-bits", test_random_bits);
  g_test_add_func ("/number-format/every-size", test_every_size);
  g_test_add_func ("/number-format/short-decimals", test_short_decimals);
  g_test_add_func ("/number-format/integers", test_integers);
  g_test_add_func ("/number-format/powers-of-two", test_powers_of_two);
  g_test_add_func ("/number-format/powers-of-ten", test_powers_of_ten);
  g_test_add_func ("/number-format/thresholds", test_thresholds);
  g_test_add_func ("/number-format/common-path-edges", test_common_path_edges);
  g_test_add_func ("/number-format/special-values", test_special_values);
  g_test_add_func ("/number-format/dump-format-number", test_dump_format_number);
  g_test_add_func ("/dump/dates-as-bk-format-datetime", test_dump_dates);
  return g_test_run ();
}
