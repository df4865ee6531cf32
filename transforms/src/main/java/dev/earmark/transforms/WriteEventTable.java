package dev.earmark.transforms;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Event;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
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
 * Writes the events table: {@code <output>/events/events.jsonl} and {@code events.csv} (one row
 * per event, sorted by user, recording start, offset and label, so reruns give identical bytes;
 * written even when there are no events), plus one Raven selection table per recording under
 * {@code <output>/events/raven/<user_id>/<yyyy-MM-dd>/<HHmmss>.selections.txt}.
 */
public class WriteEventTable extends PTransform<PCollection<ClipRef>, PDone> {
  static final Comparator<ClipRef> ORDER =
      Comparator.<ClipRef, String>comparing(c -> c.event().recording().userId())
          .thenComparing(c -> c.event().recording().startTime())
          .thenComparing(c -> c.event().recording().uri())
          .thenComparingLong(c -> c.event().startSample())
          .thenComparing(c -> c.event().label());

  private final String outputRoot;

  public WriteEventTable(String outputRoot) {
    this.outputRoot = outputRoot;
  }

  @Override
  public PDone expand(PCollection<ClipRef> clips) {
    clips
        .apply("CollectAllEvents", Combine.globally(new ToSortedListFn()))
        .apply("WriteJsonAndCsv", ParDo.of(new WriteTablesFn(outputRoot)));
    clips
        .apply("KeyByRecording",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ClipRef.class)))
                .via((ClipRef c) -> KV.of(c.event().recording().uri(), c)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ClipRef.class)))
        .apply("GroupEventsByRecording", GroupByKey.create())
        .apply("WriteRavenTables", ParDo.of(new WriteRavenFn(outputRoot)));
    return PDone.in(clips.getPipeline());
  }

  /** All events as one sorted list: the table is small (a few per recording). */
  static class ToSortedListFn extends Combine.CombineFn<ClipRef, List<ClipRef>, List<ClipRef>> {
    @Override
    public List<ClipRef> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<ClipRef> addInput(List<ClipRef> acc, ClipRef input) {
      acc.add(input);
      return acc;
    }

    @Override
    public List<ClipRef> mergeAccumulators(Iterable<List<ClipRef>> accs) {
      List<ClipRef> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<ClipRef> extractOutput(List<ClipRef> acc) {
      List<ClipRef> sorted = new ArrayList<>(acc);
      sorted.sort(ORDER);
      return sorted;
    }

    @Override
    public Coder<List<ClipRef>> getAccumulatorCoder(CoderRegistry registry, Coder<ClipRef> inputCoder) {
      return ListCoder.of(inputCoder);
    }

    @Override
    public Coder<List<ClipRef>> getDefaultOutputCoder(CoderRegistry registry, Coder<ClipRef> inputCoder) {
      return ListCoder.of(inputCoder);
    }
  }

  static String csvCell(Object value) {
    String s = value == null ? "" : value.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  static class WriteTablesFn extends DoFn<List<ClipRef>, Void> {
    private final String outputRoot;

    WriteTablesFn(String outputRoot) {
      this.outputRoot = outputRoot;
    }

    @ProcessElement
    public void process(@Element List<ClipRef> clips) throws IOException {
      StringBuilder jsonl = new StringBuilder();
      StringBuilder csv = new StringBuilder(String.join(",", JsonRows.EVENT_COLUMNS)).append('\n');
      for (ClipRef clip : clips) {
        Map<String, Object> row = JsonRows.eventRow(clip);
        jsonl.append(JsonRows.write(row)).append('\n');
        List<String> cells = new ArrayList<>();
        for (String column : JsonRows.EVENT_COLUMNS) {
          cells.add(csvCell(row.get(column)));
        }
        csv.append(String.join(",", cells)).append('\n');
      }
      OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", "events.jsonl"), jsonl.toString());
      OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", "events.csv"), csv.toString());
    }
  }

  /** Raven Pro selection table: tab-separated, one row per event, times in seconds from the file start. */
  static class WriteRavenFn extends DoFn<KV<String, Iterable<ClipRef>>, Void> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");
    private final String outputRoot;

    WriteRavenFn(String outputRoot) {
      this.outputRoot = outputRoot;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ClipRef>> recording) throws IOException {
      List<ClipRef> clips = new ArrayList<>();
      recording.getValue().forEach(clips::add);
      clips.sort(ORDER);
      Event first = clips.get(0).event();
      StringBuilder table = new StringBuilder(
          "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)"
              + "\tLabel\tMID\tPeak Score\tMean Score\tClip\n");
      int selection = 1;
      for (ClipRef clip : clips) {
        Event e = clip.event();
        table.append(String.format(Locale.ROOT, "%d\tSpectrogram 1\t1\t%.3f\t%.3f\t0\t%d\t%s\t%s\t%.4f\t%.4f\t%s%n",
            selection++, e.startOffsetSeconds(), e.endOffsetSeconds(), e.info().sampleRate() / 2,
            e.label(), e.mid(), e.peakScore(), e.meanScore(), clip.clipPath()));
      }
      ZonedDateTime start = first.recording().startTime().atZone(ZoneOffset.UTC);
      OutputFiles.writeAtomically(
          OutputFiles.resolve(outputRoot, "events", "raven", first.recording().userId(), DAY.format(start),
              TIME.format(start) + ".selections.txt"),
          table.toString());
    }
  }
}
