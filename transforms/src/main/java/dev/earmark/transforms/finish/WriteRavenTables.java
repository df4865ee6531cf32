package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Event;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes one Raven Pro selection table per recording with events, {@code
 * events/raven/<user_id>/<yyyy-MM-dd>/<HHmmss>.selections.txt} (tab-separated, one row per event,
 * times in seconds from the file start), and removes the table of a recording that has no events
 * any more. Passes each recording on once its table is in place.
 */
public class WriteRavenTables extends PTransform<PCollection<RecordingClips>, PCollection<RecordingClips>> {
  static final String HEADER = "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)"
      + "\tHigh Freq (Hz)\tType\tLabel\tMID\tPeak Score\tMean Score\tClip\n";

  private final String outputRoot;

  public WriteRavenTables(String outputRoot) {
    this.outputRoot = outputRoot;
  }

  @Override
  public PCollection<RecordingClips> expand(PCollection<RecordingClips> recordings) {
    return recordings.apply("WriteRavenTable", ParDo.of(new WriteRavenFn(outputRoot)));
  }

  /** The table's text for {@code clips} (in table order). */
  static String table(List<ClipRef> clips) {
    StringBuilder table = new StringBuilder(HEADER);
    int selection = 1;
    for (ClipRef clip : clips) {
      Event e = clip.event();
      table.append(String.format(Locale.ROOT, "%d\tSpectrogram 1\t1\t%.3f\t%.3f\t0\t%d\t%s\t%s\t%s\t%.4f\t%.4f\t%s%n",
          selection++, e.startOffsetSeconds(), e.endOffsetSeconds(), e.info().sampleRate() / 2,
          e.type(), e.label(), e.mid(), e.peakScore(), e.meanScore(), clip.clipPath()));
    }
    return table.toString();
  }

  private static class WriteRavenFn extends DoFn<RecordingClips, RecordingClips> {
    private final String outputRoot;

    WriteRavenFn(String outputRoot) {
      this.outputRoot = outputRoot;
    }

    @ProcessElement
    public void process(@Element RecordingClips recording, OutputReceiver<RecordingClips> out) throws IOException {
      ResourceId path = RecordingPaths.ravenTable(outputRoot, recording.recording());
      if (recording.clips().isEmpty()) {
        FileSystems.delete(List.of(path), StandardMoveOptions.IGNORE_MISSING_FILES);
      } else {
        OutputFiles.writeAtomically(path, table(recording.clips()));
      }
      StaleOutputs.deleteTemps(path.getCurrentDirectory(), path.getFilename());
      out.output(recording);
    }
  }
}
