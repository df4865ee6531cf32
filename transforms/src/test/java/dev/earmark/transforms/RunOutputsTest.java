package dev.earmark.transforms;

import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.WriteJsonLines;
import dev.earmark.transforms.windows.SplitIntoWindows;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Several runs into one output root, as daily runs and backfills do: each night's event tables
 * are rewritten only by a run that has recordings of that night, and each run's metrics and dead
 * letters go to their own {@code <run_id>} folder.
 */
public class RunOutputsTest implements Serializable {
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final Recording NIGHT_20 = WriteEventTableTest.ALICE;
  static final Recording NIGHT_21 =
      new Recording("alice", "/in/alice/2025-11-21/0100.ogg", Instant.parse("2025-11-21T01:00:00Z"), null);
  static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  /** One run: these recordings and events, one metrics record per recording, one dead letter. */
  private static void run(String root, String runId, List<Recording> recordings, List<ClipRef> clips) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    WriteEventTableTest.finish(p, root, recordings, clips);
    List<MemoryMetrics> metrics = new ArrayList<>();
    for (Recording r : recordings) {
      metrics.add(new MemoryMetrics(runId, "host:1", "t", r.userId(), r.uri(), 0, 0, 0, 10, 0, 7680,
          1, 2, 3, 4, 5, 6, 7, 8, -1, -1, 9, 10, 1, 1_796_000_000_000L));
    }
    p.apply("Metrics", Create.of(metrics)).apply("WriteMetrics", WriteJsonLines.memoryMetrics(root, runId));
    p.apply("DeadLetters", Create.of(DeadLetter.forFile(
            new Recording("alice", "/in/bad.ogg", Instant.parse("2025-11-20T05:30:00Z"), null),
            "SplitIntoWindows", DeadLetter.Reason.NOT_OGG, "x")))
        .apply("WriteDeadLetters", WriteJsonLines.deadLetters(root, runId));
    p.run().waitUntilFinish();
  }

  /** All lines of the {@code <name>-SSSSS-of-NNNNN.jsonl} shards in {@code dir}. */
  static List<String> shardLines(Path dir, String name) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        assertTrue("only shards in " + dir + ": " + file, file.matches(name + "-\\d{5}-of-\\d{5}\\.jsonl"));
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @Test
  public void rerunOfOneNightRewritesItIdenticallyAndLeavesTheOtherNightAlone() throws Exception {
    String root = tmp.getRoot().getPath();
    String r = root;
    List<ClipRef> clips20 = List.of(
        WriteEventTableTest.clip(r, NIGHT_20, "Speech", "/m/09x0r", 8_000, 40_000),
        WriteEventTableTest.clip(r, NIGHT_20, "Cough", "/m/01b_21", 80_000, 96_000));
    List<ClipRef> clips21 = List.of(WriteEventTableTest.clip(r, NIGHT_21, "Snoring", "/m/01d3sd", 16_000, 64_000));
    List<ClipRef> both = new ArrayList<>(clips20);
    both.addAll(clips21);
    Path json20 = Path.of(root, "events/alice/2025-11-20.jsonl");
    Path csv20 = Path.of(root, "events/alice/2025-11-20.csv");
    Path json21 = Path.of(root, "events/alice/2025-11-21.jsonl");
    Path csv21 = Path.of(root, "events/alice/2025-11-21.csv");

    run(root, "backfill-1", List.of(NIGHT_20, NIGHT_21), both);
    assertEquals(2, Files.readAllLines(json20).size());
    assertEquals(1, Files.readAllLines(json21).size());
    byte[] json20Bytes = Files.readAllBytes(json20);
    byte[] csv20Bytes = Files.readAllBytes(csv20);
    byte[] json21Bytes = Files.readAllBytes(json21);
    for (Path f : List.of(json20, csv20, json21, csv21)) {
      Files.setLastModifiedTime(f, LONG_AGO);
    }

    // Daily rerun of the 20th only (events in the other order: the table is sorted anyway).
    run(root, "daily-20", List.of(NIGHT_20), List.of(clips20.get(1), clips20.get(0)));
    assertArrayEquals(json20Bytes, Files.readAllBytes(json20));
    assertArrayEquals(csv20Bytes, Files.readAllBytes(csv20));
    assertNotEquals("the rerun night was rewritten", LONG_AGO, Files.getLastModifiedTime(json20));
    assertArrayEquals(json21Bytes, Files.readAllBytes(json21));
    assertEquals("the other night was not touched", LONG_AGO, Files.getLastModifiedTime(json21));
    assertEquals(LONG_AGO, Files.getLastModifiedTime(csv21));

    // A rerun of the 20th that finds nothing empties that night's table (header only).
    run(root, "daily-20-again", List.of(NIGHT_20), List.of());
    assertEquals(List.of(), Files.readAllLines(json20));
    assertEquals(List.of(String.join(",", JsonRows.EVENT_COLUMNS)), Files.readAllLines(csv20));
    assertArrayEquals(json21Bytes, Files.readAllBytes(json21));

    try (Stream<Path> runs = Files.list(Path.of(root, "metrics"))) {
      assertEquals(List.of("backfill-1", "daily-20", "daily-20-again"),
          runs.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(2, shardLines(Path.of(root, "metrics", "backfill-1"), "memory").size());
    List<String> daily = shardLines(Path.of(root, "metrics", "daily-20"), "memory");
    assertEquals(1, daily.size());
    assertTrue(daily.get(0), daily.get(0).startsWith("{\"run_id\":\"daily-20\""));
    assertEquals(1, shardLines(Path.of(root, "errors", "backfill-1"), "dead-letters").size());
    assertEquals(1, shardLines(Path.of(root, "errors", "daily-20"), "dead-letters").size());
  }

  @Test
  public void aNightsTableKeepsItsRecordingsFinishedByEarlierRuns() throws Exception {
    String root = tmp.getRoot().getPath();
    Recording later = new Recording("alice", "/in/alice/2025-11-20/2300.ogg", Instant.parse("2025-11-20T23:00:00Z"), null);
    run(root, "morning", List.of(NIGHT_20),
        List.of(WriteEventTableTest.clip(root, NIGHT_20, "Speech", "/m/09x0r", 8_000, 40_000)));
    // The evening's run lists only the evening chunk; the morning's events stay in the table.
    run(root, "evening", List.of(later),
        List.of(WriteEventTableTest.clip(root, later, "Cough", "/m/01b_21", 16_000, 32_000)));
    List<String> rows = Files.readAllLines(Path.of(root, "events/alice/2025-11-20.jsonl"));
    assertEquals(2, rows.size());
    assertTrue(rows.get(0), rows.get(0).contains("\"label\":\"Speech\""));
    assertTrue(rows.get(1), rows.get(1).contains("\"label\":\"Cough\""));
    assertEquals(3, Files.readAllLines(Path.of(root, "events/alice/2025-11-20.csv")).size());
  }

  @Test
  public void runIdMustBeOnePathComponent() {
    for (String bad : new String[] {"../x", "a/b", "", ".hidden", "-x"}) {
      assertThrows(bad, IllegalArgumentException.class, () -> WriteJsonLines.memoryMetrics("/out", bad));
    }
    assertEquals("/out/metrics/run-1.a_b/memory", WriteJsonLines.memoryMetrics("/out", "run-1.a_b").prefix());
  }
}
