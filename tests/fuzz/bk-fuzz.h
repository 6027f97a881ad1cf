/* bk-fuzz.h — what a fuzz target gives its two drivers: libFuzzer's (the
 * fuzz-* programs of a -Dfuzz=true build) and the replay driver
 * (fuzz-replay.c, in every build), which runs the same code over the files
 * of the corpora so that every crash ever found stays fixed. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A broken property: says which, and aborts, so that libFuzzer keeps the
 * input as a crash and the replay test fails. */
#define BK_FUZZ_CHECK(cond, ...)                                         \
  G_STMT_START {                                                         \
    if (G_UNLIKELY (!(cond)))                                            \
      {                                                                  \
        g_printerr ("%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
        g_printerr (__VA_ARGS__);                                        \
        g_printerr ("\n");                                               \
        abort ();                                                        \
      }                                                                  \
  } G_STMT_END

/* FNV-1a of the input: the choices a target makes besides the bytes
 * themselves (read sizes, modes, seeds) come from it, so that an input
 * always takes the same path and a crash replays. */
static inline guint64
bk_fuzz_hash (const uint8_t *data, size_t size)
{
  guint64 h = 14695981039346656037ull;

  for (size_t i = 0; i < size; i++)
    h = (h ^ data[i]) * 1099511628211ull;
  return h;
}

/* A message for a user (an error, a warning): one line of valid UTF-8
 * without control characters, whatever bytes the input had (a CR would
 * overwrite the terminal's line, an ESC start an escape sequence). */
static inline void
bk_fuzz_check_message (const char *message)
{
  BK_FUZZ_CHECK (g_utf8_validate (message, -1, NULL), "a message that is not UTF-8: %s", message);
  for (const char *p = message; *p != '\0'; p++)
    BK_FUZZ_CHECK ((guchar) *p >= 0x20 && *p != 0x7f, "control character 0x%02x in a message: %s",
                   (guchar) *p, message);
}

/* Criticals and warnings are programming errors whatever the input:
 * fatal, so that the fuzzer sees them. */
static inline void
bk_fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

G_END_DECLS
