/* fuzz-stats.c — bytes → statistics file (barkeep-cli merge's reader).
 *
 * The input is a statistics file as `barkeep-cli universe --stats` writes
 * it.  A file that is refused has one line of message naming the file.  A
 * file that is read must hold what the reader promises (each symbol once,
 * their rows adding up to the sums' counts, sums of squares not negative),
 * write back to text that reads again to the same text, merge on its own
 * (one shard of one) into the same sums or say which shard is missing, and,
 * when it has few enough features for a fit to be quick, fit or say why
 * not, its JSON valid UTF-8. */
#include "bk-fuzz.h"

#include <math.h>
#include <string.h>

#include "bk-error.h"
#include "bk-universe.h"

#define NAME "fuzz.stats"

/* 2^k models are fitted: a few features only. */
#define FIT_MAX_FEATURES 6

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  bk_fuzz_init_glib ();
  return 0;
}

static void
check_refused (GError *error)
{
  BK_FUZZ_CHECK (error != NULL && error->message[0] != '\0', "a refused file without a message");
  BK_FUZZ_CHECK (g_str_has_prefix (error->message, NAME ":"), "the message does not name the file: %s",
                 error->message);
  bk_fuzz_check_message (error->message);
}

/* What the reader promises of a file it read. */
static void
check_read (const BkUniverseResult *r)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 train = 0, test = 0;

  BK_FUZZ_CHECK (r->n_features >= 1 && r->n_features <= BK_REG_MAX_FEATURES, "%u features", r->n_features);
  BK_FUZZ_CHECK (r->shard >= 1 && r->shard <= r->n_shards && r->n_shards <= BK_UNIVERSE_MAX_SHARDS,
                 "shard %u of %u", r->shard, r->n_shards);
  BK_FUZZ_CHECK (r->horizon >= 1, "horizon %u", r->horizon);
  bk_fuzz_check_message (r->model_id);
  bk_fuzz_check_message (r->model_name);
  for (guint j = 0; j < r->n_features; j++)
    bk_fuzz_check_message (r->features[j]);
  for (guint i = 0; i < r->symbols->len; i++)
    {
      const BkUniverseSymbol *s = &g_array_index (r->symbols, BkUniverseSymbol, i);

      bk_fuzz_check_message (s->symbol);
      BK_FUZZ_CHECK (g_hash_table_add (seen, s->symbol), "symbol %s twice", s->symbol);
      train += s->train;
      test += s->test;
    }
  BK_FUZZ_CHECK (train == bk_reg_sum_get_n (r->train), "train rows %" G_GUINT64_FORMAT " against n %"
                 G_GUINT64_FORMAT, train, bk_reg_sum_get_n (r->train));
  BK_FUZZ_CHECK (test == bk_reg_sum_get_n (r->test), "test rows %" G_GUINT64_FORMAT " against n %"
                 G_GUINT64_FORMAT, test, bk_reg_sum_get_n (r->test));
  for (guint i = 0; i < r->skipped->len; i++)
    {
      const BkUniverseSkip *s = &g_array_index (r->skipped, BkUniverseSkip, i);
      bk_fuzz_check_message (s->file);
      bk_fuzz_check_message (s->error);
    }
  const BkRegSum *sums[] = { r->train, r->test };
  for (guint s = 0; s < G_N_ELEMENTS (sums); s++)
    {
      for (guint j = 0; j < r->n_features; j++)
        BK_FUZZ_CHECK (bk_reg_sum_get_xtx (sums[s], j, j) >= 0.0, "X'X[%u][%u] = %g", j, j,
                       bk_reg_sum_get_xtx (sums[s], j, j));
      BK_FUZZ_CHECK (bk_reg_sum_get_yty (sums[s]) >= 0.0, "y'y = %g", bk_reg_sum_get_yty (sums[s]));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BkUniverseResult) r = bk_universe_read_stats_from_data ((const char *) data, size, NAME, &error);

  if (r == NULL)
    {
      check_refused (error);
      return 0;
    }
  BK_FUZZ_CHECK (error == NULL, "read with an error set: %s", error->message);
  check_read (r);

  /* Written and read again: the same text. */
  g_autofree char *text = bk_universe_format_stats (r);
  g_autoptr(BkUniverseResult) back = bk_universe_read_stats_from_data (text, strlen (text), NAME, &error);
  BK_FUZZ_CHECK (back != NULL, "its own text is refused: %s\n%s", error->message, text);
  g_autofree char *again = bk_universe_format_stats (back);
  BK_FUZZ_CHECK (strcmp (text, again) == 0, "the text changed on a round trip:\n%s\n---\n%s", text, again);
  BK_FUZZ_CHECK (bk_reg_sum_equal (r->train, back->train) && bk_reg_sum_equal (r->test, back->test),
                 "the sums changed on a round trip");

  /* Merged alone: the same sums, or the shard that is missing. */
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_ptr_array_add (parts, r);
  g_autoptr(BkUniverseResult) merged = bk_universe_merge (parts, &error);
  if (r->n_shards == 1)
    {
      BK_FUZZ_CHECK (merged != NULL, "one shard of one is refused: %s", error->message);
      BK_FUZZ_CHECK (bk_reg_sum_equal (merged->train, r->train) && bk_reg_sum_equal (merged->test, r->test),
                     "merging one shard changed its sums");
      BK_FUZZ_CHECK (merged->symbols->len == r->symbols->len, "merging one shard changed its symbols");
    }
  else
    {
      BK_FUZZ_CHECK (merged == NULL && g_error_matches (error, BK_ERROR, BK_ERROR_INVALID),
                     "one shard of %u merged", r->n_shards);
      BK_FUZZ_CHECK (strstr (error->message, "is missing") != NULL, "%s", error->message);
      bk_fuzz_check_message (error->message);
      g_clear_error (&error);
    }

  if (r->n_features <= FIT_MAX_FEATURES)
    {
      g_autoptr(BkBmaResult) fit = bk_universe_fit (r, &error);

      if (fit == NULL)
        {
          BK_FUZZ_CHECK (error != NULL, "no fit and no error");
          bk_fuzz_check_message (error->message);
        }
      else
        {
          g_autofree char *json = bk_universe_format_json (r, fit);
          gsize length = strlen (json);

          BK_FUZZ_CHECK (length > 0 && json[length - 1] == '\n', "the JSON does not end its line");
          json[length - 1] = '\0';
          bk_fuzz_check_message (json);
        }
    }
  return 0;
}
