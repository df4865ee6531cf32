package dev.earmark.transforms.finish;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.output.RecordingPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Finishes each recording this run processed: gathers its clips, writes its Raven table
 * ({@link WriteRavenTables}), removes what older settings left, and writes its manifest last
 * ({@link WriteManifests}). A recording with any dead letter of its own (a window that did not
 * decode, a clip source that failed) gets no manifest, so the next run tries it again, and the
 * clips this run wrote for it are removed unless its earlier manifest names them (no clip outside
 * every table). Clips and dead letters are matched to recordings by {@link Recording#key()}, never
 * by file: other rows may name the same file (a bad row, another user's recording), and their
 * faults are not this recording's.
 */
public class FinishRecordings extends PTransform<RecordingResults, PCollection<RecordingManifest>> {
  private final String outputRoot;
  private final OutputSettings settings;
  private final TupleTag<Recording> recordingsTag = new TupleTag<Recording>() {};
  private final TupleTag<ClipRef> clipsTag = new TupleTag<ClipRef>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public FinishRecordings(String outputRoot, OutputSettings settings) {
    this.outputRoot = outputRoot;
    this.settings = settings;
  }

  @Override
  public PCollection<RecordingManifest> expand(RecordingResults results) {
    PCollection<KV<String, Recording>> recordings = results.recordings().apply("KeyRecordings",
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Recording.class)))
            .via((Recording r) -> KV.of(RecordingPaths.night(r), r)));
    PCollection<KV<String, ClipRef>> clips = results.clips().apply("KeyClipsByRecording",
        MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ClipRef.class)))
            .via((ClipRef c) -> KV.of(RecordingPaths.night(c.event().recording()), c)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ClipRef.class)));
    // A bad row never became a recording, so it fails none, whichever file it names.
    PCollection<KV<String, DeadLetter>> failures = results.failures()
        .apply("RecordingFailures", Filter.by((DeadLetter d) -> !d.isBadRow()))
        .apply("KeyFailuresByRecording",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(DeadLetter.class)))
                .via((DeadLetter d) -> KV.of(RecordingPaths.nightOfKey(d.recordingKey()), d)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(DeadLetter.class)));
    return KeyedPCollectionTuple.of(recordingsTag, recordings).and(clipsTag, clips).and(failuresTag, failures)
        // Grouped per night, each recording then matched by its key: the DirectRunner's cost per
        // group and step was a large part of a short chunk's, and a night's clips and letters are few.
        .apply("GroupByNight", CoGroupByKey.create())
        .apply("DropFailedRecordings", ParDo.of(new GatherClipsFn(outputRoot, recordingsTag, clipsTag, failuresTag)))
        .apply("WriteRavenTables", new WriteRavenTables(outputRoot))
        .apply("WriteManifests", new WriteManifests(outputRoot, settings));
  }

  /** One element per recording without a dead letter of its own, with its clips. */
  private static class GatherClipsFn extends DoFn<KV<String, CoGbkResult>, RecordingClips> {
    private final Counter unfinished = Metrics.counter(GatherClipsFn.class, "recordingsUnfinished");
    private final String outputRoot;
    private final TupleTag<Recording> recordingsTag;
    private final TupleTag<ClipRef> clipsTag;
    private final TupleTag<DeadLetter> failuresTag;

    GatherClipsFn(String outputRoot, TupleTag<Recording> recordingsTag, TupleTag<ClipRef> clipsTag,
        TupleTag<DeadLetter> failuresTag) {
      this.outputRoot = outputRoot;
      this.recordingsTag = recordingsTag;
      this.clipsTag = clipsTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> night, OutputReceiver<RecordingClips> out)
        throws IOException {
      CoGbkResult grouped = night.getValue();
      Set<String> failed = new HashSet<>();
      grouped.getAll(failuresTag).forEach(d -> failed.add(d.recordingKey()));
      Map<String, List<ClipRef>> clips = new HashMap<>();
      for (ClipRef c : grouped.getAll(clipsTag)) {
        clips.computeIfAbsent(c.event().recording().key(), k -> new ArrayList<>()).add(c);
      }
      for (Recording recording : grouped.getAll(recordingsTag)) {
        List<ClipRef> own = clips.getOrDefault(recording.key(), List.of());
        if (failed.contains(recording.key())) {
          unfinished.inc();
          removeUnlisted(recording, own);
        } else {
          out.output(new RecordingClips(recording, own));
        }
      }
    }

    /** Deletes {@code clips} of an unfinished recording that its earlier manifest (if any) does not name. */
    private void removeUnlisted(Recording recording, List<ClipRef> clips) throws IOException {
      Set<String> listed = new HashSet<>(RecordingManifest.read(RecordingPaths.manifest(outputRoot, recording))
          .map(RecordingManifest::clips).orElse(List.of()));
      List<ResourceId> unlisted = new ArrayList<>();
      for (ClipRef clip : clips) {
        if (!listed.contains(clip.clipPath())) {
          unlisted.add(FileSystems.matchNewResource(clip.clipPath(), false));
        }
      }
      if (!unlisted.isEmpty()) {
        FileSystems.delete(unlisted, StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    }
  }
}
