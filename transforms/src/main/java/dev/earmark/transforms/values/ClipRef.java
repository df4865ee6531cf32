package dev.earmark.transforms.values;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * An event and the clip written for it: source frames {@code [startFrame, endFrame)} (the padded,
 * length-capped event range at the source rate) in {@code clipPath}.
 */
@DefaultCoder(SerializableCoder.class)
public record ClipRef(Event event, String clipPath, long startFrame, long endFrame)
    implements Serializable {
  public ClipRef {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(clipPath, "clipPath");
    if (startFrame < 0 || endFrame <= startFrame) {
      throw new IllegalArgumentException("bad clip range [" + startFrame + ", " + endFrame + ")");
    }
  }
}
