package dev.earmark.pipeline.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo night, generated once for the module ({@link DemoNightFixture}). */
public class DemoNightTest {
  @TempDir Path tmp;

  @Test
  void generatesTheNightInTheUploadLayoutWithListingAndTruth() throws Exception {
    Path input = DemoNightFixture.input();
    Path listing = input.resolve(DemoNight.LISTING_FILE);

    assertEquals(input.resolve("listing.jsonl"), listing);
    List<String> rows = Files.readAllLines(listing);
    assertEquals(DemoNight.CHUNKS.size(), rows.size());
    Path alice = input.resolve("alice/2025-11-20/2330.ogg");
    assertEquals(
        "{\"user_id\":\"alice\",\"uri\":\"" + alice.toAbsolutePath()
            + "\",\"start_time\":\"2025-11-20T23:30:00Z\"}",
        rows.get(0));
    assertTrue(rows.get(3).contains("\"bob\""), rows.toString());
    assertTrue(rows.get(4).contains("2025-11-21T01:30:00Z"), rows.toString());

    for (DemoChunk chunk : DemoNight.CHUNKS) {
      Path ogg = input.resolve(chunk.relativePath());
      assertTrue(Files.isRegularFile(ogg), ogg + " missing");
      AudioInfo info = AudioFiles.probe(ogg.toString());
      assertEquals(chunk.sampleRate(), info.sampleRate(), ogg.toString());
      assertEquals(chunk.channels(), info.channels(), ogg.toString());
      assertEquals(chunk.frames(), info.totalFrames(), ogg.toString());
    }

    List<String> truth = Files.readAllLines(input.resolve("truth.jsonl"));
    assertEquals(
        DemoNight.CHUNKS.stream().mapToInt(c -> c.segments().size()).sum(), truth.size());
    // The speech at 57.5 s straddles the pipeline's 60 s window boundary: it must end past 60 s.
    String straddling =
        truth.stream().filter(t -> t.contains("\"start_offset_s\":57.500")).findFirst().orElseThrow();
    double end =
        Double.parseDouble(straddling.replaceAll(".*\"end_offset_s\":([0-9.]+).*", "$1"));
    assertTrue(end > 60.5 && end < 66, straddling);
    assertTrue(Files.list(input).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));

    // `earmark list` over the generated tree rebuilds the same listing.
    Path relisted = tmp.resolve("relisted.jsonl");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.earmark.pipeline.commands.CommandLine.execute(new dev.earmark.pipeline.commands.ListCommand(),
            new String[] {"--root=" + input, "--output=" + relisted},
            new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
            new java.io.PrintStream(err, true));
    assertEquals(0, code, err.toString());
    assertEquals(rows, Files.readAllLines(relisted));
    assertTrue(err.toString().contains("2 files do not fit the layout"), err.toString());
  }

  /** Every chunk of the night in {@code a} has the same bytes as in {@code b}. */
  public static void assertSameNight(Path a, Path b) throws Exception {
    for (DemoChunk chunk : DemoNight.CHUNKS) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(chunk.relativePath())),
          Files.readAllBytes(b.resolve(chunk.relativePath())),
          chunk.relativePath());
    }
  }
}
