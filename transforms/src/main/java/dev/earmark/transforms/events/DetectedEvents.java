package dev.earmark.transforms.events;

import dev.earmark.transforms.values.Event;
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
 * The two outputs of {@link DetectEvents}: the events, and every recording whose windows were all
 * classified (events or not). Only those recordings count as done: they decide which nights get
 * an events table, so a night whose recordings all failed gets no empty table.
 */
public final class DetectedEvents implements POutput {
  private static final TupleTag<Event> EVENTS = new TupleTag<>("events");
  private static final TupleTag<Recording> COMPLETE = new TupleTag<>("complete");

  private final PCollection<Event> events;
  private final PCollection<Recording> completeRecordings;

  DetectedEvents(PCollection<Event> events, PCollection<Recording> completeRecordings) {
    this.events = events;
    this.completeRecordings = completeRecordings;
  }

  public PCollection<Event> events() {
    return events;
  }

  /** Recordings classified in full; a recording with a failed window is not among them. */
  public PCollection<Recording> completeRecordings() {
    return completeRecordings;
  }

  @Override
  public Pipeline getPipeline() {
    return events.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(EVENTS, events, COMPLETE, completeRecordings);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
