package dev.earmark.pipeline;

import dev.earmark.transforms.output.Locations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What {@code run} checks before it starts the job, each failure one line naming the option and
 * the problem: a listing glob that matches nothing, a local output root that cannot be written.
 * (Every command's gs:// locations were checked when its options were parsed: {@link GcsAccess}.)
 * (Building the job already resolved the model, and reported a missing one first.)
 */
final class Preflight {
  private Preflight() {}

  static void check(EarmarkOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    listingMatches(options.getListing());
    outputWritable(options.getOutput());
  }

  static void listingMatches(String glob) {
    List<MatchResult> results;
    try {
      results = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW);
    } catch (IOException e) {
      throw new IllegalArgumentException("--listing=" + glob + " cannot be listed: " + e.getMessage(), e);
    }
    try {
      if (results.get(0).metadata().isEmpty()) {
        throw new IllegalArgumentException("--listing=" + glob + " matches no files");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--listing=" + glob + " cannot be listed: " + e.getMessage(), e);
    }
  }

  /** Local roots only: remote stores report their own errors (and need credentials to ask). */
  static void outputWritable(String output) {
    if (Locations.hasScheme(output) && !output.startsWith("file://")) {
      return;
    }
    Path root = Path.of(output.startsWith("file://") ? output.substring("file://".length()) : output);
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".earmark-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("--output=" + output + " cannot be written: " + e, e);
    }
  }

  /** The DirectRunner and an embedded Flink run the work in this JVM, so its progress is visible here. */
  static boolean runsInThisJvm(EarmarkOptions options) {
    return DirectRunner.class.equals(options.getRunner()) || EmbeddedFlink.runs(options);
  }
}
