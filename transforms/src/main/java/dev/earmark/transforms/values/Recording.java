package dev.earmark.transforms.values;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One uploaded recording (a chunk of a user's night) as listed in a listing row. {@code userId}
 * becomes a directory name under the output root, so it is checked to be a safe path component;
 * {@code durationSeconds} is null when the listing does not give it. {@code listedAt} is the row
 * it was read from, so a dead letter about its audio can name that row; it is null for a
 * recording read back from its manifest, and it is not part of the recording's identity
 * ({@link #key()}): compare recordings by key.
 */
@DefaultCoder(RecordingCoder.class)
public record Recording(String userId, String uri, Instant startTime, Double durationSeconds, ListingLine listedAt)
    implements Serializable {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public Recording {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(startTime, "startTime");
    if (!isSafeId(userId)) {
      throw new IllegalArgumentException("unsafe user id (not a plain path component): " + userId);
    }
    if (uri.isBlank()) {
      throw new IllegalArgumentException("blank uri");
    }
    if (durationSeconds != null && !(durationSeconds >= 0)) {
      throw new IllegalArgumentException("duration must be >= 0: " + durationSeconds);
    }
  }

  /** A recording not read from a listing row (read back from a manifest, or made by a test). */
  public Recording(String userId, String uri, Instant startTime, Double durationSeconds) {
    this(userId, uri, startTime, durationSeconds, null);
  }

  /**
   * What makes two listing rows the same recording: user, start and file. Keys the per-recording
   * grouping (a file listed under two users is two recordings), drops rows listed twice, and
   * matches a recording's dead letters to it: never the file alone, which other rows may name.
   */
  public String key() {
    return userId + ' ' + startTime + ' ' + uri;
  }

  /** Letters, digits, '.', '_', '-', not starting with '.' or '-', at most 128 chars. */
  public static boolean isSafeId(String id) {
    return id != null && SAFE_ID.matcher(id).matches();
  }
}
