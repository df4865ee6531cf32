package dev.earmark.pipeline;

import dev.earmark.transforms.finish.WorkerPeaks;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What a run's jobs reported, summed over the jobs of a sliced run: the last job's state, counter
 * totals by name (attempted: committed is runner-dependent) and distributions by name.
 */
public record JobTotals(PipelineResult.State state, Map<String, Long> counters,
    Map<String, DistributionResult> distributions) {
  public JobTotals {
    counters = Map.copyOf(counters);
    distributions = Map.copyOf(distributions);
  }

  /** Before the first job: nothing counted yet. */
  public static JobTotals none() {
    return new JobTotals(PipelineResult.State.DONE, Map.of(), Map.of());
  }

  /** One finished job's metrics, queried once, summed over steps. */
  public static JobTotals of(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      counters.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    Map<String, DistributionResult> distributions = new TreeMap<>();
    for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
      distributions.merge(d.getName().getName(), d.getAttempted(), JobTotals::combine);
    }
    return new JobTotals(result.getState(), counters, distributions);
  }

  /** These totals and a later job's: counters and distributions summed, the later job's state. */
  public JobTotals plus(JobTotals later) {
    Map<String, Long> c = new TreeMap<>(counters);
    later.counters.forEach((name, n) -> c.merge(name, n, Long::sum));
    Map<String, DistributionResult> d = new TreeMap<>(distributions);
    later.distributions.forEach((name, r) -> d.merge(name, r, JobTotals::combine));
    return new JobTotals(later.state, c, d);
  }

  /** Each worker's peak RSS late in the job, by worker id ({@link WorkerPeaks}). */
  public Map<String, Long> workerPeaks() {
    Map<String, Long> peaks = new TreeMap<>();
    distributions.forEach((name, d) -> {
      if (name.startsWith(WorkerPeaks.PREFIX) && d.getCount() > 0) {
        peaks.put(name.substring(WorkerPeaks.PREFIX.length()), d.getMax());
      }
    });
    return peaks;
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  private static DistributionResult combine(DistributionResult a, DistributionResult b) {
    if (a.getCount() == 0) {
      return b;
    }
    if (b.getCount() == 0) {
      return a;
    }
    return DistributionResult.create(a.getSum() + b.getSum(), a.getCount() + b.getCount(),
        Math.min(a.getMin(), b.getMin()), Math.max(a.getMax(), b.getMax()));
  }
}
