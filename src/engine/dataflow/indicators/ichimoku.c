/* ichimoku.c — Ichimoku(tenkan, kijun, senkou, senkou_lead): the midpoints
 * of the high-low range over 9, 26 and 52 bars, (Highest(high, n) +
 * Lowest(low, n)) / 2.0; senkou_span_a is (tenkan_sen + kijun_sen) / 2.0
 * and senkou_span_b the 52-bar midpoint, both senkou_lead bars late (a bar
 * plots the cloud its past projected onto it).  backtrader's fifth line,
 * chikou_span, is the close 26 bars ahead: not something a bar can know. */
#include "bk-indicators.h"

#include "bk-i18n.h"

const BkIndicatorDesc bk_indicator_ichimoku = {
  .name = "Ichimoku",
  .summary = N_("Ichimoku cloud: conversion and base lines, and the two spans of the cloud"),
  .n_inputs = 2,
  .default_inputs = { BK_FEED_HIGH, BK_FEED_LOW },
  .n_params = 4,
  .params = {
    { "tenkan", 9, 1, BK_MAX_PERIOD, TRUE },
    { "kijun", 26, 1, BK_MAX_PERIOD, TRUE },
    { "senkou", 52, 1, BK_MAX_PERIOD, TRUE },
    { "senkou_lead", 26, 0, BK_MAX_PERIOD, TRUE },
  },
  .n_outputs = 4,
  .outputs = { "tenkan_sen", "kijun_sen", "senkou_span_a", "senkou_span_b" },
  .left_out_line = "chikou_span",
  /* Translators: why Ichimoku has no line chikou_span; keep close[-26] as it is */
  .left_out_reason = N_("backtrader's chikou_span is the close 26 bars ahead, which no bar can know: "
                        "compare close with close[-26] instead"),
  .pane = BK_PANE_PRICE,
  .cloud = TRUE,
  .cloud_lines = { 2, 3 },
  .formula = "tenkan_sen = (Highest(high, period=tenkan) + Lowest(low, period=tenkan)) / 2.0\n"
             "kijun_sen = (Highest(high, period=kijun) + Lowest(low, period=kijun)) / 2.0\n"
             "senkou_span_a = ((tenkan_sen + kijun_sen) / 2.0)[-senkou_lead]\n"
             "senkou_span_b = ((Highest(high, period=senkou) + Lowest(low, period=senkou)) / 2.0)[-senkou_lead]",
};
