package dev.earmark.transforms.values;

import java.io.Serializable;
import java.util.Objects;

/**
 * A YAMNet class to detect: its index in the 521 scores, AudioSet MID, display name, and the
 * hysteresis thresholds (an event starts at a patch scoring {@code >= onThreshold} and lasts while
 * patches score {@code >= offThreshold}).
 */
public record TargetClass(int index, String mid, String displayName, float onThreshold, float offThreshold)
    implements Serializable {
  public TargetClass {
    Objects.requireNonNull(mid, "mid");
    Objects.requireNonNull(displayName, "displayName");
    if (index < 0) {
      throw new IllegalArgumentException("negative class index " + index);
    }
    if (!(offThreshold >= 0 && offThreshold <= onThreshold && onThreshold <= 1)) {
      throw new IllegalArgumentException(
          displayName + ": need 0 <= off <= on <= 1, got on=" + onThreshold + " off=" + offThreshold);
    }
  }
}
