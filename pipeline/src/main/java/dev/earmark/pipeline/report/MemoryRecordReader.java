package dev.earmark.pipeline.report;

import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.values.MemoryMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
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
  /** Reads {@code files} (Beam FileSystems: local or gs://) of the run whose folder is {@code folder}. */
  public MemoryRecords read(String runId, String folder, List<ResourceId> files) {
    List<MemoryMetrics> records = new ArrayList<>();
    int malformed = 0;
    for (ResourceId file : files) {
      try (BufferedReader in = new BufferedReader(
          Channels.newReader(FileSystems.open(file), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          MemoryMetrics record = JsonRows.readMemoryMetrics(line);
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
}
