/* fuzz-strategy.c — bytes → strategy file → runs.
 *
 * The input is a strategy file.  When it loads, it is run in each of the
 * four memory modes on a few hundred generated bars, so that the graph
 * builder, the buffer planner, the indicators and the broker are fuzzed
 * too, and the memory modes' central property is checked on every input:
 * the four modes compute the same values, bit for bit (and the dump of one of
 * them, chosen by the input, is written).  One ring mode, chosen by the
 * input, runs again with fusion off (BARKEEP_NO_FUSION): fused chains
 * and windows that compute their input again give the same bits as the
 * lines they replace.  A read past a ring's capacity (a planning bug) is
 * a crash. */
#include "bk-fuzz.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bk-dump.h"
#include "bk-error.h"
#include "bk-report.h"
#include "bk-run.h"
#include "bk-strategy-file.h"

#define N_BARS 300

static const BkMode modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  bk_fuzz_init_glib ();
  return 0;
}

/* What a run computed, bar by bar: the bits of the values the dump
 * writes (open..volume, then every line of every named indicator), NaN as
 * one bit pattern.  Comparing these across modes is the dump comparison of
 * the four modes without formatting numbers, which would cost most of the
 * time. */
typedef struct {
  GPtrArray *lines;             /* BkLine* */
  GPtrArray *names;             /* char*, the dump's column names */
  GArray *values;               /* guint64, lines->len a bar */
} Recorder;

static void
record_bar (BkRun *run, gpointer data)
{
  Recorder *recorder = data;

  for (guint i = 0; i < recorder->lines->len; i++)
    {
      double value = bk_line_get (g_ptr_array_index (recorder->lines, i), 0);
      guint64 bits;

      if (isnan (value))
        value = NAN;
      memcpy (&bits, &value, sizeof bits);
      g_array_append_val (recorder->values, bits);
    }
}

static void
recorder_init (Recorder *recorder, BkRun *run)
{
  recorder->lines = bk_dump_get_columns (run, &recorder->names);
  recorder->values = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
record_and_dump_bar (BkRun *run, gpointer data)
{
  gpointer *pair = data;

  record_bar (run, pair[0]);
  bk_dump_write_bar (run, pair[1]);
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->lines, g_ptr_array_unref);
  g_clear_pointer (&recorder->names, g_ptr_array_unref);
  g_clear_pointer (&recorder->values, g_array_unref);
}

/* Runs the strategy in `mode` on the generated bars, into `recorder`; with
 * `dump`, the dump is written too (to memory), so that its code is fuzzed.
 * FALSE when the run could not be built or failed (*error says why). */
static gboolean
run_mode (BkStrategy *strategy, BkMode mode, BkPrecision precision, guint64 seed, gboolean intraday,
          gboolean dump, Recorder *recorder, GError **error)
{
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, precision, error);

  if (run == NULL)
    return FALSE;

  g_autoptr(BkSource) source = bk_source_new_generated ("generated", N_BARS, seed, intraday);
  recorder_init (recorder, run);
  gboolean ok;
  if (dump)
    {
      char *buffer = NULL;
      size_t size = 0;
      FILE *out = open_memstream (&buffer, &size);
      BK_FUZZ_CHECK (out != NULL, "open_memstream failed");
      BkDump *writer = bk_dump_new (run, out);
      /* The recorder is the bar function; the dump is written after it. */
      gpointer pair[2] = { recorder, writer };
      bk_run_set_bar_func (run, record_and_dump_bar, pair);
      ok = bk_run_execute (run, source, NULL, error);
      bk_dump_free (writer);
      fclose (out);
      g_free (buffer);
    }
  else
    {
      bk_run_set_bar_func (run, record_bar, recorder);
      ok = bk_run_execute (run, source, NULL, error);
    }

  /* The memory report walks every line and node the run made. */
  g_autoptr(BkReport) report = bk_report_new (run);
  BK_FUZZ_CHECK (report != NULL, "no report");
  return ok;
}

