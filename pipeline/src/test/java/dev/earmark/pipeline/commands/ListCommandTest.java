package dev.earmark.pipeline.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
  @TempDir Path tmp;
  private Path root;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @BeforeEach
  void tree() throws Exception {
    root = tmp.resolve("uploads");
    for (String p :
        List.of(
            "bob/2025-11-21/0100.ogg",
            "alice/2025-11-21/000000.ogg",
            "alice/2025-11-20/2330.ogg",
            "alice/2025-11-21/063015.ogg",
            "carol/2025-11-19/2200.ogg",
            // Not fitting the layout: must be reported, not dropped silently.
            "alice/2025-11-20/notes.txt",
            "alice/2025-11-20/2330.wav",
            "bob/2025-13-01/0100.ogg",
            "bob/2025-11-21/2561.ogg",
            "stray.ogg")) {
      Path f = root.resolve(p);
      Files.createDirectories(f.getParent());
      Files.write(f, new byte[] {1});
    }
    Files.createDirectories(root.resolve("dave/2025-11-21"));
  }

  private int list(String... args) {
    return CommandLine.execute(
        new ListCommand(),
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private String row(String user, String rel, String start) {
    return "{\"user_id\":\"" + user + "\",\"uri\":\"" + root.resolve(rel)
        + "\",\"start_time\":\"" + start + "\"}";
  }

  @Test
  void listsEveryRecordingSortedAndReportsTheRest() throws Exception {
    Path out = tmp.resolve("out/listing.jsonl");
    assertEquals(0, list("--root=" + root, "--output=" + out), err());
    assertEquals(
        List.of(
            row("alice", "alice/2025-11-20/2330.ogg", "2025-11-20T23:30:00Z"),
            row("alice", "alice/2025-11-21/000000.ogg", "2025-11-21T00:00:00Z"),
            row("alice", "alice/2025-11-21/063015.ogg", "2025-11-21T06:30:15Z"),
            row("bob", "bob/2025-11-21/0100.ogg", "2025-11-21T01:00:00Z"),
            row("carol", "carol/2025-11-19/2200.ogg", "2025-11-19T22:00:00Z")),
        Files.readAllLines(out));
    String err = err();
    assertTrue(err.contains("5 recordings of 3 users"), err);
    assertTrue(err.contains("5 files do not fit the layout"), err);
    for (String bad : List.of("notes.txt", "2330.wav", "2025-13-01/0100.ogg", "2561.ogg", "stray.ogg")) {
      assertTrue(err.contains(bad), bad + " not reported: " + err);
    }
    assertTrue(err.contains("bad date or time 2025-13-01"), err);
  }

  @Test
  void filtersByUsersAndInclusiveDates() throws Exception {
    Path out = tmp.resolve("l.jsonl");
    assertEquals(
        0,
        list("--root=" + root, "--output=" + out, "--users=alice,carol",
            "--from=2025-11-20", "--to=2025-11-20"),
        err());
    assertEquals(
        List.of(row("alice", "alice/2025-11-20/2330.ogg", "2025-11-20T23:30:00Z")),
        Files.readAllLines(out));
    assertTrue(err().contains("(4 filtered out"), err());
  }

  @Test
  void customLayoutAndOutputInsideRootIsNotReported() throws Exception {
    Path other = tmp.resolve("flat");
    Files.createDirectories(other);
    Files.write(other.resolve("rec_2025-11-20_0530_u1.ogg"), new byte[] {1});
    Files.write(other.resolve("listing.jsonl"), new byte[] {1});
    Path out = other.resolve("listing.jsonl");
    assertEquals(0, list("--root=" + other + "/", "--output=" + out,
        "--layout=rec_{date}_{time}_{user}.ogg"), err());
    assertEquals(
        List.of("{\"user_id\":\"u1\",\"uri\":\"" + other.resolve("rec_2025-11-20_0530_u1.ogg")
            + "\",\"start_time\":\"2025-11-20T05:30:00Z\"}"),
        Files.readAllLines(out));
    assertFalse(err().contains("do not fit"), err());
  }

  @Test
  void emptyResultIsAnErrorAndUsageErrorsExitTwo() throws Exception {
    assertEquals(1, list("--root=" + root, "--output=" + tmp.resolve("x"), "--users=nobody"));
    assertTrue(err().contains("no recordings under"), err());
    assertFalse(Files.exists(tmp.resolve("x")));
    assertEquals(1, list("--root=" + tmp.resolve("missing"), "--output=" + tmp.resolve("x")));
    assertTrue(err().contains("is not a directory"), err());
    assertEquals(2, list("--output=x"));
    assertTrue(err().contains("--root is required"), err());
    assertEquals(2, list("--root=r", "--output=x", "--from=20251120"));
    assertTrue(err().contains("--from must be a UTC date"), err());
    assertEquals(2, list("--root=r", "--output=x", "--layout={user}/{time}.ogg"));
    assertTrue(err().contains("must contain {user}, {date} and {time}"), err());
    assertEquals(0, list("--help"));
  }

  @Test
  void layoutRejectsUnsafeUserIds() throws Exception {
    RecordingLayout layout = RecordingLayout.parse(RecordingLayout.DEFAULT);
    assertEquals("alice", layout.match("alice/2025-11-20/0530.ogg").userId());
    assertThrows(IllegalArgumentException.class, () -> layout.match("../2025-11-20/0530.ogg"));
    assertThrows(IllegalArgumentException.class, () -> layout.match("a/b/2025-11-20/0530.ogg"));
  }
}
