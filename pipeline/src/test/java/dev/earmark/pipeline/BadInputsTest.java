package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.transforms.audio.testing.BadAudio;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earmark run} through {@link Main} on real files and the real model: every kind of bad
 * input of issue 9 (broken audio files, bad listing rows, hostile user ids) becomes exactly one
 * dead letter with user_id, uri, reason and message while the good recordings are classified; the
 * exit code is 3 then, and 1 for a run that fails (0 for a clean run: DemoCommandTest); nothing is
 * written outside the output root.
 */
class BadInputsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DAY = "2025-11-20";

  @TempDir static Path tmp;
  static Path in;
  static String model;
  /** Readable recordings of alice: every one is classified. */
  static final Map<String, Path> readable = new LinkedHashMap<>();
  /** Unreadable recordings of mallory, with the reason and stage of their one dead letter. */
  static final Map<Path, String> unreadable = new LinkedHashMap<>();
  /** The listing line of each recording's row. */
  static final Map<Path, Integer> lineOf = new LinkedHashMap<>();
  static Path partlyDecodable;
  static Path listing;
  /** Listing line -> expected reason, user_id and uri of its dead letter. */
  static final Map<Integer, String> badRows = new TreeMap<>();

  @BeforeAll
  static void makeInputs() throws IOException {
    model = RealModel.tflite().toString();
    in = Files.createDirectories(tmp.resolve("in"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    // 8 s at 44.1 kHz stereo: ~25 Ogg pages, 4 windows of 4 patches, so a middle page sits in one window only.
    Path good = TestAudio.toOgg(TestAudio.noiseAndTones(work, "good", 44100, 2, 8.0), in.resolve("alice/0100.ogg"), 3);
    readable.put("good", good);
    readable.put("wav named .ogg", Files.copy(TestAudio.tone(work, "wav", 22050, 1, 3.0, 440, 0.4),
        in.resolve("alice/0130.ogg")));
    readable.put("6 ch at 96 kHz", TestAudio.toOgg(TestAudio.noiseAndTones(work, "six", 96000, 6, 3.0),
        in.resolve("alice/0200.ogg"), 2));
    readable.put("0.3 s", TestAudio.toOgg(TestAudio.tone(work, "short", 16000, 1, 0.3, 440, 0.4),
        in.resolve("alice/0230.ogg"), 3));

    Path m = in.resolve("mallory");
    unreadable.put(BadAudio.truncatedMidPage(good, m.resolve("0100.ogg")), "TRUNCATED SplitIntoWindows");
    partlyDecodable = BadAudio.randomBytesOverMiddle(good, m.resolve("0130.ogg"));
    unreadable.put(partlyDecodable, "CORRUPT_PAGE ClassifyWindows");
    unreadable.put(BadAudio.brokenCapturePattern(good, m.resolve("0200.ogg"), 0), "NOT_OGG SplitIntoWindows");
    unreadable.put(BadAudio.brokenCapturePattern(good, m.resolve("0230.ogg"), BadAudio.middlePageIndex(good)),
        "CORRUPT_PAGE ClassifyWindows");
    unreadable.put(Files.write(m.resolve("0300.ogg"), new byte[0]), "EMPTY_FILE SplitIntoWindows");
    unreadable.put(BadAudio.headerPagesOnly(good, m.resolve("0330.ogg")), "TRUNCATED SplitIntoWindows");
    unreadable.put(TestAudio.toOgg(TestAudio.silence(work, "zero", 16000, 1, 0), m.resolve("0400.ogg"), 3),
        "EMPTY_FILE SplitIntoWindows");
    unreadable.put(Files.writeString(m.resolve("0430.ogg"), "not audio at all\n"), "NOT_OGG SplitIntoWindows");
    unreadable.put(BadAudio.opus(m.resolve("0500.ogg")), "NOT_VORBIS SplitIntoWindows");
    unreadable.put(m.resolve("0530.ogg"), "MISSING_FILE SplitIntoWindows");

    List<String> lines = new ArrayList<>();
    int minute = 60;
    for (Path p : readable.values()) {
      lines.add(row("alice", p.toString(), DAY + "T" + time(minute += 30) + "Z"));
      lineOf.put(p, lines.size());
    }
    for (Path p : unreadable.keySet()) {
      lines.add(row("mallory", p.toString(), DAY + "T" + time(minute += 30) + "Z"));
      lineOf.put(p, lines.size());
    }
    String goodUri = good.toString();
    addBad(lines, "{\"user_id\": \"bob\", \"start_time\": \"2025-11-20T01:00:00Z\"}", "MISSING_FIELD bob null");
    addBad(lines, row("bob", goodUri, "2025-02-30T01:00:00Z"), "BAD_TIMESTAMP bob " + goodUri);
    addBad(lines, row("bob", goodUri, "last night"), "BAD_TIMESTAMP bob " + goodUri);
    addBad(lines, row("../../etc", goodUri, "2025-11-20T01:00:00Z"), "UNSAFE_USER_ID ../../etc " + goodUri);
    addBad(lines, row("..", goodUri, "2025-11-20T01:00:00Z"), "UNSAFE_USER_ID .. " + goodUri);
    addBad(lines, row("a/b", goodUri, "2025-11-20T01:00:00Z"), "UNSAFE_USER_ID a/b " + goodUri);
    addBad(lines, row("bob", "alice/0100.ogg", "2025-11-20T01:00:00Z"), "RELATIVE_URI bob alice/0100.ogg");
    addBad(lines, "{\"user_id\": [\"bob\"], \"uri\": \"" + goodUri + "\", \"start_time\": 20251120}",
        "WRONG_TYPE null " + goodUri);
    addBad(lines, "{\"user_id\": \"bob\", \"uri\": \"" + goodUri.substring(0, 10), "MALFORMED_ROW null null");
    addBad(lines, "user_id=bob uri=" + goodUri, "MALFORMED_ROW null null");
    listing = Files.write(tmp.resolve("listing.jsonl"), lines);
  }

  static String time(int minuteOfDay) {
    return String.format("%02d:%02d:00", minuteOfDay / 60, minuteOfDay % 60);
  }

  static String row(String user, String uri, String start) throws IOException {
    return JSON.writeValueAsString(Map.of("user_id", user, "uri", uri, "start_time", start));
  }

  static void addBad(List<String> lines, String line, String expected) {
    lines.add(line);
    badRows.put(lines.size(), expected);
  }

  static int run(Path output, Path listingFile, String runId) {
    return Main.run(new String[] {"run", "--listing=" + listingFile, "--output=" + output, "--model=" + model,
        "--runId=" + runId, "--windowPatches=4"});
  }

  @Test
  void everyBadInputIsOneDeadLetterTheRunGoesOnAndExitsThree() throws Exception {
    Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
    Path out = sandbox.resolve("out");
    Map<Path, String> before = tree(tmp, out);

    assertEquals(RunOutcome.SOME_INPUTS_FAILED, run(out, listing, "bad-inputs"));

    List<JsonNode> dead = EndToEndTest.runRecords(out, "errors", "bad-inputs", "dead-letters");
    Map<String, String> byInput = new TreeMap<>();
    for (JsonNode d : dead) {
      for (String field : new String[] {"user_id", "uri", "stage", "error", "message"}) {
        assertTrue(d.has(field), field + " in " + d);
      }
      boolean badRow = d.get("stage").asText().equals("ReadListings");
      String input = badRow ? d.get("listing_file").asText() + ":" + d.get("line").asInt() : d.get("uri").asText();
      assertEquals(null, byInput.put(input, d.toString()), "one dead letter for " + input);
      String message = d.get("message").asText();
      assertFalse(message.isBlank() || message.contains("\n"), "one line: " + message);
      if (!badRow) {
        Path file = Path.of(d.get("uri").asText());
        assertEquals("mallory", d.get("user_id").asText(), d.toString());
        assertEquals(unreadable.get(file), d.get("error").asText() + " " + d.get("stage").asText(), d.toString());
        assertTrue(message.contains(file.toString()), message);
        // The row that listed the file, to fix or remove.
        assertEquals(listing.toString(), d.get("listing_file").asText(), d.toString());
        assertEquals((int) lineOf.get(file), d.get("line").asInt(), d.toString());
      } else {
        int line = d.get("line").asInt();
        assertEquals(listing.toString(), d.get("listing_file").asText());
        assertEquals(badRows.get(line), d.get("error").asText() + " " + d.get("user_id").asText(null) + " "
            + d.get("uri").asText(null), d.toString());
        assertTrue(message.startsWith(listing + ":" + line + ": "), message);
      }
    }
    assertEquals(unreadable.size() + badRows.size(), dead.size(), "dead letters: " + byInput.keySet());
    assertTrue(byInput.get(m("0500.ogg")).contains("unsupported codec: opus"), byInput.get(m("0500.ogg")));

    // The readable recordings were all classified: alice's night has its table; the 0.3 s file is one window.
    List<JsonNode> metrics = EndToEndTest.runRecords(out, "metrics", "bad-inputs", "memory");
    for (Path p : readable.values()) {
      assertTrue(metrics.stream().anyMatch(r -> r.get("recording_uri").asText().equals(p.toString())), "classified " + p);
    }
    assertEquals(1, metrics.stream().filter(r -> r.get("recording_uri").asText().equals(readable.get("0.3 s").toString()))
        .count());
    // ... and finished, the good file too, though bad rows name it (issue 20): one manifest each.
    try (Stream<Path> manifests = Files.list(out.resolve("manifests/alice/" + DAY))) {
      assertEquals(readable.size(), manifests.count());
    }
    assertTrue(Files.isRegularFile(out.resolve("events/alice/" + DAY + ".jsonl")));
    assertTrue(Files.isRegularFile(out.resolve("events/alice/" + DAY + ".csv")));
    // mallory has no readable recording: no empty table, no clips, no Raven tables.
    assertFalse(Files.exists(out.resolve("events/mallory")), "no table for a user with no readable recording");
    assertFalse(Files.exists(out.resolve("clips/mallory")));
    assertFalse(Files.exists(out.resolve("events/raven/mallory")));
    // The file with a corrupt middle page decoded in part (some of its windows were classified),
    // and still counts as failed: its one dead letter, and no events.
    assertTrue(metrics.stream().anyMatch(r -> r.get("recording_uri").asText().equals(partlyDecodable.toString())),
        "windows before the corrupt page were decoded");
    assertFalse(Files.readString(out.resolve("events/alice/" + DAY + ".jsonl")).contains(partlyDecodable.toString()));

    // Nothing outside the output root: the rest of the temp tree is as it was, the sandbox holds only out/.
    assertEquals(before, tree(tmp, out));
    try (Stream<Path> top = Files.list(sandbox)) {
      assertEquals(List.of(out), top.toList());
    }
    try (Stream<Path> top = Files.list(out)) {
      assertEquals(List.of("clips", "errors", "events", "manifests", "metrics", "reports", "runs"),
          top.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  private static String m(String name) {
    return in.resolve("mallory").resolve(name).toString();
  }

  @Test
  void aRunThatCannotWriteItsOutputsExitsOne() throws Exception {
    Path clean = Files.write(tmp.resolve("fails.jsonl"), List.of(
        row("alice", readable.get("0.3 s").toString(), DAY + "T02:30:00Z")));
    Path out = Files.createDirectories(tmp.resolve("fail-out"));
    // A file where the events folder goes: the events table cannot be written, an environment fault.
    Files.writeString(out.resolve("events"), "in the way\n");
    assertEquals(RunOutcome.FAILED, run(out, clean, "fails"));
  }

  /** Every file and folder under {@code root} except {@code skip}, with size and modification time. */
  static Map<Path, String> tree(Path root, Path skip) throws IOException {
    Map<Path, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(f -> !f.startsWith(skip)).toList()) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        all.put(root.relativize(f), a.isDirectory() ? "dir" : a.size() + " " + a.lastModifiedTime());
      }
    }
    return all;
  }
}
