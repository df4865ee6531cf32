package dev.earmark.pipeline.evaluate;

/**
 * One inserted sound: seconds from the recording start, its truth label (such as "snore") and its
 * level ({@code faint}, {@code normal}, {@code loud}, or empty when the table has no level column).
 */
public record TruthRow(String recordingUri, double startSeconds, double endSeconds, String label, String level) {
  public boolean faint() {
    return level.equalsIgnoreCase("faint");
  }
}
