package dev.earmark.pipeline;

import dev.earmark.transforms.output.OutputFiles;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The short summary printed after a run, from the job's Beam metrics, and where outputs are. */
public final class RunReport {
  private RunReport() {}

  /** Counter totals by metric name, summed over steps (attempted: committed is runner-dependent). */
  public static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Long> totals = new TreeMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      totals.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return totals;
  }

  static Map<String, DistributionResult> distributions(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, DistributionResult> all = new TreeMap<>();
    for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
      all.put(d.getName().getName(), d.getAttempted());
    }
    return all;
  }

  /** The run's summary; {@code c} are the result's {@link #counters}, queried once by the caller. */
  static void print(PrintStream out, PipelineResult result, Map<String, Long> c, EarmarkOptions options,
      double wallSeconds) {
    Map<String, DistributionResult> d = distributions(result);
    long patches = c.getOrDefault("patchesClassified", 0L);
    double audioHours = patches * 0.48 / 3600;
    out.printf("earmark run %s: %s in %.1f s%n", options.getRunId(), result.getState(), wallSeconds);
    out.printf("  recordings listed %d, skipped %d (finished before with these settings), finished %d%n",
        c.getOrDefault("recordingsListed", 0L), c.getOrDefault("recordingsSkipped", 0L),
        c.getOrDefault("recordingsFinished", 0L));
    out.printf("  recordings probed %d, stitched %d; windows %d (%d patches, %.2f h audio, %.1fx real time)%n",
        c.getOrDefault("recordingsProbed", 0L),
        c.getOrDefault("recordingsStitched", 0L), c.getOrDefault("windowsClassified", 0L), patches, audioHours,
        wallSeconds > 0 ? audioHours * 3600 / wallSeconds : 0);
    long filteredOut = c.getOrDefault("recordingsFilteredOut", 0L);
    if (c.getOrDefault("recordingsListed", 0L) == 0 && filteredOut > 0) {
      out.printf("  warning: the filter (--users=%s --from=%s --to=%s) matched none of the %d rows read%n",
          options.getUsers() == null ? "all" : String.join(",", options.getUsers()),
          options.getFrom() == null ? "-" : options.getFrom(), options.getTo() == null ? "-" : options.getTo(),
          filteredOut);
    }
    out.printf("  events %d, clips %d%n", c.getOrDefault("eventsDetected", 0L), c.getOrDefault("clipsWritten", 0L));
    long incomplete = c.getOrDefault("recordingsIncomplete", 0L);
    if (incomplete > 0) {
      out.printf("  %d recordings decoded only in part: no events for them (their dead letters say where)%n", incomplete);
    }
    DistributionResult inference = d.get("inferenceMicros");
    DistributionResult decode = d.get("decodeMicros");
    if (inference != null && inference.getCount() > 0) {
      out.printf("  per window: inference mean %.0f ms (max %.0f), decode mean %.0f ms%n",
          inference.getMean() / 1000, inference.getMax() / 1000.0, decode == null ? 0 : decode.getMean() / 1000);
    }
    DistributionResult rss = d.get("rssBytes");
    if (rss != null && rss.getCount() > 0) {
      out.printf("  worker RSS after a window: max %d MB%n", rss.getMax() >> 20);
    }
    String root = options.getOutput();
    String runId = options.getRunId();
    out.println("outputs:");
    out.printf("  events   %s (and .csv) for %d nights; raven/ per recording%n",
        OutputFiles.resolve(root, "events", "<user_id>", "<yyyy-MM-dd>.jsonl"), c.getOrDefault("eventTablesWritten", 0L));
    out.println("  clips    " + OutputFiles.resolve(root, "clips") + "/");
    out.printf("  metrics  %s (%d records)%n",
        OutputFiles.resolve(root, "metrics", runId, "memory-*.jsonl"), c.getOrDefault("metricsRecordsWritten", 0L));
    out.printf("  errors   %s (%d dead letters)%n",
        OutputFiles.resolve(root, "errors", runId, "dead-letters-*.jsonl"), c.getOrDefault("deadLettersWritten", 0L));
  }
}
