/* bk-error.c — the engine's error domain. */
#include "bk-error.h"

G_DEFINE_QUARK (bk-error-quark, bk_error)
