package dev.earmark.transforms.finish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.output.RecordingPaths;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * One user's night and its events table, {@code events/<user>/<day>.jsonl} and {@code .csv}: the
 * rows of every finished recording of the night, from the manifests this run finished plus those
 * already in the night's manifest folder (a night's chunks may arrive over two daily runs).
 * Recordings are in start and file order, each with its rows as its manifest lists them (offset,
 * then label); a night without events gets an empty JSONL and a header-only CSV.
 */
final class NightTable {
  static final Comparator<RecordingManifest> ORDER =
      Comparator.<RecordingManifest, Instant>comparing(m -> m.recording().startTime())
          .thenComparing(m -> m.recording().uri());

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Test seam: runs once a table's manifests are read, just before the table is written. */
  @FunctionalInterface
  interface BeforeWrite {
    void run() throws IOException;
  }

  private final String outputRoot;
  private final String user;
  private final String day;
  private final BeforeWrite beforeWrite;

  NightTable(String outputRoot, String user, String day) {
    this(outputRoot, user, day, () -> {});
  }

  NightTable(String outputRoot, String user, String day, BeforeWrite beforeWrite) {
    this.outputRoot = outputRoot;
    this.user = user;
    this.day = day;
    this.beforeWrite = beforeWrite;
  }

  /** Writes the night's tables from {@code finished}, this run's manifests of the night, and the folder's others. */
  void write(Iterable<RecordingManifest> finished) throws IOException {
    List<RecordingManifest> manifests = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (RecordingManifest m : finished) {
      manifests.add(m);
      known.add(RecordingPaths.manifest(outputRoot, m.recording()).getFilename());
    }
    manifests.addAll(otherManifests(known));
    manifests.sort(ORDER);
    StringBuilder jsonl = new StringBuilder();
    StringBuilder csv = new StringBuilder(String.join(",", JsonRows.EVENT_COLUMNS)).append('\n');
    for (RecordingManifest m : manifests) {
      for (String row : m.eventRows()) {
        jsonl.append(row).append('\n');
        csv.append(csvLine(row)).append('\n');
      }
    }
    beforeWrite.run();
    ResourceId jsonlFile = OutputFiles.resolve(outputRoot, "events", user, day + ".jsonl");
    OutputFiles.writeAtomically(jsonlFile, jsonl.toString());
    OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", user, day + ".csv"), csv.toString());
    StaleOutputs.deleteTemps(jsonlFile.getCurrentDirectory(), day + ".");
  }

  /** Manifests of the night's other finished recordings, already on disk. */
  private List<RecordingManifest> otherManifests(Set<String> known) throws IOException {
    List<RecordingManifest> others = new ArrayList<>();
    ResourceId folder = RecordingPaths.manifestFolder(outputRoot, user, day);
    for (MatchResult.Metadata file : StaleOutputs.match(folder, "*.json")) {
      if (!known.contains(file.resourceId().getFilename())) {
        Optional<RecordingManifest> m = RecordingManifest.read(file.resourceId());
        m.ifPresent(others::add);
      }
    }
    return others;
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
}
