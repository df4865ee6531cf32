package dev.earmark.pipeline.commands;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One recording in a listing: the JSONL row the pipeline's {@code --listing} reads, {@code
 * {"user_id": ..., "uri": ..., "start_time": "2025-11-20T05:30:00Z"}}.
 */
public record ListingRow(String userId, String uri, Instant startTime) {
  /** Listings are sorted by user, then start, then uri, so reruns write identical bytes. */
  public static final Comparator<ListingRow> ORDER =
      Comparator.comparing(ListingRow::userId)
          .thenComparing(ListingRow::startTime)
          .thenComparing(ListingRow::uri);

  public ListingRow {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(startTime, "startTime");
  }

  public String toJson() {
    return "{\"user_id\":"
        + quote(userId)
        + ",\"uri\":"
        + quote(uri)
        + ",\"start_time\":"
        + quote(startTime.toString())
        + "}";
  }

  /** A JSON string literal. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
