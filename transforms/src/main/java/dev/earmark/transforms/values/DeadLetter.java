package dev.earmark.transforms.values;

import dev.earmark.transforms.audio.AudioFormatException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One input the pipeline could not use: a listing row ({@code listingFile} + {@code line}) or an
 * audio file, with the {@code userId} and {@code uri} it was listed with (as written in the row,
 * so either may be null or unsafe for a bad row: they are data here, never paths), the step that
 * failed, a short {@link Reason} code, a message naming the file and the problem, and the stack
 * trace (empty for rows rejected by validation).
 */
@DefaultCoder(SerializableCoder.class)
public record DeadLetter(
    String userId,
    String uri,
    String listingFile,
    long line,
    String stage,
    Reason error,
    String message,
    String stackTrace)
    implements Serializable {

  /** Input faults; one {@code deadLetter.<REASON>} counter each. */
  public enum Reason {
    MALFORMED_ROW,
    MISSING_FIELD,
    WRONG_TYPE,
    RELATIVE_URI,
    BAD_TIMESTAMP,
    BAD_DURATION,
    UNSAFE_USER_ID,
    MISSING_FILE,
    UNREADABLE_FILE,
    EMPTY_FILE,
    NOT_OGG,
    NOT_VORBIS,
    TRUNCATED,
    CORRUPT_PAGE,
    UNSUPPORTED_FORMAT,
    UNKNOWN_LENGTH;

    /** The reason for an I/O fault reading an input file. */
    public static Reason of(IOException e) {
      if (e instanceof AudioFormatException afe) {
        return of(afe.reason());
      }
      if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) {
        return MISSING_FILE;
      }
      return UNREADABLE_FILE;
    }

    /** Exhaustive: a new format reason does not compile until it has a dead-letter reason. */
    public static Reason of(AudioFormatException.Reason format) {
      return switch (format) {
        case EMPTY_FILE -> EMPTY_FILE;
        case NOT_OGG -> NOT_OGG;
        case NOT_VORBIS -> NOT_VORBIS;
        case TRUNCATED -> TRUNCATED;
        case CORRUPT_PAGE -> CORRUPT_PAGE;
        case UNSUPPORTED_FORMAT -> UNSUPPORTED_FORMAT;
      };
    }
  }

  public DeadLetter {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    stackTrace = stackTrace == null ? "" : stackTrace;
    if (uri == null && listingFile == null) {
      throw new IllegalArgumentException("a dead letter needs a uri or a listing file");
    }
  }

  /** A bad listing row; {@code userId} and {@code uri} as far as the row gave them, else null. */
  public static DeadLetter forRow(String listingFile, long line, String userId, String uri, String stage,
      Reason error, String message) {
    return new DeadLetter(userId, uri, listingFile, line, stage, error, listingFile + ":" + line + ": " + message, "");
  }

  /** The audio file of {@code recording} failed with {@code cause}. */
  public static DeadLetter forFile(Recording recording, String stage, IOException cause) {
    String uri = recording.uri();
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (!message.contains(uri)) {
      message = uri + ": " + message;
    }
    return new DeadLetter(recording.userId(), uri, null, 0, stage, Reason.of(cause), message, stackTraceOf(cause));
  }

  /** The audio file of {@code recording} was rejected by a check of ours (no exception). */
  public static DeadLetter forFile(Recording recording, String stage, Reason error, String message) {
    return new DeadLetter(recording.userId(), recording.uri(), null, 0, stage, error,
        recording.uri() + ": " + message, "");
  }

  static String stackTraceOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
