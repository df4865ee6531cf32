package dev.earmark.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Reads a run's metrics files. A line that is not a JSON object with
 * the identifying fields is counted and skipped: a worker killed mid-write leaves a torn last
 * line, and one bad line should not hide the rest of a night's measurements.
 */
public final class MemoryRecordReader {
  private final ObjectMapper json = new ObjectMapper();

  /** Reads {@code files} (Beam FileSystems: local or gs://) of the run whose folder is {@code folder}. */
  public MemoryRecords read(String runId, String folder, List<ResourceId> files) {
    List<MemoryRecord> records = new ArrayList<>();
    int malformed = 0;
    for (ResourceId file : files) {
      try (BufferedReader in = new BufferedReader(
          Channels.newReader(FileSystems.open(file), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          MemoryRecord record = parse(line);
          if (record == null) {
            malformed++;
          } else {
            records.add(record);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("report: cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return new MemoryRecords(runId, folder, files.stream().map(ResourceId::toString).toList(), records, malformed);
  }

  /** The record on this line, or null when the line is not one. */
  MemoryRecord parse(String line) {
    JsonNode n;
    try {
      n = json.readTree(line);
    } catch (IOException e) {
      return null;
    }
    if (n == null || !n.isObject()
        || !isText(n, "worker") || !isText(n, "user_id") || !isText(n, "recording_uri")
        || !isInteger(n, "end_time_ms") || !isInteger(n, "patch_count")) {
      return null;
    }
    return new MemoryRecord(
        n.path("run_id").asText(""),
        n.get("worker").asText(),
        n.get("user_id").asText(),
        n.get("recording_uri").asText(),
        (int) number(n, "chunk_index"),
        (int) number(n, "window_index"),
        n.get("patch_count").asInt(),
        number(n, "heap_used_before"),
        number(n, "heap_committed_before"),
        number(n, "heap_used_after"),
        number(n, "heap_committed_after"),
        number(n, "direct_buffer_bytes"),
        number(n, "tf_native_bytes"),
        number(n, "rss_bytes"),
        number(n, "peak_rss_bytes"),
        number(n, "decode_ms"),
        number(n, "inference_ms"),
        n.get("end_time_ms").asLong());
  }

  private static boolean isText(JsonNode n, String field) {
    return n.hasNonNull(field) && n.get(field).isTextual();
  }

  private static boolean isInteger(JsonNode n, String field) {
    return n.hasNonNull(field) && n.get(field).isIntegralNumber();
  }

  /** Optional numbers default to -1, the writer's own "unknown". */
  private static long number(JsonNode n, String field) {
    return isInteger(n, field) ? n.get(field).asLong() : -1;
  }
}
