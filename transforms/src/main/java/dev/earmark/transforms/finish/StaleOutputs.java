package dev.earmark.transforms.finish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Removes files a recording or night no longer produces: outputs of older settings, and the hidden
 * {@code .<name>.tmp-*} files an atomic write leaves when its process is killed between writing
 * and renaming. Callers only ask once every file of that recording or night is written, so no
 * temporary file of a live write is ever matched.
 */
public final class StaleOutputs {
  private StaleOutputs() {}

  /** Deletes the files in {@code folder} whose names match {@code glob}, except those named in {@code keep}. */
  static int deleteExcept(ResourceId folder, String glob, Set<String> keep) throws IOException {
    List<ResourceId> stale = new ArrayList<>();
    for (MatchResult.Metadata file : match(folder, glob)) {
      if (!keep.contains(file.resourceId().getFilename())) {
        stale.add(file.resourceId());
      }
    }
    if (!stale.isEmpty()) {
      FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return stale.size();
  }

  /** The files in {@code folder} whose names match {@code glob}; none when the folder does not exist. */
  static List<MatchResult.Metadata> match(ResourceId folder, String glob) throws IOException {
    String spec = folder.resolve(glob, StandardResolveOptions.RESOLVE_FILE).toString();
    MatchResult match = FileSystems.match(List.of(spec), EmptyMatchTreatment.ALLOW).get(0);
    return match.status() == MatchResult.Status.NOT_FOUND ? List.of() : match.metadata();
  }

  /** Deletes the temporary files of atomic writes to {@code names*} in {@code folder}. */
  static int deleteTemps(ResourceId folder, String namePrefix) throws IOException {
    return deleteExcept(folder, "." + namePrefix + "*.tmp-*", Set.of());
  }
}
