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
 * One input the pipeline could not use: a listing row that is not a recording, or the audio of a
 * recording ({@code recordingKey}, its {@link Recording#key()}: the letter is about that
 * recording, not about every row that names its file). Both carry the {@code userId} and {@code
 * uri} as listed (as written in the row, so either may be null or unsafe for a bad row: they are
 * data here, never paths) and the row they come from ({@code listingFile} + {@code line}; null and
 * 0 only for a recording that was not read from a listing), the step that failed, a short {@link
 * Reason} code, a message naming the file and the problem, and the stack trace (empty for rows
 * rejected by validation).
 */
@DefaultCoder(SerializableCoder.class)
public record DeadLetter(
    String userId,
    String uri,
    String recordingKey,
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
    if (recordingKey == null && listingFile == null) {
      throw new IllegalArgumentException("a dead letter needs its recording or its listing row");
    }
  }

  /** A bad listing row; {@code userId} and {@code uri} as far as the row gave them, else null. */
  public static DeadLetter forRow(String listingFile, long line, String userId, String uri, String stage,
      Reason error, String message) {
    return new DeadLetter(userId, uri, null, listingFile, line, stage, error, listingFile + ":" + line + ": " + message,
        "");
  }

  /** The audio file of {@code recording} failed with {@code cause}. */
  public static DeadLetter forFile(Recording recording, String stage, IOException cause) {
    String uri = recording.uri();
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (!message.contains(uri)) {
      message = uri + ": " + message;
    }
    return about(recording, stage, Reason.of(cause), message, stackTraceOf(cause));
  }

  /** The audio file of {@code recording} was rejected by a check of ours (no exception). */
  public static DeadLetter forFile(Recording recording, String stage, Reason error, String message) {
    return about(recording, stage, error, recording.uri() + ": " + message, "");
  }

  private static DeadLetter about(Recording recording, String stage, Reason error, String message, String stack) {
    ListingLine row = recording.listedAt();
    return new DeadLetter(recording.userId(), recording.uri(), recording.key(), row == null ? null : row.file(),
        row == null ? 0 : row.line(), stage, error, message, stack);
  }

  /** Whether this is about a listing row that did not become a recording (else about a recording's audio). */
  public boolean isBadRow() {
    return recordingKey == null;
  }

  static String stackTraceOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
