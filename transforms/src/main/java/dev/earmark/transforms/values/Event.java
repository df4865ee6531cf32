package dev.earmark.transforms.values;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioInfo;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One detected sound event in a recording: samples {@code [startSample, endSample)} on the 16 kHz
 * timeline from the recording start, its event type, and the YAMNet class ({@code label}, {@code
 * mid}) that scored highest in it. Times are derived from these offsets, never accumulated.
 */
@DefaultCoder(SerializableCoder.class)
public record Event(
    Recording recording,
    AudioInfo info,
    String type,
    String label,
    String mid,
    long startSample,
    long endSample,
    float peakScore,
    float meanScore)
    implements Serializable {
  public Event {
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(mid, "mid");
    if (startSample < 0 || endSample <= startSample) {
      throw new IllegalArgumentException("bad event range [" + startSample + ", " + endSample + ")");
    }
  }

  /** An event of a single-class type, named after its class. */
  public Event(Recording recording, AudioInfo info, String label, String mid, long startSample, long endSample,
      float peakScore, float meanScore) {
    this(recording, info, label, label, mid, startSample, endSample, peakScore, meanScore);
  }

  public double startOffsetSeconds() {
    return (double) startSample / PatchGrid.SAMPLE_RATE;
  }

  public double endOffsetSeconds() {
    return (double) endSample / PatchGrid.SAMPLE_RATE;
  }

  public Instant startTime() {
    return recording.startTime().plusNanos(startSample * 1_000_000_000L / PatchGrid.SAMPLE_RATE);
  }

  public Instant endTime() {
    return recording.startTime().plusNanos(endSample * 1_000_000_000L / PatchGrid.SAMPLE_RATE);
  }
}
