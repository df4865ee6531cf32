package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
  @TempDir Path dir;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void aListingGlobThatMatchesNothingIsOneLineNamingIt() {
    String glob = dir.resolve("listings/*.jsonl").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preflight.listingMatches(glob));
    assertThat(e.getMessage(), containsString("--listing=" + glob + " matches no files"));
  }

  @Test
  void aListingThatExistsPasses() throws Exception {
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Preflight.listingMatches(dir.resolve("*.jsonl").toString());
  }

  @Test
  void anOutputRootThatCannotBeWrittenIsOneLineNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    String output = file.resolve("out").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preflight.outputWritable(output));
    assertThat(e.getMessage(), containsString("--output=" + output + " cannot be written"));
  }

  @Test
  void aWritableOutputRootIsCreatedAndLeftClean() throws Exception {
    Path out = dir.resolve("new/out");
    Preflight.outputWritable(out.toString());
    assertTrue(Files.isDirectory(out));
    try (var files = Files.list(out)) {
      assertTrue(files.findAny().isEmpty(), "the write check leaves nothing behind");
    }
  }
}
