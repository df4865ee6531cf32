package dev.earmark.pipeline.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The example clips under a folder, BirdNET-style: one folder per type ({@code dog/}, {@code
 * door/}), and {@code background/} (or folders whose names start with it) for sounds that are none
 * of them. Inside a type's folder, each subfolder is one source recording (its clips were cut from
 * it); a loose clip is a source of its own. An optional {@code SOURCES.tsv} (a header row with
 * {@code path} and {@code licence} columns, and optionally {@code source} and {@code author}) gives each clip's
 * origin and licence, which the head file lists. Files are read in sorted order, so a set gives
 * the same head wherever it lies.
 */
public record ExampleSet(Path root, List<String> types, List<ExampleClip> clips) {
  public static final String BACKGROUND = "background";
  static final String SOURCES = "SOURCES.tsv";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Set<String> AUDIO = Set.of("wav", "ogg", "oga");

  public ExampleSet {
    types = List.copyOf(types);
    clips = List.copyOf(clips);
  }

  /** Scans {@code root}; a folder name that is not a type name is an error naming it. */
  public static ExampleSet scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--examples=" + root + ": no such folder");
    }
    Map<String, String[]> sources = readSources(root.resolve(SOURCES));
    List<String> types = new ArrayList<>();
    List<ExampleClip> clips = new ArrayList<>();
    for (Path folder : sorted(root)) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      String name = folder.getFileName().toString();
      boolean background = name.startsWith(BACKGROUND);
      if (!background) {
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(folder + ": a type folder's name is lower-case letters, digits and '_'"
              + " (e.g. baby_cry), or starts with 'background'");
        }
        types.add(name);
      }
      String type = background ? null : name;
      for (Path entry : sorted(folder)) {
        if (Files.isDirectory(entry)) {
          for (Path clip : sorted(entry)) {
            if (isAudio(clip)) {
              clips.add(clip(root, clip, type, name + "/" + entry.getFileName(), sources));
            }
          }
        } else if (isAudio(entry)) {
          clips.add(clip(root, entry, type, name + "/" + entry.getFileName(), sources));
        }
      }
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(root + ": no type folders (want one folder of clips per type, e.g. "
          + root.resolve("door") + "/, and " + root.resolve(BACKGROUND) + "/ for other sounds)");
    }
    for (String type : types) {
      if (clips.stream().noneMatch(c -> type.equals(c.type()))) {
        throw new IllegalArgumentException(root.resolve(type) + ": no clips (.wav, .ogg, .oga)");
      }
    }
    return new ExampleSet(root, types, clips);
  }

  private static ExampleClip clip(Path root, Path file, String type, String source, Map<String, String[]> sources) {
    String relative = root.relativize(file).toString().replace('\\', '/');
    String[] row = sources.get(relative);
    return new ExampleClip(file, relative, type, source, row == null ? "unknown" : row[0],
        row == null ? "unknown" : row[1]);
  }

  private static boolean isAudio(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Files.isRegularFile(file) && dot > 0 && AUDIO.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static List<Path> sorted(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** path -> {origin, licence} from SOURCES.tsv, or nothing when there is none. */
  private static Map<String, String[]> readSources(Path file) {
    Map<String, String[]> rows = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return rows;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    List<String> header = null;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (header == null) {
        header = List.of(cells).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("path") || !(header.contains("licence") || header.contains("license"))) {
          throw new IllegalArgumentException(file + ": the header row needs 'path' and 'licence' columns, got "
              + String.join(", ", header));
        }
        continue;
      }
      String path = cell(cells, header.indexOf("path"));
      String licence = cell(cells, header.contains("licence") ? header.indexOf("licence") : header.indexOf("license"));
      String origin = cell(cells, header.indexOf("source"));
      String author = cell(cells, header.indexOf("author"));
      if (!author.isEmpty()) {
        origin = origin + " by " + author;
      }
      rows.put(path, new String[] {origin.isEmpty() ? "unknown" : origin, licence.isEmpty() ? "unknown" : licence});
    }
    return rows;
  }

  private static String cell(String[] cells, int index) {
    return index >= 0 && index < cells.length ? cells[index].trim() : "";
  }
}
