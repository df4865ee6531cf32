package dev.earmark.pipeline.demo;

import dev.earmark.pipeline.commands.ListingRow;
import java.time.Instant;
import java.util.Locale;

/** Ground truth: one sound DemoNight put into a recording, at offsets measured after rendering. */
public record DemoEvent(
    String userId,
    String uri,
    Instant recordingStart,
    DemoSegment.Kind kind,
    double startOffsetSeconds,
    double endOffsetSeconds,
    String text) {

  public String toJson() {
    return "{\"user_id\":"
        + ListingRow.quote(userId)
        + ",\"uri\":"
        + ListingRow.quote(uri)
        + ",\"recording_start\":"
        + ListingRow.quote(recordingStart.toString())
        + ",\"kind\":"
        + ListingRow.quote(kind.name())
        + ",\"expected_label\":"
        + ListingRow.quote(kind.label())
        + String.format(
            Locale.ROOT,
            ",\"start_offset_s\":%.3f,\"end_offset_s\":%.3f",
            startOffsetSeconds,
            endOffsetSeconds)
        + (text == null ? "" : ",\"text\":" + ListingRow.quote(text))
        + "}";
  }
}
