/* fuzz-csv.c — bytes → CSV reader → every bar.
 *
 * The input is a price file.  It is put in a memfd (a regular, seekable
 * file) and read to its end: strict and lenient with the default read
 * size, then again with a read size of 1, 97 or 4096 bytes, and through a
 * pipe filled from a thread in small or large writes.  bk-csv.h promises
 * that the result — the bars, or the error message, and what the reader
 * says it found — never depends on how the input arrives, except that a
 * newest-first input that cannot seek is refused; each of those is checked
 * on every input, and so is a read with every row through the tokeniser
 * (options.general_rows) against the rows read in one pass.  Finally the
 * bars go through a built-in strategy (one memory mode per input), so that
 * hostile prices reach the indicators.
 *
 * Which read size, pipe writes, strategy and mode an input gets comes from
 * a hash of its bytes: the input is a plain price file, and replays the
 * same way. */
#define _GNU_SOURCE             /* memfd_create */

#include "bk-fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bk-csv.h"
#include "bk-error.h"
#include "bk-run.h"
#include "bk-source.h"
#include "bk-strategy-file.h"

#define DISPLAY_NAME "fuzz.csv"
/* How the reader's message refusing a newest-first pipe begins (in
 * English: the fuzzer runs untranslated). */
#define NEWEST_FIRST_PIPE "the data is newest-first ("

static const gsize alternate_read_sizes[] = { 1, 97, 4096 };
static const gsize pipe_read_sizes[] = { 0, 1, 97, 4096 };
/* Bytes per write(2) into the pipe, whose reader then sees reads cut short
 * anywhere; 0: all at once. */
static const gsize pipe_write_sizes[] = { 0, 0, 7, 1000, 4096, 1 };
/* Keeping an execution under a few milliseconds: 1-byte reads only of
 * inputs up to this size (a read(2) costs about a microsecond), and at
 * most this many writes into the pipe (each a switch to the reader). */
#define MAX_SIZE_FOR_1_BYTE_READS 2048
#define MAX_PIPE_WRITES 64

static const BkMode modes[] = {
  BK_MODE_KEEP_ALL, BK_MODE_MINIMAL, BK_MODE_PLOT_SAVE_INTERNALS, BK_MODE_PLOT_SAVE_UNPLOTTED,
};

static GPtrArray *strategies;  /* the built-in strategy files, loaded once */
static int memfd;              /* the input as a regular file */

/* Everything a read yields. */
typedef struct {
  gboolean created;
  char *error;                 /* "code message" of the error that ended it, or NULL */
  GArray *bars;                /* BkBar */
  gboolean has_time;
  gboolean reversed;
  gboolean headerless;
  char *encoding;
  GArray *skipped;             /* guint64 line numbers */
  guint64 n_warnings;
  char *first_warning;
  guint64 n_out_of_order;
  char *first_out_of_order;
  guint64 size;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->error);
  g_array_unref (result->bars);
  g_free (result->encoding);
  g_clear_pointer (&result->skipped, g_array_unref);
  g_free (result->first_warning);
  g_free (result->first_out_of_order);
}

static char *
describe_error (const GError *error)
{
  BK_FUZZ_CHECK (error->domain == BK_ERROR, "an error outside BK_ERROR: %s", error->message);
  BK_FUZZ_CHECK (error->message[0] != '\0', "an empty error message");
  bk_fuzz_check_message (error->message);
  return g_strdup_printf ("%d %s", error->code, error->message);
}

