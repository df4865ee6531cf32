package dev.earmark.transforms.finish;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link FinishRecordings} takes: the recordings this run processed, the clips written for
 * their events, and every dead letter of the run (a recording with one is not finished).
 */
public final class RecordingResults implements PInput {
  private static final TupleTag<Recording> RECORDINGS = new TupleTag<>("recordings");
  private static final TupleTag<ClipRef> CLIPS = new TupleTag<>("clips");
  private static final TupleTag<DeadLetter> FAILURES = new TupleTag<>("failures");

  private final PCollection<Recording> recordings;
  private final PCollection<ClipRef> clips;
  private final PCollection<DeadLetter> failures;

  private RecordingResults(PCollection<Recording> recordings, PCollection<ClipRef> clips,
      PCollection<DeadLetter> failures) {
    this.recordings = recordings;
    this.clips = clips;
    this.failures = failures;
  }

  public static RecordingResults of(PCollection<Recording> recordings, PCollection<ClipRef> clips,
      PCollection<DeadLetter> failures) {
    return new RecordingResults(recordings, clips, failures);
  }

  public PCollection<Recording> recordings() {
    return recordings;
  }

  public PCollection<ClipRef> clips() {
    return clips;
  }

  public PCollection<DeadLetter> failures() {
    return failures;
  }

  /** Applies {@code transform} to this input under {@code name}. */
  public <OutputT extends POutput> OutputT apply(String name, PTransform<RecordingResults, OutputT> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return recordings.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(RECORDINGS, recordings, CLIPS, clips, FAILURES, failures);
  }
}
