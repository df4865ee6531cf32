package dev.earmark.pipeline.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.text.CsvFields;
import dev.earmark.transforms.listing.ListingFile;
import dev.earmark.transforms.listing.ListingRows;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.values.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gathers what {@link Evaluation} needs from local files: the listing's recordings (and their
 * lengths), their truth tables, and the run's event rows. Recordings without a truth table are not
 * evaluated; a truth table without a recording, or one that fits two, is an error.
 */
public final class EvaluationInputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvaluationInputs() {}

  public static List<EvaluatedRecording> read(EvaluateOptions o, List<String> notEvaluated) throws IOException {
    Map<String, Recording> recordings = listing(o.getListing());
    Map<String, Path> truthByUri = truthTables(o.getTruth(), o.getTruthMap(), recordings);
    Map<String, List<Detection>> detections = detections(eventFiles(o.getEvents()));
    for (String uri : detections.keySet()) {
      if (!recordings.containsKey(uri)) {
        throw new IllegalArgumentException("events of " + uri + " but no such recording in --listing=" + o.getListing());
      }
    }
    List<EvaluatedRecording> out = new ArrayList<>();
    for (Recording r : recordings.values()) {
      Path truth = truthByUri.get(r.uri());
      if (truth == null) {
        notEvaluated.add(r.uri());
        continue;
      }
      double duration = r.durationSeconds() != null ? r.durationSeconds() : AudioFiles.probe(r.uri()).durationSeconds();
      out.add(new EvaluatedRecording(r.uri(), duration, TruthTables.read(truth, r.uri()),
          detections.getOrDefault(r.uri(), List.of())));
    }
    return out;
  }

  /**
   * The truth rows of every recording of the listing that has a truth table, by recording URI, in
   * listing order: what {@code train} learns from long recordings with.
   */
  public static Map<String, List<TruthRow>> truthByRecording(String listingGlob, String truthGlob) throws IOException {
    Map<String, Recording> recordings = listing(listingGlob);
    Map<String, Path> tables = truthTables(truthGlob, null, recordings);
    Map<String, List<TruthRow>> out = new LinkedHashMap<>();
    for (String uri : recordings.keySet()) {
      if (tables.containsKey(uri)) {
        out.put(uri, TruthTables.read(tables.get(uri), uri));
      }
    }
    return out;
  }

  static Map<String, Recording> listing(String glob) throws IOException {
    Map<String, Recording> recordings = new LinkedHashMap<>();
    for (Path file : glob(glob, "--listing")) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        // Read as `run` reads it (a row run rejects is an error here too); events carry the same uri.
        ListingFile.read(file.toString(), reader, new ListingFile.Rows() {
          @Override
          public void recording(Recording r, long line) {
            recordings.putIfAbsent(r.uri(), r);
          }

          @Override
          public void badRow(ListingRows.BadRow e, long line) {
            throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage());
          }
        });
      }
    }
    return recordings;
  }

  static Map<String, Path> truthTables(String glob, String truthMap, Map<String, Recording> recordings)
      throws IOException {
    Map<String, Path> byUri = new HashMap<>();
    if (truthMap != null) {
      Map<String, Path> tables = new HashMap<>();
      for (Path t : glob(glob, "--truth")) {
        tables.put(t.getFileName().toString(), t);
      }
      List<String> lines = Files.readAllLines(Path.of(truthMap), StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        String at = truthMap + " line " + (i + 1) + ": ";
        List<String> cells;
        try {
          cells = CsvFields.split(lines.get(i));
        } catch (CsvFields.MalformedCsvException e) {
          throw new IllegalArgumentException(at + e.getMessage());
        }
        if (cells.size() != 2) {
          throw new IllegalArgumentException(at + "want recording,truth");
        }
        Path table = tables.get(Path.of(cells.get(1).trim()).getFileName().toString());
        if (table == null) {
          throw new IllegalArgumentException(at + "no truth table " + cells.get(1) + " in --truth=" + glob);
        }
        byUri.put(recordingFor(cells.get(0).trim(), recordings, at), table);
      }
      return byUri;
    }
    for (Path t : glob(glob, "--truth")) {
      String stem = stem(t.getFileName().toString());
      byUri.put(recordingFor(stem, recordings, t + ": "), t);
    }
    return byUri;
  }

  /** The one recording whose URI or file name (with or without extension) is {@code name}. */
  private static String recordingFor(String name, Map<String, Recording> recordings, String at) {
    List<String> hits = recordings.keySet().stream()
        .filter(uri -> uri.equals(name) || fileName(uri).equals(name) || stem(fileName(uri)).equals(name)).toList();
    if (hits.size() != 1) {
      throw new IllegalArgumentException(at + (hits.isEmpty() ? "no recording named '" + name + "' in the listing"
          : "'" + name + "' fits " + hits.size() + " recordings (" + String.join(", ", hits) + "): use --truthMap"));
    }
    return hits.get(0);
  }

  static List<Path> eventFiles(String events) throws IOException {
    Path root = Path.of(events);
    if (Files.isDirectory(root)) {
      Path tables = root.resolve("events");
      if (!Files.isDirectory(tables)) {
        throw new IllegalArgumentException("--events=" + events + ": no events/ folder (not a run's output root)");
      }
      try (Stream<Path> s = Files.walk(tables)) {
        return s.filter(p -> p.toString().endsWith(".jsonl") && !p.startsWith(tables.resolve("raven"))).sorted().toList();
      }
    }
    return glob(events, "--events");
  }

  static Map<String, List<Detection>> detections(List<Path> files) throws IOException {
    Map<String, List<Detection>> byUri = new HashMap<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        try {
          JsonNode e = MAPPER.readTree(lines.get(i));
          String label = e.path("label").asText();
          Detection d = new Detection(e.get("recording_uri").asText(), e.get("start_offset_s").asDouble(),
              e.get("end_offset_s").asDouble(), e.path("type").asText(label), label, e.path("peak_score").asDouble());
          byUri.computeIfAbsent(d.recordingUri(), k -> new ArrayList<>()).add(d);
        } catch (IOException | RuntimeException ex) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": not an event row ("
              + ex.getClass().getSimpleName() + ")");
        }
      }
    }
    return byUri;
  }

  /** Local files matching a glob such as {@code truth/*.csv} (or one file), sorted; none is an error. */
  static List<Path> glob(String glob, String option) throws IOException {
    Path plain = Path.of(glob);
    if (Files.isRegularFile(plain)) {
      return List.of(plain);
    }
    int wild = firstWildcard(glob);
    int slash = glob.lastIndexOf('/', wild);
    Path base = Path.of(wild < 0 ? glob : glob.substring(0, Math.max(slash, 0)));
    PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files = List.of();
    if (wild >= 0 && Files.isDirectory(base.toString().isEmpty() ? Path.of(".") : base)) {
      try (Stream<Path> s = Files.walk(base)) {
        files = s.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(option + "=" + glob + " matches no file");
    }
    return files;
  }

  private static int firstWildcard(String glob) {
    int first = -1;
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int i = glob.indexOf(c);
      if (i >= 0 && (first < 0 || i < first)) {
        first = i;
      }
    }
    return first;
  }

  static String fileName(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
