package dev.earmark.transforms.finish;

import dev.earmark.transforms.values.Recording;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The two outputs of {@link SkipFinishedRecordings}: recordings to process, and the manifests of
 * recordings already finished with the same settings (skipped, but their nights' tables still
 * count them).
 */
public final class RecordingsToRun implements POutput {
  static final TupleTag<Recording> TO_PROCESS = new TupleTag<>("toProcess");
  static final TupleTag<RecordingManifest> FINISHED = new TupleTag<>("finished");

  private final PCollection<Recording> toProcess;
  private final PCollection<RecordingManifest> finished;

  RecordingsToRun(PCollection<Recording> toProcess, PCollection<RecordingManifest> finished) {
    this.toProcess = toProcess;
    this.finished = finished;
  }

  public PCollection<Recording> toProcess() {
    return toProcess;
  }

  public PCollection<RecordingManifest> finished() {
    return finished;
  }

  @Override
  public Pipeline getPipeline() {
    return toProcess.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(TO_PROCESS, toProcess, FINISHED, finished);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
