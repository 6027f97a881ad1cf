/* fuzz-number.c — bytes → doubles → bk_number_format, which must write
 * what printf and strtod wrote before it (the shortest of %.15g, %.16g
 * and %.17g that reads back).
 *
 * Each 8 bytes of the input's first 64 are a double's bits (little-
 * endian), the last padded with zeros; and those bytes up to the first
 * NUL, as text, are read by g_ascii_strtod, so that the fuzzer reaches
 * decimals such as prices through their digits as well as their bits.
 * Bytes past 64 are not read: longer inputs would only be slower. */
#include "bk-fuzz.h"

#include <string.h>

#include "fuzz-number-reference.h"

static void
check (double value)
{
  g_autofree char *difference = reference_difference (value);

  BK_FUZZ_CHECK (difference == NULL, "%s", difference);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  bk_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  size = MIN (size, 64);
  for (size_t start = 0; start < size || start == 0; start += 8)
    {
      guint8 bytes[8] = { 0 };
      guint64 bits = 0;
      double value;

      if (start < size)
        memcpy (bytes, data + start, MIN (size - start, sizeof bytes));
      for (int i = 7; i >= 0; i--)
        bits = (bits << 8) | bytes[i];
      memcpy (&value, &bits, sizeof value);
      check (value);
    }

  g_autofree char *text = g_strndup ((const char *) data, size);
  check (g_ascii_strtod (text, NULL));
  return 0;
}
