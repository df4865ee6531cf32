package dev.earmark.transforms;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.audio.ClipOutputException;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
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
 * decode (missing, or corrupt: an {@code AudioFormatException}) becomes a dead letter; a failure
 * writing the clip ({@link ClipOutputException}) or any other read error propagates, so Beam
 * retries the step or fails the run (STYLE §8).
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

  static String clipPath(String outputRoot, Event e, ClipFormat format) {
    long offsetMs = e.startSample() * 1000 / PatchGrid.SAMPLE_RATE;
    String name = offsetMs + "_" + sanitizeLabel(e.label()) + "." + format.extension();
    return RecordingPaths.clip(outputRoot, e.recording(), name).toString();
  }

  /** Source frames {@code [start, end)} of the padded, capped clip for {@code e}. */
  static long[] clipFrames(Event e, Duration padding, Duration maxLength) {
    int rate = e.info().sampleRate();
    long pad = padding.toNanos() * rate / 1_000_000_000L;
    long max = maxLength.toNanos() * rate / 1_000_000_000L;
    long start = Math.max(0, e.startSample() * rate / PatchGrid.SAMPLE_RATE - pad);
    long end = Math.floorDiv(e.endSample() * rate + PatchGrid.SAMPLE_RATE - 1, PatchGrid.SAMPLE_RATE) + pad;
    if (e.info().totalFrames() >= 0) {
      end = Math.min(end, e.info().totalFrames());
    }
    end = Math.min(end, start + max);
    return new long[] {start, Math.max(end, start + 1)};
  }

  private static class WriteClipFn extends DoFn<Event, ClipRef> {
    private final Counter clipsWritten = Metrics.counter(WriteClipFn.class, "clipsWritten");
    private final Distribution clipMillis = Metrics.distribution(WriteClipFn.class, "clipLengthMillis");
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
      long[] frames = clipFrames(event, settings.padding(), settings.maxLength());
      try {
        AudioFiles.writeClip(event.recording().uri(), frames[0], frames[1], path, settings.format());
      } catch (ClipOutputException e) {
        // The output side (create/write/rename of the clip): infrastructure, never the input's
        // fault. Before 2026-11-24 a FileNotFoundException here (e.g. "File name too long") was
        // read as a MISSING_FILE source and silently dead-lettered.
        throw e;
      } catch (IOException e) {
        // Source side: a missing or corrupt source is the input's fault; any other read error
        // (UNREADABLE_FILE: permissions, a flaky store) may be transient, so Beam retries it.
        DeadLetter.Reason reason = DeadLetter.Reason.of(e);
        if (reason == DeadLetter.Reason.UNREADABLE_FILE) {
          throw new IOException("reading " + event.recording().uri() + " for clip " + path, e);
        }
        Metrics.counter(WriteClipFn.class, "deadLetter." + reason).inc();
        out.get(failuresTag).output(DeadLetter.forFile(event.recording().uri(), STAGE, e));
        return;
      }
      clipsWritten.inc();
      clipMillis.update((frames[1] - frames[0]) * 1000 / event.info().sampleRate());
      out.get(clipsTag).output(new ClipRef(event, path, frames[0], frames[1]));
    }
  }
}
