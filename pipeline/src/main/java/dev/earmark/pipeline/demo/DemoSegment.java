package dev.earmark.pipeline.demo;

import java.util.Objects;

/**
 * One planned sound in a demo chunk. {@code seconds} is the length for beeps and silence; speech
 * lasts as long as espeak-ng says the {@code text}.
 */
public record DemoSegment(Kind kind, double startSeconds, double seconds, String text) {
  /** What is inserted; {@link #label} is the YAMNet class we expect the pipeline to find. */
  public enum Kind {
    SPEECH("Speech"),
    ALARM_BEEPS("Alarm"),
    SMOKE_ALARM("Smoke detector, smoke alarm"),
    SILENCE("Silence");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public DemoSegment {
    Objects.requireNonNull(kind, "kind");
    if (startSeconds < 0) {
      throw new IllegalArgumentException("startSeconds must be >= 0: " + startSeconds);
    }
    if (kind == Kind.SPEECH ? text == null || text.isBlank() : seconds <= 0) {
      throw new IllegalArgumentException("speech needs text, other kinds a positive length");
    }
  }

  static DemoSegment speech(double start, String text) {
    return new DemoSegment(Kind.SPEECH, start, 0, text);
  }

  static DemoSegment beeps(double start, double seconds) {
    return new DemoSegment(Kind.ALARM_BEEPS, start, seconds, null);
  }

  static DemoSegment smokeAlarm(double start, double seconds) {
    return new DemoSegment(Kind.SMOKE_ALARM, start, seconds, null);
  }

  static DemoSegment silence(double start, double seconds) {
    return new DemoSegment(Kind.SILENCE, start, seconds, null);
  }
}
