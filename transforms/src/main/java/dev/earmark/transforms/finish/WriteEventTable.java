package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import java.io.IOException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
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
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the events table partitioned by night, {@code <output>/events/<user_id>/<yyyy-MM-dd>.jsonl}
 * and {@code .csv} (the date being the recording's UTC start date, as in the clip paths), for every
 * night with a recording finished in this run, whether processed now or skipped as finished
 * before. {@link NightTable} builds each from all of the night's manifests, and again while another
 * run changes them, so runs sharing a night converge on one table. Other nights are not touched,
 * so daily runs and backfills can share one output root.
 */
public class WriteEventTable extends PTransform<PCollection<RecordingManifest>, PDone> {
  private final String outputRoot;

  public WriteEventTable(String outputRoot) {
    this.outputRoot = outputRoot;
  }

  @Override
  public PDone expand(PCollection<RecordingManifest> finished) {
    // One group per (user, night): a night's manifests are few, so no worker holds the whole run.
    finished
        .apply("KeyByNight", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(RecordingManifest.class)))
            .via((RecordingManifest m) -> KV.of(RecordingPaths.night(m.recording()), m)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RecordingManifest.class)))
        .apply("GroupByNight", GroupByKey.create())
        .apply("WriteNightTables", ParDo.of(new WriteNightTablesFn(outputRoot)));
    return PDone.in(finished.getPipeline());
  }

  /** Writes one night's JSONL and CSV tables from all its manifests. */
  private static class WriteNightTablesFn extends DoFn<KV<String, Iterable<RecordingManifest>>, Void> {
    private final Counter tablesWritten = Metrics.counter(WriteNightTablesFn.class, "eventTablesWritten");
    // Writes beyond the first: another run changed the night's manifests meanwhile (see NightTable).
    private final Counter tablesRebuilt = Metrics.counter(WriteNightTablesFn.class, "eventTablesRebuilt");
    private final String outputRoot;

    WriteNightTablesFn(String outputRoot) {
      this.outputRoot = outputRoot;
    }

    @FinishBundle
    public void finishBundle() {
      WorkerPeaks.record();
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<RecordingManifest>> night) throws IOException {
      String[] userAndDay = night.getKey().split("/", 2);
      int writes = new NightTable(outputRoot, userAndDay[0], userAndDay[1]).write(night.getValue());
      tablesWritten.inc();
      tablesRebuilt.inc(writes - 1);
    }
  }
}
