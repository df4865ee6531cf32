package dev.earmark.transforms.finish;

import static org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.output.RecordingPaths;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.BackOff;
import org.apache.beam.sdk.util.BackOffUtils;
import org.apache.beam.sdk.util.FluentBackoff;
import org.apache.beam.sdk.util.Sleeper;
import org.joda.time.Duration;

/**
 * One user's night and its events table, {@code events/<user>/<day>.jsonl} and {@code .csv}: the
 * rows of every finished recording of the night, from the manifests this run finished plus those
 * already in the night's manifest folder (a night's chunks may arrive over two daily runs).
 * Recordings are in start and file order, each with its rows as its manifest lists them (offset,
 * then label); a night without events gets an empty JSONL and a header-only CSV.
 *
 * <p>Two runs may finish recordings of one night at once (a daily run beside a backfill, two Flink
 * jobs into one output root). Each builds the whole table from the manifests it lists, so a run
 * that listed the folder before the other wrote its manifest would, writing its table last, drop
 * the other's rows. So after writing, the writer lists the folder again and, while it differs from
 * the listing the table was built from, rebuilds from the new one. The tables converge: every run
 * writes a night's table after its manifests of that night. Take the last table write of all: its
 * writer listed the folder afterwards and found what it had built from. A manifest written before
 * that listing is in the table; one written after it would be followed by its own run's table
 * write, later than the last. So the final table holds every finished recording (a run killed
 * between its manifests and its table leaves the night to the next run over it, as ever). No lock
 * is taken, which gs:// could not give through Beam's FileSystems, and no run waits for another.
 */
final class NightTable {
  static final Comparator<RecordingManifest> ORDER =
      Comparator.<RecordingManifest, Instant>comparing(m -> m.recording().startTime())
          .thenComparing(m -> m.recording().uri());

  /**
   * Between rebuilds, a pause that lets another run finish writing a burst of this night's manifests.
   * Why the rebuilds end: each is paid for by another run writing a manifest of this very night
   * since the last listing, and a run writes each of its recordings' manifests once, so they stop
   * when the other runs are done with the night (one rebuild per concurrent run, in practice). The
   * limit (12 rebuilds, about 20 s of pauses) is for something rewriting manifests without end:
   * failing the bundle, which the runner retries with a fresh listing, beats spinning, or stopping
   * with a table that may miss rows.
   */
  static final FluentBackoff REBUILDS = FluentBackoff.DEFAULT
      .withInitialBackoff(Duration.millis(100))
      .withMaxBackoff(Duration.standardSeconds(5))
      .withMaxRetries(12);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Test seam: runs once a table's manifests are read, just before the table is written. */
  @FunctionalInterface
  interface BeforeWrite {
    void run() throws IOException;
  }

  /**
   * What a listing tells of one manifest file: a rewrite changes its size, modification time or
   * (on gs://) its MD5. Equal versions are taken for equal contents; locally, a rewrite to the
   * same size within the same millisecond would pass for none (gs:// has the MD5).
   */
  private record Version(long sizeBytes, long lastModifiedMillis, String checksum) {
    static Version of(MatchResult.Metadata file) {
      return new Version(file.sizeBytes(), file.lastModifiedMillis(), file.checksum());
    }
  }

  /** A manifest as read from the folder, with the version it was read at. */
  private record Read(Version version, Optional<RecordingManifest> manifest) {}

  private final String outputRoot;
  private final String user;
  private final String day;
  private final BeforeWrite beforeWrite;
  private final Sleeper sleeper;
  private final Map<String, Read> read = new HashMap<>();

  NightTable(String outputRoot, String user, String day) {
    this(outputRoot, user, day, () -> {}, Sleeper.DEFAULT);
  }

  NightTable(String outputRoot, String user, String day, BeforeWrite beforeWrite, Sleeper sleeper) {
    this.outputRoot = outputRoot;
    this.user = user;
    this.day = day;
    this.beforeWrite = beforeWrite;
    this.sleeper = sleeper;
  }

