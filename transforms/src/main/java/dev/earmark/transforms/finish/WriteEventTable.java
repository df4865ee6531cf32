package dev.earmark.transforms.finish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.output.RecordingPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
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
 * before. A night's table holds the events of every finished recording of that night: the
 * manifests that come in, plus those already in the night's manifest folder (a night's chunks may
 * arrive over two daily runs). Rows are sorted by recording start, file, offset and label; a night
 * without events gets an empty JSONL and a header-only CSV. Other nights are not touched, so
 * daily runs and backfills can share one output root.
 */
public class WriteEventTable extends PTransform<PCollection<RecordingManifest>, PDone> {
  static final Comparator<RecordingManifest> ORDER =
      Comparator.<RecordingManifest, java.time.Instant>comparing(m -> m.recording().startTime())
          .thenComparing(m -> m.recording().uri());

  private static final ObjectMapper JSON = new ObjectMapper();

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

  static String csvCell(Object value) {
    String s = value == null ? "" : value.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** The CSV line of one JSONL event row, columns in {@link JsonRows#EVENT_COLUMNS} order. */
  static String csvLine(String jsonRow) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> row = JSON.readValue(jsonRow, LinkedHashMap.class);
    List<String> cells = new ArrayList<>();
    for (String column : JsonRows.EVENT_COLUMNS) {
      cells.add(csvCell(row.get(column)));
    }
    return String.join(",", cells);
  }

  /** Writes one night's JSONL and CSV tables from all its manifests. */
  private static class WriteNightTablesFn extends DoFn<KV<String, Iterable<RecordingManifest>>, Void> {
    private final Counter tablesWritten = Metrics.counter(WriteNightTablesFn.class, "eventTablesWritten");
    private final String outputRoot;

    WriteNightTablesFn(String outputRoot) {
      this.outputRoot = outputRoot;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<RecordingManifest>> night) throws IOException {
      String[] userAndDay = night.getKey().split("/", 2);
      String user = userAndDay[0];
      String day = userAndDay[1];
      List<RecordingManifest> manifests = new ArrayList<>();
      Set<String> known = new HashSet<>();
      for (RecordingManifest m : night.getValue()) {
        manifests.add(m);
        known.add(RecordingPaths.manifest(outputRoot, m.recording()).getFilename());
      }
      manifests.addAll(otherManifests(RecordingPaths.manifestFolder(outputRoot, user, day), known));
      manifests.sort(ORDER);
      StringBuilder jsonl = new StringBuilder();
      StringBuilder csv = new StringBuilder(String.join(",", JsonRows.EVENT_COLUMNS)).append('\n');
      for (RecordingManifest m : manifests) {
        for (String row : m.eventRows()) {
          jsonl.append(row).append('\n');
          csv.append(csvLine(row)).append('\n');
        }
      }
      ResourceId jsonlFile = OutputFiles.resolve(outputRoot, "events", user, day + ".jsonl");
      OutputFiles.writeAtomically(jsonlFile, jsonl.toString());
      OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", user, day + ".csv"), csv.toString());
      StaleOutputs.deleteTemps(jsonlFile.getCurrentDirectory(), day + ".");
      tablesWritten.inc();
    }

    /** Manifests of the night's other finished recordings, already on disk. */
    private static List<RecordingManifest> otherManifests(ResourceId folder, Set<String> known) throws IOException {
      List<RecordingManifest> others = new ArrayList<>();
      for (MatchResult.Metadata file : StaleOutputs.match(folder, "*.json")) {
        if (!known.contains(file.resourceId().getFilename())) {
          Optional<RecordingManifest> m = RecordingManifest.read(file.resourceId());
          m.ifPresent(others::add);
        }
      }
      return others;
    }
  }
}
