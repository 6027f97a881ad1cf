/* bk-random.h — the generators' random numbers: splitmix64, small, fast
 * and the same sequence on every machine, so that generated data is the
 * same bytes everywhere. */
#pragma once

#include <glib.h>

static inline guint64
bk_random_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [0, 1), 53 bits. */
static inline double
bk_random_uniform (guint64 *state)
{
  return (bk_random_next (state) >> 11) * (1.0 / 9007199254740992.0);
}

/* Roughly normal, mean 0 and sd 1: the sum of four uniforms, centred and
 * scaled; bounded at ±2√3, so no generated bar jumps out of range. */
static inline double
bk_random_gaussian (guint64 *state)
{
  double s = bk_random_uniform (state) + bk_random_uniform (state)
             + bk_random_uniform (state) + bk_random_uniform (state);
  return (s - 2.0) * 1.7320508075688772;
}
