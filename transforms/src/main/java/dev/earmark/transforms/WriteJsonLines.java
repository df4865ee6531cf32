package dev.earmark.transforms;

import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes records as one JSON object per line to {@code <output>/<dir>/<name>.jsonl} (one file,
 * written to a temporary name and renamed by TextIO; present and empty when there are none).
 */
public class WriteJsonLines<T> extends PTransform<PCollection<T>, PDone> {
  private final String outputRoot;
  private final String dir;
  private final String name;
  private final SerializableFunction<T, String> toJson;

  private WriteJsonLines(String outputRoot, String dir, String name, SerializableFunction<T, String> toJson) {
    this.outputRoot = outputRoot;
    this.dir = dir;
    this.name = name;
    this.toJson = toJson;
  }

  /** Per-window memory metrics to {@code <output>/metrics/memory.jsonl}. */
  public static WriteJsonLines<MemoryMetrics> memoryMetrics(String outputRoot) {
    return new WriteJsonLines<>(outputRoot, "metrics", "memory", JsonRows::memoryMetrics);
  }

  /** All dead letters to {@code <output>/errors/dead-letters.jsonl}. */
  public static WriteJsonLines<DeadLetter> deadLetters(String outputRoot) {
    return new WriteJsonLines<>(outputRoot, "errors", "dead-letters", JsonRows::deadLetter);
  }

  @Override
  public PDone expand(PCollection<T> records) {
    return records
        .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(toJson))
        .apply("WriteJsonl", TextIO.write()
            .to(OutputFiles.resolve(outputRoot, dir, name))
            .withSuffix(".jsonl")
            .withoutSharding());
  }
}
