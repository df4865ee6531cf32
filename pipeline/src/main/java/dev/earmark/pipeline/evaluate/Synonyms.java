package dev.earmark.pipeline.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.text.CsvFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which detections count for a truth label: a detection whose event type or YAMNet label is the
 * truth label itself, or one of its synonyms. Names compare case-insensitively with '_' as ' '.
 * A synonyms file is JSON ({@code {"dog": ["Bark", "Bow-wow"]}}) or CSV ({@code truth_label,accepted}).
 */
public final class Synonyms {
  private final Map<String, Set<String>> accepted;

  private Synonyms(Map<String, Set<String>> accepted) {
    this.accepted = accepted;
  }

  public static Synonyms none() {
    return new Synonyms(Map.of());
  }

  public static Synonyms read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, Set<String>> map = new HashMap<>();
    if (file.toString().endsWith(".json")) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage());
      }
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException(file + ": want an object of truth label -> [accepted names]");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isArray()) {
          throw new IllegalArgumentException(file + ": '" + e.getKey() + "' wants an array of names");
        }
        e.getValue().forEach(n -> map.computeIfAbsent(norm(e.getKey()), k -> new HashSet<>()).add(norm(n.asText())));
      }
    } else {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        List<String> cells;
        try {
          cells = CsvFields.split(lines.get(i));
        } catch (CsvFields.MalformedCsvException e) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
        }
        if (cells.size() != 2) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": want truth_label,accepted");
        }
        map.computeIfAbsent(norm(cells.get(0)), k -> new HashSet<>()).add(norm(cells.get(1)));
      }
    }
    return new Synonyms(map);
  }

  /** Whether a detection of this type and label counts for {@code truthLabel}. */
  public boolean accepts(String truthLabel, Detection d) {
    String t = norm(truthLabel);
    Set<String> names = accepted.getOrDefault(t, Set.of());
    return t.equals(norm(d.type())) || t.equals(norm(d.label())) || names.contains(norm(d.type()))
        || names.contains(norm(d.label()));
  }

  static String norm(String name) {
    return name.trim().replace('_', ' ').toLowerCase(Locale.ROOT);
  }
}
