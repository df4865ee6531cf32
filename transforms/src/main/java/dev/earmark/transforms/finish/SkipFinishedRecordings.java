package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.util.Optional;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each recording's manifest before anything is decoded: a recording whose manifest matches
 * it and the run's settings fingerprint is skipped (its manifest passes on for the night tables);
 * every other one, and all of them when {@code force} is set, goes on to be processed. One small
 * read per recording is the whole cost of a rerun that has nothing to do.
 */
public class SkipFinishedRecordings extends PTransform<PCollection<Recording>, RecordingsToRun> {
  private final String outputRoot;
  private final String fingerprint;
  private final boolean force;

  public SkipFinishedRecordings(String outputRoot, String fingerprint, boolean force) {
    this.outputRoot = outputRoot;
    this.fingerprint = fingerprint;
    this.force = force;
  }

  @Override
  public RecordingsToRun expand(PCollection<Recording> recordings) {
    PCollectionTuple split = recordings.apply("ReadManifests",
        ParDo.of(new CheckManifestFn(outputRoot, fingerprint, force))
            .withOutputTags(RecordingsToRun.TO_PROCESS, TupleTagList.of(RecordingsToRun.FINISHED)));
    return new RecordingsToRun(
        split.get(RecordingsToRun.TO_PROCESS).setCoder(recordings.getCoder()),
        split.get(RecordingsToRun.FINISHED).setCoder(SerializableCoder.of(RecordingManifest.class)));
  }

  private static class CheckManifestFn extends DoFn<Recording, Recording> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckManifestFn.class);
    private final Counter skipped = Metrics.counter(CheckManifestFn.class, "recordingsSkipped");
    private final Counter redone = Metrics.counter(CheckManifestFn.class, "recordingsRedone");
    private final String outputRoot;
    private final String fingerprint;
    private final boolean force;

    CheckManifestFn(String outputRoot, String fingerprint, boolean force) {
      this.outputRoot = outputRoot;
      this.fingerprint = fingerprint;
      this.force = force;
    }

    @ProcessElement
    public void process(@Element Recording recording, MultiOutputReceiver out) throws IOException {
      if (force) {
        out.get(RecordingsToRun.TO_PROCESS).output(recording);
        return;
      }
      Optional<RecordingManifest> manifest;
      try {
        manifest = RecordingManifest.read(RecordingPaths.manifest(outputRoot, recording));
      } catch (RecordingManifest.MalformedManifestException e) {
        // Manifests are written atomically, so this is a file someone edited: redo the recording,
        // whose new manifest replaces it. Failing to read the store at all propagates (retry).
        LOG.warn("{}: redoing the recording: {}", recording.uri(), e.getMessage());
        manifest = Optional.empty();
      }
      if (manifest.isPresent() && manifest.get().finishes(recording, fingerprint)) {
        skipped.inc();
        LOG.debug("{}: finished with these settings before, skipped", recording.uri());
        out.get(RecordingsToRun.FINISHED).output(manifest.get());
        return;
      }
      if (manifest.isPresent()) {
        redone.inc();
      }
      out.get(RecordingsToRun.TO_PROCESS).output(recording);
    }
  }
}
