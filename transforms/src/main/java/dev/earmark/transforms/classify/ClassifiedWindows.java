package dev.earmark.transforms.classify;

import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.WindowScores;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The three outputs of {@link ClassifyWindows}, named so callers never index a tuple: target-class
 * scores, one memory-metrics record per window, and dead letters for windows that failed to decode.
 */
public final class ClassifiedWindows implements POutput {
  private static final TupleTag<WindowScores> SCORES = new TupleTag<>("scores");
  private static final TupleTag<MemoryMetrics> METRICS = new TupleTag<>("metrics");
  private static final TupleTag<DeadLetter> FAILURES = new TupleTag<>("failures");

  private final PCollection<WindowScores> scores;
  private final PCollection<MemoryMetrics> metrics;
  private final PCollection<DeadLetter> failures;

  ClassifiedWindows(PCollection<WindowScores> scores, PCollection<MemoryMetrics> metrics,
      PCollection<DeadLetter> failures) {
    this.scores = scores;
    this.metrics = metrics;
    this.failures = failures;
  }

  public PCollection<WindowScores> scores() {
    return scores;
  }

  public PCollection<MemoryMetrics> metrics() {
    return metrics;
  }

  public PCollection<DeadLetter> failures() {
    return failures;
  }

  /** The scores, with the failures added to {@code failureCollections}. */
  public PCollection<WindowScores> failuresTo(List<PCollection<DeadLetter>> failureCollections) {
    failureCollections.add(failures);
    return scores;
  }

  @Override
  public Pipeline getPipeline() {
    return scores.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(SCORES, scores, METRICS, metrics, FAILURES, failures);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
