package dev.earmark.transforms.values;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * One uploaded recording (a chunk of a user's night) as listed in a listing row. {@code userId}
 * becomes a directory name under the output root, so it is checked to be a safe path component;
 * {@code durationSeconds} is null when the listing does not give it.
 */
@DefaultCoder(RecordingCoder.class)
public record Recording(String userId, String uri, Instant startTime, Double durationSeconds)
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

  /**
   * What makes two listing rows the same recording: user, start and file. Keys the per-recording
   * grouping (a file listed under two users is two recordings) and drops rows listed twice.
   */
  public String key() {
    return userId + ' ' + startTime + ' ' + uri;
  }

  /** Letters, digits, '.', '_', '-', not starting with '.' or '-', at most 128 chars. */
  public static boolean isSafeId(String id) {
    return id != null && SAFE_ID.matcher(id).matches();
  }
}
