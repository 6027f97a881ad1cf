/* bk-renderer-choice.h — which renderer GTK draws the window with, chosen
 * before GTK opens its display.
 *
 * The chart is drawn with cairo, and so is nearly everything else in the
 * window: GTK's GL renderer only composites what cairo drew, and loading
 * the GL stack costs tens of MiB of resident memory and about 100 ms of
 * start-up (Mesa's software GL where there is no GPU).  So the window
 * asks for GTK's cairo renderer and keeps GL (and Vulkan) unloaded,
 * unless the user asks otherwise:
 *   1. a GSK_RENDERER of their own, or GDK_DEBUG / GDK_DISABLE keys about
 *      GL or Vulkan, leave everything as they set it;
 *   2. BARKEEP_RENDERER=gl|cairo;
 *   3. the preference (the settings key "renderer"), read at start.
 * The choice is made from plain values (bk_renderer_plan) so that the
 * tests can give it any environment. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  BK_RENDERER_CAIRO,            /* GTK's cairo renderer, GL and Vulkan not loaded */
  BK_RENDERER_TOOLKIT,          /* whatever GTK picks itself: OpenGL on GTK 4.8 */
} BkRenderer;

typedef enum {
  BK_RENDERER_FROM_PREFERENCE,
  BK_RENDERER_FROM_BARKEEP_RENDERER,
  BK_RENDERER_FROM_TOOLKIT_ENVIRONMENT,   /* the user's own GSK_RENDERER, GDK_DEBUG or GDK_DISABLE */
} BkRendererOrigin;

/* What the choice is made from: the environment's values (NULL: unset),
 * the preference's nick ("cairo" or "gl") and GTK's minor version at run
 * time (the variable that disables GL changed in GTK 4.16). */
typedef struct {
  const char *gsk_renderer;
  const char *gdk_debug;
  const char *gdk_disable;
  const char *barkeep_renderer;
  const char *preference;
  guint gtk_minor_version;
} BkRendererInputs;

/* The choice, and the variables to set for it: each NULL when it stays as
 * it is.  A value appended to is kept whole, ours after a comma. */
typedef struct {
  BkRenderer renderer;
  BkRendererOrigin origin;
  char *origin_detail;          /* the user's variable ("GSK_RENDERER=ngl"), or NULL */
  char *set_gsk_renderer;
  char *set_gdk_debug;
  char *set_gdk_disable;
  char *warning;                /* a BARKEEP_RENDERER that is neither gl nor cairo, or NULL */
} BkRendererPlan;

void bk_renderer_plan (const BkRendererInputs *inputs, BkRendererPlan *plan);
void bk_renderer_plan_clear (BkRendererPlan *plan);

/* Reads the environment and the preference from `settings`, sets the
 * variables and says a warning on standard error.  GTK reads them when it
 * opens its display, once: called after that, it changes nothing and
 * returns FALSE.  The plan is kept for bk_renderer_get_chosen(). */
gboolean bk_renderer_choose (GSettings *settings);
/* What bk_renderer_choose() chose, or NULL when it was not called (the
 * tests and benches leave GTK to their environment). */
const BkRendererPlan *bk_renderer_get_chosen (void);

/* One line for the memory panel: the renderer GTK draws with (the name of
 * the type gtk_native_get_renderer() gives, NULL when there is none yet),
 * whether GL is loaded, and who chose it (plan may be NULL), e.g. "Drawn by GTK 4.8.3 with its cairo
 * renderer, OpenGL not loaded (set in Preferences)". */
char *bk_renderer_describe (const char *renderer_type, gboolean gl_loaded, const BkRendererPlan *plan);

/* Whether a GL or Vulkan driver is mapped into this process. */
gboolean bk_renderer_gl_loaded (void);

G_END_DECLS
