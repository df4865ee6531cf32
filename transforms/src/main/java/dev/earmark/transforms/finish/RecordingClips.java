package dev.earmark.transforms.finish;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Recording;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * A recording processed without any dead letter, with all its clips (none when it has no events)
 * in table order: start sample, then label.
 */
@DefaultCoder(SerializableCoder.class)
public record RecordingClips(Recording recording, List<ClipRef> clips) implements Serializable {
  static final Comparator<ClipRef> ORDER =
      Comparator.<ClipRef>comparingLong(c -> c.event().startSample()).thenComparing(c -> c.event().label());

  public RecordingClips {
    Objects.requireNonNull(recording, "recording");
    List<ClipRef> sorted = new ArrayList<>(clips);
    sorted.sort(ORDER);
    clips = List.copyOf(sorted);
  }
}
