package dev.earmark.transforms.output;

import dev.earmark.transforms.failures.FailureRouter;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Writes each event's audio (padded, capped at the maximum clip length, at the source rate and
 * channels) to {@code <output>/clips/<user_id>/<yyyy-MM-dd>/<HHmmss>_<offset ms>_<label>.<ext>}.
 * Names come only from the input, so a rerun rewrites the same files. A source that fails to
 * decode (missing, or corrupt) becomes a dead letter; a failure writing the clip or any other
 * read error propagates ({@link FailureRouter}), so the runner retries the step or fails the run.
 */
public class WriteClips extends PTransform<PCollection<Event>, WithFailures.Result<PCollection<ClipRef>, DeadLetter>> {
  static final String STAGE = "WriteClips";

  /** Clip settings: padding before and after the event, and the longest clip written. */
  public record Settings(String outputRoot, ClipFormat format, Duration padding, Duration maxLength)
      implements java.io.Serializable {}

  private final Settings settings;
  private final TupleTag<ClipRef> clipsTag = new TupleTag<ClipRef>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public WriteClips(Settings settings) {
    this.settings = settings;
  }

  @Override
  public WithFailures.Result<PCollection<ClipRef>, DeadLetter> expand(PCollection<Event> events) {
    PCollectionTuple out = events.apply("WriteClipFiles",
        ParDo.of(new WriteClipFn(settings, clipsTag, failuresTag))
            .withOutputTags(clipsTag, TupleTagList.of(failuresTag)));
    return WithFailures.Result.of(out.get(clipsTag), out.get(failuresTag));
  }

  /** Lowercase words joined by '-': "Baby cry, infant cry" becomes "baby-cry-infant-cry". */
  static String sanitizeLabel(String label) {
    String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "event" : s;
  }

  public static String clipPath(String outputRoot, Event e, ClipFormat format) {
    long offsetMs = e.startSample() * 1000 / PatchGrid.SAMPLE_RATE;
    String name = offsetMs + "_" + sanitizeLabel(e.label()) + "." + format.extension();
    return RecordingPaths.clip(outputRoot, e.recording(), name).toString();
  }

  /** Source frames {@code [startFrame, endFrame)} of one clip. */
  record ClipSpan(long startFrame, long endFrame) {
    long frames() {
      return endFrame - startFrame;
    }
  }

  /** The padded, capped clip for {@code e}, in source frames (at least one). */
  static ClipSpan clipSpan(Event e, Duration padding, Duration maxLength) {
    int rate = e.info().sampleRate();
    long pad = padding.toNanos() * rate / 1_000_000_000L;
    long max = maxLength.toNanos() * rate / 1_000_000_000L;
    long start = Math.max(0, e.startSample() * rate / PatchGrid.SAMPLE_RATE - pad);
    long end = Math.floorDiv(e.endSample() * rate + PatchGrid.SAMPLE_RATE - 1, PatchGrid.SAMPLE_RATE) + pad;
    if (e.info().totalFrames() >= 0) {
      end = Math.min(end, e.info().totalFrames());
    }
    end = Math.min(end, start + max);
    return new ClipSpan(start, Math.max(end, start + 1));
  }

  private static class WriteClipFn extends DoFn<Event, ClipRef> {
    private final Counter clipsWritten = Metrics.counter(WriteClipFn.class, "clipsWritten");
    private final Distribution clipMillis = Metrics.distribution(WriteClipFn.class, "clipLengthMillis");
    private final FailureRouter failures = new FailureRouter(STAGE);
    private final Settings settings;
    private final TupleTag<ClipRef> clipsTag;
    private final TupleTag<DeadLetter> failuresTag;

    WriteClipFn(Settings settings, TupleTag<ClipRef> clipsTag, TupleTag<DeadLetter> failuresTag) {
      this.settings = settings;
      this.clipsTag = clipsTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element Event event, MultiOutputReceiver out) throws IOException {
      String path = clipPath(settings.outputRoot(), event, settings.format());
      ClipSpan span = clipSpan(event, settings.padding(), settings.maxLength());
      String source = event.recording().uri();
      try {
        OutputFiles.writeAtomically(FileSystems.matchNewResource(path, false), settings.format().mimeType(),
            channel -> AudioFiles.writeClip(source, span.startFrame(), span.endFrame(), settings.format(), channel));
      } catch (IOException e) {
        failures.fileFailed(event.recording(), e, out.get(failuresTag));
        return;
      }
      clipsWritten.inc();
      clipMillis.update(span.frames() * 1000 / event.info().sampleRate());
      out.get(clipsTag).output(new ClipRef(event, path, span.startFrame(), span.endFrame()));
    }
  }
}
