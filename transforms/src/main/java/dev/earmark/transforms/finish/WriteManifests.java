package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The last step of a recording: deletes its clips that these settings did not produce (older
 * settings' events, or leftovers of a killed run) and temporary files, then writes its manifest.
 * A crash before the manifest leaves the recording unfinished, and the next run redoes it.
 */
public class WriteManifests extends PTransform<PCollection<RecordingClips>, PCollection<RecordingManifest>> {
  private final String outputRoot;
  private final OutputSettings settings;

  public WriteManifests(String outputRoot, OutputSettings settings) {
    this.outputRoot = outputRoot;
    this.settings = settings;
  }

  @Override
  public PCollection<RecordingManifest> expand(PCollection<RecordingClips> recordings) {
    return recordings.apply("WriteManifest",
        ParDo.of(new WriteManifestFn(outputRoot, settings.fingerprint(), settings.toJson())));
  }

  private static class WriteManifestFn extends DoFn<RecordingClips, RecordingManifest> {
    private final Counter finished = Metrics.counter(WriteManifestFn.class, "recordingsFinished");
    private final Counter staleClips = Metrics.counter(WriteManifestFn.class, "staleClipsRemoved");
    private final String outputRoot;
    private final String fingerprint;
    private final Map<String, Object> settings;

    WriteManifestFn(String outputRoot, String fingerprint, Map<String, Object> settings) {
      this.outputRoot = outputRoot;
      this.fingerprint = fingerprint;
      this.settings = settings;
    }

    @FinishBundle
    public void finishBundle() {
      WorkerPeaks.record();
    }

    @ProcessElement
    public void process(@Element RecordingClips done, OutputReceiver<RecordingManifest> out) throws IOException {
      Recording recording = done.recording();
      List<String> clips = done.clips().stream().map(ClipRef::clipPath).toList();
      Set<String> keep = new HashSet<>();
      clips.forEach(c -> keep.add(c.substring(c.lastIndexOf('/') + 1)));
      String time = RecordingPaths.time(recording);
      staleClips.inc(StaleOutputs.deleteExcept(RecordingPaths.clipFolder(outputRoot, recording), time + "_*", keep));
      StaleOutputs.deleteTemps(RecordingPaths.clipFolder(outputRoot, recording), time + "_");
      RecordingManifest manifest = new RecordingManifest(recording, fingerprint, settings, clips,
          clips.isEmpty() ? null : RecordingPaths.ravenTable(outputRoot, recording).toString(),
          done.clips().stream().map(JsonRows::event).toList());
      var path = manifest.write(outputRoot);
      StaleOutputs.deleteTemps(path.getCurrentDirectory(), path.getFilename());
      finished.inc();
      out.output(manifest);
    }
  }
}
