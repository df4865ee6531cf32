package dev.earmark.transforms.events;

import dev.earmark.transforms.ProgressLog;
import dev.earmark.transforms.windows.SplitIntoWindows;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.WindowScores;
import dev.earmark.transforms.values.WindowScoresCoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups window scores per recording, stitches them in patch order and detects events per event
 * type (see {@link EventDetector}). Because stitching happens before detection, an event that
 * crosses a window boundary comes out as one event, and window size cannot change the result. A
 * recording with a window missing (it failed to decode and is a dead letter) gets no events at
 * all: a file that decoded only in part is never reported as if it were whole.
 */
public class DetectEvents extends PTransform<PCollection<WindowScores>, PCollection<Event>> {
  private final List<EventType> types;
  private final long minEventSamples;
  private final long mergeGapSamples;

  /** {@code types}: their classes in {@link EventType#scoreColumns} order are the scores' columns. */
  public DetectEvents(List<EventType> types, Duration minEventLength, Duration mergeGap) {
    this.types = List.copyOf(types);
    this.minEventSamples = samples(minEventLength);
    this.mergeGapSamples = samples(mergeGap);
  }

  static long samples(Duration d) {
    return d.toNanos() * PatchGrid.SAMPLE_RATE / 1_000_000_000L;
  }

  @Override
  public PCollection<Event> expand(PCollection<WindowScores> scores) {
    return scores
        .apply("KeyByRecording",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(WindowScores.class)))
                .via((WindowScores w) -> KV.of(stitchGroup(w.window()), w)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowScoresCoder.of()))
        .apply("GroupWindowsByRecording", GroupByKey.create())
        .apply("StitchAndDetect",
            ParDo.of(new StitchAndDetectFn(new EventDetector(types, minEventSamples, mergeGapSamples))));
  }

  /**
   * What windows are grouped by before stitching: their recording, or the group a short recording
   * shares with others of its night ({@link SplitIntoWindows#shortGroup}); each recording is
   * stitched on its own either way.
   */
  static String stitchGroup(AudioWindow w) {
    String shared = SplitIntoWindows.shortGroup(w);
    return shared != null ? shared : w.recording().key();
  }

  /** Whether the windows cover every patch of their recording (all windows classified). */
  static boolean complete(List<WindowScores> windows) {
    AudioWindow first = windows.get(0).window();
    long frames = SplitIntoWindows.frames(first.recording(), first.info());
    long expected = frames > 0 ? SplitIntoWindows.patches(frames, first.info().sampleRate()) : -1;
    long covered = windows.stream().map(WindowScores::window).distinct().mapToLong(AudioWindow::patchCount).sum();
    return covered == expected;
  }

  private static class StitchAndDetectFn extends DoFn<KV<String, Iterable<WindowScores>>, Event> {
    private static final Logger LOG = LoggerFactory.getLogger(StitchAndDetectFn.class);
    private final Counter recordingsStitched = Metrics.counter(StitchAndDetectFn.class, "recordingsStitched");
    private final Counter recordingsIncomplete = Metrics.counter(StitchAndDetectFn.class, "recordingsIncomplete");
    private final Counter eventsDetected = Metrics.counter(StitchAndDetectFn.class, "eventsDetected");
    private final EventDetector detector;

    StitchAndDetectFn(EventDetector detector) {
      this.detector = detector;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<WindowScores>> group, OutputReceiver<Event> out) {
      Map<String, List<WindowScores>> byRecording = new TreeMap<>();
      for (WindowScores w : group.getValue()) {
        byRecording.computeIfAbsent(w.window().recording().key(), k -> new ArrayList<>()).add(w);
      }
      byRecording.values().forEach(windows -> stitch(windows, out));
    }

    private void stitch(List<WindowScores> windows, OutputReceiver<Event> out) {
      ProgressLog.recordingDone();
      Recording r = windows.get(0).window().recording();
      if (!complete(windows)) {
        // Its failed windows are dead letters already; events from the rest would look like the whole file's.
        recordingsIncomplete.inc();
        LOG.warn("{}: some windows failed to decode; no events for this recording", r.uri());
        return;
      }
      List<Event> events = detector.detect(windows);
      events.forEach(out::output);
      recordingsStitched.inc();
      eventsDetected.inc(events.size());
    }
  }
}
