package dev.earmark.transforms.audio;

import java.io.IOException;

/** An input file that is not audio we can decode; {@link #reason()} says which fault. */
public class AudioFormatException extends IOException {
  /** The input faults we recognise; each becomes a dead-letter reason. */
  public enum Reason {
    EMPTY_FILE,
    NOT_OGG,
    NOT_VORBIS,
    TRUNCATED,
    CORRUPT_PAGE,
    UNSUPPORTED_FORMAT
  }

  private final Reason reason;
  private final String source;

  public AudioFormatException(Reason reason, String source, String message) {
    super(source + ": " + message);
    this.reason = reason;
    this.source = source;
  }

  public Reason reason() {
    return reason;
  }

  public String source() {
    return source;
  }
}
