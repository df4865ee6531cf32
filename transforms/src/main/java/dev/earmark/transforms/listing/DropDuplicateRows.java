package dev.earmark.transforms.listing;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one row per recording ({@link Recording#key}): overlapping listings of a backfill list some
 * recordings twice, and classifying one twice would duplicate its events and race two writers onto
 * the same clip names. The row kept is the first by listing file and line, so every run names the
 * same row in the recording's dead letters. Rows are grouped per night, not per recording: a recording's duplicates are
 * always in its night, and the DirectRunner pays a few milliseconds per group and step, which per
 * recording was a large part of a short chunk's cost.
 */
public class DropDuplicateRows extends PTransform<PCollection<Recording>, PCollection<Recording>> {
  @Override
  public PCollection<Recording> expand(PCollection<Recording> rows) {
    return rows
        .apply("KeyByNight", WithKeys.of(RecordingPaths::night).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), rows.getCoder()))
        .apply("GroupByNight", GroupByKey.create())
        .apply("OnePerRecording", ParDo.of(new OnePerRecordingFn()))
        .setCoder(rows.getCoder());
  }

  private static final Comparator<Recording> FIRST_LISTED =
      Comparator.comparing(Recording::listedAt, Comparator.nullsLast(ListingLine.ORDER));

  private static class OnePerRecordingFn extends DoFn<KV<String, Iterable<Recording>>, Recording> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<Recording>> night, OutputReceiver<Recording> out) {
      Map<String, Recording> unique = new TreeMap<>();
      for (Recording r : night.getValue()) {
        unique.merge(r.key(), r, (a, b) -> FIRST_LISTED.compare(a, b) <= 0 ? a : b);
      }
      unique.values().forEach(out::output);
    }
  }
}
