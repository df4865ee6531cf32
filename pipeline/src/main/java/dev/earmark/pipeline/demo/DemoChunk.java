package dev.earmark.pipeline.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/** One planned recording of the demo night: who, when, its format and what it contains. */
public record DemoChunk(
    String userId,
    Instant start,
    double seconds,
    int sampleRate,
    int channels,
    List<DemoSegment> segments) {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

  public DemoChunk {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(start, "start");
    if (seconds <= 0 || sampleRate <= 0 || channels < 1 || channels > 2) {
      throw new IllegalArgumentException("bad demo chunk format for " + userId + " " + start);
    }
    segments = List.copyOf(segments);
  }

  /** {@code <user>/<yyyy-MM-dd>/<HHmm>.ogg}, the layout the phone app uploads. */
  public String relativePath() {
    return userId + "/" + DATE.format(start) + "/" + HHMM.format(start) + ".ogg";
  }

  public long frames() {
    return Math.round(seconds * sampleRate);
  }
}
