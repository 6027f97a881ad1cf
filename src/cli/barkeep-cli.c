/* barkeep-cli — the engine without a window: runs strategies, reproduces
 * the seed's memory-savings experiment, generates sample data and
 * measures speed.  Exit status: 0 success, 2 bad usage, 1 anything else.
 * main() only: the commands are in bk-cli-*.c, found through the command
 * table (bk-cli-usage.c). */

#include "config.h"

#include "bk-cli-private.h"
#include "bk-locale.h"

int
main (int argc, char **argv)
{
  bk_locale_init (GETTEXT_PACKAGE, BK_LOCALEDIR);
  /* Every command's output, checked once: a full disk is an error. */
  bk_cli_watch_stdout ();
  return bk_cli_finish_stdout (bk_cli_dispatch (argc, argv));
}
