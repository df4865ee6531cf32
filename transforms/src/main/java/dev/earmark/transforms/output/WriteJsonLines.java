package dev.earmark.transforms.output;

import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.Recording;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes one run's records as one JSON object per line to
 * {@code <output>/<dir>/<run_id>/<name>-SSSSS-of-NNNNN.jsonl}, sharded as the runner chooses (a
 * backfill's millions of metrics rows need more than one writer). TextIO writes temporary files
 * (under {@code runs/<run_id>/}) and renames them; an empty run may leave one empty shard or none. Each run has its own folder,
 * so runs never overwrite each other's records.
 */
public class WriteJsonLines<T> extends PTransform<PCollection<T>, PDone> {
  private final String outputRoot;
  private final String dir;
  private final String runId;
  private final String name;
  private final String counterName;
  private final SerializableFunction<T, String> toJson;

  private WriteJsonLines(String outputRoot, String dir, String runId, String name, String counterName,
      SerializableFunction<T, String> toJson) {
    if (!Recording.isSafeId(runId)) {
      throw new IllegalArgumentException("run id '" + runId + "' is not a safe path component "
          + "(letters, digits, '.', '_', '-', not starting with '.' or '-', at most 128 chars)");
    }
    this.outputRoot = outputRoot;
    this.dir = dir;
    this.runId = runId;
    this.name = name;
    this.counterName = counterName;
    this.toJson = toJson;
  }

  /** Per-window memory metrics to {@code <output>/metrics/<run_id>/memory-*.jsonl}. */
  public static WriteJsonLines<MemoryMetrics> memoryMetrics(String outputRoot, String runId) {
    return new WriteJsonLines<>(outputRoot, "metrics", runId, "memory", "metricsRecordsWritten",
        JsonRows::memoryMetrics);
  }

  /** All dead letters to {@code <output>/errors/<run_id>/dead-letters-*.jsonl}. */
  public static WriteJsonLines<DeadLetter> deadLetters(String outputRoot, String runId) {
    return new WriteJsonLines<>(outputRoot, "errors", runId, "dead-letters", "deadLettersWritten",
        JsonRows::deadLetter);
  }

  /**
   * The same records of one job of a sliced run: shards named {@code <name>-<part>-SSSSS-of-NNNNN},
   * beside the other jobs' in the run's folder; a null part is the unsliced name.
   */
  public WriteJsonLines<T> inPart(String part) {
    return part == null ? this : new WriteJsonLines<>(outputRoot, dir, runId, name + "-" + part, counterName, toJson);
  }

  /** The shard prefix, {@code <output>/<dir>/<run_id>/<name>}; shards add {@code -SSSSS-of-NNNNN.jsonl}. */
  public String prefix() {
    return OutputFiles.resolve(outputRoot, dir, runId, name).toString();
  }

  /**
   * {@code <output>/runs/<run_id>/}: TextIO's {@code .temp-beam-*} folders go there, not beside the
   * shards, so a killed run leaves nothing in metrics/ or errors/, and the next run with that id
   * empties the folder.
   */
  ResourceId tempDirectory() {
    return OutputFiles.resolve(outputRoot, "runs", runId, "x").getCurrentDirectory();
  }

  @Override
  public PDone expand(PCollection<T> records) {
    return records
        .apply("ToJson", ParDo.of(new ToJsonFn<>(toJson, counterName)))
        .apply("WriteJsonl", TextIO.write().to(prefix()).withSuffix(".jsonl").withTempDirectory(tempDirectory()));
  }

  /** Counts the lines so the run report can say how many were written, 0 included. */
  private static class ToJsonFn<T> extends DoFn<T, String> {
    private final SerializableFunction<T, String> toJson;
    private final Counter written;

    ToJsonFn(SerializableFunction<T, String> toJson, String counterName) {
      this.toJson = toJson;
      this.written = Metrics.counter(ToJsonFn.class, counterName);
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<String> out) {
      written.inc();
      out.output(toJson.apply(record));
    }
  }
}
