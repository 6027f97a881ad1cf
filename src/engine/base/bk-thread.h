/* bk-thread.h — threads that work behind a window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nice value a background thread takes. */
#define BK_THREAD_BACKGROUND_NICE 10

/* Lowers the calling thread's priority (alone: on Linux a thread's nice
 * value is its own), so that a window's main loop and the display server
 * get the processor first when they need it.  Nothing elsewhere. */
void bk_thread_lower_priority (void);

G_END_DECLS
