package dev.earmark.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.values.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The recordings' dead letters of every run under an output root, by night ({@code user/day}), so
 * a night page shows a failed chunk whichever run failed it. Empty files (a run without dead
 * letters) are not opened. Rows without {@code recording_start} (bad listing rows, or letters
 * from before 2026-12-08) belong to no night and are left out.
 */
final class NightDeadLetters {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One letter about a recording; {@code written} is its file's modification time (newest wins). */
  record Letter(String user, String uri, Instant start, String error, String message, String runId, long written) {
    String key() {
      return user + ' ' + start + ' ' + uri;
    }
  }

  private final Map<String, List<Letter>> byNight = new HashMap<>();
  private final Map<String, Set<String>> nightsByRun = new HashMap<>();

  private NightDeadLetters() {}

  static NightDeadLetters read(String root) {
    NightDeadLetters letters = new NightDeadLetters();
    String pattern = OutputFiles.resolve(root, "errors", "x").getCurrentDirectory() + "*/dead-letters*.jsonl";
    try {
      MatchResult match = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() != MatchResult.Status.OK) {
        return letters;
      }
      for (MatchResult.Metadata file : match.metadata()) {
        if (file.sizeBytes() > 0 && !OutputFiles.isTempName(file.resourceId().getFilename())) {
          letters.readFile(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("night pages: cannot read dead letters " + pattern + ": " + e.getMessage(), e);
    }
    return letters;
  }

  private void readFile(MatchResult.Metadata file) throws IOException {
    String runId = file.resourceId().getCurrentDirectory().getFilename().replaceAll("/$", "");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        Channels.newInputStream(FileSystems.open(file.resourceId())), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Letter letter = parse(line, runId, file.lastModifiedMillis());
        if (letter != null) {
          String night = letter.user() + "/" + DAY.format(letter.start());
          byNight.computeIfAbsent(night, n -> new ArrayList<>()).add(letter);
          nightsByRun.computeIfAbsent(runId, r -> new HashSet<>()).add(night);
        }
      }
    }
  }

  /** The letter on this line, or null when it is about no recording (or is no letter). */
  static Letter parse(String line, String runId, long written) {
    try {
      JsonNode row = JSON.readTree(line);
      String user = row.path("user_id").asText(null);
      String start = row.path("recording_start").asText(null);
      if (user == null || start == null || !Recording.isSafeId(user)) {
        return null;
      }
      return new Letter(user, row.path("uri").asText(""), Instant.parse(start), row.path("error").asText(""),
          row.path("message").asText(""), runId, written);
    } catch (IOException | RuntimeException e) {
      return null; // a torn or foreign line: the memory report and the errors folder still have it
    }
  }

  /** The night's letters, one per recording (the newest). */
  List<Letter> of(String night) {
    Map<String, Letter> newest = new HashMap<>();
    for (Letter l : byNight.getOrDefault(night, List.of())) {
      newest.merge(l.key(), l, (a, b) -> b.written() > a.written() ? b : a);
    }
    return new ArrayList<>(newest.values());
  }

  Set<String> nights() {
    return byNight.keySet();
  }

  Set<String> nightsOfRun(String runId) {
    return nightsByRun.getOrDefault(runId, Set.of());
  }
}
