package dev.earmark.pipeline.report;

import java.util.Map;

/** One colour per event type on every page: fixed for the built-in types, from the palette for others. */
final class TypeColors {
  private static final Map<String, String> BUILT_IN = Map.of(
      "snore", "#1f77b4", "cough", "#d62728", "sneeze", "#ff7f0e", "speech", "#2ca02c",
      "baby_cry", "#e377c2", "dog", "#8c564b", "alarm", "#9467bd", "breathing", "#17becf");

  private TypeColors() {}

  static String of(String type) {
    String c = BUILT_IN.get(type);
    return c != null ? c : SvgChart.PALETTE[Math.floorMod(type.hashCode(), SvgChart.PALETTE.length)];
  }
}
