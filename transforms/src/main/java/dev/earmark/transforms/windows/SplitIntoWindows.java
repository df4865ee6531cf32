package dev.earmark.transforms.windows;

import dev.earmark.transforms.ProgressLog;
import dev.earmark.transforms.failures.FailureRouter;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.Resampler16k;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes each recording and splits it into {@link AudioWindow}s of {@code patchesPerWindow}
 * YAMNet patches on the whole-file patch grid, so windowed scores equal whole-file scores. Files
 * that cannot be probed become dead letters. Windows are reshuffled in groups of consecutive
 * windows of one recording (about {@link #PATCHES_PER_GROUP} patches, 8 minutes), so one long file
 * spreads over workers while the runner handles a few hundred groups, not thousands of windows.
 */
public class SplitIntoWindows
    extends PTransform<PCollection<Recording>, WithFailures.Result<PCollection<AudioWindow>, DeadLetter>> {
  static final String STAGE = "SplitIntoWindows";
  /**
   * Patches per shuffle group (1,000 = 8 min of audio, ~4 s of work on one core). The DirectRunner
   * makes one bundle per shuffle key and pays ~6 ms per fused step per bundle (it re-translates the
   * step each time): with one key per window that was ~8% of the CPU and most of a 17 s tail on 2
   * users x 6 chunks (JFR, 2026-12-02). Groups this size still leave the last group's few seconds
   * as the only time a core waits at the end of the stage.
   */
  static final int PATCHES_PER_GROUP = 1_000;
  /** Groups a night's short recordings share: enough to keep 2-8 cores busy on one night. */
  static final int SHORT_GROUPS_PER_NIGHT = 8;

  private final int patchesPerWindow;
  private final TupleTag<AudioWindow> windowsTag = new TupleTag<AudioWindow>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public SplitIntoWindows(int patchesPerWindow) {
    if (patchesPerWindow < 1) {
      throw new IllegalArgumentException("patchesPerWindow must be >= 1: " + patchesPerWindow);
    }
    this.patchesPerWindow = patchesPerWindow;
  }

  @Override
  public WithFailures.Result<PCollection<AudioWindow>, DeadLetter> expand(PCollection<Recording> input) {
    PCollectionTuple split =
        input.apply("ProbeAndSplit",
            ParDo.of(new ProbeAndSplitFn(patchesPerWindow, windowsTag, failuresTag))
                .withOutputTags(windowsTag, TupleTagList.of(failuresTag)));
    PCollection<AudioWindow> windows = split.get(windowsTag)
        .apply("KeyByWindowGroup", WithKeys.of((AudioWindow w) -> groupKey(w, patchesPerWindow))
            .withKeyType(TypeDescriptors.strings()))
        .apply("SpreadWindows", Reshuffle.of())
        .apply("DropGroupKeys", Values.create());
    return WithFailures.Result.of(windows, split.get(failuresTag));
  }

  /**
   * The shuffle group of a window: its recording and which run of consecutive windows, or for a
   * recording shorter than one group its {@link #shortGroup}.
   */
  static String groupKey(AudioWindow w, int patchesPerWindow) {
    String shared = shortGroup(w);
    if (shared != null) {
      return shared;
    }
    int windowsPerGroup = Math.max(1, PATCHES_PER_GROUP / patchesPerWindow);
    return w.recording().key() + '#' + w.windowIndex() / windowsPerGroup;
  }

  /**
   * For a window of a recording shorter than one group ({@link #PATCHES_PER_GROUP} patches), the
   * group it shares with the night's other short recordings (one of {@link #SHORT_GROUPS_PER_NIGHT},
   * by its key's hash); null for a longer recording. The DirectRunner's cost per group, a few ms
   * per step, was most of a short chunk's cost while each one was a group of its own, at every
   * shuffle after classifying too.
   */
  public static String shortGroup(AudioWindow w) {
    Recording r = w.recording();
    if (patches(frames(r, w.info()), w.info().sampleRate()) >= PATCHES_PER_GROUP) {
      return null;
    }
    return RecordingPaths.night(r) + "#short" + Math.floorMod(r.key().hashCode(), SHORT_GROUPS_PER_NIGHT);
  }

  /**
   * Source frames of a recording: the file's own length, else (a non-seekable source) the
   * listing's {@code duration_s}, whose reads past the end are zeros; -1 when neither is known.
   */
  public static long frames(Recording recording, AudioInfo info) {
    if (info.totalFrames() >= 0 || recording.durationSeconds() == null) {
      return info.totalFrames();
    }
    return (long) Math.ceil(recording.durationSeconds() * info.sampleRate());
  }

  /** Patches on the whole-file grid of a recording of {@code frames} source frames at {@code rate}. */
  public static long patches(long frames, int rate) {
    return PatchGrid.patchCount(Resampler16k.outputLength(rate, frames));
  }

  private static class ProbeAndSplitFn extends DoFn<Recording, AudioWindow> {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeAndSplitFn.class);
    private final FailureRouter failures = new FailureRouter(STAGE);
    private final Counter recordingsProbed = Metrics.counter(ProbeAndSplitFn.class, "recordingsProbed");
    private final Counter windowsCreated = Metrics.counter(ProbeAndSplitFn.class, "windowsCreated");
    private final Distribution recordingSeconds =
        Metrics.distribution(ProbeAndSplitFn.class, "recordingSeconds");
    private final int patchesPerWindow;
    private final TupleTag<AudioWindow> windowsTag;
    private final TupleTag<DeadLetter> failuresTag;

    ProbeAndSplitFn(int patchesPerWindow, TupleTag<AudioWindow> windowsTag, TupleTag<DeadLetter> failuresTag) {
      this.patchesPerWindow = patchesPerWindow;
      this.windowsTag = windowsTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element Recording recording, MultiOutputReceiver out) throws IOException {
      AudioInfo info;
      try {
        info = AudioFiles.probe(recording.uri());
      } catch (IOException e) {
        failures.fileFailed(recording, e, out.get(failuresTag));
        return;
      }
      long frames = frames(recording, info);
      if (frames < 0) {
        failures.reject(DeadLetter.forFile(recording, STAGE, DeadLetter.Reason.UNKNOWN_LENGTH,
            "length unknown (stream not seekable) and the listing gives no duration_s"), out.get(failuresTag));
        return;
      }
      if (frames == 0) {
        failures.reject(DeadLetter.forFile(recording, STAGE, DeadLetter.Reason.EMPTY_FILE,
            "the stream holds no audio frames"), out.get(failuresTag));
        return;
      }
      long patches = patches(frames, info.sampleRate());
      List<PatchGrid.PatchRange> ranges = PatchGrid.windows(patches, patchesPerWindow);
      for (int w = 0; w < ranges.size(); w++) {
        PatchGrid.PatchRange r = ranges.get(w);
        out.get(windowsTag).output(new AudioWindow(recording, w, r.first(), Math.toIntExact(r.count()), info));
      }
      recordingsProbed.inc();
      windowsCreated.inc(ranges.size());
      ProgressLog.recordingProbed(ranges.size(), frames * 1000 / info.sampleRate());
      recordingSeconds.update(frames / info.sampleRate());
      LOG.debug("{}: {} Hz, {} ch, {} s -> {} patches in {} windows", recording.uri(),
          info.sampleRate(), info.channels(), String.format("%.1f", (double) frames / info.sampleRate()),
          patches, ranges.size());
    }
  }
}