  /**
   * Writes the night's tables from {@code finished}, this run's manifests of the night, and the
   * folder's others, until the folder after a write is the folder the table was built from.
   * Returns how many times the tables were written: 1 unless another run changed the night's
   * manifests meanwhile.
   */
  int write(Iterable<RecordingManifest> finished) throws IOException {
    // This run's manifests are in memory and stand for their files as first listed, so a normal
    // night reads only the others. A file another run rewrote before that listing goes unnoticed;
    // two runs with different settings finishing one recording at once also delete each other's
    // clips (WriteManifests), which no table can mend.
    Map<String, List<RecordingManifest>> ours = new LinkedHashMap<>();
    for (RecordingManifest m : finished) {
      ours.computeIfAbsent(RecordingPaths.manifest(outputRoot, m.recording()).getFilename(), f -> new ArrayList<>())
          .add(m);
    }
    Map<String, Version> first = list();
    Map<String, Version> builtFrom = first;
    BackOff backoff = REBUILDS.backoff();
    List<String> written = null;
    int writes = 0;
    for (int builds = 1; ; builds++) {
      List<String> rows = rows(manifests(ours, first, builtFrom));
      // A rebuild that comes out the same (a manifest rewritten with the same rows) is not written
      // again: the listing below still follows this table's last write.
      if (!rows.equals(written)) {
        beforeWrite.run();
        writeTables(rows);
        written = rows;
        writes++;
      }
      Map<String, Version> after = list();
      if (after.equals(builtFrom)) {
        return writes;
      }
      if (!pause(backoff)) {
        throw new IOException("events table of " + user + "/" + day + ": the night's manifests changed during each of "
            + builds + " builds; something keeps rewriting them. Rerun to rebuild the table");
      }
      builtFrom = after;
    }
  }

  /** The night's manifest files by name, with their versions. */
  private Map<String, Version> list() throws IOException {
    Map<String, Version> files = new HashMap<>();
    for (MatchResult.Metadata file : StaleOutputs.match(RecordingPaths.manifestFolder(outputRoot, user, day), "*.json")) {
      files.put(file.resourceId().getFilename(), Version.of(file));
    }
    return files;
  }

  /**
   * The manifests of {@code listed}: this run's own where their file is as first listed (or gone),
   * the folder's version of the others and of any file rewritten since, in table order.
   */
  private List<RecordingManifest> manifests(Map<String, List<RecordingManifest>> ours, Map<String, Version> first,
      Map<String, Version> listed) throws IOException {
    List<RecordingManifest> manifests = new ArrayList<>();
    ours.forEach((name, mine) -> {
      Version now = listed.get(name);
      if (now == null || now.equals(first.get(name))) {
        manifests.addAll(mine);
      }
    });
    for (Map.Entry<String, Version> file : listed.entrySet()) {
      String name = file.getKey();
      if (!ours.containsKey(name) || !file.getValue().equals(first.get(name))) {
        readAt(name, file.getValue()).ifPresent(manifests::add);
      }
    }
    manifests.sort(ORDER);
    return manifests;
  }

  /** The manifest file {@code name} at {@code version}, read once; empty if it is gone. */
  private Optional<RecordingManifest> readAt(String name, Version version) throws IOException {
    Read known = read.get(name);
    if (known == null || !known.version().equals(version)) {
      ResourceId file = RecordingPaths.manifestFolder(outputRoot, user, day).resolve(name, RESOLVE_FILE);
      known = new Read(version, RecordingManifest.read(file));
      read.put(name, known);
    }
    return known.manifest();
  }

  /** The table's rows: each manifest's event rows, in manifest order. */
  private static List<String> rows(List<RecordingManifest> manifests) {
    List<String> rows = new ArrayList<>();
    manifests.forEach(m -> rows.addAll(m.eventRows()));
    return rows;
  }

  /** Writes {@code rows} as the JSONL table and the CSV table. */
  private void writeTables(List<String> rows) throws IOException {
    StringBuilder jsonl = new StringBuilder();
    StringBuilder csv = new StringBuilder(String.join(",", JsonRows.EVENT_COLUMNS)).append('\n');
    for (String row : rows) {
      jsonl.append(row).append('\n');
      csv.append(csvLine(row)).append('\n');
    }
    ResourceId jsonlFile = OutputFiles.resolve(outputRoot, "events", user, day + ".jsonl");
    OutputFiles.writeAtomically(jsonlFile, jsonl.toString());
    OutputFiles.writeAtomically(OutputFiles.resolve(outputRoot, "events", user, day + ".csv"), csv.toString());
    StaleOutputs.deleteTemps(jsonlFile.getCurrentDirectory(), day + ".");
  }

  /** Waits before the next rebuild; false once the rebuilds are used up. */
  private boolean pause(BackOff backoff) throws IOException {
    try {
      return BackOffUtils.next(sleeper, backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("events table of " + user + "/" + day + ": interrupted");
    }
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