static void
read_all (int fd, const BkCsvOptions *options, Result *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkCsvReader) reader = bk_csv_reader_new_for_fd (fd, DISPLAY_NAME, options, &error);
  BkBar bar;

  memset (result, 0, sizeof *result);
  result->bars = g_array_new (FALSE, FALSE, sizeof (BkBar));
  if (reader == NULL)
    {
      BK_FUZZ_CHECK (error != NULL, "no reader and no error");
      result->error = describe_error (error);
      return;
    }
  result->created = TRUE;
  while (bk_csv_reader_next (reader, &bar, &error))
    {
      BK_FUZZ_CHECK (error == NULL, "a bar with an error set");
      g_array_append_val (result->bars, bar);
    }
  if (error != NULL)
    {
      result->error = describe_error (error);
      BK_FUZZ_CHECK (g_str_has_prefix (error->message, DISPLAY_NAME ":"),
                     "the message does not name the file: %s", error->message);
      g_clear_error (&error);
    }
  /* After the end, or an error, nothing more. */
  BK_FUZZ_CHECK (!bk_csv_reader_next (reader, &bar, &error), "a bar after the end");
  BK_FUZZ_CHECK ((error != NULL) == (result->error != NULL), "the end is not repeated as it was");

  result->has_time = bk_csv_reader_has_time (reader);
  result->reversed = bk_csv_reader_get_reversed (reader);
  result->headerless = bk_csv_reader_get_headerless (reader);
  const char *encoding = bk_csv_reader_get_encoding (reader);
  BK_FUZZ_CHECK (encoding != NULL, "no encoding");
  result->encoding = g_strdup (encoding);
  const GArray *skipped = bk_csv_reader_get_skipped_lines (reader);
  if (skipped != NULL)
    {
      result->skipped = g_array_sized_new (FALSE, FALSE, sizeof (guint64), skipped->len);
      g_array_append_vals (result->skipped, skipped->data, skipped->len);
      for (guint i = 1; i < skipped->len; i++)
        BK_FUZZ_CHECK (g_array_index (skipped, guint64, i - 1) < g_array_index (skipped, guint64, i),
                       "skipped lines out of order");
    }
  result->n_warnings = bk_csv_reader_get_n_warnings (reader);
  const char *warning = bk_csv_reader_get_first_warning (reader);
  result->first_warning = g_strdup (warning);
  if (warning != NULL)
    bk_fuzz_check_message (warning);
  BK_FUZZ_CHECK ((warning != NULL) == (result->n_warnings > 0), "warnings counted and first warning disagree");
  /* Without --lenient, the only warnings are ticks out of order. */
  result->n_out_of_order = bk_csv_reader_get_n_out_of_order (reader);
  const char *first_out_of_order = bk_csv_reader_get_first_out_of_order (reader);
  result->first_out_of_order = g_strdup (first_out_of_order);
  BK_FUZZ_CHECK ((first_out_of_order != NULL) == (result->n_out_of_order > 0),
                 "ticks out of order counted and the first one disagree");
  BK_FUZZ_CHECK (result->n_out_of_order <= result->n_warnings, "more ticks out of order than warnings");
  if (!options->lenient)
    BK_FUZZ_CHECK (result->n_warnings == result->n_out_of_order, "warnings without --lenient");
  result->size = bk_csv_reader_get_size (reader);
}

/* What differs between two reads, or NULL. */
static char *
compare (const Result *a, const Result *b, gboolean same_size)
{
  if (a->created != b->created)
    return g_strdup_printf ("one reader was made, the other not (%s / %s)", a->error, b->error);
  if (g_strcmp0 (a->error, b->error) != 0)
    return g_strdup_printf ("errors: '%s' / '%s'", a->error, b->error);
  if (a->bars->len != b->bars->len)
    return g_strdup_printf ("%u / %u bars", a->bars->len, b->bars->len);
  for (guint i = 0; i < a->bars->len; i++)
    if (memcmp (&g_array_index (a->bars, BkBar, i), &g_array_index (b->bars, BkBar, i), sizeof (BkBar)) != 0)
      return g_strdup_printf ("bar %u differs", i);
  if (!a->created)
    return NULL;
  if (a->has_time != b->has_time || a->reversed != b->reversed || a->headerless != b->headerless)
    return g_strdup ("has_time, reversed or headerless");
  if (g_strcmp0 (a->encoding, b->encoding) != 0)
    return g_strdup_printf ("encodings %s / %s", a->encoding, b->encoding);
  guint na = a->skipped != NULL ? a->skipped->len : 0, nb = b->skipped != NULL ? b->skipped->len : 0;
  if (na != nb || (na > 0 && memcmp (a->skipped->data, b->skipped->data, na * sizeof (guint64)) != 0))
    return g_strdup ("skipped lines");
  if (a->n_warnings != b->n_warnings || g_strcmp0 (a->first_warning, b->first_warning) != 0
      || a->n_out_of_order != b->n_out_of_order)
    return g_strdup_printf ("warnings: %" G_GUINT64_FORMAT " '%s' / %" G_GUINT64_FORMAT " '%s'",
                            a->n_warnings, a->first_warning, b->n_warnings, b->first_warning);
  if (same_size && a->size != b->size)
    return g_strdup ("sizes");
  return NULL;
}

