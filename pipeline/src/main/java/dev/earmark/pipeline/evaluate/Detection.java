package dev.earmark.pipeline.evaluate;

import java.util.Locale;

/** One event a run wrote: its recording, event type, the YAMNet class that fired, and its span in seconds. */
public record Detection(String recording, String type, String label, double startSeconds, double endSeconds) {
  public Detection {
    type = type.toLowerCase(Locale.ROOT);
    label = label.toLowerCase(Locale.ROOT);
  }

  /** Whether this detection overlaps {@code [start - pad, end + pad]}. */
  boolean overlaps(double start, double end, double pad) {
    return startSeconds <= end + pad && endSeconds >= start - pad;
  }
}
