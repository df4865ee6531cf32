package dev.earmark.transforms.values;

import dev.earmark.models.yamnet.YamnetModel;
import java.io.Serializable;
import java.util.Objects;

/**
 * A YAMNet class to detect: its index in the 521 scores, AudioSet MID, display name, and the
 * hysteresis thresholds (an event starts at a patch scoring {@code >= onThreshold} and lasts while
 * patches score {@code >= offThreshold}). An output of a classifier head on the embeddings is a
 * class too, numbered after YAMNet's ({@link #head}), so that rules treat both alike.
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

  /** Output {@code output} of the run's head, for type {@code type}: {@code "<type> (head)"}, MID {@code head:<type>}. */
  public static TargetClass head(int output, String type, float onThreshold, float offThreshold) {
    return new TargetClass(YamnetModel.NUM_CLASSES + output, "head:" + type, type + " (head)", onThreshold, offThreshold);
  }

  /** True for an output of the head rather than one of YAMNet's classes. */
  public boolean isHeadOutput() {
    return index >= YamnetModel.NUM_CLASSES;
  }

  /** The head output this class reads; only for {@link #isHeadOutput()}. */
  public int headOutput() {
    return index - YamnetModel.NUM_CLASSES;
  }
}