static void
check_same (const Result *a, const Result *b, gboolean same_size, const char *what)
{
  g_autofree char *difference = compare (a, b, same_size);

  BK_FUZZ_CHECK (difference == NULL, "%s: %s", what, difference);
}

/* Whether an error (as describe_error() gives it) is the refusal of a
 * newest-first pipe: the problem after "FILE:LINE:COLUMN: " says so (the
 * rest of the message may quote the input). */
static gboolean
is_newest_first_refusal (const char *error)
{
  const char *problem = error != NULL ? strstr (error, DISPLAY_NAME ":") : NULL;

  if (problem == NULL)
    return FALSE;
  problem += strlen (DISPLAY_NAME ":");
  for (int colons = 0; colons < 2; problem++)
    {
      if (*problem == ':')
        colons++;
      else if (!g_ascii_isdigit (*problem))
        return FALSE;
    }
  return g_str_has_prefix (problem, " " NEWEST_FIRST_PIPE);
}

static void
read_memfd (int fd, const BkCsvOptions *options, Result *result)
{
  BK_FUZZ_CHECK (lseek (fd, 0, SEEK_SET) == 0, "lseek: %s", g_strerror (errno));
  read_all (fd, options, result);
}

/* The pipe's writer: one thread for the whole process (a thread per input
 * would cost more than the reads under ASan), handed one job an input.
 * pthread's mutex and condition rather than GLib's: ThreadSanitizer sees
 * those (GLib's own are futexes it cannot follow). */
typedef struct {
  int fd;
  const uint8_t *data;
  size_t size;
  size_t chunk;                 /* bytes per write(2); 0: as many as fit */
} PipeJob;

static pthread_mutex_t pipe_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pipe_cond = PTHREAD_COND_INITIALIZER;
static PipeJob *pipe_job;       /* the job handed over, until it is done */
static gboolean pipe_job_done;

static void *
pipe_writer_thread (void *user_data)
{
  for (;;)
    {
      pthread_mutex_lock (&pipe_lock);
      while (pipe_job == NULL || pipe_job_done)
        pthread_cond_wait (&pipe_cond, &pipe_lock);
      PipeJob job = *pipe_job;
      pthread_mutex_unlock (&pipe_lock);

      size_t done = 0;
      while (done < job.size)
        {
          size_t n = job.size - done;

          if (job.chunk > 0 && n > job.chunk)
            n = job.chunk;
          ssize_t written = write (job.fd, job.data + done, n);
          if (written < 0 && errno == EINTR)
            continue;
          if (written <= 0)
            break;              /* EPIPE: the reader stopped early */
          done += (size_t) written;
        }
      close (job.fd);

      pthread_mutex_lock (&pipe_lock);
      pipe_job_done = TRUE;
      pthread_cond_broadcast (&pipe_cond);
      pthread_mutex_unlock (&pipe_lock);
    }
  return NULL;
}

static void
read_pipe (const uint8_t *data, size_t size, size_t chunk, const BkCsvOptions *options, Result *result)
{
  int fds[2];

  BK_FUZZ_CHECK (pipe2 (fds, O_CLOEXEC) == 0, "pipe: %s", g_strerror (errno));
  PipeJob job = { fds[1], data, size, chunk };
  pthread_mutex_lock (&pipe_lock);
  pipe_job = &job;
  pipe_job_done = FALSE;
  pthread_cond_broadcast (&pipe_cond);
  pthread_mutex_unlock (&pipe_lock);

  read_all (fds[0], options, result);
  close (fds[0]);

  pthread_mutex_lock (&pipe_lock);
  while (!pipe_job_done)
    pthread_cond_wait (&pipe_cond, &pipe_lock);
  pipe_job = NULL;
  pthread_mutex_unlock (&pipe_lock);
}

