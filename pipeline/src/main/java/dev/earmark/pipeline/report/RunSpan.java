package dev.earmark.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A run as {@code runs/<run_id>/run.json} records it: when it started and ended, and the
 * launcher's peak RSS at the end with its worker id ({@code host:pid}; on the DirectRunner the
 * launcher is the worker), and every worker's peak late in the job ({@code worker_peaks}: the
 * TaskManagers on Flink). What the per-window records cannot say: the time before the first
 * window and after the last, and the memory used then.
 */
public record RunSpan(Instant start, Instant end, String worker, long peakRssAtEnd, Map<String, Long> workerPeaks) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The highest peak known for {@code worker} from the run's end: its late-job peak, or the launcher's own. */
  long peakOf(String worker) {
    long peak = workerPeaks.getOrDefault(worker, -1L);
    return worker.equals(this.worker) ? Math.max(peak, peakRssAtEnd) : peak;
  }

  /** Wall time from the run's start to its end. */
  public double seconds() {
    return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
  }

  /** The run's span, or empty for a run still going, one that died, or one from before run.json. */
  static Optional<RunSpan> read(String outputRoot, String runId) {
    ResourceId file = OutputFiles.resolve(outputRoot, "runs", runId, "run.json");
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      JsonNode run = JSON.readTree(in);
      if (!run.path("start").isTextual() || !run.path("end").isTextual()) {
        return Optional.empty();
      }
      Map<String, Long> peaks = new TreeMap<>();
      run.path("worker_peaks").fields().forEachRemaining(e -> peaks.put(e.getKey(), e.getValue().asLong()));
      return Optional.of(new RunSpan(Instant.parse(run.get("start").asText()), Instant.parse(run.get("end").asText()),
          run.path("worker").asText(null), run.path("peak_rss_bytes").asLong(-1), peaks));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
