/* test-engine-common.h — what the engine's test programs share. */
#pragma once

#include "bk-run.h"
#include "bk-test-util.h"

G_BEGIN_DECLS

#define SEED 20150101

BkStrategy *seed_strategy (void);
/* A graph over a feed of its own, stepped over `closes` (every other feed
 * line the same value). */
typedef struct {
  BkGraph *graph;
  BkNode *feed;
} GraphOver;

GraphOver *graph_over_new (void);
void graph_over_free (GraphOver *over);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GraphOver, graph_over_free)

double *graph_over_run (GraphOver *over, BkNode *node, const double *closes, guint n);
double *indicator_over (const char *type, double period, const double *closes, guint n);
BkRun *planned_run (BkMode mode, gint shrink_line);

G_END_DECLS
