package dev.earmark.transforms.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.MemoryMetrics;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of every row earmark writes: snake_case fields in a fixed order. */
public final class JsonRows {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRows() {}

  /** Field order of the events table (JSONL and CSV). */
  public static final String[] EVENT_COLUMNS = {
    "user_id", "recording_uri", "recording_start", "type", "label", "mid", "start_offset_s",
    "end_offset_s", "start_time", "end_time", "peak_score", "mean_score", "clip_path"
  };

  public static Map<String, Object> eventRow(ClipRef clip) {
    Event e = clip.event();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("user_id", e.recording().userId());
    row.put("recording_uri", e.recording().uri());
    row.put("recording_start", e.recording().startTime().toString());
    row.put("type", e.type());
    row.put("label", e.label());
    row.put("mid", e.mid());
    // Event bounds fall on 7.5 ms steps of the patch grid, so 4 decimals are exact and agree with
    // start_time/end_time (3 decimals printed 21.3675 s as 21.368 beside ...:21.367500Z).
    row.put("start_offset_s", round4(e.startOffsetSeconds()));
    row.put("end_offset_s", round4(e.endOffsetSeconds()));
    row.put("start_time", e.startTime().toString());
    row.put("end_time", e.endTime().toString());
    row.put("peak_score", round4(e.peakScore()));
    row.put("mean_score", round4(e.meanScore()));
    row.put("clip_path", clip.clipPath());
    return row;
  }

  /** One line of the events table; manifests keep these lines, and night tables are built from them. */
  public static String event(ClipRef clip) {
    return write(eventRow(clip));
  }

  public static String deadLetter(DeadLetter d) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("user_id", d.userId());
    row.put("uri", d.uri());
    // Places a recording's letter on its night (the night pages); null for a bad listing row.
    row.put("recording_start", d.isBadRow() ? null : d.recordingKey().split(" ", 3)[1]);
    row.put("listing_file", d.listingFile());
    row.put("line", d.line() > 0 ? d.line() : null);
    row.put("stage", d.stage());
    row.put("error", d.error().name());
    row.put("message", d.message());
    row.put("stack_trace", d.stackTrace());
    return write(row);
  }

  public static String memoryMetrics(MemoryMetrics m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("run_id", m.runId());
    row.put("worker", m.worker());
    row.put("thread", m.thread());
    row.put("user_id", m.userId());
    row.put("recording_uri", m.recordingUri());
    row.put("chunk_index", m.chunkIndex());
    row.put("window_index", m.windowIndex());
    row.put("first_patch", m.firstPatch());
    row.put("patch_count", m.patchCount());
    row.put("start_sample", m.startSample());
    row.put("end_sample", m.endSample());
    row.put("heap_used_before", m.heapUsedBefore());
    row.put("heap_committed_before", m.heapCommittedBefore());
    row.put("heap_used_after", m.heapUsedAfter());
    row.put("heap_committed_after", m.heapCommittedAfter());
    row.put("direct_buffer_bytes", m.directBufferBytes());
    row.put("physical_bytes", m.physicalBytes());
    row.put("rss_bytes", m.rssBytes());
    row.put("peak_rss_bytes", m.peakRssBytes());
    row.put("rss_anon_bytes", m.rssAnonBytes());
    row.put("rss_file_bytes", m.rssFileBytes());
    row.put("decode_ms", m.decodeMillis());
    row.put("inference_ms", m.inferenceMillis());
    row.put("model_loads", m.modelLoads());
    row.put("end_time_ms", m.endTimeMillis());
    return write(row);
  }

  /**
   * A {@link #memoryMetrics(MemoryMetrics)} line read back, or null when the line is not one: not
   * a JSON object, or without the fields that place the window (worker, user, recording, end time,
   * patch count). Other numbers missing or not integers read as -1, the writer's own "unknown".
   */
  public static MemoryMetrics readMemoryMetrics(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (n == null || !n.isObject() || !isText(n, "worker") || !isText(n, "user_id") || !isText(n, "recording_uri")
        || !isInteger(n, "end_time_ms") || !isInteger(n, "patch_count")) {
      return null;
    }
    return new MemoryMetrics(n.path("run_id").asText(""), n.get("worker").asText(), n.path("thread").asText(""),
        n.get("user_id").asText(), n.get("recording_uri").asText(), (int) number(n, "chunk_index"),
        (int) number(n, "window_index"), number(n, "first_patch"), n.get("patch_count").asInt(),
        number(n, "start_sample"), number(n, "end_sample"), number(n, "heap_used_before"),
        number(n, "heap_committed_before"), number(n, "heap_used_after"), number(n, "heap_committed_after"),
        number(n, "direct_buffer_bytes"),
        // Runs before 2026-12-07 wrote physical_bytes as tf_native_bytes, a name that promised TF's own memory.
        n.has("physical_bytes") ? number(n, "physical_bytes") : number(n, "tf_native_bytes"), number(n, "rss_bytes"),
        number(n, "peak_rss_bytes"), number(n, "rss_anon_bytes"), number(n, "rss_file_bytes"), number(n, "decode_ms"), number(n, "inference_ms"),
        (int) number(n, "model_loads"), n.get("end_time_ms").asLong());
  }

  private static boolean isText(JsonNode n, String field) {
    return n.hasNonNull(field) && n.get(field).isTextual();
  }

  private static boolean isInteger(JsonNode n, String field) {
    return n.hasNonNull(field) && n.get(field).isIntegralNumber();
  }

  private static long number(JsonNode n, String field) {
    return isInteger(n, field) ? n.get(field).asLong() : -1;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double round4(double v) {
    return Math.round(v * 10000.0) / 10000.0;
  }
}