/* Where two runs' values first differ, for the report of a failure. */
static char *
first_difference (const Recorder *a, const Recorder *b)
{
  guint width = a->lines->len;

  if (b->lines->len != width)
    return g_strdup_printf ("%u columns against %u", width, b->lines->len);
  if (a->values->len != b->values->len)
    return g_strdup_printf ("%u bars against %u", a->values->len / MAX (width, 1), b->values->len / MAX (width, 1));
  for (guint i = 0; i < a->values->len; i++)
    {
      guint64 x = g_array_index (a->values, guint64, i), y = g_array_index (b->values, guint64, i);

      if (x != y)
        {
          double dx, dy;
          memcpy (&dx, &x, sizeof dx);
          memcpy (&dy, &y, sizeof dy);
          return g_strdup_printf ("bar %u, column %s: %.17g against %.17g", i / width,
                                  (const char *) g_ptr_array_index (a->names, i % width), dx, dy);
        }
    }
  return NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkStrategy) strategy = bk_strategy_new_from_data ((const char *) data, (gssize) size,
                                                              "fuzz.ini", &error);

  if (strategy == NULL)
    {
      BK_FUZZ_CHECK (error != NULL && error->message[0] != '\0', "a refused file without a message");
      BK_FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.ini:"),
                     "the message does not name the file: %s", error->message);
      bk_fuzz_check_message (error->message);
      return 0;
    }
  BK_FUZZ_CHECK (error == NULL, "loaded with an error set: %s", error->message);

  guint64 hash = bk_fuzz_hash (data, size);
  BkPrecision precision = (hash & 1) ? BK_PRECISION_F32 : BK_PRECISION_F64;
  gboolean intraday = (hash >> 1) & 1;
  guint dumped = (hash >> 2) % G_N_ELEMENTS (modes);
  guint64 seed = hash >> 8;
  Recorder recorders[G_N_ELEMENTS (modes)] = { { NULL } };
  gboolean ok[G_N_ELEMENTS (modes)];

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) run_error = NULL;

      ok[i] = run_mode (strategy, modes[i], precision, seed, intraday, i == dumped, &recorders[i], &run_error);
      if (!ok[i])
        {
          BK_FUZZ_CHECK (run_error != NULL, "mode %d failed without an error", modes[i]);
          bk_fuzz_check_message (run_error->message);
          BK_FUZZ_CHECK (!g_error_matches (run_error, BK_ERROR, BK_ERROR_RING_OVERRUN),
                         "mode %d: %s", modes[i], run_error->message);
        }
    }
  /* The same mode unfused: the graph reads the switch when it is made. */
  guint refused = 1 + (guint) ((hash >> 4) % (G_N_ELEMENTS (modes) - 1));
  Recorder unfused = { NULL };
  g_autoptr(GError) unfused_error = NULL;
  g_setenv ("BARKEEP_NO_FUSION", "1", TRUE);
  gboolean unfused_ok = run_mode (strategy, modes[refused], precision, seed, intraday, FALSE, &unfused,
                                  &unfused_error);
  g_unsetenv ("BARKEEP_NO_FUSION");
  BK_FUZZ_CHECK (unfused_ok == ok[refused], "mode %d ran %s fusion only", modes[refused],
                 unfused_ok ? "without" : "with");
  if (unfused_ok && ok[refused])
    {
      g_autofree char *where = first_difference (&recorders[refused], &unfused);
      BK_FUZZ_CHECK (where == NULL, "mode %d fused and unfused differ: %s", modes[refused], where);
    }
  recorder_clear (&unfused);
  /* Bit-identical results in all four modes (the same --dump bytes). */
  for (guint i = 1; i < G_N_ELEMENTS (modes); i++)
    if (ok[0] && ok[i])
      {
        g_autofree char *where = first_difference (&recorders[0], &recorders[i]);
        BK_FUZZ_CHECK (where == NULL, "modes %d and %d differ: %s", modes[0], modes[i], where);
      }
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    recorder_clear (&recorders[i]);
  return 0;
}
