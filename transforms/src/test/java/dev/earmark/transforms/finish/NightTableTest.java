package dev.earmark.transforms.finish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.WriteClips;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.Sleeper;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two runs finishing recordings of one night at once. The seam between a run's listing of the
 * night's manifests and its table write forces the interleaving that loses rows without the
 * re-check: run A lists, run B writes its manifest and its table, then A writes.
 */
public class NightTableTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static final String DAY = "2025-11-20";
  static final Recording EARLY = new Recording("alice", "/in/alice/0530.ogg", Instant.parse("2025-11-20T05:30:00Z"), null);
  static final Recording LATE = new Recording("alice", "/in/alice/2300.ogg", Instant.parse("2025-11-20T23:00:00Z"), null);
  static final AudioInfo INFO = new AudioInfo(44_100, 1, 44_100 * 1800L);

  private final List<Long> pauses = new ArrayList<>();
  private final Sleeper recordPauses = pauses::add;

  /** A finished recording's manifest, one event per label, one second apart. */
  static RecordingManifest finished(String root, Recording r, String... labels) {
    List<ClipRef> clips = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      Event e = new Event(r, INFO, labels[i], "/m/x", 16_000L * (i + 1), 16_000L * (i + 2), 0.9f, 0.5f);
      clips.add(new ClipRef(e, WriteClips.clipPath(root, e, ClipFormat.WAV), 1, 2));
    }
    return new RecordingManifest(r, "f".repeat(64), Map.of(), clips.stream().map(ClipRef::clipPath).toList(), null,
        clips.stream().map(JsonRows::event).toList());
  }

  /** Another run: writes its manifest, then the night's table through the pipeline's transform. */
  static void run(String root, RecordingManifest manifest) throws IOException {
    manifest.write(root);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(manifest).withCoder(SerializableCoder.of(RecordingManifest.class)))
        .apply(new WriteEventTable(root));
    p.run().waitUntilFinish();
  }

  private List<String> table(String root) throws IOException {
    return Files.readAllLines(Path.of(root, "events/alice", DAY + ".jsonl"));
  }

  private List<String> csv(String root) throws IOException {
    return Files.readAllLines(Path.of(root, "events/alice", DAY + ".csv"));
  }

  private static List<String> rows(RecordingManifest... manifests) {
    List<String> rows = new ArrayList<>();
    for (RecordingManifest m : manifests) {
      rows.addAll(m.eventRows());
    }
    return rows;
  }

  @Test
  public void aRunThatListedBeforeAnotherRunFinishedTheNightRebuildsItsTableWithBothRunsRows() throws Exception {
    String root = tmp.getRoot().getPath();
    RecordingManifest a = finished(root, EARLY, "Speech");
    RecordingManifest b = finished(root, LATE, "Cough", "Snoring");
    a.write(root);
    List<String> seen = new ArrayList<>();
    NightTable runA = new NightTable(root, "alice", DAY, () -> {
      if (seen.isEmpty()) {
        // Run A has listed the night (only its own manifest) and built its table; run B finishes.
        run(root, b);
        seen.addAll(table(root));
      }
    }, recordPauses);

    int writes = runA.write(List.of(a));

    assertEquals("B's table, written after B's manifest, has both runs' rows", rows(a, b), seen);
    assertEquals("A's table, written last, has both runs' rows too", rows(a, b), table(root));
    assertEquals(1 + 3, csv(root).size());
    assertEquals("A wrote its table from its own manifest, then again from both", 2, writes);
    assertEquals(1, pauses.size());
  }

  @Test
  public void aNightWhoseManifestsDidNotChangeIsWrittenOnce() throws Exception {
    String root = tmp.getRoot().getPath();
    RecordingManifest earlier = finished(root, LATE, "Cough");
    earlier.write(root); // finished by an earlier run
    RecordingManifest mine = finished(root, EARLY, "Speech", "Speech");
    mine.write(root);
    List<String> writes = new ArrayList<>();

    assertEquals(1, new NightTable(root, "alice", DAY, () -> writes.add("write"), recordPauses).write(List.of(mine)));
    assertEquals(List.of("write"), writes);
    assertEquals(List.of(), pauses);
    assertEquals(rows(mine, earlier), table(root));
    assertEquals(String.join(",", JsonRows.EVENT_COLUMNS), csv(root).get(0));
    assertEquals(NightTable.csvLine(earlier.eventRows().get(0)), csv(root).get(3));
  }

  @Test
  public void aManifestAnotherRunRewroteMeanwhileIsReadAgain() throws Exception {
    String root = tmp.getRoot().getPath();
    RecordingManifest mine = finished(root, EARLY, "Speech");
    // Another run finishes the same recording again, with more events (so a larger file).
    RecordingManifest theirs = finished(root, EARLY, "Cough", "Cough", "Cough");
    mine.write(root);
    List<String> seen = new ArrayList<>();
    NightTable table = new NightTable(root, "alice", DAY, () -> {
      if (seen.isEmpty()) {
        seen.add("theirs");
        run(root, theirs);
      }
    }, recordPauses);

    assertEquals(2, table.write(List.of(mine)));
    assertEquals("the folder's manifest, not this run's copy of it", rows(theirs), table(root));
  }

  @Test
  public void aNightWhoseManifestsKeepChangingFailsOnceTheRebuildsAreUsedUp() throws Exception {
    String root = tmp.getRoot().getPath();
    RecordingManifest mine = finished(root, EARLY, "Speech");
    mine.write(root);
    int[] more = {0};
    // Before every write, yet another recording of the night is finished.
    NightTable table = new NightTable(root, "alice", DAY, () -> {
      more[0]++;
      finished(root, new Recording("alice", "/in/alice/x.ogg", LATE.startTime().plusSeconds(more[0]), null), "Cough")
          .write(root);
    }, recordPauses);

    IOException e = assertThrows(IOException.class, () -> table.write(List.of(mine)));
    assertThat(e.getMessage(), containsString("events table of alice/2025-11-20"));
    assertEquals(13, more[0]);
    assertEquals(12, pauses.size());
    assertEquals("the last write held every manifest listed before it", 1 + 12, table(root).size());
  }
}
