package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
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
 * it and the run's settings fingerprint, and whose clips and Raven table are all still there, is
 * skipped (its manifest passes on for the night tables); every other one, and all of them when
 * {@code force} is set, goes on to be processed. One small read and one existence check of its
 * outputs per recording are the whole cost of a rerun that has nothing to do.
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
      if (manifest.isPresent() && manifest.get().finishes(recording, fingerprint)
          && outputsPresent(recording, manifest.get())) {
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

    /**
     * Whether every clip and the Raven table {@code manifest} names still exists (one match call);
     * a store that cannot say throws, so the runner retries.
     */
    private static boolean outputsPresent(Recording recording, RecordingManifest manifest) throws IOException {
      List<String> files = manifest.outputs();
      if (files.isEmpty()) {
        return true;
      }
      List<MatchResult> results = FileSystems.match(files, EmptyMatchTreatment.ALLOW);
      for (int i = 0; i < files.size(); i++) {
        MatchResult.Status status = results.get(i).status();
        if (status == MatchResult.Status.NOT_FOUND
            || (status == MatchResult.Status.OK && results.get(i).metadata().isEmpty())) {
          LOG.warn("{}: redoing the recording: its output {} is gone", recording.uri(), files.get(i));
          return false;
        }
        if (status != MatchResult.Status.OK) {
          throw new IOException("cannot check " + files.get(i) + ": " + status);
        }
      }
      return true;
    }
  }
}