/* Periods the bars are resampled or replayed at, or not (count 0). */
static const BkPeriod periods[] = {
  { BK_PERIOD_SECONDS, 0 }, { BK_PERIOD_SECONDS, 0 }, { BK_PERIOD_SECONDS, 10 }, { BK_PERIOD_MINUTES, 1 },
  { BK_PERIOD_MINUTES, 5 }, { BK_PERIOD_MINUTES, 60 }, { BK_PERIOD_DAYS, 1 }, { BK_PERIOD_DAYS, 2 },
  { BK_PERIOD_WEEKS, 1 },
};

/* The bars through a built-in strategy, read by path as the CLI does,
 * maybe resampled or replayed. */
static void
run_strategy (int fd, guint64 hash, gboolean lenient)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autoptr(GError) error = NULL;
  BkCsvOptions options = {
    .lenient = lenient,
    .resample = periods[(hash >> 12) % G_N_ELEMENTS (periods)],
    .resample_mode = (hash >> 20) & 1 ? BK_REPLAY : BK_RESAMPLE,
  };
  g_autoptr(BkSource) source = bk_source_new_csv (path, &options, &error);

  if (source == NULL)
    return;
  BkStrategy *strategy = g_ptr_array_index (strategies, hash % strategies->len);
  BkMode mode = modes[(hash >> 8) % G_N_ELEMENTS (modes)];
  g_autoptr(BkRun) run = bk_run_new (strategy, mode, BK_PRECISION_F64, &error);
  BK_FUZZ_CHECK (run != NULL, "a built-in strategy does not build: %s", error->message);
  if (!bk_run_execute (run, source, NULL, &error))
    BK_FUZZ_CHECK (!g_error_matches (error, BK_ERROR, BK_ERROR_RING_OVERRUN), "%s", error->message);
  /* Resampled bars are made of ticks: never more of them than ticks. */
  BkResampler *resampler = bk_source_get_resampler (source);
  if (resampler != NULL && error == NULL)
    BK_FUZZ_CHECK (bk_run_get_bars (run) <= bk_resampler_get_ticks (resampler), "more bars than ticks");
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  bk_fuzz_init_glib ();
  /* A reader that stops early closes the pipe under its writer. */
  signal (SIGPIPE, SIG_IGN);
  pthread_t writer;
  BK_FUZZ_CHECK (pthread_create (&writer, NULL, pipe_writer_thread, NULL) == 0, "pthread_create failed");
  pthread_detach (writer);
  memfd = memfd_create (DISPLAY_NAME, MFD_CLOEXEC);
  BK_FUZZ_CHECK (memfd >= 0, "memfd_create: %s", g_strerror (errno));
  strategies = g_ptr_array_new ();
  for (const char *const *id = bk_strategy_list_builtin (); *id != NULL; id++)
    {
      g_autoptr(GError) error = NULL;
      BkStrategy *strategy = bk_strategy_new_builtin (*id, &error);

      BK_FUZZ_CHECK (strategy != NULL, "built-in %s: %s", *id, error->message);
      g_ptr_array_add (strategies, strategy);
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint64 hash = bk_fuzz_hash (data, size);
  gboolean lenient = hash & 1;
  BkCsvOptions strict_options = { .lenient = FALSE };
  BkCsvOptions lenient_options = { .lenient = TRUE };
  BkCsvOptions alternate_options = { .lenient = lenient };
  BkCsvOptions pipe_options = { .lenient = lenient };
  Result strict, relaxed, alternate, piped;

  alternate_options.read_size = alternate_read_sizes[(hash >> 1) % G_N_ELEMENTS (alternate_read_sizes)];
  pipe_options.read_size = pipe_read_sizes[(hash >> 5) % G_N_ELEMENTS (pipe_read_sizes)];
  if (size > MAX_SIZE_FOR_1_BYTE_READS)
    {
      alternate_options.read_size = MAX (alternate_options.read_size, 97);
      pipe_options.read_size = pipe_options.read_size == 1 ? 97 : pipe_options.read_size;
    }
  gsize pipe_chunk = pipe_write_sizes[(hash >> 9) % G_N_ELEMENTS (pipe_write_sizes)];
  if (pipe_chunk > 0)
    pipe_chunk = MAX (pipe_chunk, size / MAX_PIPE_WRITES);

  int fd = memfd;
  BK_FUZZ_CHECK (ftruncate (fd, 0) == 0, "ftruncate: %s", g_strerror (errno));
  for (size_t done = 0; done < size;)
    {
      ssize_t written = pwrite (fd, data + done, size - done, (off_t) done);
      BK_FUZZ_CHECK (written > 0, "write: %s", g_strerror (errno));
      done += (size_t) written;
    }

  read_memfd (fd, &strict_options, &strict);
  if (strict.created && size > 0)
    BK_FUZZ_CHECK (strict.size == size, "size %" G_GUINT64_FORMAT " of a %zu-byte file", strict.size, size);

  /* Lenient only turns failed sanity checks into warnings: a file that
   * passes them all reads the same. */
  read_memfd (fd, &lenient_options, &relaxed);
  if (strict.created && strict.error == NULL)
    {
      check_same (&strict, &relaxed, TRUE, "strict and lenient reads of a clean file");
      BK_FUZZ_CHECK (relaxed.n_warnings == relaxed.n_out_of_order, "warnings on a clean file");
    }
  /* options.strict: the first tick out of order is the error instead, or
   * the error the read ends with, if a line before it turns out to be it
   * (a bad line is known to be no trailer only at the row after it). */
  if (strict.n_out_of_order > 0)
    {
      BkCsvOptions ticks_strict = { .strict = TRUE };
      Result stopped;

      read_memfd (fd, &ticks_strict, &stopped);
      BK_FUZZ_CHECK (stopped.error != NULL && (strstr (stopped.error, strict.first_out_of_order) != NULL
                                               || g_strcmp0 (stopped.error, strict.error) == 0),
                     "strict: '%s', not the tick out of order '%s'", stopped.error, strict.first_out_of_order);
      result_clear (&stopped);
    }
  const Result *reference = lenient ? &relaxed : &strict;

  /* Rows read in one pass are the tokeniser's. */
  BkCsvOptions general_options = { .lenient = lenient, .general_rows = TRUE };
  Result general;

  read_memfd (fd, &general_options, &general);
  check_same (reference, &general, TRUE, "rows in one pass and through the tokeniser");
  result_clear (&general);

  /* Read sizes change nothing. */
  read_memfd (fd, &alternate_options, &alternate);
  g_autofree char *what = g_strdup_printf ("default and %zu-byte reads", alternate_options.read_size);
  check_same (reference, &alternate, TRUE, what);

  /* Nor does a pipe, unless the file had to be read from its end: then
   * the pipe is refused, with that reason (which a file never gives). */
  read_pipe (data, size, pipe_chunk, &pipe_options, &piped);
  gboolean pipe_refused = is_newest_first_refusal (piped.error);
  BK_FUZZ_CHECK (!is_newest_first_refusal (reference->error), "a file refused as a pipe: %s", reference->error);
  if (reference->reversed)
    BK_FUZZ_CHECK (pipe_refused, "a newest-first pipe was not refused as such: %s", piped.error);
  else if (pipe_refused)
    /* Then the file is newest-first too, and its reader failed before it
     * could say so: an oldest-first file reads to its end. */
    BK_FUZZ_CHECK (reference->error != NULL, "an oldest-first pipe refused as newest-first: %s", piped.error);
  else
    {
      g_autofree char *pipe_what = g_strdup_printf ("a file and a pipe (%zu-byte reads, %zu-byte writes)",
                                                    pipe_options.read_size, pipe_chunk);
      check_same (reference, &piped, FALSE, pipe_what);
    }

  run_strategy (fd, hash >> 16, lenient);

  result_clear (&strict);
  result_clear (&relaxed);
  result_clear (&alternate);
  result_clear (&piped);
  return 0;
}
