/* bk-thread.c — threads that work behind a window. */
#include "bk-thread.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

void
bk_thread_lower_priority (void)
{
#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), BK_THREAD_BACKGROUND_NICE) != 0)
    g_debug ("could not lower a thread's priority: %s", g_strerror (errno));
#endif
}
