package dev.earmark.pipeline.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * YAMNet display names by class index, read from {@code yamnet_class_map.csv} (header {@code
 * index,mid,display_name}, CRLF, names with commas quoted). Found beside the model: in a
 * SavedModel's {@code assets/}, next to a {@code .tflite} or one level up (the {@code
 * ../shared/models/yamnet} layout), else under system property {@code earmark.yamnet.dir}.
 */
final class ClassNames {
  static final String FILE_NAME = "yamnet_class_map.csv";
  static final int NUM_CLASSES = 521;

  private ClassNames() {}

  static List<String> forModel(Path model) throws IOException {
    Path csv =
        find(model)
            .orElseThrow(
                () ->
                    new IOException(
                        "no "
                            + FILE_NAME
                            + " found beside the model "
                            + model
                            + " (looked in its assets/, its folder and the folder above, and"
                            + " -Dearmark.yamnet.dir)"));
    return read(csv);
  }

  static Optional<Path> find(Path model) {
    List<Path> candidates = new ArrayList<>();
    Path abs = model.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      candidates.add(abs.resolve("assets").resolve(FILE_NAME));
      candidates.add(abs.resolve(FILE_NAME));
    }
    Path parent = abs.getParent();
    if (parent != null) {
      candidates.add(parent.resolve(FILE_NAME));
      if (parent.getParent() != null) {
        candidates.add(parent.getParent().resolve(FILE_NAME));
      }
    }
    String dir = System.getProperty("earmark.yamnet.dir");
    if (dir != null && !dir.isBlank()) {
      candidates.add(Path.of(dir, FILE_NAME));
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst();
  }

  static List<String> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>(NUM_CLASSES);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = splitCsvLine(line);
      if (fields.size() != 3 || !fields.get(0).equals(Integer.toString(names.size()))) {
        throw new IOException(csv + " line " + (i + 1) + ": expected index,mid,display_name");
      }
      names.add(fields.get(2));
    }
    if (names.size() != NUM_CLASSES) {
      throw new IOException(csv + ": " + names.size() + " classes, expected " + NUM_CLASSES);
    }
    return List.copyOf(names);
  }

  static List<String> splitCsvLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.toString());
    return fields;
  }

  /** RFC 4180 quoting: only when the value holds a comma, quote or line break. */
  static String csvQuote(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
