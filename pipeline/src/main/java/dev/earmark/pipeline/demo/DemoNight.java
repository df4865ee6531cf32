package dev.earmark.pipeline.demo;

import static dev.earmark.pipeline.demo.DemoSegment.beeps;
import static dev.earmark.pipeline.demo.DemoSegment.silence;
import static dev.earmark.pipeline.demo.DemoSegment.smokeAlarm;
import static dev.earmark.pipeline.demo.DemoSegment.speech;

import dev.earmark.pipeline.commands.ListingRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, realistic, deterministic night for two users, as the phone app would upload it:
 * {@code <input>/<user>/<yyyy-MM-dd>/<HHmm>.ogg}. "alice" records 44.1 kHz stereo and "bob" 16 kHz
 * mono, so both the resampling and the pass-through decode paths run. Each chunk has a quiet
 * noise floor, espeak-ng speech at known offsets (one straddling the 60 s window boundary),
 * alarm beeps and digital silence. Also writes {@code listing.jsonl} (the pipeline input) and
 * {@code truth.jsonl} (what was inserted where) into the input directory.
 */
public final class DemoNight {
  private static final Logger LOG = LoggerFactory.getLogger(DemoNight.class);

  public static final String LISTING_FILE = "listing.jsonl";
  public static final String TRUTH_FILE = "truth.jsonl";

  /** Six minutes of audio in five chunks: generation and YAMNet both take seconds, not minutes. */
  public static final List<DemoChunk> CHUNKS =
      List.of(
          new DemoChunk(
              "alice",
              Instant.parse("2025-11-20T23:30:00Z"),
              80,
              44_100,
              2,
              List.of(
                  speech(8, "Good night. I am going to sleep now, see you in the morning."),
                  silence(30, 8),
                  speech(57.5, "Did you remember to set the alarm for six thirty tomorrow?"))),
          new DemoChunk(
              "alice",
              Instant.parse("2025-11-21T00:00:00Z"),
              60,
              44_100,
              2,
              List.of(beeps(20, 6), speech(42, "Please turn that noise off, I am trying to sleep."))),
          new DemoChunk(
              "alice",
              Instant.parse("2025-11-21T06:30:00Z"),
              70,
              44_100,
              2,
              List.of(beeps(5, 9), speech(30, "Good morning. It is time to get up."))),
          new DemoChunk(
              "bob",
              Instant.parse("2025-11-21T01:00:00Z"),
              90,
              16_000,
              1,
              List.of(
                  speech(15, "I cannot sleep. The neighbours are far too loud tonight."),
                  smokeAlarm(50, 9),
                  silence(70, 10))),
          new DemoChunk(
              "bob",
              Instant.parse("2025-11-21T01:30:00Z"),
              60,
              16_000,
              1,
              List.of(silence(0, 12), speech(40, "Okay. Lights out. Good night everyone."))));

  private DemoNight() {}

  /**
   * Writes the demo recordings under {@code inputDir} (created if needed; existing files with the
   * same names are replaced) and returns {@code inputDir/listing.jsonl}.
   *
   * @throws IOException if sox, espeak-ng or oggenc is missing (the message says to run
   *     scripts/setup-tools) or fails
   */
  public static Path generate(Path inputDir) throws IOException {
    ExternalTools.require("sox", "espeak-ng", "oggenc");
    // The tools run in a temp directory: relative paths would land there.
    inputDir = inputDir.toAbsolutePath().normalize();
    Files.createDirectories(inputDir);
    Path work = Files.createTempDirectory("earmark-demo");
    List<ListingRow> listing = new ArrayList<>();
    List<DemoEvent> truth = new ArrayList<>();
    try {
      ChunkRenderer renderer = new ChunkRenderer(work);
      for (int i = 0; i < CHUNKS.size(); i++) {
        DemoChunk chunk = CHUNKS.get(i);
        Path target = inputDir.resolve(chunk.relativePath());
        // Fixed per-chunk seed: the same bytes on every run (also the Ogg stream serial).
        truth.addAll(renderer.render(chunk, 1000 + i, target));
        listing.add(new ListingRow(chunk.userId(), target.toAbsolutePath().toString(), chunk.start()));
        LOG.info("demo: wrote {} ({} s, {} Hz, {} ch)", target, chunk.seconds(), chunk.sampleRate(), chunk.channels());
      }
    } finally {
      deleteTree(work);
    }
    listing.sort(ListingRow.ORDER);
    truth.sort(
        Comparator.comparing(DemoEvent::userId)
            .thenComparing(DemoEvent::recordingStart)
            .thenComparingDouble(DemoEvent::startOffsetSeconds));
    Path listingFile = inputDir.resolve(LISTING_FILE);
    writeLines(listingFile, listing.stream().map(ListingRow::toJson).toList());
    writeLines(inputDir.resolve(TRUTH_FILE), truth.stream().map(DemoEvent::toJson).toList());
    LOG.info("demo: {} recordings listed in {}", listing.size(), listingFile);
    return listingFile;
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
