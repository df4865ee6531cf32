package dev.earmark.pipeline;

import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The folders that belong to one run id: {@code metrics/<run_id>/}, {@code errors/<run_id>/},
 * {@code reports/<run_id>/} and {@code runs/<run_id>/} (run.json and the sinks' temporary files).
 * A run empties them before it starts, so a reused run id never mixes shards of two runs, and a
 * killed run's temporary folders go with them.
 */
final class RunFolders {
  static final List<String> PER_RUN = List.of("metrics", "errors", "reports", "runs");

  private RunFolders() {}

  /** {@code <root>/<dir>/<runId>/} as a directory resource. */
  static ResourceId folder(String root, String dir, String runId) {
    return OutputFiles.resolve(root, dir, runId, "x").getCurrentDirectory();
  }

  static void clear(String root, String runId) {
    for (String dir : PER_RUN) {
      try {
        delete(folder(root, dir, runId));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot empty " + folder(root, dir, runId) + ": " + why(e), e);
      }
    }
  }

  /**
   * The fault's message, and its innermost cause's first line when the message leaves it out
   * (Beam's "Unable to match files in bucket B, prefix P." hides the store's "503 Service Unavailable").
   */
  static String why(IOException e) {
    String message = String.valueOf(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String cause = root == e || root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
    return cause.isEmpty() || message.contains(cause) ? message : message + " (" + cause + ")";
  }

  /** Deletes a folder and everything in it; local folders themselves too, remote stores have none. */
  private static void delete(ResourceId folder) throws IOException {
    if (!Locations.hasScheme(folder.toString())) {
      Path dir = Path.of(folder.toString());
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          try {
            Files.delete(p);
          } catch (NoSuchFileException e) {
            // Gone already: that is what we want.
          }
        }
      }
      return;
    }
    MatchResult match = FileSystems.match(List.of(folder + "**"), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() == MatchResult.Status.NOT_FOUND) {
      return;
    }
    List<ResourceId> files = new ArrayList<>();
    match.metadata().forEach(m -> files.add(m.resourceId()));
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
