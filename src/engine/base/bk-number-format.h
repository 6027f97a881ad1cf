/* bk-number-format.h — a double as the shortest of %.15g, %.16g and
 * %.17g that reads back as the same value (39.94, not 39.939999999999998):
 * the text of dumps and comparisons.  Computed in one pass of integer
 * arithmetic where 128 bits hold the value exactly (about 1e-13 to 1e17),
 * by printf and strtod elsewhere; the bytes are the same either way. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest text is "-1.2345678901234567e-308" and its NUL; the rest is
 * room for writes of a fixed size past the text's end. */
#define BK_NUMBER_FORMAT_SIZE 48

/* Writes the text and a NUL to buf; returns the text's length.  Zero is
 * "0" or "-0", infinities "inf" and "-inf", NaN "nan" or "-nan". */
gsize bk_number_format (double value, char buf[BK_NUMBER_FORMAT_SIZE]);

G_END_DECLS
