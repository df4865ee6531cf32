package dev.earmark.transforms;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the events table partitioned by night: {@code <output>/events/<user_id>/<yyyy-MM-dd>.jsonl}
 * and {@code .csv}, the date being the recording's UTC start date (as in the clip paths). Every
 * night that had a recording classified in full in this run gets both files, rows sorted by recording start, offset
 * and label, header-only when it has no events; other nights' files are not touched. So a rerun
 * of a day rewrites exactly that day's files with identical bytes, and a daily run or a backfill
 * into the same output root keeps the earlier days. Plus one Raven selection table per recording
 * under {@code <output>/events/raven/<user_id>/<yyyy-MM-dd>/<HHmmss>.selections.txt}.
 */
public class WriteEventTable extends PTransform<PCollection<ClipRef>, PDone> {
  static final Comparator<ClipRef> ORDER =
      Comparator.<ClipRef, String>comparing(c -> c.event().recording().userId())
          .thenComparing(c -> c.event().recording().startTime())
          .thenComparing(c -> c.event().recording().uri())
          .thenComparingLong(c -> c.event().startSample())
          .thenComparing(c -> c.event().label());
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

  private final String outputRoot;
  // The run's recordings classified in full: they decide which nights get a table, events or not (expand only).
  private final transient PCollection<Recording> recordings;
  private final TupleTag<ClipRef> eventsTag = new TupleTag<ClipRef>() {};
  private final TupleTag<String> recordingsTag = new TupleTag<String>() {};

  /**
   * {@code recordings}: every recording this run classified in full, so nights without events get
   * an empty table and nights whose recordings all failed get none.
   */
  public WriteEventTable(String outputRoot, PCollection<Recording> recordings) {
    this.outputRoot = outputRoot;
    this.recordings = recordings;
  }

  /** {@code <user_id>/<yyyy-MM-dd>} (UTC start date): the table a recording's events go to. */
  static String night(Recording r) {
    return r.userId() + "/" + DAY.format(r.startTime().atZone(ZoneOffset.UTC));
  }

  @Override
  public PDone expand(PCollection<ClipRef> clips) {
    PCollection<KV<String, ClipRef>> eventsByNight = clips
        .apply("KeyEventsByNight", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ClipRef.class)))
            .via((ClipRef c) -> KV.of(night(c.event().recording()), c)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ClipRef.class)));
    PCollection<KV<String, String>> nightsOfRun = recordings.apply("KeyRecordingsByNight", MapElements
        .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
        .via((Recording r) -> KV.of(night(r), r.uri())));
    // One group per (user, night): a night's events are few, so no worker holds the whole run.
    KeyedPCollectionTuple.of(eventsTag, eventsByNight).and(recordingsTag, nightsOfRun)
        .apply("GroupByNight", CoGroupByKey.create())
        .apply("WriteNightTables", ParDo.of(new WriteNightTablesFn(outputRoot, eventsTag)));
    clips
        .apply("KeyByRecording",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ClipRef.class)))
                .via((ClipRef c) -> KV.of(c.event().recording().key(), c)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ClipRef.class)))
        .apply("GroupEventsByRecording", GroupByKey.create())
        .apply("WriteRavenTables", ParDo.of(new WriteRavenFn(outputRoot)));
    return PDone.in(clips.getPipeline());
  }

  static String csvCell(Object value) {
    String s = value == null ? "" : value.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Writes one night's JSONL and CSV tables (header-only CSV and empty JSONL when no events). */
  private static class WriteNightTablesFn extends DoFn<KV<String, CoGbkResult>, Void> {
    private final Counter tablesWritten = Metrics.counter(WriteNightTablesFn.class, "eventTablesWritten");
    private final String outputRoot;
    private final TupleTag<ClipRef> eventsTag;

    WriteNightTablesFn(String outputRoot, TupleTag<ClipRef> eventsTag) {
      this.outputRoot = outputRoot;
      this.eventsTag = eventsTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> night) throws IOException {
      List<ClipRef> clips = new ArrayList<>();
      night.getValue().getAll(eventsTag).forEach(clips::add);
      clips.sort(ORDER);
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
      String[] userAndDay = night.getKey().split("/", 2);
      String user = userAndDay[0];
      String day = userAndDay[1];
      OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", user, day + ".jsonl"), jsonl.toString());
      OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", user, day + ".csv"), csv.toString());
      tablesWritten.inc();
    }
  }

  /** Raven Pro selection table: tab-separated, one row per event, times in seconds from the file start. */
  private static class WriteRavenFn extends DoFn<KV<String, Iterable<ClipRef>>, Void> {
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
