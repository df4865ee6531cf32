package dev.earmark.pipeline;

import dev.earmark.transforms.output.OutputFiles;
import java.io.PrintStream;
import java.util.Map;
import org.apache.beam.sdk.metrics.DistributionResult;

/** The short summary printed after a run, from the job's Beam metrics, and where outputs are. */
public final class RunReport {
  private RunReport() {}

  /** The run's summary, from its jobs' totals (one job, or every slice of a sliced run). */
  static void print(PrintStream out, JobTotals totals, EarmarkOptions options, double wallSeconds) {
    Map<String, Long> c = totals.counters();
    Map<String, DistributionResult> d = totals.distributions();
    long patches = c.getOrDefault("patchesClassified", 0L);
    double audioHours = patches * 0.48 / 3600;
    out.printf("earmark run %s: %s in %.1f s%n", options.getRunId(), totals.state(), wallSeconds);
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
