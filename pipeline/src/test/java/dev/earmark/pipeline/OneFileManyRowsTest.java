package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a recording is a listing row (user, file, start), not a file. One file named by many
 * rows, all bad but one good row of another user: the bad rows are dead letters, each about its
 * own row, and the good row's recording is classified and finished all the same (clips, Raven
 * table, manifest, its night's events table), with the real model on the DirectRunner.
 */
class OneFileManyRowsTest {
  static final String DAY = "2025-11-20";

  @TempDir static Path tmp;

  @Test
  void badRowsNamingAGoodRowsFileAreDeadLettersAndTheGoodRowIsFinished() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    // Clear speech: the default speech type finds it, so the good recording has clips to lose.
    Path wav = TestAudio.speech(work, "speech", "Good morning. Did you sleep well last night?", 1.0, 6.0, 16000);
    Path ogg = TestAudio.toOgg(wav, in.resolve("night/0100.ogg"), 4);
    String uri = ogg.toString();
    String relative = tmp.relativize(ogg).toString();

    List<String> lines = new ArrayList<>();
    Map<Integer, String> badRows = new TreeMap<>();
    bad(lines, badRows, row("bob", uri, "2025-02-30T01:00:00Z"), "BAD_TIMESTAMP bob " + uri);
    bad(lines, badRows, row("bob", uri, "last tuesday"), "BAD_TIMESTAMP bob " + uri);
    bad(lines, badRows, row("", uri, DAY + "T01:00:00Z"), "MISSING_FIELD  " + uri);
    bad(lines, badRows, "{\"uri\": \"" + uri + "\", \"start_time\": \"" + DAY + "T01:00:00Z\"}", "MISSING_FIELD null " + uri);
    bad(lines, badRows, row("../../etc", uri, DAY + "T01:00:00Z"), "UNSAFE_USER_ID ../../etc " + uri);
    bad(lines, badRows, row("bob", relative, DAY + "T01:00:00Z"), "RELATIVE_URI bob " + relative);
    lines.add(row("carol", uri, DAY + "T01:00:00Z"));
    Path listing = Files.write(tmp.resolve("listing.jsonl"), lines);
    Path out = tmp.resolve("out");

    int exit = Main.run(new String[] {"run", "--listing=" + listing, "--output=" + out,
        "--model=" + RealModel.tflite(), "--runId=shared-file", "--windowPatches=4"});

    // The bad rows, and nothing else, are dead letters: one each, about its own row.
    assertEquals(RunOutcome.SOME_INPUTS_FAILED, exit);
    Map<Integer, String> dead = new TreeMap<>();
    for (JsonNode d : EndToEndTest.runRecords(out, "errors", "shared-file", "dead-letters")) {
      assertEquals(listing.toString(), d.get("listing_file").asText(), d.toString());
      assertEquals("ReadListings", d.get("stage").asText(), d.toString());
      dead.put(d.get("line").asInt(), d.get("error").asText() + " " + d.get("user_id").asText(null) + " "
          + d.get("uri").asText(null));
    }
    assertEquals(badRows, dead);

    // The good row's recording is finished: manifest, clips, Raven table, its night's table.
    Path manifest = out.resolve("manifests/carol/" + DAY + "/010000.json");
    assertTrue(Files.isRegularFile(manifest), "carol's recording has its manifest");
    JsonNode m = EndToEndTest.JSON.readTree(manifest.toFile());
    assertEquals(uri, m.get("uri").asText());
    assertTrue(m.get("outputs").get("clips").size() > 0, "the speech made clips: " + m);
    for (JsonNode clip : m.get("outputs").get("clips")) {
      assertTrue(Files.isRegularFile(Path.of(clip.asText())), "clip kept: " + clip);
    }
    assertTrue(Files.isRegularFile(Path.of(m.get("outputs").get("raven_table").asText())));
    List<JsonNode> events = EndToEndTest.jsonLines(out.resolve("events/carol/" + DAY + ".jsonl"));
    assertEquals(m.get("events").size(), events.size());
    for (JsonNode e : events) {
      assertEquals("carol", e.get("user_id").asText());
      assertEquals(uri, e.get("recording_uri").asText());
      assertTrue(Files.isRegularFile(Path.of(e.get("clip_path").asText())), "clip of " + e);
    }
    assertTrue(Files.isRegularFile(out.resolve("events/carol/" + DAY + ".csv")));
    // The bad rows made nothing: no user folder but carol's anywhere.
    for (String dir : new String[] {"clips", "events", "manifests"}) {
      try (var users = Files.list(out.resolve(dir))) {
        assertEquals(List.of("carol"), users.map(u -> u.getFileName().toString())
            .filter(u -> !u.equals("raven")).sorted().toList(), dir);
      }
    }
    assertFalse(Files.exists(out.resolve("events/raven/bob")));
  }

  static String row(String user, String uri, String start) throws Exception {
    return BadInputsTest.row(user, uri, start);
  }

  static void bad(List<String> lines, Map<Integer, String> badRows, String line, String expected) {
    lines.add(line);
    badRows.put(lines.size(), expected);
  }
}
