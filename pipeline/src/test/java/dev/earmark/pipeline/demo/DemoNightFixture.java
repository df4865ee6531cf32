package dev.earmark.pipeline.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo night, generated once per test JVM (it takes sox and oggenc tens of seconds) and shared
 * read-only by the tests that inspect it; deleted when the JVM exits.
 */
public final class DemoNightFixture {
  private static Path input;

  private DemoNightFixture() {}

  /** The folder holding the generated night ({@code listing.jsonl}, {@code truth.jsonl}, chunks). */
  public static synchronized Path input() {
    if (input == null) {
      try {
        Path root = Files.createTempDirectory("earmark-demo-night");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        DemoNight.generate(root.resolve("input"));
        input = root.resolve("input");
      } catch (IOException e) {
        throw new UncheckedIOException("generating the demo night", e);
      }
    }
    return input;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: the folder is under the system temp dir.
    }
  }
}
